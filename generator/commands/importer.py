"""Plain-text importer: turn a notice as published into a Gongshi content file.

Editors have notices as plain text copied from a web page or a Word file. `import_text` reads one
and returns the whole content file (YAML front matter + Markdown body), a suggested file name and
the warnings for everything it could not classify. It is pure: no file is read or written here.

What goes where:

* the issuer line and the title (possibly wrapped over two lines) become `issuer` and `title`;
* the signature block at the end (issuer line + date line) becomes `signature`; its date is the
  `issued` date unless the header gives one;
* the disclosure period ("公开期限：…至…", "公示期为5个工作日", …, with times of day when given)
  becomes `disclosure`, and the contact details (phones with hours, postal address, e-mail, web
  site, visiting address) become `contacts` — but the sentences they come from stay in the body,
  word for word;
* the numbered structure of the body (一、 /（一）/ 1. /（1）) becomes Markdown headings.

Nothing here raises on odd text: whatever cannot be classified is kept in the body and reported as
a WARNING `Diagnostic` with its line (line 0 for facts about the whole file, e.g. "no period found").

Known limits: each input line is one paragraph (hard-wrapped text, as copied from a PDF, is not
re-joined); labels are recognised from a fixed vocabulary (联系电话, 邮政信箱, 来访地点, 公示期, …);
a numbered list that is not a heading (people in an appointment notice, "1.来电：" excepted) still
becomes headings, as the numbering rule says.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

import yaml

from generator.errors import Diagnostic, Location, Severity, sort_key

__all__ = ["ImportResult", "import_text"]


@dataclass(frozen=True, slots=True)
class ImportResult:
    text: str  # the whole content file: "---\n<yaml front matter>---\n\n<markdown body>"
    slug: str  # suggested file name stem, ASCII: "<issued date>-<kind word>"
    unclassified: tuple[Diagnostic, ...]  # WARNING diagnostics, sorted by line


# --------------------------------------------------------------------------- small value types


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based line in the input
    text: str  # stripped of indentation and trailing blanks


@dataclass(frozen=True, slots=True)
class _Header:
    issuer: str | None
    title: str | None
    day: date | None  # a date given in the header ("发布时间：…" or a date line under the title)
    body_start: int  # index into the non-empty lines where the body begins
    kept: tuple[_Line, ...]  # unrecognised header lines, kept at the top of the body
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class _Signature:
    by: str | None
    day: date | None
    start: int  # index of the first signature line (len(lines) when there is none)
    end: int  # index after the signature; lines after it ("（此件公开发布）") stay in the body
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class _Period:
    start: date | None = None
    end: date | None = None
    working_days: int | None = None
    start_clock: time | None = None  # "2025年7月21日9:00至…": the time of day, when given
    end_clock: time | None = None
    diagnostics: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class _Range:
    """A "start 至 end" read from the text."""

    start: date | None = None
    end: date | None = None
    start_clock: time | None = None
    end_clock: time | None = None
    year_guessed: bool = False  # the start was written without a year


@dataclass(frozen=True, slots=True)
class _PeriodFact:
    """What one sentence about the period says."""

    line: int
    range: _Range
    working_days: int | None  # "公示期为5个工作日"
    days: int | None  # "公示期为7天"


@dataclass(frozen=True, slots=True)
class _Contact:
    kind: str  # phone | email | post | web | in-person
    value: str
    hours: str = ""
    postcode: str = ""
    note: str = ""
    line: int = 0
    pos: int = 0


@dataclass(frozen=True, slots=True)
class _Piece:
    """One block of the body: a paragraph (level 0) or a numbered heading (levels 1-4)."""

    line: int
    text: str  # paragraph text, or the heading's title without its number
    level: int = 0  # 1: 一、  2: （一）  3: 1.  4: （1）
    number: int = 0
    tail: str = ""  # for headings: the text that followed the title on the same line


# --------------------------------------------------------------------------- patterns

_CN_DIGIT_VALUES = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3,
                    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DIGITS = "〇零○ＯO一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十廿卅"

_DATE_RE = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"
    r"|(?<!\d)(?P<ny>\d{4})\s*[-/.．]\s*(?P<nm>\d{1,2})\s*[-/.．]\s*(?P<nd>\d{1,2})(?![\d.．])"
    rf"|(?P<cy>[{_CN_DIGITS}]{{4}})\s*年\s*(?P<cm>[{_CN_SMALL}]{{1,3}})\s*月"
    rf"\s*(?P<cd>[{_CN_SMALL}]{{1,3}})\s*[日号]"
)
_MONTH_DAY_RE = re.compile(
    r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"
    rf"|(?P<cm>[{_CN_SMALL}]{{1,3}})\s*月\s*(?P<cd>[{_CN_SMALL}]{{1,3}})\s*[日号]"
)
_NUMERIC_MONTH_DAY_RE = re.compile(r"(?P<m>\d{1,2})\s*[.．/]\s*(?P<d>\d{1,2})(?![\d.．/])")
_DATE_TAIL_RE = re.compile(  # after a date: "（星期一）", "9:00", "下午5时30分"
    r"(?:\s*[（(]\s*(?:星期|周)[一二三四五六日天]\s*[）)])?"
    r"(?:\s*(?P<half>上午|下午|晚上)?\s*(?P<hour>\d{1,2})\s*(?:[:：]\s*(?P<minute>\d{2})|[时点]"
    r"(?:\s*(?P<cminute>\d{1,2})\s*分)?))?"
)
_RANGE_SEP_RE = re.compile(r"\s*(?:起\s*)?(?:至|到|——|—|–|－|-|～|~)\s*")
_PUBLISHED_RE = re.compile(r"^(?:发布|发文|成文|印发|更新)?(?:时间|日期)\s*[:：]\s*")

_ORG_RE = re.compile(
    r"^[^\s，,。：:；;！？、]{1,40}?(?:委员会|党委|党组|党工委|工委|纪委|监委|人民政府|政府|人大常委会"
    r"|办公室|办公厅|组织部|宣传部|统战部|巡察组|巡视组|巡察办|管委会|领导小组|局|厅|委|院|所|中心"
    r"|公司|集团|学校|大学|学院|医院|银行|协会|办事处|社区)$"
)
_TITLE_END_RE = re.compile(r"(?:通报|公告|公示|通知|公开|报告|决定|说明|名单)$")
_CLOSING_RE = re.compile(r"^(?:特此|此致|附件|附：|备注|注：|注:)")
_TRAILER_RE = re.compile(r"^[（(].*[）)]$|^(?:附件|抄送|印发|联系人)\s*[:：]")  # lines after a signature
_CHROME_RE = re.compile(  # web-page furniture copied along with the notice
    r"^(?:【[^】]{1,12}】\s*)+$|打印本页|关闭窗口|分享到|浏览次数|访问量|字号\s*[:：]|上一篇|下一篇|责任编辑|扫一扫"
)
_TERMINAL = "。！？；：，、.!?;:,…"
_CJK_RE = re.compile(r"[\u3400-\u9fff]")

_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"([一二三四五六七八九十]{1,3})\s*[、．.](?![\d.．])\s*")),
    (2, re.compile(r"[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*[、.．]?\s*")),
    (3, re.compile(r"(\d{1,2})\s*[.．、](?![\d.．])\s*")),
    (4, re.compile(r"[（(]\s*(\d{1,2})\s*[）)]\s*[、.．]?\s*")),
)
_GLUED_RE = re.compile(r"(?<=[。！？])\s*(?=[一二三四五六七八九十（(\d])")
_CONTACT_ITEM_RE = re.compile(  # "1.来电：…", "2.电子邮箱：…": a numbered channel, not a heading
    r"^[^，。：:]{0,8}?(?:来电|来信|来访|电话|邮箱|信箱|地址|网址|网站|邮件|面谈|信函|当面反映|(?:网络|网上)举报"
    r"|举报平台)[^，。：:]{0,6}[：:]"
)

_PERIOD_LABEL_RE = re.compile(r"公开期限|公示期限|公示期间|公示时间|公示日期|公示时限|公示期|公告期|公开期|公开时间")
_PERIOD_LABEL2_RE = re.compile(r"受理期限|受理期间|受理时间|巡察期间|巡察时间|巡视期间|巡视时间")
_PERIOD_CONTEXT_RE = re.compile(r"公示|公开|公告")
_FROM_TO_RE = re.compile(r"自\s*\S{4,30}?\s*(?:起\s*)?至\s*\S{2,30}?止")  # "自2025年7月21日起至8月8日止"
_WORKING_DAYS_RE = re.compile(rf"(\d{{1,2}}|[{_CN_SMALL}]{{1,3}})\s*个?\s*工作日")
_CALENDAR_DAYS_RE = re.compile(rf"^\s*(?:为|是|[:：])?\s*(\d{{1,2}}|[{_CN_SMALL}]{{1,3}})\s*(?:个)?(?:自然日|天|日)")

_LABEL_GROUPS: tuple[tuple[str, str], ...] = (
    ("hours", r"(?:受理|接待|工作|办公|来访|接听)时间"),
    ("in_person", r"来访接待地[点址]|来访地[点址]|接待地[点址]|(?:当面)?反映地点|来访"),
    ("post", r"邮政信箱|通[信讯]地址|邮寄地址|来信地址|信函地址|来信请寄|来信|地址"),
    ("phone", r"(?:联系|举报|监督|咨询|受理|值班|办公|投诉|服务|热线|专用)电话|电话|手机|热线|来电"),
    ("email", r"电子(?:邮箱|信箱|邮件)|邮箱|[Ee]-?mail"),
    ("postcode", r"邮政编码|邮编"),
    ("any", r"联系方式"),
)
_LABEL_RE = re.compile(
    "(?:" + "|".join(f"(?P<{name}>{src})" for name, src in _LABEL_GROUPS) + r")\s*(?:为|是)?\s*(?P<colon>[:：])?"
)
_COLON_OPTIONAL = {"phone", "email", "postcode", "any"}
_PHONE_TOKEN_RE = re.compile(
    r"(?<!\d)(?:(?P<mobile>1[3-9]\d{9})"
    r"|(?:\(?(?P<area>0\d{2,3})\)?\s*[-—–]?\s*(?P<local>\d{7,8})|(?P<bare>[2-9]\d{6,7}))"
    r"(?:\s*(?:-|转)\s*(?P<ext>\d{1,5}))?"
    r"|(?P<service>(?:400|800)-?\d{3}-?\d{4}|1\d{4}))(?!\d)"
    r"|(?P<paren>\([^()]*\))"
)
_HOURS_HINT_RE = re.compile(r"\d{1,2}\s*[:：]\s*\d{2}|\d{1,2}\s*[时点]|工作日|上午|下午|周[一二三四五六日]|星期|节假日")
_POSTCODE_RE = re.compile(r"[（(]?\s*(?:邮编|邮政编码)\s*[:：]?\s*(\d{6})\s*[）)]?|[，,\s]\s*(\d{6})\s*$")
_PAREN_RE = re.compile(r"[（(]([^（()）]*)[）)]")
_EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_URL_RE = re.compile(
    r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+"
    r"|(?<![A-Za-z0-9@._-])(?:[A-Za-z0-9-]+\.)+(?:gov\.cn|com\.cn|org\.cn|cn|com|org|net)"
    r"(?::\d+)?(?:/[A-Za-z0-9\-._~/?#@!$&'*+,;=%]*)?(?![A-Za-z0-9])",
    re.IGNORECASE,
)

_OPENERS = "（(“‘《「『【["
_CLOSERS = "）)”’》」』】]"
_INLINE_SPECIAL_RE = re.compile(r"[\\`*<\[$]|(?<!\w)_|_(?!\w)|~~|&(?=#?\w+;)")
_LINE_START_NUMBER_RE = re.compile(r"^(\d{1,9})([.)])")
_LINE_START_SPECIAL = "#>-+=|~:"

_KIND_WORDS = {
    "rectification-progress": "rectification",
    "inspection-announcement": "inspection",
    "appointment-notice": "appointment",
    "project-notice": "project",
    "generic": "notice",
}
_HEADER_SCAN = 8  # the title is looked for among the first lines only
_LOST_HEADING_MAX = 50  # longest line taken for a heading that lost its number
_LONG_HEADING = 80  # a numbered first sentence longer than this is reported


# --------------------------------------------------------------------------- entry point


def import_text(raw: bytes | str, path: str = "<input>") -> ImportResult:
    """Turn one notice (bytes or text) into a Gongshi content file; never raises on odd text."""
    text, decode_warnings = _decode(raw, path)
    lines = _split_lines(text)
    header = _extract_header(lines, path)
    signature = _extract_signature(lines, header.body_start, path)
    body_lines = (*header.kept, *lines[header.body_start : signature.start], *lines[signature.end :])
    known_day = header.day or signature.day
    period = _extract_period(body_lines, known_day, path)
    contacts, contact_warnings = _extract_contacts(body_lines, path)
    pieces, structure_warnings = _structure(body_lines, path)
    structure_warnings += _chrome_warnings(body_lines, path)
    issued, fact_warnings = _settle_facts(header, signature, period, contacts, path)
    kind = _classify_kind(header.title or "")
    meta = _front_matter(header, signature, kind, issued, period, contacts)
    warnings = (*decode_warnings, *header.diagnostics, *signature.diagnostics, *period.diagnostics,
                *contact_warnings, *structure_warnings, *fact_warnings)
    slug = f"{issued.isoformat() if issued else 'undated'}-{_KIND_WORDS[kind]}"
    return ImportResult(
        text=_compose(meta, _render_body(pieces)),
        slug=slug,
        unclassified=tuple(sorted(warnings, key=sort_key)),
    )


def _warn(path: str, line: int, field: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(Location(path, line), message, hint=hint, field=field, severity=Severity.WARNING)


# --------------------------------------------------------------------------- decoding and lines


def _decode(raw: bytes | str, path: str) -> tuple[str, list[Diagnostic]]:
    """Bytes to text: UTF-8 (BOM stripped), UTF-16 with a BOM, else GB18030 with a warning."""
    warnings: list[Diagnostic] = []
    if isinstance(raw, str):
        text = raw
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
                warnings.append(_warn(path, 0, "encoding", "the input was not UTF-8; read it as GB18030",
                                      "check the Chinese text of the result; the content file is UTF-8"))
            except UnicodeDecodeError:
                text = raw.decode("utf-8", errors="replace")
                warnings.append(_warn(path, 0, "encoding", "the input is neither UTF-8 nor GB18030; "
                                      "undecodable bytes were replaced with U+FFFD",
                                      "save the notice as UTF-8 text and import it again"))
    return text.lstrip("\ufeff"), warnings


def _split_lines(text: str) -> list[_Line]:
    """Non-empty lines with their 1-based numbers; CRLF/CR normalised, indentation stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[_Line] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip().strip("\u200b\u200c\u200d\u2060\ufeff").strip()
        if stripped:
            out.append(_Line(number, stripped))
    return out


def _compact(text: str) -> str:
    """Drop the spaces of letter-spaced headers ("任 前 公 示") between Chinese characters."""
    return re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", text).strip()


# --------------------------------------------------------------------------- dates


def _cn_int(text: str) -> int | None:
    """二〇二五 → 2025 (digit by digit); 十 → 10, 二十一 → 21, 三十一 → 31, 廿三 → 23."""
    text = text.replace("廿", "二十").replace("卅", "三十")
    if "十" in text:
        tens, _, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            return None
        t = _CN_DIGIT_VALUES.get(tens) if tens else 1
        o = _CN_DIGIT_VALUES.get(ones) if ones else 0
        return None if t is None or o is None else t * 10 + o
    digits = [_CN_DIGIT_VALUES.get(ch) for ch in text]
    if not digits or any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def _int(text: str) -> int | None:
    return int(text) if text.isdecimal() else _cn_int(text)


def _make_date(year: int | None, month: int | None, day: int | None) -> date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _date_of(m: re.Match[str]) -> date | None:
    """The date of a `_DATE_RE` match (any of its three forms)."""
    for y, mo, d in (("y", "m", "d"), ("ny", "nm", "nd"), ("cy", "cm", "cd")):
        if m.group(y):
            return _make_date(_int(m.group(y)), _int(m.group(mo)), _int(m.group(d)))
    return None


def _month_day_of(m: re.Match[str], year: int) -> date | None:
    """The date of a month-day match (`_MONTH_DAY_RE` or `_NUMERIC_MONTH_DAY_RE`) in `year`."""
    groups = m.groupdict()
    month, day = (groups["m"], groups["d"]) if groups.get("m") else (groups.get("cm"), groups.get("cd"))
    if not month or not day:
        return None
    return _make_date(year, _int(month), _int(day))


def _date_only(text: str) -> date | None:
    """The date of a line that is nothing but a date, maybe in brackets: "（2025年7月21日）"."""
    core = _compact(text).strip("（）() ")
    m = _DATE_RE.fullmatch(core)
    return _date_of(m) if m else None


def _parse_range(text: str, year_hint: int | None) -> _Range:
    """The first "start 至 end" in `text`; the end may omit the year, both may give a time of day."""
    m = _DATE_RE.search(text)
    start, guessed = (_date_of(m), False) if m else (None, False)
    if m is None and year_hint is not None:
        m = _MONTH_DAY_RE.search(text)
        start, guessed = (_month_day_of(m, year_hint), True) if m else (None, False)
    if m is None or start is None:
        return _Range()
    start_clock, pos = _clock_after(text, m.end())
    found = _Range(start, None, start_clock, None, guessed)
    sep = _RANGE_SEP_RE.match(text, pos)
    if sep is None:
        return found
    full = _DATE_RE.match(text, sep.end())
    short = None if full else _MONTH_DAY_RE.match(text, sep.end()) or _NUMERIC_MONTH_DAY_RE.match(text, sep.end())
    matched = full or short
    if matched is None:
        return found
    end = _date_of(matched) if full else _month_day_of(matched, start.year)
    if short and end is not None and end < start:  # "2025年12月29日至1月9日"
        end = _month_day_of(matched, start.year + 1)
    end_clock, _ = _clock_after(text, matched.end())
    return replace(found, end=end, end_clock=end_clock)


def _clock_after(text: str, pos: int) -> tuple[time | None, int]:
    """The time of day written after a date ("9:00", "下午5时"), if any, and the position past it."""
    tail = _DATE_TAIL_RE.match(text, pos)
    if tail is None:
        return None, pos
    if tail.group("hour") is None:
        return None, tail.end()
    hour = int(tail.group("hour"))
    minute = int(tail.group("minute") or tail.group("cminute") or 0)
    if tail.group("half") in ("下午", "晚上") and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        return None, tail.end()
    return time(hour, minute), tail.end()


# --------------------------------------------------------------------------- header


def _find_title(lines: Sequence[_Line]) -> tuple[int, int, str]:
    """(first index, index after, joined text) of the title among the first lines, or (-1, -1, "").

    A 关于… line wins over a line that merely ends like a title ("首页 > 通知公告" on a web page).
    """
    candidates: list[tuple[int, int, str]] = []
    for i in range(min(len(lines), _HEADER_SCAN)):
        text = _compact(lines[i].text)
        if _marker(text) or text.endswith("。") or len(text) > 100:
            break  # the body has begun
        if _ORG_RE.match(text) or not _is_title(text):
            continue
        if "关于" in text and not _TITLE_END_RE.search(text) and i + 1 < len(lines):
            nxt = _compact(lines[i + 1].text)
            if len(nxt) <= 40 and _TITLE_END_RE.search(nxt) and not _marker(nxt) and not _ORG_RE.match(nxt):
                return i, i + 2, text + nxt
        if "关于" in text:
            return i, i + 1, text
        candidates.append((i, i + 1, text))
    return candidates[0] if candidates else (-1, -1, "")


def _is_title(text: str) -> bool:
    if len(text) > 80 or text[-1] in _TERMINAL or _CLOSING_RE.match(text) or _PUBLISHED_RE.match(text):
        return False
    return "关于" in text or bool(_TITLE_END_RE.search(text))


def _header_fact(text: str) -> tuple[str, str, date | None]:
    """Classify a header line: ("issuer", name, None), ("date", rest, day) or ("", "", None)."""
    compact = _compact(text)
    if _ORG_RE.match(compact):
        return "issuer", compact, None
    if compact.endswith("文件") and _ORG_RE.match(compact[:-2]):  # the red header "中共某某县委员会文件"
        return "issuer", compact[:-2], None
    day = _date_only(text)
    if day is not None:
        return "date", "", day
    published = _PUBLISHED_RE.match(text)
    m = _DATE_RE.match(text, published.end()) if published else None
    if m is not None and _date_of(m) is not None:
        return "date", text[_clock_after(text, m.end())[1] :].strip(), _date_of(m)
    return "", "", None


def _extract_header(lines: Sequence[_Line], path: str) -> _Header:
    """Issuer and title at the top; dates given there; unrecognised lines are kept with a warning."""
    first, after, title = _find_title(lines)
    lead = lines[:first] if first >= 0 else []
    issuer, day, kept, warnings, _ = _read_header_lines(lead, None, None, False, path)
    start = after if first >= 0 else 0
    issuer, day, _, more, used = _read_header_lines(lines[start : start + 3], issuer, day, True, path)
    warnings += more
    if first < 0:
        warnings.append(_warn(path, 0, "title", "no title found (a line like 关于…的通报/公告/公示)",
                              "add `title:` to the front matter by hand"))
    elif issuer is None and "关于" in title and _ORG_RE.match(title.split("关于", 1)[0]):
        issuer = title.split("关于", 1)[0]
    return _Header(issuer, title or None, day, start + used, tuple(kept), tuple(warnings))


def _read_header_lines(
    lines: Sequence[_Line], issuer: str | None, day: date | None, stop_at_unknown: bool, path: str,
) -> tuple[str | None, date | None, list[_Line], list[Diagnostic], int]:
    """Take issuer and date lines; keep (or stop at) the others. Returns what was read and how far."""
    kept: list[_Line] = []
    warnings: list[Diagnostic] = []
    used = 0
    for ln in lines:
        kind, rest, found = _header_fact(ln.text)
        if kind == "issuer" and issuer in (None, rest):
            issuer = rest
        elif kind == "date" and day is None:
            day = found
            if rest:
                warnings.append(_warn(path, ln.number, "issued",
                                      f"header line used for the date only; the rest was not kept: {rest}"))
        elif stop_at_unknown:
            break
        else:
            kept.append(ln)
            warnings.append(_warn(path, ln.number, "header",
                                  "line before the title not recognised; kept at the top of the body"))
        used += 1
    return issuer, day, kept, warnings, used


# --------------------------------------------------------------------------- signature


def _extract_signature(lines: Sequence[_Line], start: int, path: str) -> _Signature:
    """Issuer line(s) + date line at the end of the notice, before any "（此件公开发布）"-like lines."""
    stop = len(lines)
    while stop > start and len(lines) - stop < 5 and _is_trailer(lines[stop - 1].text):
        stop -= 1
    if stop <= start:
        return _Signature(None, None, len(lines), len(lines))
    last = lines[stop - 1].text
    day = _date_only(last)
    if day is None:
        for gap in re.finditer(r"\s+", last):  # "中共…委员会    2025年7月21日" on one line
            left, right = _compact(last[: gap.start()]), last[gap.end() :]
            if _ORG_RE.match(left) and _date_only(right):
                return _Signature(left, _date_only(right), stop - 1, stop)
    first = stop - 1 if day else stop
    by: list[str] = []
    while first > start and len(by) < 3 and _ORG_RE.match(_compact(lines[first - 1].text)):
        first -= 1
        by.insert(0, _compact(lines[first].text))
    warnings: tuple[Diagnostic, ...] = ()
    if day is not None and not by and first > start and _looks_like_signer(lines[first - 1].text):
        first -= 1
        by.append(_compact(lines[first].text))
        warnings = (_warn(path, lines[first].number, "signature",
                          "took this line above the date for the signer, though it does not look like "
                          "an organisation name", "check `signature.by`"),)
    if day is None and not by:
        return _Signature(None, None, len(lines), len(lines))
    return _Signature("、".join(by) or None, day, first, stop, warnings)


def _is_trailer(text: str) -> bool:
    """A line that may follow the signature: "（此件公开发布）", "附件：…", "【关闭窗口】"."""
    if _CHROME_RE.search(text):
        return True
    return bool(_TRAILER_RE.match(text)) and _date_only(text) is None and _marker(text) is None


def _looks_like_signer(text: str) -> bool:
    text = _compact(text)
    return (len(text) <= 40 and text[-1] not in _TERMINAL and not _CLOSING_RE.match(text)
            and not _marker(text) and ":" not in text and "：" not in text and bool(_CJK_RE.search(text)))


# --------------------------------------------------------------------------- disclosure period


def _clause_end(text: str, start: int, stops: str = "。；;") -> int:
    """Index of the first `stops` character at bracket depth 0 from `start` (or len(text))."""
    depth = 0
    for i in range(start, len(text)):
        ch = text[i]
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        elif ch in stops and depth == 0:
            return i
    return len(text)


def _period_clauses(lines: Sequence[_Line]) -> Iterator[tuple[int, str, int]]:
    """(line, clause, rank): rank 0 after a 公示期… label or a 公示 sentence with 自…起至…止,
    1 after 受理期限/巡察期间…, 2 any other sentence that mentions 公示/公开/公告."""
    for ln in lines:
        for rank, label_re in enumerate((_PERIOD_LABEL_RE, _PERIOD_LABEL2_RE)):
            for m in label_re.finditer(ln.text):
                yield ln.number, ln.text[m.end() : _clause_end(ln.text, m.end())], rank
        pos = 0
        while pos < len(ln.text):
            end = _clause_end(ln.text, pos, "。！？")
            sentence = ln.text[pos:end]
            if _PERIOD_CONTEXT_RE.search(sentence) and not _PERIOD_LABEL_RE.search(sentence):
                yield ln.number, sentence, 0 if _FROM_TO_RE.search(sentence) else 2
            pos = end + 1


def _extract_period(lines: Sequence[_Line], known: date | None, path: str) -> _Period:
    """The disclosure period: start, and end or a number of working days."""
    year = known.year if known else None
    found: dict[int, list[_PeriodFact]] = {0: [], 1: [], 2: []}
    for line, clause, rank in _period_clauses(lines):
        span = _parse_range(clause, year)
        wd = _WORKING_DAYS_RE.search(clause)
        cal = _CALENDAR_DAYS_RE.match(clause) if rank == 0 else None
        if rank == 2 and span.end is None:
            continue  # an unlabelled sentence counts only with a full range
        if rank == 1 and (span.end is None or wd):
            continue
        if not (span.start or span.end or wd or cal):
            continue
        found[rank].append(_PeriodFact(line, span, _int(wd.group(1)) if wd else None,
                                       _int(cal.group(1)) if cal else None))
    rank = next((r for r in (0, 1, 2) if found[r]), None)  # type: ignore[assignment]
    if rank is None:
        return _Period(diagnostics=(_warn(path, 0, "disclosure", "no disclosure period found",
                                          "add `disclosure:` (start and end, or working_days) by hand"),))
    return _settle_period(found[rank], rank, known, path)


def _settle_period(
    facts: list[_PeriodFact], rank: int, known: date | None, path: str,
) -> _Period:
    """Merge what the period clauses said (start may be given in one, working days in another)."""
    line = facts[0].line
    first = next((f.range for f in facts if f.range.start), _Range())
    last = next((f.range for f in facts if f.range.end), _Range())
    start, end = first.start, last.end
    working_days = next((f.working_days for f in facts if f.working_days), None)
    days = next((f.days for f in facts if f.days), None)
    warnings: list[Diagnostic] = []
    if rank:
        warnings.append(_warn(path, line, "disclosure", "disclosure period taken from a sentence without a "
                              "公示期/公开期限 label", "check `disclosure`"))
    if first.year_guessed:
        warnings.append(_warn(path, line, "disclosure", "the period start has no year; took the year of "
                              "the notice's date", "check `disclosure.start`"))
    if start is None and known is not None:
        start = known
        warnings.append(_warn(path, line, "disclosure", "the period does not say when it starts; used the "
                              "notice's date", "check `disclosure.start`"))
    if working_days and end and start:
        if end not in _working_day_ends(start, working_days):
            warnings.append(_warn(path, line, "disclosure", f"the text gives {working_days} working days and "
                                  f"the end {end.isoformat()}; they could not be confirmed to agree; kept "
                                  "working_days", "check the end date against the holiday calendar"))
        end = None
    if days and start and not end and not working_days:
        end = start + timedelta(days=days - 1)
        warnings.append(_warn(path, line, "disclosure", f"the period is given as {days} days; computed the "
                              f"end {end.isoformat()}", "check `disclosure.end`"))
    if start and end and end < start:
        warnings.append(_warn(path, line, "disclosure", "the period ends before it starts"))
    end_clock = last.end_clock if end else None
    return _Period(start, end, None if end else working_days, first.start_clock, end_clock, tuple(warnings))


def _working_day_ends(start: date, count: int) -> set[date]:
    """Possible last days of `count` working days from `start` (counting `start` itself or not)."""
    try:
        from chinese_calendar import is_workday
    except ImportError:
        return set()
    ends: set[date] = set()
    for first in (start, start + timedelta(days=1)):
        day, seen = first, 0
        try:
            while seen < count and day - first < timedelta(days=count * 3 + 15):
                seen += 1 if is_workday(day) else 0
                day += timedelta(days=1)
        except NotImplementedError:  # the calendar does not know that year
            return set()
        if seen == count:
            ends.add(day - timedelta(days=1))
    return ends


# --------------------------------------------------------------------------- contacts


def _extract_contacts(lines: Sequence[_Line], path: str) -> tuple[list[_Contact], list[Diagnostic]]:
    """Phones (with hours), postal and visiting addresses, e-mail and web addresses, in text order."""
    contacts: list[_Contact] = []
    warnings: list[Diagnostic] = []
    for ln in lines:
        found: list[_Contact] = []
        for kind, pos, segment in _labelled_segments(ln.text):
            more, problems = _parse_segment(kind, segment, ln.number, pos, found, path)
            found.extend(more)
            warnings.extend(problems)
        found.extend(_scan_addresses(ln))
        contacts.extend(found)
    merged: dict[tuple[str, str], _Contact] = {}
    for c in sorted(contacts, key=lambda c: (c.line, c.pos)):
        key = (c.kind, c.value)
        old = merged.get(key)
        merged[key] = c if old is None else replace(
            old, hours=old.hours or c.hours, postcode=old.postcode or c.postcode, note=old.note or c.note)
    return list(merged.values()), warnings


def _labelled_segments(text: str) -> list[tuple[str, int, str]]:
    """(kind, position, text after the label up to the next label or the end of the clause).

    A label inside brackets within the previous value ("通信地址：…（邮编118200）") is part of it.
    """
    labels: list[re.Match[str]] = []
    for m in _LABEL_RE.finditer(text):
        if _label_ok(m, text) and not (labels and _in_brackets(text[labels[-1].end() : m.start()])):
            labels.append(m)
    out: list[tuple[str, int, str]] = []
    for k, m in enumerate(labels):
        stop = _clause_end(text, m.end())
        if k + 1 < len(labels):
            stop = min(stop, labels[k + 1].start())
        out.append((_label_kind(m), m.start(), text[m.end() : stop]))
    return out


def _in_brackets(text: str) -> bool:
    """Does `text` leave a bracket open?"""
    depth = 0
    for ch in text:
        depth = depth + 1 if ch in _OPENERS else max(0, depth - 1) if ch in _CLOSERS else depth
    return depth > 0


def _label_kind(m: re.Match[str]) -> str:
    return next(name for name, _ in _LABEL_GROUPS if m.group(name) is not None)


def _label_ok(m: re.Match[str], text: str) -> bool:
    """A label counts when a colon follows, or, for phones/e-mail/postcodes, the value itself."""
    if m.group("colon"):
        return True
    if _label_kind(m) not in _COLON_OPTIONAL:
        return False
    following = unicodedata.normalize("NFKC", text[m.end() : m.end() + 1])
    return bool(following) and (following.isdigit() or following == "(" or following.isascii() and following.isalpha())


def _parse_segment(
    kind: str, segment: str, line: int, pos: int, found: list[_Contact], path: str,
) -> tuple[list[_Contact], list[Diagnostic]]:
    """The contacts given after one label; hours and postcodes attach to contacts already found."""
    value = segment.strip().rstrip("，,、 ")
    if kind in ("phone", "any"):
        phones = _parse_phones(segment, line, pos)
        if not phones and kind == "phone":
            return [], [_warn(path, line, "contacts", f"no phone number understood in: {value or '(empty)'}")]
        return phones, []
    if kind == "email":
        ok = _EMAIL_RE.search(unicodedata.normalize("NFKC", segment))
        return [], [] if ok else [_warn(path, line, "contacts", f"no e-mail address understood in: {value}")]
    if kind == "hours":
        return _attach_hours(value, found, line, path)
    if kind == "postcode":
        m = re.search(r"\d{6}", unicodedata.normalize("NFKC", segment))
        posts = [i for i, c in enumerate(found) if c.kind == "post"]
        if m and posts:
            found[posts[-1]] = replace(found[posts[-1]], postcode=m.group())
            return [], []
        return [], [_warn(path, line, "contacts", f"postcode without an address to attach it to: {value}")]
    address, problems = _parse_address(kind, value, line, path)
    return ([replace(address, pos=pos)] if address else []), problems


def _parse_phones(segment: str, line: int, pos: int) -> list[_Contact]:
    """One or more phone numbers; a bracketed time after them is their hours, anything else a note."""
    text = unicodedata.normalize("NFKC", segment)
    phones: list[_Contact] = []
    pending: list[int] = []
    for m in _PHONE_TOKEN_RE.finditer(text):
        if m.group("paren") is None:
            pending.append(len(phones))
            phones.append(_Contact("phone", _phone_value(m), line=line, pos=pos + m.start()))
            continue
        inner = m.group("paren")[1:-1].strip()
        if not pending or not inner:
            continue
        if _HOURS_HINT_RE.search(inner) and not _DATE_RE.search(inner):
            for i in pending:  # "A、B（工作日8:30-17:00）": the hours of both
                phones[i] = replace(phones[i], hours=inner)
            pending = []
        else:  # "A（传真）": a note on the number just before
            phones[pending[-1]] = replace(phones[pending[-1]], note=inner)
    return phones


def _phone_value(m: re.Match[str]) -> str:
    if m.group("mobile"):
        return m.group("mobile")
    if m.group("local") or m.group("bare"):
        number = f"{m.group('area')}-{m.group('local')}" if m.group("area") else m.group("bare")
        return number + (f"转{m.group('ext')}" if m.group("ext") else "")
    return re.sub(r"\s", "", m.group("service"))


def _attach_hours(value: str, found: list[_Contact], line: int, path: str) -> tuple[list[_Contact], list[Diagnostic]]:
    """"受理时间：…" gives the hours of the phones (else the visiting address) before it on the line."""
    hours = unicodedata.normalize("NFKC", value)
    if not _HOURS_HINT_RE.search(hours) or _DATE_RE.search(hours):
        return [], []  # e.g. "受理时间：2025年3月1日至…" is a period, not office hours
    for kind in ("phone", "in-person"):
        targets = [i for i, c in enumerate(found) if c.kind == kind and not c.hours]
        for i in targets:
            found[i] = replace(found[i], hours=hours)
        if targets:
            return [], []
    return [], [_warn(path, line, "contacts", f"hours without a phone or address to attach them to: {value}")]


def _parse_address(kind: str, value: str, line: int, path: str) -> tuple[_Contact | None, list[Diagnostic]]:
    """A postal or visiting address, with its postcode and (for visits) its hours taken out."""
    postcode = ""
    m = _POSTCODE_RE.search(value)
    if m:
        postcode = unicodedata.normalize("NFKC", m.group(1) or m.group(2))
        value = (value[: m.start()] + value[m.end() :]).strip().rstrip("，,、 ")
    hours = ""
    for p in _PAREN_RE.finditer(value):
        if _HOURS_HINT_RE.search(p.group(1)) and not _DATE_RE.search(p.group(1)):
            hours = unicodedata.normalize("NFKC", p.group(1)).strip()
            value = (value[: p.start()] + value[p.end() :]).strip().rstrip("，,、 ")
            break
    if not value:
        return None, [_warn(path, line, "contacts", "address label without an address")]
    contact_kind = "in-person" if kind == "in_person" else "post"
    return _Contact(contact_kind, value, hours=hours, postcode=postcode, line=line), []


def _scan_addresses(ln: _Line) -> list[_Contact]:
    """E-mail and web addresses anywhere on the line, with or without a label."""
    text = unicodedata.normalize("NFKC", ln.text)
    found: list[_Contact] = []
    for m in _EMAIL_RE.finditer(text):
        found.append(_Contact("email", m.group(), line=ln.number, pos=m.start()))
    without_mail = _EMAIL_RE.sub(lambda m: " " * len(m.group()), text)
    for m in _URL_RE.finditer(without_mail):
        url = m.group().rstrip(".,;:!?)]'")
        if not re.match(r"https?://", url, re.IGNORECASE):
            url = "https://" + url
        found.append(_Contact("web", url, line=ln.number, pos=m.start()))
    return found


# --------------------------------------------------------------------------- body structure


@dataclass(frozen=True, slots=True)
class _Marker:
    level: int
    number: int
    length: int  # characters taken by the number and its punctuation


def _marker(text: str) -> _Marker | None:
    """The heading number at the start of `text`: 一、 / （一） / 1. 1． 1、 / （1）, half- or full-width."""
    for level, pattern in _MARKERS:
        m = pattern.match(text)
        if m:
            number = _int(m.group(1))
            if number:
                return _Marker(level, number, m.end())
    return None


def _advance(counters: tuple[int, ...], level: int, number: int) -> tuple[int, ...]:
    """Counters after a heading: this level takes `number`, deeper levels start again."""
    return tuple(number if i == level else (0 if i > level else n) for i, n in enumerate(counters))


def _chrome_warnings(lines: Sequence[_Line], path: str) -> list[Diagnostic]:
    """Lines that look like web-page furniture ("【打印本页】【关闭窗口】"): kept, but pointed out."""
    return [_warn(path, ln.number, "body", "looks like web-page navigation, not part of the notice; kept",
                  "delete it from the body if it is not part of the notice")
            for ln in lines if _CHROME_RE.search(ln.text)]


def _structure(lines: Sequence[_Line], path: str) -> tuple[list[_Piece], list[Diagnostic]]:
    pieces = _segment(lines)
    return _number_headings(pieces, path)


def _segment(lines: Sequence[_Line]) -> list[_Piece]:
    """Split lines into pieces: two numbered items glued on one line ("…方面。2.在…") are separated."""
    pieces: list[_Piece] = []
    counters: tuple[int, ...] = (0, 0, 0, 0, 0)
    for ln in lines:
        rest = ln.text
        while rest:
            mark = _marker(rest)
            if mark:
                counters = _advance(counters, mark.level, mark.number)
            cut = _glued_cut(rest, counters)
            pieces.append(_piece(ln.number, rest[:cut].strip()))
            rest = rest[cut:].strip()
    return pieces


def _glued_cut(text: str, counters: tuple[int, ...]) -> int:
    """Where the next sibling item starts inside `text`, after a full stop (or len(text))."""
    for m in _GLUED_RE.finditer(text):
        mark = _marker(text[m.end() :])
        if mark and counters[mark.level] and mark.number == counters[mark.level] + 1:
            return m.end()
    return len(text)


def _piece(line: int, text: str) -> _Piece:
    """A heading when the text starts with a number, its title being the first sentence."""
    mark = _marker(text)
    if mark is None or (mark.level >= 3 and _CONTACT_ITEM_RE.match(text[mark.length :])):
        return _Piece(line, text)
    rest = text[mark.length :].strip()
    cut = _clause_end(rest, 0, "。！？")
    if cut == len(rest) and "。" in rest and sum(map(rest.count, _OPENERS)) > sum(map(rest.count, _CLOSERS)):
        cut = rest.index("。")  # unbalanced brackets: split at the first full stop anyway
    title, tail = rest[:cut], rest[cut + 1 :].strip()
    if cut < len(rest) and rest[cut] != "。":
        title += rest[cut]
    return _Piece(line, title.strip(), mark.level, mark.number, tail)


def _number_headings(pieces: list[_Piece], path: str) -> tuple[list[_Piece], list[Diagnostic]]:
    """Check the numbering; restore the number of a heading line that lost it."""
    out: list[_Piece] = []
    warnings: list[Diagnostic] = []
    counters: tuple[int, ...] = (0, 0, 0, 0, 0)
    for i, p in enumerate(pieces):
        if p.level == 0:
            level = _lost_level(pieces, i, counters)
            if level > 0:
                p = replace(p, level=level, number=counters[level] + 1)
                warnings.append(_warn(path, p.line, "body", f"heading without a number; numbered it "
                                      f"{_label(level, p.number)} after the heading before it",
                                      "check the numbering in the body"))
            elif level < 0:
                warnings.append(_warn(path, p.line, "body", "short line without a number or final "
                                      "punctuation; kept as a paragraph", "make it a heading if it is one"))
        if p.level:
            if p.number != counters[p.level] + 1:
                warnings.append(_warn(path, p.line, "body", f"numbering goes from "
                                      f"{_label(p.level, counters[p.level]) if counters[p.level] else 'nothing'}"
                                      f" to {_label(p.level, p.number)}", "check for a missing or extra item"))
            if len(p.text) > _LONG_HEADING:
                warnings.append(_warn(path, p.line, "body", "numbered line without a short title; its whole "
                                      "first sentence became the heading", "shorten the heading if needed"))
            counters = _advance(counters, p.level, p.number)
        out.append(p)
    return out, warnings


def _lost_level(pieces: list[_Piece], i: int, counters: tuple[int, ...]) -> int:
    """The level of a heading that lost its number (0: not one; -1: looks like one but ambiguous)."""
    p = pieces[i]
    if i == 0 or i + 1 >= len(pieces) or not _looks_like_heading(p.text):
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


def _looks_like_heading(text: str) -> bool:
    bracketed = text[0] in _OPENERS and text[-1] in _CLOSERS  # "（此页无正文）"
    return (len(text) <= _LOST_HEADING_MAX and text[-1] not in _TERMINAL and not bracketed
            and ":" not in text and "：" not in text and not _CLOSING_RE.match(text)
            and bool(_CJK_RE.search(text)) and _date_only(text) is None and not _ORG_RE.match(text))


# --------------------------------------------------------------------------- rendering


def _cn_numeral(n: int) -> str:
    units = "零一二三四五六七八九"
    if n < 10:
        return units[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else units[tens % 10]) + "十" + (units[ones] if ones else "")


def _label(level: int, number: int) -> str:
    """The heading number as printed: 一、 / （一） / 1. / （1）."""
    return {1: f"{_cn_numeral(number)}、", 2: f"（{_cn_numeral(number)}）", 3: f"{number}.", 4: f"（{number}）"}[level]


def _escape_inline(text: str) -> str:
    return _INLINE_SPECIAL_RE.sub(lambda m: "".join("\\" + ch for ch in m.group()), text)


def _escape_paragraph(text: str) -> str:
    """Keep a paragraph a paragraph: no list, heading, quote, rule, table or definition from its start."""
    text = _escape_inline(text)
    if _LINE_START_NUMBER_RE.match(text):
        return _LINE_START_NUMBER_RE.sub(r"\1\\\2", text, count=1)
    if text[:1] in _LINE_START_SPECIAL:
        return "\\" + text
    return text


def _render_body(pieces: Sequence[_Piece]) -> str:
    blocks: list[str] = []
    for p in pieces:
        if p.level == 0:
            blocks.append(_escape_paragraph(p.text))
            continue
        label = _label(p.level, p.number)
        title = _escape_inline(p.text)
        if title.endswith("#"):
            title = title[:-1] + "\\#"  # a trailing # would be read as a closing sequence
        spacer = " " if p.level == 3 and title else ""
        blocks.append(f"{'#' * (p.level + 1)} {label}{spacer}{title}".rstrip())
        if p.tail:
            blocks.append(_escape_paragraph(p.tail))
    return "\n\n".join(blocks) + "\n" if blocks else ""


# --------------------------------------------------------------------------- front matter


def _classify_kind(title: str) -> str:
    if "整改" in title and re.search(r"通报|进展|情况|公告|公示|公开", title):
        return "rectification-progress"
    if re.search(r"巡[察视].*公告|公告.*巡[察视]", title):
        return "inspection-announcement"
    if re.search(r"任前公示|拟任|任职前公示|干部.*公示", title):
        return "appointment-notice"
    if "项目" in title and "公示" in title:
        return "project-notice"
    return "generic"


def _settle_facts(
    header: _Header, signature: _Signature, period: _Period, contacts: list[_Contact], path: str,
) -> tuple[date | None, list[Diagnostic]]:
    """The issued date (header, else signature, else period start) and warnings for missing facts."""
    warnings: list[Diagnostic] = []
    issued = header.day or signature.day
    if header.day and signature.day and header.day != signature.day:
        warnings.append(_warn(path, 0, "issued", f"the header date {header.day} and the signature date "
                              f"{signature.day} differ; used the header date", "check `issued`"))
    if issued is None and period.start is not None:
        issued = period.start
        warnings.append(_warn(path, 0, "issued", "no date of issue found; used the start of the period",
                              "check `issued`"))
    elif issued is None:
        warnings.append(_warn(path, 0, "issued", "no date of issue found", "add `issued:` by hand"))
    if (header.issuer or signature.by) is None:
        warnings.append(_warn(path, 0, "issuer", "no issuing organisation found", "add `issuer:` by hand"))
    if not contacts:
        warnings.append(_warn(path, 0, "contacts", "no contact (phone, address, e-mail, web site) found",
                              "add `contacts:` by hand if the notice gives any"))
    return issued, warnings


def _front_matter(
    header: _Header, signature: _Signature, kind: str, issued: date | None,
    period: _Period, contacts: list[_Contact],
) -> dict[str, object]:
    meta: dict[str, object] = {}
    if header.title:
        meta["title"] = header.title
    issuer = header.issuer or signature.by
    if issuer:
        meta["issuer"] = issuer
    meta["kind"] = kind
    if issued:
        meta["issued"] = issued
    disclosure = {"start": _moment(period.start, period.start_clock), "end": _moment(period.end, period.end_clock),
                  "working_days": period.working_days}
    if any(disclosure.values()):
        meta["disclosure"] = {k: v for k, v in disclosure.items() if v is not None}
    if contacts:
        meta["contacts"] = [
            {"kind": c.kind, "value": c.value,
             **{k: v for k, v in (("hours", c.hours), ("postcode", c.postcode), ("note", c.note)) if v}}
            for c in contacts
        ]
    if signature.by or signature.day:
        by, day = signature.by or issuer, signature.day or issued
        meta["signature"] = {k: v for k, v in (("by", by), ("date", day)) if v}
    return meta


def _moment(day: date | None, clock: time | None) -> date | str | None:
    """A date, or "2025-07-21 09:00" when the text gave a time of day."""
    if day is None or clock is None:
        return day
    return f"{day.isoformat()} {clock:%H:%M}"


class _Dumper(yaml.SafeDumper):
    """SafeDumper without anchors and aliases (the issued and signature dates are the same object)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _compose(meta: dict[str, object], body: str) -> str:
    front = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                      default_flow_style=False, width=10**9)
    return f"---\n{front}---\n\n{body}"
