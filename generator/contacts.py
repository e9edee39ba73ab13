"""Contact details in notices: phone numbers, office hours, email and web addresses, postcodes."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from generator.errors import ContentError

__all__ = [
    "Hours",
    "Phone",
    "TimeRange",
    "parse_email",
    "parse_hours",
    "parse_phone",
    "parse_postcode",
    "parse_web_url",
    "split_postcode",
]

# Character folding. Every mapping is one character to one character, so positions in the folded
# text are positions in the editor's text and messages can quote exactly what was written.
_WIDE: dict[int, int] = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"
_PUNCT: dict[int, int] = (
    _WIDE
    | {ord(c): ord("-") for c in _DASHES}
    | {0x301C: ord("~"), 0x223C: ord("~"), 0x2236: ord(":"), 0xFE55: ord(":"), 0: 0xFFFD}
)
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})

# Host names and e-mail domains: ASCII labels (IDNs in their xn-- form), a dot, an alphabetic TLD.
_DNS_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_DOMAIN = rf"(?:{_DNS_LABEL}\.)+(?:[A-Za-z]{{2,63}}|xn--[A-Za-z0-9-]{{1,59}})"
_DOMAIN_RE = re.compile(_DOMAIN)


def _quote(value: str) -> str:
    """The editor's value as it appears in a message: quoted, escaped, and not too long."""
    return repr(value if len(value) <= 48 else value[:45] + "…")


def _text(value: object, what: str, example: str) -> str:
    """The value trimmed; YAML front matter can hand over a number or null instead of text."""
    if not isinstance(value, str):
        raise ContentError(
            f"expected text for the {what}, got {value!r}",
            f'put the value in quotes, e.g. "{example}"',
        )
    return value.strip()


def _is_hidden(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in _HIDDEN_CATEGORIES


# ---------------------------------------------------------------------------------------------
# Phone numbers


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number in the forms a page needs: shown, dialled, and written for abroad."""

    display: str
    href: str
    international: str
    extension: str = ""


_PHONE_HINT = (
    "write a landline with its area code, e.g. 0415-5138995, "
    "or an 11-digit mobile number, e.g. 138 1234 5678"
)
_PHONE_EXT_RE = re.compile(
    r"(?P<num>.*?)[\s,]*(?:转分机|转|分机|ext\.?|x)\s*[:#]?\s*(?P<ext>[0-9]{1,6})", re.I | re.S
)
_PHONE_CHARS_RE = re.compile(r"[0-9\s().\-]*")
_PHONE_PARENS_RE = re.compile(r"[\s\-]*\(\s*[0-9]+\s*\)[^()]*")
_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}")
_SERVICE_RE = re.compile(r"[48]00[0-9]{7}")
_SHORT_RE = re.compile(r"1[12][0-9]|1[0-2][0-9]{3}|9[56][0-9]{3,4}")
_LOCAL_ONLY_RE = re.compile(r"[2-9][0-9]{6,7}")


def parse_phone(text: str) -> Phone:
    """Read a Chinese landline, mobile, 400/800 or short service number as an editor typed it."""
    raw = _text(text, "phone number", "0415-5138995")
    if not raw:
        raise ContentError("the phone number is empty", _PHONE_HINT)
    if len(raw) > 40:
        raise ContentError(f"{_quote(raw)} is not a phone number", _PHONE_HINT)
    folded = raw.translate(_PUNCT)
    m = _PHONE_EXT_RE.fullmatch(folded)
    number, extension = (m.group("num"), m.group("ext")) if m else (folded, "")
    national, bounds, prefix = _national_number(number, raw)
    phone = _classify_phone(national, bounds, prefix, raw)
    if not extension:
        return phone
    if not phone.international or _MOBILE_RE.fullmatch(national):
        raise ContentError(
            f"{_quote(raw)} is not a phone number: only a landline or a 400/800 number "
            "can have an extension",
            "remove the extension (转 …) or give the switchboard's landline number",
        )
    return Phone(
        display=f"{phone.display} 转 {extension}",
        href=f"{phone.href};ext={extension}",
        international=f"{phone.international} ext. {extension}",
        extension=extension,
    )


def _national_number(number: str, raw: str) -> tuple[str, list[int], str]:
    """Digits without +86, 0086 or the trunk 0; where the editor separated them; which prefix."""
    rest = number.strip()
    prefix = ""
    if rest.startswith("+"):
        m = re.match(r"\+\s*86", rest)
        if not m:
            raise ContentError(
                f"{_quote(raw)} is not a Chinese phone number",
                "only numbers in mainland China (+86) can be given; " + _PHONE_HINT,
            )
        prefix, rest = "+86", rest[m.end() :]
    bad = not _PHONE_CHARS_RE.fullmatch(rest)
    bad = bad or (("(" in rest or ")" in rest) and not _PHONE_PARENS_RE.fullmatch(rest))
    if bad:
        raise ContentError(f"{_quote(raw)} is not a phone number", _PHONE_HINT)
    groups = re.findall(r"[0-9]+", rest)
    digits = "".join(groups)
    bounds = [sum(len(g) for g in groups[: i + 1]) for i in range(len(groups) - 1)]
    if not prefix and digits.startswith("0086"):
        prefix, digits, bounds = "+86", digits[4:], [b - 4 for b in bounds if b > 4]
    if digits.startswith("0"):
        prefix, digits, bounds = prefix or "0", digits[1:], [b - 1 for b in bounds if b > 1]
    return digits, bounds, prefix


def _classify_phone(n: str, bounds: list[int], prefix: str, raw: str) -> Phone:
    """Mobile, 400/800, landline (after 0 or +86), or short service number, in that order."""
    if prefix != "0" and _MOBILE_RE.fullmatch(n):
        return Phone(
            display=f"{n[:3]} {n[3:7]} {n[7:]}",
            href=f"tel:+86-{n[:3]}-{n[3:7]}-{n[7:]}",
            international=f"+86 {n[:3]} {n[3:7]} {n[7:]}",
        )
    if prefix != "0" and _SERVICE_RE.fullmatch(n):
        return Phone(
            display=f"{n[:3]}-{n[3:6]}-{n[6:]}",
            href=f"tel:+86-{n[:3]}-{n[3:6]}-{n[6:]}",
            international=f"+86 {n[:3]} {n[3:6]} {n[6:]}",
        )
    if prefix:
        return _landline(n, bounds, raw)
    if not bounds and _SHORT_RE.fullmatch(n):
        return Phone(display=n, href=f"tel:{n}", international="")
    if _LOCAL_ONLY_RE.fullmatch(n):
        raise ContentError(
            f"{_quote(raw)} is not a phone number: the area code is missing",
            f"add the area code, e.g. 0415-{n}",
        )
    raise ContentError(f"{_quote(raw)} is not a phone number", _PHONE_HINT)


def _landline(n: str, bounds: list[int], raw: str) -> Phone:
    """A landline from its national digits: 10 or 2X (3-digit codes) or 3XX-9XX, then 7-8 digits."""
    if n.startswith(("10", "2")):
        area = n[:2]
    elif n[:1] in tuple("3456789"):
        area = n[:3]
    else:
        raise ContentError(f"{_quote(raw)} is not a phone number", _PHONE_HINT)
    if area in ("400", "800"):
        raise ContentError(
            f"{_quote(raw)} is not a phone number: 0{area} is not an area code",
            f"write {area} numbers without a leading 0, e.g. {area}-810-8888",
        )
    local = n[len(area) :]
    if not 7 <= len(local) <= 8:
        raise ContentError(
            f"{_quote(raw)} is not a phone number: after the area code 0{area} "
            f"it has {len(local)} digits, not 7 or 8",
            _PHONE_HINT,
        )
    if bounds and bounds[0] != len(area):
        raise ContentError(
            f"{_quote(raw)} is not a phone number: the area code is split in the wrong place",
            f"write it as 0{area}-{local}",
        )
    return Phone(
        display=f"0{area}-{local}",
        href=f"tel:+86-{area}-{local}",
        international=f"+86 {area} {local}",
    )


# ---------------------------------------------------------------------------------------------
# Office hours


@dataclass(frozen=True, slots=True)
class TimeRange:
    """An opening period within a day, as zero-padded 24-hour HH:MM."""

    start: str
    end: str


@dataclass(frozen=True, slots=True)
class Hours:
    """When an office can be reached: the editor's words and a machine-readable form."""

    text: str
    days: str
    ranges: tuple[TimeRange, ...]

    def machine(self) -> str:
        """`Mo-Fr 08:30-12:00,14:30-17:30`, or `workdays 08:30-17:00` for 工作日."""
        return f"{self.days} " + ",".join(f"{r.start}-{r.end}" for r in self.ranges)


_HOURS_EXAMPLE = "工作日 8:30-17:00"
_HOURS_HINT = "write the days, then the times, e.g. 工作日 8:30-12:00、14:00-17:30"
_TIME_HINT = "write times on a 24-hour clock with two-digit minutes, e.g. 8:30 or 17:00"
_PERIOD = "上午|下午|早上|中午|晚上|凌晨"
_PM_BELOW = {"下午": 12, "晚上": 12, "中午": 6}  # an hour below this is after noon
_WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
_DAY_INDEX = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_EVERY_DAY = frozenset(range(7))
_WEEKEND = frozenset({5, 6})
_MONDAY_TO_FRIDAY = frozenset(range(5))
# Days are a set of weekdays (0 = Monday), or None for 工作日, the official working-day calendar.
_DAY_WORDS: dict[str, frozenset[int] | None] = {
    "工作日": None,
    "每天": _EVERY_DAY,
    "每日": _EVERY_DAY,
    "天天": _EVERY_DAY,
    "周末": _WEEKEND,
    "双休日": _WEEKEND,
}


def _time_pattern(p: str) -> str:
    return (
        rf"(?P<{p}t>(?<![0-9:.])(?P<{p}h>[0-9]+)\s*"
        rf"(?::\s*(?P<{p}m>[0-9]+)|[时点](?:\s*(?P<{p}fm>[0-9]+)\s*分|(?P<{p}half>半))?))"
    )


_RANGE_RE = re.compile(
    rf"(?:(?P<sp>{_PERIOD})\s*)?{_time_pattern('s')}\s*(?:-+|~+|至|到)\s*"
    rf"(?:(?P<ep>{_PERIOD})\s*)?{_time_pattern('e')}"
)
_LABEL_RE = re.compile(r"[\u4e00-\u9fff]{0,6}?时间\s*:?")
_DAY = "[一二三四五六日天]"
_DAY_PREFIX = "(?:周|星期|礼拜)"
_DAY_LIST = rf"{_DAY_PREFIX}{_DAY}(?:\s*(?:至|到|-|~|、|,|和|及|与)\s*{_DAY_PREFIX}?{_DAY})*"
_DAYS_RE = re.compile("|".join(_DAY_WORDS) + rf"|每?{_DAY_LIST}")
_CLOSED_RE = re.compile(  # 法定节假日除外, 周六、周日及节假日休息: days the office is shut
    rf"(?:(?:(?:法定)?(?:节假日|节日|假日|公休日)|周末|双休日|(?>{_DAY_LIST}))\s*[和及、与,]?\s*)++"
    r"(?:除外|休息|不办公|不上班|闭馆)"
)
_LEFTOVER_RE = re.compile(r"[^\x00\s,;:、。.()\[\]【】/|&和及与~\-]+")


def parse_hours(text: str) -> Hours:
    """Read office hours such as 工作日8:30-17:00 or 周一至周五上午8:30-11:30，下午13:30-17:00."""
    raw = _text(text, "hours", _HOURS_EXAMPLE)
    if not raw:
        raise ContentError("the hours are empty", _HOURS_HINT)
    work = raw.translate(_PUNCT)
    label = _LABEL_RE.match(work)
    if label:
        work = _blank(work, label.span())
    closed: set[int] = set()
    for m in list(_CLOSED_RE.finditer(work)):
        for day in _DAYS_RE.finditer(m.group()):
            closed |= _named_days(day.group()) or set()
        work = _blank(work, m.span())
    ranges, work = _time_ranges(raw, work)
    if not ranges:
        raise ContentError(f"{_quote(raw)} has no time range", _HOURS_HINT)
    named: set[frozenset[int] | None] = set()
    for m in list(_DAYS_RE.finditer(work)):
        named.add(_named_days(m.group()))
        work = _blank(work, m.span())
    leftover = _LEFTOVER_RE.search(work)
    if leftover:
        piece = raw[leftover.start() : leftover.end()]
        raise ContentError(f"unexpected {_quote(piece)} in the hours {_quote(raw)}", _HOURS_HINT)
    days = _days(named, frozenset(closed), raw)
    return Hours(text=raw, days=days, ranges=_ordered(ranges))


def _blank(work: str, span: tuple[int, int]) -> str:
    """Mark a recognised part as used; NUL keeps it from joining the parts on either side."""
    start, end = span
    return work[:start] + "\x00" * (end - start) + work[end:]


def _time_ranges(raw: str, work: str) -> tuple[list[tuple[int, int, str]], str]:
    """Every `[上午|下午] H:MM-H:MM` as minutes and as written; a period word carries on."""
    ranges: list[tuple[int, int, str]] = []
    period = ""
    for m in list(_RANGE_RE.finditer(work)):
        period = m.group("sp") or period
        start = _minutes(m, "s", period, raw, is_end=False)
        period = m.group("ep") or period
        end = _minutes(m, "e", period, raw, is_end=True)
        ranges.append((start, end, raw[m.start() : m.end()]))
        work = _blank(work, m.span())
    return ranges, work


def _ordered(ranges: list[tuple[int, int, str]]) -> tuple[TimeRange, ...]:
    """The ranges as HH:MM, each ending after it starts and after the one before it."""
    previous_end, previous_text = -1, ""
    for start, end, written in ranges:
        if end <= start:
            raise ContentError(
                f"the time range {_quote(written)} does not end after it starts",
                "write the earlier time first on a 24-hour clock, "
                "e.g. 14:30-17:30 or 下午2:30-5:30",
            )
        if start < previous_end:
            raise ContentError(
                f"the time range {_quote(written)} starts before {_quote(previous_text)} ends",
                "list the times in order without overlaps, e.g. 8:30-12:00、14:00-17:30; "
                "mark afternoon times with 下午 or use a 24-hour clock",
            )
        previous_end, previous_text = end, written
    return tuple(TimeRange(_clock(start), _clock(end)) for start, end, _ in ranges)


def _minutes(m: re.Match[str], p: str, period: str, raw: str, *, is_end: bool) -> int:
    """Minutes after midnight of one written time; 24:00 is allowed as an end."""
    hour_text, colon, minute_text = m.group(p + "h"), m.group(p + "m"), m.group(p + "fm")
    written = raw[m.start(p + "t") : m.end(p + "t")]
    if len(hour_text) <= 2 and len(colon or "00") == 2 and len(minute_text or "") <= 2:
        hour = int(hour_text)
        minute = 30 if m.group(p + "half") else int(colon or minute_text or "0")
    else:
        hour = minute = 99
    if minute > 59 or hour > 24 or (hour == 24 and (minute > 0 or not is_end)):
        raise ContentError(f"{_quote(written)} is not a valid time", _TIME_HINT)
    if hour < _PM_BELOW.get(period, 0):
        hour += 12
    return hour * 60 + minute


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _named_days(expr: str) -> frozenset[int] | None:
    """周一至周五 → {0..4}, 每周一、三、五 → {0, 2, 4}, 工作日 → None; 周日至周四 wraps."""
    if expr in _DAY_WORDS:
        return _DAY_WORDS[expr]
    days: set[int] = set()
    pending_range, previous = False, 0
    for token in re.findall(r"[至到~-]|[一二三四五六日天]", expr):
        if token not in _DAY_INDEX:
            pending_range = True
            continue
        day = _DAY_INDEX[token]
        if pending_range:
            span = day - previous if day >= previous else day + 7 - previous
            days.update((previous + i) % 7 for i in range(span + 1))
        days.add(day)
        pending_range, previous = False, day
    return frozenset(days)


def _weekday_spec(days: frozenset[int]) -> str:
    """Runs of three or more days become ranges (Mo-Fr); shorter runs are listed (Sa,Su)."""
    parts: list[str] = []
    ordered = sorted(days)
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"{_WEEKDAYS[ordered[i]]}-{_WEEKDAYS[ordered[j]]}")
        else:
            parts.extend(_WEEKDAYS[d] for d in ordered[i : j + 1])
        i = j + 1
    return ",".join(parts)


def _days(named: set[frozenset[int] | None], closed: frozenset[int], raw: str) -> str:
    """One set of days, less the days the text says are closed, in machine form."""
    if not named:
        raise ContentError(
            f"{_quote(raw)} does not say on which days",
            "start with the days, e.g. 工作日 8:30-17:00 or 周一至周五 8:30-17:00",
        )
    if named == {None, _MONDAY_TO_FRIDAY}:  # 工作日（周一至周五）: the calendar is the finer rule
        named = {None}
    if len(named) > 1:
        raise ContentError(
            f"{_quote(raw)} gives more than one set of days",
            "give one set of days with its times, e.g. 周一至周五 8:30-17:00",
        )
    days = next(iter(named))
    if days is None:
        if closed - _WEEKEND:
            raise ContentError(
                f"{_quote(raw)} closes on some 工作日, "
                "which the working-day calendar cannot express",
                "name the open days instead, e.g. 周一、二、四、五 8:30-17:00",
            )
        return "workdays"
    if not days - closed:
        raise ContentError(
            f"{_quote(raw)} closes on every day it names", "name the days the office is open"
        )
    return _weekday_spec(days - closed)


# ---------------------------------------------------------------------------------------------
# E-mail and web addresses


_EMAIL_HINT = "write the address as name@example.gov.cn, without spaces"
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL_PART = rf"{_ATEXT}(?:\.{_ATEXT})*"
_LOCAL_PART_RE = re.compile(_LOCAL_PART)
_EMAIL_RE = re.compile(rf"(?P<local>{_LOCAL_PART})@(?P<domain>{_DOMAIN})")


def parse_email(text: str) -> str:
    """local@domain.tld, domain lower-cased; a `mailto:` prefix and full-width ＠ are accepted."""
    raw = _text(text, "email address", "name@example.gov.cn")
    address = raw.translate(_WIDE)
    if address[:7].lower() == "mailto:":
        address = address[7:]
    if not address:
        raise ContentError("the email address is empty", _EMAIL_HINT)
    if len(address) > 254:
        raise ContentError(f"{_quote(raw)} is not an email address: it is too long", _EMAIL_HINT)
    m = _EMAIL_RE.fullmatch(address)
    if m and len(m.group("local")) <= 64:
        return f"{m.group('local')}@{m.group('domain').lower()}"
    fault = _email_fault(address)
    raise ContentError(f"{_quote(raw)} is not an email address: {fault}", _EMAIL_HINT)


def _email_fault(address: str) -> str:
    """Why an address failed, in words an editor can act on."""
    local, _, domain = address.partition("@")
    if address.count("@") != 1:
        return "it needs exactly one @"
    if any(_is_hidden(ch) for ch in address):
        return "it contains a space or an invisible character"
    if not _LOCAL_PART_RE.fullmatch(local):
        return "the part before @ has characters an address cannot have, or a dot at its ends"
    if not _DOMAIN_RE.fullmatch(domain):
        return "the part after @ is not a domain such as example.gov.cn"
    return "it is too long"


_URL_HINT = (
    "write a full web address starting with https:// or http://, e.g. https://www.example.gov.cn/"
)
_URL_FORBIDDEN = frozenset('"<>\\`')


def parse_web_url(text: str) -> str:
    """An absolute http(s) URL with a public host name or IP address, returned as written."""
    url = _text(text, "web address", "https://www.example.gov.cn/")
    if not url:
        raise ContentError("the web address is empty", _URL_HINT)
    for ch in url:
        if _is_hidden(ch) or ch in _URL_FORBIDDEN:
            shown = f"U+{ord(ch):04X}" if _is_hidden(ch) else repr(ch)
            raise ContentError(
                f"{_quote(url)} is not a web address: it contains {shown}",
                "remove it; write a space inside an address as %20",
            )
    if not re.match(r"https?://", url, re.I):
        raise ContentError(f"{_quote(url)} is not an http:// or https:// web address", _URL_HINT)
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        _ = parts.port  # raises ValueError for a port that is not a number up to 65535
    except ValueError:
        raise ContentError(f"{_quote(url)} is not a valid web address", _URL_HINT) from None
    if "@" in parts.netloc:
        raise ContentError(
            f"{_quote(url)} is not a web address readers can trust: it has a user name before @",
            "remove the part before @ in the host; " + _URL_HINT,
        )
    if not host:
        raise ContentError(f"{_quote(url)} is not a web address: it has no host name", _URL_HINT)
    if not _valid_host(host, bracketed=parts.netloc.startswith("[")):
        hint = "write a Chinese domain in its xn-- form" if not host.isascii() else _URL_HINT
        raise ContentError(
            f"{_quote(url)} is not a web address: {_quote(host)} is not a public host name", hint
        )
    return url


def _valid_host(host: str, *, bracketed: bool) -> bool:
    try:
        if bracketed:
            ipaddress.IPv6Address(host)
        elif re.fullmatch(r"[0-9.]+", host):
            ipaddress.IPv4Address(host)
        else:
            return _DOMAIN_RE.fullmatch(host) is not None
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Postcodes


_POSTCODE_HINT = "a Chinese postcode has exactly 6 digits, e.g. 118200"
_POSTCODE_LABEL = "(?:邮政编码|邮编)"
_POSTCODE_RE = re.compile(
    rf"[\s,，;；、]*(?:[(（]\s*{_POSTCODE_LABEL}\s*[:：]?\s*(?P<a>[0-9０-９]+)\s*[)）]"
    rf"|{_POSTCODE_LABEL}\s*[:：]?\s*(?P<b>[0-9０-９]+))"
)
_EDGE_SEPARATORS_RE = re.compile(r"^[\s,，;；、]+|[\s,，;；、]+$")


def parse_postcode(text: str) -> str:
    """Exactly six digits (full-width digits are converted to ASCII)."""
    raw = _text(text, "postcode", "118200")
    code = raw.translate(_WIDE)
    if not code:
        raise ContentError("the postcode is empty", _POSTCODE_HINT)
    if not re.fullmatch(r"[0-9]{6}", code):
        raise ContentError(f"{_quote(raw)} is not a postcode", _POSTCODE_HINT)
    return code


def split_postcode(address: str) -> tuple[str, str]:
    """Take a labelled postcode (邮编 118200, 邮政编码：118200) out of an address."""
    raw = _text(address, "address", "丹东市宽甸满族自治县（邮编 118200）")
    found = list(_POSTCODE_RE.finditer(raw))
    if len(found) > 1:
        raise ContentError(
            f"{_quote(raw)} gives more than one postcode", "keep only the postcode of this address"
        )
    code, rest = "", raw
    if found:
        m = found[0]
        code = parse_postcode(m.group("a") or m.group("b"))
        rest = raw[: m.start()] + raw[m.end() :]
    if re.search(_POSTCODE_LABEL, rest):
        raise ContentError(
            f"{_quote(raw)} mentions a postcode without its 6 digits", "write it as 邮编 118200"
        )
    return _EDGE_SEPARATORS_RE.sub("", rest), code
