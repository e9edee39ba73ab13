"""The files of one search shard on disk: made byte-identical from build to build (canonicalise), and
written into a shard's folder without touching the files that did not change (sync_folder)."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


def canonicalise(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files of a shard (relative path → bytes) made byte-identical from build to build; returned
    as they were if they do not have the shape this expects (another Pagefind version).

    Pagefind writes the values of each filter, and the list of filters in its metadata, in hash-map
    order, which changes from run to run (Pagefind issue #638: its fragments and word index are
    stable, these are not). Each filter file is rewritten with its values sorted and named by its
    content; the metadata then lists the filters by name under their new file names, and the entry
    file names the rewritten metadata. The files are gzip-compressed CBOR after a signature."""
    import cbor2

    out = dict(files)
    try:
        entry = json.loads(files["pagefind-entry.json"].decode("utf-8"))
        for lang, info in entry["languages"].items():
            meta_name = f"pagefind.{info['hash']}.pf_meta"
            meta = _read(out.pop(meta_name))
            filters = meta[3]
            for pair in filters:
                data = _read(out.pop(f"filter/{pair[1]}.pf_filter"))
                data[1].sort(key=lambda value: value[0])
                raw = cbor2.dumps(data)
                pair[1] = f"{lang}_{hashlib.sha256(raw).hexdigest()[:7]}"
                out[f"filter/{pair[1]}.pf_filter"] = gzip.compress(SIGNATURE + raw, mtime=0)
            filters.sort(key=lambda pair: pair[0])
            raw = cbor2.dumps(meta)
            info["hash"] = f"{lang}_{hashlib.sha256(raw).hexdigest()[:13]}"
            out[f"pagefind.{info['hash']}.pf_meta"] = gzip.compress(SIGNATURE + raw, mtime=0)
    except (OSError, ValueError, KeyError, IndexError, TypeError, AttributeError, cbor2.CBORDecodeError):
        return files
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out


def _read(data: bytes) -> Any:
    import cbor2

    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("no Pagefind signature")
    return cbor2.loads(raw[len(SIGNATURE):])


def sync_folder(folder: Path, files: Mapping[str, bytes]) -> None:
    """Make `folder` hold exactly `files` (relative path → bytes). A file already there with the same
    bytes is kept; any other is removed first, then written, so that a file linked from elsewhere is
    never written through."""
    folder.mkdir(parents=True, exist_ok=True)
    have: set[str] = set()
    for path in sorted(folder.rglob("*"), reverse=True):  # children before their folders
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink() or not path.is_dir():
            wanted = files.get(rel)
            if wanted is not None and not path.is_symlink() and path.stat().st_size == len(wanted) \
                    and path.read_bytes() == wanted:
                have.add(rel)
            else:
                path.unlink()
        elif rel in files or not any(name.startswith(rel + "/") for name in files):
            shutil.rmtree(path)
    made: set[Path] = set()
    for rel, data in sorted(files.items()):
        if rel in have:
            continue
        target = folder / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        target.write_bytes(data)
