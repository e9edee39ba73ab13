"""The JSON Schemas (draft 2020-12) of the open data files, written from Python.

data/notices.json follows `notices_schema()` and each data/notices/<slug>.json follows
`notice_schema()`; both are published under data/schema/ and named by the files' "$schema".
Each schema stands alone (no references between files), so any validator can use it as it is.
`additionalProperties: false` everywhere: a field the data gains must be described here first.
"""

from __future__ import annotations

from typing import Any

from generator.source.schema import CONTACT_KINDS, KINDS, REVISION_KINDS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
NOTICES_SCHEMA = "data/schema/notices.schema.json"
NOTICE_SCHEMA = "data/schema/notice.schema.json"
STATES = ("upcoming", "open", "closed", "withdrawn", "none")

Schema = dict[str, Any]


def _obj(doc: str, props: dict[str, Schema], optional: tuple[str, ...] = ()) -> Schema:
    """An object whose every property is required (absent values are null), except `optional` ones."""
    return {"type": "object", "description": doc, "properties": props,
            "required": [k for k in props if k not in optional], "additionalProperties": False}


def _s(doc: str, **kw: Any) -> Schema:
    return {"type": "string", "description": doc, **kw}


def _null(schema: Schema) -> Schema:
    """The same schema, also allowing null."""
    out = dict(schema)
    kind = out.get("type")
    if isinstance(kind, str):
        out["type"] = [kind, "null"]
    elif "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


def _list(doc: str, items: Schema) -> Schema:
    return {"type": "array", "description": doc, "items": items}


DATE = {"type": "string", "format": "date"}
MOMENT = {"type": "string", "format": "date-time"}
URL = {"type": "string", "format": "uri-reference"}
COUNT = {"type": "integer", "minimum": 0}


def _date(doc: str) -> Schema:
    return {**DATE, "description": doc}


def _moment(doc: str) -> Schema:
    return {**MOMENT, "description": doc}


def _url(doc: str) -> Schema:
    return {**URL, "description": doc}


def _count(doc: str) -> Schema:
    return {**COUNT, "description": doc}


PERIOD = _obj("The disclosure period (公示期).", {
    "start": _moment("The first moment of the period."),
    "end": _moment("The end of the period, exclusive: a period ending on a date ends at 00:00 of the next day."),
    "last_day": _date("The last day inside the period."),
    "state": {"enum": ["upcoming", "open", "closed", "withdrawn"],
              "description": "Where `as_of` falls relative to the period; withdrawn once the notice is withdrawn."},
    "days_left": _null(_count("Calendar days left including the day of `as_of`, while open.")),
    "days_until_start": _null(_count("Calendar days until the period starts, while upcoming.")),
    "working_days": _null(_count("The period's length in official working days, when it was given that way.")),
    "original_end": _null(_moment("The end as first published, when an extension moved it.")),
})

HOURS = _obj("Office hours.", {
    "text": _s("As written, e.g. 工作日8:30-17:00."),
    "machine": _s("Machine-readable: `Mo-Fr 08:30-12:00,14:30-17:30`, or `workdays …` for the official "
                  "working-day calendar."),
})

CONTACT = _obj("A way to reach the issuer.", {
    "kind": {"enum": list(CONTACT_KINDS), "description": "phone, email, post, web or in-person."},
    "label": _null(_s("What readers see instead of the kind, if set.")),
    "value": _s("The number as written, the address, the URL or the place."),
    "href": _null(_url("A tel:, mailto: or https: link, or null for post and in-person.")),
    "international": _null(_s("Phones: the number in international form, e.g. +86 415 5138995.")),
    "postcode": _null(_s("Postal code.")),
    "hours": _null(HOURS),
    "note": _null(_s("What the channel accepts.")),
    "until": _null(_date("The last day the channel is in use, if it stops (e.g. an inspection team's hotline).")),
    "in_use": {"type": "boolean", "description": "Whether the channel is in use as of `as_of` (false after `until`)."},
})

PROGRESS = _obj("How far the items (rectification promises) have come, as of `as_of`.", {
    "total": _count("Items."),
    "done": _count("Items in a state that counts as done."),
    "percent": {"type": "integer", "minimum": 0, "maximum": 100, "description": "done / total, rounded."},
    "unmarked": _count("Items without a state marker."),
    "overdue": _count("Items past their deadline and not done."),
    "by_state": {"type": "object", "description": "Items per state key (the site's vocabulary).",
                 "additionalProperties": COUNT},
})

ATTACHMENT = _obj("A file published with the notice (附件).", {
    "file": _s("Path relative to the notice's folder."),
    "title": _s("The title readers see."),
    "description": _null(_s("What the file is.")),
    "url": _url("Where to download it."),
    "type": _s("File type, e.g. PDF."),
    "mime_type": _s("Media type, e.g. application/pdf."),
    "size": _count("Size in bytes."),
    "sha256": _s("SHA-256 of the file, hex.", pattern="^[0-9a-f]{64}$"),
})

REVISION = _obj("A dated change after publication.", {
    "date": _date("When it changed."),
    "kind": {"enum": list(REVISION_KINDS), "description": "correction, extension, withdrawal or supplement."},
    "note": _s("What changed and why."),
    "end": _null(_moment("For an extension: the new end of the period (exclusive).")),
})

RELATED = _obj("A related notice of this site.", {
    "slug": _s("Its slug."),
    "url": _url("Its page."),
    "title": _s("Its title."),
})

SUMMARY_PROPS: dict[str, Schema] = {
    "slug": _s("The notice's address segment.", pattern="^[a-z0-9][a-z0-9-]*$"),
    "url": _url("The notice's page."),
    "data_url": _url("This notice's full data file (data/notices/<slug>.json)."),
    "title": _s("Title."),
    "issuer": _s("Issuing body."),
    "kind": {"enum": list(KINDS), "description": "What kind of notice it is."},
    "kind_label": _s("The kind in the site's language, e.g. 整改进展通报."),
    "issued": _date("Issue date."),
    "updated": _date("Date of the last change: the issue date, `updated:` or the latest revision."),
    "lang": _s("Language of the notice, e.g. zh-CN."),
    "summary": _null(_s("One or two sentences.")),
    "tags": _list("Topics.", {"type": "string"}),
    "state": {"enum": list(STATES), "description": "The notice's state as of `as_of` (none: it has no period)."},
    "withdrawn": _null(_obj("The withdrawal, if the notice was withdrawn.", {
        "date": _date("When."), "note": _s("Why.")})),
    "period": _null(PERIOD),
    "contacts": _list("Contact channels, in the order readers see them.", CONTACT),
    "progress": _null(PROGRESS),
    "attachments": _list("Files published with the notice.", ATTACHMENT),
    "revisions": _list("Dated changes up to `as_of`, in date order (a later-dated one shows from its date).", REVISION),
    "related": _list("Related notices published on this site.", RELATED),
    "index_number": _null(_s("索引号: the number in the site's disclosure catalogue.")),
    "document_number": _null(_s("发文字号 (文号), e.g. 示例组通字〔2026〕26号.")),
    "topic": _null(_s("主题分类, one of the site's topics.")),
    "written": _null(_date("成文日期: the date the document was signed.")),
    "publisher": _s("发布机构: the body that publishes the notice (the issuer unless another is named)."),
    "validity": _null(_obj("有效性: whether the document is in force.", {
        "status": {"enum": ["有效", "失效", "废止"], "description": "有效 (in force), 失效 (expired) or 废止 (repealed)."},
        "date": _null(_date("Since when it is expired or repealed; for 有效, until when it is in force, if known.")),
    })),
    "disclosure_scope": _null({"enum": ["主动公开", "依申请公开"], "description": "公开方式."}),
}

ITEM = _obj("An item whose progress the public follows (the same fields as the ledger's JSON).", {
    "number": {"type": "integer", "minimum": 1, "description": "Running number in the notice."},
    "part": _s("The part (一、…) it belongs to, or empty."),
    "category": _s("The category (（一）…) it belongs to, or empty."),
    "item": _s("Number and title as written."),
    "anchor": _s("Id of its heading on the notice page."),
    "state": _null(_s("State key, e.g. done; null without a marker.")),
    "state_label": _null(_s("State as readers see it, e.g. 已完成.")),
    "deadline": _null(_date("整改时限 / 完成时限.")),
    "unit": _null(_s("责任单位.")),
    "overdue": {"type": "boolean", "description": "Past its deadline and not done, as of `as_of`."},
    "measures": _list("The measures it lists (一是… 二是…), as written.", {"type": "string"}),
    "line": {"type": "integer", "minimum": 1, "description": "Line of its heading in the content file."},
})


def _section() -> Schema:
    return _obj("A numbered heading (一、 / （一） / …) with its items and subsections.", {
        "anchor": _s("Id of the heading on the notice page."),
        "url": _url("Link to the heading."),
        "level": {"type": "integer", "minimum": 1, "maximum": 6, "description": "2 for 一、, 3 for （一）, 4 for 1."},
        "number": _s("The number as written."),
        "title": _s("The heading's text without its number."),
        "items": _list("Items directly under this heading.", ITEM),
        "children": _list("Subsections.", {"$ref": "#/$defs/section"}),
    })


SITE = _obj("The site that publishes the data.", {
    "title": _s("Site title."),
    "description": _null(_s("What the site publishes.")),
    "url": _url("The site's home page."),
    "language": _s("Interface language."),
    "timezone": _s("IANA time zone of every date."),
})


def _root(title: str, schema_id: str | None) -> Schema:
    out: Schema = {"$schema": DRAFT}
    if schema_id and schema_id.startswith(("http://", "https://")):
        out["$id"] = schema_id
    out["title"] = title
    return out


def notices_schema(schema_id: str | None = None) -> Schema:
    """data/notices.json: every published notice, without its text."""
    out = _root("Published notices (公示公告)", schema_id)
    out.update(_obj("Every published notice of the site, newest issue first.", {
        "$schema": _url("This schema."),
        "as_of": _moment("The moment states, days left and overdue items hold from, with its time: 00:00 of the "
                         "build date, or a period's start or end that came later that day, before the build."),
        "site": SITE,
        "count": _count("Number of notices."),
        "notices": _list("The notices.", {"$ref": "#/$defs/notice"}),
    }))
    out["$defs"] = {"notice": _obj("A notice, without its text and sections.", SUMMARY_PROPS)}
    return out


def notice_schema(schema_id: str | None = None) -> Schema:
    """data/notices/<slug>.json: one notice in full."""
    out = _root("A published notice (公示公告)", schema_id)
    props: dict[str, Schema] = {
        "$schema": _url("This schema."),
        "as_of": _moment("The moment states, days left and overdue items hold from, with its time: 00:00 of the "
                         "build date, or a period's start or end that came later that day, before the build."),
        **SUMMARY_PROPS,
        "signature": _null(_obj("The signature block (落款).", {"by": _s("Signing body."), "date": _date("Date.")})),
        "progress_updates": _list("Dated progress updates.", _obj("A progress update.", {
            "date": _date("When."), "note": _s("What changed.")})),
        "sections": _list("The numbered headings of the text, as a tree, with their items.",
                          {"$ref": "#/$defs/section"}),
        "body_markdown": _null(_s("The full text as written (Markdown); null when a withdrawn notice's text "
                                  "is not shown.")),
    }
    out.update(_obj("One notice in full: its fields, its sections and items, and its text.", props))
    out["$defs"] = {"section": _section()}
    return out
