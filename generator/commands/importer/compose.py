"""The front matter of the imported file: kind, issued date, the facts in schema order, YAML."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

import yaml

from generator.commands.importer.contacts import Contact
from generator.commands.importer.header import Header
from generator.commands.importer.period import Period
from generator.commands.importer.signature import Signature
from generator.commands.importer.text import warn
from generator.errors import Diagnostic

KIND_WORDS = {
    "rectification-progress": "rectification",
    "inspection-announcement": "inspection",
    "appointment-notice": "appointment",
    "project-notice": "project",
    "generic": "notice",
}


@dataclass(frozen=True, slots=True)
class ImportResult:
    text: str  # the whole content file: "---\n<yaml front matter>---\n\n<markdown body>"
    slug: str  # suggested file name stem, ASCII: "<issued date>-<kind word>"
    unclassified: tuple[Diagnostic, ...]  # WARNING diagnostics, sorted by line


def classify_kind(title: str) -> str:
    if "整改" in title and re.search(r"通报|进展|情况|公告|公示|公开", title):
        return "rectification-progress"
    if re.search(r"巡[察视].*公告|公告.*巡[察视]", title):
        return "inspection-announcement"
    if re.search(r"任前公示|拟任|任职前公示|干部.*公示", title):
        return "appointment-notice"
    if "项目" in title and "公示" in title:
        return "project-notice"
    return "generic"


def settle_facts(
    header: Header, signature: Signature, period: Period, contacts: list[Contact], path: str,
) -> tuple[date | None, list[Diagnostic]]:
    """The issued date (header, else signature, else period start) and warnings for missing facts."""
    warnings: list[Diagnostic] = []
    issued = header.day or signature.day
    if header.day and signature.day and header.day != signature.day:
        warnings.append(warn(path, 0, "issued", f"the header date {header.day} and the signature date "
                              f"{signature.day} differ; used the header date", "check `issued`"))
    if issued is None and period.start is not None:
        issued = period.start
        warnings.append(warn(path, 0, "issued", "no date of issue found; used the start of the period",
                              "check `issued`"))
    elif issued is None:
        warnings.append(warn(path, 0, "issued", "no date of issue found", "add `issued:` by hand"))
    if (header.issuer or signature.by) is None:
        warnings.append(warn(path, 0, "issuer", "no issuing organisation found", "add `issuer:` by hand"))
    if not contacts:
        warnings.append(warn(path, 0, "contacts", "no contact (phone, address, e-mail, web site) found",
                              "add `contacts:` by hand if the notice gives any"))
    return issued, warnings


def front_matter(
    header: Header, signature: Signature, kind: str, issued: date | None,
    period: Period, contacts: list[Contact],
) -> dict[str, object]:
    meta: dict[str, object] = {}
    if header.title:
        meta["title"] = header.title
    issuer = header.issuer or signature.by
    if issuer:
        meta["issuer"] = issuer
    meta["kind"] = kind
    if issued:
        meta["issued"] = issued
    disclosure = {"start": moment(period.start, period.start_clock), "end": moment(period.end, period.end_clock),
                  "working_days": period.working_days}
    if any(disclosure.values()):
        meta["disclosure"] = {k: v for k, v in disclosure.items() if v is not None}
    if contacts:
        meta["contacts"] = [
            {"kind": c.kind, "value": c.value,
             **{k: v for k, v in (("hours", c.hours), ("postcode", c.postcode), ("note", c.note)) if v}}
            for c in contacts
        ]
    if signature.by or signature.day:
        by, day = signature.by or issuer, signature.day or issued
        meta["signature"] = {k: v for k, v in (("by", by), ("date", day)) if v}
    return meta


def moment(day: date | None, clock: time | None) -> date | str | None:
    """A date, or "2025-07-21 09:00" when the text gave a time of day."""
    if day is None or clock is None:
        return day
    return f"{day.isoformat()} {clock:%H:%M}"


class Dumper(yaml.SafeDumper):
    """SafeDumper without anchors and aliases (the issued and signature dates are the same object)."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def compose(meta: dict[str, object], body: str) -> str:
    front = yaml.dump(meta, Dumper=Dumper, allow_unicode=True, sort_keys=False,
                      default_flow_style=False, width=10**9)
    return f"---\n{front}---\n\n{body}"
