"""Themes: the Jinja2 environment, the theme chain, static files and interface strings.

A theme is a folder `themes/<name>/` with `theme.yaml` (optional `extends: <parent>`),
`templates/`, `static/` and `locales/<lang>.yaml`. The search path is
[site's own `templates/`, theme, parent, …], so a file of the same name wins; `parent/…` in a
template reaches the one it overrides (the next of that name further along the path), and
`theme/…` the chosen theme's (for a site's own template that changes one block of it). Static files go the same way:
the site's own `static/` folder (beside `content/`) replaces a theme's file of the same path.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.loaders import split_template_path

from generator.errors import ContentError
from generator.source.schema import THEME_RE

_PACKAGE = Path(__file__).resolve().parents[1]
BUILTIN_THEMES = _PACKAGE / "themes" if (_PACKAGE / "themes").is_dir() else _PACKAGE.parent / "themes"
"""An installed package carries the themes inside it (pyproject.toml); a checkout has them beside it."""


@dataclass(frozen=True)
class Theme:
    name: str
    chain: tuple[Path, ...]
    """Theme folders, the chosen theme first, its ancestors after it."""
    overrides: Path | None
    """The site's own templates folder, if any."""
    static: Path | None = None
    """The site's own static folder, if any."""

    def static_files(self) -> dict[str, Path]:
        """Every static file by its output path; a child theme's file replaces its parent's, and the
        site's own file replaces the theme's."""
        files: dict[str, Path] = {}
        folders = [folder / "static" for folder in reversed(self.chain)] + ([self.static] if self.static else [])
        for static in folders:
            if static.is_dir():
                for path in sorted(static.rglob("*")):
                    if path.is_file():
                        files["static/" + path.relative_to(static).as_posix()] = path
        return files

    def strings(self, lang: str) -> dict[str, str]:
        """Interface strings for a language, parents first so children override single keys."""
        merged: dict[str, str] = {}
        for folder in reversed(self.chain):
            for name in _locale_names(lang):
                path = folder / "locales" / f"{name}.yaml"
                if path.is_file():
                    merged.update({str(k): str(v) for k, v in _read_yaml(path).items()})
                    break
        return merged


_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> dict[str, Any]:
    """A theme's theme.yaml or locale file as fields; a broken one is a ContentError, not a traceback."""
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=_YAML_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ContentError(f"cannot read {path}: {exc}", "fix the theme file (UTF-8 YAML, `key: value` lines)") from None
    if data is not None and not isinstance(data, dict):
        raise ContentError(f"{path} is not a list of `key: value` fields", "fix the theme file")
    return data or {}


def _locale_names(lang: str) -> list[str]:
    base = lang.split("-")[0]
    return [lang, base] if base != lang else [lang]


def find_theme(name: str, site_root: Path) -> Theme:
    """Resolve a theme and its ancestors: the site's `themes/` first, then the built-in themes."""
    chain: list[Path] = []
    seen: set[str] = set()
    current: str | None = name
    while current:
        if not isinstance(current, str) or not re.match(THEME_RE, current):
            raise ContentError(f"`{current}` is not a theme name",
                               "a theme is a folder of themes/: letters, digits, '.', '_' and '-', no slashes")
        if current in seen:
            raise ContentError(f"theme `{current}` extends itself", "fix `extends:` in its theme.yaml")
        seen.add(current)
        folder = next((d / current for d in (site_root / "themes", BUILTIN_THEMES) if (d / current).is_dir()), None)
        if folder is None:
            raise ContentError(f"theme `{current}` not found",
                               f"create themes/{current}/ or choose an installed theme such as `default`")
        chain.append(folder)
        meta_path = folder / "theme.yaml"
        current = _read_yaml(meta_path).get("extends") if meta_path.is_file() else None
    overrides, static = site_root / "templates", site_root / "static"
    return Theme(name, tuple(chain), overrides if overrides.is_dir() else None, static if static.is_dir() else None)


def make_env(theme: Theme) -> jinja2.Environment:
    """The one place template helpers are registered. Templates are compiled in memory, never loaded as
    compiled code from a folder (a build cache is untrusted data)."""
    env = _ThemeEnvironment(
        loader=ThemeLoader(theme),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # every build makes its own environment: no need to stat templates on each use
    )
    env.filters["isodate"] = lambda d: d.isoformat() if d else ""
    env.filters["isotime"] = _isotime
    return env


_LEVEL = re.compile(r"@(\d+)/(.+)")


class ThemeLoader(jinja2.BaseLoader):
    """Templates along the search path [site's own `templates/`, theme, parent, …].

    `name` is found at the first folder that has it; `@<n>/name` from the n-th folder on (what
    `parent/` and `theme/` become, see `_ThemeEnvironment.join_path`)."""

    def __init__(self, theme: Theme) -> None:
        self.folders = ([theme.overrides] if theme.overrides else []) + [p / "templates" for p in theme.chain]
        self.theme_level = 1 if theme.overrides else 0

    def locate(self, name: str) -> tuple[int, Path] | None:
        """The level and file a template name resolves to."""
        start, rest = self._start(name)
        pieces = split_template_path(rest)
        for level in range(start, len(self.folders)):
            path = self.folders[level].joinpath(*pieces)
            if path.is_file():
                return level, path
        return None

    def _start(self, name: str) -> tuple[int, str]:
        start, rest = 0, name
        if m := _LEVEL.fullmatch(name):
            start, rest = int(m.group(1)), m.group(2)
        elif name.startswith(("theme/", "parent/")):  # asked for directly, not from another template
            prefix, rest = name.split("/", 1)
            start = self.theme_level + (prefix == "parent")
        return start, rest

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        found = self.locate(template)
        if found is None:
            start, rest = self._start(template)
            where = ", ".join(str(f) for f in self.folders[start:]) or "no theme above it"
            raise jinja2.TemplateNotFound(template, f"template `{rest}` not found in {where}")
        path = found[1]
        mtime = path.stat().st_mtime
        return path.read_text("utf-8"), str(path), lambda: path.is_file() and path.stat().st_mtime == mtime


class _ThemeEnvironment(jinja2.Environment):
    """`parent/x` in a template is the next `x` above that template's own folder on the search path
    (so every theme of a chain, and a site's own template, reaches the one it overrides); `theme/x` is
    the chosen theme's `x`, without the site's own templates."""

    def join_path(self, template: str, parent: str) -> str:
        loader = self.loader
        if not isinstance(loader, ThemeLoader):
            return template
        if template.startswith("parent/"):
            found = loader.locate(parent)
            level = found[0] + 1 if found else loader.theme_level + 1
            return f"@{level}/{template.removeprefix('parent/')}"
        if template.startswith("theme/"):
            return f"@{loader.theme_level}/{template.removeprefix('theme/')}"
        return template


def _isotime(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="minutes")


class Strings:
    """Interface strings of one language: `t("key", n=3)` in templates."""

    def __init__(self, table: dict[str, str], lang: str) -> None:
        self.table, self.lang = table, lang

    def __call__(self, key: str, **params: Any) -> str:
        text = self.table.get(key)
        if text is None:
            raise ContentError(f"interface string `{key}` is missing from the {self.lang} locale",
                               f"add `{key}:` to the theme's locales/{self.lang}.yaml")
        try:
            return text.format(**params) if params else text
        except (KeyError, IndexError, ValueError) as exc:
            raise ContentError(f"interface string `{key}` of the {self.lang} locale cannot be filled in: {exc}",
                               "write placeholders as {name}, and braces meant as text as {{ and }}") from None

    def date(self, day: dt.date | None) -> str:
        if day is None:
            return ""
        return self("format.date").format(y=day.year, m=day.month, d=day.day,
                                          month=self(f"month.{day.month}") if "month.1" in self.table else day.month)

    def moment(self, moment: dt.datetime, with_time: bool) -> str:
        text = self.date(moment.date())
        return f"{text} {moment:%H:%M}" if with_time else text
