"""The page of a notice."""

from __future__ import annotations

import html
import re

from generator.assemble.site import Entry
from generator.notice.progress import section_summaries
from generator.render.outputs import OutputFile, RenderContext

_OVERDUE = re.compile(r'<span class="overdue" data-deadline="(\d{4}-\d{2}-\d{2})" hidden></span>')


def notice_files(ctx: RenderContext, entry: Entry) -> list[OutputFile]:
    """The notice's page (the index and archive pages are in listing.py)."""
    return [notice_page(ctx, entry)]


def notice_page(ctx: RenderContext, entry: Entry) -> OutputFile:
    today = ctx.site.today
    body = _flag_overdue(entry, today.isoformat(), ctx.t(entry.notice.lang)("item.overdue"))
    sections = section_summaries(entry.notice.sections, ctx.site.config.progress_states, today)
    return ctx.page("notice.html", entry.path + "index.html", lang=entry.notice.lang, entry=entry,
                    notice=entry.notice, body=body, section_progress=sections)


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
