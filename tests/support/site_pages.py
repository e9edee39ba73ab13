"""Helpers for tests that open every kind of page of a built site in a browser (accessibility,
keyboard, validity): which pages to open, their addresses, and how to keep redirect pages still."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

# Folders of the output that hold assets or a search engine's files, not pages of the site.
ASSET_FOLDERS = {"static", "pagefind"}

REQUIRED_PAGES = ("accessibility/index.html",)
"""Pages of the sample site the discovery must find, so the accessibility, keyboard and HTML checks
cover them: the accessibility statement (无障碍声明), a page of its own type."""



def _structure(html: str) -> tuple[str, ...]:
    """The classes of the page's body and of the main area's top-level blocks (which template made it,
    and what kind of notice it shows), without per-state or per-group classes."""
    doc = BeautifulSoup(html, "html.parser")
    found: set[str] = set()
    body = doc.body
    if body is not None:
        found.update(f"body.{c}" for c in body.get("class") or [])
    main = doc.find("main") or body
    if main is None:
        return ()
    blocks = [main]
    for _ in range(3):  # main > .wrap > article.notice.kind-…
        blocks = [c for b in blocks for c in b.find_all(recursive=False)]
        for el in blocks:
            classes = [c for c in el.get("class") or [] if not c.startswith(("state-", "group-"))]
            found.add(el.name + "".join(f".{c}" for c in sorted(classes)))
    return tuple(sorted(found))


def page_types(site: Path) -> dict[str, str]:
    """One representative page (path relative to the site) per page type of a built site.

    A type is the page's path pattern (every folder below the first one generalised: notices/*/…)
    together with its structure, so index, archive, each kind of notice, the ledger, search or tag
    pages and redirects are each checked once, whatever their number."""
    types: dict[str, str] = {}
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site)
        if rel.parts[0] in ASSET_FOLDERS:
            continue
        parts = rel.parts
        pattern = "/".join([parts[0], *["*"] * (len(parts) - 2), parts[-1]] if len(parts) > 1 else parts)
        key = pattern + " " + " ".join(_structure(page.read_text("utf-8")))
        types.setdefault(key, rel.as_posix())
    return types


def url_of(base: str, rel: str) -> str:
    return f"{base}/{rel.removesuffix('index.html')}"


_REFRESH = re.compile(r'<meta http-equiv="refresh"[^>]*>')


def open_page(page: Any, url: str) -> None:
    """Open a page and wait until its scripts have done their work (the search page builds its filters
    once the index has loaded), so checks see the page as readers do."""
    page.goto(url)
    if page.locator("[data-search-filters]").count():
        page.locator("[data-search-filters]:not([hidden]), [data-search-unavailable]:not([hidden])").first.wait_for()


def hold_redirects(context: Any) -> None:
    """Keep redirect pages (old addresses, which move on with `<meta http-equiv="refresh">`) on screen,
    so they are checked like any other page instead of navigating away under the checks."""
    def handle(route: Any) -> None:
        if route.request.resource_type != "document":
            route.continue_()
            return
        response = route.fetch()
        body = response.text()
        route.fulfill(response=response, body=_REFRESH.sub("", body))

    context.route("**/*", handle)


