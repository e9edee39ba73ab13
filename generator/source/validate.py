"""Stage 2, validate: `RawDocument`s → the typed model (`SiteConfig`, `Notice`s), or diagnostics.

Each check reports at the line of the value it is about. Checks across notices (duplicate slugs,
unknown related notices, colliding aliases) run after every notice has been read, so one run
reports every problem.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from markdown_it.token import Token

from generator.errors import ContentError, Diagnostic, Location, visible
from generator.markdown.parser import Markdown
from generator.notice import aliases as alias_paths
from generator.notice import contacts as contact_parsers
from generator.notice.contacts import Hours
from generator.notice.model import (
    Contact,
    Footer,
    Notice,
    ProgressState,
    ProgressUpdate,
    Record,
    Revision,
    Signature,
    SiteConfig,
)
from generator.notice.outline import build_outline
from generator.notice.periods import Period, make_period, parse_end, parse_moment
from generator.source import attachments
from generator.source.load import RawDocument
from generator.source.schema import NOTICE, RESERVED_NAMES, SITE, SLUG_RE, Checker, dotted


def site_config(doc: RawDocument) -> tuple[SiteConfig | None, list[Diagnostic]]:
    """site.yaml → SiteConfig with defaults filled in."""
    checker = Checker(doc)
    data = checker.check(doc.data, SITE) or {}
    diags = checker.diagnostics
    if "timezone" in data:
        try:
            ZoneInfo(data["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            diags.append(Diagnostic(doc.loc("timezone"), f"unknown time zone `{data['timezone']}`",
                                    "use an IANA name such as Asia/Shanghai", field="timezone"))
            del data["timezone"]
    if "title" not in data:
        return None, diags
    fields: dict[str, Any] = {k: v for k, v in data.items()
                              if k not in ("contacts", "footer", "progress_states", "attachment_types")}
    fields["contacts"] = tuple(_contacts(doc, data.get("contacts", []), ("contacts",), diags))
    fields["footer"] = Footer(**data.get("footer", {}))
    if "progress_states" in data:
        fields["progress_states"] = tuple(
            ProgressState(s["key"], s["label"], s.get("color", "#6e7781"), s.get("done", False))
            for s in data["progress_states"] if "key" in s and "label" in s)  # else the schema reported it
    if "attachment_types" in data:
        fields["attachment_types"] = tuple(t.lower().lstrip(".") for t in data["attachment_types"])
    base = fields.get("base_url", "/")
    if not base.endswith("/"):
        fields["base_url"] = base + "/"
    if not re.match(r"^(https?://[^/\s]+)?/", fields.get("base_url", "/")):
        diags.append(Diagnostic(doc.loc("base_url"), f"`{base}` is not a base URL", field="base_url",
                                hint="write the site's public address, e.g. https://example.org/notices/, or /"))
        fields.pop("base_url")
    return SiteConfig(**fields), diags


def _contacts(doc: RawDocument, raw: list[dict[str, Any]], path: tuple[str | int, ...],
              diags: list[Diagnostic]) -> Iterable[Contact]:
    """Each channel's value and hours are checked separately, so both problems are reported at once."""
    for i, c in enumerate(raw):
        if "kind" not in c or "value" not in c:
            continue
        hours, ok = None, True
        if "hours" in c:
            try:
                hours = contact_parsers.parse_hours(c["hours"])
            except ContentError as exc:
                diags.append(Diagnostic(doc.loc(*path, i, "hours"), exc.message, exc.hint, field=dotted(path + (i, "hours"))))
                ok = False
        try:
            contact = _contact(c, hours)
        except ContentError as exc:
            field_name = "postcode" if "postcode" in exc.message else "value"
            diags.append(Diagnostic(doc.loc(*path, i, field_name), exc.message, exc.hint,
                                    field=dotted(path + (i, field_name))))
            continue
        if ok:
            yield contact


def _contact(c: dict[str, Any], hours: Hours | None) -> Contact:
    kind, value = c["kind"], c["value"]
    common: dict[str, Any] = dict(label=c.get("label", ""), hours=hours, note=c.get("note", ""))
    if kind == "phone":
        phone = contact_parsers.parse_phone(value)
        return Contact(kind, phone.display, phone.href, international=phone.international, **common)
    if kind == "email":
        address = contact_parsers.parse_email(value)
        return Contact(kind, address, "mailto:" + address, **common)
    if kind == "web":
        url = contact_parsers.parse_web_url(value)
        return Contact(kind, url, url, **common)
    address, postcode = contact_parsers.split_postcode(value)
    if "postcode" in c:
        postcode = contact_parsers.parse_postcode(c["postcode"])
    return Contact(kind, address, "", postcode=postcode, **common)


def notice_head(doc: RawDocument, site: SiteConfig, folder: Path | None = None) -> tuple[Notice | None, list[Diagnostic]]:
    """The front matter of a notice file → the Notice without its text (no sections, no body).

    `folder` is the notice's own folder when it is written as `notices/<slug>/index.md` (the only
    form that can have attachments). The body is read by `notice_body`."""
    checker = Checker(doc)
    data = checker.check(doc.data, NOTICE) or {}
    diags = checker.diagnostics
    attached, errs = attachments.check(doc, data.get("attachments", []), folder, site.attachment_types)
    diags.extend(errs)
    aliases = _aliases(doc, data.get("aliases", []), diags)
    tz = site.tz
    period, original = _period(doc, data, tz, diags)
    own = tuple(_contacts(doc, data.get("contacts", []), ("contacts",), diags))
    with_site = data.get("site_contacts", not own)
    slug = data.get("slug") or _default_slug(doc.rel)
    diags.extend(_slug_problems(doc, slug, "slug" in data))
    if any(d.is_error for d in diags) or not all(k in data for k in ("title", "issuer", "kind", "issued")):
        return None, diags
    issued: dt.date = data["issued"]
    sig = data.get("signature")
    revisions = tuple(Revision(r["date"], r["kind"], r["note"], _moment_or_none(r.get("end"), tz))
                      for r in data.get("revisions", []))
    related = tuple(data.get("related", []))
    locations = {"slug": doc.loc("slug") if "slug" in data else Location(doc.path, 1)}
    locations.update({f"related.{i}": doc.loc("related", i) for i in range(len(related))})
    locations.update({f"aliases.{i}": doc.loc("aliases", i) for i in range(len(aliases))})
    result = Notice(
        source=doc.path, slug=slug, title=data["title"], issuer=data["issuer"], kind=data["kind"], issued=issued,
        lang=data.get("lang", site.language), summary=data.get("summary", ""), tags=tuple(data.get("tags", [])),
        draft=data.get("draft", False), period=period, original_period=original,
        after_close=data.get("disclosure", {}).get("after_close", site.after_close),
        contacts=own + (site.contacts if with_site else ()),
        signature=Signature(sig["by"], sig.get("date", issued)) if sig else None,
        sections=(), body="", body_line=doc.body_line, updated=data.get("updated"),
        progress_updates=tuple(ProgressUpdate(u["date"], u["note"]) for u in data.get("progress_updates", [])),
        revisions=revisions, related=related, aliases=aliases, attachments=attached, locations=locations,
    )
    return result, diags


def notice_body(head: Notice, body: str, site: SiteConfig, md: Markdown) -> tuple[Notice, list[Token], list[Diagnostic]]:
    """A notice and its Markdown body → the whole Notice (with its sections) and the body's tokens,
    rewritten for rendering."""
    tokens = md.parse(body)
    outline = build_outline(tokens, head.source, head.body_line, site.progress_states,
                            require_state=head.kind == "rectification-progress")
    return replace(head, sections=outline.sections, body=body), tokens, outline.diagnostics


def _aliases(doc: RawDocument, raw: list[str], diags: list[Diagnostic]) -> tuple[str, ...]:
    out = []
    for i, text in enumerate(raw):
        try:
            out.append(alias_paths.parse(text))
        except ContentError as exc:
            diags.append(Diagnostic(doc.loc("aliases", i), exc.message, exc.hint, field=f"aliases[{i}]"))
    return tuple(out)


def _slug_problems(doc: RawDocument, slug: str, written: bool) -> list[Diagnostic]:
    """A slug that is not an address (re.fullmatch: not even with a newline at its end), a name Windows
    reserves, or the folder notice of notices/ itself (it would own every notice's files)."""
    where = doc.loc("slug") if written else doc.loc()
    shown = visible(slug)
    if PurePosixPath(doc.rel) == PurePosixPath("notices/index.md"):
        return [Diagnostic(doc.loc(), "notices/index.md would be a notice of the whole notices folder",
                           "give the notice its own file, notices/<slug>.md, or folder, notices/<slug>/index.md",
                           field="slug")]
    if not re.fullmatch(SLUG_RE, slug):
        what = f"the slug `{shown}`" if written else f"the file name `{visible(doc.rel)}`"
        return [Diagnostic(where, f"{what} does not make a valid address", field="slug",
                           hint="use lowercase letters, digits and hyphens (rename the file, or set `slug:`)")]
    if slug in RESERVED_NAMES:
        return [Diagnostic(where, f"`{slug}` is a name Windows reserves for a device: the site could not be "
                           "checked out or copied there", "choose another slug, e.g. "
                           f"`{slug}-notice`", field="slug")]
    return []


def _default_slug(rel: str) -> str:
    p = PurePosixPath(rel)
    name = p.parent.name if p.name == "index.md" else p.stem
    return name.lower()


def _moment_or_none(value: Any, tz: ZoneInfo) -> dt.datetime | None:
    return None if value is None else parse_end(value, tz)[0]


def _period(doc: RawDocument, data: dict[str, Any], tz: ZoneInfo,
            diags: list[Diagnostic]) -> tuple[Period | None, Period | None]:
    raw = data.get("disclosure")
    if raw is None or "start" not in raw:
        return None, None
    if "end" in raw and "working_days" in raw:
        diags.append(Diagnostic(doc.key_loc("disclosure", "working_days"), "give either `end` or `working_days`, not both",
                                field="disclosure.working_days", hint="remove one of them"))
        return None, None
    if "end" not in raw and "working_days" not in raw:
        diags.append(Diagnostic(doc.loc("disclosure"), "the period has a start but no end", field="disclosure",
                                hint="add `end: 2025-08-08` or `working_days: 5` under `disclosure:`"))
        return None, None
    key = "end" if "end" in raw else "working_days"
    try:
        for name in ("start", "end"):
            if name in raw:
                parse_moment(raw[name], tz)
    except ContentError as exc:
        diags.append(Diagnostic(doc.loc("disclosure", name), exc.message, exc.hint, field=f"disclosure.{name}"))
        return None, None
    try:
        period = make_period(raw["start"], raw.get("end"), raw.get("working_days"), tz=tz)
    except ContentError as exc:
        diags.append(Diagnostic(doc.loc("disclosure", key), exc.message, exc.hint, field=f"disclosure.{key}"))
        return None, None
    return _apply_extensions(doc, data, period, tz, diags)


def _apply_extensions(doc: RawDocument, data: dict[str, Any], period: Period, tz: ZoneInfo,
                      diags: list[Diagnostic]) -> tuple[Period, Period | None]:
    original = None
    for i, rev in enumerate(data.get("revisions", [])):
        if rev.get("kind") != "extension":
            continue
        if "end" not in rev:
            diags.append(Diagnostic(doc.loc("revisions", i), "an extension needs the new `end` of the period",
                                    field=f"revisions[{i}].end", hint="add `end: 2025-08-15` to this revision"))
            continue
        try:
            extended = period.with_end(*parse_end(rev["end"], tz))
            original = original or period
            period = extended
        except ContentError as exc:
            diags.append(Diagnostic(doc.loc("revisions", i, "end"), exc.message, exc.hint, field=f"revisions[{i}].end"))
    return period, original


def across_notices(records: list[Record]) -> list[Diagnostic]:
    """Checks that need every notice: duplicate slugs, unknown related slugs, alias collisions."""
    diags: list[Diagnostic] = []
    seen: dict[str, Record] = {}
    for r in records:
        if r.slug in seen:
            other = seen[r.slug]
            diags.append(Diagnostic(_where(r, "slug"), f"slug `{r.slug}` is already used by {other.source}",
                                    "give one of them another `slug:` or file name", field="slug"))
        else:
            seen[r.slug] = r
    for r in records:
        for i, rel in enumerate(r.related):
            if rel not in seen:
                diags.append(Diagnostic(_where(r, f"related.{i}"), f"no notice has the slug `{rel}`",
                                        "write the slug of an existing notice (its file name without .md)",
                                        field=f"related[{i}]"))
    diags += _alias_collisions(records, seen)
    return diags


def _where(record: Record, name: str) -> Location:
    """Where a field of a notice was written (see Record.where)."""
    for field_name, line, col in record.where:
        if field_name == name:
            return Location(record.source, line, col)
    return Location(record.source, 1)


GENERATED_PAGES = ("index.html", "_redirects")
GENERATED_FOLDERS = ("archive/", "static/")


def _alias_collisions(records: list[Record], by_slug: dict[str, Record]) -> list[Diagnostic]:
    """An alias may not take the place of a notice, of a page the site generates, or of another alias.

    Outputs added by later stages are checked again against the alias pages before anything is
    written (see outputs.redirects.collisions)."""
    diags: list[Diagnostic] = []
    pages: dict[str, tuple[Record, int]] = {}
    folders: dict[str, tuple[Record, int]] = {}
    """Each alias page, and each folder alias pages need, with the (first) alias that claimed it."""
    for r in records:
        for i, alias in enumerate(r.aliases):
            page = alias_paths.output_path(alias)
            where, name = _where(r, f"aliases.{i}"), f"aliases[{i}]"
            folder = page.split("/", 2)[1] if page.startswith("notices/") and page.count("/") >= 2 else ""
            if folder in by_slug:
                other = by_slug[folder]
                diags.append(Diagnostic(where, f"alias `{alias}` is the address of the notice `{folder}` ({other.source})",
                                        "an alias is an old address no notice uses any more; remove it", field=name))
                continue
            if page in GENERATED_PAGES or page.startswith(GENERATED_FOLDERS):
                diags.append(Diagnostic(where, f"alias `{alias}` is a page the site itself generates",
                                        "remove the alias; readers reach that page already", field=name))
                continue
            parts = page.split("/")
            parents = ["/".join(parts[:k]) for k in range(1, len(parts))]
            clash = pages.get(page) or folders.get(page) or next((pages[p] for p in parents if p in pages), None)
            if clash is None:
                pages[page] = (r, i)
                for p in parents:
                    folders.setdefault(p, (r, i))
                continue
            other, j = clash
            diags.append(Diagnostic(where, f"alias `{alias}` is already an alias of {other.source} "
                                    f"(line {_where(other, f'aliases.{j}').line})",
                                    "each old address can lead to one notice only; remove one of them", field=name))
    return diags
