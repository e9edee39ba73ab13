"""The work on each notice, in whichever process does it: read its head, then render its files.

Reading a notice happens in two steps, because its page links to other notices (its neighbours, the
notices related to it, the groups it is filed under) and those are only known once every notice's
front matter has been read:

1. `Workbench.head`: the file → its front matter validated, the notice without its text, and a
   `Record`. Cheap: no Markdown is parsed.
2. `Workbench.render`: the body parsed (sections, items, measures), the text rendered, and every file
   of the notice rendered and written, with the whole site known.

A `Workbench` holds what both need (settings, templates, the Markdown parser). Worker processes are
forks of the build and use its Workbench as they find it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import jinja2
import orjson

from generator import paths
from generator.assemble.site import Site, published
from generator.build.cache import fingerprint
from generator.build.codec import decoder, encode
from generator.build.write import Output, Staging, UnsafePath
from generator.errors import ContentError, Diagnostic, Location
from generator.markdown.parser import Markdown
from generator.notice.model import Notice, Record, SiteConfig
from generator.render.outputs import RenderContext, data, notice_renderers
from generator.render.theme import Strings, Theme
from generator.source import validate
from generator.source.load import display_path, parse_document, read_bytes, split_front_matter


@dataclass(frozen=True)
class Head:
    """A content file after step 1."""

    rel: str
    """Path relative to the content folder."""
    stat: tuple[int, int]
    key: str
    deps: tuple[tuple[str, int, int], ...]
    record: Record | None
    notice: str
    """The notice without its text, as JSON text (codec.encode; "" when the file had errors)."""
    diagnostics: list[Diagnostic]
    draft: bool = False
    """The file says `draft: true` (a build without --drafts does not publish it, nor stop at its errors)."""


@dataclass(frozen=True)
class Rendered:
    """A notice after step 2."""

    slug: str
    record: Record
    """The record again, now with what the body tells (its items' states)."""
    outputs: tuple[Output, ...]
    written: int
    fragment: bytes
    """Its entry of data/notices.json."""
    body: str | None
    """The rendered text, when asked for (the feeds show it)."""
    diagnostics: list[Diagnostic]


@dataclass
class Workbench:
    """Settings, templates and parser for reading and rendering notices."""

    content_dir: Path
    config: SiteConfig
    settings: str
    """Fingerprint of the generator and the settings that shape a notice (part of every content key)."""
    theme: Theme
    env: jinja2.Environment
    strings: dict[str, Strings]
    md: Markdown | None = None
    today: dt.date | None = None
    """The build's date in the site's time zone: revisions dated later are not shown yet (None: all are)."""

    def parser(self) -> Markdown:
        if self.md is None:
            self.md = Markdown(self.config.allow_html)
        return self.md

    # ------------------------------------------------------------------ step 1

    def head(self, rel: str) -> Head:
        path = self.content_dir / rel
        shown = display_path(path)
        if not paths.inside(path, self.content_dir):
            return Head(rel, (0, 0), "", (), None, "", [Diagnostic(
                Location(shown), "file is a link that leads out of the content folder",
                "copy the file into the content folder instead of linking to it")])
        try:
            st = path.stat()
        except OSError as exc:
            return Head(rel, (0, 0), "", (), None, "", [Diagnostic(Location(shown), f"cannot read file: {exc.strerror}")])
        stat = (st.st_size, st.st_mtime_ns)
        raw, diags = read_bytes(path, shown)
        if raw is None:
            return Head(rel, stat, "", (), None, "", diags)
        doc, diags = parse_document(raw, path, self.content_dir)
        if doc is None:
            return Head(rel, stat, "", (), None, "", diags)
        folder = path.parent if path.name == "index.md" and rel != "notices/index.md" else None
        notice, diags = validate.notice_head(doc, self.config, folder, self.today)
        if notice is None:
            return Head(rel, stat, "", (), None, "", diags, draft=doc.data.get("draft") is True)
        deps = tuple((a.source, *_stat(a.source)) for a in notice.attachments)
        key = fingerprint(self.settings, raw, [(a.file, a.size, a.sha256) for a in notice.attachments],
                          len(notice.revisions))  # a revision that came due changes the notice
        record = Record.of(published(notice, self.config), key, self.config.tz)
        return Head(rel, stat, key, deps, record, dump_notice(notice), diags)

    # ------------------------------------------------------------------ step 2

    def body(self, rel: str, head: Notice) -> tuple[Notice, str, list[Diagnostic]]:
        """The whole notice (as the site publishes it) and its rendered text."""
        path = self.content_dir / rel
        raw, diags = read_bytes(path, head.source)
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n") if raw is not None else ""
        _, body, _ = split_front_matter(text)
        md = self.parser()
        notice, tokens, errs = validate.notice_body(head, body, self.config, md)
        shown = published(notice, self.config)
        return shown, (md.render(tokens) if shown is notice else ""), diags + errs

    def render(self, site: Site, rel: str, head: Notice, staging: Staging | None, want_body: bool) -> Rendered:
        """Read the body and write every file of the notice into `staging` (None: only check the body)."""
        notice, body_html, diags = self.body(rel, head)
        record = Record.of(notice, site.records[notice.slug].key, self.config.tz)
        entry = site.make_entry(notice, body_html, record)
        outputs: list[Output] = []
        written = 0
        fragment = b""
        if staging is not None and not any(d.is_error for d in diags):
            ctx = self.context(site)
            try:
                for renderer in notice_renderers():
                    for f in renderer(ctx, entry):
                        out, wrote = staging.put(f)
                        outputs.append(out)
                        written += wrote
                fragment = data.fragment(ctx, entry)
            except jinja2.TemplateError as exc:
                diags.append(template_error(exc))
            except ContentError as exc:  # the theme's interface strings
                diags.append(self.theme_error(exc))
            except UnsafePath as exc:
                diags.append(Diagnostic(Location(notice.source), str(exc), "check the slug, aliases and attachment paths"))
        return Rendered(notice.slug, record, tuple(outputs), written, fragment, body_html if want_body else None, diags)

    def theme_error(self, exc: ContentError) -> Diagnostic:
        return Diagnostic(Location(display_path(self.content_dir / "site.yaml")), exc.message, exc.hint, field="theme")

    def context(self, site: Site) -> RenderContext:
        return RenderContext(site, self.env, self.theme, self.strings)


_notice = decoder(Notice)


def dump_notice(notice: Notice) -> str:
    """A notice as the build cache stores it (see codec.py)."""
    return orjson.dumps(encode(notice)).decode("utf-8")


def load_notice(text: str) -> Notice:
    """A notice stored by dump_notice; raises ValueError (codec.Malformed, or JSON that does not parse)."""
    return _notice(orjson.loads(text))  # type: ignore[no-any-return]


def template_error(exc: jinja2.TemplateError) -> Diagnostic:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = Location(exc.filename or exc.name or "<template>", exc.lineno)
        return Diagnostic(where, f"template syntax error: {exc.message}", "fix the template")
    return Diagnostic(Location("<templates>"), f"template error: {exc}", "fix the template or the theme's locale strings")


def _stat(path: str) -> tuple[int, int]:
    st = Path(path).stat()
    return st.st_size, st.st_mtime_ns

