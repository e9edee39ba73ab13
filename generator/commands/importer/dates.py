"""Dates as notices write them (2025年7月21日, 2025-07-21, 二〇二五年七月二十一日, 7月21日) and ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, time

from generator.commands.importer.text import compact

CN_DIGIT_VALUES = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3,
                    "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

CN_DIGITS = "〇零○ＯO一二三四五六七八九"

CN_SMALL = "一二三四五六七八九十廿卅"

DATE_RE = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"
    r"|(?<!\d)(?P<ny>\d{4})\s*[-/.．]\s*(?P<nm>\d{1,2})\s*[-/.．]\s*(?P<nd>\d{1,2})(?![\d.．])"
    rf"|(?P<cy>[{CN_DIGITS}]{{4}})\s*年\s*(?P<cm>[{CN_SMALL}]{{1,3}})\s*月"
    rf"\s*(?P<cd>[{CN_SMALL}]{{1,3}})\s*[日号]"
)

MONTH_DAY_RE = re.compile(
    r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"
    rf"|(?P<cm>[{CN_SMALL}]{{1,3}})\s*月\s*(?P<cd>[{CN_SMALL}]{{1,3}})\s*[日号]"
)

NUMERIC_MONTH_DAY_RE = re.compile(r"(?P<m>\d{1,2})\s*[.．/]\s*(?P<d>\d{1,2})(?![\d.．/])")

DATE_TAIL_RE = re.compile(  # after a date: "（星期一）", "9:00", "下午5时30分"
    r"(?:\s*[（(]\s*(?:星期|周)[一二三四五六日天]\s*[）)])?"
    r"(?:\s*(?P<half>上午|下午|晚上)?\s*(?P<hour>\d{1,2})\s*(?:[:：]\s*(?P<minute>\d{2})(?::\d{2})?|[时点]"
    r"(?:\s*(?P<cminute>\d{1,2})\s*分)?))?"
)

RANGE_SEP_RE = re.compile(r"\s*(?:起\s*)?(?:至|到|——|—|―|–|－|-|～|~)\s*")

DAY_ONLY_RE = re.compile(rf"(?P<d>\d{{1,2}}|[{CN_SMALL}]{{1,3}})\s*[日号]")  # "2023年12月5日—11日"

DAMAGED_DATE_RE = re.compile(r"\d{4}\s*年\s*\d{3,4}\s*[日号]?|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{3,}")
"""A date with a lost 月 ("2025年1021日") or a day of three digits: never read as some other date."""


@dataclass(frozen=True, slots=True)
class Range:
    """A "start 至 end" read from the text."""

    start: date | None = None
    end: date | None = None
    start_clock: time | None = None
    end_clock: time | None = None
    year_guessed: bool = False  # the start was written without a year
    damaged: bool = False  # the end is a damaged date ("2025年1021日"): not read


def cn_int(text: str) -> int | None:
    """二〇二五 → 2025 (digit by digit); 十 → 10, 二十一 → 21, 三十一 → 31, 廿三 → 23."""
    text = text.replace("廿", "二十").replace("卅", "三十")
    if "十" in text:
        tens, _, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            return None
        t = CN_DIGIT_VALUES.get(tens) if tens else 1
        o = CN_DIGIT_VALUES.get(ones) if ones else 0
        return None if t is None or o is None else t * 10 + o
    digits = [CN_DIGIT_VALUES.get(ch) for ch in text]
    if not digits or any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def number_of(text: str) -> int | None:
    return int(text) if text.isdecimal() else cn_int(text)


def make_date(year: int | None, month: int | None, day: int | None) -> date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_of(m: re.Match[str]) -> date | None:
    """The date of a `DATE_RE` match (any of its three forms)."""
    for y, mo, d in (("y", "m", "d"), ("ny", "nm", "nd"), ("cy", "cm", "cd")):
        if m.group(y):
            return make_date(number_of(m.group(y)), number_of(m.group(mo)), number_of(m.group(d)))
    return None


def month_day_of(m: re.Match[str], year: int) -> date | None:
    """The date of a month-day match (`MONTH_DAY_RE` or `NUMERIC_MONTH_DAY_RE`) in `year`."""
    groups = m.groupdict()
    month, day = (groups["m"], groups["d"]) if groups.get("m") else (groups.get("cm"), groups.get("cd"))
    if not month or not day:
        return None
    return make_date(year, number_of(month), number_of(day))


def date_only(text: str) -> date | None:
    """The date of a line that is nothing but a date, maybe in brackets: "（2025年7月21日）"."""
    core = compact(text).strip("（）() ")
    m = DATE_RE.fullmatch(core)
    return date_of(m) if m else None


def parse_range(text: str, year_hint: int | None) -> Range:
    """The first "start 至 end" in `text`; the end may omit the year, both may give a time of day."""
    m = DATE_RE.search(text)
    broken = DAMAGED_DATE_RE.search(text)
    if broken and (m is None or broken.start() < m.start()):
        return Range(damaged=True)  # "2025年1021日至…": the start is damaged
    start, guessed = (date_of(m), False) if m else (None, False)
    if m is None and year_hint is not None:
        m = MONTH_DAY_RE.search(text)
        start, guessed = (month_day_of(m, year_hint), True) if m else (None, False)
    if m is None or start is None:
        return Range()
    start_clock, pos = clock_after(text, m.end())
    found = Range(start, None, start_clock, None, guessed)
    sep = RANGE_SEP_RE.match(text, pos)
    if sep is None:
        return found
    if DAMAGED_DATE_RE.match(text, sep.end()):
        return replace(found, damaged=True)
    full = DATE_RE.match(text, sep.end())
    short = None if full else MONTH_DAY_RE.match(text, sep.end()) or NUMERIC_MONTH_DAY_RE.match(text, sep.end())
    day_only = None if full or short else DAY_ONLY_RE.match(text, sep.end())
    if day_only:  # "12月5日—11日": the end in the start's month
        end = make_date(start.year, start.month, number_of(day_only.group("d")) or 0)
        end_clock, _ = clock_after(text, day_only.end())
        return replace(found, end=end, end_clock=end_clock) if end and end >= start else found
    matched = full or short
    if matched is None:
        return found
    end = date_of(matched) if full else month_day_of(matched, start.year)
    if short and end is not None and end < start:  # "2025年12月29日至1月9日"
        end = month_day_of(matched, start.year + 1)
    end_clock, _ = clock_after(text, matched.end())
    return replace(found, end=end, end_clock=end_clock)


def clock_after(text: str, pos: int) -> tuple[time | None, int]:
    """The time of day written after a date ("9:00", "下午5时"), if any, and the position past it."""
    tail = DATE_TAIL_RE.match(text, pos)
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
