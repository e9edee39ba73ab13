"""Stage 4, render: the `Site` → output files. One module per kind of output, one signature:

    render(ctx: RenderContext) -> list[OutputFile]

`ORDER` lists them; adding an output means adding a module and a line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import jinja2

from ..site import Entry, Site
from ..theme import Strings, Theme
from ..write import OutputFile


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
        return urljoin(self.site.config.base_url, path)

    def page(self, template: str, path: str, lang: str | None = None, *, root: str | None = None,
             **values: Any) -> OutputFile:
        """Render a template as the page at `path` (e.g. notices/x/index.html).

        Links are relative to the page, unless `root` gives the prefix to use instead (the 404 page,
        which a host serves at any address, passes the base URL's path). `canonical=""` leaves the
        canonical link out."""
        depth = path.count("/")
        root = "../" * depth if root is None else root
        values.setdefault("canonical", self.absolute(_public(path)))
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
            url=url, page_path=path, **values)
        return OutputFile(path, html.encode("utf-8"))


def _public(path: str) -> str:
    return path[: -len("index.html")] if path.endswith("index.html") else path


Renderer = Callable[[RenderContext], list[OutputFile]]


def renderers() -> list[Renderer]:
    from . import assets, attachments, calendar, data, feeds, ledger, listing, pages, redirects, search_page

    return [pages.render, listing.render, ledger.render, calendar.render, feeds.render, data.render,
            search_page.render, assets.render, attachments.render,
            redirects.render]


Finisher = Callable[[RenderContext, list[OutputFile]], list[OutputFile]]


def finishers() -> list[Finisher]:
    """Outputs made from every other output (the sitemap lists every page); they run after the renderers."""
    from . import sitemap

    return [sitemap.render]


__all__ = ["RenderContext", "Entry", "OutputFile", "renderers", "finishers"]
