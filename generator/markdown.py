"""Markdown: one factory for the parser, and body → tokens → HTML.

CommonMark with tables and footnotes. Raw HTML is off unless the site opts in, and markdown-it's
link validation refuses javascript:, vbscript:, file: and data: links (except inline images).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin


def make_parser(allow_html: bool = False) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": allow_html, "linkify": False, "typographer": False})
    md.enable("table")
    md.use(footnote_plugin)
    md.add_render_rule("link_open", _render_link_open)
    return md


def parse(md: MarkdownIt, body: str) -> list[Token]:
    return md.parse(body, {})


def render(md: MarkdownIt, tokens: Sequence[Token]) -> str:
    return md.renderer.render(tokens, md.options, {})


def _render_link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """External links are marked so readers (and screen readers) know they leave the site."""
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if href.startswith(("http://", "https://", "//")):
        token.attrSet("rel", "noopener noreferrer")
        token.attrJoin("class", "external")
    return self.renderToken(tokens, idx, options, env)  # type: ignore[no-any-return]
