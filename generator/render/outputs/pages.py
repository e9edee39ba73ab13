"""The page of a notice."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from typing import Any, cast
from urllib.parse import quote

import zxingcpp

from generator.assemble.site import Entry
from generator.notice.model import Contact, Notice
from generator.notice.progress import section_summaries
from generator.render.outputs import OutputFile, RenderContext, jsonld
from generator.render.outputs.attachments import human_size

_OVERDUE = re.compile(r'<span class="overdue" data-deadline="(\d{4}-\d{2}-\d{2})" hidden></span>')
_MOBILE = re.compile(r"^tel:\+86-(1\d\d)-(\d{4})-(\d{4})$")


@dataclass(frozen=True, slots=True)
class Action:
    """One way to respond in a tap: the reader's own mail, messages or phone app, already addressed."""

    kind: str
    """email | sms | phone"""
    label: str
    value: str
    href: str


def notice_files(ctx: RenderContext, entry: Entry) -> list[OutputFile]:
    """The notice's page (the index and archive pages are in listing.py)."""
    return [notice_page(ctx, entry)]


def notice_page(ctx: RenderContext, entry: Entry) -> OutputFile:
    today = ctx.site.today
    t = ctx.t(entry.notice.lang)
    body = _flag_overdue(entry, today.isoformat(), t("item.overdue"))
    sections = section_summaries(entry.notice.sections, ctx.site.config.progress_states, today)
    address = ctx.absolute(entry.path)
    sizes = {a.file: human_size(a, t) for a in entry.notice.attachments}
    notice, stopped, ordinary = contacts_as_of(ctx, entry)
    return ctx.page("notice.html", entry.path + "index.html", lang=entry.notice.lang, entry=entry,
                    notice=notice, body=body, section_progress=sections,
                    respond=respond_actions(notice, t("respond.sms_body")) if entry.state == "open" else [],
                    print_address=address if _is_absolute(address) else "",
                    qr_svg=qr_svg(address, t("print.qr")) if _is_absolute(address) else "",
                    attachment_sizes=sizes, stopped_contacts=stopped, ordinary_contacts=ordinary,
                    portal_meta=jsonld.portal_meta(ctx, entry, address),
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


def _is_absolute(address: str) -> bool:
    return address.startswith(("https://", "http://"))


def respond_actions(notice: Notice, sms_template: str) -> list[Action]:
    """mailto: links with the notice's title (and document number) as the subject, sms: links with a
    prefilled first line for mobile numbers, tel: links for every phone. No form, no server."""
    number = notice.info.document_number
    subject = notice.title + (f"（{number}）" if number else "")
    actions: list[Action] = []
    for c in notice.contacts:
        if c.kind == "email" and c.href.startswith("mailto:"):
            actions.append(Action("email", c.label, c.value, f"{c.href}?subject={quote(subject)}"))
        elif c.kind == "phone" and c.href.startswith("tel:"):
            if m := _MOBILE.match(c.href):
                body = sms_template.replace("{title}", subject)
                actions.append(Action("sms", c.label, c.value, f"sms:+86{''.join(m.groups())}?body={quote(body)}"))
            actions.append(Action("phone", c.label, c.value, c.href))
    return actions


QR_BORDER = 2
"""Light modules around the code: scanners read a printed code with a narrow margin (the paper is white)."""

_DARK_RUN = re.compile(rb"\x00+")
"""A run of dark modules in a row of the code's image (0 dark, 255 light)."""


def qr_svg(address: str, label: str) -> str:
    """The notice's public address as a QR code, an inline SVG made at build time (no network, no script,
    no style attribute: the CSP allows it). Printed on the first page so paper leads back online.

    zxing-cpp encodes it (error correction level M, the mask chosen by the standard's rules); the SVG is
    one path of the dark modules, a run of each row a rectangle, inside a quiet zone of two modules."""
    image = zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image(
        scale=1, add_quiet_zones=False)
    height, width = image.shape
    rows = bytes(cast(Any, image))  # a buffer of one byte a module, row by row
    runs: list[str] = []
    for y in range(height):
        row = rows[y * width:(y + 1) * width]
        for m in _DARK_RUN.finditer(row):
            runs.append(f"M{m.start()} {y}h{m.end() - m.start()}v1h-{m.end() - m.start()}z")
    return (f'<svg viewBox="-{QR_BORDER} -{QR_BORDER} {width + 2 * QR_BORDER} {height + 2 * QR_BORDER}" class="qr" '
            f'role="img" aria-label="{html.escape(label)}"><path d="{"".join(runs)}"/></svg>')


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
