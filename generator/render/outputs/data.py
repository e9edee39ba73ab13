"""Open data: every published notice as JSON, and the JSON Schemas the files follow.

    data/notices.json                every notice without its text (newest issue first)
    data/notices/<slug>.json         one notice in full: sections, items, text
    data/schema/notices.schema.json  the schemas (see data_schema.py), named by each file's "$schema"
    data/schema/notice.schema.json

Values are as of `as_of`: states, days left, overdue items. `as_of` is a moment, with its time: the
latest of 00:00 of the build's date and the starts and ends of periods that came before the build on
that day (the values hold from then until the next start, end or midnight), so the same values always
carry the same `as_of` and a page rendered again for the same state is the same file. Items are serialised
exactly as in the ledger's JSON. Output is deterministic: fixed key order, UTF-8 (not \\u escapes),
two-space indentation and a final newline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

import orjson

from generator.assemble.site import Entry, Site
from generator.notice.model import Contact, Notice, Section
from generator.render.outputs import Job, OutputFile, RenderContext
from generator.render.outputs import json_bytes as dump
from generator.render.outputs.data_schema import NOTICE_SCHEMA, NOTICES_SCHEMA, notice_schema, notices_schema
from generator.render.outputs.feeds import body_html, mime_type
from generator.render.outputs.ledger import Row, item_dict, rows, summary_dict

NOTICES = "data/notices.json"


def notice_path(slug: str) -> str:
    return f"data/notices/{slug}.json"


def notice_files(ctx: RenderContext, entry: Entry) -> list[OutputFile]:
    """data/notices/<slug>.json: the notice in full."""
    return [OutputFile(notice_path(entry.notice.slug), dump(full(ctx, entry)))]


def fragment(ctx: RenderContext, entry: Entry) -> bytes:
    """The notice as data/notices.json lists it, indented for its place in that file."""
    return orjson.dumps(summary(ctx, entry), option=orjson.OPT_INDENT_2).replace(b"\n", b"\n    ")


def as_of(site: Site, slugs: Iterable[str] | None = None) -> str:
    """The moment from which the values hold, in the site's time zone: 00:00 of the build's date, or the
    latest start or end of a period (of the notices named, else of those the index lists) between then
    and the build. A withdrawn notice's period changes nothing."""
    tz = site.config.tz
    low = dt.datetime.combine(site.today, dt.time(), tz).timestamp()
    now = site.now.timestamp()
    for slug in index_order(site) if slugs is None else slugs:
        record = site.records.get(slug)
        period = record.period if record is not None and site.states.get(slug) != "withdrawn" else None
        for boundary in period[:2] if period else ():
            if low < boundary <= now:
                low = boundary
    return dt.datetime.fromtimestamp(low, tz).isoformat()


def index_order(site: Site) -> list[str]:
    """The slugs data/notices.json lists, newest issue first."""
    return sorted(site.records, key=lambda s: (-site.records[s].issued, s))


def jobs(ctx: RenderContext, key: str, fragments: Callable[[str], bytes], env: str) -> list[Job]:
    """data/notices.json (made of each notice's fragment) and the schemas. `key` names every fragment."""
    return [Job(NOTICES, key, lambda: [OutputFile(NOTICES, _index(ctx, fragments))]),
            Job("data/schema", env, lambda: _schemas(ctx))]


def _index(ctx: RenderContext, fragments: Callable[[str], bytes]) -> bytes:
    site = ctx.site
    slugs = index_order(site)
    head = {
        "$schema": ctx.absolute(NOTICES_SCHEMA),
        "as_of": as_of(site),
        "site": {"title": site.config.title, "description": site.config.description or None,
                 "url": ctx.absolute(""), "language": site.config.language, "timezone": site.config.timezone},
        "count": len(slugs),
        "notices": [],
    }
    text = dump(head)
    if not slugs:
        return text
    # The same bytes json.dumps(indent=2) would write for the whole list, from the notices' fragments.
    opening = text[: text.rindex(b"[]")] + b"[\n    "
    return opening + b",\n    ".join(fragments(s) for s in slugs) + b"\n  ]\n}\n"


def _schemas(ctx: RenderContext) -> list[OutputFile]:
    return [OutputFile(NOTICES_SCHEMA, dump(notices_schema(ctx.absolute(NOTICES_SCHEMA)))),
            OutputFile(NOTICE_SCHEMA, dump(notice_schema(ctx.absolute(NOTICE_SCHEMA))))]


def _iso(moment: dt.datetime | None) -> str | None:
    """RFC 3339, with seconds and the offset of the site's time zone."""
    return moment.isoformat(timespec="seconds") if moment else None


def summary(ctx: RenderContext, entry: Entry) -> dict[str, Any]:
    """A notice without its text: what data/notices.json lists."""
    n = entry.notice
    records = ctx.site.records
    return {
        "slug": n.slug,
        "url": ctx.absolute(entry.path),
        "data_url": ctx.absolute(notice_path(n.slug)),
        "title": n.title,
        "issuer": n.issuer,
        "kind": n.kind,
        "kind_label": ctx.t()("kind." + n.kind),
        "issued": n.issued.isoformat(),
        "updated": n.last_changed.isoformat(),
        "lang": n.lang,
        "summary": n.summary or None,
        "tags": list(n.tags),
        "state": entry.state,
        "withdrawn": {"date": n.withdrawn.date.isoformat(), "note": n.withdrawn.note} if n.withdrawn else None,
        "period": _period(entry),
        "contacts": [_contact(c, ctx.site.today) for c in n.contacts],
        "progress": summary_dict(entry),
        "attachments": [{"file": a.file, "title": a.title, "description": a.description or None,
                         "url": ctx.absolute(entry.path + a.file), "type": a.file.rsplit(".", 1)[-1].upper(),
                         "mime_type": mime_type(a.file), "size": a.size, "sha256": a.sha256}
                        for a in n.attachments],
        "revisions": [{"date": r.date.isoformat(), "kind": r.kind, "note": r.note, "end": _iso(r.end)}
                      for r in n.revisions],
        "related": [{"slug": s, "url": ctx.absolute(records[s].path), "title": records[s].title}
                    for s in n.related if s in records],
        **disclosure_info(n),
    }


def disclosure_info(n: Notice) -> dict[str, Any]:
    """The government disclosure fields (索引号, 文号, 主题分类…): null where the notice has none."""
    info = n.info
    return {
        "index_number": info.index_number or None,
        "document_number": info.document_number or None,
        "topic": info.topic or None,
        "written": info.written.isoformat() if info.written else None,
        "publisher": info.publisher or n.issuer,
        "validity": {"status": info.validity.status,
                     "date": info.validity.date.isoformat() if info.validity.date else None} if info.validity else None,
        "disclosure_scope": info.disclosure_scope or None,
    }


def _period(entry: Entry) -> dict[str, Any] | None:
    p, st = entry.notice.period, entry.status
    if p is None or st is None:
        return None
    original = entry.notice.original_period
    withdrawn = entry.notice.withdrawn is not None  # never open, whatever the dates say: no days to count
    return {
        "start": _iso(p.start),
        "end": _iso(p.end),
        "last_day": p.last_day.isoformat(),
        "state": "withdrawn" if withdrawn else st.state,
        "days_left": None if withdrawn else st.days_left,
        "days_until_start": None if withdrawn else st.days_until_start,
        "working_days": p.working_days,
        "original_end": _iso(original.end) if original else None,
    }


def _contact(c: Contact, today: dt.date) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "label": c.label or None,
        "value": c.value,
        "href": c.href or None,
        "international": c.international or None,
        "postcode": c.postcode or None,
        "hours": {"text": c.hours.text, "machine": c.hours.machine()} if c.hours else None,
        "note": c.note or None,
        "until": c.until.isoformat() if c.until else None,
        "in_use": c.in_use(today),
    }


def full(ctx: RenderContext, entry: Entry) -> dict[str, Any]:
    """One notice in full: data/notices/<slug>.json."""
    n = entry.notice
    by_anchor = {r.item.anchor: r for r in rows(ctx, entry)}
    data: dict[str, Any] = {"$schema": ctx.absolute(NOTICE_SCHEMA), "as_of": as_of(ctx.site, (n.slug,))}
    data.update(summary(ctx, entry))
    data["signature"] = {"by": n.signature.by, "date": n.signature.date.isoformat()} if n.signature else None
    data["progress_updates"] = [{"date": u.date.isoformat(), "note": u.note} for u in n.progress_updates]
    data["sections"] = [_section(ctx, entry, s, by_anchor) for s in n.sections]
    data["body_markdown"] = n.body if body_html(ctx, entry) is not None else None
    return data


def _section(ctx: RenderContext, entry: Entry, s: Section, by_anchor: dict[str, Row]) -> dict[str, Any]:
    return {
        "anchor": s.anchor,
        "url": ctx.absolute(f"{entry.path}#{s.anchor}"),
        "level": s.level,
        "number": s.number,
        "title": s.title,
        "items": [item_dict(by_anchor[i.anchor]) for i in s.items],
        "children": [_section(ctx, entry, c, by_anchor) for c in s.children],
    }
