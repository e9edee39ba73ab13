"""Where a build may read and write: links that lead out of a folder, and output folders that would
replace the site's own sources. Pure path checks, no reading or writing."""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: os.PathLike[str] | str) -> str:
    """A path as diagnostics show it: relative to the working directory when it lies inside it, else as
    the user wrote it (an absolute path stays absolute, `../other/x.md` stays so), never a climb of
    `../../..` out of the working directory."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return os.fspath(path)
    return rel


def resolved(path: Path) -> Path | None:
    """The path with every link followed, or None when that is impossible (a link loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python before 3.13)
        return None


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every link followed, is `root` or lies within it."""
    target, base = resolved(path), resolved(root)
    return target is not None and base is not None and target.is_relative_to(base)


def output_conflict(output_dir: Path, content_dir: Path, cache_dir: Path | None = None) -> str:
    """Why the site must not be written to `output_dir`, or "": the build replaces that folder as a
    whole, so it may not hold the content folder, the site's own themes/ and templates/, or the
    build cache."""
    out = resolved(output_dir)
    if out is None:
        return f"the output folder {output_dir} is a link that leads nowhere"
    site_root = content_dir.resolve().parent
    for source in (content_dir, site_root / "themes", site_root / "templates"):
        if source.exists() and inside(source, out):
            what = "the content folder" if source == content_dir else f"the site's {source.name}/ folder"
            return f"the output folder {output_dir} holds {what} ({source}); building would replace it"
    if cache_dir is not None and inside(cache_dir, out):
        return f"the output folder {output_dir} holds the build cache ({cache_dir}); building would replace it"
    return ""
