"""Stage 3, assemble: validated notices + the build time → the `Site` every output reads. Pure.

Everything that depends on "now" or on other notices is computed here once: each notice's
period status, its place in listings, its neighbours, its progress summary.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from .model import Notice, SiteConfig
from .periods import Status, status
from .progress import Summary, summarise
from .schema import KINDS


@dataclass(frozen=True, slots=True)
class Entry:
    """A notice as this build shows it."""

    notice: Notice
    body_html: str
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
        if self.notice.withdrawn:
            return "withdrawn"
        return self.status.state if self.status else "none"


@dataclass(frozen=True, slots=True)
class Group:
    """The notices that share one value of a taxonomy: one issuer, one kind, one tag or one year."""

    key: str
    """The value as written: 中共示例县委组织部, rectification-progress, 巡察整改, 2025."""
    path: str
    """Output folder of the group's page, relative to the site root: archive/issuer/3fa9c1d2/"""
    entries: tuple[Entry, ...]
    """Newest issue first."""


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """A way of grouping the archive, with an overview page at `path` and one page per group."""

    name: str
    """year | issuer | kind | tag"""
    path: str
    groups: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class Neighbours:
    """The notices issued just before and just after one notice, among those the archive lists."""

    previous: Entry | None = None
    next: Entry | None = None


@dataclass(frozen=True, slots=True)
class Site:
    config: SiteConfig
    now: dt.datetime
    entries: tuple[Entry, ...]
    """Every published notice, in index order: open (ending soonest first), upcoming, closed (newest first)."""
    taxonomies: tuple[Taxonomy, ...] = ()
    """Year, issuer, kind and tag groupings of the archived notices."""
    neighbours_by_slug: dict[str, Neighbours] = field(default_factory=dict, compare=False, hash=False)
    related_by_slug: dict[str, tuple[Entry, ...]] = field(default_factory=dict, compare=False, hash=False)
    """Related notices in both directions, computed once (see `related`)."""

    @property
    def today(self) -> dt.date:
        return self.now.astimezone(self.config.tz).date()

    def listed(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.listed)

    def archive(self) -> list[tuple[int, list[Entry]]]:
        """Archived notices by year of issue, newest year and newest notice first."""
        years: dict[int, list[Entry]] = {}
        for e in sorted((e for e in self.entries if e.archived), key=lambda e: (e.notice.issued, e.notice.slug),
                        reverse=True):
            years.setdefault(e.notice.issued.year, []).append(e)
        return sorted(years.items(), reverse=True)

    def taxonomy(self, name: str) -> Taxonomy:
        return next(t for t in self.taxonomies if t.name == name)

    def group(self, taxonomy: str, key: object) -> Group | None:
        """The group of a value (e.g. `group("kind", notice.kind)`), or None if no archived notice has it."""
        return next((g for g in self.taxonomy(taxonomy).groups if g.key == str(key)), None)

    def neighbours(self, entry: Entry) -> Neighbours:
        return self.neighbours_by_slug.get(entry.notice.slug, Neighbours())

    def related(self, entry: Entry) -> tuple[Entry, ...]:
        """Notices this one lists under `related:`, and notices that list it."""
        return self.related_by_slug.get(entry.notice.slug, ())


def _order(entry: Entry) -> tuple[int, float, str]:
    n = entry.notice
    if entry.state == "open" and n.period:
        return 0, n.period.end.timestamp(), n.slug
    if entry.state == "upcoming" and n.period:
        return 1, n.period.start.timestamp(), n.slug
    return 2, -dt.datetime.combine(n.issued, dt.time()).timestamp(), n.slug


def assemble(config: SiteConfig, now: dt.datetime, notices: list[tuple[Notice, str]]) -> Site:
    today = now.astimezone(config.tz).date()
    entries = []
    for notice, body_html in notices:
        if notice.withdrawn and not config.show_withdrawn_body:
            # The text is no longer published: nothing of the body reaches a page, a ledger or an index.
            notice, body_html = replace(notice, sections=(), body="", attachments=()), ""
        st = status(notice.period, now) if notice.period else None
        closed = st is not None and st.state == "closed" or notice.withdrawn is not None
        progress = (summarise(notice.items, config.progress_states, today)
                    if notice.items or notice.kind == "rectification-progress" else None)
        entry = Entry(notice, body_html, f"notices/{notice.slug}/", st, progress,
                      listed=not (closed and notice.after_close in ("hide", "archive")),
                      archived=not (closed and notice.after_close == "hide"))
        entries.append(entry)
    entries.sort(key=_order)
    archived = sorted((e for e in entries if e.archived), key=_newest_first)
    return Site(config, now, tuple(entries), _taxonomies(archived), _neighbours(entries, archived),
                related_by_slug=_related(entries))


def _related(entries: list[Entry]) -> dict[str, tuple[Entry, ...]]:
    """Related notices of each notice, both ways: the ones it lists (in its order), then the ones that
    list it (oldest first). A slug that is not published in this build (a draft) is left out."""
    by_slug = {e.notice.slug: e for e in entries}
    links: dict[str, list[Entry]] = {slug: [] for slug in by_slug}
    for e in entries:
        for slug in e.notice.related:
            if slug in by_slug and slug != e.notice.slug:
                links[e.notice.slug].append(by_slug[slug])
    for e in sorted(entries, key=_issue_key):
        for slug in e.notice.related:
            if slug in by_slug and slug != e.notice.slug:
                links[slug].append(e)
    return {slug: tuple({f.notice.slug: f for f in found}.values()) for slug, found in links.items() if found}


def _newest_first(entry: Entry) -> tuple[int, str]:
    # Sorted ascending: the newest issue date first, then slugs in alphabetical order.
    return -entry.notice.issued.toordinal(), entry.notice.slug


def _taxonomies(archived: list[Entry]) -> tuple[Taxonomy, ...]:
    """Groupings of the archived notices (each list newest first).

    Years and kinds are ASCII and make their own path segment (archive/2025/, archive/kind/generic/).
    Issuers and tags are free text, mostly Chinese: their pages live at a short hash of the value
    (archive/issuer/3fa9c1d2/), which is stable, the same on every host and file system (no
    percent-encoding, case folding or Unicode normalisation to go wrong) and short enough to read
    out; the page shows the value itself as its title.
    """
    def by_count(groups: dict[str, list[Entry]]) -> list[str]:
        return sorted(groups, key=lambda k: (-len(groups[k]), k))

    years = _collect(archived, lambda e: [str(e.notice.issued.year)])
    kinds = _collect(archived, lambda e: [e.notice.kind])
    issuers = _collect(archived, lambda e: [e.notice.issuer])
    tags = _collect(archived, lambda e: e.notice.tags)
    issuer_slugs, tag_slugs = hash_slugs(issuers), hash_slugs(tags)
    kind_rank = {k: i for i, k in enumerate(KINDS)}
    return (
        Taxonomy("year", "archive/", tuple(Group(y, f"archive/{y}/", tuple(years[y]))
                                           for y in sorted(years, reverse=True))),
        Taxonomy("issuer", "archive/issuer/", tuple(Group(k, f"archive/issuer/{issuer_slugs[k]}/", tuple(issuers[k]))
                                                    for k in by_count(issuers))),
        Taxonomy("kind", "archive/kind/", tuple(Group(k, f"archive/kind/{k}/", tuple(kinds[k]))
                                                for k in sorted(kinds, key=lambda k: (kind_rank.get(k, 99), k)))),
        Taxonomy("tag", "archive/tag/", tuple(Group(k, f"archive/tag/{tag_slugs[k]}/", tuple(tags[k]))
                                              for k in by_count(tags))),
    )


def _collect(entries: list[Entry], keys: Callable[[Entry], Iterable[str]]) -> dict[str, list[Entry]]:
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        for key in dict.fromkeys(keys(e)):  # a tag written twice counts once
            groups.setdefault(key, []).append(e)
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


def _neighbours(entries: list[Entry], archived: list[Entry]) -> dict[str, Neighbours]:
    """Previous and next notice by issue date, among the archived ones (a hidden notice still gets
    neighbours, but is nobody's neighbour)."""
    chain = sorted(archived, key=_issue_key)
    keys = [_issue_key(e) for e in chain]
    out: dict[str, Neighbours] = {}
    for entry in entries:
        key = _issue_key(entry)
        before, after = bisect.bisect_left(keys, key), bisect.bisect_right(keys, key)
        out[entry.notice.slug] = Neighbours(chain[before - 1] if before > 0 else None,
                                            chain[after] if after < len(chain) else None)
    return out


def _issue_key(entry: Entry) -> tuple[dt.date, str]:
    return entry.notice.issued, entry.notice.slug
