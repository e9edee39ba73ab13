"""Stage 4, render: the `Site` → output files. One module per kind of output, two signatures:

    notice_files(ctx, entry) -> list[OutputFile]     the files of one notice (its page, its ledger, …)
    jobs(ctx, …) -> list[Job]                        the site's other files, in units that can be skipped

A notice's files are rendered together, whenever anything they show changed (see plan.py). The
site's other files come as `Job`s: each has a key that names everything it shows, so a build renders
only the jobs whose key changed since the last one. The lists below are the order of rendering;
adding an output means adding a module and a line here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
import orjson

from generator.assemble.site import Entry, Site
from generator.render.theme import Strings, Theme


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site: its path under the output folder and its bytes (or a file to copy)."""

    path: str
    data: bytes = b""
    source: Path | None = None
    """Copy this file (streamed) instead of writing `data`."""
    sitemap: bool = False
    """A page search engines should know of (listed in sitemap.xml)."""
    digest: str = ""
    """For a copied file: a digest of its bytes already known (an attachment's SHA-256)."""


@dataclass(frozen=True)
class RenderContext:
    site: Site
    env: jinja2.Environment
    theme: Theme
    strings: dict[str, Strings]
    """Interface strings by language (the site's, plus any a notice sets with `lang:`)."""

    def t(self, lang: str | None = None) -> Strings:
        return self.strings[lang or self.site.config.language]

    def absolute(self, path: str) -> str:
        """The public address of a site path (for feeds, sitemaps, canonical links)."""
        base = self.site.config.base_url
        if base.endswith("/") and _PLAIN_PATH.match(path) and "/." not in path:
            return base + path  # what urljoin gives for a plain relative path, without parsing both
        return urljoin(base, path)

    def page(self, template: str, path: str, lang: str | None = None, *, root: str | None = None,
             **values: Any) -> OutputFile:
        """Render a template as the page at `path` (e.g. notices/x/index.html).

        Links are relative to the page, unless `root` gives the prefix to use instead (the 404 page,
        which a host serves at any address, passes the base URL's path). `canonical=""` leaves the
        canonical link out. A page goes into the sitemap when it is its own canonical address."""
        depth = path.count("/")
        root = "../" * depth if root is None else root
        own = self.absolute(public_path(path))
        values.setdefault("canonical", own)
        file_style = self.site.config.url_style == "file"

        def url(target: str) -> str:
            if target.startswith(("http://", "https://", "mailto:", "tel:", "#")):
                return target
            if file_style and (target == "" or target.endswith("/")):
                target += "index.html"
            return (root + target) or "./"

        strings = self.t(lang)
        html = self.env.get_template(template).render(
            site=self.site, config=self.site.config, t=strings, lang=lang or self.site.config.language,
            url=url, page_path=path, share_image=self.absolute(SHARE_CARD), **values)
        return OutputFile(path, html.encode("utf-8"), sitemap=values["canonical"] == own)


SHARE_CARD = "static/share-card.png"
"""The site's share-card image (og:image), made by share_card.py."""

_PLAIN_PATH = re.compile(r"^[\w\-][\w\-./]*(#[\w\-]*)?$|^$")
"""A relative path without a scheme, leading slash, query or escapes (dot segments are checked apart)."""


def json_bytes(data: Any) -> bytes:
    """Two-space indentation, UTF-8 (not \\u escapes) and a final newline: what json.dumps(indent=2,
    ensure_ascii=False) writes, several times faster."""
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def public_path(path: str) -> str:
    """notices/x/index.html → notices/x/ (the address a page is served at)."""
    return path[: -len("index.html")] if path.endswith("index.html") else path


@dataclass(frozen=True)
class Job:
    """Some of the site's files, rendered together."""

    name: str
    """Unique within a build, stable between builds: "index/3", "group/tag/3fa9c1d2/2", "feeds"."""
    key: object
    """Names everything the files show (a string or a tuple of plain values)."""
    render: Callable[[], list[OutputFile]]


PAGE_TEMPLATES = ("notice.html", "ledger.html", "redirect.html", "index.html", "archive.html", "taxonomy.html",
                  "group.html", "404.html", "search.html", "accessibility.html")
"""The templates pages are rendered from (each includes or imports the rest)."""


def compile_templates(env: jinja2.Environment) -> None:
    """Load (compile) every page template, so that worker processes forked afterwards find them ready."""
    for name in PAGE_TEMPLATES:
        try:
            env.get_template(name)
        except jinja2.TemplateNotFound:
            pass  # a theme without it; the page that needs it says so when it is rendered


NoticeRenderer = Callable[[RenderContext, Entry], list[OutputFile]]


def notice_renderers() -> list[NoticeRenderer]:
    from generator.render.outputs import attachments, calendar, data, ledger, pages, redirects

    return [pages.notice_files, ledger.notice_files, calendar.notice_files, data.notice_files,
            attachments.notice_files, redirects.notice_files]


__all__ = ["RenderContext", "Entry", "Job", "OutputFile", "json_bytes", "notice_renderers", "public_path"]
