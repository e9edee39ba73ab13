#!/usr/bin/env python3
"""Gongshi's build-speed benchmark: the floor, Gongshi's builds, Hugo and Pelican over one corpus.

usage: python3 bench/run.py [--sizes 1000,10000] [--runs K] [--corpus-script PATH]
                            [--skip-hugo] [--skip-eleventy] [--skip-pelican] [--skip-serve]
                            [--skip-python-markdown]

Run by hand from anywhere (the test suite never runs it), after `make site` has made the project's
virtual environment. For each size N it writes the synthetic corpus with the shared corpus script
(../shared/bench/make_corpus.py unless --corpus-script says otherwise; fixed seed) under
bench/work/n<N>/ and measures, K times each:

  floor               bench/floor.py: read, split, YAML, Markdown, a trivial template, write
  gongshi cold        `gongshi build --no-search` with no output/ and no cache
  gongshi edit        the same again after one sentence was appended to one notice
  gongshi noop        the same again with nothing changed
  gongshi template    the same again after the site's own templates/notice.html changed
  gongshi cold (py)   a cold build with markdown-it-py only (GONGSHI_MARKDOWN=python), to show what
                      markdown-it-pyrs saves; its output is compared with the accelerated build's
  gongshi + search    `gongshi build` from scratch with the search index, again after an edit, and
                      again with nothing changed; the index's own time is read from the build's
                      summary line, and bench/search_bytes.py measures in Chromium the bytes of
                      index a query fetches (median and largest over its query set)
  serve save→reload   bench/serve_latency.py: in `gongshi serve`, from a save to the reload message
  hugo cold           `hugo --quiet` on a minimal site over the same notices (apt-get install hugo)
  hugo-full cold      Hugo doing Gongshi's job: notice pages with period, state, contacts and progress,
                      a JSON file per notice, paginated archives by year, kind, issuer and tag, Atom, sitemap
  eleventy cold       Eleventy 3 on a minimal site over the same notices, in bench/.eleventy
  pelican cold        `pelican` on a minimal site over the same notices, in bench/.venv-pelican
bench/peer_sites.py says what each peer site builds.

Each command runs under bench/measure.py (wall time, CPU time, peak memory of the largest process
and of the whole process tree). It prints a table per N (medians of K runs), each time as a ratio
to the floor measured in the same run, and writes everything to bench/results/<time>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import peer_sites

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
RESULTS = BENCH / "results"
CORPUS_SCRIPT = REPO.parent / "shared" / "bench" / "make_corpus.py"

PYTHON = REPO / ".venv" / "bin" / "python"
NOW = "2026-12-01T10:00"
SEED = 20241125
CACHE_DIR = ".gongshi-cache"

PELICAN_VENV = BENCH / ".venv-pelican"
# Pinned so that figures stay comparable between runs.
PELICAN_PACKAGES = ["pelican==4.12.0", "markdown==3.11.3", "pelican-yaml-metadata==2.2.0"]

EDIT_SENTENCE = "（基准测试补充说明第{k}次：本段为修改后追加的内容。）"
TEMPLATE_MARK = "<!-- bench template edit {k} -->"

LABELS = {
    "floor": "floor (bench/floor.py)",
    "gongshi cold": "gongshi cold build",
    "gongshi edit": "gongshi, one notice edited",
    "gongshi noop": "gongshi, nothing changed",
    "gongshi template": "gongshi, template changed",
    "gongshi cold py": "gongshi cold, markdown-it-py only",
    "gongshi cold search": "gongshi cold build + search index",
    "gongshi edit search": "gongshi edit + search index",
    "gongshi noop search": "gongshi, nothing changed, with search",
    "serve": "serve: save to reload message",
    "hugo cold": "hugo cold build (minimal)",
    "hugo-full cold": "hugo cold build (like for like)",
    "eleventy cold": "eleventy cold build (minimal)",
    "pelican cold": "pelican cold build",
}
TARGETS = {"gongshi edit": 0.5, "gongshi noop": 0.2, "serve": 0.5}
"""Seconds the issue sets as targets (at 10 000 notices); peak memory: 500 MB."""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated (default: 1000,10000)")
    ap.add_argument("--runs", type=int, default=None,
                    help="repetitions of every measurement; the table shows medians (default: 3 below 5000 notices, else 1)")
    ap.add_argument("--corpus-script", type=Path, default=CORPUS_SCRIPT, help=f"default: {CORPUS_SCRIPT}")
    ap.add_argument("--skip-hugo", action="store_true", help="do not build with Hugo")
    ap.add_argument("--skip-eleventy", action="store_true", help="do not build with Eleventy")
    ap.add_argument("--skip-pelican", action="store_true", help="do not build with Pelican")
    ap.add_argument("--skip-serve", action="store_true", help="do not measure gongshi serve")
    ap.add_argument("--skip-python-markdown", action="store_true", help="do not build with markdown-it-py only")
    args = ap.parse_args()
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error("--sizes takes numbers, e.g. 1000,10000")
    if not sizes or min(sizes) < 1 or (args.runs is not None and args.runs < 1):
        ap.error("sizes and --runs must be positive")
    if not PYTHON.exists():
        print(f"bench: {PYTHON} not found; run `make site` once to create the project's virtual environment",
              file=sys.stderr)
        return 2
    if not args.corpus_script.is_file():
        print(f"bench: the corpus script {args.corpus_script} is not there; pass --corpus-script PATH", file=sys.stderr)
        return 2
    # Measured as users run it: bytecode compiled once and written (this shell may forbid writing it).
    subprocess.run([str(PYTHON), "-m", "compileall", "-q", str(REPO / "generator")], check=True, env=clean_env())
    hugo = None if args.skip_hugo else shutil.which("hugo")
    if not args.skip_hugo and hugo is None:
        print("bench: hugo not found (apt-get install -y hugo); skipping Hugo", file=sys.stderr)
    pelican = None if args.skip_pelican else pelican_command()
    eleventy = None if args.skip_eleventy else peer_sites.eleventy_command()
    started = dt.datetime.now().astimezone()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_path = RESULTS / f"{started:%Y%m%dT%H%M%S}.json"
    report: dict = {"started": started.isoformat(timespec="seconds"), "machine": machine(),
                    "gongshi_commit": working_tree_commit(), "versions": versions(hugo, pelican, eleventy), "seed": SEED,
                    "now": NOW, "sizes": {}}
    for n in sizes:
        runs = args.runs or (3 if n < 5000 else 1)
        bench = Bench(n, runs, args.corpus_script, hugo, pelican, not args.skip_serve, not args.skip_python_markdown,
                      eleventy)
        report["sizes"][str(n)] = result = bench.run()
        print_table(n, result, report["versions"])
        out_path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"results: {out_path.relative_to(REPO)}")
    return 0


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


@dataclass
class Bench:
    n: int
    runs: int
    corpus_script: Path
    hugo: str | None
    pelican: list[str] | None
    serve: bool
    python_markdown: bool
    eleventy: list[str] | None = None
    samples: dict[str, list[dict]] = field(default_factory=dict)
    checks: dict[str, list[bool]] = field(default_factory=dict)
    bytes_per_query: dict = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return WORK / f"n{self.n}"

    @property
    def site(self) -> Path:
        return self.root / "gongshi"

    def gongshi(self, *extra: str) -> list[str]:
        return [str(PYTHON), "-m", "generator", "build", "--content", "content", "--output", "output",
                "--now", NOW, "--cache-dir", CACHE_DIR, *extra]

    def record(self, step: str, figures: dict) -> dict:
        self.samples.setdefault(step, []).append(figures)
        return figures

    def run(self) -> dict:
        print(f"\n== N = {self.n}: writing the corpus into {self.root.relative_to(REPO)}/ …", file=sys.stderr)
        self.prepare()
        edited = self.site / "content" / "notices" / f"notice-{self.n // 2:05d}.md"
        template = self.site / "templates" / "notice.html"
        pristine_notice, pristine_template = edited.read_bytes(), template.read_text("utf-8")
        edited_page = self.site / "output" / "notices" / edited.stem / "index.html"
        other_page = self.site / "output" / "notices" / "notice-00000" / "index.html"
        identical = []
        for k in range(1, self.runs + 1):
            print(f"   run {k}/{self.runs}", file=sys.stderr)
            remove(self.root / "floor" / "output")
            self.record("floor", self.measure("floor", self.root / "floor",
                                              [str(PYTHON), str(BENCH / "floor.py"), str(self.site / "content"), "output"]))
            self.clean()
            self.record("gongshi cold", self.measure("gongshi cold", self.site, self.gongshi("--no-search")))
            sentence = EDIT_SENTENCE.format(k=k)
            edited.write_bytes(pristine_notice + f"\n{sentence}\n".encode())
            self.record("gongshi edit", self.measure("gongshi edit", self.site, self.gongshi("--no-search")))
            self.checks.setdefault("gongshi edit", []).append(contains(edited_page, sentence))
            self.record("gongshi noop", self.measure("gongshi noop", self.site, self.gongshi("--no-search")))
            mark = TEMPLATE_MARK.format(k=k)
            template.write_text(edit_template(pristine_template, mark), "utf-8")
            self.record("gongshi template", self.measure("gongshi template", self.site, self.gongshi("--no-search")))
            self.checks.setdefault("gongshi template", []).append(contains(other_page, mark))
            edited.write_bytes(pristine_notice)
            template.write_text(pristine_template, "utf-8")
            if self.python_markdown:
                self.measure("gongshi restore", self.site, self.gongshi("--no-search"))  # the pristine corpus again
                fast = tree_digest(self.site / "output")
                self.clean()
                self.record("gongshi cold py", self.measure("gongshi cold py", self.site, self.gongshi("--no-search"),
                                                            GONGSHI_MARKDOWN="python"))
                identical.append(fast == tree_digest(self.site / "output"))
            self.search_steps(edited, pristine_notice, k)
            if self.serve:
                self.serve_step(edited)
            self.peers()
        if identical:
            self.checks["markdown-it-pyrs output identical to markdown-it-py"] = identical
        for step, ok in self.checks.items():
            if not all(ok):
                print(f"bench: warning: {step}: not so in every run", file=sys.stderr)
        return {"notices": self.n, "runs": self.runs,
                "corpus_mb": round(folder_bytes(self.site / "content") / 1e6, 1),
                "steps": {step: summarise(s) for step, s in self.samples.items()},
                "checks": self.checks, "search_bytes_per_query": self.bytes_per_query}

    def search_steps(self, edited: Path, pristine: bytes, k: int) -> None:
        self.clean()
        figures = self.measure("gongshi cold search", self.site, self.gongshi())
        figures["search"] = search_seconds(self.root / "logs" / "gongshi-cold-search.log")
        self.record("gongshi cold search", figures)
        edited.write_bytes(pristine + f"\n{EDIT_SENTENCE.format(k=k)}（检索）\n".encode())
        figures = self.measure("gongshi edit search", self.site, self.gongshi())
        figures["search"] = search_seconds(self.root / "logs" / "gongshi-edit-search.log")
        self.record("gongshi edit search", figures)
        self.record("gongshi noop search", self.measure("gongshi noop search", self.site, self.gongshi()))
        edited.write_bytes(pristine)
        if k == 1:
            self.query_bytes()

    def query_bytes(self) -> None:
        """Bytes of index per query, in Chromium (bench/search_bytes.py), over the built site."""
        proc = subprocess.run([str(PYTHON), str(BENCH / "search_bytes.py"), str(self.site / "output")],
                              capture_output=True, text=True, env=clean_env())
        if proc.returncode != 0:
            print(f"bench: search bytes: {proc.stderr[-1000:]}", file=sys.stderr)
            return
        figures = json.loads(proc.stdout.strip().splitlines()[-1])
        self.bytes_per_query = figures
        print(f"   {'bytes per query':<20} median {figures['median'] / 1000:.0f} KB, largest "
              f"{figures['max'] / 1000:.0f} KB", file=sys.stderr)

    def serve_step(self, edited: Path) -> None:
        remove(self.site / ".gongshi")
        proc = subprocess.run([str(PYTHON), str(BENCH / "serve_latency.py"), str(self.site), str(edited),
                               "--runs", "5", "--now", NOW], capture_output=True, text=True, env=clean_env(),
                              cwd=REPO)
        if proc.returncode != 0:
            print(f"bench: serve: {proc.stderr[-2000:]}", file=sys.stderr)
            return
        figures = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"   {'serve':<20} {figures['median']:8.3f} s (first build {figures['first_build']:.1f} s)",
              file=sys.stderr)
        self.record("serve", {"rc": 0, "wall": figures["median"], "user": 0.0, "sys": 0.0, "maxrss_mb": 0.0,
                              "tree_mb": 0.0, **figures})

    def wanted_peers(self) -> list[str]:
        return [name for name, tool in (("hugo", self.hugo), ("hugo-full", self.hugo), ("eleventy", self.eleventy),
                                        ("pelican", self.pelican)) if tool]

    def peers(self) -> None:
        for name in self.wanted_peers():
            site = self.root / name
            for leftover in (peer_sites.OUTPUT[name], "resources", ".hugo_build.lock", "cache", "__pycache__"):
                remove(site / leftover)
            cmd = peer_sites.command(name, self.hugo, self.eleventy, self.pelican)
            self.record(f"{name} cold", self.measure(f"{name} cold", site, cmd, peer_sites.OUTPUT[name]))

    def prepare(self) -> None:
        """A fresh corpus in both forms, and the sites over it. Same N and seed, same bytes."""
        shutil.rmtree(self.root, ignore_errors=True)
        self.make_corpus(self.site / "content" / "notices")
        (self.site / "content" / "site.yaml").write_text(
            "title: 公示公告（基准测试）\nbase_url: https://example.org/notices/\n", "utf-8")
        # The site's own copy of the default notice template, so that the template step can change it.
        (self.site / "templates").mkdir()
        shutil.copyfile(REPO / "themes" / "default" / "templates" / "notice.html", self.site / "templates" / "notice.html")
        (self.root / "floor").mkdir()
        if self.wanted_peers():
            peers = self.root / "peers-corpus"
            self.make_corpus(peers, "--peers")
            for name in self.wanted_peers():
                peer_sites.prepare(name, self.root, peers)

    def make_corpus(self, folder: Path, *extra: str) -> None:
        subprocess.run([sys.executable, str(self.corpus_script), str(self.n), str(folder), "--seed", str(SEED), *extra],
                       check=True)

    def clean(self) -> None:
        """No output, no cache: the site root keeps only content/ and templates/."""
        for entry in self.site.iterdir():
            if entry.name not in ("content", "templates"):
                remove(entry)

    def measure(self, step: str, cwd: Path, cmd: list[str], output: str = "output", **env: str) -> dict:
        """Run one command under measure.py; its output goes to logs/<step>.log."""
        logs = self.root / "logs"
        logs.mkdir(exist_ok=True)
        log_path = logs / f"{step.replace(' ', '-')}.log"
        with open(log_path, "ab") as log:
            proc = subprocess.run([sys.executable, str(BENCH / "measure.py"), "--cwd", str(cwd), "--", *cmd],
                                  stdout=subprocess.PIPE, stderr=log, check=True, env=clean_env(**env))
        figures = json.loads(proc.stdout.decode().strip().splitlines()[-1])
        folder = cwd / output / "notices"
        figures["pages"] = len(list(folder.glob("*/index.html"))) if folder.is_dir() else 0
        if figures["rc"] != 0 or figures["pages"] != self.n:
            print(f"bench: {step}: exit code {figures['rc']}, {figures['pages']} of {self.n} notice pages; "
                  f"see {log_path.relative_to(REPO)}", file=sys.stderr)
        print(f"   {step:<20} {figures['wall']:8.2f} s  {figures['maxrss_mb']:7.1f} MB  tree {figures['tree_mb']:7.1f} MB",
              file=sys.stderr)
        return figures


def search_seconds(log: Path) -> float | None:
    """The search index's time, from the last summary line of a build's log."""
    found = re.findall(r"search index ([\d.]+) s", log.read_text("utf-8", "replace")) if log.is_file() else []
    return float(found[-1]) if found else None


def edit_template(text: str, mark: str) -> str:
    """A visible change inside the page's main block (an HTML comment)."""
    anchor = "{% block main %}"
    if anchor in text:
        return text.replace(anchor, anchor + mark, 1)
    print("bench: warning: no `{% block main %}` in notice.html; the template edit changes no output",
          file=sys.stderr)
    return text + "{# " + mark + " #}\n"


def pelican_command() -> list[str] | None:
    """Pelican in its own virtual environment, created on first use."""
    exe = PELICAN_VENV / "bin" / "pelican"
    if not exe.exists():
        print(f"bench: creating {PELICAN_VENV.relative_to(REPO)} ({', '.join(PELICAN_PACKAGES)}) …", file=sys.stderr)
        try:
            subprocess.run([sys.executable, "-m", "venv", str(PELICAN_VENV)], check=True)
            subprocess.run([str(PELICAN_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
                            *PELICAN_PACKAGES], check=True)
        except subprocess.CalledProcessError as exc:
            print(f"bench: could not install Pelican ({exc}); skipping Pelican", file=sys.stderr)
            return None
    return [str(exe)]


def summarise(samples: list[dict]) -> dict:
    ok = [s for s in samples if s["rc"] == 0]
    use = ok or samples
    out = {
        "ok": len(ok) == len(samples),
        "wall": round(statistics.median(s["wall"] for s in use), 3),
        "cpu": round(statistics.median(s["user"] + s["sys"] for s in use), 3),
        "maxrss_mb": max(s["maxrss_mb"] for s in use),
        "tree_mb": max(s["tree_mb"] for s in use),
        "samples": samples,
    }
    searches = [s["search"] for s in use if s.get("search") is not None]
    if searches:
        out["search"] = round(statistics.median(searches), 3)
    return out


def print_table(n: int, result: dict, vers: dict) -> None:
    steps = result["steps"]
    floor = steps.get("floor", {}).get("wall")
    runs = result["runs"]
    print(f"\nN = {n} notices ({result['corpus_mb']} MB of Markdown), "
          f"{'median of ' + str(runs) + ' runs' if runs > 1 else '1 run'}")
    print(f"{'':38}{'wall s':>8}{'cpu s':>8}{'× floor':>9}{'peak MB':>9}{'tree MB':>9}  notes")
    for step, label in LABELS.items():
        if step not in steps:
            continue
        s = steps[step]
        if step.startswith("hugo") and vers.get("hugo"):
            label += f" ({vers['hugo']})"
        if step.startswith("eleventy") and vers.get("eleventy"):
            label += f" ({vers['eleventy']})"
        if step.startswith("pelican") and vers.get("pelican"):
            label += f" ({vers['pelican']})"
        ratio = f"{s['wall'] / floor:8.3f}×" if floor else f"{'':9}"
        notes = []
        if "search" in s:
            notes.append(f"search index {s['search']:.2f} s")
        if step in TARGETS:
            notes.append(f"target < {TARGETS[step]} s: {'met' if s['wall'] < TARGETS[step] else 'NOT met'}")
        if not s["ok"]:
            notes.append("FAILED")
        print(f"{label:<38}{s['wall']:8.2f}{s['cpu']:8.2f}{ratio}{s['maxrss_mb']:9.1f}{s['tree_mb']:9.1f}  "
              + "; ".join(notes))
    cold = steps.get("gongshi cold", {}).get("wall")
    for peer in ("hugo cold", "hugo-full cold", "eleventy cold", "pelican cold"):
        if cold and peer in steps:
            print(f"gongshi cold build: {steps[peer]['wall'] / cold:.2f}× as fast as {LABELS[peer].split(' cold')[0]}"
                  f"{' like for like' if peer == 'hugo-full cold' else ''} ({cold / steps[peer]['wall']:.2f}× its "
                  f"time; cpu {steps['gongshi cold']['cpu'] / max(steps[peer]['cpu'], 1e-9):.2f}× its cpu)")
    pages = max((steps[s]["tree_mb"] for s in steps if s.startswith("gongshi") and "search" not in s), default=0)
    search = max((steps[s]["tree_mb"] for s in steps if "search" in s), default=0)
    print(f"gongshi peak memory, all processes together: {pages:.0f} MB building pages, "
          f"{search:.0f} MB with the search index (target < 500 MB)")
    per_query = result.get("search_bytes_per_query") or {}
    if per_query:
        print(f"search index fetched per query (Chromium, empty cache): median {per_query['median'] / 1000:.0f} KB, "
              f"largest {per_query['max'] / 1000:.0f} KB (target ≤ 300 KB)")
    for check, ok in result["checks"].items():
        print(f"{check}: {'yes' if all(ok) else 'NO'} ({sum(ok)}/{len(ok)} runs)")


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def contains(path: Path, text: str) -> bool:
    return path.is_file() and text in path.read_text("utf-8")


def tree_digest(folder: Path) -> str:
    """A digest of every file's path and bytes."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(p.relative_to(folder).as_posix().encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return info


def working_tree_commit() -> str | None:
    """The commit the working tree is at, marked when generator/ or themes/ have uncommitted changes."""
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if commit.returncode != 0:
        return None
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "generator", "themes"],
                           capture_output=True, text=True).stdout.strip()
    return commit.stdout.strip() + ("+changes" if dirty else "")


def versions(hugo: str | None, pelican: list[str] | None, eleventy: list[str] | None = None) -> dict:
    found = {"gongshi": first_line([str(PYTHON), "-m", "generator", "--version"]),
             "markdown-it-pyrs": first_line([str(PYTHON), "-c",
                                             "import importlib.metadata as m; print(m.version('markdown-it-pyrs'))"])}
    if hugo:
        words = first_line([hugo, "version"]).split()  # hugo v0.111.3+extended linux/amd64 …
        found["hugo"] = words[1].split("+")[0] if len(words) > 1 else ""
    if pelican:
        found["pelican"] = first_line([*pelican, "--version"])
    if eleventy:
        found["eleventy"] = first_line([*eleventy[:2], "--version"])
    return found


def first_line(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    text = (out.stdout or out.stderr).strip()
    return text.splitlines()[0] if text else ""


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"bench: done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    sys.exit(code)
