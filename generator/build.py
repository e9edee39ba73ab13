"""The build recipe: load → validate → render → assemble → write. Each step is one call."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import paths, search, validate
from .errors import ContentError, Diagnostic, Location, has_errors
from .load import display_path, load_document
from .markdown import make_parser, render
from .model import Notice, SiteConfig
from .outputs import RenderContext, finishers, redirects, renderers
from .site import Site, assemble
from .theme import Strings, find_theme, make_env
from .write import OutputFile, UnsafePath, clean_stale, write_site

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


@dataclass
class Result:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notices: int = 0
    files: int = 0
    written: bool = False

    def failed(self, strict: bool = False) -> bool:
        return has_errors(self.diagnostics, strict)


def build(opts: Options, write: bool = True) -> Result:
    """Build the site; write it only when the content is free of errors."""
    result = Result()
    conflict = paths.output_conflict(opts.output_dir, opts.content_dir) if write else ""
    if conflict:
        result.diagnostics.append(Diagnostic(Location(display_path(opts.output_dir)), conflict,
                                             "choose another --output, e.g. the default `output`"))
        return result
    config = load_config(opts.content_dir, result.diagnostics)
    if config is None:
        return result
    notices = load_notices(opts.content_dir, config, result.diagnostics)
    result.diagnostics += validate.across_notices([n for n, _ in notices])
    notices = [(n, html) for n, html in notices if opts.drafts or not n.draft]
    result.notices = len(notices)
    if result.failed(opts.strict):
        return result
    if config.search and not (opts.search and notices):
        config = dataclasses.replace(config, search=False)  # nothing to search, or turned off for this build
    site = assemble(config, resolve_now(opts.now, config.tz), notices)
    try:
        files = render_outputs(site, opts.content_dir.parent)
    except ContentError as exc:
        result.diagnostics.append(Diagnostic(Location(display_path(opts.content_dir / SITE_FILE)), exc.message, exc.hint,
                                             field="theme"))
        return result
    except jinja2.TemplateError as exc:
        result.diagnostics.append(_template_error(exc))
        return result
    result.diagnostics += redirects.collisions(site, files)
    if result.failed(opts.strict):
        return result
    result.files = len(files)
    if write:
        try:
            clean_stale(opts.output_dir)
            write_site(files, opts.output_dir, _indexer(site, opts, result.diagnostics))
        except UnsafePath as exc:
            result.diagnostics.append(Diagnostic(Location(display_path(opts.content_dir)), str(exc),
                                                 "check slugs, aliases and attachment paths"))
            return result
        except search.SearchError as exc:
            result.diagnostics.append(exc.diagnostic)
            return result
        result.written = True
    return result


def _indexer(site: Site, opts: Options, diags: list[Diagnostic]) -> Callable[[Path], None] | None:
    """The write stage's last step before the swap: the search index over the rendered pages."""
    config = site.config
    if not config.search:
        return None
    where = Location(display_path(opts.content_dir / SITE_FILE))
    langs = {config.language} | {e.notice.lang for e in site.entries}

    def finish(folder: Path) -> None:
        warnings = search.index_site(folder, where, keep_index_url=config.url_style == "file",
                                     cjk=any(lang.startswith("zh") for lang in langs))
        if warnings and opts.strict:
            raise search.SearchError(warnings[0])
        diags.extend(warnings)

    return finish


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
    folder = content_dir / "notices"
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob("*.md")] + [p for p in folder.glob("*/index.md")]
    return sorted(files)


def load_notices(content_dir: Path, config: SiteConfig, diags: list[Diagnostic]) -> list[tuple[Notice, str]]:
    """Load, validate and render the body of every notice file."""
    md = make_parser(config.allow_html)
    out = []
    for path in notice_files(content_dir):
        if not paths.inside(path, content_dir):
            diags.append(Diagnostic(Location(display_path(path)), "file is a link that leads out of the content folder",
                                    "copy the file into the content folder instead of linking to it"))
            continue
        doc, errs = load_document(path, content_dir)
        diags.extend(errs)
        if doc is None:
            continue
        folder = path.parent if path.name == "index.md" else None
        notice, tokens, errs = validate.notice(doc, config, md, folder)
        diags.extend(errs)
        if notice is not None:
            out.append((notice, render(md, tokens)))
    return out


def render_outputs(site_model: Site, site_root: Path) -> list[OutputFile]:
    config = site_model.config
    theme = find_theme(config.theme, site_root)
    env = make_env(theme)
    langs = {config.language} | {e.notice.lang for e in site_model.entries}
    strings = {lang: Strings(theme.strings(lang), lang) for lang in sorted(langs)}
    ctx = RenderContext(site_model, env, theme, strings)
    files: list[OutputFile] = []
    for renderer in renderers():
        files.extend(renderer(ctx))
    for finisher in finishers():
        files.extend(finisher(ctx, files))
    return files


def _template_error(exc: jinja2.TemplateError) -> Diagnostic:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = Location(exc.filename or exc.name or "<template>", exc.lineno)
        return Diagnostic(where, f"template syntax error: {exc.message}", "fix the template")
    return Diagnostic(Location("<templates>"), f"template error: {exc}", "fix the template or the theme's locale strings")


def parse_now(text: str) -> dt.datetime:
    """--now as written: 2025-07-25T10:00, 2025-07-25 10:00, with or without a zone. Raises ValueError."""
    return dt.datetime.fromisoformat(text.strip().replace(" ", "T"))


def resolve_now(moment: dt.datetime | None, tz: dt.tzinfo) -> dt.datetime:
    """--now, else SOURCE_DATE_EPOCH, else the clock. A naive --now is in the site's time zone."""
    if moment is not None:
        return moment if moment.tzinfo else moment.replace(tzinfo=tz)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC)
