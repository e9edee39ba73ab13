"""The build cache: what the last build made, so the next one redoes only what changed.

It lives outside the output folder (by default `.gongshi-cache/` beside `content/`), can be deleted
at any time, and can be kept between CI runs. It is data, never code: nothing in it is unpickled,
imported or executed, so a cache restored from elsewhere can at worst make a build slower.

Files (each written atomically: a new name, then a rename):

- `manifest.json`: the fingerprints the cache is valid for (the generator's version and code, the
  site configuration and the build options that shape a notice), the output folder it describes
  (device and inode: a folder made by anyone else is rebuilt from scratch), and for every content
  file its size, modification time, key, the files it uses and the warnings it gave; every
  notice's `Record`; for every set of outputs (a notice's files, a listing page, the feeds…) the key
  it was rendered with and the files it wrote, each with a digest of its bytes; the digests of the
  notices' open-data entries, the feeds' texts, the pages of the search index; and the names of
  the two side files it goes with; and the standby site (the one the last build replaced, kept as
  `.output.standby` beside `output/`: the next build starts from it) with its files' digests.
- `notices-<random>.json`: every notice without its text, by slug, each as the JSON text of
  codec.encode (decoded only when a build needs that notice).
- `fragments-<random>.json`: each notice's entry of data/notices.json, by slug, as text.
- `search/<shard>.json`: what the search indexer was given of each page of a shard (search_kept.py,
  which checks it on its own: it is used only for pages whose digest it names).

The side files are written only when they changed, under new names, before the manifest that names
them, so the three always agree. Each file is one line of header, `gongshi-cache <kind> <format>
<blake2b-256 of the rest, hex>`, then JSON (orjson). A file whose header, kind, format or checksum
is wrong (damaged, truncated, swapped with another, or not a cache at all), or whose data is not of
the declared types (codec.py; the manifest's tables are checked a column at a time, with the garbage
collector off while they are read), makes the whole cache be ignored: the build says so in one line and
makes what `--no-cache` makes, then writes a new cache. A cache for other fingerprints or another
output folder is ignored without a word (that is how a changed setting takes effect).

What the fingerprints are made of is said in one place: `inputs.settings_key`.
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from generator import __version__
from generator.build import quick
from generator.build.codec import Malformed, decoder, encode
from generator.build.quick import Damaged, pack, unpack
from generator.notice.model import Record
from generator.paths import display_path

MANIFEST = "manifest.json"

Output = tuple[str, str, bool]
"""(path, digest of its bytes, listed in the sitemap)"""


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def fingerprint(*parts: object) -> str:
    return digest(repr(parts).encode("utf-8"))


def key_sign(key: object) -> str:
    """A unit's key (plain values, tuples, records, dates) as the digest the cache keeps and compares."""
    return digest(orjson.dumps(key, default=encode))


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
    face: str = ""
    """Digest of the notice without its text (what listings show of it, with its record's progress): an
    edit of the text alone leaves it as it was, and the listings are not rendered again."""


@dataclass(frozen=True)
class Manifest:
    """What manifest.json holds besides its format, fingerprints and output folder (see Cache)."""

    sources: dict[str, Source]
    records: dict[str, Record]
    keys: dict[str, str]
    outputs: dict[str, tuple[tuple[str, str, bool], ...]]
    fragment_signs: dict[str, str]
    bodies: dict[str, tuple[str, str]]
    search: str
    files: dict[str, str]
    standby: tuple[int, int] | None
    standby_files: dict[str, str]


_manifest = decoder(Manifest)


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
    standby: tuple[int, int] | None = None
    """(device, inode) of the site the last build replaced, kept beside the output folder (write.py)."""
    standby_files: dict[str, str] = field(default_factory=dict)
    """Its files with their digests."""
    _loaded: dict[str, dict[str, str]] = field(default_factory=dict)
    problem: str = ""
    """Why the cache on disk was ignored, when it was damaged (one line for the user); else ""."""

    # ------------------------------------------------------------------ reading

    @classmethod
    def open(cls, folder: Path | None, fingerprints: str, output_dir: Path) -> Cache:
        """The cache in `folder` if it was written for these fingerprints and this output folder."""
        empty = cls(folder, fingerprints)
        if folder is None:
            return empty
        collecting = gc.isenabled()
        gc.disable()  # hundreds of thousands of new values, none of them garbage: no collection meanwhile
        try:
            return cls._read(folder, fingerprints, output_dir) or empty
        except FileNotFoundError as exc:
            if Path(str(exc.filename)).name == MANIFEST:
                return empty  # no cache yet
            empty.problem = f"{Path(str(exc.filename)).name} is missing"
        except Damaged as exc:
            empty.problem = str(exc)
        except OSError as exc:
            empty.problem = f"cannot be read ({exc.strerror or exc})"
        except (Malformed, ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            empty.problem = f"holds data of the wrong shape ({str(exc)[:80]})"
        finally:
            if collecting:
                gc.freeze()  # what was read lives as long as the build: later collections need not look at it
                gc.enable()
        empty.problem = f"the build cache {display_path(folder)}/ was ignored: {empty.problem}; building from scratch"
        return empty

    @classmethod
    def _read(cls, folder: Path, fingerprints: str, output_dir: Path) -> Cache | None:
        data = unpack(folder / MANIFEST, "manifest")
        if type(data) is not dict:
            raise Damaged("not a manifest")
        if data.get("fingerprints") != fingerprints:
            return None
        identity = quick.identity(output_dir)
        if identity is None or data.get("output") != list(identity):
            return None
        m = _manifest(data["data"])
        cache = cls(folder, fingerprints, identity, m.sources, m.records, m.keys, m.outputs, m.fragment_signs,
                    m.bodies, m.search, m.files, m.standby, m.standby_files)
        for kind in ("notices", "fragments"):  # read now: a damaged one makes the whole cache cold
            name = m.files.get(kind, "")
            if not name or "/" in name or name.startswith("."):
                raise Damaged(f"names no {kind} file")
            side = unpack(folder / name, kind)
            if type(side) is not dict or not set(map(type, side.values())) <= {str}:
                raise Damaged(f"{name} is not a table of {kind}")
            cache._loaded[kind] = side
        if not set(m.fragment_signs) <= set(cache._loaded["fragments"]):
            raise Damaged("its fragments file does not go with its manifest")
        return cache

    def still_valid(self, fingerprints: str, output_dir: Path) -> bool:
        """Whether this cache, kept in memory by a process that builds again (the preview), still describes
        the output folder and was made for these settings."""
        return self.warm and self.fingerprints == fingerprints and quick.identity(output_dir) == self.output

    @property
    def warm(self) -> bool:
        """Whether this cache describes an existing output folder (else the build makes a new one)."""
        return self.output is not None

    def notices(self) -> dict[str, str]:
        """Each notice without its text, as JSON text (codec.encode), by slug."""
        return self._loaded.get("notices", {}) if self.warm else {}

    def fragments(self) -> dict[str, str]:
        """Each notice's entry of data/notices.json, by slug."""
        return self._loaded.get("fragments", {}) if self.warm else {}

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

    def save(self, output_dir: Path, notices: dict[str, str] | None, fragments: dict[str, str] | None) -> None:
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
                files[kind] = f"{kind}-{os.urandom(6).hex()}.json"
                write_atomic(self.folder / files[kind], pack(kind, data or {}))
                self._loaded[kind] = data or {}
        # The fields in Manifest's order, as orjson writes them natively (records as plain tuples): fast.
        sources = {rel: (s.stat, s.key, s.deps, s.slug, s.warnings, s.face) for rel, s in self.sources.items()}
        fields: list[object] = [sources, {slug: tuple(r) for slug, r in self.records.items()}, self.keys, self.outputs,
                self.fragment_signs, self.bodies, self.search, files, self.standby, self.standby_files]
        write_atomic(self.folder / MANIFEST, pack("manifest", {
            "fingerprints": self.fingerprints, "output": identity, "data": fields}))
        self.output, self.files = identity, files  # this object now describes the new site, for a process that builds again
        for stale in self.folder.glob("*-*.json"):
            if stale.name not in files.values():
                stale.unlink(missing_ok=True)
        for old in self.folder.glob("*.marshal"):  # earlier versions' files
            if old.name != quick.NOTE:
                old.unlink(missing_ok=True)
        shutil.rmtree(self.folder / "templates", ignore_errors=True)  # earlier versions' compiled templates


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file whole under a new name in its folder, then rename it over `path`."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
