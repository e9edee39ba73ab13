"""The search page as a reader uses it, in Chromium: what a result shows (title, issuer, date, state,
an excerpt of the body with the word marked, no page chrome), filter counts of the current results,
the message and hint when nothing is found, a phone's 320 px screen, the keyboard alone, and axe-core
with results, filters and the empty message on the page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import SEED_SLUG, THEMES
from playwright.sync_api import expect
from test_a11y import axe_source, describe, run_axe  # noqa: F401 (axe_source is a fixture)

SEED_TITLE = "关于市委巡察整改落实进展情况的通报"


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.errors = errors
    yield p
    context.close()


def searched(page: Any, url: str) -> None:
    page.goto(url)
    expect(page.locator("[data-search-status]")).to_have_text(re.compile(r"找到|没有"), timeout=30_000)


def test_a_result_shows_title_issuer_date_state_and_a_sentence_of_the_body(
        page: Any, sample_site: Path, serve: Callable[[Path], str]) -> None:
    searched(page, f"{serve(sample_site)}/search/?q=税务")
    result = page.locator(".search-result").first
    assert result.locator(".result-title").inner_text() == SEED_TITLE
    meta = result.locator(".result-meta").inner_text()
    assert "中共辽宁宽甸经济开发区工作委员会" in meta and "2025年7月21日" in meta and "公示已结束" in meta
    excerpt = result.locator(".result-excerpt").inner_text()
    assert result.locator(".result-excerpt mark").first.inner_text() == "税务"
    assert "。" in excerpt or "，" in excerpt, "Chinese punctuation is kept"
    for chrome in ("联系我们", "首页", "搜索", "工作委员会. ", "对公示内容"):
        assert chrome not in excerpt
    assert not page.errors


def test_the_excerpt_is_the_sentence_of_the_body_with_the_hit_marked(
        page: Any, sample_site: Path, serve: Callable[[Path], str]) -> None:
    """The index holds each word once, not the text: the excerpt is still the body's own sentence, as the
    notice's page has it, around the first hit."""
    searched(page, f"{serve(sample_site)}/search/?q=招商")
    result = page.locator(".search-result").first
    assert result.locator(".result-title").inner_text() == SEED_TITLE
    excerpt = result.locator(".result-excerpt").inner_text().strip("…")
    assert result.locator(".result-excerpt mark").all_inner_texts()[0] == "招商"
    notice = BeautifulSoup((sample_site / "notices" / SEED_SLUG / "index.html").read_text("utf-8"), "html.parser")
    sentences = [s for s in re.split(r"(?<=[。！？；])", notice.select_one(".notice-body").get_text()) if "招商" in s]
    assert sentences, "the word is in the seed's body"
    assert any(excerpt in s or s.strip() in excerpt for s in sentences), (excerpt, sentences)
    assert len(excerpt) >= 10 and re.search("[，。、；]", excerpt)


def test_filter_counts_are_those_of_the_current_results(page: Any, sample_site: Path,
                                                        serve: Callable[[Path], str]) -> None:
    searched(page, f"{serve(sample_site)}/search/?q=宽甸")
    shown = page.locator(".search-result").count()
    counts = [int(re.sub(r"\D", "", t) or 0) for t in page.locator(".filter-kind .filter-count").all_inner_texts()]
    assert sum(counts) == shown == 1
    label = page.locator(".filter-kind label", has_text="整改进展通报")
    assert re.sub(r"\D", "", label.locator(".filter-count").inner_text()) == "1"


def test_nothing_found_says_so_and_suggests_what_to_change(page: Any, sample_site: Path,
                                                           serve: Callable[[Path], str]) -> None:
    base = serve(sample_site)
    searched(page, f"{base}/search/?q=宽甸&kind=任前公示")
    assert page.locator(".search-result").count() == 0
    assert "没有找到" in page.locator("[data-search-status]").inner_text()
    expect(page.locator("[data-search-hint]")).to_have_text(re.compile("筛选"))
    searched(page, f"{base}/search/?q=宽甸 zqxjkv")
    expect(page.locator("[data-search-hint]")).to_have_text(re.compile("去掉一个词"))


def test_the_page_fits_a_320_px_screen(page: Any, sample_site: Path, serve: Callable[[Path], str]) -> None:
    searched(page, f"{serve(sample_site)}/search/?q=公示")
    assert page.locator(".search-result").count() >= 3
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page scrolls sideways at 320 px ({width} px wide)"
    placeholder = page.locator("#search-q").get_attribute("placeholder")
    assert placeholder and "文号" in placeholder


def test_the_keyboard_alone_searches_filters_and_opens_a_result(page: Any, sample_site: Path,
                                                                 serve: Callable[[Path], str]) -> None:
    page.goto(f"{serve(sample_site)}/search/")
    expect(page.locator(".search-filters")).to_be_visible(timeout=30_000)  # the index is loaded
    page.locator("#search-q").focus()
    page.keyboard.type("整改")
    page.keyboard.press("Enter")
    expect(page.locator("[data-search-status]")).to_have_text(re.compile("找到 2 条结果"))
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the first filter box
    focused = page.evaluate("document.activeElement.name")
    assert focused == "kind"
    for _ in range(20):  # to the 整改进展通报 box
        if page.evaluate("document.activeElement.value") == "整改进展通报":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.locator(".filter-kind input:checked")).to_have_count(1)
    expect(page.locator("[data-search-status]")).to_have_text(re.compile("找到 2 条结果"))
    page.locator(".search-result .result-title a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/notices/**")
    assert "整改" in page.locator("h1").inner_text()


@pytest.mark.parametrize("theme", THEMES)
def test_axe_finds_nothing_on_the_search_page_with_results_and_without(
        browser: Any, axe_source: str, themed_site: Callable[[str], Path],  # noqa: F811
        serve: Callable[[Path], str], theme: str) -> None:
    base = serve(themed_site(theme))
    problems: list[str] = []
    for width in (320, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        try:
            for query in ("search/?q=整改", "search/?q=宽甸&kind=任前公示"):
                searched(page, f"{base}/{query}")
                for scheme, rules in (("light", None), ("dark", ["color-contrast"])):
                    page.emulate_media(color_scheme=scheme)
                    violations = run_axe(page, axe_source, rules)
                    if violations:
                        problems.append(f"{query} ({theme}, {width} px, {scheme}):")
                        problems.extend(describe(violations))
        finally:
            context.close()
    assert not problems, "axe-core found WCAG 2.1 AA violations:\n" + "\n".join(problems)
