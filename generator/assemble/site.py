"""Stage 3, assemble: one `Record` per notice + the build time → the `Site` every output reads. Pure.

A `Record` is what a build knows of a notice without reading it again: plain values, small enough
that a site of tens of thousands of notices keeps every record in memory and in the build cache.
Everything that depends on "now" or on other notices is computed here once, from the records:
each notice's period status, its place in listings, its neighbours, the notices related to it, the
groups of the archive.

Outputs that show a notice itself (its page, its ledger) get the whole notice from the render
stage. Listings, feeds and the other notices' pages only need a notice without its text: the Site
loads those on demand (`Site.entry`), so a build that renders a few pages loads a few notices.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from generator.notice.model import Notice, Record, SiteConfig
from generator.notice.periods import Status
from generator.notice.progress import ItemState, Summary, summarise
from generator.source.schema import KINDS


def published(notice: Notice, config: SiteConfig) -> Notice:
    """The notice as the site publishes it: a withdrawn notice whose text the site no longer shows
    keeps nothing of its body (no sections, no text, no attachments) for any page, ledger or index."""
    if notice.withdrawn and not config.show_withdrawn_body:
        return replace(notice, sections=(), body="", attachments=())
    return notice


def record_status(record: Record, now: float, today: int) -> Status | None:
    """The period's status at `now` (a timestamp), today being the ordinal of the site's date.

    The same as periods.status() on the notice's Period, from the record's plain values."""
    if record.period is None:
        return None
    start, end, first_day, last_day = record.period
    if now < start:
        return Status("upcoming", days_until_start=first_day - today)
    if now < end:
        return Status("open", days_left=last_day - today + 1)
    return Status("closed")


@dataclass(frozen=True, slots=True)
class Entry:
    """A notice as this build shows it."""

    notice: Notice
    """The whole notice when its own pages are rendered; elsewhere the notice without its text."""
    body_html: str
    """The rendered text, or "" where the notice is shown without it."""
    path: str
    """Output folder of the notice, relative to the site root: notices/<slug>/"""
    status: Status | None
    progress: Summary | None
    listed: bool
    """Whether the index lists it (after_close=hide and archive-only notices are not listed once closed)."""
    archived: bool
    """Whether the archive lists it (every notice except closed ones with after_close=hide)."""

    @property
    def state(self) -> str:
        """upcoming | open | closed | withdrawn | none"""
        return state_of(self.notice.withdrawn is not None, self.status)


def state_of(withdrawn: bool, status: Status | None) -> str:
    """What readers are told of a notice: withdrawn, else its period's state, else none (no period)."""
    if withdrawn:
        return "withdrawn"
    return status.state if status else "none"


@dataclass(frozen=True, slots=True)
class Group:
    """The notices that share one value of a taxonomy: one issuer, one kind, one tag or one year."""

    key: str
    """The value as written: 中共示例县委组织部, rectification-progress, 巡察整改, 2025."""
    path: str
    """Output folder of the group's page, relative to the site root: archive/issuer/3fa9c1d2/"""
    slugs: tuple[str, ...]
    """Its notices, newest issue first."""

    @property
    def count(self) -> int:
        return len(self.slugs)


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """A way of grouping the archive, with an overview page at `path` and one page per group."""

    name: str
    """year | issuer | kind | tag"""
    path: str
    groups: tuple[Group, ...]
    by_key: dict[str, Group] = field(default_factory=dict, compare=False, repr=False)

    def group(self, key: object) -> Group | None:
        return self.by_key.get(str(key))


class Heading(NamedTuple):
    """What a link to a notice shows of it (the same names as a Notice's, for templates)."""

    slug: str
    title: str
    lang: str
    kind: str
    issued: dt.date


class Link(NamedTuple):
    """Another notice as a notice's page links to it (its neighbours, the notices related to it): made
    from its record, so rendering a page loads no other notice."""

    path: str
    state: str
    notice: Heading


@dataclass(frozen=True, slots=True)
class Neighbours:
    """The notices issued just before and just after one notice, among those the archive lists."""

    previous: Link | None = None
    next: Link | None = None


LoadNotice = Callable[[str], Notice]
"""Returns the notice (without its text) of a slug."""


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    now: dt.datetime
    records: dict[str, Record]
    """Every published notice, by slug."""
    order: tuple[str, ...]
    """Slugs in index order: open (ending soonest first), upcoming (starting soonest first), then closed,
    withdrawn and period-less ones (newest issue first)."""
    statuses: dict[str, Status | None]
    listed_slugs: frozenset[str]
    archived_slugs: frozenset[str]
    taxonomies: tuple[Taxonomy, ...]
    """Year, issuer, kind and tag groupings of the archived notices."""
    neighbour_slugs: dict[str, tuple[str | None, str | None]]
    related_slugs: dict[str, tuple[str, ...]]
    """Related notices in both directions (see `related`)."""
    states: dict[str, str] = field(default_factory=dict)
    """upcoming | open | closed | withdrawn | none, by slug (see Entry.state)."""
    by_name: dict[str, Taxonomy] = field(default_factory=dict)
    load: LoadNotice = field(repr=False, compare=False, default=lambda slug: _no_loader(slug))
    _memo: dict[str, Entry] = field(default_factory=dict, repr=False, compare=False)

    @property
    def today(self) -> dt.date:
        return self.now.astimezone(self.config.tz).date()

    @property
    def today_ordinal(self) -> int:
        return self.today.toordinal()

    # ------------------------------------------------------------------ entries

    def entry(self, slug: str) -> Entry:
        """The entry of a published notice, without its text (loaded once per build)."""
        found = self._memo.get(slug)
        if found is None:
            found = self.make_entry(self.load(slug), "")
            self._memo[slug] = found
        return found

    def make_entry(self, notice: Notice, body_html: str, record: Record | None = None) -> Entry:
        """The entry of a notice of this site, around the given notice (whole, or without its text);
        `record` replaces the site's record of it (when the body has just been read)."""
        slug = notice.slug
        record = record or self.records[slug]
        progress = None
        if record.progress is not None:
            items = [ItemState(s, dt.date.fromordinal(d) if d else None) for s, d in record.progress]
            progress = summarise(items, self.config.progress_states, self.today)
        return Entry(notice, body_html, record.path, self.statuses[slug], progress,
                     slug in self.listed_slugs, slug in self.archived_slugs)

    def entries(self, slugs: Iterable[str]) -> tuple[Entry, ...]:
        return tuple(self.entry(s) for s in slugs)

    def state(self, slug: str) -> str:
        """The state of a notice as Entry.state gives it, from its record."""
        return self.states[slug]

    def listed(self) -> tuple[str, ...]:
        """Slugs the index lists, in index order."""
        return tuple(s for s in self.order if s in self.listed_slugs)

    # ------------------------------------------------------------------ for templates

    def taxonomy(self, name: str) -> Taxonomy:
        return self.by_name[name]

    def group(self, taxonomy: str, key: object) -> Group | None:
        """The group of a value (e.g. `group("kind", notice.kind)`), or None if no archived notice has it."""
        return self.taxonomy(taxonomy).group(key)

    def link(self, slug: str) -> Link:
        r = self.records[slug]
        return Link(r.path, self.states[slug], Heading(slug, r.title, r.lang, r.kind, dt.date.fromordinal(r.issued)))

    def neighbours(self, entry: Entry) -> Neighbours:
        before, after = self.neighbour_slugs.get(entry.notice.slug, (None, None))
        return Neighbours(self.link(before) if before else None, self.link(after) if after else None)

    def related(self, entry: Entry) -> tuple[Link, ...]:
        """Notices this one lists under `related:`, and notices that list it."""
        return tuple(self.link(s) for s in self.related_slugs.get(entry.notice.slug, ()))


def _no_loader(slug: str) -> Notice:
    raise LookupError(f"this Site cannot load notices (asked for {slug})")


def assemble(config: SiteConfig, now: dt.datetime, records: Iterable[Record], load: LoadNotice) -> Site:
    """The site as of `now`, from the records of its published notices."""
    by_slug = {r.slug: r for r in records}
    today = now.astimezone(config.tz).date().toordinal()
    moment = now.timestamp()
    statuses = {slug: record_status(r, moment, today) for slug, r in by_slug.items()}
    listed, archived = set(), set()
    for slug, r in by_slug.items():
        st = statuses[slug]
        closed = st is not None and st.state == "closed" or r.withdrawn
        if not (closed and r.after_close in ("hide", "archive")):
            listed.add(slug)
        if not (closed and r.after_close == "hide"):
            archived.add(slug)

    def order(slug: str) -> tuple[int, float, str]:
        r, st = by_slug[slug], statuses[slug]
        if st is not None and not r.withdrawn and r.period is not None:
            if st.state == "open":
                return 0, r.period[1], slug
            if st.state == "upcoming":
                return 1, r.period[0], slug
        return 2, -r.issued, slug

    newest = sorted((by_slug[s] for s in archived), key=lambda r: (-r.issued, r.slug))
    states = {slug: state_of(r.withdrawn, statuses[slug]) for slug, r in by_slug.items()}
    taxonomies = _taxonomies(newest)
    return Site(config, now, by_slug, tuple(sorted(by_slug, key=order)), statuses, frozenset(listed),
                frozenset(archived), taxonomies, _neighbours(by_slug, newest), _related(by_slug),
                states, {t.name: t for t in taxonomies}, load)


def _related(records: dict[str, Record]) -> dict[str, tuple[str, ...]]:
    """Related notices of each notice, both ways: the ones it lists (in its order), then the ones that
    list it (oldest first). A slug that is not published in this build (a draft) is left out."""
    relating = [r for r in records.values() if r.related]
    links: dict[str, list[str]] = {}
    for r in relating:
        found = [s for s in r.related if s in records and s != r.slug]
        if found:
            links.setdefault(r.slug, []).extend(found)
    for r in sorted(relating, key=lambda r: (r.issued, r.slug)):
        for slug in r.related:
            if slug in records and slug != r.slug:
                links.setdefault(slug, []).append(r.slug)
    return {slug: tuple(dict.fromkeys(found)) for slug, found in links.items()}


def _taxonomies(newest: list[Record]) -> tuple[Taxonomy, ...]:
    """Groupings of the archived notices (each list newest first).

    Years and kinds are ASCII and make their own path segment (archive/2025/, archive/kind/generic/).
    Issuers and tags are free text, mostly Chinese: their pages live at a short hash of the value
    (archive/issuer/3fa9c1d2/), which is stable, the same on every host and file system (no
    percent-encoding, case folding or Unicode normalisation to go wrong) and short enough to read
    out; the page shows the value itself as its title.
    """
    def by_count(groups: dict[str, list[str]]) -> list[str]:
        return sorted(groups, key=lambda k: (-len(groups[k]), k))

    years = _collect(newest, lambda r: [str(dt.date.fromordinal(r.issued).year)])
    kinds = _collect(newest, lambda r: [r.kind])
    issuers = _collect(newest, lambda r: [r.issuer])
    tags = _collect(newest, lambda r: r.tags)
    issuer_slugs, tag_slugs = hash_slugs(issuers), hash_slugs(tags)
    kind_rank = {k: i for i, k in enumerate(KINDS)}

    def taxonomy(name: str, path: str, groups: list[Group]) -> Taxonomy:
        return Taxonomy(name, path, tuple(groups), {g.key: g for g in groups})

    return (
        taxonomy("year", "archive/", [Group(y, f"archive/{y}/", tuple(years[y])) for y in sorted(years, reverse=True)]),
        taxonomy("issuer", "archive/issuer/", [Group(k, f"archive/issuer/{issuer_slugs[k]}/", tuple(issuers[k]))
                                               for k in by_count(issuers)]),
        taxonomy("kind", "archive/kind/", [Group(k, f"archive/kind/{k}/", tuple(kinds[k]))
                                           for k in sorted(kinds, key=lambda k: (kind_rank.get(k, 99), k))]),
        taxonomy("tag", "archive/tag/", [Group(k, f"archive/tag/{tag_slugs[k]}/", tuple(tags[k]))
                                         for k in by_count(tags)]),
    )


def _collect(records: list[Record], keys: Callable[[Record], Iterable[str]]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for r in records:
        for key in dict.fromkeys(keys(r)):  # a tag written twice counts once
            groups.setdefault(key, []).append(r.slug)
    return groups


def hash_slugs(keys: Iterable[str]) -> dict[str, str]:
    """A path segment per value: the first 8 hex digits of its SHA-1, longer only where two values share them."""
    full = {k: hashlib.sha1(k.encode("utf-8")).hexdigest() for k in keys}
    out: dict[str, str] = {}
    for length in range(8, 41, 4):
        pending = [k for k in full if k not in out]
        counts = Counter(full[k][:length] for k in pending)
        for k in pending:
            if counts[full[k][:length]] == 1 or length == 40:
                out[k] = full[k][:length]
    return out


def _neighbours(records: dict[str, Record], newest: list[Record]) -> dict[str, tuple[str | None, str | None]]:
    """Previous and next notice by issue date, among the archived ones (a hidden notice still gets
    neighbours, but is nobody's neighbour)."""
    chain = sorted(newest, key=lambda r: (r.issued, r.slug))  # oldest first
    keys = [(r.issued, r.slug) for r in chain]
    out: dict[str, tuple[str | None, str | None]] = {}
    for r in records.values():
        key = (r.issued, r.slug)
        before, after = bisect.bisect_left(keys, key), bisect.bisect_right(keys, key)
        out[r.slug] = (chain[before - 1].slug if before > 0 else None,
                       chain[after].slug if after < len(chain) else None)
    return out
