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

from generator.errors import ContentError, Diagnostic, Location, Severity, visible
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
from generator.notice.periods import OFFICE_CLOSES, Period, make_period, parse_end, parse_moment, starts_after_hours
from generator.source import attachments, disclosure
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
    extra = disclosure.site_fields(doc, data, diags, _contacts)
    fields: dict[str, Any] = {k: v for k, v in data.items()
                              if k not in ("contacts", "footer", "progress_states", "attachment_types", "cms")} | extra
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
                if hours.days_assumed:
                    diags.append(Diagnostic(
                        doc.loc(*path, i, "hours"), f"the hours `{hours.text}` do not say on which days; read as"
                        " working days (工作日)", "to say so, start with the days, e.g. 工作日 8:30-17:00",
                        field=dotted(path + (i, "hours")), severity=Severity.WARNING))
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
    common: dict[str, Any] = dict(label=c.get("label", ""), hours=hours, note=c.get("note", ""), until=c.get("until"))
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


def notice_head(doc: RawDocument, site: SiteConfig, folder: Path | None = None,
                today: dt.date | None = None) -> tuple[Notice | None, list[Diagnostic]]:
    """The front matter of a notice file → the Notice without its text (no sections, no body).

    `folder` is the notice's own folder when it is written as `notices/<slug>/index.md` (the only
    form that can have attachments). The body is read by `notice_body`. A revision dated after
    `today` (the build's date in the site's time zone) is checked but neither shown nor applied:
    it shows from its date (None: every revision shows)."""
    checker = Checker(doc)
    data = checker.check(doc.data, NOTICE) or {}
    diags = checker.diagnostics
    attached, errs = attachments.check(doc, data.get("attachments", []), folder, site.attachment_types)
    diags.extend(errs)
    aliases = _aliases(doc, data.get("aliases", []), diags)
    tz = site.tz
    period, original = _period(doc, data, tz, diags, today)
    own = tuple(_contacts(doc, data.get("contacts", []), ("contacts",), diags))
    info = disclosure.notice_info(doc, data, site, diags)
    with_site = data.get("site_contacts", not own)
    if period is not None:
        _late_start(doc, period, own + (site.contacts if with_site else ()), diags)
    slug = data.get("slug") or _default_slug(doc.rel)
    diags.extend(_slug_problems(doc, slug, "slug" in data))
    if any(d.is_error for d in diags) or not all(k in data for k in ("title", "issuer", "kind", "issued")):
        return None, diags
    issued: dt.date = data["issued"]
    sig = data.get("signature")
    revisions, pending = shown_revisions(data, tz, today)
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
        revisions=revisions, pending_revision=pending, related=related, aliases=aliases, attachments=attached,
        locations=locations, info=info,
    )
    return result, diags


def notice_body(head: Notice, body: str, site: SiteConfig, md: Markdown) -> tuple[Notice, list[Token], list[Diagnostic]]:
    """A notice and its Markdown body → the whole Notice (with its sections) and the body's tokens,
    rewritten for rendering."""
    tokens = md.parse(body)
    outline = build_outline(tokens, head.source, head.body_line, site.progress_states,
                            require_state=head.kind == "rectification-progress")
    return replace(head, sections=outline.sections, body=body), tokens, outline.diagnostics


def _late_start(doc: RawDocument, period: Period, contacts: tuple[Contact, ...], diags: list[Diagnostic]) -> None:
    """A warning when working days are counted from a start after office hours (the contacts' latest
    closing time, else 17:00): the start day counts although the public can no longer reach anyone."""
    ends = [r.end for c in contacts if c.hours for r in c.hours.ranges]
    closing = dt.time.fromisoformat(max(ends)) if ends and max(ends) < "24:00" else OFFICE_CLOSES
    if starts_after_hours(period, closing):
        diags.append(Diagnostic(
            doc.loc("disclosure", "start"),
            f"the period starts at {period.start:%H:%M}, after office hours (until {closing:%H:%M}), and that day"
            f" still counts as the first of its {period.working_days} working days",
            "start the period on the next working day, or give an explicit `end:`",
            field="disclosure.start", severity=Severity.WARNING))


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
            diags: list[Diagnostic], today: dt.date | None = None) -> tuple[Period | None, Period | None]:
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
    return _apply_extensions(doc, data, period, tz, diags, today)


def _revision_order(data: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """The revisions with their index in the file, in date order (file order among those of one date)."""
    revisions = [(i, r) for i, r in enumerate(data.get("revisions", [])) if isinstance(r, dict)]
    return sorted(revisions, key=lambda ir: ir[1]["date"] if isinstance(ir[1].get("date"), dt.date) else dt.date.min)


def _apply_extensions(doc: RawDocument, data: dict[str, Any], period: Period, tz: ZoneInfo,
                      diags: list[Diagnostic], today: dt.date | None = None) -> tuple[Period, Period | None]:
    """The period as revisions dated up to `today` leave it (all of them when `today` is None), in date
    order: an `extension` moves the end later, a `correction` with an `end` sets it (earlier or later).
    Every revision is checked, also those dated after `today` (they apply from their date)."""
    original = None
    running, shown = period, period
    for i, rev in _revision_order(data):
        kind = rev.get("kind")
        if kind not in ("extension", "correction") or (kind == "correction" and "end" not in rev):
            continue
        if "end" not in rev:
            diags.append(Diagnostic(doc.loc("revisions", i), "an extension needs the new `end` of the period",
                                    field=f"revisions[{i}].end", hint="add `end: 2025-08-15` to this revision"))
            continue
        try:
            moved = running.with_end(*parse_end(rev["end"], tz))
        except ContentError as exc:
            diags.append(Diagnostic(doc.loc("revisions", i, "end"), exc.message, exc.hint, field=f"revisions[{i}].end"))
            continue
        if kind == "extension" and moved.end <= running.end:
            diags.append(Diagnostic(
                doc.loc("revisions", i, "end"),
                f"an extension must end later than the end it replaces: the period {_ends(running)}, this"
                f" extension {_ends(moved)}", field=f"revisions[{i}].end",
                hint="write a later `end`; to shorten the period or correct its end, make this revision"
                     " `kind: correction`"))
            continue
        running = moved
        if today is None or not isinstance(rev.get("date"), dt.date) or rev["date"] <= today:
            if kind == "extension":
                original = original or period
            shown = moved
    return shown, original


def _ends(period: Period) -> str:
    if period.end_has_time:
        return f"ends at {period.end:%Y-%m-%d %H:%M}"
    return f"ends with {period.last_day.isoformat()}"


def shown_revisions(data: dict[str, Any], tz: ZoneInfo, today: dt.date | None) -> tuple[
        tuple[Revision, ...], dt.date | None]:
    """The revisions a build as of `today` shows, in date order, and the date of the first one still to
    come (None when there is none)."""
    shown, pending = [], None
    for _, r in _revision_order(data):
        if today is not None and r["date"] > today:
            pending = r["date"] if pending is None else min(pending, r["date"])
            continue
        shown.append(Revision(r["date"], r["kind"], r["note"], _moment_or_none(r.get("end"), tz)))
    return tuple(shown), pending


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
