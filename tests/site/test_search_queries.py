"""Search recall in Chromium, against the built index: for a set of queries, every notice whose title
or text has the query's words is among the results, and the notices with a match in the title come
first.

The queries are the everyday words, names, document numbers, phone numbers and dates of the sample
site, and words drawn at random from the texts of a generated corpus (tests/support/search_corpus.py,
always), and of the shared benchmark corpus (../shared/bench/make_corpus.py, when it is there). The
expected notices come from a plain substring search over the notices' sources.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from conftest import ROOT, SAMPLE_CONTENT, build
from playwright.sync_api import expect
from support import search_corpus

SAMPLE_QUERIES = [
    "整改", "流转", "审查", "进展", "巡察", "宽甸", "王示例", "经营权", "改造", "任前",
    "丹组通字〔2024〕26号", "0415-5138995", "2025年7月21日", "巡察 整改", "整改 2025", "示例镇 公示",
]
"""The words the issue names (inside compounds, names, a document number, a phone, a date) and more."""

SHARED_CORPUS = Path(os.environ.get("GONGSHI_CORPUS_SCRIPT", ROOT.parent / "shared" / "bench" / "make_corpus.py"))


def found(page: Any, base: str, query: str) -> list[tuple[str, str]]:
    """Every result of a query, in order: (slug, title). Shows every batch ("show more")."""
    page.goto(f"{base}/search/?q={quote(query)}")
    expect(page.locator("[data-search-status]")).to_have_text(re.compile(r"找到|没有"), timeout=30_000)
    more = page.locator(".search-more")
    while more.is_visible():
        count = page.locator(".search-result").count()
        more.click()
        expect(page.locator(".search-result")).not_to_have_count(count)
    out = []
    for link in page.locator(".search-result .result-title a").all():
        slug = re.search(r"/notices/([^/]+)/", link.get_attribute("href") or "")
        out.append((slug.group(1) if slug else "", link.inner_text()))
    return out


def check(page: Any, base: str, notices: list[search_corpus.Notice], queries: list[str]) -> None:
    titles = {n.slug: n.title for n in notices}
    missing, order = [], []
    for query in queries:
        want = search_corpus.expected(notices, query)
        results = found(page, base, query)
        slugs = [slug for slug, _ in results]
        if want - set(slugs):
            missing.append(f"{query}: {sorted(want - set(slugs))}")
        words = query.split()
        in_title = [all(w in titles.get(s, "") for w in words) for s in slugs]
        if len(words) == 1 and in_title != sorted(in_title, reverse=True):
            order.append(f"{query}: {slugs}")
    assert not missing, "notices not found:\n" + "\n".join(missing)
    assert not order, "a notice with the word in its title ranks below one without:\n" + "\n".join(order)
    assert not page.errors


def test_the_sample_sites_queries_find_every_notice(page: Any, sample_site: Path,
                                                     serve: Callable[[Path], str]) -> None:
    notices = search_corpus.read(SAMPLE_CONTENT)
    assert search_corpus.expected(notices, "整改") >= {"kuandian-inspection-rectification-2025",
                                                      "example-rectification-2026"}
    check(page, serve(sample_site), notices, SAMPLE_QUERIES)


def test_a_mixed_query_finds_only_notices_with_every_word(page: Any, sample_site: Path,
                                                           serve: Callable[[Path], str]) -> None:
    base = serve(sample_site)
    both = {slug for slug, _ in found(page, base, "整改 0415-5138995")}
    assert both == {"kuandian-inspection-rectification-2025"}
    assert len(found(page, base, "整改")) > len(both)


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("search-corpus")
    search_corpus.write(root / "content")
    assert build(root / "content", root / "output") == 0
    return root / "content", root / "output"


def test_words_drawn_from_a_generated_corpus_find_every_notice(page: Any, corpus_site: tuple[Path, Path],
                                                                serve: Callable[[Path], str]) -> None:
    content, output = corpus_site
    notices = search_corpus.read(content)
    assert len(notices) == 48
    check(page, serve(output), notices, search_corpus.queries(notices, 10))


def test_words_drawn_from_the_shared_corpus_find_every_notice(page: Any, tmp_path: Path,
                                                               serve: Callable[[Path], str]) -> None:
    if not SHARED_CORPUS.is_file():
        pytest.skip(f"the shared benchmark corpus script is not there ({SHARED_CORPUS}); "
                    "the generated corpus above covers the same checks")
    content = tmp_path / "content"
    subprocess.run([sys.executable, str(SHARED_CORPUS), "200", str(content / "notices"), "--seed", "16"],
                   check=True, capture_output=True)
    (content / "site.yaml").write_text("title: 检索测试\nbase_url: https://example.org/\n", "utf-8")
    assert build(content, tmp_path / "output") == 0
    notices = search_corpus.read(content)
    check(page, serve(tmp_path / "output"), notices, search_corpus.queries(notices, 8))
