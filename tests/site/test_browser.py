"""The built pages in headless Chromium: layout at phone and desktop widths, and the live period state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_SLUG

WIDTHS = [320, 390, 1280]


@pytest.fixture()
def page(browser: Any) -> Any:
    context = browser.new_context()
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    p.errors = errors
    yield p
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_notice_page_fits_the_screen(page: Any, sample_site: Path, serve: Callable[[Path], str], width: int) -> None:
    base = serve(sample_site)
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{base}/notices/{SEED_SLUG}/")
    assert page.locator("h1").inner_text() == "关于市委巡察整改落实进展情况的通报"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways at {width}px"
    phone = page.locator(".contact-phone a")
    assert phone.get_attribute("href") == "tel:+86-415-5138995"
    box = phone.bounding_box()
    assert box["height"] >= 44, "a phone link must be a comfortable tap target"
    assert page.locator(".notice-body h2").count() == 3
    assert page.errors == []


def test_skip_link_is_the_first_stop_and_visible_on_focus(page: Any, sample_site: Path, serve: Callable[[Path], str]) -> None:
    page.goto(f"{serve(sample_site)}/notices/{SEED_SLUG}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def _at(page: Any, moment: str) -> None:
    page.clock.set_fixed_time(dt.datetime.fromisoformat(moment))


@pytest.mark.parametrize(("moment", "expected"), [
    ("2025-07-20T23:59:00+08:00", "未开始，1 天后开始"),
    ("2025-07-21T00:00:00+08:00", "公示中，剩余 19 天"),
    ("2025-08-08T23:59:00+08:00", "公示中，今天截止"),
    ("2025-08-09T00:00:00+08:00", "已结束"),
])
def test_state_is_recomputed_in_the_browser(page: Any, sample_site: Path, serve: Callable[[Path], str],
                                            moment: str, expected: str) -> None:
    """The site was built on 2026-12-01; the reader's clock decides what the page says."""
    _at(page, moment)
    page.goto(f"{serve(sample_site)}/notices/{SEED_SLUG}/")
    state = page.locator(".period-banner .period-status")
    assert state.locator(".state-label").inner_text() == expected
    assert not state.locator(".asof").is_visible(), "the build-date note is only for readers without the script"


def test_without_javascript_the_build_time_state_shows_with_its_date(browser: Any, sample_site: Path,
                                                                     serve: Callable[[Path], str]) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{serve(sample_site)}/notices/{SEED_SLUG}/")
    assert page.locator(".period-banner .state-label").inner_text() == "已结束"
    assert "2026年12月1日" in page.locator(".period-banner .asof").inner_text()
    context.close()


def test_overdue_flag_follows_the_readers_clock(page: Any, sample_site: Path, serve: Callable[[Path], str]) -> None:
    url = f"{serve(sample_site)}/notices/example-project-2026/"
    _at(page, "2026-11-10T10:00:00+08:00")
    page.goto(url)
    assert page.locator(".overdue:visible").count() == 0
    _at(page, "2026-11-16T10:00:00+08:00")
    page.reload()
    flags = page.locator(".overdue:visible")
    assert flags.count() == 1 and flags.inner_text() == "已逾期"
