"""The top of a notice: issuer, title (maybe wrapped), and date or portal lines given there."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from generator.commands.importer.dates import DATE_RE, clock_after, date_of, date_only
from generator.commands.importer.structure import marker
from generator.commands.importer.text import CLOSING_RE, ORG_RE, TERMINAL, Line, compact, warn
from generator.errors import Diagnostic
from generator.source.schema import NOTICE

PUBLISHED_RE = re.compile(r"^(?:发布|发文|成文|印发|更新)?(?:时间|日期)\s*[:：]\s*")

TITLE_END_RE = re.compile(r"(?:通报|公告|公示|通知|公开|报告|决定|说明|名单)$")

NUMBER_LABEL_RE = re.compile(r"(?P<label>索引号|文号|发文字号)\s*[:：]\s*(?P<value>[^\s:：]+(?:\s*〔[^〕]*〕\s*\S*?号)?)")
"""A portal's 索引号/文号 fields, as many as a line holds ("索引号：… 文号：… 发布日期：…")."""
DOCUMENT_NUMBER_RE = re.compile(r"^[\u3400-\u9fff]{1,16}[〔\[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*\d{1,5}\s*号$")
"""A 文号 line under the title: 示组通字〔2024〕26号."""
NUMBER_FIELDS = {"索引号": "index_number", "文号": "document_number", "发文字号": "document_number"}

HEADER_SCAN = 8  # the title is looked for among the first lines only


@dataclass(frozen=True, slots=True)
class Header:
    issuer: str | None
    title: str | None
    day: date | None  # a date given in the header ("发布时间：…" or a date line under the title)
    body_start: int  # index into the non-empty lines where the body begins
    kept: tuple[Line, ...]  # unrecognised header lines, kept at the top of the body
    diagnostics: tuple[Diagnostic, ...]
    numbers: tuple[tuple[str, str, int], ...] = ()  # (document_number | index_number, value, line)
    lines: tuple[tuple[str, int], ...] = ()  # (title | issuer | issued, line) where each was read


def find_title(lines: Sequence[Line]) -> tuple[int, int, str]:
    """(first index, index after, joined text) of the title among the first lines, or (-1, -1, "").

    A 关于… line wins over a line that merely ends like a title ("首页 > 通知公告" on a web page).
    """
    candidates: list[tuple[int, int, str]] = []
    for i in range(min(len(lines), HEADER_SCAN)):
        text = compact(lines[i].text)
        if marker(text) or text.endswith("。") or len(text) > 100:
            break  # the body has begun
        if ORG_RE.match(text) or not is_title(text):
            continue
        if "关于" in text and not TITLE_END_RE.search(text) and i + 1 < len(lines):
            nxt = compact(lines[i + 1].text)
            if len(nxt) <= 40 and TITLE_END_RE.search(nxt) and not marker(nxt) and not ORG_RE.match(nxt):
                return i, i + 2, text + nxt
        if "关于" in text:
            return i, i + 1, text
        candidates.append((i, i + 1, text))
    return candidates[0] if candidates else (-1, -1, "")


def is_title(text: str) -> bool:
    if len(text) > 80 or text[-1] in TERMINAL or CLOSING_RE.match(text) or PUBLISHED_RE.match(text):
        return False
    return "关于" in text or bool(TITLE_END_RE.search(text))


def numbers_of(text: str) -> list[tuple[str, str]]:
    """The 文号 and 索引号 a header line gives: [(field, value)]."""
    if DOCUMENT_NUMBER_RE.match(compact(text)):
        return [("document_number", compact(text))]
    return [(NUMBER_FIELDS[m.group("label")], m.group("value")) for m in NUMBER_LABEL_RE.finditer(text)]


def header_fact(text: str) -> tuple[str, str, date | None]:
    """Classify a header line: ("issuer", name, None), ("date", rest, day) or ("", "", None)."""
    squeezed = compact(text)
    if ORG_RE.match(squeezed):
        return "issuer", squeezed, None
    if squeezed.endswith("文件") and ORG_RE.match(squeezed[:-2]):  # the red header "中共某某县委员会文件"
        return "issuer", squeezed[:-2], None
    day = date_only(text)
    if day is not None:
        return "date", "", day
    published = PUBLISHED_RE.match(text)
    if published is None:  # "索引号：… 发布日期：2025-10-21 来源：…"
        published = re.search(r"(?:发布|发文|成文|印发)(?:时间|日期)\s*[:：]\s*", text)
    m = DATE_RE.match(text, published.end()) if published else None
    if m is not None and date_of(m) is not None:
        return "date", text[clock_after(text, m.end())[1] :].strip(), date_of(m)
    return "", "", None


def extract_header(lines: Sequence[Line], path: str) -> Header:
    """Issuer and title at the top; dates given there; unrecognised lines are kept with a warning."""
    first, after, title = find_title(lines)
    lead = lines[:first] if first >= 0 else []
    found: dict[str, int] = {}
    numbers: list[tuple[str, str, int]] = []
    issuer, day, kept, warnings, _ = read_header_lines(lead, None, None, False, path, found, numbers)
    start = after if first >= 0 else 0
    issuer, day, _, more, used = read_header_lines(lines[start : start + 4], issuer, day, True, path, found,
                                                   numbers)
    warnings += more
    if first >= 0:
        found["title"] = lines[first].number
    if first < 0:
        warnings.append(warn(path, 0, "title", "no title found (a line like 关于…的通报/公告/公示)",
                              "add `title:` to the front matter by hand"))
    elif issuer is None and "关于" in title and ORG_RE.match(title.split("关于", 1)[0]):
        issuer = title.split("关于", 1)[0]
        found["issuer"] = lines[first].number
    return Header(issuer, title or None, day, start + used, tuple(kept), tuple(warnings), tuple(numbers),
                  tuple(found.items()))


def read_header_lines(
    lines: Sequence[Line], issuer: str | None, day: date | None, stop_at_unknown: bool, path: str,
    where: dict[str, int], numbers: list[tuple[str, str, int]],
) -> tuple[str | None, date | None, list[Line], list[Diagnostic], int]:
    """Take issuer, date and 文号/索引号 lines; keep (or stop at) the others. Returns what was read and
    how far; `where` gets the line of each fact, `numbers` the 文号/索引号."""
    kept: list[Line] = []
    warnings: list[Diagnostic] = []
    used = 0
    for ln in lines:
        kind, rest, found = header_fact(ln.text)
        given = [(n, v) for n, v in numbers_of(ln.text) if n in NOTICE.fields]  # else the line stays text
        for name, value in given:
            if all(name != n for n, _, _ in numbers):
                numbers.append((name, value, ln.number))
        if given and kind != "date":
            used += 1
            continue
        if kind == "issuer" and issuer in (None, rest):
            issuer = rest
            where["issuer"] = ln.number
        elif kind == "date" and day is None:
            day = found
            where["issued"] = ln.number
            rest = NUMBER_LABEL_RE.sub("", rest).strip()
            if rest:
                warnings.append(warn(path, ln.number, "issued",
                                      f"header line used for the date only; the rest was not kept: {rest}"))
        elif stop_at_unknown:
            break
        else:
            kept.append(ln)
            warnings.append(warn(path, ln.number, "header",
                                  "line before the title not recognised; kept at the top of the body"))
        used += 1
    return issuer, day, kept, warnings, used
