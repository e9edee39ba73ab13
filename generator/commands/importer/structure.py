"""The numbered structure of the body (一、/（一）/1./（1）) as pieces: paragraphs and headings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from generator.commands.importer.dates import date_only, number_of
from generator.commands.importer.text import (
    CHROME_RE,
    CJK_RE,
    CLOSERS,
    CLOSING_RE,
    OPENERS,
    ORG_RE,
    TERMINAL,
    Line,
    clause_end,
    warn,
)
from generator.errors import Diagnostic

MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"([一二三四五六七八九十]{1,3})\s*[、．.](?![\d.．])\s*")),
    (2, re.compile(r"[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*[、.．]?\s*")),
    (3, re.compile(r"(\d{1,2})\s*[.．、](?![\d.．])\s*")),
    (4, re.compile(r"[（(]\s*(\d{1,2})\s*[）)]\s*[、.．]?\s*")),
)

GLUED_RE = re.compile(r"(?<=[。！？])\s*(?=[一二三四五六七八九十（(\d])")

LABELLED_ITEM_RE = re.compile(r"^[\u3400-\u9fff]{2,8}[:：]\s*\S")  # "项目名称：示例…"

CONTACT_ITEM_RE = re.compile(  # "1.来电：…", "2.电子邮箱：…": a numbered channel, not a heading
    r"^[^，。：:]{0,8}?(?:来电|来信|来访|电话|邮箱|信箱|地址|网址|网站|邮件|面谈|信函|当面反映|(?:网络|网上)举报"
    r"|举报平台)[^，。：:]{0,6}[：:]"
)

LOST_HEADING_MAX = 50  # longest line taken for a heading that lost its number

LONG_HEADING = 80  # a numbered first sentence longer than this is reported


@dataclass(frozen=True, slots=True)
class Piece:
    """One block of the body: a paragraph (level 0) or a numbered heading (levels 1-4)."""

    line: int
    text: str  # paragraph text, or the heading's title without its number
    level: int = 0  # 1: 一、  2: （一）  3: 1.  4: （1）
    number: int = 0
    tail: str = ""  # for headings: the text that followed the title on the same line
    moved: bool = False  # an unknown 【marker】 moved from the title to the tail (render.unknown_markers)


@dataclass(frozen=True, slots=True)
class Marker:
    level: int
    number: int
    length: int  # characters taken by the number and its punctuation


def marker(text: str) -> Marker | None:
    """The heading number at the start of `text`: 一、 / （一） / 1. 1． 1、 / （1）, half- or full-width."""
    for level, pattern in MARKERS:
        m = pattern.match(text)
        if m:
            number = number_of(m.group(1))
            if number:
                return Marker(level, number, m.end())
    return None


def advance(counters: tuple[int, ...], level: int, number: int) -> tuple[int, ...]:
    """Counters after a heading: this level takes `number`, deeper levels start again."""
    return tuple(number if i == level else (0 if i > level else n) for i, n in enumerate(counters))


def chrome_warnings(lines: Sequence[Line], path: str) -> list[Diagnostic]:
    """Lines that look like web-page furniture ("【打印本页】【关闭窗口】"): kept, but pointed out."""
    return [warn(path, ln.number, "body", "looks like web-page navigation, not part of the notice; kept",
                  "delete it from the body if it is not part of the notice")
            for ln in lines if CHROME_RE.search(ln.text)]


def structure(lines: Sequence[Line], path: str) -> tuple[list[Piece], list[Diagnostic]]:
    pieces = segment(lines)
    return number_headings(pieces, path)


def segment(lines: Sequence[Line]) -> list[Piece]:
    """Split lines into pieces: two numbered items glued on one line ("…方面。2.在…") are separated."""
    pieces: list[Piece] = []
    counters: tuple[int, ...] = (0, 0, 0, 0, 0)
    kept_as_text = [0, 0, 0, 0, 0]  # per level: the number of the last item kept as a paragraph
    for ln in lines:
        rest = ln.text
        while rest:
            mark = marker(rest)
            if mark:
                counters = advance(counters, mark.level, mark.number)
            cut = glued_cut(rest, counters)
            p = piece(ln.number, rest[:cut].strip())
            if mark and p.level == 0:
                kept_as_text[mark.level] = mark.number
            elif p.level and kept_as_text[p.level] and p.number == kept_as_text[p.level] + 1:
                p = Piece(ln.number, rest[:cut].strip())  # "4.来信请" after 1.-3. kept as text: text too
                kept_as_text[p.level] = 0
                kept_as_text[mark.level if mark else 0] = mark.number if mark else 0
            elif p.level:
                kept_as_text[p.level + 1 :] = [0] * (4 - p.level)
            pieces.append(p)
            rest = rest[cut:].strip()
    return pieces


def glued_cut(text: str, counters: tuple[int, ...]) -> int:
    """Where the next sibling item starts inside `text`, after a full stop (or len(text))."""
    for m in GLUED_RE.finditer(text):
        mark = marker(text[m.end() :])
        if mark and counters[mark.level] and mark.number == counters[mark.level] + 1:
            return m.end()
    return len(text)


def piece(line: int, text: str) -> Piece:
    """A heading when the text starts with a number, its title being the first sentence."""
    mark = marker(text)
    if mark is None or (mark.level >= 2 and (CONTACT_ITEM_RE.match(text[mark.length :])
                                             or LABELLED_ITEM_RE.match(text[mark.length :]))):
        return Piece(line, text)  # "1.来电：…", "（一）电子邮箱：…", "3.听证告知：…": an item of a list, not a heading
    rest = text[mark.length :].strip()
    cut = clause_end(rest, 0, "。！？")
    if cut == len(rest) and "。" in rest and sum(map(rest.count, OPENERS)) > sum(map(rest.count, CLOSERS)):
        cut = rest.index("。")  # unbalanced brackets: split at the first full stop anyway
    title, tail = rest[:cut], rest[cut + 1 :].strip()
    if cut < len(rest) and rest[cut] != "。":
        title += rest[cut]
    return Piece(line, title.strip(), mark.level, mark.number, tail)


def number_headings(pieces: list[Piece], path: str) -> tuple[list[Piece], list[Diagnostic]]:
    """Check the numbering; restore the number of a heading line that lost it."""
    out: list[Piece] = []
    warnings: list[Diagnostic] = []
    counters: tuple[int, ...] = (0, 0, 0, 0, 0)
    for i, p in enumerate(pieces):
        if p.level == 0:
            level = lost_level(pieces, i, counters)
            if level > 0:
                p = replace(p, level=level, number=counters[level] + 1)
                warnings.append(warn(path, p.line, "body", f"heading without a number; numbered it "
                                      f"{heading_label(level, p.number)} after the heading before it",
                                      "check the numbering in the body"))
            elif level < 0:
                warnings.append(warn(path, p.line, "body", "short line without a number or final "
                                      "punctuation; kept as a paragraph", "make it a heading if it is one"))
        if p.level:
            if p.number != counters[p.level] + 1:
                warnings.append(warn(path, p.line, "body", f"numbering goes from "
                                      f"{heading_label(p.level, counters[p.level]) if counters[p.level] else 'nothing'}"
                                      f" to {heading_label(p.level, p.number)}", "check for a missing or extra item"))
            if len(p.text) > LONG_HEADING:
                warnings.append(warn(path, p.line, "body", "numbered line without a short title; its whole "
                                      "first sentence became the heading", "shorten the heading if needed"))
            counters = advance(counters, p.level, p.number)
        out.append(p)
    return out, warnings


def lost_level(pieces: list[Piece], i: int, counters: tuple[int, ...]) -> int:
    """The level of a heading that lost its number (0: not one; -1: looks like one but ambiguous)."""
    p = pieces[i]
    if i == 0 or i + 1 >= len(pieces) or not looks_like_heading(p.text):
        return 0
    before, after = pieces[i - 1], pieces[i + 1]
    if before.level and not before.tail:
        return 0  # right under a heading: a subtitle or a paragraph, not a sibling
    deepest = max((lvl for lvl in range(1, 5) if counters[lvl]), default=0)
    if after.level and after.number == 1 and counters[after.level - 1]:
        level = after.level - 1
    elif after.level == 0 and deepest:
        level = deepest
    else:
        return 0
    for q in pieces[i + 1 :]:
        if q.level and q.level < level:
            break
        if q.level == level:
            return -1 if q.number == counters[level] + 1 else level
    return level


def looks_like_heading(text: str) -> bool:
    bracketed = text[0] in OPENERS and text[-1] in CLOSERS  # "（此页无正文）"
    return (marker(text) is None and len(text) <= LOST_HEADING_MAX and text[-1] not in TERMINAL and not bracketed
            and ":" not in text and "：" not in text and not CLOSING_RE.match(text)
            and bool(CJK_RE.search(text)) and date_only(text) is None and not ORG_RE.match(text))



def cn_numeral(n: int) -> str:
    units = "零一二三四五六七八九"
    if n < 10:
        return units[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else units[tens % 10]) + "十" + (units[ones] if ones else "")


def heading_label(level: int, number: int) -> str:
    """The heading number as printed: 一、 / （一） / 1. / （1）."""
    return {1: f"{cn_numeral(number)}、", 2: f"（{cn_numeral(number)}）", 3: f"{number}.", 4: f"（{number}）"}[level]
