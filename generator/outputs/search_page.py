"""The search page: a form, filters and results, filled by static/js/search.js from the Pagefind index."""

from __future__ import annotations

from . import OutputFile, RenderContext

PATH = "search/index.html"


def render(ctx: RenderContext) -> list[OutputFile]:
    if not ctx.site.config.search:
        return []
    return [ctx.page("search.html", PATH)]
