"""Full-text search in headless Chromium: Chinese words inside sentences are found (Pagefind's
extended build segments them), the search box leads to the search page, filters narrow the results,
and result links open the notice."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_SLUG
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import expect
from support import search_index

from generator.build import search_text

SEED_TITLE = "关于市委巡察整改落实进展情况的通报"


def results(page: Any) -> list[tuple[str, str]]:
    expect(page.locator("[data-search-status]")).to_have_text(re.compile(r"找到|没有|found|No "))
    return [(a.inner_text(), a.get_attribute("href")) for a in page.locator(".search-result .result-title a").all()]


@pytest.mark.parametrize("word", ["税务", "招商", "园区"])
def test_a_two_character_word_inside_a_sentence_finds_the_seed(page: Any, sample_site: Path,
                                                                serve: Callable[[Path], str], word: str) -> None:
    """Each word occurs only in the seed, and only in the middle of sentences: the seed is the best result
    and its excerpt marks the word."""
    page.goto(f"{serve(sample_site)}/search/?q={word}")
    found = results(page)
    assert found and found[0][0] == SEED_TITLE
    assert page.locator(".search-result").first.locator(".result-excerpt mark").first.inner_text() == word
    assert not page.errors


def test_the_search_box_of_every_page_leads_to_results(page: Any, sample_site: Path,
                                                       serve: Callable[[Path], str]) -> None:
    page.goto(serve(sample_site) + "/")
    page.get_by_role("searchbox").fill("宽甸")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url("**/search/?q=*")
    found = results(page)
    assert any(title == SEED_TITLE for title, _ in found)
    page.locator(".search-result .result-title a", has_text=SEED_TITLE).click()
    page.wait_for_url(f"**/notices/{SEED_SLUG}/")
    assert page.locator("h1").inner_text() == SEED_TITLE


def test_filters_narrow_results_by_kind_state_and_year(page: Any, sample_site: Path,
                                                       serve: Callable[[Path], str]) -> None:
    page.goto(f"{serve(sample_site)}/search/?q=公示")
    everything = results(page)
    assert len(everything) >= 3
    for legend in ("类别", "状态", "年份"):
        assert page.locator(".search-filters legend", has_text=legend).count() == 1
    page.locator(".filter-kind label", has_text="任前公示").locator("input").check()
    expect(page.locator(".search-result")).not_to_have_count(len(everything))
    narrowed = results(page)
    assert narrowed and all("/notices/" in href for _, href in narrowed)
    assert "kind=" in page.url, "the chosen filter is kept in the address, so the search can be shared"
    page.reload()
    expect(page.locator(".filter-kind input:checked")).to_have_count(1)
    assert len(results(page)) == len(narrowed)


def test_a_word_no_notice_has_says_so(page: Any, sample_site: Path, serve: Callable[[Path], str]) -> None:
    page.goto(f"{serve(sample_site)}/search/?q=zqxjkv")
    assert results(page) == []
    assert "没有" in page.locator("[data-search-status]").inner_text()


def test_each_word_of_a_notice_is_indexed_once(sample_site: Path) -> None:
    """The seed repeats 整改 dozens of times; its record holds the word once (and no word twice), and
    the text the excerpts are cut from is kept whole beside the index."""
    seed = [r for r in search_index.records(sample_site) if r["url"] == f"/notices/{SEED_SLUG}/"]
    assert len(seed) == 1
    words = seed[0]["content"].split()
    assert len(words) == len(set(words)), "a word is indexed more than once"
    assert words.count(search_text.pair("整改")) == 1
    kept = search_index.text(sample_site)
    body = (sample_site / "notices" / SEED_SLUG / "index.html").read_text("utf-8")
    assert body.count("整改") > 10 and "整改" in kept
    assert len(seed[0]["content"]) < 0.75 * len(search_text.encode(search_text.record_of(body, "/").body))


_TEXT = st.text(st.sampled_from("整改落实巡察流转王示例 ，。、：；“”〔〕（）0123456789-abcqAZ_\n①"), max_size=60)


@given(_TEXT)
@settings(max_examples=300, deadline=None)
def test_the_words_of_a_text_are_those_of_its_spelling_each_once(text: str) -> None:
    """tokens() finds on the text itself what encode() spells: every word (each character pair of a Chinese run,
    a lone character, a run of other letters or digits), once each, in the order they first occur."""
    spelt = [w for w in search_text.encode(text).split() if re.search(r"\w", w)]
    assert search_text.tokens(text) == list(dict.fromkeys(spelt))
