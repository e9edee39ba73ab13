#!/usr/bin/env python3
"""Bytes of search index a reader's browser fetches per query, measured in Chromium.

usage: python3 bench/search_bytes.py SITE_FOLDER [QUERY ...]

Serves the built site, opens its search page once per query in a fresh browser context (an empty
cache, as a reader's first search) and adds up the bodies of the index files it fetches under pagefind/
(shards.json, each shard's entry, metadata, filters, word index parts and the results' fragments;
Pagefind writes them gzip-compressed, so this is what travels). Pagefind's code (pagefind.js, its
worker and WebAssembly, the same for every site and cached after the first search) is counted apart,
as code_bytes, as it travels uncompressed from this test server. Prints one line of JSON:
{"queries": {q: {"bytes": …, "requests": …, "results": …, "parts": {part: bytes}}}, "median": …, "max": …}.
Needs Playwright and the system Chromium (the project's test dependencies).
"""

from __future__ import annotations

import functools
import http.server
import json
import statistics
import sys
import threading
from pathlib import Path
from urllib.parse import quote

QUERIES = ["整改", "公示", "流转", "项目建设", "0415", "2025年", "示例镇 整改"]
"""Everyday words, a common one (公示 is in nearly every notice), a number and a two-word query."""

CHROMIUM = "/usr/bin/chromium"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def measure(site: Path, queries: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    out: dict[str, dict] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            for q in queries:
                context = browser.new_context()
                page = context.new_page()
                sizes: list[int] = []
                code: list[int] = []
                parts: dict[str, int] = {}

                def seen(response: object, sizes: list[int] = sizes, code: list[int] = code,
                         parts: dict[str, int] = parts) -> None:
                    url = response.url.split("?")[0]  # type: ignore[attr-defined]
                    if "/pagefind/" in url:
                        try:
                            size = len(response.body())  # type: ignore[attr-defined]
                        except Exception:  # noqa: BLE001 (a response without a body)
                            return
                        (code if url.endswith((".js", ".pagefind")) else sizes).append(size)
                        if not url.endswith((".js", ".pagefind")):
                            part = _part(url)
                            parts[part] = parts.get(part, 0) + size

                page.on("response", seen)
                page.goto(f"{base}/search/?q={quote(q)}")
                page.wait_for_function(
                    "() => { const s = document.querySelector('[data-search-status]');"
                    " return s && s.textContent && !s.textContent.endsWith('…'); }", timeout=120_000)
                page.wait_for_load_state("networkidle")
                results = page.locator(".search-result").count()
                out[q] = {"bytes": sum(sizes), "requests": len(sizes), "code_bytes": sum(code), "results": results,
                          "parts": dict(sorted(parts.items()))}
                context.close()
            browser.close()
    finally:
        server.shutdown()
    figures = [v["bytes"] for v in out.values()]
    return {"queries": out, "median": statistics.median(figures), "max": max(figures)}


def _part(url: str) -> str:
    """What an index file is, for the breakdown of a query's bytes: the shard list and entries, the pages'
    metadata, the filters, the word index, the results' fragments, the texts the excerpts are cut from."""
    for marker, part in (("/fragment/", "fragments"), ("/index/", "word index"), ("/filter/", "filters"),
                         ("/text/", "texts"), (".pf_meta", "metadata")):
        if marker in url:
            return part
    return "entries"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    site = Path(argv[0])
    if not (site / "search" / "index.html").is_file():
        print(f"search_bytes: {site} has no search page; build it with search", file=sys.stderr)
        return 2
    print(json.dumps(measure(site, argv[1:] or QUERIES), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
