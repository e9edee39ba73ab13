"""Themes: the Jinja2 environment, the theme chain, static files and interface strings.

A theme is a folder `themes/<name>/` with `theme.yaml` (optional `extends: <parent>`),
`templates/`, `static/` and `locales/<lang>.yaml`. The search path is
[site's own `templates/`, theme, parent, …], so a file of the same name wins; `parent/…`
reaches the parent theme's template explicitly from an overriding one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from .errors import ContentError
from .schema import THEME_RE

BUILTIN_THEMES = Path(__file__).resolve().parent.parent / "themes"


@dataclass(frozen=True)
class Theme:
    name: str
    chain: tuple[Path, ...]
    """Theme folders, the chosen theme first, its ancestors after it."""
    overrides: Path | None
    """The site's own templates folder, if any."""

    def static_files(self) -> dict[str, Path]:
        """Every static file by its output path; a child theme's file replaces its parent's."""
        files: dict[str, Path] = {}
        for folder in reversed(self.chain):
            static = folder / "static"
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


def _read_yaml(path: Path) -> dict[str, Any]:
    """A theme's theme.yaml or locale file as fields; a broken one is a ContentError, not a traceback."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
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
    overrides = site_root / "templates"
    return Theme(name, tuple(chain), overrides if overrides.is_dir() else None)


def make_env(theme: Theme) -> jinja2.Environment:
    """The one place template helpers are registered."""
    paths = ([str(theme.overrides)] if theme.overrides else []) + [str(p / "templates") for p in theme.chain]
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(paths)]
    if len(theme.chain) > 1:
        loaders.append(jinja2.PrefixLoader({"parent": jinja2.FileSystemLoader(
            [str(p / "templates") for p in theme.chain[1:]])}))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["isodate"] = lambda d: d.isoformat() if d else ""
    env.filters["isotime"] = _isotime
    return env


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
