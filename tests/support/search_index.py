"""Reading a built site's search index as a test sees it: every record, its text spelt back into
characters (the index holds Chinese as character pairs, see generator/build/search_text.py)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from generator.build.search_text import decode


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
    """The text of every record, in characters."""
    return "\n".join(decode(r["content"]) for r in records(site))
