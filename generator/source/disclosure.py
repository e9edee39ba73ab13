"""The government disclosure fields (政务公开), checked: a notice's 索引号, 文号, 主题分类, 成文日期,
发布机构, 有效性 and 公开方式, and the site settings they are checked against (the topic vocabulary,
the 索引号 rule, the emblem, the accessibility statement). The schema has checked types already;
this module checks what the values say, each error at the value's line."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from generator.errors import ContentError, Diagnostic, Severity
from generator.notice import docnumbers
from generator.notice.model import Accessibility, Contact, DisclosureInfo, IndexRule, SiteConfig, Validity
from generator.paths import inside
from generator.source.load import RawDocument

EMBLEM_TYPES = (".png", ".jpg", ".jpeg")

ContactsOf = Callable[[RawDocument, list[dict[str, Any]], tuple[str | int, ...], list[Diagnostic]], Iterable[Contact]]


def site_fields(doc: RawDocument, data: dict[str, Any], diags: list[Diagnostic], contacts: ContactsOf) -> dict[str, Any]:
    """The SiteConfig fields of site.yaml's disclosure settings (pops them from `data`)."""
    out: dict[str, Any] = {}
    if "topics" in data:
        out["topics"] = tuple(dict.fromkeys(data.pop("topics")))
    rule = data.pop("index_number", None)
    if rule and "organisation" in rule:
        out["index_rule"] = IndexRule(**{k: v for k, v in rule.items() if k in ("organisation", "format",
                                                                                  "serial_digits")})
    emblem = data.pop("emblem", None)
    if emblem:
        out["emblem"] = _emblem(doc, emblem, diags)
    a11y = data.pop("accessibility", None)
    if a11y and "checked" in a11y:
        fields: dict[str, Any] = {"checked": a11y["checked"], "response_days": a11y.get("response_days"),
                                  "known_issues": tuple(a11y.get("known_issues", ())),
                                  "contacts": tuple(contacts(doc, a11y.get("contacts", []),
                                                             ("accessibility", "contacts"), diags))}
        if a11y.get("standards"):
            fields["standards"] = tuple(a11y["standards"])
        out["accessibility"] = Accessibility(**fields)
    return {k: v for k, v in out.items() if v != ""}


def _emblem(doc: RawDocument, rel: str, diags: list[Diagnostic]) -> str:
    content = Path(doc.path).parent
    path = content / rel
    problem = ""
    if not rel.lower().endswith(EMBLEM_TYPES):
        problem, hint = f"the emblem `{rel}` is not a PNG or JPEG image", "give a .png or .jpg file"
    elif not path.is_file():
        problem, hint = f"the emblem `{rel}` does not exist", f"put the image at {path} or correct `emblem:`"
    elif not inside(path, content):
        problem, hint = f"the emblem `{rel}` lies outside the content folder", "copy the image into the content folder"
    if problem:
        diags.append(Diagnostic(doc.loc("emblem"), problem, hint, field="emblem"))
        return ""
    return str(path.resolve())


def notice_info(doc: RawDocument, data: dict[str, Any], site: SiteConfig, diags: list[Diagnostic]) -> DisclosureInfo:
    """The disclosure fields of a notice's front matter (issuer and issue date already checked)."""
    issued = data.get("issued")
    document_number = data.get("document_number", "")
    if document_number:
        try:
            docnumbers.check_document_number(document_number)
        except ContentError as exc:
            diags.append(Diagnostic(doc.loc("document_number"), exc.message, exc.hint, field="document_number"))
    index_number = data.get("index_number", "")
    if index_number and site.index_rule is not None and isinstance(issued, dt.date):
        try:
            written_year = data["written"].year if isinstance(data.get("written"), dt.date) else None
            docnumbers.check_index_number(index_number, site.index_rule, issued.year, written_year)
        except docnumbers.YearMismatch as exc:
            diags.append(Diagnostic(doc.loc("index_number"), exc.message, exc.hint, field="index_number",
                                    severity=Severity.WARNING))
        except ContentError as exc:
            diags.append(Diagnostic(doc.loc("index_number"), exc.message, exc.hint, field="index_number"))
    topic = data.get("topic", "")
    if topic and topic not in site.topics:
        if site.topics:
            close = difflib.get_close_matches(topic, site.topics, n=1, cutoff=0.3)
            hint = (f"did you mean `{close[0]}`? " if close else "") + "the site's topics: " + "、".join(site.topics)
        else:
            hint = "list the site's topics under `topics:` in site.yaml first"
        diags.append(Diagnostic(doc.loc("topic"), f"`{topic}` is not one of the site's topics (主题分类)", hint,
                                field="topic"))
    written = data.get("written")
    if written and isinstance(issued, dt.date) and written > issued:
        diags.append(Diagnostic(doc.loc("written"), f"the 成文日期 {written} is after the issue date {issued}",
                                "a document is written (signed) on or before the day it is issued; check both dates",
                                field="written", severity=Severity.WARNING))
    validity = None
    raw = data.get("validity")
    if raw and "status" in raw:
        validity = Validity(raw["status"], raw.get("date"))
        if raw["status"] != "有效" and "date" not in raw:
            diags.append(Diagnostic(doc.loc("validity"), f"a document that is {raw['status']} needs the date it "
                                    "stopped being in force", "add `date: 2026-12-31` under `validity:`",
                                    field="validity.date"))
    return DisclosureInfo(index_number=index_number, document_number=document_number, topic=topic,
                          written=written, publisher=data.get("publisher") or data.get("issuer", ""),
                          validity=validity, disclosure_scope=data.get("disclosure_scope", ""))
