"""The disclosure page in Chromium: the JSON-LD data block passes the Content-Security-Policy as the
pages write it (no violation reported, while an inline script on the same page is), and the
metadata table is a table on wide screens, a list at phone width, and a table again on paper."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import THEMES
from support.site_pages import REQUIRED_PAGES, page_types

RECT = "notices/example-rectification-2026/"

WATCH = """window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"""


def violations(browser: Any, url: str) -> tuple[list[str], list[str]]:
    context = browser.new_context()
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.add_init_script(WATCH)
    page.goto(url)
    page.wait_for_load_state("load")
    found = page.evaluate("window.__violations")
    ld = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)['@type']")
    assert ld == "Article"
    context.close()
    return found, console


def test_json_ld_is_no_csp_violation(browser: Any, sample_site: Path, serve: Callable[[Path], str],
                                     tmp_path: Path) -> None:
    found, console = violations(browser, serve(sample_site) + "/" + RECT)
    assert found == [] and console == []
    # The same page with an inline script added: the check sees the violation it exists to catch.
    copy = tmp_path / "site"
    shutil.copytree(sample_site, copy)
    page = copy / RECT / "index.html"
    page.write_text(page.read_text("utf-8").replace("</head>", "<script>document.title='x'</script></head>"), "utf-8")
    found, console = violations(browser, serve(copy) + "/" + RECT)
    assert any(v.startswith("script-src") for v in found) and console


def box(page: Any, selector: str) -> dict[str, float]:
    """The first line box of a cell (at phone width the cells are inline: their text, not the union of
    their fragments)."""
    return page.evaluate("s => { const r = document.querySelector('.disclosure-meta ' + s).getClientRects()[0];"
                         " return {x: r.x, y: r.y, width: r.width, height: r.height}; }", selector)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("width", "media", "layout"), [(1280, "screen", "table-row"), (375, "screen", "block"),
                                                        (375, "print", "table-row")])
def test_table_on_wide_screens_list_on_phones_table_in_print(browser: Any, themed_site: Callable[[str], Path],
                                                             serve: Callable[[Path], str], theme: str, width: int,
                                                             media: str, layout: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.emulate_media(media=media)
    page.goto(serve(themed_site(theme)) + "/" + RECT)
    table = page.locator("table.disclosure-meta")
    assert table.is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.disclosure-meta tr')).display") == layout
    label, value = box(page, "th.dm-document-number"), box(page, "td.dm-document-number")
    assert page.locator(".disclosure-meta td.dm-document-number").inner_text() == "示例镇委发〔2026〕21号"
    same_line = abs(label["y"] - value["y"]) < 8 and value["x"] > label["x"]
    assert same_line, "each label stays beside its value"
    if layout == "block":  # one pair per line: the next label starts below this value
        nxt = box(page, "th.dm-issued")
        assert nxt["y"] > value["y"] + value["height"] - 2
    else:  # two pairs per row
        nxt = box(page, "th.dm-issued")
        assert abs(nxt["y"] - label["y"]) < 8 and nxt["x"] > value["x"]
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    context.close()


def test_the_new_pages_are_discovered_for_the_page_checks(themed_site: Callable[[str], Path]) -> None:
    pages = set(page_types(themed_site("default")).values())
    assert set(REQUIRED_PAGES) <= pages
    assert RECT + "index.html" in pages or any("contacts-stopped" in (themed_site("default") / p).read_text("utf-8")
                                               for p in pages), "a page with stopped channels is checked"
