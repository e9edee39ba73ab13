"""`gongshi cms` (and `gongshi init --cms`): the browser editor in admin/, for editors without Git.

admin/ holds Decap CMS's page (index.html), its configuration (config.yml, generated from the
schema by cms_config) and Gongshi's additions (gongshi-cms.js: preview in the site's stylesheet,
empty values left out on save). The page loads Decap CMS at a pinned version with a Subresource
Integrity hash, from the public CDN or (`cms: {script: self}` in site.yaml) from a copy in
admin/decap-cms/ that `gongshi cms --copy-from` puts there after checking its hash.
`gongshi cms --check` writes nothing and fails while admin/ is not what this Gongshi generates.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from generator.commands.cms_config import BACKENDS, CHOICES, config_text
from generator.commands.scaffold_notice import SCAFFOLD, ScaffoldError
from generator.notice.kinds import KINDS
from generator.notice.model import DEFAULT_STATES
from generator.source.load import display_path, load_document
from generator.source.schema import SITE, Checker

DECAP_VERSION = "3.16.3"
DECAP_SHA384 = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"
"""The integrity of dist/decap-cms.js of the npm package decap-cms at DECAP_VERSION (the file the CDN serves)."""
CDN_URL = f"https://unpkg.com/decap-cms@{DECAP_VERSION}/dist/decap-cms.js"
SELF_DIR = "decap-cms"
"""admin/decap-cms/: where a self-hosted copy of the package's dist/ goes."""
ADMIN = "admin"


def integrity(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def settings(site_dir: Path) -> tuple[dict[str, Any], list[str]]:
    """The `cms:` settings and progress states of content/site.yaml (errors as printable lines)."""
    path = site_dir / "content" / "site.yaml"
    if not path.is_file():
        return {}, [f"{display_path(path)}: not found; run gongshi cms in the site's folder (the one with content/)"]
    doc, diags = load_document(path, path.parent)
    if doc is None:
        return {}, [d.format() for d in diags]
    checker = Checker(doc)
    data = checker.check(doc.data, SITE) or {}
    errors = [d.format() for d in checker.diagnostics if d.field.split(".")[0] in ("cms", "progress_states")]
    if errors:
        return {}, errors
    out: dict[str, Any] = dict(data.get("cms", {}))
    out["progress_states"] = data.get("progress_states")
    base = str(data.get("base_url", ""))
    out["site_url"] = base if base.startswith("http") else ""
    return out, []


def admin_files(cms: dict[str, Any]) -> dict[str, str]:
    """admin/'s generated files: name → text."""
    states = cms.get("progress_states") or [{"key": s.key, "label": s.label} for s in DEFAULT_STATES]
    self_hosted = cms.get("script") == "self"
    src = f"{SELF_DIR}/decap-cms.js" if self_hosted else CDN_URL
    page = (SCAFFOLD / "admin" / "index.html").read_text("utf-8")
    page = page.replace("{{ src }}", src).replace("{{ integrity }}", DECAP_SHA384)
    script = (SCAFFOLD / "admin" / "gongshi-cms.js").read_text("utf-8")
    script = script.replace("__STATES__", json.dumps([{"key": s["key"], "label": s["label"]} for s in states],
                                                     ensure_ascii=False))
    script = script.replace("__KINDS__", json.dumps({k: CHOICES["kind"].get(k, k) for k in KINDS}, ensure_ascii=False))
    text = config_text(backend=cms.get("backend", "github"), repo=cms.get("repo", "OWNER/REPOSITORY"),
                       branch=cms.get("branch", "main"), site_url=cms.get("site_url", ""),
                       api_root=cms.get("api_root", ""), app_id=cms.get("app_id", ""))
    return {"index.html": page, "config.yml": text, "gongshi-cms.js": script}


def stale(site_dir: Path, cms: dict[str, Any]) -> list[str]:
    """What differs between admin/ and what would be generated (empty: up to date)."""
    out = []
    for name, text in admin_files(cms).items():
        path = site_dir / ADMIN / name
        if not path.is_file() or path.read_text("utf-8") != text:
            out.append(f"{display_path(path)}: out of date; run `gongshi cms`")
    if cms.get("script") == "self":
        copy = site_dir / ADMIN / SELF_DIR / "decap-cms.js"
        if not copy.is_file() or integrity(copy.read_bytes()) != DECAP_SHA384:
            out.append(f"{display_path(copy)}: missing or not Decap CMS {DECAP_VERSION}; run "
                       f"`gongshi cms --copy-from node_modules/decap-cms/dist` (npm install decap-cms@{DECAP_VERSION})")
    return out


def copy_decap(source: Path, dest: Path) -> list[Path]:
    """Copy decap-cms's dist/ (without source maps) after checking the main file is the pinned one."""
    main = source / "decap-cms.js"
    if not main.is_file():
        raise ScaffoldError(f"{display_path(main)} not found",
                            f"give the dist/ folder of the npm package: npm install decap-cms@{DECAP_VERSION}, "
                            "then --copy-from node_modules/decap-cms/dist", usage=True)
    if integrity(main.read_bytes()) != DECAP_SHA384:
        raise ScaffoldError(f"{display_path(main)} is not Decap CMS {DECAP_VERSION} (its hash differs)",
                            f"install exactly that version: npm install decap-cms@{DECAP_VERSION}")
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(source.iterdir()):
        if path.is_file() and path.suffix in (".js", ".wasm", ".css", ".txt") and not path.name.startswith("cms."):
            (dest / path.name).write_bytes(path.read_bytes())
            written.append(dest / path.name)
    return written


def write_admin(site_dir: Path, cms: dict[str, Any] | None = None) -> list[Path]:
    """Write admin/ into a site; returns the files written."""
    cms = cms if cms is not None else {}
    folder = site_dir / ADMIN
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in admin_files(cms).items():
        path = folder / name
        path.write_text(text, "utf-8", newline="\n")
        written.append(path)
    return written


def run(args: argparse.Namespace) -> int:
    cms, errors = settings(args.site)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        print("gongshi cms: site.yaml has errors; nothing written", file=sys.stderr)
        return 1
    if args.check:
        problems = stale(args.site, cms)
        for line in problems:
            print(line, file=sys.stderr)
        return 1 if problems else 0
    try:
        written = write_admin(args.site, cms)
        if args.copy_from:
            written += copy_decap(args.copy_from, args.site / ADMIN / SELF_DIR)
    except ScaffoldError as exc:
        return exc.report("cms")
    except OSError as exc:
        print(f"gongshi cms: error: cannot write {display_path(args.site / ADMIN)}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    for path in written[:3]:
        print(display_path(path))
    if len(written) > 3:
        print(f"{display_path(args.site / ADMIN / SELF_DIR)}/ ({len(written) - 3} files)")
    hints = [f"gongshi cms: the editor is in {display_path(args.site / ADMIN)}/ (Decap CMS {DECAP_VERSION}). Next:",
             "  try it here: npx decap-server (in the site's folder), then serve the built site with admin/ "
             "beside it and open /admin/",
             "  connect GitHub or GitLab: README, \"Editing in the browser\""]
    if cms.get("script") == "self" and stale(args.site, cms):
        hints.append("  cms: script: self needs the copy: gongshi cms --copy-from node_modules/decap-cms/dist")
    if cms.get("backend", "github") not in BACKENDS:
        hints.append("  note: cms.backend is neither github nor gitlab")
    print("\n".join(hints), file=sys.stderr)
    return 0
