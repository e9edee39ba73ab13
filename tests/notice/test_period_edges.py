"""The edges of periods: the State Council's holiday arrangements, 24时 ends, the calendar's years,
office hours without days, dates that are not in the calendar."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest

from generator.errors import ContentError
from generator.notice.contacts import parse_hours
from generator.notice.periods import (
    CalendarGap,
    add_working_days,
    calendar_fingerprint,
    calendar_years,
    impossible_date,
    is_working_day,
    make_period,
    parse_end,
    parse_moment,
    starts_after_hours,
    status,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


# --- the audit's cases: National Day 2025, Spring Festival 2026, make-up working days -------------

def test_national_day_2025_and_its_make_up_days() -> None:
    # 2025-10-01..08 off; Sunday 09-28 and Saturday 10-11 are make-up working days (调休上班).
    assert is_working_day(date(2025, 9, 28)) and is_working_day(date(2025, 10, 11))
    assert not any(is_working_day(date(2025, 10, d)) for d in range(1, 9))
    # 5 working days from Friday 09-26: 26, 28 (Sunday, make-up), 29, 30, then 10-09.
    assert add_working_days(date(2025, 9, 26), 5) == date(2025, 10, 9)


def test_spring_festival_2026_and_its_make_up_days() -> None:
    # 2026-02-15..23 off; Saturday 02-14 and Saturday 02-28 are make-up working days.
    assert is_working_day(date(2026, 2, 14)) and is_working_day(date(2026, 2, 28))
    assert not any(is_working_day(date(2026, 2, d)) for d in range(15, 24))
    assert add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 24)  # 13 (Fri), 14 (Sat, make-up), 24


def test_working_days_start_on_a_working_day_counts_it() -> None:
    """The README's example: 5 个工作日 from Thursday 2025-06-12 end with Wednesday 2025-06-18."""
    period = make_period("2025-06-12", working_days=5, tz=SHANGHAI)
    assert period.last_day == date(2025, 6, 18)
    assert status(period, datetime(2025, 6, 18, 23, 59, 59, tzinfo=SHANGHAI)).days_left == 1
    assert status(period, datetime(2025, 6, 19, tzinfo=SHANGHAI)).state == "closed"


def test_working_days_from_a_holiday_start_the_next_working_day() -> None:
    period = make_period("2025-10-03", working_days=1, tz=SHANGHAI)
    assert period.last_day == date(2025, 10, 9)


# --- 24时 -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["2025年8月8日24时", "2025-08-08 24:00", "2025/8/8 24:00", "2025年8月8日 24点"])
def test_24_hours_is_the_end_of_that_day(written: str) -> None:
    end, has_time = parse_end(written, SHANGHAI)
    assert end == datetime(2025, 8, 9, tzinfo=SHANGHAI) and has_time is False
    period = make_period("2025-07-21", written, tz=SHANGHAI)
    assert period.last_day == date(2025, 8, 8)
    assert period == make_period("2025-07-21", "2025-08-08", tz=SHANGHAI)


def test_24_hours_as_a_moment_is_midnight_of_the_next_day() -> None:
    assert parse_moment("2025-08-08 24:00", SHANGHAI) == (date(2025, 8, 9), time(0))


@pytest.mark.parametrize("written", ["2025-08-08 24:30", "2025-08-08 25:00", "2025年8月8日24时30分"])
def test_past_24_hours_is_still_refused(written: str) -> None:
    with pytest.raises(ContentError, match="does not exist"):
        parse_end(written, SHANGHAI)


# --- the calendar's years --------------------------------------------------------------------------

def test_the_gap_names_the_missing_year_the_last_covered_one_and_both_ways_out() -> None:
    last = calendar_years()[1]
    with pytest.raises(CalendarGap) as info:
        make_period(f"{last}-12-28", working_days=5, tz=SHANGHAI)
    error = info.value
    assert error.year == last + 1
    assert f"up to {last}, not {last + 1}" in error.message
    assert "`end:`" in error.hint and "pip install --upgrade chinesecalendar" in error.hint
    assert str(last + 1) in error.hint


def test_the_calendar_fingerprint_changes_with_its_data(monkeypatch: pytest.MonkeyPatch) -> None:
    before = calendar_fingerprint()
    assert calendar_fingerprint() == before
    patched = dict(chinese_calendar.workdays)
    patched[date(2026, 12, 27)] = "a make-up working day added by a patch"
    monkeypatch.setattr(chinese_calendar, "workdays", patched)
    assert calendar_fingerprint() != before


# --- late starts -----------------------------------------------------------------------------------

def test_a_working_day_period_starting_after_office_hours_is_noticed() -> None:
    late = make_period("2025-06-12 18:30", working_days=5, tz=SHANGHAI)
    assert starts_after_hours(late)
    assert not starts_after_hours(make_period("2025-06-12 09:00", working_days=5, tz=SHANGHAI))
    assert not starts_after_hours(make_period("2025-06-12", working_days=5, tz=SHANGHAI))
    assert not starts_after_hours(make_period("2025-06-12 18:30", "2025-06-20", tz=SHANGHAI))
    assert starts_after_hours(make_period("2025-06-12 17:30", working_days=5, tz=SHANGHAI), time(17, 30))
    assert not starts_after_hours(make_period("2025-06-14 18:30", working_days=5, tz=SHANGHAI))  # a Saturday


# --- dates that are not in the calendar --------------------------------------------------------------

@pytest.mark.parametrize("written", ["2025-02-30", "2025年2月30日", "2025/2/29"])
def test_an_impossible_date_gets_one_message(written: str) -> None:
    error = impossible_date(written)
    assert error is not None and error.message == f"`{written}` is not a date in the calendar"
    assert "2025-02 has 28 days" in error.hint
    with pytest.raises(ContentError) as info:
        parse_moment(written, SHANGHAI)
    assert info.value.message == error.message


def test_a_real_date_or_other_text_is_not_called_impossible() -> None:
    assert impossible_date("2024-02-29") is None
    assert impossible_date("next week") is None


# --- office hours without days ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "machine"), [
    ("上午8:00-12:00 下午14:30-17:30", "workdays 08:00-12:00,14:30-17:30"),
    ("8:30-17:00", "workdays 08:30-17:00"),
    ("上午8:30-11:30，下午1:30-5:00", "workdays 08:30-11:30,13:30-17:00"),
    ("8:30-17:00，节假日休息", "workdays 08:30-17:00"),
])
def test_hours_without_days_are_working_days(text: str, machine: str) -> None:
    hours = parse_hours(text)
    assert hours.machine() == machine and hours.days_assumed


def test_hours_with_days_are_not_assumed() -> None:
    assert not parse_hours("工作日 8:30-17:00").days_assumed


def test_hours_without_days_that_close_on_a_weekday_are_refused() -> None:
    with pytest.raises(ContentError, match="closes on some 工作日"):
        parse_hours("8:30-17:00，周三休息")
