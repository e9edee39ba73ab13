"""The preview's search index, brought up to date beside its pages: `python -m generator.build.search_refresh
JOB.json`, run by `gongshi serve` at low priority after its builds, which leave the index out."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

from generator.build.search import BUNDLE, MANIFEST, RUNTIME, SearchError, index, plan
from generator.errors import Location


def refresh(folder: Path, pages: dict[str, list[tuple[str, str]]], keep_index_url: bool = False,
            kept: Path | None = None) -> int:
    """Bring the index of a built site in `folder` up to date in place (the preview's index, which its
    builds leave out): the changed shards are indexed beside it and swapped in one by one, then the
    manifest. `kept`: the folder of the pages' spellings, as for index(). Returns how many shards were
    indexed. Raises SearchError."""
    from generator.build.write import swap_into_place

    shards = plan(pages, keep_index_url)
    bundle = folder / BUNDLE
    fresh = folder.parent / f".{folder.name}.index"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        bundle.mkdir(exist_ok=True)
        indexed = index(shards, lambda path: (folder / path).read_text("utf-8"), fresh, Location(str(folder)),
                        kept, bundle)
        for name in indexed:
            swap_into_place(fresh / name, bundle / name)
        for name in RUNTIME:
            if (fresh / name).is_file():
                os.replace(fresh / name, bundle / name)
        os.replace(fresh / MANIFEST, bundle / MANIFEST)
        names = {s.name for s in shards}
        for entry in bundle.iterdir():
            if entry.is_dir() and entry.name not in names:
                shutil.rmtree(entry, ignore_errors=True)  # a shard the site no longer has
        return len(indexed)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def main(argv: list[str]) -> int:
    """`python -m generator.build.search_refresh JOB.json`: refresh() at low priority, for the preview. The job
    names the folder, the notices' pages, the URL style and the folder of kept spellings (or none)."""
    if hasattr(os, "nice"):
        os.nice(10)  # the preview's builds come first; Pagefind's processes inherit this
    try:
        job = json.loads(Path(argv[0]).read_text("utf-8"))
        started = time.perf_counter()
        done = refresh(Path(job["folder"]), {k: [tuple(p) for p in v] for k, v in job["pages"].items()},
                       bool(job.get("keep_index_url")), Path(job["kept"]) if job.get("kept") else None)
    except SearchError as exc:
        print(exc.diagnostic.format(), file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError, IndexError) as exc:
        print(f"gongshi: the search index could not be updated: {exc}", file=sys.stderr)
        return 1
    print(f"gongshi: search index updated ({done} of {len(plan(job['pages']))} shards) in "
          f"{time.perf_counter() - started:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
