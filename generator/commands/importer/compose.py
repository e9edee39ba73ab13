"""The front matter of the imported file: kind, issued date, the facts in schema order, YAML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, time

import yaml

from generator.commands.importer.contacts import Contact
from generator.commands.importer.header import Header
from generator.commands.importer.inspection import Inspection
from generator.commands.importer.period import Period
from generator.commands.importer.signature import Signature
from generator.commands.importer.text import warn
from generator.errors import Diagnostic
from generator.source.schema import NOTICE

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
    facts: tuple[Fact, ...] = ()  # what was written to the front matter and the line it came from
    meta: dict[str, object] = field(default_factory=dict)  # the front matter as written


@dataclass(frozen=True, slots=True)
class Fact:
    """One extracted fact for `gongshi import --explain`: field, value as written, source line."""

    field: str
    value: str
    line: int  # 0: not from one line (e.g. a kind from the title's words)
    source: str = ""  # the text of that line


def facts_of(meta: dict[str, object], header: Header, signature_line: int, date_line: int, period: Period,
             contacts: list[Contact], inspection: Inspection | None, numbers: dict[str, int],
             lines: dict[int, str]) -> tuple[Fact, ...]:
    """Each front-matter value beside the line it was read from."""
    where = dict(header.lines)
    out: list[Fact] = []

    def add(name: str, value: object, line: int) -> None:
        out.append(Fact(name, str(value), line, lines.get(line, "")))

    for name in ("title", "issuer", "kind", "issued"):
        if name in meta:
            line = where.get(name, 0) or {"issuer": signature_line, "issued": date_line}.get(name, 0)
            add(name, meta[name], line)
    for name, line in numbers.items():
        if name in meta:
            add(name, meta[name], line)
    if "summary" in meta and inspection is not None:
        add("summary", meta["summary"], inspection.span_line or inspection.deadline_line)
    disclosure = meta.get("disclosure")
    if isinstance(disclosure, dict):
        add("disclosure", ", ".join(f"{k}: {v}" for k, v in disclosure.items()), period.line)
    written = {(c.get("kind"), c.get("value")) for c in meta.get("contacts", [])  # type: ignore[attr-defined]
               if isinstance(c, dict)}
    for c in contacts:
        if (c.kind, c.value) not in written:
            continue
        add(f"contacts ({c.kind})", c.value + (f" [{c.hours}]" if c.hours else ""), c.line)
    sig = meta.get("signature")
    if isinstance(sig, dict):
        add("signature.by", sig["by"], signature_line)
        if "date" in sig:
            add("signature.date", sig["date"], date_line if date_line != signature_line else where.get("issued", 0))
    return tuple(out)


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
    period: Period, contacts: list[Contact], inspection: Inspection | None = None,
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
    declared = NOTICE.fields  # 文号 and 索引号 only where the schema has them
    for name, value, _ in header.numbers:
        if name in declared:
            meta[name] = value
    if inspection is not None and inspection.summary():
        meta["summary"] = inspection.summary()
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
    by = signature.by or (issuer if signature.day else None)
    if by:  # a signature is written only with its `by`; its date only as the text gives it
        day = signature.day or header.day
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
