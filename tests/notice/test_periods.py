"""Tests for generator.periods: parsing, working-day arithmetic and status at the day boundaries."""

from __future__ import annotations

import time as systime
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from generator.errors import ContentError
from generator.notice.periods import (
    Period,
    Status,
    add_working_days,
    is_working_day,
    make_period,
    parse_end,
    parse_moment,
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
