"""The search page: a form, filters and results, filled by static/js/search.js from the Pagefind index."""

from __future__ import annotations

from generator.render.outputs import Job, RenderContext

PATH = "search/index.html"


def jobs(ctx: RenderContext, env: str) -> list[Job]:
    if not ctx.site.config.search:
        return []
    return [Job(PATH, env, lambda: [ctx.page("search.html", PATH)])]
