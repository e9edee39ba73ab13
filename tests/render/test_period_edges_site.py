"""The period as the built site and the page script show it at its edges: a site in a zone with daylight
saving, a reader in another zone, a timed end on its last day, 24时, and the open data's `as_of`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import SAMPLE_CONTENT, build, soup

from generator.notice.periods import make_period, status

NOTICE = """---
title: 测试公示
issuer: 示例单位
kind: generic
issued: {issued}
disclosure:
  start: {start}
  end: {end}
---
正文。
"""

OPEN = "公示中，剩余 {days} 天"


def _site(root: Path, timezone: str, start: str, end: str, issued: str = "2025-06-01") -> Path:
    content = root / "content"
    (content / "notices").mkdir(parents=True)
    text = (SAMPLE_CONTENT / "site.yaml").read_text("utf-8").replace("timezone: Asia/Shanghai", f"timezone: {timezone}")
    assert f"timezone: {timezone}" in text
    (content / "site.yaml").write_text(text, "utf-8")
    (content / "notices" / "n.md").write_text(NOTICE.format(issued=issued, start=start, end=end), "utf-8")
    return content


def _label(out: Path) -> str:
    return soup(out / "notices/n/index.html").select_one(".period-banner .state-label").get_text(strip=True)


def _words(st: Any) -> str:
    """What the page says for a Status, as the zh-CN strings word it."""
    if st.state == "upcoming":
        return "今天开始" if st.days_until_start == 0 else f"未开始，{st.days_until_start} 天后开始"
    if st.state == "open":
        return "公示中，今天截止" if st.days_left == 1 else OPEN.format(days=st.days_left)
    return "已结束"


# ---------------------------------------------------------------- at build time

def test_a_timed_end_shows_its_time_on_the_last_day(tmp_path: Path) -> None:
    content = _site(tmp_path, "Asia/Shanghai", "2025-08-01 09:00", "2025-08-08 17:00")
    out = tmp_path / "o"
    assert build(content, out, "2025-08-08T10:00") == 0
    assert _label(out) == "公示中，今天17:00截止"
    assert soup(out / "notices/n/index.html").select_one(".period-banner [data-period]")["data-end-time"] == "17:00"
    assert build(content, out, "2025-08-07T10:00") == 0
    assert _label(out) == OPEN.format(days=2)
    assert build(content, out, "2025-08-08T17:00") == 0
    assert _label(out) == "已结束"


def test_an_end_written_24时_is_the_whole_last_day(tmp_path: Path) -> None:
    content = _site(tmp_path, "Asia/Shanghai", "2025-07-21", "2025年8月8日24时")
    out = tmp_path / "o"
    assert build(content, out, "2025-08-08T23:59") == 0
    assert _label(out) == "公示中，今天截止"
    rng = "".join(soup(out / "notices/n/index.html").select_one(".period-range").get_text().split())
    assert rng == "2025年7月21日至2025年8月8日"


def test_the_open_data_as_of_keeps_the_time(tmp_path: Path) -> None:
    content = _site(tmp_path, "Asia/Shanghai", "2025-08-01 09:00", "2025-08-08 17:00")
    out = tmp_path / "o"
    assert build(content, out, "2025-08-08T10:00", "--no-search") == 0
    index = json.loads((out / "data/notices.json").read_text("utf-8"))
    one = json.loads((out / "data/notices/n.json").read_text("utf-8"))
    assert index["as_of"] == one["as_of"] == "2025-08-08T00:00:00+08:00"
    assert build(content, out, "2025-08-08T18:30", "--no-search") == 0
    index = json.loads((out / "data/notices.json").read_text("utf-8"))
    one = json.loads((out / "data/notices/n.json").read_text("utf-8"))
    assert index["as_of"] == one["as_of"] == "2025-08-08T17:00:00+08:00", "closed since 17:00: as of then"
    assert index["notices"][0]["state"] == "closed"
    # The same moment built again from scratch gives the same bytes.
    again = tmp_path / "again"
    assert build(content, again, "2025-08-08T18:30", "--no-search", "--no-cache") == 0
    assert (again / "data/notices.json").read_bytes() == (out / "data/notices.json").read_bytes()


def test_a_dst_zone_counts_calendar_days_at_build_time(tmp_path: Path) -> None:
    content = _site(tmp_path, "America/New_York", "2025-10-27", "2025-11-07")
    out = tmp_path / "o"
    assert build(content, out, "2025-11-07T12:00:00-05:00") == 0
    assert _label(out) == "公示中，今天截止"


# ---------------------------------------------------------------- in the browser

@pytest.fixture()
def context_factory(browser: Any) -> Iterator[Callable[..., Any]]:
    made: list[Any] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(**options)
        made.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        return page

    yield make
    for c in made:
        c.close()


def _browser_label(page: Any, url: str, moment: dt.datetime) -> str:
    page.clock.set_fixed_time(moment)
    page.goto(url)
    return page.locator(".period-banner .period-status .state-label").inner_text()


@pytest.fixture(scope="module")
def dst_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dst")
    content = _site(root, "America/New_York", "2025-10-27", "2025-11-07")
    out = root / "o"
    assert build(content, out, "2025-10-01T12:00:00-04:00", "--no-search") == 0
    return out


def test_the_page_counts_calendar_days_across_a_dst_change(
        context_factory: Callable[..., Any], dst_site: Path, serve: Callable[[Path], str]) -> None:
    """The audit's case: at 2025-11-07T12:00-05:00 the page said 剩余 2 天 (the start's UTC offset)."""
    page = context_factory(timezone_id="America/New_York")
    url = f"{serve(dst_site)}/notices/n/"
    moment = dt.datetime.fromisoformat("2025-11-07T12:00:00-05:00")
    assert _browser_label(page, url, moment) == "公示中，今天截止"
    assert page.errors == []


def test_the_page_agrees_with_the_build_at_every_instant_around_the_dst_change(
        context_factory: Callable[..., Any], dst_site: Path, serve: Callable[[Path], str]) -> None:
    tz = ZoneInfo("America/New_York")
    period = make_period("2025-10-27", "2025-11-07", tz=tz)
    page = context_factory(timezone_id="Asia/Shanghai")  # the reader is elsewhere
    url = f"{serve(dst_site)}/notices/n/"
    instants = [dt.datetime(2025, 10, 26, 23, 30, tzinfo=tz) + dt.timedelta(hours=7 * i) for i in range(44)]
    instants += [dt.datetime(2025, 11, 7, 23, 59, tzinfo=tz), dt.datetime(2025, 11, 8, 0, 0, tzinfo=tz)]
    differ = [(m.isoformat(), seen, _words(status(period, m)))
              for m in instants if (seen := _browser_label(page, url, m)) != _words(status(period, m))]
    assert differ == []


@pytest.fixture(scope="module")
def shanghai_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sh")
    content = _site(root, "Asia/Shanghai", "2025-08-01 09:00", "2025-08-08 17:00")
    out = root / "o"
    assert build(content, out, "2025-07-01T12:00", "--no-search") == 0
    return out


@pytest.mark.parametrize("reader_zone", ["America/Los_Angeles", "Pacific/Kiritimati"])
@pytest.mark.parametrize(("moment", "expected"), [
    ("2025-08-01T08:59:00+08:00", "今天开始"),
    ("2025-08-01T09:00:00+08:00", OPEN.format(days=8)),
    ("2025-08-07T23:59:00+08:00", OPEN.format(days=2)),
    ("2025-08-08T00:00:00+08:00", "公示中，今天17:00截止"),
    ("2025-08-08T16:59:00+08:00", "公示中，今天17:00截止"),
    ("2025-08-08T17:00:00+08:00", "已结束"),
])
def test_a_reader_in_another_zone_sees_the_sites_days(
        context_factory: Callable[..., Any], shanghai_site: Path, serve: Callable[[Path], str],
        reader_zone: str, moment: str, expected: str) -> None:
    page = context_factory(timezone_id=reader_zone)
    assert _browser_label(page, f"{serve(shanghai_site)}/notices/n/", dt.datetime.fromisoformat(moment)) == expected
    assert page.errors == []


def test_an_overdue_flag_follows_the_sites_date_not_the_readers(
        context_factory: Callable[..., Any], sample_site: Path, serve: Callable[[Path], str]) -> None:
    """A deadline of 2026-11-15 (the sample's project notice): overdue from the 16th in Shanghai, also for a
    reader in Los Angeles, for whom it is still the 15th."""
    page = context_factory(timezone_id="America/Los_Angeles")
    page.clock.set_fixed_time(dt.datetime.fromisoformat("2026-11-16T08:00:00+08:00"))
    page.goto(f"{serve(sample_site)}/notices/example-project-2026/")
    assert page.locator(".overdue:visible").count() == 1

