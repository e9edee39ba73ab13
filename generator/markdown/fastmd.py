"""Markdown through markdown-it-pyrs, when it is installed: the same tokens and HTML as markdown-it-py,
many times faster.

markdown-it-pyrs (a Python binding of markdown-it.rs, a Rust port of the same parser) renders a
document in a fraction of the time, but it gives a tree to read, not tokens to rewrite, and the
outline stage rewrites headings and the paragraphs of items (ids, state badges, lists of measures).
So a body is taken apart at its top-level blocks:

- headings, and the paragraphs of items (under a level-4 heading), the blocks the outline reads,
  become the tokens markdown-it-py makes of them: built directly when they are plain text, else
  from markdown-it-py's inline parser on that block alone;
- every other block (lists, tables, quotes, code, other paragraphs) is rendered by markdown-it-pyrs,
  consecutive ones at once, and carried as an `html_block` token holding its HTML, which the
  renderer writes out as it is.

A body this cannot reproduce exactly is parsed by markdown-it-py as before: raw HTML (sites that
allow it), footnotes, link reference definitions, tabs, Unicode whitespace at the start or end of a
line or beside a table's `|` (the usual Chinese indent of two U+3000 among them: markdown-it-py
trims it with str.strip(), markdown-it.rs does not), and any link or image address markdown.py
refuses. tests/markdown/test_fastmd_differential.py compares the two with Hypothesis on generated
bodies (Chinese indents, no-break spaces, tables, lists, mixed blank lines) and must find no body
the fast path accepts and renders differently. tests/test_fastmd.py compares the two on the sample content and on generated bodies;
GONGSHI_MARKDOWN=python turns the accelerator off.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from html import unescape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.notice.outline import ITEM_LEVEL

try:
    from markdown_it_pyrs import MarkdownIt as _RsMarkdownIt
except ImportError:  # pragma: no cover - the accelerator is optional
    _RsMarkdownIt = None  # type: ignore[misc,assignment]

RULES = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference",
         "autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline", "table"]
"""CommonMark without raw HTML, and tables: what markdown.make_parser enables in markdown-it-py."""

BLOCK_RULES = ["blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference", "table"]
UNSUPPORTED = frozenset({"definition", "html_block"})
"""Top-level blocks the accelerator leaves to markdown-it-py: link reference definitions and footnote
definitions (both read as `definition` here), raw HTML."""
_URL_ATTR = re.compile(r'<(?:a href|img src)="([^"]*)"')
_NOT_PLAIN = re.compile(r"[\\`*_\[\]!<&~^\t]")
"""Characters an inline rule may start at (text without any of them is text to markdown-it)."""
_EXTERNAL = re.compile(r'<a href="((?:https?:)?//[^"]*)"((?: title="[^"]*")?)>')
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ ]+(.*?))?[ ]*$")
_SPACES = "\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
"""Whitespace to Python's str.strip() (which markdown-it-py uses on lines and cells) beyond ASCII."""
_UNICODE_EDGE = re.compile(rf"(?m)^[ \d.)*+>#-]*[{_SPACES}]|[{_SPACES}][ ]*$|[{_SPACES}][ ]*\||\|[ ]*[{_SPACES}]|[\x1c-\x1f\x85\u2028\u2029]")
"""Unicode whitespace where the two parsers trim differently: at the start of a line or after its markers
(`- `, `> `, `1. `…) or at its end (the Chinese
indent of two U+3000, a no-break space before a table row) or beside a table's `|`; and characters
Python counts as line breaks. A body with any of these is left to markdown-it-py."""


def available() -> bool:
    return _RsMarkdownIt is not None and os.environ.get("GONGSHI_MARKDOWN", "").lower() != "python"


class FastParser:
    """Turns a body into markdown-it-py tokens (see the module's docstring), or None to fall back.

    `reference` is the markdown-it-py parser of the site: its inline parser reads the headings and
    paragraphs that are not plain text."""

    def __init__(self, reference: MarkdownIt, valid_link: Callable[[str], bool]) -> None:
        assert _RsMarkdownIt is not None
        self.rs = _RsMarkdownIt("zero").enable_many(RULES)  # type: ignore[arg-type]
        self.blocks = _RsMarkdownIt("zero").enable_many(BLOCK_RULES)  # type: ignore[arg-type]
        """Reads only the top-level structure (inline content stays text): cheaper to turn into a tree."""
        self.reference = reference
        self.valid_link = valid_link

    def parse(self, body: str) -> list[Token] | None:
        if "\t" in body or "\0" in body or "\r" in body or "^[" in body:  # ^[…]: an inline footnote
            return None
        if _UNICODE_EDGE.search(body):
            return None
        tree = self.blocks.tree(body)
        if any(node.name in UNSUPPORTED for node in tree.children):
            return None
        if tree.children and tree.children[-1].name in ("fence", "code_block") and not body.endswith("\n"):
            return None  # code at the very end, without a last newline: the parsers end its text differently
        raw = body.encode("utf-8")
        tokens: list[Token] = []
        line, counted = 0, 0
        in_item = False  # under a level-4 heading: the outline reads the paragraphs there
        run: list[int] = []  # (start, end, first line) of blocks rendered to HTML together
        for node in tree.children:
            if node.srcmap is None:
                return None
            start, end = node.srcmap
            start = raw.rfind(b"\n", 0, start) + 1  # from the start of its line (indented code keeps its indent)
            if node.name == "table" and start > 0 and raw[raw.rfind(b"\n", 0, start - 1) + 1:start].strip():
                return None  # a table right after a line of text: the parsers disagree on what it interrupts
            line += raw.count(b"\n", counted, start)
            counted = start
            if node.name in ("heading", "lheading") and int(node.meta["level"]) <= ITEM_LEVEL:
                in_item = int(node.meta["level"]) == ITEM_LEVEL
            if node.name not in ("heading", "lheading") and not (node.name == "paragraph" and in_item):
                run = [run[0], end, run[2]] if run else [start, end, line]
                continue
            if run:
                tokens.append(self._html(raw, *run))
                run = []
            made = self._block(node.name, node.meta, raw[start:end].decode("utf-8"), line)  # type: ignore[arg-type]
            if made is None:
                return None
            tokens.extend(made)
        if run:
            tokens.append(self._html(raw, *run))
        if any(t.type == "html_block" and t.content is None for t in tokens):
            return None
        return tokens

    def _html(self, raw: bytes, start: int, end: int, line: int) -> Token:
        """Consecutive blocks the outline does not read, rendered at once (top-level blocks render alike
        apart or together, when the body has no references or footnotes). A link or image address
        markdown.py would refuse makes the content None: the body falls back."""
        source = raw[start:end].decode("utf-8")
        html = self.rs.render(source)
        if any(not self.valid_link(unescape(url)) for url in _URL_ATTR.findall(html)):
            content = None
        else:
            content = _EXTERNAL.sub(r'<a href="\1"\2 rel="noopener noreferrer" class="external">', html)
        return Token("html_block", "", 0, content=content,  # type: ignore[arg-type]
                     map=[line, line + source.count("\n") + 1], block=True)

    def _block(self, name: str, meta: dict[str, Any], source: str, line: int) -> list[Token] | None:
        text = source.rstrip("\n")
        where = [line, line + text.count("\n") + 1]
        if name == "heading":
            m = _ATX.match(text)
            if m is None or "\n" in text:
                return None
            content = re.sub(r"(?:^|[ ]+)#+$", "", m.group(2) or "").strip()
            return self._wrap("heading_open", "heading_close", f"h{meta['level']}", "#" * int(meta["level"]),
                              content, where)
        if name == "lheading":
            lines = text.split("\n")[:-1]
            content = "\n".join(ln.strip() for ln in lines).strip()
            return self._wrap("heading_open", "heading_close", f"h{meta['level']}", str(meta["marker"]),
                              content, where)
        return self._wrap("paragraph_open", "paragraph_close", "p", "", text.strip(), where)

    def _wrap(self, opening: str, closing: str, tag: str, markup: str, content: str, where: list[int]) -> list[Token]:
        """A heading or paragraph as markdown-it-py's block parser makes it, with its inline content read."""
        return [Token(opening, tag, 1, markup=markup, map=where, block=True),
                Token("inline", "", 0, content=content, map=where, block=True, children=self._inline(content)),
                Token(closing, tag, -1, markup=markup, block=True)]

    def _inline(self, content: str) -> list[Token]:
        lines = content.split("\n")
        if _NOT_PLAIN.search(content) or any(ln.endswith(" ") for ln in lines):
            return self.reference.parseInline(content, {})[0].children or []
        children: list[Token] = []
        for i, text in enumerate(lines):
            if i:
                children.append(Token("softbreak", "br", 0))
            children.append(Token("text", "", 0, content=text.lstrip(" ") if i else text))
        return [c for c in children if c.type != "text" or c.content]
