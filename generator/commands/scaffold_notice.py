"""`gongshi new`: a new notice file of one kind, from the templates in generator/scaffold/notices/.

The file has today's date (in the site's time zone; SOURCE_DATE_EPOCH fixes "today" as it fixes the
build's moment), every field of its kind with a short comment, placeholder text in （）, and it
builds as it is: no errors, no warnings. A notice title in Chinese makes no readable ASCII slug, so
the file is named `<date>-<kind word>` (the importer's names), made unique with -2, -3…; `--slug`
chooses another. An existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from generator.build.inputs import load_config, notice_files, resolve_now
from generator.errors import Diagnostic, format_all
from generator.markdown.parser import Markdown
from generator.notice import docnumbers
from generator.notice.model import SiteConfig
from generator.source import validate
from generator.source.json_schema import SCHEMAS_DIR
from generator.source.load import display_path, load_document, parse_document
from generator.source.schema import KINDS, SLUG_RE

SCAFFOLD = Path(__file__).resolve().parents[1] / "scaffold"
KIND_WORDS = {"rectification-progress": "rectification", "inspection-announcement": "inspection",
              "appointment-notice": "appointment", "project-notice": "project", "generic": "notice"}
"""The second half of a default file name; the same words the importer uses."""
PERIOD_DAYS = 14
"""A new notice's disclosure period: from today to this many days later (appointments: 5 working days)."""
DEADLINE_DAYS = 90
"""The placeholder deadline of a new notice's items."""
PLACEHOLDER_ISSUER = "（发布单位全称）"


class ScaffoldError(Exception):
    """A request `new` or `init` refuses, with a hint; `usage` errors exit 2, others 1."""

    def __init__(self, message: str, hint: str = "", *, usage: bool = False,
                 diagnostics: tuple[Diagnostic, ...] = ()) -> None:
        super().__init__(message)
        self.message, self.hint, self.usage, self.diagnostics = message, hint, usage, diagnostics

    def report(self, command: str) -> int:
        """Print the error (and any diagnostics behind it) to stderr; return the exit code."""
        if self.diagnostics:
            print(format_all(list(self.diagnostics)), file=sys.stderr)
        print(f"gongshi {command}: error: {self.message}", file=sys.stderr)
        if self.hint:
            print(f"  hint: {self.hint}", file=sys.stderr)
        return 2 if self.usage else 1


@dataclass(frozen=True)
class NoticeValues:
    """What a notice template is filled in with."""

    kind: str
    title: str
    issuer: str
    today: dt.date
    schema: str | None = None
    """The schema file's path relative to the notice, for the editor's modeline; None leaves it out."""
    draft: bool = True
    index_number: str = ""
    """The next free 索引号 under the site's rule, or "" when the site has none."""


def template_env() -> jinja2.Environment:
    """Jinja2 over generator/scaffold/, producing plain text (YAML and Markdown, not HTML)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(SCAFFOLD)), undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    env.filters["yaml"] = yaml_scalar
    return env


def yaml_scalar(value: str) -> str:
    """A one-line YAML value that reads back as exactly `value`, even with a comment after it."""
    text = str(value)
    try:
        plain_ok = "\n" not in text and yaml.safe_load(f"k: {text}  # c") == {"k": text}
    except yaml.YAMLError:
        plain_ok = False
    if plain_ok:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def check_kind(kind: str) -> None:
    """Refuse an unknown kind as a usage error naming the kinds (and the closest one)."""
    if kind in KINDS:
        return
    close = difflib.get_close_matches(kind, KINDS, n=1, cutoff=0.5)
    if not close:  # "rectification", "appointment": a prefix or a kind word
        close = [k for k in KINDS if k.startswith(kind) or KIND_WORDS[k] == kind][:1] if kind else []
    hint = (f"did you mean `{close[0]}`? " if close else "") + "kinds: " + ", ".join(KINDS)
    raise ScaffoldError(f"unknown kind `{kind}`", hint, usage=True)


def notice_text(values: NoticeValues) -> str:
    """The whole content file for a new notice."""
    today = values.today
    template = template_env().get_template(f"notices/{values.kind}.md")
    return template.render(
        kind=values.kind, title=values.title, issuer=values.issuer, issued=today.isoformat(),
        start=today.isoformat(), end=(today + dt.timedelta(days=PERIOD_DAYS)).isoformat(),
        deadline=_cn_date(today + dt.timedelta(days=DEADLINE_DAYS)), done_date=_cn_date(today),
        schema=values.schema, draft=values.draft, index_number=values.index_number)


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def site_config(content_dir: Path) -> SiteConfig:
    """The site's configuration; refuse a missing or broken site.yaml with its diagnostics."""
    diags: list[Diagnostic] = []
    config = load_config(content_dir, diags)
    errors = tuple(d for d in diags if d.is_error)
    if config is None or errors:
        raise ScaffoldError(f"cannot read {display_path(content_dir / 'site.yaml')}",
                            "fix the errors above, or pass --content DIR with the site's content folder",
                            diagnostics=errors or tuple(diags))
    return config


def today_in(config: SiteConfig) -> dt.date:
    """Today in the site's time zone (SOURCE_DATE_EPOCH, when set, is "now")."""
    return resolve_now(None, config.tz).astimezone(config.tz).date()


def taken_slugs(content_dir: Path) -> set[str]:
    """Slugs and file names already used in content/notices/."""
    taken: set[str] = set()
    folder = content_dir / "notices"
    if folder.is_dir():
        taken |= {p.stem.lower() for p in folder.iterdir()}
    for path in notice_files(content_dir):
        doc, _ = load_document(path, content_dir)
        if doc is not None and isinstance(doc.data.get("slug"), str):
            taken.add(doc.data["slug"].strip().lower())
    return taken


def next_index_number(content_dir: Path, config: SiteConfig, today: dt.date) -> str:
    """The 索引号 after the highest serial of this year among the notices written so far (drafts
    included: a number once given stays taken), or "" when site.yaml has no `index_number` rule."""
    if config.index_rule is None:
        return ""
    taken = []
    for path in notice_files(content_dir):
        doc, _ = load_document(path, content_dir)
        if doc is not None and doc.data.get("index_number") is not None:
            taken.append(str(doc.data["index_number"]).strip())
    return docnumbers.next_index_number(config.index_rule, today.year, taken)


def choose_slug(content_dir: Path, kind: str, today: dt.date, slug: str | None) -> str:
    """--slug as given (checked), else `<date>-<kind word>` with the first free -N suffix."""
    taken = taken_slugs(content_dir)
    if slug is not None:
        if not re.match(SLUG_RE, slug):
            raise ScaffoldError(f"--slug `{slug}` is not a slug",
                                "use lowercase ASCII letters, digits and hyphens, e.g. 2025-xuncha-zhenggai",
                                usage=True)
        if slug in taken:
            raise ScaffoldError(f"a notice named `{slug}` already exists in {display_path(content_dir / 'notices')}",
                                "choose another --slug; an existing notice is never overwritten")
        return slug
    base = f"{today.isoformat()}-{KIND_WORDS[kind]}"
    n = 1
    while (candidate := base if n == 1 else f"{base}-{n}") in taken:
        n += 1
    return candidate


def schema_reference(content_dir: Path, folder: Path, name: str) -> str | None:
    """The path from `folder` to a schema file: the site's copy (schemas/ beside the content folder,
    as `gongshi init` writes it), else the package's own copy when it lies inside the site (this
    repository's sample content); None when neither is there."""
    site_root = content_dir.resolve().parent
    for candidate in (site_root / "schemas" / name, SCHEMAS_DIR / name):
        if candidate.is_file() and candidate.resolve().is_relative_to(site_root):
            return Path(os.path.relpath(candidate.resolve(), folder.resolve())).as_posix()
    return None


def create_notice(content_dir: Path, kind: str, title: str, slug: str | None = None, *,
                  draft: bool = True) -> Path:
    """Write a new notice file into content_dir/notices/ and return its path."""
    check_kind(kind)
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("the title is empty", 'write it in quotes: gongshi new generic "关于……的公示"', usage=True)
    config = site_config(content_dir)
    today = today_in(config)
    slug = choose_slug(content_dir, kind, today, slug)
    folder = content_dir / "notices"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{slug}.md"
    values = NoticeValues(kind, title, config.footer.organisation or PLACEHOLDER_ISSUER, today,
                          schema_reference(content_dir, folder, "notice.schema.json"), draft,
                          next_index_number(content_dir, config, today))
    text = notice_text(values)
    refuse_broken(text, target, content_dir, config, today)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as f:  # "x": never overwrite
            f.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{display_path(target)} exists", "choose another --slug") from None
    return target


def refuse_broken(text: str, target: Path, content_dir: Path, config: SiteConfig, today: dt.date) -> None:
    """Check the new file as `gongshi check` would, before it is written: a file `new` writes always builds.
    (On 28 December, five working days reach into a year the installed working-day calendar may not cover
    yet: then nothing is written, and the error says which year is missing and how to go on.)"""
    doc, diags = parse_document(text.encode("utf-8"), target, content_dir)
    if doc is not None:
        head, diags = validate.notice_head(doc, config, None, today)
        if head is not None:
            diags += validate.notice_body(head, doc.body, config, Markdown(config.allow_html))[2]
    errors = tuple(d for d in diags if d.is_error)
    if errors:
        gap = next((d for d in errors if "working-day calendar" in d.message), None)
        hint = ("nothing was written; write the notice with an explicit end date (`end:`) in place of"
                " `working_days:`, or upgrade the calendar (pip install --upgrade chinesecalendar) once the"
                " year's holidays are published") if gap else "nothing was written; please report this"
        raise ScaffoldError(f"the new {display_path(target)} would not pass `gongshi check`", hint,
                            diagnostics=errors)


def run(args: argparse.Namespace) -> int:
    """`gongshi new KIND TITLE [--content DIR] [--slug SLUG]`: print the new file's path."""
    try:
        path = create_notice(args.content, args.kind, args.title, args.slug)
    except ScaffoldError as exc:
        return exc.report("new")
    print(display_path(path))
    print("draft: true keeps it off the published site until you delete that line; "
          "replace every （…） placeholder, then run `gongshi check`", file=sys.stderr)
    return 0
