"""The page of a notice."""

from __future__ import annotations

import html
import re
from dataclasses import replace

from generator.assemble.site import Entry
from generator.notice.model import Contact, Notice
from generator.notice.progress import section_summaries
from generator.render.outputs import OutputFile, RenderContext, jsonld

_OVERDUE = re.compile(r'<span class="overdue" data-deadline="(\d{4}-\d{2}-\d{2})" hidden></span>')


def notice_files(ctx: RenderContext, entry: Entry) -> list[OutputFile]:
    """The notice's page (the index and archive pages are in listing.py)."""
    return [notice_page(ctx, entry)]


def notice_page(ctx: RenderContext, entry: Entry) -> OutputFile:
    today = ctx.site.today
    body = _flag_overdue(entry, today.isoformat(), ctx.t(entry.notice.lang)("item.overdue"))
    sections = section_summaries(entry.notice.sections, ctx.site.config.progress_states, today)
    notice, stopped, ordinary = contacts_as_of(ctx, entry)
    return ctx.page("notice.html", entry.path + "index.html", lang=entry.notice.lang, entry=entry,
                    notice=notice, body=body, section_progress=sections, stopped_contacts=stopped,
                    ordinary_contacts=ordinary, portal_meta=jsonld.portal_meta(ctx, entry, ctx.absolute(entry.path)),
                    jsonld=jsonld.script_text(jsonld.notice_data(ctx, entry)))


def contacts_as_of(ctx: RenderContext, entry: Entry) -> tuple[Notice, tuple[Contact, ...], tuple[Contact, ...]]:
    """The notice with only the channels still in use on the build date; the channels whose `until:` has
    passed (shown apart as no longer in use, without links); and, when some have, the site's own
    channels the page points to instead (those not already listed)."""
    n, today = entry.notice, ctx.site.today
    stopped = tuple(c for c in n.contacts if not c.in_use(today))
    if not stopped:
        return n, (), ()
    active = tuple(c for c in n.contacts if c.in_use(today))
    ordinary = tuple(c for c in ctx.site.config.contacts if c.in_use(today) and c not in active)
    return replace(n, contacts=active), stopped, ordinary


def _flag_overdue(entry: Entry, today: str, label: str) -> str:
    """Items past their deadline and not done show their 已逾期 flag as of the build date.

    The page script shows or hides the same flags again at view time."""
    if not any(i.deadline for i in entry.notice.items):
        return entry.body_html
    text = html.escape(label)

    def flag(m: re.Match[str]) -> str:
        hidden = " hidden" if m.group(1) >= today else ""
        return f'<span class="overdue" data-deadline="{m.group(1)}"{hidden}>{text}</span>'

    return _OVERDUE.sub(flag, entry.body_html)
