"""Step 1 of a build: the record of every notice file, read again only when it changed.

A file whose size and modification time are what the cached build saw, and whose notice shows the same
revisions on this build's date, keeps the record, the notice without its text and the warnings the cache
holds for it; every other file is read again, on every core (process.py reads one). A draft is left out
unless the build includes drafts; the checks across notices (validate.across_notices) run on the result.
The warnings a file gave are kept in the cache as rows of plain values (Source.warnings).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from generator.build import pool
from generator.build.cache import Cache, Source, digest
from generator.build.inputs import Options, notice_paths
from generator.build.process import Workbench
from generator.errors import Diagnostic, Location, Severity
from generator.notice.model import Record
from generator.source import validate


@dataclass
class Heads:
    """What step 1 found, for the steps after it."""

    records: dict[str, Record]
    """Every notice's record (drafts included), by slug, in the order of the files."""
    store: dict[str, str]
    """Every notice without its text (JSON text, see codec.py), by slug."""
    rel_of: dict[str, str]
    """Each notice's file, relative to the content folder."""
    stats: dict[str, tuple[int, int]]
    """(size, mtime) of each notice file as this build found it, by path."""
    body_warnings: dict[str, list[Diagnostic]]
    """The warnings about the body of each unchanged notice, as the cache kept them."""
    read: bool
    """Whether any content file was read again."""


def read_heads(bench: Workbench, cache: Cache, opts: Options, diags: list[Diagnostic]) -> Heads:
    """Every notice file's record, read again only if it changed since the cached build. The diagnostics of
    the files (new ones for the files read, the kept warnings for the others) go to `diags`; the cache's
    sources become this build's."""
    unchanged: dict[str, Source] = {}
    changed: list[str] = []
    stats: dict[str, tuple[int, int]] = {}
    files = notice_paths(opts.content_dir)
    content, taken = str(opts.content_dir), opts.stats
    today = bench.today.toordinal() if bench.today else 0
    for rel in files:
        path = os.path.join(content, rel)
        stat = taken.get(path)
        try:
            if stat is None or stat[0] < 0:
                st = os.stat(path)
                stat = (st.st_size, st.st_mtime_ns)
            stats[path] = stat
            source = cache.unchanged(rel, stat)
        except OSError:
            source = None
        if source is not None and source.slug in cache.records and not _revision_due(
                cache.records[source.slug], today):
            unchanged[rel] = source
        else:
            changed.append(rel)
    if opts.progress is not None:
        opts.progress("files", 0, len(changed))
    heads = dict(zip(changed, pool.fork_map(bench.head, changed), strict=True))
    known = cache.notices() if unchanged else {}
    store: dict[str, str] = {}
    records: list[Record] = []  # in the order of the files, as a build from scratch reads them
    sources: dict[str, Source] = {}
    body_warnings: dict[str, list[Diagnostic]] = {}
    for rel in files:
        source = unchanged.get(rel)
        if source is not None and source.slug in known:
            records.append(cache.records[source.slug])
            store[source.slug] = known[source.slug]
            sources[rel] = source
            head_warnings = [w for w in cached_warnings(source) if w.field != "body"]
            diags.extend(head_warnings)
            body_warnings[source.slug] = [w for w in cached_warnings(source) if w.field == "body"]
            continue
        head = heads.get(rel) or bench.head(rel)
        if head.draft and head.record is None and not opts.drafts:
            continue  # a draft is not published: its errors wait for `gongshi check` or --drafts
        diags.extend(head.diagnostics)
        if head.record is not None:
            records.append(_with_progress(head.record, cache.records.get(head.record.slug)))
            store[head.record.slug] = head.notice
            sources[rel] = Source(head.stat, head.key, head.deps, head.record.slug,
                                  warning_rows(head.diagnostics), digest(head.notice.encode("utf-8")))
    cache.sources = sources
    diags.extend(validate.across_notices(records))
    return Heads({r.slug: r for r in records}, store, {s.slug: rel for rel, s in sources.items()}, stats,
                 body_warnings, bool(changed))


def _with_progress(record: Record, cached: Record | None) -> Record:
    """A record read again from a file whose bytes are as the cached build saw them (it was only touched):
    the progress its body told, which a head alone does not know, is kept (the notice is not rendered
    again, and listings show its progress)."""
    if cached is None or cached.key != record.key:
        return record
    return record._replace(progress=cached.progress, has_items=cached.has_items)


def _revision_due(record: Record, today: int) -> bool:
    """Whether the notice shows other revisions on `today` than when it was read (a revision came due, or
    the build is dated before one it showed): its file must be read again."""
    latest, upcoming = record.revision_days
    return today < latest or 0 < upcoming <= today


def warning_rows(diags: list[Diagnostic]) -> tuple[tuple[str, int, int, str, str, str], ...]:
    """The warnings among `diags` as the cache keeps them (Source.warnings)."""
    return tuple((d.location.path, d.location.line, d.location.col, d.field, d.message, d.hint)
                 for d in diags if not d.is_error)


def cached_warnings(source: Source) -> list[Diagnostic]:
    """The warnings a file gave when it was last read, from the cache."""
    return [Diagnostic(Location(p, line, col), message, hint, field=name, severity=Severity.WARNING)
            for p, line, col, name, message, hint in source.warnings]
