"""Full-text search: a Pagefind index of the notices, in shards, built in the write stage.

The index is made by Pagefind's indexer (search_service.py) from records Gongshi extracts itself (search_text.py):
each notice's title, text and metadata, its Chinese written as character pairs, each distinct word
once; the text itself is kept beside, one file a notice in the shard's `text/`, for the excerpts. The notices are
spread over shards by a hash of their slug (up to eight, one per 100 notices or more), each shard
a Pagefind index of its own in `pagefind/sNN/`; the search page loads the first and merges the
others (Pagefind's `mergeIndex`). `pagefind/shards.json` lists the shards and two keys of each: a
digest of its notices' pages, and one of what the indexer is given of them (records_key). A build
indexes again only the shards whose records changed: a shard whose pages are the same is taken as it
is, one whose pages changed but not their records (the neighbours of a retitled notice, whose
previous/next links show the new title) after its changed pages are spelt again. So an edited
notice costs one shard, and the index is the same, byte for byte, as a build from scratch makes.
What the indexer was given of each page is kept in the build cache (search_kept.py), so the pages of
that shard that did not change are not read and spelt again.

The index is built over the finished pages (staged, or in the output folder when unchanged), before
the new files are moved into place, so a failed indexer leaves the previous site as it was.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import importlib.util
import json
import os
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.build import pool, search_files, search_text
from generator.build.search_files import canonicalise, sync_folder
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
    return {name: key for name, (key, _) in previous_shards(bundle).items()}


def previous_shards(bundle: Path) -> dict[str, tuple[str, str]]:
    """The shards of an existing bundle: name → (key of its pages, key of its records). {} when there is
    none or its manifest is unreadable; a shard whose folder is missing, or that the manifest lists
    without both keys (an older format), is left out."""
    try:
        data = json.loads((bundle / MANIFEST).read_text("utf-8"))
        found = {}
        for s in data["shards"]:
            name, key, records = s["name"], s["key"], s.get("records")
            if (type(name) is str and type(key) is str and type(records) is str and records
                    and PurePosixPath(name).name == name and (bundle / name).is_dir()):
                found[name] = (key, records)
        return found
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def index(shards: Sequence[Shard], read: Callable[[str], str], bundle: Path, where: Location,
          spelt: Path | None = None, current: Path | None = None) -> list[str]:
    """Make `bundle` the index of the site whose notice pages `shards` plans, with its manifest and the
    browser code. `bundle` may hold an older index of the site (the standby site's), `current` the
    index of the site now published: a shard is taken from either where its pages are the same, or,
    after its changed pages are spelt again, where what the indexer would be given is the same (a
    title edit changes the previous/next links of the neighbours' pages, not their records); only the
    others are indexed. `read(path)` gives the text of a page; `spelt`, the build cache's folder of
    the pages' spellings (search_kept.py), spares reading the pages that did not change. Returns the
    names of the shards indexed. Raises SearchError when indexing fails."""
    if importlib.util.find_spec("pagefind") is None:
        raise SearchError(Diagnostic(where, "the search indexer Pagefind is not installed", INSTALL_HINT,
                                     field="search"))
    bundle.mkdir(parents=True, exist_ok=True)
    here = previous_shards(bundle)
    there = previous_shards(current) if current is not None else {}
    records: dict[str, str] = {}
    todo = []
    for shard in shards:
        if here.get(shard.name, ("", ""))[0] == shard.key:
            records[shard.name] = here[shard.name][1]
        elif current is not None and there.get(shard.name, ("", ""))[0] == shard.key:
            _link_shard(current / shard.name, bundle / shard.name)
            records[shard.name] = there[shard.name][1]
        else:
            todo.append(shard)
    if shards and not todo and not all((bundle / name).is_file() for name in RUNTIME):
        todo.append(shards[0])  # the browser code comes with an indexed shard
    kept = Kept(spelt, engine_key()) if spelt is not None else None
    try:
        indexed = _index_all(todo, read, bundle, kept, here, there, current, records,
                             need_runtime=not all((bundle / name).is_file() for name in RUNTIME))
    except (IndexerError, OSError, ValueError) as exc:  # whatever the indexer's process or its client raised: the build says so
        raise SearchError(Diagnostic(where, f"building the search index failed: {exc}",
                                     "fix the problem above, or build without search: `--no-search`",
                                     field="search")) from exc
    for name in RUNTIME:
        if indexed:
            os.replace(bundle / indexed[0] / name, bundle / name)
        for other in indexed[1:]:
            (bundle / other / name).unlink(missing_ok=True)
    if kept is not None:
        kept.keep_only({s.name for s in shards})
    manifest = {"version": FORMAT, "shards": [{"name": s.name, "key": s.key, "records": records[s.name]}
                                              for s in shards]}
    (bundle / MANIFEST).unlink(missing_ok=True)  # written anew, never through a link to another site's file
    (bundle / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")) + "\n", "utf-8")
    return indexed


def _link_shard(source: Path, target: Path) -> None:
    """`target` made the shard of another site's index, linked (its files are replaced, never written into)."""
    from generator.build.write import link_tree

    if target.exists():
        shutil.rmtree(target)
    link_tree(source, target)


def _index_all(shards: Sequence[Shard], read: Callable[[str], str], bundle: Path, kept: Kept | None,
               here: Mapping[str, tuple[str, str]], there: Mapping[str, tuple[str, str]], current: Path | None,
               records: dict[str, str], need_runtime: bool = False) -> list[str]:
    """Bring the shards whose pages changed up to date in `bundle`, indexing as many at once as the
    build has workers (each shard is an indexer process); `records` gets the key of each shard's
    records. The pages the kept spellings do not hold as they are now are spelt first, on every core
    (forked workers: spelling is Python, which threads would run one at a time). A shard whose records
    are those of its folder in `bundle` (`here`) or in `current` (`there`) is taken from there, unless
    `need_runtime` and no other is indexed (the browser code comes with an indexed shard). Returns the
    names of the shards indexed."""
    if not shards:
        return []
    before = {shard.name: kept.load(shard.name) if kept is not None else {} for shard in shards}
    missing = [(shard.name, path, url, sign) for shard in shards for path, url, sign in shard.pages
               if not _fits(before[shard.name].get(path), url, sign)]
    spelt = dict(zip([(name, path) for name, path, _, _ in missing],
                     pool.fork_map(lambda m: _spell(read(m[1]), m[2], m[3], m[0]), missing), strict=True))
    indexed: list[str] = []
    keep: list[tuple[str, dict[str, Entry]]] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=min(pool.workers(), len(shards))) as run:
        jobs = []
        for shard in shards:
            entries = {path: spelt.get((shard.name, path)) or before[shard.name][path] for path, _, _ in shard.pages}
            changed = entries != before[shard.name]
            before[shard.name] = {}  # no longer needed here
            key = records[shard.name] = records_key(shard, entries)
            last = shard is shards[-1] and need_runtime and not indexed
            if here.get(shard.name, ("", ""))[1] == key and not last:
                pass
            elif not last and current is not None and there.get(shard.name, ("", ""))[1] == key:
                _link_shard(current / shard.name, bundle / shard.name)
            else:
                jobs.append(run.submit(_index_shard, shard, entries, bundle / shard.name))
                indexed.append(shard.name)
            if changed and kept is not None:
                keep.append((shard.name, entries))
        for name, entries in keep:  # while the indexers run
            if kept is not None:
                kept.store(name, entries)
        for done in jobs:
            done.result()
    return indexed


def records_key(shard: Shard, entries: Mapping[str, Entry]) -> str:
    """The key of what the indexer is given for a shard (its records, their URLs and text files): two
    shards with the same key are the same index, byte for byte."""
    digest = hashlib.blake2b(json.dumps([FORMAT, _engine(), shard.name]).encode(), digest_size=16)
    for path, _, _ in shard.pages:
        _, url, document, text = entries[path]
        digest.update(json.dumps([path, url, document, hashlib.blake2b(text, digest_size=16).hexdigest()],
                                 ensure_ascii=False).encode() + b"\n")
    return digest.hexdigest()


def _fits(entry: Entry | None, url: str, sign: str) -> bool:
    """Whether a kept spelling is that of the page as it is now."""
    return entry is not None and entry[0] == sign and entry[1] == url


def _index_shard(shard: Shard, entries: dict[str, Entry], folder: Path) -> None:
    """Index one shard's pages as `entries` spell them (by path) into `folder`, which may hold an older
    index of the shard: the files that stay the same are kept, the others replaced (never written
    into: they may be links to another site's files), and the ones no longer wanted removed."""
    texts: dict[str, bytes] = {}
    with Indexer({"force_language": LANGUAGE}) as indexer:
        for path, url, _ in shard.pages:
            entry = entries[path]
            if entry[2]:
                texts[_text_name(url)] = entry[3]
                indexer.add_html(url, entry[2])
        written = indexer.files()
    files: dict[str, bytes] = {}
    for name, data in written.items():
        rel = PurePosixPath(name)
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            continue
        if len(rel.parts) == 1 and rel.name not in SHARD_FILES + RUNTIME and not rel.name.endswith(".pf_meta"):
            continue  # Pagefind's ready-made interfaces, which the search page does not use
        files[str(rel)] = data
    files = canonicalise(files)
    files.update(texts)
    sync_folder(folder, files)


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
        source = b"".join(Path(path).read_bytes() for path in (search_text.__file__, search_files.__file__, __file__)
                          if path)
        _ENGINE.append(found + ":" + hashlib.blake2b(source, digest_size=8).hexdigest())
    return _ENGINE[0]
