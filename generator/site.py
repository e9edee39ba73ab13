"""Stage 3, assemble: validated notices + the build time → the `Site` every output reads. Pure.

Everything that depends on "now" or on other notices is computed here once: each notice's
period status, its place in listings, its neighbours, its progress summary.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Notice, SiteConfig
from .periods import Status, status
from .progress import Summary, summarise


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
class Site:
    config: SiteConfig
    now: dt.datetime
    entries: tuple[Entry, ...]
    """Every published notice, in index order: open (ending soonest first), upcoming, closed (newest first)."""

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
        st = status(notice.period, now) if notice.period else None
        closed = st is not None and st.state == "closed" or notice.withdrawn is not None
        progress = (summarise(notice.items, config.progress_states, today)
                    if notice.items or notice.kind == "rectification-progress" else None)
        entry = Entry(notice, body_html, f"notices/{notice.slug}/", st, progress,
                      listed=not (closed and notice.after_close in ("hide", "archive")),
                      archived=not (closed and notice.after_close == "hide"))
        entries.append(entry)
    entries.sort(key=_order)
    return Site(config, now, tuple(entries))
