"""A small crawler for built sites: every internal link, asset and #anchor of every page must lead to
a file of the output (and to an element with that id), as a static host would serve it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from support.site_pages import ASSET_FOLDERS

HOST = "http://site.invalid"
"""A made-up origin: pages are placed under it so relative links resolve as a browser would."""

LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
              ("iframe", "src"), ("form", "action"), ("area", "href"), ("use", "href")}
OUTSIDE = ("mailto:", "tel:", "data:")


@dataclass
class Page:
    links: list[tuple[str, str]] = field(default_factory=list)
    """(tag, address as written)."""
    ids: set[str] = field(default_factory=set)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("id"):
            self.page.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.page.ids.add(a["name"])
        for t, attr in LINK_ATTRS:
            if tag == t and attr in a:
                self.page.links.append((tag, a[attr]))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            m = re.search(r"url=(.+)$", a.get("content", ""), re.I)
            if m:
                self.page.links.append(("meta", m.group(1).strip()))


def read_page(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text("utf-8"))
    reader.close()
    return reader.page


def pages_of(site: Path) -> list[Path]:
    """Every HTML page of the site (not the search engine's or the theme's files)."""
    return [p for p in sorted(site.rglob("*.html")) if p.relative_to(site).parts[0] not in ASSET_FOLDERS]


def broken_links(site: Path, base_url: str = "/", file_style: bool = False) -> tuple[int, list[str]]:
    """How many links the pages have, and every one that leads nowhere: `page: address (why)`. Links to
    other sites are not followed; absolute links to the site's own base URL are. With `file_style`, a
    link to a folder is broken too (opened from disk, a folder shows a file listing instead of its page)."""
    base = urlsplit(base_url)
    root_path = base.path or "/"
    own_origins = {HOST} | ({f"{base.scheme}://{base.netloc}"} if base.netloc else set())
    cache: dict[Path, Page] = {}
    problems: list[str] = []
    checked = 0

    def page(path: Path) -> Page:
        if path not in cache:
            cache[path] = read_page(path)
        return cache[path]

    for path in pages_of(site):
        rel = path.relative_to(site).as_posix()
        here = HOST + root_path + rel
        for tag, address in page(path).links:
            if address.startswith(OUTSIDE):
                continue
            if address.lower().startswith("javascript:"):
                problems.append(f"{rel}: {address} (a javascript: link)")
                continue
            target = urlsplit(urljoin(here, address))
            if f"{target.scheme}://{target.netloc}" not in own_origins:
                continue  # another site
            checked += 1
            why = _check(site, root_path, target, file_style and tag in ("a", "form", "meta"), page)
            if why:
                problems.append(f"{rel}: {address} ({why})")
    return checked, problems


def _check(site: Path, root_path: str, target: SplitResult, no_folders: bool,
           page: Callable[[Path], Page]) -> str | None:
    if not target.path.startswith(root_path):
        return f"outside the site's path {root_path}"
    local = unquote(target.path[len(root_path):])
    file = site / local
    if local == "" or local.endswith("/"):
        if no_folders:
            return "a folder, which opened from disk shows a file listing"
        file = file / "index.html"
    elif file.is_dir():
        return "a folder without the final /"
    if not file.is_file():
        return "no such file"
    if target.fragment and file.suffix == ".html" and unquote(target.fragment) not in page(file).ids:
        return f"no element with id {target.fragment!r}"
    return None
