"""The imported file passes `gongshi check`: each written value is checked by the validator itself.

The composed file is read back exactly as `gongshi check` reads it (front matter, then body). A
value the check refuses is taken out of the front matter, with a warning naming the check's message
(its sentence stays in the body): a contact's hours, then the contact; the period; the signature; any
other optional field. What cannot be taken out (a title, issuer or date that was not found, a body
problem) is reported as a warning that says `gongshi check` will report it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from generator.commands.importer.text import warn
from generator.errors import Diagnostic
from generator.markdown.parser import Markdown
from generator.notice.model import ProgressState, SiteConfig
from generator.source.load import parse_document
from generator.source.validate import notice_body, notice_head

REQUIRED = ("title", "issuer", "kind", "issued")
_INDEX_RE = re.compile(r"^contacts\[(\d+)\](?:\.(\w+))?")


@cache
def _markdown() -> Markdown:
    return Markdown()


def check_errors(text: str, area_code: str = "", states: Sequence[str] = (),
                 config: SiteConfig | None = None) -> list[Diagnostic]:
    """The errors `gongshi check` would report on this content file (as content/notices/import.md), on a
    site with `config` (else one with only `area_code` and the progress-state labels `states`)."""
    content = Path("content")
    doc, diags = parse_document(text.encode("utf-8"), content / "notices" / "import.md", content)
    if doc is None:
        return [d for d in diags if d.is_error]
    site = config or SiteConfig(title="import", area_code=area_code)
    if states and config is None:
        site = replace(site, progress_states=tuple(ProgressState(f"state-{i}", label, "#6e7781", False) for i, label in enumerate(states)))
    head, head_diags = notice_head(doc, site)
    errors = [d for d in (*diags, *head_diags) if d.is_error]
    if head is not None:
        _, _, body_diags = notice_body(head, doc.body, site, _markdown())
        errors += [d for d in body_diags if d.is_error]
    return errors


def drop(meta: dict[str, Any], field: str) -> str | None:
    """Take the value a check error is about out of `meta`; the name of what was taken, or None."""
    m = _INDEX_RE.match(field)
    contacts = meta.get("contacts")
    if m and isinstance(contacts, list) and int(m.group(1)) < len(contacts):
        contact = contacts[int(m.group(1))]
        if m.group(2) == "hours" and "hours" in contact:
            del contact["hours"]
            return f"the hours of {contact['value']}"
        del contacts[int(m.group(1))]
        if not contacts:
            del meta["contacts"]
        return f"the contact {contact['value']}"
    top = field.split(".")[0].split("[")[0]
    if top and top in meta and top not in REQUIRED:
        del meta[top]
        return f"`{top}`"
    return None


def make_checkable(meta: dict[str, Any], compose: Any, body: str, path: str,
                   area_code: str = "", states: Sequence[str] = (),
                   config: SiteConfig | None = None) -> tuple[str, list[Diagnostic]]:
    """The content file, with every value `gongshi check` refuses taken out; and the warnings."""
    warnings: list[Diagnostic] = []
    for _ in range(20):  # each round takes one value out; a notice has far fewer
        text = compose(meta, body)
        errors = check_errors(text, area_code, states, config)
        taken = next(((e, what) for e in errors for what in [drop(meta, e.field or "")] if what), None)
        if taken is None:
            for e in errors:
                if e.message.startswith("missing required field"):
                    continue  # the importer already said it found no title, issuer or date
                warnings.append(warn(path, 0, e.field or "body", f"`gongshi check` will report: {e.message}",
                                     e.hint or "fix it in the imported file"))
            return text, warnings
        error, what = taken
        warnings.append(warn(path, 0, error.field or "", f"{what} was not written: {error.message}",
                             "the sentence is in the body; add the value by hand once it is right"))
    return compose(meta, body), warnings
