"""sitemap.xml and robots.txt.

The sitemap is made from the build's other outputs, so it lists every HTML page whatever module
made it, except pages that ask not to be indexed (the 404 page, redirects from old addresses) or
that name another page as canonical. Each URL is the page's canonical address; a notice's pages
carry its `last_changed` date as lastmod. robots.txt allows everything and names the sitemap.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from . import OutputFile, RenderContext

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


def render(ctx: RenderContext, files: list[OutputFile]) -> list[OutputFile]:
    lastmod = {e.path: e.notice.last_changed for e in ctx.site.entries}
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for f in sorted(files, key=lambda f: f.path):
        if not f.path.endswith(".html") or f.source is not None:
            continue
        address = ctx.absolute(public_path(f.path))
        head = _Head.read(f.data)
        if head.noindex or (head.canonical is not None and head.canonical != address):
            continue
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = address
        folder = f.path.rsplit("/", 1)[0] + "/" if "/" in f.path else ""
        day = _notice_day(folder, lastmod)
        if day is not None:
            ET.SubElement(url, "lastmod").text = day
    ET.indent(urlset)
    sitemap = ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {ctx.absolute(SITEMAP)}\n"
    return [OutputFile(SITEMAP, sitemap), OutputFile(ROBOTS, robots.encode("utf-8"))]


def public_path(path: str) -> str:
    """notices/x/index.html → notices/x/ (the address a page is served at)."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


def _notice_day(folder: str, lastmod: dict[str, object]) -> str | None:
    """A page in a notice's folder (its page, its ledger) changes when the notice does."""
    while folder:
        if folder in lastmod:
            return str(lastmod[folder])
        folder = folder.rstrip("/").rpartition("/")[0] + "/" if "/" in folder.rstrip("/") else ""
    return None


class _Head(HTMLParser):
    """Reads a page's robots meta and canonical link, stopping at <body>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.noindex = False
        self.canonical: str | None = None

    @classmethod
    def read(cls, data: bytes) -> _Head:
        parser = cls()
        text = data.decode("utf-8", "replace")
        end = text.find("<body")
        parser.feed(text if end < 0 else text[:end])
        parser.close()
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta" and a.get("name", "").lower() == "robots" and "noindex" in a.get("content", "").lower():
            self.noindex = True
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = a.get("href", "")
