"""Runs the extractors in order over one notice: `import_text`."""

from __future__ import annotations

from generator.commands.importer.compose import (
    KIND_WORDS,
    ImportResult,
    classify_kind,
    compose,
    front_matter,
    settle_facts,
)
from generator.commands.importer.contacts import extract_contacts
from generator.commands.importer.header import extract_header
from generator.commands.importer.period import extract_period
from generator.commands.importer.render import render_body
from generator.commands.importer.signature import extract_signature
from generator.commands.importer.structure import chrome_warnings, structure
from generator.commands.importer.text import decode, split_lines
from generator.errors import sort_key


def import_text(raw: bytes | str, path: str = "<input>") -> ImportResult:
    """Turn one notice (bytes or text) into a Gongshi content file; never raises on odd text."""
    text, decode_warnings = decode(raw, path)
    lines = split_lines(text)
    header = extract_header(lines, path)
    signature = extract_signature(lines, header.body_start, path)
    body_lines = (*header.kept, *lines[header.body_start : signature.start], *lines[signature.end :])
    known_day = header.day or signature.day
    period = extract_period(body_lines, known_day, path)
    contacts, contact_warnings = extract_contacts(body_lines, path)
    pieces, structure_warnings = structure(body_lines, path)
    structure_warnings += chrome_warnings(body_lines, path)
    issued, fact_warnings = settle_facts(header, signature, period, contacts, path)
    kind = classify_kind(header.title or "")
    meta = front_matter(header, signature, kind, issued, period, contacts)
    warnings = (*decode_warnings, *header.diagnostics, *signature.diagnostics, *period.diagnostics,
                *contact_warnings, *structure_warnings, *fact_warnings)
    slug = f"{issued.isoformat() if issued else 'undated'}-{KIND_WORDS[kind]}"
    return ImportResult(
        text=compose(meta, render_body(pieces)),
        slug=slug,
        unclassified=tuple(sorted(warnings, key=sort_key)),
    )
