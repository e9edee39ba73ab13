"""Tests for generator.ics: the output is valid RFC 5545 that icalendar reads back field by field."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import ContentError
from generator.notice.periods import make_period
from generator.render.ics import escape_text, fold_line, render_ics

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = UTC
STAMP = datetime(2025, 7, 18, 10, 30, tzinfo=SHANGHAI)

LONG_CHINESE = (
    "关于2025年度拟提拔任用干部的任前公示，公示期间，任何单位和个人均可通过来信、来电、来访等方式，"
    "向公示办公室反映公示对象在德、能、勤、绩、廉等方面的情况和问题；反映问题要实事求是，客观公正。\n"
    "联系电话：0415-1234567；通信地址：辽宁省丹东市宽甸满族自治县某某路1号，邮编118200。\n"
    "反斜杠\\也要转义；逗号,分号;都要转义。😀 表情符号也不能被截断。"
)


def base(**overrides: object) -> dict[str, object]:
    kwargs: dict[str, object] = dict(
        uid="notices/2025/cadre-appointment@gongshi.example.org",
        summary="干部任前公示",
        start=datetime(2025, 7, 21, tzinfo=SHANGHAI),
        end=datetime(2025, 8, 9, tzinfo=SHANGHAI),
        all_day=True,
        dtstamp=STAMP,
    )
    kwargs.update(overrides)
    return kwargs


def parse(text: str) -> tuple[icalendar.Calendar, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def physical_lines(text: str) -> list[str]:
    assert text.endswith("\r\n")
    return text[: -len("\r\n")].split("\r\n")


def assert_well_formed(text: str) -> None:
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")
    for line in physical_lines(text):
        assert len(line.encode("utf-8")) <= 75, line
        assert line, "no empty lines"


def test_calendar_envelope_and_all_day_event() -> None:
    text = render_ics(**base())  # type: ignore[arg-type]
    assert_well_formed(text)
    lines = physical_lines(text)
    assert lines[:6] == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Gongshi//Gongshi//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
    ]
    assert lines[-2:] == ["END:VEVENT", "END:VCALENDAR"]
    assert "DTSTART;VALUE=DATE:20250721" in lines
    assert "DTEND;VALUE=DATE:20250809" in lines
    assert "DTSTAMP:20250718T023000Z" in lines
    assert "TRANSP:TRANSPARENT" in lines
    assert not any(line.startswith(("URL", "DESCRIPTION", "LOCATION")) for line in lines)

    calendar, event = parse(text)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Gongshi//Gongshi//ZH"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(event["UID"]) == "notices/2025/cadre-appointment@gongshi.example.org"
    assert str(event["SUMMARY"]) == "干部任前公示"
    assert event.decoded("DTSTART") == date(2025, 7, 21)
    assert event.decoded("DTEND") == date(2025, 8, 9)
    assert event.decoded("DTSTAMP") == datetime(2025, 7, 18, 2, 30, tzinfo=UTC)
    assert str(event["TRANSP"]) == "TRANSPARENT"


def test_all_day_from_a_period() -> None:
    period = make_period("2025-07-21", "2025-08-08", tz=SHANGHAI)
    text = render_ics(**base(start=period.start, end=period.end))  # type: ignore[arg-type]
    _, event = parse(text)
    assert event.decoded("DTSTART") == period.first_day
    assert event.decoded("DTEND") == date(2025, 8, 9)  # exclusive: the day after the last day


def test_all_day_end_with_a_time_covers_its_day() -> None:
    text = render_ics(**base(end=datetime(2025, 8, 8, 17, 0, tzinfo=SHANGHAI)))  # type: ignore[arg-type]
    assert "DTEND;VALUE=DATE:20250809\r\n" in text


def test_timed_event_is_written_in_utc() -> None:
    period = make_period("2025-07-21 09:00", "2025-08-08 17:00", tz=SHANGHAI)
    text = render_ics(**base(start=period.start, end=period.end, all_day=False))  # type: ignore[arg-type]
    assert_well_formed(text)
    assert "DTSTART:20250721T010000Z\r\n" in text
    assert "DTEND:20250808T090000Z\r\n" in text
    assert "VTIMEZONE" not in text
    _, event = parse(text)
    assert event.decoded("DTSTART") == period.start
    assert event.decoded("DTEND") == period.end
    assert event.decoded("DTSTART").utcoffset().total_seconds() == 0


def test_timed_midnight_crosses_the_utc_date_line() -> None:
    text = render_ics(**base(all_day=False))  # type: ignore[arg-type]
    assert "DTSTART:20250720T160000Z\r\n" in text
    assert "DTEND:20250808T160000Z\r\n" in text


def test_optional_fields_round_trip() -> None:
    url = "https://gongshi.example.org/notices/2025/cadre-appointment/?a=1&b=2,3;x"
    text = render_ics(
        **base(  # type: ignore[arg-type]
            summary=LONG_CHINESE,
            description=LONG_CHINESE * 3,
            location="宽甸满族自治县人民政府, 3楼; 会议室\\A",
            url=url,
        )
    )
    assert_well_formed(text)
    _, event = parse(text)
    assert str(event["SUMMARY"]) == LONG_CHINESE
    assert str(event["DESCRIPTION"]) == LONG_CHINESE * 3
    assert str(event["LOCATION"]) == "宽甸满族自治县人民政府, 3楼; 会议室\\A"
    assert str(event["URL"]) == url


def test_text_escaping_on_the_wire() -> None:
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"
    assert escape_text("一\r\n二\r三\u2028四") == "一\\n二\\n三\\n四"
    assert escape_text("ok:colon\"quote'") == "ok:colon\"quote'"


def test_control_characters_are_removed() -> None:
    dirty = "公示\x00对象\x07名单\x1b[0m\x7f\x9f结束"
    assert escape_text(dirty) == "公示对象名单[0m结束"
    text = render_ics(**base(summary=dirty, url="https://x.example/\x00a\nb"))  # type: ignore[arg-type]
    assert_well_formed(text)
    _, event = parse(text)
    assert str(event["SUMMARY"]) == "公示对象名单[0m结束"
    assert str(event["URL"]) == "https://x.example/ab"


def test_tab_is_allowed_text() -> None:
    _, event = parse(render_ics(**base(summary="甲\t乙")))  # type: ignore[arg-type]
    assert str(event["SUMMARY"]) == "甲\t乙"


def test_folding_never_splits_a_character() -> None:
    for prefix in ("", "x", "xx"):  # shift the boundaries across 3- and 4-byte characters
        line = "SUMMARY:" + prefix + "公示😀" * 40
        folded = fold_line(line)
        pieces = folded.split("\r\n")
        assert len(pieces) > 1
        assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
        assert all(p.startswith(" ") for p in pieces[1:])
        assert pieces[0] + "".join(p[1:] for p in pieces[1:]) == line


def test_folding_uses_the_full_75_octets() -> None:
    line = "DESCRIPTION:" + "a" * 200
    pieces = fold_line(line).split("\r\n")
    assert [len(p) for p in pieces] == [75, 75, 1 + 212 - 75 - 74]
    assert fold_line("X:" + "a" * 73) == "X:" + "a" * 73  # exactly 75: no fold


def test_output_is_deterministic() -> None:
    kwargs = base(description=LONG_CHINESE, location="某地", url="https://e.example/")
    assert render_ics(**kwargs) == render_ics(**kwargs)  # type: ignore[arg-type]


def test_custom_prodid() -> None:
    text = render_ics(**base(prodid="-//Example, Inc.//Site//EN"))  # type: ignore[arg-type]
    assert "PRODID:-//Example\\, Inc.//Site//EN\r\n" in text
    calendar, _ = parse(text)
    assert str(calendar["PRODID"]) == "-//Example, Inc.//Site//EN"


@pytest.mark.parametrize(
    "overrides",
    [
        dict(end=datetime(2025, 7, 21, tzinfo=SHANGHAI)),
        dict(end=datetime(2025, 7, 1, tzinfo=SHANGHAI)),
        dict(end=datetime(2025, 7, 21, tzinfo=SHANGHAI), all_day=False),
        dict(end=datetime(2025, 7, 20, 23, 0, tzinfo=SHANGHAI), all_day=False),
    ],
)
def test_end_must_follow_start(overrides: dict[str, object]) -> None:
    with pytest.raises(ContentError, match="ends"):
        render_ics(**base(**overrides))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "overrides",
    [
        dict(dtstamp=datetime(2025, 7, 18, 10, 30)),
        dict(start=datetime(2025, 7, 21, 9, 0), all_day=False),
        dict(end=datetime(2025, 8, 9), all_day=False),
        dict(uid=""),
        dict(uid="\x00\x01"),
    ],
)
def test_invalid_input(overrides: dict[str, object]) -> None:
    with pytest.raises(ContentError) as info:
        render_ics(**base(**overrides))  # type: ignore[arg-type]
    assert info.value.hint


_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("公示期间,;\\\n\r\t :\"'😀é"),
        st.characters(codec="utf-8"),
    ),
    max_size=300,
)


@settings(max_examples=200, deadline=None)
@given(summary=_TEXT, description=_TEXT)
def test_any_text_round_trips(summary: str, description: str) -> None:
    text = render_ics(**base(summary=summary, description=description))  # type: ignore[arg-type]
    assert_well_formed(text)
    _, event = parse(text)
    assert str(event["SUMMARY"]) == _expected(summary)
    assert str(event.get("DESCRIPTION", "")) == _expected(description)


def _expected(value: str) -> str:
    """What a reader gets back: line breaks normalised to \\n, other controls (but tab) dropped."""
    value = re.sub(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]", "\n", value)
    return "".join(
        ch for ch in value if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs")
    )


def test_lone_surrogates_are_dropped_so_the_output_is_utf8() -> None:
    text = render_ics(**base(summary="公\ud800示", location="\udfff"))  # type: ignore[arg-type]
    text.encode("utf-8")
    _, event = parse(text)
    assert str(event["SUMMARY"]) == "公示"
    assert "LOCATION" not in event
