"""Stage 5, write: output files → a temporary folder → swapped into place as a whole.

The previous site stays intact until the new one is complete: a failed or interrupted build never
leaves a half-written `output/`. Every path is checked to stay inside the output folder.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site: its path under the output folder and its bytes (or a file to copy)."""

    path: str
    data: bytes = b""
    source: Path | None = None
    """Copy this file (streamed) instead of writing `data`."""


class UnsafePath(ValueError):
    pass


def safe_relative(path: str) -> PurePosixPath:
    """Refuse absolute paths, `..`, and anything else that could leave the output folder."""
    p = PurePosixPath(path)
    if not path or p.is_absolute() or "\\" in path or "\0" in path or any(part in ("..", "") for part in path.split("/")):
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
    return p


def write_site(files: Iterable[OutputFile], out_dir: Path, finish: Callable[[Path], None] | None = None) -> int:
    """Write every file into a fresh folder beside `out_dir`, then swap it in. Returns the file count.

    `finish(folder)` runs on the complete new site before the swap (e.g. to build a search index
    over the written pages); if it raises, nothing is swapped and the exception propagates."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    count = 0
    seen: set[str] = set()
    folders: set[str] = set()
    try:
        for f in files:
            rel = safe_relative(f.path)
            if f.path in seen:
                raise UnsafePath(f"two outputs want the same path: {f.path}")
            if f.path in folders:
                raise UnsafePath(f"an output wants {f.path} as a file, another one as a folder")
            parents = ["/".join(rel.parts[:k]) for k in range(1, len(rel.parts))]
            clash = next((p for p in parents if p in seen), None)
            if clash:
                raise UnsafePath(f"an output wants {clash} as a file, {f.path} needs it as a folder")
            seen.add(f.path)
            folders.update(parents)
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if f.source is not None:
                shutil.copyfile(f.source, target)
            else:
                target.write_bytes(f.data)
            count += 1
        if finish is not None:
            finish(tmp)
        os.chmod(tmp, 0o755)
        swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return count


def swap_into_place(new: Path, target: Path) -> None:
    """Replace `target` with `new` atomically where the system allows it (renameat2 RENAME_EXCHANGE)."""
    if target.exists() and _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old site
        return
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.rename(target, old)
    os.rename(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(rc == 0)


def clean_stale(out_dir: Path) -> None:
    """Remove temporary folders left by builds that were killed."""
    parent = out_dir.resolve().parent
    if not parent.is_dir():
        return
    for stale in parent.glob(f".{out_dir.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in parent.glob(f".{out_dir.name}.old-*"):
        shutil.rmtree(stale, ignore_errors=True)
