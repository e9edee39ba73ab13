"""The accessibility statement (无障碍声明): accessibility/index.html, made from `accessibility:` in
site.yaml (the standards followed, the date of the last check, where to report a barrier), and
linked from every page's footer. A site without that setting has no such page (and no link)."""

from __future__ import annotations

from generator.render.outputs import Job, RenderContext

PATH = "accessibility/index.html"


def jobs(ctx: RenderContext, env: str) -> list[Job]:
    statement = ctx.site.config.accessibility
    if statement is None:
        return []
    return [Job(PATH, env, lambda: [ctx.page("accessibility.html", PATH, statement=statement)])]
