"""Full-text search: a Pagefind index over the rendered site, built in the write stage.

The index is built over the finished pages in the temporary output folder, before that folder is
swapped into place, so a failed indexer leaves the previous site (and its index) as it was.

Pagefind reads what the templates mark: `data-pagefind-body` on a notice's article (listings are
not indexed), `data-pagefind-filter` for kind, state and year, `data-pagefind-meta` for what a
result shows. It writes one index per `<html lang>`; the browser searches the index of the page's
language. Chinese needs Pagefind's *extended* build, which segments unspaced Chinese text into
words: the standard build indexes a sentence as one long token, so 整改 inside a sentence is never
found.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from generator.errors import Diagnostic, Location, Severity

BUNDLE = "pagefind"
"""The folder of the search bundle in the output: pagefind/pagefind.js, its index and its WebAssembly."""

TIMEOUT = 600
"""Seconds the indexer may take before the build gives up."""

INSTALL_HINT = ("install it with `pip install 'pagefind[extended]'`, or build without search: "
                "`gongshi build --no-search` or `search: false` in site.yaml")


class SearchError(Exception):
    """The indexer failed; the build stops and the output folder stays as it was."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def command(folder: Path, bundle: Path, keep_index_url: bool = False) -> list[str]:
    """The Pagefind command line that indexes the pages in `folder` into `bundle`."""
    args = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(bundle)]
    if keep_index_url:
        args.append("--keep-index-url")
    return args


def index_site(folder: Path, where: Location, *, bundle: Path | None = None, keep_index_url: bool = False,
               cjk: bool = True) -> list[Diagnostic]:
    """Index the rendered site in `folder` (into `folder`/pagefind, or `bundle`). Returns warnings;
    raises SearchError when indexing fails.

    `where` is what diagnostics point at (site.yaml); `keep_index_url` keeps index.html at the end of
    result links (for `url_style: file`); `cjk` says the site has Chinese pages, which need the
    extended build."""
    bundle = bundle or folder / BUNDLE
    if importlib.util.find_spec("pagefind") is None:
        raise SearchError(Diagnostic(where, "the search indexer Pagefind is not installed", INSTALL_HINT,
                                     field="search"))
    try:
        run = subprocess.run(command(folder, bundle, keep_index_url), capture_output=True, text=True,
                             encoding="utf-8", errors="replace", timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchError(Diagnostic(where, f"the search indexer could not run: {exc}", INSTALL_HINT,
                                     field="search")) from exc
    output = (run.stdout or "") + (run.stderr or "")
    if run.returncode != 0 or not (bundle / "pagefind.js").is_file():
        raise SearchError(Diagnostic(where, f"building the search index failed: {_last_lines(output)}",
                                     INSTALL_HINT if "Could not find pagefind binary" in output
                                     else "fix the problem above, or build without search: `--no-search`",
                                     field="search"))
    canonicalise(bundle)
    warnings = []
    if cjk and "(Extended)" not in output:
        warnings.append(Diagnostic(
            where, "the search index was built without Chinese word segmentation: words inside Chinese "
            "sentences will not be found", "install the extended indexer: `pip install 'pagefind[extended]'`",
            field="search", severity=Severity.WARNING))
    return warnings


def _last_lines(text: str, count: int = 6) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " / ".join(lines[-count:]) or "no output"


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
