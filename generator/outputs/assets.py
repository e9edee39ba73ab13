"""Static assets of the theme chain (CSS, scripts, icons), copied as they are."""

from __future__ import annotations

from . import OutputFile, RenderContext


def render(ctx: RenderContext) -> list[OutputFile]:
    return [OutputFile(path, source=source) for path, source in ctx.theme.static_files().items()]
