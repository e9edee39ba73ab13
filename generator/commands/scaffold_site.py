"""`gongshi init DIR`: a new site, ready to check, build and publish, from generator/scaffold/site/.

It writes content/site.yaml, one sample notice, the JSON Schemas (schemas/, so the files' schema
references are relative and work offline), a .gitignore, VS Code settings, the CI workflows for
GitHub Pages and GitLab Pages, and the one requirements.txt both workflows install Gongshi from.
It refuses a folder that is not empty (a .git folder alone is allowed: a fresh clone).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import sys
from pathlib import Path

from generator import __version__
from generator.commands.scaffold_notice import SCAFFOLD, ScaffoldError, create_notice, schema_reference, template_env
from generator.source.json_schema import write_schemas
from generator.source.load import display_path

DEFAULT_TITLE = "公示公告"
DEFAULT_DESCRIPTION = "本单位依法依规公开的公示公告，公示期内欢迎监督。"
SAMPLE_KIND = "rectification-progress"
SAMPLE_TITLE = "关于巡察整改落实进展情况的通报（示例）"

COPIED = {  # scaffold/site/<name> → where it goes in the new site, as it is
    "gitignore": ".gitignore",
    "github-pages.yml": ".github/workflows/pages.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "vscode-tasks.json": ".vscode/tasks.json",
    "vscode-extensions.json": ".vscode/extensions.json",
}
"""Workflow files are copied, not rendered: their ${{ … }} expressions are GitHub's, not Jinja's."""


def gongshi_requirement() -> tuple[str, bool]:
    """The requirement line that installs the running Gongshi, and whether a CI runner can install it.

    A Gongshi installed from a git repository or an archive URL records where it came from (PEP 610,
    direct_url.json); the site then asks for that exact commit. Otherwise (a local checkout, or a
    package index) the line names the version, which installs once Gongshi is on PyPI."""
    try:
        raw = importlib.metadata.distribution("gongshi").read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        raw = None
    try:
        info = json.loads(raw) if raw else {}
    except ValueError:
        info = {}
    url = str(info.get("url", ""))
    vcs = info.get("vcs_info") or {}
    # [fast]: the faster Markdown parser, worth having on CI runners that build large sites.
    if url.startswith("https://") and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"gongshi[fast] @ git+{url}@{vcs['commit_id']}", True
    if url.startswith("https://") and "archive_info" in info:
        return f"gongshi[fast] @ {url}", True
    return f"gongshi[fast]=={__version__}", False


def create_site(folder: Path, title: str | None = None, cms: bool = False) -> list[Path]:
    """Write a new site into `folder` (new or empty); return the files written."""
    title = " ".join((DEFAULT_TITLE if title is None else title).split())
    if not title:
        raise ScaffoldError("the title is empty", 'write it in quotes: gongshi init site --title "某某单位公示公告"',
                            usage=True)
    if folder.exists() and (not folder.is_dir() or any(p.name != ".git" for p in folder.iterdir())):
        raise ScaffoldError(f"{display_path(folder)} is not empty",
                            "choose a new or empty folder (a fresh git clone with nothing but .git is fine): "
                            "init never writes over files")
    folder.mkdir(parents=True, exist_ok=True)
    content = folder / "content"
    content.mkdir()
    written = write_schemas(folder / "schemas")
    requirement, _ = gongshi_requirement()
    env = template_env()
    rendered = {
        content / "site.yaml": env.get_template("site/site.yaml").render(
            title=title, description=DEFAULT_DESCRIPTION, schema=schema_reference(content, content, "site.schema.json")),
        folder / "requirements.txt": env.get_template("site/requirements.txt").render(
            requirement=requirement, version=__version__),
    }
    for source, dest in COPIED.items():
        rendered[folder / dest] = (SCAFFOLD / "site" / source).read_text("utf-8")
    for path, text in rendered.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8", newline="\n")
        written.append(path)
    written.append(create_notice(content, SAMPLE_KIND, SAMPLE_TITLE, draft=False))
    if cms:
        from generator.commands.cms import write_admin
        written += write_admin(folder)
    return sorted(written)


def run(args: argparse.Namespace) -> int:
    """`gongshi init DIR [--title TITLE]`: print each file written, then the next steps."""
    try:
        written = create_site(args.dir, args.title, cms=getattr(args, "cms", False))
    except ScaffoldError as exc:
        return exc.report("init")
    for path in written:
        print(display_path(path))
    where = display_path(args.dir)
    steps = [f"gongshi: a new site in {where}/. Next:",
             f"  cd {where} && gongshi check && gongshi build   # then open output/index.html",
             "  edit content/site.yaml (title, base_url, contacts, footer) and replace the sample notice",
             "  push it to GitHub or GitLab: the workflows check, build and publish the pages"]
    if getattr(args, "cms", False):
        steps.append("  admin/ is the browser editor: set cms: (backend, repo) in site.yaml, run `gongshi cms`, and "
                     "see the README, \"Editing in the browser\"")
    requirement, installable = gongshi_requirement()
    if not installable:
        steps.append(f"  note: requirements.txt asks for `{requirement}`, which is not on PyPI yet: point it at "
                     "Gongshi's git repository (see the comment in the file) before the first push")
    print("\n".join(steps), file=sys.stderr)
    return 0
