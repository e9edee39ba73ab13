"""What a build starts from: the options it is given, the site configuration, the theme with its compiled templates (the
workbench), the notice files in their order, and the moment the build is for."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator import paths
from generator.build.cache import Cache, fingerprint, generator_fingerprint
from generator.build.process import Workbench, template_error
from generator.errors import ContentError, Diagnostic, Location
from generator.notice.model import SiteConfig
from generator.notice.periods import calendar_fingerprint
from generator.render.theme import Strings, find_theme, make_env
from generator.source import validate
from generator.source.load import display_path, load_document
from generator.source.schema import LANGUAGES

SITE_FILE = "site.yaml"


@dataclass(frozen=True)
class Options:
    content_dir: Path
    output_dir: Path
    now: dt.datetime | None = None
    """The moment to build as; naive means the site's time zone; None means SOURCE_DATE_EPOCH, else the clock."""
    drafts: bool = False
    strict: bool = False
    search: bool = True
    """Build the search index (and show the search box); `--no-search` turns it off for one build."""
    preview: bool = False
    """A preview of unpublished changes (`--preview`): not for search engines (see SiteConfig.preview)."""
    cache_dir: Path | None = None
    """Where the build cache lives (default: CACHE_DIR beside the content folder)."""
    cache: bool = True
    """Use and update the build cache; without it every build starts from scratch."""
    index: bool = True
    """Build the search index in this build; False leaves it to the caller (the preview builds it in the
    background) and keeps the current one."""
    progress: Callable[[str, int, int], None] | None = None
    """Told (step, done, total) as the build goes, for a progress display."""
    kept: Cache | None = None
    """The cache as the last build in this process left it (the preview builds again and again): used
    instead of reading it from disk, when it still describes the output folder."""
    wait: bool = True
    """Wait for another build that holds the output folder or the cache (False: fail at once, `--no-wait`)."""
    waiting: Callable[[Path, str], None] | None = None
    """Told (folder, process id or "") before this build waits for another one."""
    stats: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    """(size, mtime in ns) of files by path, as taken just before this build (by the quick check of
    quick.py): used instead of asking again."""


def workbench(opts: Options, diags: list[Diagnostic]) -> Workbench | None:
    """The site configuration, theme and settings, or None (with a diagnostic) when they are broken.
    Templates are compiled in memory by each build: compiled code is never read from a folder."""
    config = load_config(opts.content_dir, diags)
    if config is None:
        return None
    try:
        theme = find_theme(config.theme, opts.content_dir.parent)
        env = make_env(theme)
        strings = {lang: Strings(theme.strings(lang), lang) for lang in LANGUAGES}
    except ContentError as exc:
        diags.append(Diagnostic(Location(display_path(opts.content_dir / SITE_FILE), _line_of(opts.content_dir, "theme")),
                                exc.message, exc.hint, field="theme"))
        return None
    except jinja2.TemplateError as exc:
        diags.append(template_error(exc))
        return None
    settings = settings_key((opts.content_dir / SITE_FILE).read_bytes())
    today = resolve_now(opts.now, config.tz).astimezone(config.tz).date()
    return Workbench(opts.content_dir, config, settings, theme, env, strings, today=today)


def working_day_calendar() -> str:
    """The working-day calendar's part of the settings: its package version and a digest of its data. A
    calendar upgraded or patched (a year's holidays added or corrected) moves the end of working-day
    periods, so every notice is read again."""
    return calendar_fingerprint()


def _line_of(content_dir: Path, key: str) -> int:
    """The line of a top-level `key:` in site.yaml (1 when it cannot be read or is not there)."""
    try:
        lines = (content_dir / SITE_FILE).read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return 1
    return next((i for i, line in enumerate(lines, 1) if line.startswith(key + ":")), 1)


def settings_key(site_yaml: bytes) -> str:
    """The fingerprint every cached value is keyed with (part of each notice's key and of the cache's
    validity): the generator (version and code) and the site configuration. Anything else a build's
    output depends on everywhere belongs here, such as the working-day calendar."""
    return fingerprint(generator_fingerprint(), site_yaml, working_day_calendar())


def theme_folders(bench: Workbench) -> list[Path]:
    """Every folder templates, assets and interface strings come from."""
    theme = bench.theme
    return [*(p for p in (theme.overrides, theme.static) if p is not None), *theme.chain]


def load_config(content_dir: Path, diags: list[Diagnostic]) -> SiteConfig | None:
    path = content_dir / SITE_FILE
    if not path.is_file():
        diags.append(Diagnostic(Location(display_path(path)), "site configuration not found",
                                f"create {SITE_FILE} in the content folder with at least `title:`, or pass --content DIR"))
        return None
    if not paths.inside(path, content_dir):
        diags.append(Diagnostic(Location(display_path(path)), "file is a link that leads out of the content folder",
                                "copy the file into the content folder instead of linking to it"))
        return None
    doc, errs = load_document(path, content_dir)
    diags.extend(errs)
    if doc is None:
        return None
    config, errs = validate.site_config(doc)
    diags.extend(errs)
    return config


def notice_files(content_dir: Path) -> list[Path]:
    """content/notices/<slug>.md and content/notices/<slug>/index.md, in a stable order."""
    return [content_dir / rel for rel in notice_paths(content_dir)]


def _is_file(entry: os.DirEntry[str]) -> bool:
    """A file, or a link that cannot be followed (a loop): reading it reports the problem."""
    try:
        return entry.is_file()
    except OSError:
        return True


def notice_paths(content_dir: Path) -> list[str]:
    """The notice files as paths relative to the content folder (notices/x.md, notices/y/index.md), in
    the order of their path parts."""
    folder = os.path.join(content_dir, "notices")
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    rels = []
    for entry in entries:
        if entry.name.endswith(".md") and _is_file(entry):
            rels.append("notices/" + entry.name)
        elif entry.is_dir() and os.path.isfile(os.path.join(entry.path, "index.md")):
            rels.append(f"notices/{entry.name}/index.md")
    return sorted(rels, key=lambda rel: rel.split("/"))


def resolve_now(moment: dt.datetime | None, tz: dt.tzinfo) -> dt.datetime:
    """--now, else SOURCE_DATE_EPOCH, else the clock. A naive --now is in the site's time zone."""
    if moment is not None:
        return moment if moment.tzinfo else moment.replace(tzinfo=tz)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)


def calendar_folder() -> Path:
    """The installed working-day calendar's folder: an upgraded or patched calendar is a change the quick
    answer ("nothing changed") must see."""
    import chinese_calendar

    return Path(chinese_calendar.__file__).resolve().parent
