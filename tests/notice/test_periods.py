"""Tests for generator.periods: parsing, working-day arithmetic and status at the day boundaries."""

from __future__ import annotations

import time as systime
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest

from generator.errors import ContentError
from generator.notice.periods import (
    Period,
    Status,
    add_working_days,
    is_working_day,
    make_period,
    parse_date,
    parse_end,
    parse_moment,
    parse_start,
    parse_working_days,
    status,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = UTC


@pytest.fixture(autouse=True)
def machine_in_utc(monkeypatch: pytest.MonkeyPatch):
    """The build machine's own time zone must never matter: force it to UTC."""
    monkeypatch.setenv("TZ", "UTC")
    systime.tzset()
    yield
    monkeypatch.undo()
    systime.tzset()


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def july() -> Period:
    return make_period(date(2025, 7, 21), date(2025, 8, 8), tz=SHANGHAI)


# --- parse_moment -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 7, 21), (date(2025, 7, 21), None)),
        (datetime(2025, 7, 21, 9, 0), (date(2025, 7, 21), time(9, 0))),
        (datetime(2025, 7, 21, 0, 0), (date(2025, 7, 21), time(0, 0))),
        ("2025-07-21", (date(2025, 7, 21), None)),
        ("  2025-07-21  ", (date(2025, 7, 21), None)),
        ("2025-7-1", (date(2025, 7, 1), None)),
        ("2025-07-21 09:00", (date(2025, 7, 21), time(9, 0))),
        ("2025-07-21T09:00", (date(2025, 7, 21), time(9, 0))),
        ("2025-07-21 9:05:30", (date(2025, 7, 21), time(9, 5, 30))),
        ("2025/7/21", (date(2025, 7, 21), None)),
        ("2025/07/21 17:00", (date(2025, 7, 21), time(17, 0))),
        ("2025.7.21", (date(2025, 7, 21), None)),
        ("2025年7月21日", (date(2025, 7, 21), None)),
        ("2025年07月21日", (date(2025, 7, 21), None)),
        ("2025年7月21日 9:00", (date(2025, 7, 21), time(9, 0))),
        ("2025年7月21日9:00", (date(2025, 7, 21), time(9, 0))),
        ("2025年7月21日 17时", (date(2025, 7, 21), time(17, 0))),
        ("2025年7月21日17时30分", (date(2025, 7, 21), time(17, 30))),
        ("２０２５年７月２１日　９：００", (date(2025, 7, 21), time(9, 0))),  # full-width
    ],
)
def test_parse_moment_accepts(value: object, expected: tuple[date, time | None]) -> None:
    assert parse_moment(value, SHANGHAI) == expected


def test_parse_moment_converts_aware_datetimes_to_site_tz() -> None:
    # 16:00 UTC on the 20th is midnight of the 21st in Shanghai.
    assert parse_moment(datetime(2025, 7, 20, 16, 0, tzinfo=UTC), SHANGHAI) == (
        date(2025, 7, 21),
        time(0, 0),
    )


@pytest.mark.parametrize(
    "value",
    [
        True,
        False,
        None,
        20250721,
        2025.0721,
        ["2025-07-21"],
        "",
        "明天",
        "2025-13-01",
        "2025-02-29",
        "2025-07-32",
        "2025-07-21 09:60",
        "2025-07-21 9",
        "2025-07/21",
        "21/07/2025",
        "2025-07-2109:00",
        "2025年7月21",
        "2025-07-21 09:00 until noon",
    ],
)
def test_parse_moment_rejects(value: object) -> None:
    with pytest.raises(ContentError) as info:
        parse_moment(value, SHANGHAI)
    assert info.value.message
    assert "YYYY-MM-DD" in info.value.hint


# --- make_period ------------------------------------------------------------------------------


def test_dates_cover_whole_days(july: Period) -> None:
    assert july.start == sh(2025, 7, 21)
    assert july.end == sh(2025, 8, 9)
    assert (july.start_has_time, july.end_has_time, july.working_days) == (False, False, None)
    assert july.first_day == date(2025, 7, 21)
    assert july.last_day == date(2025, 8, 8)
    assert july.start.tzinfo is SHANGHAI and july.end.tzinfo is SHANGHAI


def test_times_of_day_are_kept() -> None:
    period = make_period("2025-07-21 09:00", "2025-08-08 17:00", tz=SHANGHAI)
    assert period.start == sh(2025, 7, 21, 9, 0)
    assert period.end == sh(2025, 8, 8, 17, 0)
    assert period.start_has_time and period.end_has_time
    assert period.first_day == date(2025, 7, 21)
    assert period.last_day == date(2025, 8, 8)


def test_end_at_midnight_with_time_closes_the_previous_day() -> None:
    period = make_period("2025-07-21", "2025-08-08 00:00", tz=SHANGHAI)
    assert period.end == sh(2025, 8, 8)
    assert period.last_day == date(2025, 8, 7)


def test_one_day_period() -> None:
    period = make_period("2025-07-21", "2025-07-21", tz=SHANGHAI)
    assert period.first_day == period.last_day == date(2025, 7, 21)


def test_naive_yaml_datetimes_are_site_time_not_machine_time() -> None:
    period = make_period(datetime(2025, 7, 21, 9, 0), datetime(2025, 8, 8, 17, 0), tz=SHANGHAI)
    assert period.start == datetime(2025, 7, 21, 1, 0, tzinfo=UTC)
    assert period.end == datetime(2025, 8, 8, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2025-08-08", "2025-07-21"),
        ("2025-07-21", "2025-07-20"),  # ends at the end of the 20th = the start instant
        ("2025-07-21 09:00", "2025-07-21 09:00"),
        ("2025-07-21 09:00", "2025-07-21 08:59"),
        ("2025-07-21", "2025-07-21 00:00"),
        ("2026-07-21", "2025-08-08"),
    ],
)
def test_end_before_start(start: str, end: str) -> None:
    with pytest.raises(ContentError, match="the period ends before it starts") as info:
        make_period(start, end, tz=SHANGHAI)
    assert info.value.hint


def test_end_before_start_message_shows_the_dates_as_written() -> None:
    with pytest.raises(ContentError) as info:
        make_period("2025-08-08", "2025-07-21", tz=SHANGHAI)
    assert "2025-08-08" in info.value.message and "2025-07-21" in info.value.message


def test_both_end_and_working_days() -> None:
    with pytest.raises(ContentError, match="both") as info:
        make_period("2025-07-21", "2025-08-08", 5, tz=SHANGHAI)
    assert "working_days" in info.value.hint


def test_neither_end_nor_working_days() -> None:
    with pytest.raises(ContentError, match="neither") as info:
        make_period("2025-07-21", tz=SHANGHAI)
    assert info.value.hint


def test_missing_start() -> None:
    with pytest.raises(ContentError, match="no start"):
        make_period(None, "2025-08-08", tz=SHANGHAI)


@pytest.mark.parametrize(
    ("start", "end"), [("明天", "2025-08-08"), ("2025-07-21", "下周五"), (True, "2025-08-08")]
)
def test_bad_moments_in_a_period(start: object, end: object) -> None:
    with pytest.raises(ContentError):
        make_period(start, end, tz=SHANGHAI)


# --- working days -----------------------------------------------------------------------------


def test_calendar_knows_make_up_days_and_holidays() -> None:
    assert is_working_day(date(2025, 9, 28))  # Sunday, 调休
    assert is_working_day(date(2025, 10, 11))  # Saturday, 调休
    assert not is_working_day(date(2025, 10, 1))  # National Day
    assert not is_working_day(date(2025, 9, 27))  # an ordinary Saturday


def test_five_working_days_across_national_day() -> None:
    # 9-26 (Fri), 9-28 (Sun, make-up), 9-29, 9-30, then the holiday, then 10-09.
    assert add_working_days(date(2025, 9, 26), 5) == date(2025, 10, 9)
    period = make_period(date(2025, 9, 26), working_days=5, tz=SHANGHAI)
    assert period.working_days == 5
    assert period.last_day == date(2025, 10, 9)
    assert period.end == sh(2025, 10, 10)
    assert not period.end_has_time


def test_start_on_a_holiday_counts_from_the_next_working_day() -> None:
    # 10-09, 10-10, 10-11 (Sat, make-up).
    assert add_working_days(date(2025, 10, 1), 3) == date(2025, 10, 11)
    period = make_period("2025-10-01", working_days=3, tz=SHANGHAI)
    assert period.first_day == date(2025, 10, 1)
    assert period.last_day == date(2025, 10, 11)


def test_one_working_day_is_the_start_when_it_is_a_working_day() -> None:
    assert add_working_days(date(2025, 7, 21), 1) == date(2025, 7, 21)
    assert add_working_days(date(2025, 7, 19), 1) == date(2025, 7, 21)  # Saturday


def test_start_with_time_still_counts_its_day() -> None:
    period = make_period("2025-09-26 15:00", working_days=5, tz=SHANGHAI)
    assert period.start == sh(2025, 9, 26, 15, 0) and period.start_has_time
    assert period.last_day == date(2025, 10, 9)


def test_working_days_as_digit_string() -> None:
    assert make_period("2025-09-26", working_days="5", tz=SHANGHAI).last_day == date(2025, 10, 9)


@pytest.mark.parametrize("value", [True, False, 0, -1, 5.0, 5.5, "five", "5个工作日", "-3", "", [5]])
def test_bad_working_days(value: object) -> None:
    with pytest.raises(ContentError) as info:
        make_period("2025-09-26", working_days=value, tz=SHANGHAI)
    assert "working_days" in info.value.hint
    with pytest.raises(ContentError):
        parse_working_days(value)


@pytest.mark.parametrize("n", [0, -2, True])
def test_add_working_days_rejects_non_positive(n: int) -> None:
    with pytest.raises(ContentError):
        add_working_days(date(2025, 9, 26), n)


def test_year_not_covered_by_the_installed_calendar() -> None:
    with pytest.raises(ContentError, match="2031") as info:
        make_period("2031-03-03", working_days=5, tz=SHANGHAI)
    assert "end date" in info.value.hint and "chinesecalendar" in info.value.hint


def test_counting_into_an_uncovered_year_names_that_year() -> None:
    last_covered = date.max
    year = 2020
    while True:  # find the calendar's last covered year without hard-coding the package version
        try:
            is_working_day(date(year + 1, 1, 1))
        except ContentError:
            last_covered = date(year, 12, 31)
            break
        year += 1
    with pytest.raises(ContentError, match=str(last_covered.year + 1)):
        add_working_days(last_covered - timedelta(days=3), 30)


def test_explicit_end_needs_no_calendar() -> None:
    period = make_period("2031-03-03", "2031-03-14", tz=SHANGHAI)
    assert period.last_day == date(2031, 3, 14)


# --- with_end (extensions) --------------------------------------------------------------------


def test_extension_with_a_date(july: Period) -> None:
    end, has_time = parse_end("2025-08-15", SHANGHAI)
    extended = july.with_end(end, has_time)
    assert extended.last_day == date(2025, 8, 15)
    assert extended.start == july.start
    assert july.last_day == date(2025, 8, 8)  # the original is untouched


def test_extension_with_a_time_in_another_zone(july: Period) -> None:
    extended = july.with_end(datetime(2025, 8, 15, 9, 0, tzinfo=UTC), True)
    assert extended.end == sh(2025, 8, 15, 17, 0)
    assert extended.end.tzinfo is SHANGHAI
    assert extended.end_has_time


def test_extension_of_a_working_day_period_drops_the_count() -> None:
    period = make_period("2025-09-26", working_days=5, tz=SHANGHAI)
    assert period.with_end(sh(2025, 10, 20), False).working_days is None


def test_extension_before_start(july: Period) -> None:
    with pytest.raises(ContentError, match="ends before it starts"):
        july.with_end(sh(2025, 7, 1), False)


def test_extension_must_be_aware(july: Period) -> None:
    with pytest.raises(ContentError):
        july.with_end(datetime(2025, 8, 15), False)


def test_period_is_frozen(july: Period) -> None:
    with pytest.raises(AttributeError):
        july.end = sh(2025, 9, 1)  # type: ignore[misc]


# --- status -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (sh(2025, 7, 1, 12, 0), Status("upcoming", None, 20)),
        (sh(2025, 7, 20, 0, 0), Status("upcoming", None, 1)),
        (sh(2025, 7, 20, 23, 59), Status("upcoming", None, 1)),
        (sh(2025, 7, 20, 23, 59, 59, 999999), Status("upcoming", None, 1)),
        (sh(2025, 7, 21, 0, 0), Status("open", 19, None)),
        (datetime(2025, 7, 20, 16, 0, tzinfo=UTC), Status("open", 19, None)),
        (datetime(2025, 7, 20, 15, 59, tzinfo=UTC), Status("upcoming", None, 1)),
        (sh(2025, 7, 21, 23, 59), Status("open", 19, None)),
        (sh(2025, 8, 8, 0, 0), Status("open", 1, None)),
        (sh(2025, 8, 8, 23, 59), Status("open", 1, None)),
        (sh(2025, 8, 8, 23, 59, 59, 999999), Status("open", 1, None)),
        (sh(2025, 8, 9, 0, 0), Status("closed", None, None)),
        (datetime(2025, 8, 8, 16, 0, tzinfo=UTC), Status("closed", None, None)),
        (datetime(2025, 8, 8, 15, 59, tzinfo=UTC), Status("open", 1, None)),
        (sh(2026, 1, 1), Status("closed", None, None)),
    ],
)
def test_status_at_day_boundaries(july: Period, now: datetime, expected: Status) -> None:
    assert status(july, now) == expected


def test_status_with_an_end_time() -> None:
    period = make_period("2025-07-21", "2025-08-08 17:00", tz=SHANGHAI)
    assert status(period, sh(2025, 8, 8, 16, 59)) == Status("open", 1, None)
    assert status(period, sh(2025, 8, 8, 17, 0)) == Status("closed", None, None)
    assert status(period, datetime(2025, 8, 8, 8, 59, tzinfo=UTC)) == Status("open", 1, None)
    assert status(period, datetime(2025, 8, 8, 9, 0, tzinfo=UTC)) == Status("closed", None, None)


def test_status_with_a_start_time() -> None:
    period = make_period("2025-07-21 09:00", "2025-08-08", tz=SHANGHAI)
    assert status(period, sh(2025, 7, 21, 8, 59)) == Status("upcoming", None, 0)
    assert status(period, sh(2025, 7, 21, 9, 0)) == Status("open", 19, None)


def test_status_uses_the_site_tz_not_the_machine_tz(
    july: Period, monkeypatch: pytest.MonkeyPatch
) -> None:
    for machine_tz in ("UTC", "America/Los_Angeles", "Pacific/Kiritimati"):
        monkeypatch.setenv("TZ", machine_tz)
        systime.tzset()
        assert status(july, datetime(2025, 7, 20, 16, 0, tzinfo=UTC)) == Status("open", 19, None)
        assert status(july, datetime(2025, 8, 8, 16, 0, tzinfo=UTC)).state == "closed"


def test_status_rejects_naive_now(july: Period) -> None:
    with pytest.raises(ContentError):
        status(july, datetime(2025, 7, 22, 12, 0))


# --- exact messages, hints and limits -----------------------------------------------------------

WORKING_DAYS_HINT = "write a whole number of working days, for example `working_days: 5`"
AWARE_HINT = "build periods with make_period(), which attaches the site's time zone"
END_HINT = "check the year and month of both dates; the end must come after the start"


class _NoOffset(tzinfo):
    """A tzinfo that knows no offset: such a datetime is as naive as one without tzinfo."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None


def error_of(call: Callable[[], object]) -> tuple[str, str]:
    with pytest.raises(ContentError) as info:
        call()
    assert str(info.value) == info.value.message
    return info.value.message, info.value.hint


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime(2025, 7, 21), sh(2025, 8, 9)),
        (sh(2025, 7, 21), datetime(2025, 8, 9)),
        (datetime(2025, 7, 21), datetime(2025, 8, 9)),
        (sh(2025, 7, 21), datetime(2025, 8, 9, tzinfo=_NoOffset())),
        (datetime(2025, 7, 21, tzinfo=_NoOffset()), sh(2025, 8, 9)),
    ],
    ids=["naive-start", "naive-end", "both-naive", "end-without-offset", "start-without-offset"],
)
def test_period_refuses_naive_datetimes(start: datetime, end: datetime) -> None:
    assert error_of(lambda: Period(start, end, False, False)) == (
        "the period's start and end must be timezone-aware datetimes", AWARE_HINT)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2025-08-08", "2025-07-21", "it starts on 2025-08-08 and ends on 2025-07-21"),
        ("2025-07-21", "2025-07-20", "it starts on 2025-07-21 and ends on 2025-07-20"),
        ("2025-07-21 09:00", "2025-07-21 08:59", "it starts at 2025-07-21 09:00 and ends at 2025-07-21 08:59"),
        ("2025-07-21 00:00", "2025-07-20", "it starts at 2025-07-21 00:00 and ends on 2025-07-20"),
        ("2025-07-21", "2025-07-21 00:00", "it starts on 2025-07-21 and ends at 2025-07-21 00:00"),
        ("2026-07-21", "2025-08-08", "it starts on 2026-07-21 and ends on 2025-08-08"),
    ],
)
def test_end_before_start_message_names_both_moments_exactly(start: str, end: str, message: str) -> None:
    assert error_of(lambda: make_period(start, end, tz=SHANGHAI)) == (
        f"the period ends before it starts: {message}", END_HINT)


def test_end_before_start_shows_a_time_that_is_not_midnight_even_without_a_written_time() -> None:
    # A period built directly, with times the editor did not write: a non-midnight moment shows its time.
    assert error_of(lambda: Period(sh(2025, 7, 21, 9, 30), sh(2025, 7, 20), False, False)) == (
        "the period ends before it starts: it starts at 2025-07-21 09:30 and ends on 2025-07-19", END_HINT)


def test_an_extension_before_the_start_names_the_new_end(july: Period) -> None:
    assert error_of(lambda: july.with_end(sh(2025, 7, 2), False)) == (
        "the period ends before it starts: it starts on 2025-07-21 and ends on 2025-07-01", END_HINT)


@pytest.mark.parametrize("end", [datetime(2025, 8, 15), datetime(2025, 8, 15, tzinfo=_NoOffset())])
def test_an_extension_must_be_aware_exact_message(july: Period, end: datetime) -> None:
    assert error_of(lambda: july.with_end(end, False)) == (
        "the new end of the period must be a timezone-aware datetime",
        "parse the new end with parse_end(), which attaches the site's time zone")


def test_status_rejects_naive_now_exact_message(july: Period) -> None:
    assert error_of(lambda: status(july, datetime(2025, 7, 22))) == (
        "the current time must be timezone-aware", "pass datetime.now(tz) or a datetime with tzinfo")


def test_make_period_messages_exactly() -> None:
    assert error_of(lambda: make_period(None, "2025-08-08", tz=SHANGHAI)) == (
        "the period has no start", "add a start date, for example `start: 2025-07-21`")
    assert error_of(lambda: make_period("2025-07-21", "2025-08-08", 5, tz=SHANGHAI)) == (
        "the period has both an end and a number of working days; expected exactly one",
        "keep either `end:` or `working_days:` and remove the other")
    assert error_of(lambda: make_period("2025-07-21", tz=SHANGHAI)) == (
        "the period has neither an end nor a number of working days; expected exactly one",
        "add `end: 2025-08-08` or `working_days: 5` under `disclosure:`")


def test_a_working_day_period_has_no_written_end_time() -> None:
    period = make_period("2025-09-26 09:00", working_days=5, tz=SHANGHAI)
    assert (period.start_has_time, period.end_has_time, period.working_days) == (True, False, 5)
    assert period.end_has_time is False


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "working_days must be a positive whole number, got true (a yes/no value)"),
        (False, "working_days must be a positive whole number, got false (a yes/no value)"),
        (5.0, "working_days must be a positive whole number, got 5.0 (a number)"),
        ([5], "working_days must be a positive whole number, got [5] (list)"),
        (None, "working_days must be a positive whole number, got None (NoneType)"),
        ("five", "working_days must be a positive whole number, got 'five'"),
        ("-3", "working_days must be a positive whole number, got '-3'"),
        (0, "working_days must be at least 1, got 0"),
        ("0", "working_days must be at least 1, got 0"),
        (-1, "working_days must be at least 1, got -1"),
    ],
)
def test_bad_working_days_exact_messages(value: object, message: str) -> None:
    assert error_of(lambda: parse_working_days(value)) == (message, WORKING_DAYS_HINT)


@pytest.mark.parametrize(("value", "expected"), [(1, 1), ("1", 1), (2, 2), ("１２", 12), (" 3 ", 3)])
def test_working_days_at_the_limit_of_one(value: object, expected: int) -> None:
    assert parse_working_days(value) == expected


@pytest.mark.parametrize(
    ("n", "shown"), [(0, "0"), (-2, "-2"), (True, "True"), ("5", "'5'"), (5.0, "5.0")])
def test_add_working_days_rejects_exact_message(n: object, shown: str) -> None:
    assert error_of(lambda: add_working_days(date(2025, 9, 26), n)) == (  # type: ignore[arg-type]
        f"the number of working days must be a positive whole number, got {shown}", WORKING_DAYS_HINT)


def test_one_working_day_from_a_friday_is_that_friday_and_two_is_monday() -> None:
    assert add_working_days(date(2025, 7, 25), 1) == date(2025, 7, 25)
    assert add_working_days(date(2025, 7, 25), 2) == date(2025, 7, 28)


def test_uncovered_year_exact_message() -> None:
    from generator.notice.periods import calendar_version, calendar_years
    last = calendar_years()[1]
    assert error_of(lambda: is_working_day(date(2031, 3, 3))) == (
        f"the working-day calendar installed (chinesecalendar {calendar_version()}) covers the years up to {last}, "
        "not 2031, so working days cannot be counted into 2031",
        "write an explicit end date (`end:`) instead of `working_days:`, or, once the State Council has published "
        "the holidays of 2031 (each November), upgrade the calendar: pip install --upgrade chinesecalendar")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([2025], "expected a date, got [2025] (list)"),
        (None, "expected a date, got None (NoneType)"),
        (True, "expected a date, got true (a yes/no value)"),
        (20250721, "expected a date, got 20250721 (a number)"),
        ("明天", "'明天' is not a date this site understands"),
        ("2025-07-21 09:60", "'2025-07-21 09:60' has a time of day that does not exist; expected 00:00 to 23:59 (or 24:00 for the end of the day)"),
        ("2025-07-21 25:00", "'2025-07-21 25:00' has a time of day that does not exist; expected 00:00 to 23:59 (or 24:00 for the end of the day)"),
    ],
)
def test_parse_moment_rejects_exact_message(value: object, message: str) -> None:
    message_got, hint = error_of(lambda: parse_moment(value, SHANGHAI))
    assert message_got == message
    assert hint == ("write the date as YYYY-MM-DD (for example 2025-07-21), optionally followed by the time of day "
                    "as HH:MM (for example 2025-07-21 09:00)")


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("2025-02-29", "check the day and the month: 2025-02 has 28 days; write the date as YYYY-MM-DD, e.g. 2025-07-21"),
        ("2025-13-01", "check the day and the month; write the date as YYYY-MM-DD, e.g. 2025-07-21"),
    ],
)
def test_a_date_the_calendar_does_not_have_exact_message(value: str, hint: str) -> None:
    assert error_of(lambda: parse_moment(value, SHANGHAI)) == (f"`{value}` is not a date in the calendar", hint)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-12-31 23:59", (date(2025, 12, 31), time(23, 59))),
        ("2025-01-01 00:00", (date(2025, 1, 1), time(0, 0))),
        ("2024-02-29", (date(2024, 2, 29), None)),
        ("2025-07-21 09:00:59", (date(2025, 7, 21), time(9, 0, 59))),
    ],
)
def test_parse_moment_at_its_limits(value: str, expected: tuple[date, time | None]) -> None:
    assert parse_moment(value, SHANGHAI) == expected


def test_parse_start_and_end_convert_aware_values_to_the_site_tz() -> None:
    # The machine runs in UTC (the autouse fixture): the site's zone, not the machine's, must be used.
    at = datetime(2025, 7, 21, 1, 0, tzinfo=UTC)
    assert parse_start(at, SHANGHAI) == (sh(2025, 7, 21, 9, 0), True)
    assert parse_end(at, SHANGHAI) == (sh(2025, 7, 21, 9, 0), True)
    assert parse_start(at, SHANGHAI)[0].hour == 9 and parse_end(at, SHANGHAI)[0].hour == 9


# --- parse_date (the deadlines of items) -----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2025, 7, 21), date(2025, 7, 21)),
        (datetime(2025, 7, 21, 23, 30), date(2025, 7, 21)),
        ("2025-07-21", date(2025, 7, 21)),
        ("2025/7/21", date(2025, 7, 21)),
        ("2025.7.21", date(2025, 7, 21)),
        ("2025年7月21日", date(2025, 7, 21)),
        (" 2025 年 12 月 31 日 ", date(2025, 12, 31)),
        ("2025年7月21", date(2025, 7, 21)),
        ("2025-02-30", None),
        ("2025-13-01", None),
        ("年底前", None),
        ("2025-07", None),
        ("2025-07-21 前", None),
        (20250721, None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected
