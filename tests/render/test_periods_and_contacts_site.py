"""Disclosure periods and contact channels as the built site shows them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from conftest import SEED_SLUG, build, soup

NOTICE = """---
title: 测试公告
issuer: 示例单位
kind: generic
issued: 2025-09-20
disclosure:
  start: 2025-09-26
{period}
{extra}
---
正文。
"""


def _notice(period: str = "  end: 2025-10-09", extra: str = "") -> str:
    return NOTICE.format(period=period, extra=extra)


def test_calendar_file_reads_back(sample_site: Path) -> None:
    raw = (sample_site / f"notices/{SEED_SLUG}/period.ics").read_bytes()
    assert b"\r\n" in raw
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == dt.date(2025, 7, 21)
    assert event.decoded("DTEND") == dt.date(2025, 8, 9), "DTEND of an all-day event is exclusive"
    assert "关于市委巡察整改落实进展情况的通报" in str(event["SUMMARY"])
    assert str(event["URL"]).endswith(f"/notices/{SEED_SLUG}/")


def test_timed_period_in_calendar(sample_site: Path) -> None:
    raw = (sample_site / "notices/example-project-2026/period.ics").read_bytes()
    event = icalendar.Calendar.from_ical(raw).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC)
    assert event.decoded("DTEND") == dt.datetime(2026, 12, 10, 9, 0, tzinfo=dt.UTC)


def test_working_days_across_national_day(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_notice("wd.md", _notice("  working_days: 5"))
    out = tmp_path / "o"
    assert build(tmp_path / "content", out, "2025-10-09T23:00") == 0
    banner = soup(out / "notices/wd/index.html").select_one(".period-banner")
    assert "".join(banner.select_one(".period-range").get_text().split()) == "2025年9月26日至2025年10月9日（5个工作日）"
    assert banner.select_one(".state-label").get_text(strip=True) == "公示中，今天截止"
    assert build(tmp_path / "content", out, "2025-10-10T00:00") == 0
    assert soup(out / "notices/wd/index.html").select_one(".period-banner .state-label").get_text(strip=True) == "已结束"


def test_year_the_calendar_does_not_cover(write_notice, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_notice("far.md", _notice("  working_days: 5").replace("start: 2025-09-26", "start: 2031-09-26"))
    assert build(tmp_path / "content", tmp_path / "o") == 1
    err = capsys.readouterr().err
    assert "notices/far.md:8:" in err and "2031" in err and "end date" in err


@pytest.mark.parametrize("setting", ["keep", "archive", "hide"])
def test_after_close(write_notice, tmp_path: Path, setting: str) -> None:  # type: ignore[no-untyped-def]
    write_notice("old.md", _notice(f"  end: 2025-10-09\n  after_close: {setting}"))
    out = tmp_path / "o"
    assert build(tmp_path / "content", out, "2026-01-01T00:00") == 0
    on_index = bool(soup(out / "index.html").select('a[href="notices/old/"]'))
    in_archive = bool(soup(out / "archive/index.html").select('a[href="../notices/old/"]'))
    assert (on_index, in_archive) == {"keep": (True, True), "archive": (False, True), "hide": (False, False)}[setting]
    assert (out / "notices/old/index.html").is_file(), "the page stays reachable at its address"
    assert build(tmp_path / "content", out, "2025-10-01T00:00") == 0
    assert soup(out / "index.html").select('a[href="notices/old/"]'), "while open, every notice is listed"


def test_site_contacts_are_the_default(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_notice("plain.md", _notice())
    assert build(tmp_path / "content", tmp_path / "o") == 0
    links = [a["href"] for a in soup(tmp_path / "o/notices/plain/index.html").select(".contact a")]
    assert links == ["https://www.12388.gov.cn/"]


@pytest.mark.parametrize(("contact", "message"), [
    ("kind: phone\n    value: 0415-12", "phone"),
    ("kind: email\n    value: someone@localhost", "someone@localhost"),
    ("kind: web\n    value: /report.html", "/report.html"),
    ("kind: web\n    value: JaVaScRiPt:alert(1)", "alert"),
    ("kind: phone\n    value: 0415-5138995\n    hours: 有空就接", "有空就接"),
])
def test_invalid_contacts(write_notice, tmp_path: Path, capsys, contact: str, message: str) -> None:  # type: ignore[no-untyped-def]
    write_notice("c.md", _notice(extra=f"contacts:\n  - {contact}"))
    assert build(tmp_path / "content", tmp_path / "o") == 1
    err = capsys.readouterr().err
    assert "notices/c.md:1" in err and message in err and "hint:" in err
