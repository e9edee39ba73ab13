"""Raw HTML in Markdown bodies, for sites that set `allow_html: true`: filtered by nh3 (ammonia).

Content stays untrusted when a site allows HTML. Editors may write tables, abbreviations, ruby
annotations and the like, but nothing that runs or loads: no scripts, frames, plug-ins, SVG,
forms, styles, event handlers, ids (which could shadow the page's own elements) or data
attributes, and links and images only to http(s), mailto, tel or the site's own paths. Tags
outside the allowlist are dropped and their text kept (escaped); the content of script-like
elements is dropped with them; comments are dropped.

The parsing, the policy and the serialising are ammonia's (through nh3), a maintained sanitiser
built on a browser-grade HTML parser. The raw HTML pieces of one body are cleaned together
(`clean_fragments`), so a tag opened in one piece and closed in a later one (with Markdown
between them) stays a pair.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import nh3

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s",
    "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul", "var", "wbr",
})
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
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""Schemes links and images may use; addresses without a scheme (paths, #fragments) are kept too."""

_MARK_OPEN, _MARK_CLOSE = "\ufdd0", "\ufdd1"
"""Noncharacters that delimit the numbered boundaries between pieces (removed from the pieces first)."""
_MARK = re.compile(f"{_MARK_OPEN}(\\d+){_MARK_CLOSE}")
_END_DROPPED = "".join(f"</{tag}>" for tag in (
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
    "svg", "math", "template", "select", "object", "applet"))
"""Ends, after each piece, any element of DROPPED_WITH_CONTENT the piece left open (an element that is
not open ignores its end tag), so such an element never takes later pieces with it."""
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))


def _attribute(tag: str, name: str, value: str) -> str:
    """Attribute values never carry what joins the pieces (so a piece never ends inside an attribute)."""
    return _unmarked(_MARK.sub("", value.replace(_END_DROPPED, "")))


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={"*": set(GLOBAL_ATTRS), **{tag: set(attrs) for tag, attrs in TAG_ATTRS.items()}},
    attribute_filter=_attribute,
    url_schemes=set(SAFE_SCHEMES),
    strip_comments=True,
    link_rel=None,
)


def browser_url(value: str) -> str:
    """A URL as a browser reads it: tabs and newlines removed, C0 controls and spaces trimmed."""
    return _TAB_OR_NEWLINE.sub("", value).strip(_C0_AND_SPACE)


def clean_html(fragment: str) -> str:
    """One piece of raw HTML with everything outside the allowlist removed (and its open tags closed)."""
    return _CLEANER.clean(_unmarked(fragment))


def clean_fragments(fragments: Sequence[str]) -> list[str]:
    """The raw HTML pieces of one Markdown body, in order, cleaned as one document.

    The pieces are joined with a numbered mark at each boundary (where Markdown output goes), cleaned
    together, and cut at the marks again, so `<div>` … Markdown … `</div>` keeps its pair. The marks
    are text, so every cut falls between elements, never inside a tag or an attribute. Where the
    parser drops or moves a mark (inside a dropped element, an unclosed attribute, or text that a
    table moves in front of itself), the cleaned HTML up to the next mark stays with the piece before
    it, and the Markdown of the lost boundaries follows that HTML instead of sitting inside it.
    Elements still open after the last piece are closed there.
    """
    if not fragments:
        return []
    last_piece = len(fragments) - 1
    joined = "".join(_unmarked(f) + _END_DROPPED + f"{_MARK_OPEN}{i}{_MARK_CLOSE}" for i, f in enumerate(fragments))
    cleaned = _CLEANER.clean(joined)
    out = [""] * len(fragments)
    start, owner, last = 0, 0, -1
    for mark in _MARK.finditer(cleaned):
        number = int(mark.group(1))
        if number <= last:
            continue  # moved back by the parser: removed below, its Markdown follows later
        out[owner] += cleaned[start:mark.start()]
        start, last, owner = mark.end(), number, min(number + 1, last_piece)
    out[owner] += cleaned[start:]
    return [_MARK.sub("", piece) for piece in out]


def _unmarked(fragment: str) -> str:
    return fragment.replace(_MARK_OPEN, "").replace(_MARK_CLOSE, "")
