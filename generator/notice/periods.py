"""Disclosure periods (公示期): parsing editors' dates, counting official working days, and status."""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import chinese_calendar

from generator.errors import ContentError

_MOMENT_HINT = (
    "write the date as YYYY-MM-DD (for example 2025-07-21), optionally followed by the time of day "
    "as HH:MM (for example 2025-07-21 09:00)"
)

_MOMENT_RE = re.compile(
    r"""
    (?P<year>[0-9]{4})
    (?:
        (?P<sep>[-/.])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})
      | \s*年\s*(?P<cmonth>[0-9]{1,2})\s*月\s*(?P<cday>[0-9]{1,2})\s*日
    )
    (?:
        (?:\s*[Tt]\s*|\s+|(?<=日)\s*)
        (?:
            (?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?
          | (?P<chour>[0-9]{1,2})\s*[时時点點]\s*(?:(?P<cminute>[0-9]{1,2})\s*分)?
        )
    )?
    """,
    re.VERBOSE | re.ASCII,
)


@dataclass(frozen=True, slots=True)
class Period:
    """A disclosure period: from `start` (inclusive) to `end` (exclusive), both aware in the site tz."""

    start: datetime
    end: datetime
    start_has_time: bool
    end_has_time: bool
    working_days: int | None = None

    def __post_init__(self) -> None:
        if not (_is_aware(self.start) and _is_aware(self.end)):
            raise ContentError(
                "the period's start and end must be timezone-aware datetimes",
                "build periods with make_period(), which attaches the site's time zone",
            )
        if self.end <= self.start:
            raise ContentError(
                f"the period ends before it starts: it starts {_show(self.start, self.start_has_time)}"
                f" and ends {_show(self.end, self.end_has_time, is_end=True)}",
                "check the year and month of both dates; the end must come after the start",
            )

    @property
    def first_day(self) -> date:
        """The date of the first day of the period."""
        return self.start.date()

    @property
    def last_day(self) -> date:
        """The date of the last instant inside the period (the end is exclusive)."""
        return (self.end - timedelta(microseconds=1)).date()

    def with_end(self, end: datetime, end_has_time: bool) -> Period:
        """The same period closing at `end` instead (an extension, 延期); the end is moved to the start's tz."""
        if not _is_aware(end):
            raise ContentError(
                "the new end of the period must be a timezone-aware datetime",
                "parse the new end with parse_end(), which attaches the site's time zone",
            )
        local_end = end.astimezone(self.start.tzinfo)
        return replace(self, end=local_end, end_has_time=end_has_time, working_days=None)


@dataclass(frozen=True, slots=True)
class Status:
    """Where a moment falls relative to a period."""

    state: str
    days_left: int | None = None
    days_until_start: int | None = None


LAST_DAY = date(9998, 12, 31)
"""The latest date a notice may give: periods and calendars count days past their dates, and the
calendar of Python ends with 9999."""


def _in_range(day: date, value: object) -> date:
    if day > LAST_DAY:
        shown = value.isoformat() if isinstance(value, date) else str(value)
        raise ContentError(f"{shown} is too far in the future: dates go up to {LAST_DAY.isoformat()}",
                           "write the real date, e.g. `end: 2025-08-08`")
    return day


def parse_moment(value: object, tz: ZoneInfo) -> tuple[date, time | None]:
    """A date and optional time of day in the site's tz, from a YAML date, datetime or string.

    "24时" / "24:00" (as notices write the end of a day: 2025年8月8日24时) is 00:00 of the next day.
    A date past LAST_DAY is an error (the calendar arithmetic would overflow)."""
    try:
        day, clock, day_end = _moment(value, tz)
    except OverflowError:
        day, clock, day_end = date.max, None, False
    day = _in_range(day, value)
    return (day + timedelta(days=1), time(0)) if day_end else (day, clock)


def _moment(value: object, tz: ZoneInfo) -> tuple[date, time | None, bool]:
    """parse_moment's date and time, and whether the time was written as 24:00 (the end of that day)."""
    if isinstance(value, str):
        return _parse_moment_text(value)
    return (*_parse_moment_value(value, tz), False)


def _parse_moment_value(value: object, tz: ZoneInfo) -> tuple[date, time | None]:
    if isinstance(value, datetime):
        if _is_aware(value):
            value = value.astimezone(tz)
        return value.date(), value.time()
    if isinstance(value, date):
        return value, None
    raise ContentError(
        f"expected a date, got {_describe(value)}",
        _MOMENT_HINT,
    )


def not_in_calendar(text: str, year: int, month: int) -> ContentError:
    """The error for a date written in the right form that the calendar does not have (2025-02-30):
    the same words for every date field."""
    hint = "check the day and the month"
    if 1 <= month <= 12:
        last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day if 1 <= year < 9999 else 31
        hint += f": {year}-{month:02d} has {last} days"
    return ContentError(f"`{text}` is not a date in the calendar", hint + "; write the date as YYYY-MM-DD, e.g. 2025-07-21")


def _parse_moment_text(text: str) -> tuple[date, time | None, bool]:
    normal = unicodedata.normalize("NFKC", text).strip()
    match = _MOMENT_RE.fullmatch(normal)
    if match is None:
        raise ContentError(f"{text!r} is not a date this site understands", _MOMENT_HINT)
    g = match.groupdict()
    year, month = int(g["year"]), int(g["month"] or g["cmonth"])
    try:
        day = date(year, month, int(g["day"] or g["cday"]))
    except ValueError:
        raise not_in_calendar(text, year, month) from None
    hour, minute = g["hour"] or g["chour"], g["minute"] or g["cminute"]
    if hour is None:
        return day, None, False
    if int(hour) == 24 and int(minute or 0) == 0 and not g["second"]:
        return day, None, True  # 24时, 24:00: the end of that day
    try:
        clock = time(int(hour), int(minute or 0), int(g["second"] or 0))
    except ValueError:
        raise ContentError(
            f"{text!r} has a time of day that does not exist; expected 00:00 to 23:59 (or 24:00 for the"
            " end of the day)",
            _MOMENT_HINT,
        ) from None
    return day, clock, False


def parse_start(value: object, tz: ZoneInfo) -> tuple[datetime, bool]:
    """The first instant of the period and whether a time of day was written (else 00:00 of the date)."""
    day, clock = parse_moment(value, tz)
    return datetime.combine(day, time(0) if clock is None else clock, tzinfo=tz), clock is not None


def parse_end(value: object, tz: ZoneInfo) -> tuple[datetime, bool]:
    """The exclusive closing instant and whether a time of day was written (a date d closes at 00:00 of d+1,
    and so does d 24:00, 24时)."""
    day, clock, _ = _moment(value, tz)
    if clock is None:
        return end_of_day(day, tz), False
    return datetime.combine(day, clock, tzinfo=tz), True


def end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The exclusive end of `day`: 00:00 of the next day in `tz`."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)


def make_period(
    start: object, end: object = None, working_days: object = None, *, tz: ZoneInfo
) -> Period:
    """A Period from front-matter values: a start and exactly one of an end or a number of working days."""
    if start is None:
        raise ContentError(
            "the period has no start", "add a start date, for example `start: 2025-07-21`"
        )
    if end is not None and working_days is not None:
        raise ContentError(
            "the period has both an end and a number of working days; expected exactly one",
            "keep either `end:` or `working_days:` and remove the other",
        )
    if end is None and working_days is None:
        raise ContentError(
            "the period has neither an end nor a number of working days; expected exactly one",
            "add `end: 2025-08-08` or `working_days: 5` under `disclosure:`",
        )
    start_at, start_has_time = parse_start(start, tz)
    if end is not None:
        end_at, end_has_time = parse_end(end, tz)
        return Period(start_at, end_at, start_has_time, end_has_time)
    count = parse_working_days(working_days)
    try:
        last = add_working_days(start_at.date(), count)
        _in_range(last, f"the start and {count} working days")
    except OverflowError:
        raise ContentError(f"{count} working days from the start go past {LAST_DAY.isoformat()}",
                           "write the real start and number of working days") from None
    return Period(start_at, end_of_day(last, tz), start_has_time, False, count)


def parse_working_days(value: object) -> int:
    """A positive whole number of working days, from an int or a string of digits."""
    hint = "write a whole number of working days, for example `working_days: 5`"
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if re.fullmatch(r"[0-9]+", text, re.ASCII) is None:
            raise ContentError(
                f"working_days must be a positive whole number, got {value!r}", hint
            )
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ContentError(
            f"working_days must be a positive whole number, got {_describe(value)}", hint
        )
    if value < 1:
        raise ContentError(f"working_days must be at least 1, got {value}", hint)
    return value


def add_working_days(start: date, n: int) -> date:
    """The n-th official working day counting from `start` (inclusive when `start` is a working day)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ContentError(
            f"the number of working days must be a positive whole number, got {n!r}",
            "write a whole number of working days, for example `working_days: 5`",
        )
    day, counted = start, 0
    while True:
        if is_working_day(day):
            counted += 1
            if counted == n:
                return day
        day += timedelta(days=1)


class CalendarGap(ContentError):
    """Working days were to be counted in a year the installed working-day calendar does not cover."""

    def __init__(self, year: int) -> None:
        last = calendar_years()[1]
        super().__init__(
            f"the working-day calendar installed (chinesecalendar {calendar_version()}) covers the years up to"
            f" {last}, not {year}, so working days cannot be counted into {year}",
            f"write an explicit end date (`end:`) instead of `working_days:`, or, once the State Council has published the"
            f" holidays of {year} (each November), upgrade the calendar: pip install --upgrade chinesecalendar",
        )
        self.year = year


def is_working_day(day: date) -> bool:
    """Whether `day` is a working day on the official calendar (holidays off, 调休 make-up days on)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise CalendarGap(day.year) from None


def calendar_version() -> str:
    """The installed chinesecalendar's version, as its package metadata gives it."""
    try:
        return importlib.metadata.version("chinesecalendar")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - imported from a source tree
        return "unknown"


def calendar_years() -> tuple[int, int]:
    """The first and last year the installed working-day calendar covers."""
    years = {d.year for d in (*chinese_calendar.holidays, *chinese_calendar.workdays)}
    return min(years), max(years)


def calendar_fingerprint() -> str:
    """The installed calendar's version and a digest of its data (holidays and make-up working days), so
    that an upgraded or patched calendar counts as a change of every working-day period."""
    h = hashlib.blake2b(calendar_version().encode(), digest_size=16)
    for table in (chinese_calendar.holidays, chinese_calendar.workdays, chinese_calendar.in_lieu_days):
        for day in sorted(table):
            h.update(f"{day.isoformat()}={table[day] if isinstance(table, dict) else ''};".encode())
        h.update(b"|")
    return h.hexdigest()


OFFICE_CLOSES = time(17, 0)
"""When office hours end, for a notice whose contacts give none."""


def starts_after_hours(period: Period, closing: time = OFFICE_CLOSES) -> bool:
    """Whether a period of working days starts on a working day at or after `closing`: that day still
    counts as the first working day, though little of it is left."""
    return (period.working_days is not None and period.start_has_time
            and period.start.timetz().replace(tzinfo=None) >= closing and is_working_day(period.first_day))


def status(period: Period, now: datetime) -> Status:
    """Whether the period is upcoming, open or closed at `now`, with calendar days counted in its tz."""
    if not _is_aware(now):
        raise ContentError(
            "the current time must be timezone-aware",
            "pass datetime.now(tz) or a datetime with tzinfo",
        )
    today = now.astimezone(period.start.tzinfo).date()
    if now < period.start:
        return Status("upcoming", days_until_start=(period.first_day - today).days)
    if now < period.end:
        return Status("open", days_left=(period.last_day - today).days + 1)
    return Status("closed")


def _is_aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


def _show(moment: datetime, has_time: bool, *, is_end: bool = False) -> str:
    if has_time or moment.time() != time(0):
        return f"at {moment:%Y-%m-%d %H:%M}"
    day = moment.date() - timedelta(days=1) if is_end else moment.date()
    return f"on {day.isoformat()}"


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"{value!r} (a number)"
    return f"{value!r} ({type(value).__name__})"


def impossible_date(value: Any) -> ContentError | None:
    """The not-in-the-calendar error for text written as a date (2025-02-30, 2025年2月30日), else None."""
    if isinstance(value, str):
        m = _CN_DATE.match(value)
        if m:
            try:
                date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return not_in_calendar(value.strip(), int(m[1]), int(m[2]))
    return None


_CN_DATE = re.compile(r"^\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*$")


def parse_date(value: Any) -> date | None:
    """A date from YAML: a date object, 2025-07-21, 2025/7/21, 2025.7.21 or 2025年7月21日."""
    if isinstance(value, datetime):
        day: date | None = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str) and (m := _CN_DATE.match(value)):
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    else:
        return None
    return None if day is None or day > LAST_DAY else day
