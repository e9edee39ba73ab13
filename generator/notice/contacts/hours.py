"""Office hours: the days and times an office can be reached, in the editor's words and machine-readable."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import ContentError
from generator.notice.contacts.text import _PUNCT, _quote, _text


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
    days_assumed: bool = False
    """The text names no days (上午8:00-12:00 下午14:30-17:30): read, as readers read it, as working days."""

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
    assumed = not named
    days = _days({None} if assumed else named, frozenset(closed), raw)
    return Hours(text=raw, days=days, ranges=_ordered(ranges), days_assumed=assumed)


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
    """One set of days, less the days the text says are closed, in machine form.

    `named` is never empty: hours that name no days are read as working days ({None})."""
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
