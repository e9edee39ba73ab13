"""The build cache: what the last build made, so the next one redoes only what changed.

It lives outside the output folder (by default `.gongshi-cache/` beside `content/`), can be deleted
at any time, and can be kept between CI runs. It holds:

- the fingerprints the cache is valid for: the generator (its version and code), the site
  configuration and the build options that shape a notice (`Fingerprints`);
- for every content file, its size and modification time, the fingerprint of its bytes and of the
  files it uses (attachments), and the notice's `Record`;
- every notice without its text (pickled), for listings and links, and each notice's entry of the
  open data index, each in a file of its own, read only when a build needs them and written only
  when they changed (the manifest names the files it goes with, so the three always agree);
- for every set of outputs (a notice's files, a listing page, the feeds…), the key it was rendered
  with and the files it wrote, each with a digest of its bytes;
- the output folder it describes (its device and inode: a folder made by anyone else is rebuilt
  from scratch).

Everything is stored with marshal (plain values only), which reads tens of thousands of records in
milliseconds. A cache that cannot be read, or that was written for other fingerprints, is ignored:
the build starts from scratch and writes a new one.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__
from generator.build import quick
from generator.notice.model import Record

FORMAT = 5
MANIFEST = "manifest.marshal"

Output = tuple[str, str, bool]
"""(path, digest of its bytes, listed in the sitemap)"""


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(*parts: object) -> str:
    return digest(repr(parts).encode("utf-8"))


def generator_fingerprint() -> str:
    """The generator's version and the bytes of its code and bundled themes' Python-side files:
    a development checkout changes without a new version number."""
    h = hashlib.blake2b(__version__.encode(), digest_size=16)
    root = Path(__file__).resolve().parents[1]
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def tree_fingerprint(folders: list[Path]) -> str:
    """Every file under the folders: names and bytes (themes and local templates are small)."""
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        h.update(str(folder).encode())
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                h.update(path.relative_to(folder).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


@dataclass(frozen=True)
class Source:
    """A content file as the last build saw it."""

    stat: tuple[int, int]
    """(size, mtime in ns)"""
    key: str
    """Fingerprint of its bytes, its dependencies' bytes and the settings (see Record.key)."""
    deps: tuple[tuple[str, int, int], ...]
    """(absolute path, size, mtime in ns) of every file the notice uses (its attachments)."""
    slug: str
    """The notice it made (files with errors are not kept: they are read again)."""
    warnings: tuple[tuple[str, int, int, str, str, str], ...] = ()
    """Warnings it gave, reported again while it stays unchanged: (path, line, col, field, message, hint)."""


@dataclass
class Cache:
    """The state of the last build, and what this build records for the next one."""

    folder: Path | None
    fingerprints: str
    output: tuple[int, int] | None = None
    """(device, inode) of the output folder the outputs below are in."""
    sources: dict[str, Source] = field(default_factory=dict)
    records: dict[str, Record] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    """Key each unit was rendered with: "notice:<slug>" for a notice's files, else a job's name."""
    outputs: dict[str, tuple[Output, ...]] = field(default_factory=dict)
    """Files of each unit."""
    fragment_signs: dict[str, str] = field(default_factory=dict)
    """A digest of each notice's entry of data/notices.json (made with the notice's key in `keys`)."""
    bodies: dict[str, tuple[str, str]] = field(default_factory=dict)
    """The rendered text of the notices the feeds show, with the record key it was made from."""
    search: str = ""
    """Digest of the pages the search index was last built over."""
    files: dict[str, str] = field(default_factory=dict)
    """The side files this manifest goes with: {"notices": name, "fragments": name}."""
    _loaded: dict[str, dict[str, bytes]] = field(default_factory=dict)

    # ------------------------------------------------------------------ reading

    @classmethod
    def open(cls, folder: Path | None, fingerprints: str, output_dir: Path) -> Cache:
        """The cache in `folder` if it was written for these fingerprints and this output folder."""
        empty = cls(folder, fingerprints)
        if folder is None:
            return empty
        try:
            data = marshal.loads((folder / MANIFEST).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            return empty
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("fingerprints") != fingerprints:
            return empty
        identity = quick.identity(output_dir)
        if identity is None or tuple(data["output"]) != identity:
            return empty
        return cls(folder, fingerprints, identity,
                   {rel: Source(*s) for rel, s in data["sources"].items()},
                   {slug: Record(*r) for slug, r in data["records"].items()},
                   data["keys"], data["outputs"], data["fragment_signs"], data["bodies"], data["search"],
                   data["files"])

    def still_valid(self, fingerprints: str, output_dir: Path) -> bool:
        """Whether this cache, kept in memory by a process that builds again (the preview), still describes
        the output folder and was made for these settings."""
        return self.warm and self.fingerprints == fingerprints and quick.identity(output_dir) == self.output

    @property
    def warm(self) -> bool:
        """Whether this cache describes an existing output folder (else the build makes a new one)."""
        return self.output is not None

    def _side(self, kind: str) -> dict[str, bytes]:
        if kind not in self._loaded:
            name = self.files.get(kind)
            data: dict[str, bytes] = {}
            if self.folder is not None and self.warm and name:
                try:
                    data = marshal.loads((self.folder / name).read_bytes())
                except (OSError, EOFError, ValueError, TypeError):
                    data = {}
            self._loaded[kind] = data
        return self._loaded[kind]

    def notices(self) -> dict[str, bytes]:
        """Each notice without its text, pickled, by slug."""
        return self._side("notices")

    def fragments(self) -> dict[str, bytes]:
        """Each notice's entry of data/notices.json, by slug."""
        return self._side("fragments")

    def previous_files(self) -> dict[str, str]:
        """Every file of the site the cache describes, with its digest."""
        return {path: sign for outputs in self.outputs.values() for path, sign, _ in outputs}

    def unchanged(self, rel: str, stat: tuple[int, int]) -> Source | None:
        """The last build's view of a content file, if neither it nor a file it uses has changed."""
        source = self.sources.get(rel)
        if source is None or source.stat != stat:
            return None
        for path, size, mtime in source.deps:
            try:
                st = os.stat(path)
            except OSError:
                return None
            if (st.st_size, st.st_mtime_ns) != (size, mtime):
                return None
        return source

    # ------------------------------------------------------------------ writing

    def save(self, output_dir: Path, notices: dict[str, bytes] | None, fragments: dict[str, bytes] | None) -> None:
        """Write the cache for the next build. The side files are written first, under new names, and
        only when they changed (None: as they are); the manifest, written last and atomically, names them."""
        if self.folder is None:
            return
        identity = quick.identity(output_dir)
        if identity is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        files = dict(self.files) if self.warm else {}
        for kind, data in (("notices", notices), ("fragments", fragments)):
            if data is not None or kind not in files:
                files[kind] = f"{kind}-{os.urandom(6).hex()}.marshal"
                _write_atomic(self.folder / files[kind], marshal.dumps(data or {}))
                self._loaded[kind] = data or {}
        manifest: dict[str, Any] = {
            "format": FORMAT, "fingerprints": self.fingerprints, "output": identity,
            "sources": {rel: (s.stat, s.key, s.deps, s.slug, s.warnings) for rel, s in self.sources.items()},
            "records": {slug: tuple(r) for slug, r in self.records.items()},
            "keys": self.keys, "outputs": self.outputs, "fragment_signs": self.fragment_signs,
            "bodies": self.bodies, "search": self.search, "files": files,
        }
        _write_atomic(self.folder / MANIFEST, marshal.dumps(manifest))
        self.output, self.files = identity, files  # this object now describes the new site, for a process that builds again
        for stale in self.folder.glob("*-*.marshal"):
            if stale.name not in files.values():
                stale.unlink(missing_ok=True)


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
