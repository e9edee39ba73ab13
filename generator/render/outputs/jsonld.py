"""Structured data (JSON-LD, schema.org) of a notice page, and the government portal `<meta>` values.

The page carries it in `<script type="application/ld+json">`: a data block, which browsers never run,
so the Content-Security-Policy (`script-src 'self'`, no inline scripts) does not block it
(tests/site/test_page_metadata.py checks Chromium reports no violation). The text is escaped so it
cannot close the element (`<` as \\u003c), whatever the content says.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import orjson

from generator.assemble.site import Entry
from generator.render.outputs import SHARE_CARD, RenderContext


def notice_data(ctx: RenderContext, entry: Entry) -> dict[str, Any]:
    """The notice as a schema.org Article by a GovernmentOrganization, with its dates and period."""
    n, info = entry.notice, entry.notice.info
    url = ctx.absolute(entry.path)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": url + "#notice",
        "url": url,
        "mainEntityOfPage": url,
        "headline": n.title,
        "name": n.title,
        "description": n.summary or n.title,
        "inLanguage": n.lang,
        "genre": ctx.t(n.lang)("kind." + n.kind),
        "datePublished": n.issued.isoformat(),
        "dateModified": n.last_changed.isoformat(),
        "author": {"@type": "GovernmentOrganization", "name": n.issuer},
        "publisher": {"@type": "GovernmentOrganization", "name": info.publisher or n.issuer},
        "isPartOf": {"@type": "WebSite", "name": ctx.site.config.title, "url": ctx.absolute("")},
        "image": ctx.absolute(SHARE_CARD),
        "isAccessibleForFree": True,
    }
    if info.written:
        data["dateCreated"] = info.written.isoformat()
    ids = [(name, value) for name, value in (("文号", info.document_number), ("索引号", info.index_number)) if value]
    if ids:
        data["identifier"] = [{"@type": "PropertyValue", "propertyID": k, "value": v} for k, v in ids]
    keywords = [*([info.topic] if info.topic else []), *n.tags]
    if keywords:
        data["keywords"] = keywords
    if info.topic:
        data["about"] = {"@type": "Thing", "name": info.topic}
    if n.period is not None:
        p = n.period
        data["temporalCoverage"] = f"{p.start.isoformat(timespec='seconds')}/{p.end.isoformat(timespec='seconds')}"
    status = "撤销" if n.withdrawn else (info.validity.status if info.validity else "")
    if status:
        data["creativeWorkStatus"] = status
    return data


def script_text(data: dict[str, Any]) -> str:
    """JSON for a `<script type="application/ld+json">` element: `<`, `>` and `&` escaped, so no
    value can end the element or open a comment."""
    text = orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8")
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def portal_meta(ctx: RenderContext, entry: Entry | None, canonical: str) -> list[tuple[str, str]]:
    """(name, content) of the `<meta>` elements government portals carry (政府网站网页元数据): the site's
    on every page, the column's and the article's on a notice page. Empty values are left out.

    `Description` is not repeated: the page's `<meta name="description">` is the same element (meta
    names are case-insensitive, and HTML allows one description)."""
    config = ctx.site.config
    host = urlsplit(config.base_url).netloc
    out = [("SiteName", config.title), ("SiteDomain", host), ("SiteIDCode", config.footer.site_code)]
    if entry is not None:
        n, info = entry.notice, entry.notice.info
        t = ctx.t(n.lang)
        out += [("ColumnName", t("kind." + n.kind)), ("ColumnType", t("meta.column_type")),
                ("ArticleTitle", n.title), ("PubDate", n.issued.isoformat()),
                ("ContentSource", info.publisher or n.issuer),
                ("Keywords", ",".join([*([info.topic] if info.topic else []), *n.tags])),
                ("Author", n.issuer), ("Image", ctx.absolute(SHARE_CARD)), ("Url", canonical)]
    return [(k, v) for k, v in out if v]
