"""sitemap.xml and robots.txt.

The sitemap lists every page the other outputs marked as belonging there (`OutputFile.sitemap`:
pages that are their own canonical address, which leaves out the 404 page and the redirects from
old addresses), by its canonical address; a notice's pages carry its `last_changed` date as
lastmod. robots.txt allows everything and names the sitemap. A preview build (`--preview`) is not for
search engines: its robots.txt disallows everything, and it has no sitemap.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from generator.render.outputs import OutputFile, RenderContext, public_path

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


def render(ctx: RenderContext, pages: Iterable[str]) -> list[OutputFile]:
    """`pages`: the output path of every page the sitemap lists."""
    if ctx.site.config.preview:
        return [OutputFile(ROBOTS, b"User-agent: *\nDisallow: /\n")]
    records = ctx.site.records
    urlset = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for path in sorted(pages):
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = ctx.absolute(public_path(path))
        parts = path.split("/")
        if parts[0] == "notices" and len(parts) > 2 and parts[1] in records:
            ET.SubElement(url, "lastmod").text = dt.date.fromordinal(records[parts[1]].last_changed).isoformat()
    ET.indent(urlset)
    sitemap = ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {ctx.absolute(SITEMAP)}\n"
    return [OutputFile(SITEMAP, sitemap), OutputFile(ROBOTS, robots.encode("utf-8"))]
