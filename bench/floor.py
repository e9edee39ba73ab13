#!/usr/bin/env python3
"""The floor: the least work any Python generator must do for a folder of Markdown notices.

usage: python bench/floor.py CONTENT_DIR OUTPUT_DIR

One process, one pass: read each `CONTENT_DIR/notices/*.md`, split the `---` front matter, parse
it with PyYAML's C loader, render the body with markdown-it-py (CommonMark + tables, raw HTML off,
as generator/markdown.py configures it, without its footnote plugin and link rule), render a
trivial Jinja2 template and write `OUTPUT_DIR/notices/<name>/index.html`. No validation, no
outline, no index pages, no atomic swap. Gongshi's times are reported as multiples of this.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import yaml
from markdown_it import MarkdownIt

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ meta.title }}</title></head>
<body><main><h1>{{ meta.title }}</h1><p>{{ meta.issuer }}</p>
{{ body | safe }}
</main></body></html>
"""


def split(text: str) -> tuple[str, str]:
    if not text.startswith("---\n"):
        return "", text
    end = text.find("\n---\n", 3)
    if end < 0:
        return "", text
    return text[4:end], text[end + 5:]


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    content, output = Path(sys.argv[1]), Path(sys.argv[2])
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    template = jinja2.Environment(autoescape=True).from_string(PAGE)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    count = 0
    for path in sorted((content / "notices").glob("*.md")):
        front, body = split(path.read_text("utf-8"))
        meta = yaml.load(front, Loader=loader) or {}
        html = template.render(meta=meta, body=md.render(body))
        target = output / "notices" / path.stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, "utf-8")
        count += 1
    print(f"floor: wrote {count} pages", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
