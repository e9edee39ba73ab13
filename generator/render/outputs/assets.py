"""Static assets of the theme chain (CSS, scripts, icons), and the stylesheet of the site's state colours."""

from __future__ import annotations

from generator.notice.model import DEFAULT_STATES
from generator.render.outputs import Job, OutputFile, RenderContext

STATES_CSS = "static/css/states.css"


def jobs(ctx: RenderContext, env: str) -> list[Job]:
    """The theme's files and the state colours change only with the theme and the settings (both in `env`)."""
    def render() -> list[OutputFile]:
        files = [OutputFile(path, source=source) for path, source in ctx.theme.static_files().items()]
        files.append(OutputFile(STATES_CSS, states_css(ctx).encode("utf-8")))
        return files

    return [Job("static", env, render)]


def states_css(ctx: RenderContext) -> str:
    """Colours of the site's progress states. The theme styles the default vocabulary (in light and
    dark mode); a state the site adds or recolours gets its colour here, as a file, because the
    Content-Security-Policy allows no inline styles."""
    defaults = {(s.key, s.color) for s in DEFAULT_STATES}
    lines = ["/* Generated from progress_states in site.yaml. */"]
    for s in ctx.site.config.progress_states:
        if (s.key, s.color) not in defaults:
            lines.append(f".badge.state-{s.key} {{ color: {s.color}; }}")
            lines.append(f".bar-seg.state-{s.key} {{ fill: {s.color}; }}")
    return "\n".join(lines) + "\n"
