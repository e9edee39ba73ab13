"""The quickest answer a build can give: nothing changed since the last one.

A build that succeeded without a single diagnostic leaves a note in the build cache (quick.json):
the options it ran with, the span of time in which its output stays the same (until the site's next
midnight, or sooner if a disclosure period starts or ends sooner: the pages show states and days
left), the output folder it wrote, and the size and modification time of every file under the
folders it read (content, themes, the site's own templates and assets, the generator's code). The
next build reads that note before anything else is loaded; if every file is as it was, no file was
added or removed, and the moment falls in the span, the output is already what a full build would
write, and the build says so and stops.

Only the standard library (and little of it) and orjson are imported here, so the answer comes before Jinja,
Markdown or YAML would have loaded. The cache's file format (`pack`, `unpack`: a header line with a
checksum, then JSON) is here too, for the same reason; a note that is damaged in any way is no note.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Any, NamedTuple

import orjson

CACHE_DIR = ".gongshi-cache"
"""The build cache's folder, beside the content folder, unless `--cache-dir` says otherwise."""
NOTE = "quick.json"
FORMAT = 6
"""Of every file of the build cache."""
MAGIC = b"gongshi-cache"


class Damaged(Exception):
    """A cache file that is not what a build wrote: the message says how, in a few words."""


def pack(kind: str, data: Any) -> bytes:
    """A cache file: the header line (kind, format, checksum of the rest), then the JSON."""
    body = orjson.dumps(data)
    checksum = hashlib.blake2b(body, digest_size=32).hexdigest().encode()
    return b"%s %s %d %s\n" % (MAGIC, kind.encode(), FORMAT, checksum) + body


def unpack(path: Path, kind: str) -> Any:
    """The JSON data of a cache file of this kind, checked; raises Damaged (or OSError)."""
    raw = path.read_bytes()
    head, newline, body = raw.partition(b"\n")
    parts = head.split(b" ")
    if not newline or len(parts) != 4 or parts[0] != MAGIC:
        raise Damaged(f"{path.name} is not a Gongshi cache file")
    if parts[1] != kind.encode():
        raise Damaged(f"{path.name} holds {parts[1].decode('ascii', 'replace')[:20]!r} data, not {kind!r}")
    if parts[2] != str(FORMAT).encode():
        raise Damaged(f"{path.name} was written by another version of Gongshi")
    if hashlib.blake2b(body, digest_size=32).hexdigest().encode() != parts[3]:
        raise Damaged(f"{path.name} is damaged or truncated (its checksum does not match)")
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        raise Damaged(f"{path.name} is not valid JSON") from None


def parse_now(text: str) -> dt.datetime:
    """--now as written: 2025-07-25T10:00, 2025-07-25 10:00, with or without a zone. Raises ValueError."""
    return dt.datetime.fromisoformat(text.strip().replace(" ", "T"))


class Note(NamedTuple):
    options: tuple[object, ...]
    timezone: str
    span: tuple[float, float]
    """[from, until) as POSIX timestamps."""
    output: tuple[int, int]
    folders: tuple[str, ...]
    files: dict[str, tuple[int, int]]
    summary: tuple[int, int]
    """(files of the site, notices)"""


def options_of(content_dir: Path, output_dir: Path, drafts: bool, search: bool, strict: bool,
               preview: bool = False) -> tuple[object, ...]:
    """What makes two builds the same build, as the note records it."""
    return (str(content_dir.resolve()), str(output_dir), drafts, search, strict, preview)


def span(now: dt.datetime, tz: dt.tzinfo, boundaries: list[float]) -> tuple[float, float]:
    """The time around `now` in which no page changes: the site's day, cut at the first boundary (a
    period's start or end) after `now` and the last one before it."""
    today = now.astimezone(tz).date()
    low = dt.datetime.combine(today, dt.time(), tz).timestamp()
    high = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), tz).timestamp()
    moment = now.timestamp()
    for b in boundaries:
        if b <= moment:
            low = max(low, b)
        else:
            high = min(high, b)
    return low, high


def snapshot(folders: tuple[str, ...], known: dict[str, tuple[int, int]] | None = None) -> dict[str, tuple[int, int]]:
    """(size, mtime in ns) of every file under the folders (links followed, as a build reads them).
    `known`: stats the build already took (the notice files), used instead of asking again."""
    known = known or {}
    out: dict[str, tuple[int, int]] = {}
    todo = [f for f in folders if os.path.isdir(f)]
    seen: set[str] = set()
    while todo:
        folder = todo.pop()
        real = os.path.realpath(folder)
        if real in seen:
            continue
        seen.add(real)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            seen_stat = known.get(entry.path)
            if seen_stat is not None:
                out[entry.path] = seen_stat
                continue
            try:
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        todo.append(entry.path)
                    continue
                st = entry.stat()
            except OSError:
                out[entry.path] = (-1, -1)
                continue
            out[entry.path] = (st.st_size, st.st_mtime_ns)
    return out


def resolve_moment(text: str | None, timezone: str) -> float:
    """--now as the build reads it (naive: the site's time zone), else SOURCE_DATE_EPOCH, else the clock."""
    if text:
        moment = parse_now(text)
        if moment.tzinfo is None:
            from zoneinfo import ZoneInfo
            moment = moment.replace(tzinfo=ZoneInfo(timezone))
        return moment.timestamp()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return float(int(epoch))
    return dt.datetime.now(dt.UTC).timestamp()


def identity(folder: Path) -> tuple[int, int] | None:
    """Which folder this is (device and inode): a folder replaced by another is not the one described."""
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def check(cache_dir: Path, options: tuple[object, ...], now_text: str | None
          ) -> tuple[Note | None, dict[str, tuple[int, int]]]:
    """The note, if the output it describes is still what a build with these options would write now;
    and the files as this check found them (empty if it did not get as far as looking), so that the
    build that follows a failed check need not ask for them again."""
    try:
        raw = unpack(cache_dir / NOTE, "quick")
        note = Note(tuple(raw["options"]), raw["timezone"], tuple(raw["span"]), tuple(raw["output"]),
                    tuple(raw["folders"]), {k: tuple(v) for k, v in raw["files"].items()}, tuple(raw["summary"]))
        moment = resolve_moment(now_text, note.timezone)
    except (OSError, Damaged, ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError):
        return None, {}
    if not all(isinstance(f, str) for f in note.folders) or not all(type(s) is int for s in note.summary):
        return None, {}
    if note.options != options or not note.span[0] <= moment < note.span[1]:
        return None, {}
    output = Path(str(options[1]))
    if identity(output) != note.output:
        return None, {}
    files = snapshot(note.folders)
    return (note if files == note.files else None), files


def write(cache_dir: Path, note: Note) -> None:
    """Leave the note for the next build (replacing any older one atomically)."""
    data = {"options": note.options, "timezone": note.timezone, "span": note.span,
            "output": note.output, "folders": note.folders, "files": note.files, "summary": note.summary}
    import tempfile

    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".quick.", dir=cache_dir)
        with os.fdopen(fd, "wb") as f:
            f.write(pack("quick", data))
        os.replace(tmp, cache_dir / NOTE)
    except OSError:
        pass
