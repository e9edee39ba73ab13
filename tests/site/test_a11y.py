"""Accessibility: axe-core finds no WCAG 2.1 A/AA violation on any kind of page the sample site has,
in every theme, on a phone and a desktop, in light mode (and no contrast failure in dark mode).

Page types are discovered from the built output (one page per path pattern and page structure), so
pages added later are checked without touching this file. axe-core comes from node_modules
(`npm ci`); under CI a missing axe-core fails the run instead of skipping it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, SAMPLE_CONTENT, THEMES, missing_tool
from support.site_pages import hold_redirects, open_page, page_types, url_of

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        missing_tool("axe-core is not installed: run `npm ci` in the repository")
    return AXE.read_text("utf-8")


def run_axe(page: Any, axe_source: str, rules: list[str] | None = None) -> list[dict[str, Any]]:
    """Inject axe-core (through the DevTools protocol, which the page's CSP does not govern) and run
    the WCAG 2.1 A and AA rules (or only `rules`) on the whole document."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source)
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    result = page.evaluate("only => axe.run(document, {runOnly: only, resultTypes: ['violations']})", only)
    return result["violations"]


def describe(violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for v in violations:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {' '.join(map(str, node['target']))}: {summary[:300]}")
    return lines


def test_page_types_are_discovered(themed_site: Callable[[str], Path]) -> None:
    """The discovery finds every kind of page of the sample site (so the checks below cover them)."""
    site = themed_site("default")
    pages = set(page_types(site).values())
    assert "index.html" in pages and "archive/index.html" in pages
    assert any(p.endswith("/ledger/index.html") for p in pages)
    kinds = set()
    for p in pages:
        article = BeautifulSoup((site / p).read_text("utf-8"), "html.parser").find("article", class_="notice")
        if article is not None:
            kinds.update(c for c in article["class"] if c.startswith("kind-"))
    sample_kinds = {f"kind-{m}" for f in (SAMPLE_CONTENT / "notices").rglob("*.md")
                    for m in re.findall(r"(?m)^kind:\s*(\S+)", f.read_text("utf-8"))}
    assert kinds == sample_kinds, "one notice page of every kind in the sample must be checked"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("theme", THEMES)
def test_no_wcag_violations(browser: Any, axe_source: str, themed_site: Callable[[str], Path],
                            serve: Callable[[Path], str], theme: str, viewport: str) -> None:
    """Every rule in light mode; in dark mode again the one rule the colour scheme can change (contrast)."""
    site = themed_site(theme)
    base = serve(site)
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    hold_redirects(context)
    page = context.new_page()
    problems: list[str] = []
    try:
        for rel in page_types(site).values():
            page.emulate_media(color_scheme="light")
            open_page(page, url_of(base, rel))
            for scheme, rules in (("light", None), ("dark", ["color-contrast"])):
                page.emulate_media(color_scheme=scheme)
                violations = run_axe(page, axe_source, rules)
                if violations:
                    problems.append(f"{rel} ({theme}, {viewport}, {scheme}):")
                    problems.extend(describe(violations))
    finally:
        context.close()
    assert not problems, "axe-core found WCAG 2.1 AA violations:\n" + "\n".join(problems)


def test_axe_reports_a_known_violation(browser: Any, axe_source: str, themed_site: Callable[[str], Path],
                                       serve: Callable[[Path], str]) -> None:
    """The injection works: an image without a text alternative, added at test time, is reported."""
    site = themed_site("default")
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url_of(serve(site), "index.html"))
        page.evaluate("document.querySelector('main').appendChild(document.createElement('img')).src = 'x.png'")
        assert "image-alt" in {v["id"] for v in run_axe(page, axe_source)}
    finally:
        context.close()
