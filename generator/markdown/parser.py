"""Markdown: one factory for the parser, and body → tokens → HTML.

CommonMark with tables and footnotes. Raw HTML is escaped unless the site opts in with
`allow_html: true`; even then it passes through the allowlist filter of `sanitize.py` (no scripts,
frames, SVG, styles, event handlers or unsafe links). Link and image addresses written in Markdown
may not use the javascript:, vbscript:, file: or data: schemes (however they are spelled or
escaped): such a link is rendered as text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from generator.markdown import fastmd
from generator.markdown.sanitize import browser_url, clean_fragments


def make_parser(allow_html: bool = False) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": allow_html, "linkify": False, "typographer": False})
    md.enable("table")
    md.use(footnote_plugin)
    md.validateLink = _valid_link  # type: ignore[method-assign]
    if allow_html:
        md.core.ruler.push("sanitize_html", _sanitize_html)
    md.add_render_rule("link_open", _render_link_open)
    return md


_BAD_SCHEME = re.compile(r"^(javascript|vbscript|file|data):")


def _valid_link(url: str) -> bool:
    """markdown-it's check, without its exception for data: images."""
    return not _BAD_SCHEME.match(browser_url(url).lower())


def _sanitize_html(state: StateCore) -> None:
    """Filter raw HTML as it is parsed, before the outline adds the page's own markup."""
    raw = [t for token in state.tokens for t in ((token.children or []) if token.type == "inline" else [token])
           if t.type in ("html_block", "html_inline")]
    for token, cleaned in zip(raw, clean_fragments([t.content for t in raw]), strict=True):
        token.content = cleaned


class Markdown:
    """The body parser of a site: markdown-it-py, and markdown-it-pyrs wherever it gives the same
    tokens and HTML (see fastmd.py)."""

    def __init__(self, allow_html: bool = False) -> None:
        self.md = make_parser(allow_html)
        self.fast = fastmd.FastParser(self.md, _valid_link) if fastmd.available() and not allow_html else None

    def parse(self, body: str) -> list[Token]:
        """The body's tokens, for the outline stage to read and rewrite."""
        if self.fast is not None:
            tokens = self.fast.parse(body)
            if tokens is not None:
                return tokens
        return self.md.parse(body, {})

    def render(self, tokens: list[Token]) -> str:
        return self.md.renderer.render(tokens, self.md.options, {})


def _render_link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """External links are marked so readers (and screen readers) know they leave the site."""
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if href.startswith(("http://", "https://", "//")):
        token.attrSet("rel", "noopener noreferrer")
        token.attrJoin("class", "external")
    return self.renderToken(tokens, idx, options, env)  # type: ignore[no-any-return]
