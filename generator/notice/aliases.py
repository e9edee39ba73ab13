"""Aliases: old addresses of a notice that keep working after it moved. Pure functions, no I/O.

An alias is a path relative to the site's root, as readers knew it: `/2025/07/kuandian.html`,
`old/notice-1/` or `old/notice-1`. The site gets a small redirect page at that path (a folder
address gets `…/index.html`) and a line in `_redirects` for hosts that read it.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from generator.errors import ContentError, visible

PAGE_SUFFIXES = (".html", ".htm", ".shtml")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
HINT = "write the old path within the site, e.g. /2025/07/kuandian.html or old/notice-1/"


def parse(text: str) -> str:
    """An alias as written → its normal form: no leading slash, the rest as written. Raises ContentError."""
    if not text or text.strip("/") == "":
        raise ContentError("the alias is empty", HINT)
    if _SCHEME.match(text) or text.startswith("//"):
        raise ContentError(f"`{text}` is a full address; an alias is a path within this site", HINT)
    if "//" in text:
        raise ContentError(f"`{text}` contains `//`", "write single slashes between the parts of the path")
    if "\\" in text:
        raise ContentError(f"`{text}` contains backslashes", "write the path with forward slashes")
    if any(c.isspace() or ord(c) < 32 or 0x7f <= ord(c) < 0xa0 or c in "?#\"<>|*%:" for c in text):
        raise ContentError(f"`{visible(text)}` contains characters an alias cannot have (spaces, control "
                           "characters, ?, #, %, quotes, and : or * which hosts' redirect files read as "
                           "placeholders and wildcards)",
                           "write the path without a query (?…) or fragment (#…), and unencoded")
    path = text.lstrip("/")
    if any(part in ("..", ".") for part in path.split("/")):
        raise ContentError(f"`{text}` contains `.` or `..` parts", HINT)
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if not path.endswith("/") and "." in last and not last.lower().endswith(PAGE_SUFFIXES):
        raise ContentError(f"`{text}` is not a page address a static site can answer",
                           "aliases can be pages ending in .html or .htm, or folder addresses such as old/notice-1/")
    return path


def output_path(alias: str) -> str:
    """Where the redirect page is written: the page itself, or the folder's index.html."""
    if alias.lower().endswith(PAGE_SUFFIXES):
        return alias
    return alias.rstrip("/") + "/index.html"


def public_path(base_url: str, path: str) -> str:
    """A site path as the server sees it, with the base URL's own path in front and URL-encoded."""
    base = urlsplit(base_url).path or "/"
    if not base.endswith("/"):
        base += "/"
    return quote(base + path, safe="/-._~!$&'()*+,;=:@")


def overlaps(a: str, b: str) -> bool:
    """Whether two output files cannot both exist: the same path, or one is a folder of the other."""
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")
