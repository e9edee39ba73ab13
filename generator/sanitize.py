"""Raw HTML in Markdown bodies, for sites that set `allow_html: true`: an allowlist filter.

Content stays untrusted when a site allows HTML. Editors may write tables, abbreviations, ruby
annotations and the like, but nothing that runs or loads: no scripts, frames, plug-ins, SVG,
forms, styles, event handlers, ids (which could shadow the page's own elements) or data
attributes, and links and images only to http(s), mailto, tel or the site's own paths.

Each raw HTML token is filtered on its own, tag by tag, so Markdown between HTML blocks keeps
working. Tags outside the allowlist are dropped and their text kept (escaped); the content of
script-like elements is dropped with them.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s",
    "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul", "var", "wbr",
})
VOID_TAGS = frozenset({"br", "col", "hr", "img", "wbr"})
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet",
    "svg", "math", "textarea", "select", "title", "xmp", "noembed", "noframes", "plaintext", "head",
})
GLOBAL_ATTRS = frozenset({"class", "title", "lang", "dir"})
TAG_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "scope", "align"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "details": frozenset({"open"}),
}
URL_ATTRS = frozenset({"href", "src", "cite"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def browser_url(value: str) -> str:
    """A URL as a browser reads it: tabs and newlines removed, C0 controls and spaces trimmed."""
    return _TAB_OR_NEWLINE.sub("", value).strip("".join(chr(c) for c in range(0x21)))


def safe_url(value: str) -> bool:
    """Whether a link or image address is http(s), mailto, tel, or has no scheme (a path or #fragment)."""
    m = _SCHEME.match(browser_url(value))
    return m is None or m.group(1).lower() in SAFE_SCHEMES


class _Filter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or tag in DROPPED_WITH_CONTENT:
            if tag not in VOID_TAGS:
                self.skipping.append(tag)
            return
        if tag not in ALLOWED_TAGS:
            return
        allowed = GLOBAL_ATTRS | TAG_ATTRS.get(tag, frozenset())
        kept = []
        for name, value in attrs:
            if name not in allowed:
                continue
            if name in URL_ATTRS:
                if value is None or not safe_url(value):
                    continue
                value = browser_url(value)
            kept.append(f" {name}" if value is None else f' {name}="{html.escape(value, quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS or self.skipping or tag in DROPPED_WITH_CONTENT:
            if not self.skipping and tag not in DROPPED_WITH_CONTENT:
                self.handle_starttag(tag, attrs)
            return
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        if tag in ALLOWED_TAGS and tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))

    # Comments, doctypes, processing instructions and CDATA sections are dropped.
    def handle_comment(self, data: str) -> None:
        pass

    def handle_decl(self, decl: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass


def clean_html(fragment: str) -> str:
    """Raw HTML from a Markdown body with everything outside the allowlist removed."""
    f = _Filter()
    f.feed(fragment)
    f.close()
    return "".join(f.out)
