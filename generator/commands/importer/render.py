"""The pieces of the body as Markdown: headings with their numbers, paragraphs escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.commands.importer.structure import Piece, heading_label

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


def render_body(pieces: Sequence[Piece]) -> str:
    blocks: list[str] = []
    for p in pieces:
        if p.level == 0:
            blocks.append(escape_paragraph(p.text))
            continue
        label = heading_label(p.level, p.number)
        title = escape_inline(p.text)
        if title.endswith("#"):
            title = title[:-1] + "\\#"  # a trailing # would be read as a closing sequence
        spacer = " " if p.level == 3 and title else ""
        blocks.append(f"{'#' * (p.level + 1)} {label}{spacer}{title}".rstrip())
        if p.tail:
            blocks.append(escape_paragraph(p.tail))
    return "\n\n".join(blocks) + "\n" if blocks else ""
