"""The peer generators bench/run.py builds beside Gongshi, over the same notices, and what each builds.

  hugo          bench/peers/hugo: the smallest Hugo site, one page per notice and the list pages.
  hugo-full     bench/peers/hugo-full: Hugo doing Gongshi's job (like for like): a page per notice with
                its period and state at build time, contacts and progress counts; one JSON file per
                notice (an output format); archives by year, kind, issuer and tag with pagination
                (taxonomies); an Atom feed; a sitemap. Gongshi writes more still (ledgers, calendar
                files, open data index, redirects, assets), so this is the fair floor for comparison.
  eleventy      bench/peers/eleventy: the smallest Eleventy site, one page per notice and the list
                page, installed from its package-lock.json into bench/.eleventy on first use.
  pelican       bench/peers/pelican: the smallest Pelican site, in bench/.venv-pelican.

Each peer reads the corpus written with make_corpus.py --peers (front matter with `date:`); Hugo's
taxonomies also need `kind` and `year` fields, which prepare() adds to its copy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ELEVENTY_HOME = BENCH / ".eleventy"

# step name → (peer folder, output folder the build writes)
OUTPUT = {"hugo": "public", "hugo-full": "public", "eleventy": "_site", "pelican": "output"}


def eleventy_command() -> list[str] | None:
    """Eleventy's command, after `npm ci` of bench/peers/eleventy's lock file into bench/.eleventy."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        print("bench: node/npm not found (apt-get install npm); skipping Eleventy", file=sys.stderr)
        return None
    cmd = ELEVENTY_HOME / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
    if not cmd.exists():
        ELEVENTY_HOME.mkdir(exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(BENCH / "peers" / "eleventy" / name, ELEVENTY_HOME / name)
        print("bench: installing Eleventy into bench/.eleventy …", file=sys.stderr)
        try:
            subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                           cwd=ELEVENTY_HOME, check=True)
        except (OSError, subprocess.CalledProcessError) as exc:
            print(f"bench: could not install Eleventy ({exc}); skipping Eleventy", file=sys.stderr)
            return None
    return [node, str(cmd), "--quiet"]


def prepare(name: str, root: Path, corpus: Path) -> Path:
    """The peer's site under root/<name>, with the corpus as its content/notices/. Returns the site."""
    site = root / name
    shutil.copytree(BENCH / "peers" / name, site, ignore=shutil.ignore_patterns("node_modules", "package-lock.json"))
    notices = site / "content" / "notices"
    if name == "hugo-full":
        notices.mkdir(parents=True, exist_ok=True)
        for path in sorted(corpus.glob("*.md")):
            (notices / path.name).write_text(_with_taxonomies(path.read_text("utf-8")), "utf-8")
    else:
        notices.mkdir(parents=True, exist_ok=True)
        for path in sorted(corpus.glob("*.md")):
            os.link(path, notices / path.name)
    if name == "eleventy":
        (site / "node_modules").symlink_to(ELEVENTY_HOME / "node_modules", target_is_directory=True)
    return site


def _with_taxonomies(text: str) -> str:
    """The notice with `kind:` and `year:` in its front matter (Gongshi reads them from kind and issued)."""
    year = re.search(r"^date: (\d{4})", text, re.M)
    extra = f'kind: "rectification-progress"\nyear: "{year[1] if year else "0"}"\n'
    return text.replace("\ndate: ", "\n" + extra + "date: ", 1)


def command(name: str, hugo: str | None, eleventy: list[str] | None, pelican: list[str] | None) -> list[str]:
    if name in ("hugo", "hugo-full"):
        assert hugo is not None
        return [hugo, "--quiet", "--destination", "public"]
    if name == "eleventy":
        assert eleventy is not None
        return eleventy
    assert pelican is not None
    return [*pelican, "--settings", "pelicanconf.py", "--output", "output", "--quiet", "content"]
