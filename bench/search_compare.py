#!/usr/bin/env python3
"""Side by side: ways of spelling the search records for Pagefind, on the pages of a built site.

usage: python3 bench/search_compare.py SITE_FOLDER [N]

Takes the first N notice pages (default 100) of a built site, makes their records
(generator/build/search_text.py) and indexes them once per spelling in one Pagefind service process,
printing per page the indexer's CPU time and the size of the index it writes. The spellings:

  pairs, letters   Chinese as overlapping pairs spelt q + code points in letters a–p
  pairs, hex       the same pairs spelt _ + code points in hexadecimal digits
  pairs, raw       the pairs as Chinese characters
  plain            the text as it is, left to Pagefind
  pairs, unique    each distinct word of those once (the one used: search_text.tokens; the
                   excerpts come from the text kept beside the index)

Recall is not measured here but in the browser (tests/site/test_search_queries.py, and
bench/search_bytes.py for bytes per query): with Chinese characters in the index (raw pairs, plain
text) Pagefind's browser code cuts a query into single characters, so 流转 also finds 流程…转入, and
a word inside a compound is missed where Pagefind's own segmenter keeps the compound whole.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import search_text  # noqa: E402
from generator.build.search_service import Indexer  # noqa: E402


def hex_pairs(text: str) -> str:
    def pair(run: str) -> str:
        codes = [format(ord(c), "04x") for c in run]
        return "_" + codes[0] if len(codes) == 1 else " ".join(f"_{a}{b}" for a, b in zip(codes, codes[1:], strict=False))
    return search_text.CJK.sub(lambda m: f" {pair(m.group())} ", text)


def raw_pairs(text: str) -> str:
    return search_text.CJK.sub(lambda m: " " + " ".join(
        m.group()[i:i + 2] for i in range(max(1, len(m.group()) - 1))) + " ", text)


SPELLINGS = {
    "pairs, letters": search_text.encode,
    "pairs, hex": hex_pairs,
    "pairs, raw": raw_pairs,
    "plain": lambda text: text,
    "pairs, unique": lambda text: " ".join(search_text.tokens(text)),
}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    site, n = Path(argv[0]), int(argv[1]) if len(argv) > 1 else 100
    pages = sorted(site.glob("notices/*/index.html"))[:n]
    records = [r for r in (search_text.record_of(p.read_text("utf-8"), f"/{p.parent.relative_to(site)}/")
                           for p in pages) if r is not None]
    if not records:
        print(f"search_compare: no notice pages in {site}", file=sys.stderr)
        return 2
    rows = {}
    for name, spell in SPELLINGS.items():
        started, cpu = time.perf_counter(), children_cpu()
        encoded = [spell(r.body + "\n" + r.extra + "\n" + r.title) for r in records]
        spelt = time.perf_counter() - started
        with Indexer({"force_language": search_text_language(name)}) as indexer:
            for r, text in zip(records, encoded, strict=True):
                indexer.add_html(r.url, f"<html><body><main data-pagefind-body><p>{text}</p></main></body></html>")
            files = indexer.files()
        index = sum(len(v) for k, v in files.items() if re.search(r"\.pf_(index|fragment|meta|filter)$", k))
        rows[name] = {"python_ms_per_page": round(spelt / len(records) * 1000, 2),
                      "pagefind_cpu_ms_per_page": round((children_cpu() - cpu) / len(records) * 1000, 2),
                      "index_kb_per_page": round(index / len(records) / 1000, 2)}
        print(f"{name:<16} spelling {rows[name]['python_ms_per_page']:6.2f} ms/page   Pagefind "
              f"{rows[name]['pagefind_cpu_ms_per_page']:6.2f} ms/page CPU   index {rows[name]['index_kb_per_page']:6.2f} "
              "KB/page", file=sys.stderr)
    print(json.dumps({"pages": len(records), "spellings": rows}, ensure_ascii=False))
    return 0


def search_text_language(name: str) -> str:
    """Pagefind's own Chinese segmentation for the plain text; no segmentation for the pairs."""
    return "zh" if name == "plain" else "unknown"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
