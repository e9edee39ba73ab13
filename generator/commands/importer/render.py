"""The pieces of the body as Markdown: headings with their numbers, paragraphs escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from generator.commands.importer.structure import Piece, heading_label
from generator.notice.periods import parse_date

INLINE_SPECIAL_RE = re.compile(r"[\\`*<\[$]|(?<!\w)_|_(?!\w)|~~|&(?=#?\w+;)")

LINE_START_NUMBER_RE = re.compile(r"^(\d{1,9})([.)])")

LINE_START_SPECIAL = "#>-+=|~:"



def escape_inline(text: str) -> str:
    return INLINE_SPECIAL_RE.sub(lambda m: "".join("\\" + ch for ch in m.group()), text)


def escape_paragraph(text: str) -> str:
    """Keep a paragraph a paragraph: no list, heading, quote, rule, table or definition from its start."""
    text = escape_inline(text)
    if LINE_START_NUMBER_RE.match(text):
        return LINE_START_NUMBER_RE.sub(r"\1\\\2", text, count=1)
    if text[:1] in LINE_START_SPECIAL:
        return "\\" + text
    return text


META_RE = re.compile(r"^\s*(?:整改时限|完成时限)\s*[:：]\s*(.+?)\s*$")
"""A line the outline reads as an item's deadline (generator/notice/outline.py); its value must be a date."""


def _loose_deadline(text: str) -> bool:
    """"整改时限：长期坚持": a deadline line `gongshi check` would refuse as a paragraph of its own."""
    m = META_RE.match(text)
    return m is not None and parse_date(m.group(1)) is None


MARKER_RE = re.compile(r"\s*【([^【】]{1,20})】\s*$")  # as generator/notice/outline.py reads a state


def unknown_markers(pieces: Sequence[Piece], states: Sequence[str]) -> list[Piece]:
    """Items whose heading ends with a 【marker】 the site has no progress state for: the marker goes to
    the start of the text under the heading (check refuses an unknown state in a heading)."""
    out = []
    for p in pieces:
        m = MARKER_RE.search(p.text) if p.level == 3 else None
        if m and m.group(1).strip() not in states:
            p = replace(p, text=p.text[: m.start()], tail=m.group(0).strip() + p.tail, moved=True)
        out.append(p)
    return out


def render_body(pieces: Sequence[Piece]) -> str:
    """The Markdown body. A deadline line that is not a date ("整改时限：长期坚持") joins the paragraph
    before it (else after it) as a line of its own, so the text reads the same and checks clean."""
    blocks: list[str] = []
    is_text: list[bool] = []
    waiting = ""
    for p in pieces:
        if p.level == 0:
            text = escape_paragraph(p.text)
            if _loose_deadline(p.text) and blocks and is_text[-1]:
                blocks[-1] += "\n" + text
            elif _loose_deadline(p.text):
                waiting += text + "\n"
            else:
                blocks.append(waiting + text)
                is_text.append(True)
                waiting = ""
            continue
        if waiting:
            blocks.append(waiting.rstrip("\n"))
            is_text.append(True)
            waiting = ""
        label = heading_label(p.level, p.number)
        title = escape_inline(p.text)
        if title.endswith("#"):
            title = title[:-1] + "\\#"  # a trailing # would be read as a closing sequence
        spacer = " " if p.level == 3 and title else ""
        blocks.append(f"{'#' * (p.level + 1)} {label}{spacer}{title}".rstrip())
        is_text.append(False)
        if p.tail and _loose_deadline(p.tail):
            waiting = escape_paragraph(p.tail) + "\n"
        elif p.tail:
            blocks.append(escape_paragraph(p.tail))
            is_text.append(True)
    if waiting:
        blocks.append(waiting.rstrip("\n"))
    return "\n\n".join(blocks) + "\n" if blocks else ""
