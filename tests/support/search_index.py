"""Reading a built site's search index as a test sees it: every record, its text spelt back into
characters (the index holds Chinese as character pairs, see generator/build/search_text.py), and
the text the records keep for excerpts."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from generator.build.search_text import TEXT, decode


def records(site: Path) -> list[dict[str, Any]]:
    """Every record of every shard (Pagefind's fragments: gzipped JSON after a signature)."""
    files = sorted((site / "pagefind").glob("*/fragment/*.pf_fragment"))
    assert files, "the site has a search index"
    out = []
    for f in files:
        raw = gzip.decompress(f.read_bytes())
        out.append(json.loads(raw[raw.index(b"{"):]))
    return out


def text(site: Path) -> str:
    """What every record holds, in characters: its indexed words, and the text kept for excerpts."""
    out = []
    for r in records(site):
        kept = json.loads(gzip.decompress((site / "pagefind" / r["meta"][TEXT]).read_bytes()))
        out += [decode(r["content"]), kept["body"], kept["extra"]]
    return "\n".join(out)
