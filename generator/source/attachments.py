"""Attachments (附件): files published beside a notice, checked and fingerprinted during validation.

A notice with attachments is a folder, `notices/<slug>/index.md`, with its files beside it. Each
file must exist, stay inside that folder (no `..`, no absolute path, no link leading out) and have
a type the site allows. Size and SHA-256 are computed here, reading the file in chunks, so a large
scan never sits in memory; the render stage copies the file as it is.
"""

from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath
from typing import Any

from generator import paths
from generator.errors import Diagnostic, Location
from generator.notice.model import Attachment
from generator.source.load import RawDocument

CHUNK = 1024 * 1024
RESERVED = ("index.html", "period.ics")
"""Files the build writes into every notice's folder; an attachment may not take their place."""
RESERVED_FOLDERS = ("ledger",)


def file_digest(path: Path) -> tuple[int, str]:
    """(size in bytes, SHA-256 hex) of a file, read in chunks."""
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


def check(doc: RawDocument, raw: list[dict[str, Any]], folder: Path | None,
          allowed: tuple[str, ...]) -> tuple[tuple[Attachment, ...], list[Diagnostic]]:
    """The `attachments:` list of a notice → Attachments, or a diagnostic at each bad entry's line.

    `folder` is the notice's own folder, or None for a single-file notice (which cannot have any).
    """
    if not raw:
        return (), []
    if folder is None:
        stem = PurePosixPath(doc.rel).stem
        return (), [Diagnostic(doc.key_loc("attachments"), "only a notice that is a folder can have attachments",
                               f"move the file to notices/{stem}/index.md and put the attachments beside it",
                               field="attachments")]
    out: list[Attachment] = []
    diags: list[Diagnostic] = []
    seen: set[str] = set()
    root = folder.resolve()
    for i, entry in enumerate(raw):
        if "file" not in entry or "title" not in entry:
            continue  # the schema already reported the missing field
        where = doc.loc("attachments", i, "file")
        name = f"attachments[{i}].file"

        def fail(message: str, hint: str, where: Location = where, name: str = name) -> None:
            diags.append(Diagnostic(where, message, hint, field=name))

        text: str = entry["file"]
        problem = _path_problem(text)
        if problem:
            fail(problem, "write the path of a file in the notice's folder, e.g. report.pdf or files/report.pdf")
            continue
        rel = PurePosixPath(text)
        if rel.as_posix() in seen:
            fail(f"`{text}` is listed twice", "list each file once")
            continue
        seen.add(rel.as_posix())
        if rel.as_posix() in RESERVED or rel.parts[0] in RESERVED_FOLDERS:
            fail(f"`{text}` is a name the site uses for the notice's own pages",
                 "rename the file, or put it in a subfolder such as files/")
            continue
        ext = rel.suffix.lower().lstrip(".")
        if ext not in allowed:
            kind = f"`.{ext}` files are" if ext else "files without an extension are"
            fail(f"{kind} not allowed as attachments",
                 "allowed: " + ", ".join(allowed) + "; convert the file (e.g. to PDF), or add its type to "
                 "`attachment_types` in site.yaml if it is safe to publish")
            continue
        path = folder / rel
        if not path.exists() and not path.is_symlink():
            fail(f"`{text}` does not exist in {_shown(doc)}",
                 "put the file beside index.md, or correct its name (names are case-sensitive)")
            continue
        resolved = paths.resolved(path)
        if resolved is None or not resolved.is_relative_to(root):
            fail(f"`{text}` is a link that leads out of the notice's folder",
                 "copy the file into the notice's folder instead of linking to it")
            continue
        if not resolved.is_file():
            fail(f"`{text}` is not a file" if resolved.exists() else f"`{text}` is a broken link",
                 "list files, not folders; put the file itself beside index.md")
            continue
        try:
            size, sha = file_digest(resolved)
        except OSError as exc:
            fail(f"cannot read `{text}`: {exc.strerror or exc}", "check the file's permissions")
            continue
        out.append(Attachment(file=rel.as_posix(), title=entry["title"], description=entry.get("description", ""),
                              source=str(resolved), size=size, sha256=sha, location=doc.loc("attachments", i)))
    return tuple(out), diags


def _path_problem(text: str) -> str:
    if not text:
        return "the path is empty"
    if "\\" in text:
        return f"`{text}` uses backslashes"
    if text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        return f"`{text}` is an absolute path"
    if "://" in text:
        return f"`{text}` is an address, not a file"
    parts = text.split("/")
    if ".." in parts:
        return f"`{text}` leads out of the notice's folder"
    if any(p in ("", ".") for p in parts):
        return f"`{text}` is not a plain relative path"
    if any(ord(c) < 32 or c in '?#"<>|*' for c in text):
        return f"`{text}` contains characters that cannot be part of an address"
    return ""


def _shown(doc: RawDocument) -> str:
    return PurePosixPath(doc.path).parent.as_posix() + "/"
