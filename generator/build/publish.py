"""The last step of a build: the complete new site swapped into output/, with its search index.

The index is made again only where pages changed: the new site starts from the current index's files,
linked (the current site keeps its bytes: whoever changes a file replaces it, never writes into it);
the shards whose pages changed are indexed again over the complete new site, and the files of the
current index the new one did not write again are dropped."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from generator.build import search
from generator.build.write import Staging, link_tree, same_file
from generator.errors import Location


def commit(staging: Staging, files: dict[str, str], shards: Sequence[search.Shard] | None, keep_index: bool,
           where: Location, started: Callable[[], None] = lambda: None, kept: Path | None = None) -> float:
    """Swap the staged site in (`files`: every path of the new site with its digest, see Staging.commit).
    `shards`: the search index is out of date, index these; None: make no index, and with `keep_index`
    carry the current one over as it is. `kept`: the build cache's folder of the pages' spellings for
    the index (search_kept.py), or None. Returns the seconds the index took (0 when none was made).
    Raises search.SearchError when indexing fails (the output folder is then as it was)."""
    if shards is None:
        staging.commit(files, keep=[search.BUNDLE] if keep_index else [])
        return 0.0
    bundle = staging.out_dir / search.BUNDLE
    previous = bundle if not staging.full and bundle.is_dir() else None
    seconds = 0.0

    def finish(folder: Path) -> None:
        nonlocal seconds
        new = folder / search.BUNDLE
        if previous is not None:
            link_tree(previous, new)
            (new / search.MANIFEST).unlink(missing_ok=True)  # written anew, never through a link
        began = time.perf_counter()
        started()
        gone = search.index(shards, lambda path: (folder / path).read_text("utf-8"), new, previous, where, kept)
        seconds = time.perf_counter() - began
        for rel in gone:  # files of the current index the new one has not written again
            if previous is not None and same_file(new / rel, previous / rel):
                (new / rel).unlink()
        _drop_empty_folders(new)

    staging.commit(files, finish=finish)
    return seconds


def _drop_empty_folders(root: Path) -> None:
    """Folders left empty under `root` (a shard the new index no longer has), deepest first."""
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
