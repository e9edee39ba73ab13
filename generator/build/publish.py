"""The last step of a build: the complete new site swapped into output/, with its search index.

The index is made again only where what the indexer is given changed. The new site starts from the
standby site (the one the build before last replaced), whose index keeps the shards that are still
current; the others are linked from the current site's index where they are current there (the
current site keeps its bytes: whoever changes a file replaces it, never writes into it); the rest are
indexed again over the complete new site, in their standby folders (prepare, search.index)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.build import search
from generator.build.write import Staging, link_file
from generator.errors import Location


def commit(staging: Staging, files: dict[str, str], shards: Sequence[search.Shard] | None, keep_index: bool,
           where: Location, started: Callable[[], None] = lambda: None, kept: Path | None = None) -> float:
    """Swap the staged site in (`files`: every path of the new site with its digest, see Staging.commit).
    `shards`: the search index is out of date, index these; None: make no index, and with `keep_index`
    carry the current one over as it is. `kept`: the build cache's folder of the pages' spellings for
    the index (search_kept.py), or None. Returns the seconds the index took (0 when none was made).
    Raises search.SearchError when indexing fails (the output folder is then as it was)."""
    standby = staging.folder / search.BUNDLE  # the standby site's index, where the build started from one
    current = staging.out_dir / search.BUNDLE
    if shards is None:
        carry = keep_index
        if keep_index and _same_manifest(standby, current):
            carry = False  # the standby site's index is the current one: nothing to do
        else:
            shutil.rmtree(standby, ignore_errors=True)
        staging.commit(files, keep=[search.BUNDLE] if carry else [])
        return 0.0
    previous = current if not staging.full and current.is_dir() else None
    seconds = 0.0

    def finish(folder: Path) -> None:
        nonlocal seconds
        new = folder / search.BUNDLE
        prepare(shards, new, previous)
        began = time.perf_counter()
        started()
        search.index(shards, lambda path: (folder / path).read_text("utf-8"), new, where, kept, previous)
        seconds = time.perf_counter() - began

    staging.commit(files, finish=finish)
    return seconds


def _same_manifest(a: Path, b: Path) -> bool:
    """Whether two indexes list the same shards with the same keys (and so hold the same files)."""
    try:
        return (a / search.MANIFEST).read_bytes() == (b / search.MANIFEST).read_bytes()
    except OSError:
        return False


def prepare(shards: Sequence[search.Shard], bundle: Path, current: Path | None) -> None:
    """Make `bundle` (the new site's, which starts as the standby site's index or as nothing) ready for
    search.index: the folders of shards the site no longer has are removed (the others are brought up to
    date in place), and the browser code is the current site's (`current`, linked) where it has one.
    The manifest stays for search.index to read what the folders hold. An edit thus touches the files
    of the shards that changed since the standby site, not all of them."""
    wanted = {s.name for s in shards}
    if bundle.is_dir():
        for entry in sorted(bundle.iterdir()):
            if entry.is_dir() and not entry.is_symlink():
                if entry.name not in wanted:
                    shutil.rmtree(entry)
            elif entry.name != search.MANIFEST and (entry.name not in search.RUNTIME or current is not None):
                entry.unlink()
    bundle.mkdir(parents=True, exist_ok=True)
    if current is None:
        return
    for name in search.RUNTIME:
        if (current / name).is_file():
            link_file(current / name, bundle / name)
