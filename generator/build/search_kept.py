"""What the search indexer was last given of each notice page, kept in the build cache, so that a shard
indexed again (after an edit) spells again only the pages that changed.

Spelling a page for the index (search_text: finding its record in the HTML, its words, the file of
its text) costs about as much as Pagefind's own work on it; an edit re-indexes a whole shard, so
without this the edited notice's shard-mates are spelt again from their unchanged pages.

The cache folder holds `search/<shard>.json` for each shard: one line of header as the other cache
files have (quick.pack: kind, format, checksum), then zlib-compressed JSON,
{"engine": …, "pages": {path: [page digest, url, document, text]}}: the document given to Pagefind
and the text file's bytes (base64), or "" for both when the page is no notice page. A page is
taken from it only when the engine (Pagefind's version, the code that spells the records, the
index format) is this build's and the page's digest and URL are those of the page this build made;
a file that is damaged, truncated, of another engine or of the wrong shape is ignored, and its
pages are spelt again from the pages themselves. So what the index holds never depends on this file
being there, only how long it takes.
"""

from __future__ import annotations

import base64
import hashlib
import zlib
from pathlib import Path

import orjson

from generator.build.cache import write_atomic
from generator.build.quick import FORMAT, MAGIC

KIND = b"search"

Entry = tuple[str, str, str, bytes]
"""(page digest, url, document for the indexer or "", text file's bytes or b"")"""


class Kept:
    """The kept spellings of the pages of every shard, in one folder of the build cache."""

    def __init__(self, folder: Path, engine: str) -> None:
        self.folder = folder
        self.engine = engine

    def load(self, shard: str) -> dict[str, Entry]:
        """The kept entries of `shard` by page path ({} when there are none, or the file is not sound)."""
        try:
            raw = (self.folder / f"{shard}.json").read_bytes()
            head, newline, body = raw.partition(b"\n")
            parts = head.split(b" ")
            if (not newline or parts != [MAGIC, KIND, str(FORMAT).encode(), _checksum(body)]):
                return {}
            data = orjson.loads(zlib.decompress(body))
            if type(data) is not dict or data.get("engine") != self.engine or type(data.get("pages")) is not dict:
                return {}
            kept: dict[str, Entry] = {}
            for path, entry in data["pages"].items():
                if type(entry) is not list or len(entry) != 4 or not all(type(v) is str for v in entry):
                    return {}
                kept[path] = (entry[0], entry[1], entry[2], base64.b64decode(entry[3], validate=True))
            return kept
        except (OSError, ValueError, zlib.error):
            return {}

    def store(self, shard: str, entries: dict[str, Entry]) -> None:
        """Keep the entries of `shard` (written whole under a new name, then renamed over the old file).
        A cache folder that cannot be written only means no entries are kept."""
        data = {"engine": self.engine, "pages": {path: [sign, url, doc, base64.b64encode(text).decode("ascii")]
                                                 for path, (sign, url, doc, text) in sorted(entries.items())}}
        body = zlib.compress(orjson.dumps(data), 1)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.folder / f"{shard}.json", b"%s %s %d %s\n" % (MAGIC, KIND, FORMAT, _checksum(body)) + body)
        except OSError:
            pass

    def keep_only(self, shards: set[str]) -> None:
        """Remove the files of shards the index no longer has."""
        try:
            for path in self.folder.glob("*.json"):
                if path.stem not in shards:
                    path.unlink(missing_ok=True)
        except OSError:
            pass


def _checksum(body: bytes) -> bytes:
    return hashlib.blake2b(body, digest_size=32).hexdigest().encode()
