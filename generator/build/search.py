"""Full-text search: a Pagefind index of the notices, in shards, built in the write stage.

The index is made by Pagefind's indexer (search_service.py) from records Gongshi extracts itself (search_text.py):
each notice's title, text and metadata, its Chinese written as character pairs, each distinct word
once; the text itself is kept beside, one file a notice in the shard's `text/`, for the excerpts. The notices are
spread over shards by a hash of their slug (up to eight, one per 100 notices or more), each shard
a Pagefind index of its own in `pagefind/sNN/`; the search page loads the first and merges the
others (Pagefind's `mergeIndex`). `pagefind/shards.json` lists the shards and the key of each: a
digest of its notices' pages. A build indexes again only the shards whose key changed, so an edited
notice costs one shard, and the index is the same, byte for byte, as a build from scratch makes.
What the indexer was given of each page is kept in the build cache (search_kept.py), so the pages of
that shard that did not change are not read and spelt again.

The index is built over the finished pages (staged, or in the output folder when unchanged), before
the new files are moved into place, so a failed indexer leaves the previous site as it was.
"""

from __future__ import annotations

import concurrent.futures
import gzip
import hashlib
import importlib.util
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.build import pool, search_text
from generator.build.search_kept import Entry, Kept
from generator.build.search_service import Indexer, IndexerError
from generator.errors import Diagnostic, Location

BUNDLE = "pagefind"
"""The folder of the search bundle in the output."""

MANIFEST = "shards.json"
"""The list of shards and their keys, in the bundle folder."""

LANGUAGE = "unknown"
"""The language the index is built as: one Pagefind does not stem or segment (the records are paired
already), and which Pagefind's browser code uses whatever the page's language."""

SHARD_SIZE = 100
"""Notices a shard holds at least before the site gets twice as many shards (up to MAX_SHARDS)."""

MAX_SHARDS = 8
"""At most this many shards. A query fetches, from every shard, the part of its word index that holds
each word (Pagefind cuts its word index in parts of a fixed number of postings, some 15 KB
compressed), so each shard adds to what a query costs the reader; fewer, larger shards make an edit
re-index more notices and each indexer process larger. Measured at 10 000 notices (README, Search):
8 shards, a one-word query fetches a median 388 KB and the indexers peak at 1.9 GB; 16 shards,
581 KB and 0.97 GB, and an edit re-indexes 625 notices instead of 1 250. Eight: what a reader's
phone fetches comes first."""

RUNTIME = ("pagefind.js",)
"""Pagefind's browser code, kept once at the top of the bundle."""

SHARD_FILES = ("pagefind-entry.json", f"wasm.{LANGUAGE}.pagefind", "pagefind-worker.js")
"""The files of a shard besides its index folders (the WebAssembly and the worker are fetched from the
first shard only)."""

TEXTS = "text"
"""The folder of a shard that holds its notices' text, one file each, which the search page cuts the
excerpts from (search_text.text)."""

INSTALL_HINT = ("install it with `pip install 'pagefind[extended]'`, or build without search: "
                "`gongshi build --no-search` or `search: false` in site.yaml")

KEPT = "search"
"""The folder of the build cache that keeps what the indexer was given of each page (search_kept.py)."""

FORMAT = "3"
"""Part of every shard's key: changes when what a record holds or how it is spelt changes."""


class SearchError(Exception):
    """The indexer failed; the build stops and the output folder stays as it was."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass(frozen=True)
class Shard:
    name: str
    key: str
    pages: tuple[tuple[str, str, str], ...]
    """(output path, url, digest of the page) of every page of its notices, in order."""


def shard_count(notices: int) -> int:
    count = 1
    while notices >= 2 * count * SHARD_SIZE and count < MAX_SHARDS:
        count *= 2
    return count


def plan(pages: dict[str, list[tuple[str, str]]], keep_index_url: bool = False) -> list[Shard]:
    """The shards of a site whose notices have `pages` (slug → [(output path, digest)] of its HTML files)."""
    count = shard_count(len(pages))
    width = max(2, len(str(count - 1)))
    members: dict[int, list[str]] = {}
    for slug in sorted(pages):
        bucket = int.from_bytes(hashlib.blake2b(slug.encode(), digest_size=8).digest(), "big") % count
        members.setdefault(bucket, []).append(slug)
    shards = []
    for bucket in sorted(members):
        entries = [(path, sign) for slug in members[bucket] for path, sign in sorted(pages[slug])]
        key = hashlib.blake2b(json.dumps([FORMAT, _engine(), keep_index_url, entries]).encode(),
                              digest_size=16).hexdigest()
        shards.append(Shard(f"s{bucket:0{width}d}", key,
                            tuple((path, _url(path, keep_index_url), sign) for path, sign in entries)))
    return shards


def notice_pages(outputs: Mapping[str, Iterable[tuple[str, str, bool]]]) -> dict[str, list[tuple[str, str]]]:
    """The HTML files of each notice, from the build's outputs by unit ("notice:<slug>" → files)."""
    return {name[len("notice:"):]: [(o[0], o[1]) for o in outs if o[0].endswith(".html")]
            for name, outs in outputs.items() if name.startswith("notice:")}


def previous_keys(bundle: Path) -> dict[str, str]:
    """The shards of an existing bundle and their keys ({} when there is none, or it is unreadable)."""
    try:
        data = json.loads((bundle / MANIFEST).read_text("utf-8"))
        shards = data["shards"]
        return {str(s["name"]): str(s["key"]) for s in shards if (bundle / str(s["name"])).is_dir()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def index(shards: Sequence[Shard], read: Callable[[str], str], bundle: Path, present: Mapping[str, str],
          where: Location, spelt: Path | None = None) -> None:
    """Write into `bundle` the shards whose key is not the one in `present` (the shards already in place,
    by name: their key), the manifest and, when any shard was indexed, the browser code. `read(path)`
    gives the text of a page; `spelt`, the build cache's folder of the pages' spellings
    (search_kept.py), spares reading the pages that did not change. Raises SearchError when indexing
    fails."""
    if importlib.util.find_spec("pagefind") is None:
        raise SearchError(Diagnostic(where, "the search indexer Pagefind is not installed", INSTALL_HINT,
                                     field="search"))
    todo = [s for s in shards if present.get(s.name) != s.key]
    bundle.mkdir(parents=True, exist_ok=True)
    try:
        _index_all(todo, read, bundle, Kept(spelt, engine_key()) if spelt is not None else None)
    except (IndexerError, OSError, ValueError) as exc:  # whatever the indexer's process or its client raised: the build says so
        raise SearchError(Diagnostic(where, f"building the search index failed: {exc}",
                                     "fix the problem above, or build without search: `--no-search`",
                                     field="search")) from exc
    for name in RUNTIME:
        if todo:
            os.replace(bundle / todo[0].name / name, bundle / name)
        for shard in todo[1:]:
            (bundle / shard.name / name).unlink(missing_ok=True)
    if spelt is not None:
        Kept(spelt, engine_key()).keep_only({s.name for s in shards})
    manifest = {"version": FORMAT, "shards": [{"name": s.name, "key": s.key} for s in shards]}
    (bundle / MANIFEST).unlink(missing_ok=True)  # written anew, never through a link to another site's file
    (bundle / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")) + "\n", "utf-8")


def _index_all(shards: Sequence[Shard], read: Callable[[str], str], bundle: Path, kept: Kept | None) -> None:
    """Index the shards, as many at once as the build has workers (each shard is an indexer process).
    The pages the kept spellings do not hold as they are now are spelt first, on every core (forked
    workers: spelling is Python, which threads would run one at a time)."""
    if not shards:
        return
    before = {shard.name: kept.load(shard.name) if kept is not None else {} for shard in shards}
    missing = [(shard.name, path, url, sign) for shard in shards for path, url, sign in shard.pages
               if not _fits(before[shard.name].get(path), url, sign)]
    spelt = dict(zip([(name, path) for name, path, _, _ in missing],
                     pool.fork_map(lambda m: _spell(read(m[1]), m[2], m[3], m[0]), missing), strict=True))
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(pool.workers(), len(shards))) as run:
        jobs = []
        for shard in shards:
            entries = {path: spelt.get((shard.name, path)) or before[shard.name][path] for path, _, _ in shard.pages}
            jobs.append(run.submit(_index_shard, shard, entries, bundle / shard.name,
                                   kept if entries != before[shard.name] else None))
            before[shard.name] = {}  # no longer needed here
        for done in jobs:
            done.result()


def _fits(entry: Entry | None, url: str, sign: str) -> bool:
    """Whether a kept spelling is that of the page as it is now."""
    return entry is not None and entry[0] == sign and entry[1] == url


def _index_shard(shard: Shard, entries: dict[str, Entry], folder: Path, kept: Kept | None) -> None:
    """Index one shard's pages as `entries` spell them (by path); keep the spellings in `kept` if given."""
    texts: dict[str, bytes] = {}
    with Indexer({"force_language": LANGUAGE}) as indexer:
        for path, url, _ in shard.pages:
            entry = entries[path]
            if entry[2]:
                texts[_text_name(url)] = entry[3]
                indexer.add_html(url, entry[2])
        files = indexer.files()
    if kept is not None:
        kept.store(shard.name, entries)
    if folder.exists():
        shutil.rmtree(folder)
    for name, data in sorted(files.items()):
        rel = PurePosixPath(name)
        if rel.is_absolute() or ".." in rel.parts:
            continue
        if len(rel.parts) == 1 and rel.name not in SHARD_FILES + RUNTIME and not rel.name.endswith(".pf_meta"):
            continue  # Pagefind's ready-made interfaces, which the search page does not use
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if texts:
        (folder / TEXTS).mkdir(exist_ok=True)
    for name, data in sorted(texts.items()):
        (folder / name).write_bytes(data)
    canonicalise(folder)


def _text_name(url: str) -> str:
    """The file of a page's text in its shard."""
    return f"{TEXTS}/{hashlib.blake2b(url.encode(), digest_size=8).hexdigest()}.json.gz"


def _spell(page: str, url: str, sign: str, shard: str) -> Entry:
    """What the indexer is given of a page (its document and the bytes of its text file), or nothing
    when the page is no notice page (a ledger, a redirect)."""
    record = search_text.record_of(page, url)
    if record is None:
        return (sign, url, "", b"")
    document = search_text.document(record, LANGUAGE, f"{shard}/{_text_name(url)}")
    return (sign, url, document, search_text.text(record))


def _url(path: str, keep_index_url: bool) -> str:
    if not keep_index_url and (path == "index.html" or path.endswith("/index.html")):
        path = path[: -len("index.html")]
    return "/" + path


_ENGINE: list[str] = []


def engine_key() -> str:
    """What the kept spellings of pages are valid for: the engine and the index format."""
    return f"{_engine()}:{FORMAT}"


def _engine() -> str:
    """The indexer's version and the code that makes the records (part of every shard's key)."""
    if not _ENGINE:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("pagefind")
        except PackageNotFoundError:
            found = ""
        source = Path(search_text.__file__).read_bytes() + Path(__file__).read_bytes()
        _ENGINE.append(found + ":" + hashlib.blake2b(source, digest_size=8).hexdigest())
    return _ENGINE[0]


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
    before = previous_keys(bundle)
    try:
        index(shards, lambda path: (folder / path).read_text("utf-8"), fresh, before, Location(str(folder)), kept)
        bundle.mkdir(exist_ok=True)
        done = 0
        for shard in shards:
            if before.get(shard.name) != shard.key:
                swap_into_place(fresh / shard.name, bundle / shard.name)
                done += 1
        for name in RUNTIME:
            if (fresh / name).is_file():
                os.replace(fresh / name, bundle / name)
        os.replace(fresh / MANIFEST, bundle / MANIFEST)
        names = {s.name for s in shards}
        for entry in bundle.iterdir():
            if entry.is_dir() and entry.name not in names:
                shutil.rmtree(entry, ignore_errors=True)  # a shard the site no longer has
        return done
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def main(argv: list[str]) -> int:
    """`python -m generator.build.search JOB.json`: refresh() at low priority, for the preview. The job
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


SIGNATURE = b"pagefind_dcd"


def canonicalise(bundle: Path) -> bool:
    """Make the index byte-identical from build to build. Returns False if it was left as written.

    Pagefind writes the values of each filter, and the list of filters in its metadata, in hash-map
    order, which changes from run to run (Pagefind issue #638: its fragments and word index are
    stable, these are not). Each filter file is rewritten with its values sorted and named by its
    content; the metadata then lists the filters by name under their new file names, and the entry
    file names the rewritten metadata. The files are gzip-compressed CBOR after a signature; if they
    do not have the shape this expects (another Pagefind version), nothing is changed."""
    import cbor2

    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text("utf-8"))
        rewrites: list[tuple[Path, Path, bytes]] = []
        for lang, info in entry["languages"].items():
            meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = _read(meta_path)
            filters = meta[3]
            for pair in filters:
                old = bundle / "filter" / f"{pair[1]}.pf_filter"
                data = _read(old)
                data[1].sort(key=lambda value: value[0])
                raw = cbor2.dumps(data)
                pair[1] = f"{lang}_{hashlib.sha256(raw).hexdigest()[:7]}"
                rewrites.append((old, bundle / "filter" / f"{pair[1]}.pf_filter", raw))
            filters.sort(key=lambda pair: pair[0])
            raw = cbor2.dumps(meta)
            info["hash"] = f"{lang}_{hashlib.sha256(raw).hexdigest()[:13]}"
            rewrites.append((meta_path, bundle / f"pagefind.{info['hash']}.pf_meta", raw))
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError, cbor2.CBORDecodeError):
        return False
    for old, new, raw in rewrites:
        old.unlink()
        new.write_bytes(gzip.compress(SIGNATURE + raw, mtime=0))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return True


def _read(path: Path) -> Any:
    import cbor2

    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name} has no Pagefind signature")
    return cbor2.loads(raw[len(SIGNATURE):])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
