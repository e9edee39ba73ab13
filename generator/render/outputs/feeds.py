"""Feeds of the newest notices: Atom (RFC 4287) at feed.xml and JSON Feed 1.1 at feed.json.

Both list the same notices, newest change first (`Notice.last_changed` covers updates and
revisions, so a corrected or withdrawn notice comes back to the top). XML is built with
ElementTree, which escapes every value; characters XML cannot carry are dropped first.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from generator.assemble.site import Entry, Site
from generator.render.outputs import Job, OutputFile, RenderContext, json_bytes

LIMIT = 50
ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
"""Dublin Core: an Atom entry's 文号 is its dc:identifier."""
XML_NS = "http://www.w3.org/XML/1998/namespace"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
MIME_TYPES = {
    "pdf": "application/pdf", "ofd": "application/ofd", "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv", "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "zip": "application/zip",
    "txt": "text/plain", "odt": "application/vnd.oasis.opendocument.text",
}
"""A fixed table, so the output does not depend on the machine's MIME database."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def jobs(ctx: RenderContext, key: str, bodies: Callable[[str], str], shown: list[str]) -> list[Job]:
    """Both feeds, as one job, of the notices `shown` (what `newest()` picks); `key` names them,
    `bodies` gives their texts."""
    def render() -> list[OutputFile]:
        site = ctx.site
        entries = [replace(site.entry(slug), body_html=bodies(slug)) for slug in shown]
        return [OutputFile("feed.xml", atom(ctx, entries)), OutputFile("feed.json", json_feed(ctx, entries))]

    return [Job("feeds", key, render)]


def newest(site: Site, limit: int = LIMIT) -> list[str]:
    """The notices the archive lists, most recently changed first (then most recently issued)."""
    records = site.records
    pool = sorted(site.archived_slugs, key=lambda s: (-records[s].last_changed, -records[s].issued, s))
    return pool[:limit]


def mime_type(file: str) -> str:
    return MIME_TYPES.get(file.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def moment(day: dt.date, ctx: RenderContext) -> str:
    """A date as an RFC 3339 timestamp: the start of that day in the site's time zone."""
    return dt.datetime.combine(day, dt.time(), ctx.site.config.tz).isoformat(timespec="seconds")


def identifier(url: str) -> str:
    """A permanent id: the absolute address, or (when base_url has no host) a UUID derived from the path."""
    if re.match(r"^https?://", url):
        return url
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}"


def body_html(ctx: RenderContext, entry: Entry) -> str | None:
    """The rendered text, unless the notice is withdrawn and the site keeps withdrawn text out of sight."""
    if entry.notice.withdrawn and not ctx.site.config.show_withdrawn_body:
        return None
    return entry.body_html


def summary(ctx: RenderContext, entry: Entry) -> str:
    """The notice's summary (else its title), after the withdrawal note if it was withdrawn."""
    n = entry.notice
    text = n.summary or n.title
    if n.withdrawn:
        text = ctx.t(n.lang)("feed.withdrawn", note=n.withdrawn.note) + " " + text
    return text


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _clean(text)
    return el


def atom(ctx: RenderContext, entries: list[Entry]) -> bytes:
    config = ctx.site.config
    # The Atom namespace is the default one, declared on the root (no prefixes, no global registration).
    feed = ET.Element("feed", {"xmlns": ATOM_NS, "xmlns:dc": DC_NS, f"{{{XML_NS}}}lang": config.language})
    feed_url = ctx.absolute("feed.xml")
    _sub(feed, "id", identifier(ctx.absolute("")))
    _sub(feed, "title", config.title)
    if config.description:
        _sub(feed, "subtitle", config.description)
    updated = max((e.notice.last_changed for e in entries), default=ctx.site.today)
    _sub(feed, "updated", moment(updated, ctx))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=ctx.absolute(""))
    _sub(feed, "generator", "Gongshi")
    for e in entries:
        n, t = e.notice, ctx.t(e.notice.lang)
        url = ctx.absolute(e.path)
        item = _sub(feed, "entry")
        item.set(f"{{{XML_NS}}}base", _clean(url))
        if n.lang != config.language:
            item.set(f"{{{XML_NS}}}lang", n.lang)
        _sub(item, "id", identifier(url))
        _sub(item, "title", n.title)
        _sub(item, "link", rel="alternate", type="text/html", href=url)
        _sub(item, "published", moment(n.issued, ctx))
        _sub(item, "updated", moment(n.last_changed, ctx))
        author = _sub(item, "author")
        _sub(author, "name", n.issuer)
        _sub(item, "category", term=n.kind, label=t("kind." + n.kind))
        for tag in n.tags:
            _sub(item, "category", term=tag)
        if n.info.document_number:
            _sub(item, "dc:identifier", n.info.document_number)
        _sub(item, "summary", summary(ctx, e), type="text")
        html = body_html(ctx, e)
        if html is not None:
            _sub(item, "content", html, type="html")
        for a in n.attachments:
            _sub(item, "link", rel="enclosure", type=mime_type(a.file), title=a.title, length=str(a.size),
                 href=ctx.absolute(e.path + a.file))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def json_feed(ctx: RenderContext, entries: list[Entry]) -> bytes:
    config = ctx.site.config
    data: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": config.title,
        "home_page_url": ctx.absolute(""),
        "feed_url": ctx.absolute("feed.json"),
    }
    if config.description:
        data["description"] = config.description
    data["language"] = config.language
    items = []
    for e in entries:
        n, t = e.notice, ctx.t(e.notice.lang)
        url = ctx.absolute(e.path)
        item: dict[str, Any] = {"id": identifier(url), "url": url, "title": n.title, "summary": summary(ctx, e)}
        html = body_html(ctx, e)
        if html is not None:
            item["content_html"] = html
        else:
            item["content_text"] = summary(ctx, e)
        item["date_published"] = moment(n.issued, ctx)
        item["date_modified"] = moment(n.last_changed, ctx)
        item["authors"] = [{"name": n.issuer}]
        item["tags"] = [t("kind." + n.kind), *n.tags]
        if n.lang != config.language:
            item["language"] = n.lang
        if n.info.document_number or n.info.index_number:
            item["_gongshi"] = {k: v for k, v in (("document_number", n.info.document_number),
                                                  ("index_number", n.info.index_number)) if v}
        if n.attachments:
            item["attachments"] = [{"url": ctx.absolute(e.path + a.file), "mime_type": mime_type(a.file),
                                    "title": a.title, "size_in_bytes": a.size} for a in n.attachments]
        items.append(item)
    data["items"] = items
    return json_bytes(data)
