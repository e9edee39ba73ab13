"""Runs the extractors in order over one notice: `import_text`."""

from __future__ import annotations

from collections.abc import Sequence

from generator.commands.importer.area import complete_area_codes
from generator.commands.importer.checked import make_checkable
from generator.commands.importer.compose import (
    KIND_WORDS,
    ImportResult,
    classify_kind,
    compose,
    facts_of,
    front_matter,
    settle_facts,
)
from generator.commands.importer.contacts import extract_contacts
from generator.commands.importer.header import extract_header
from generator.commands.importer.inspection import extract_inspection
from generator.commands.importer.period import extract_period
from generator.commands.importer.render import render_body, unknown_markers
from generator.commands.importer.signature import extract_signature
from generator.commands.importer.structure import chrome_warnings, structure
from generator.commands.importer.text import decode, split_lines, unglue_lines, warn
from generator.errors import sort_key
from generator.notice.model import DEFAULT_STATES, SiteConfig

DEFAULT_LABELS = tuple(s.label for s in DEFAULT_STATES)


def import_text(raw: bytes | str, path: str = "<input>", area_code: str | None = None,
                states: Sequence[str] = DEFAULT_LABELS, site: SiteConfig | None = None) -> ImportResult:
    """Turn one notice (bytes or text) into a Gongshi content file; never raises on odd text.
    `area_code` (the site's) completes local phone numbers published without one (see area.py);
    `states` are the site's progress-state labels (an item marked with another keeps it as text);
    `site`, the site's configuration, is what the written file is checked against (its 索引号 rule,
    topics…), as `gongshi check` will."""
    text, decode_warnings = decode(raw, path)
    lines = unglue_lines(split_lines(text))
    header = extract_header(lines, path)
    signature = extract_signature(lines, header.body_start, path)
    body_lines = (*header.kept, *lines[header.body_start : signature.start], *lines[signature.end :])
    known_day = header.day or signature.day
    kind = classify_kind(header.title or "")
    inspection = extract_inspection(body_lines, known_day) if kind == "inspection-announcement" else None
    period = extract_period(body_lines, known_day, path, inspection)
    contacts, contact_warnings = extract_contacts(body_lines, path)
    contacts, area_warnings = complete_area_codes(contacts, area_code, (header.issuer or signature.by or "")
                                                  + (header.title or ""), path)
    contact_warnings += area_warnings
    pieces, structure_warnings = structure(body_lines, path)
    pieces = unknown_markers(pieces, states)
    structure_warnings += [warn(path, p.line, "body", "the marker at the end of this item is not a progress "
                                "state of the site; moved to the start of its text", "use a state of "
                                "progress_states (e.g. 【已完成】) or add it to site.yaml") for p in pieces if p.moved]
    structure_warnings += chrome_warnings(body_lines, path)
    issued, fact_warnings = settle_facts(header, signature, period, contacts, path)
    meta = front_matter(header, signature, kind, issued, period, contacts, inspection)
    warnings = (*decode_warnings, *header.diagnostics, *signature.diagnostics, *period.diagnostics,
                *contact_warnings, *structure_warnings, *fact_warnings)
    slug = f"{issued.isoformat() if issued else 'undated'}-{KIND_WORDS[kind]}"
    text, check_warnings = make_checkable(meta, compose, render_body(pieces), path, area_code or "", states,
                                         site)
    warnings += tuple(check_warnings)
    numbered = {name: line for name, _, line in header.numbers}
    sign_line = lines[signature.start].number if signature.start < len(lines) else 0
    date_line = lines[signature.end - 1].number if signature.day and 0 < signature.end <= len(lines) else sign_line
    facts = facts_of(meta, header, sign_line, date_line, period, contacts, inspection, numbered,
                     {ln.number: ln.text for ln in lines})
    return ImportResult(
        text=text,
        slug=slug,
        unclassified=tuple(sorted(warnings, key=sort_key)),
        facts=facts,
        meta=meta,
    )
