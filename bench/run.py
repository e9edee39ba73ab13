#!/usr/bin/env python3
"""Gongshi's build-speed benchmark: the floor, Gongshi's builds, Hugo and Pelican over one corpus.

usage: python3 bench/run.py [--sizes 1000,10000] [--runs K] [--skip-hugo] [--skip-pelican]
                            [--gongshi-src DIR]

Run by hand from anywhere; the test suite never runs it. For each size N it writes a synthetic
corpus (bench/make_corpus.py, fixed seed) under bench/work/n<N>/ and measures, K times each:

  floor             bench/floor.py: read, split, YAML, Markdown, a trivial template, write
  gongshi cold      `gongshi build` with no output/ and no cache
  gongshi edit      the same again after one sentence was appended to one notice
  gongshi noop      the same again with nothing changed
  gongshi template  the same again after the site's own templates/notice.html changed
  hugo cold         `hugo --quiet` on a minimal site over the same notices (apt-get install hugo)
  pelican cold      `pelican` on a minimal site over the same notices, in bench/.venv-pelican

Each command runs under bench/measure.py (wall time, CPU time, peak memory of the process). It
prints a table per N (medians of K runs) and writes everything to bench/results/<time>.json.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
RESULTS = BENCH / "results"

GONGSHI = REPO / ".venv" / "bin" / "gongshi"
PROJECT_PYTHON = REPO / ".venv" / "bin" / "python"
NOW = "2026-12-01T10:00"
SEED = 20241125

# Where an incremental build cache would live, relative to the bench site's root (the folder that
# holds content/ and output/). A cold build deletes it, and everything else in the site root
# except content/ and templates/. It is passed as `--cache-dir` only when `gongshi build --help`
# lists that option.
CACHE_DIR = ".gongshi-cache"

PELICAN_VENV = BENCH / ".venv-pelican"
# Pinned so that figures stay comparable between runs.
PELICAN_PACKAGES = ["pelican==4.12.0", "markdown==3.11.3", "pelican-yaml-metadata==2.2.0"]

EDIT_SENTENCE = "（基准测试补充说明第{k}次：本段为修改后追加的内容。）"
TEMPLATE_MARK = "<!-- bench template edit {k} -->"

STEPS = ["floor", "gongshi cold", "gongshi edit", "gongshi noop", "gongshi template", "hugo cold", "pelican cold"]
LABELS = {
    "floor": "floor (bench/floor.py)",
    "gongshi cold": "gongshi cold build",
    "gongshi edit": "gongshi, one notice edited",
    "gongshi noop": "gongshi, nothing changed",
    "gongshi template": "gongshi, template changed",
    "hugo cold": "hugo cold build",
    "pelican cold": "pelican cold build",
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated (default: 1000,10000)")
    ap.add_argument("--runs", type=int, default=None,
                    help="repetitions of every measurement; the table shows medians (default: 3 below 5000 notices, else 1)")
    ap.add_argument("--skip-hugo", action="store_true", help="do not build with Hugo")
    ap.add_argument("--skip-pelican", action="store_true", help="do not build with Pelican")
    ap.add_argument("--gongshi-src", type=Path, default=None, metavar="DIR",
                    help="benchmark the generator/ and themes/ in DIR (e.g. a `git archive` of a commit) "
                         "instead of the working tree")
    args = ap.parse_args()
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error("--sizes takes numbers, e.g. 1000,10000")
    if not sizes or min(sizes) < 1 or (args.runs is not None and args.runs < 1):
        ap.error("sizes and --runs must be positive")
    if not GONGSHI.exists():
        print(f"bench: {GONGSHI} not found; run `make site` once to create the project's virtual environment",
              file=sys.stderr)
        return 2
    if args.gongshi_src and not (args.gongshi_src / "generator" / "__main__.py").is_file():
        ap.error(f"--gongshi-src: {args.gongshi_src}/generator/__main__.py not found")
    gongshi = Gongshi.of(args.gongshi_src)

    hugo = None if args.skip_hugo else shutil.which("hugo")
    if not args.skip_hugo and hugo is None:
        print("bench: hugo not found (apt-get install -y hugo); skipping Hugo", file=sys.stderr)
    pelican = None if args.skip_pelican else pelican_command()

    started = dt.datetime.now().astimezone()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_path = RESULTS / f"{started:%Y%m%dT%H%M%S}.json"
    report: dict = {
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "gongshi_commit": None if args.gongshi_src else working_tree_commit(),
        "versions": versions(gongshi, hugo, pelican),
        "gongshi_src": str(args.gongshi_src.resolve()) if args.gongshi_src else str(REPO),
        "seed": SEED,
        "now": NOW,
        "cache_dir_option": gongshi.supports_cache_dir(),
        "sizes": {},
    }
    for n in sizes:
        runs = args.runs or (3 if n < 5000 else 1)
        report["sizes"][str(n)] = result = bench_size(n, runs, gongshi, hugo, pelican)
        print_table(n, result, report["versions"])
        out_path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"results: {out_path.relative_to(REPO)}")
    return 0


@dataclass(frozen=True)
class Gongshi:
    """How to run the generator under test: the working tree's, or another copy's (--gongshi-src)."""

    command: tuple[str, ...]
    env: dict[str, str] | None
    themes: Path

    @classmethod
    def of(cls, src: Path | None) -> Gongshi:
        if src is None:
            return cls((str(GONGSHI),), None, REPO / "themes")
        src = src.resolve()
        env = dict(os.environ, PYTHONPATH=str(src))
        return cls((str(PROJECT_PYTHON), "-m", "generator"), env, src / "themes")

    def supports_cache_dir(self) -> bool:
        out = subprocess.run([*self.command, "build", "--help"], capture_output=True, text=True, env=self.env).stdout
        return "--cache-dir" in out

    def build_command(self) -> list[str]:
        cmd = [*self.command, "build", "--content", "content", "--output", "output", "--now", NOW]
        if self.supports_cache_dir():
            cmd += ["--cache-dir", CACHE_DIR]
        return cmd


# ---------------------------------------------------------------------------------------------
# Preparing the sites


def bench_size(n: int, runs: int, gs: Gongshi, hugo: str | None, pelican: list[str] | None) -> dict:
    root = WORK / f"n{n}"
    print(f"\n== N = {n}: writing the corpus into {root.relative_to(REPO)}/ …", file=sys.stderr)
    sites = prepare(root, n, gs, hugo is not None, pelican is not None)
    samples: dict[str, list[dict]] = {step: [] for step in STEPS}
    checks: dict[str, list[bool]] = {"gongshi edit": [], "gongshi template": []}
    gongshi = gs.build_command()

    def measure_gongshi(step: str) -> dict:
        return measure(step, root, sites["gongshi"], gongshi, sites["gongshi"] / "output", n, gs.env)

    edited = sites["gongshi"] / "content" / "notices" / f"notice-{n // 2:05d}.md"
    template = sites["gongshi"] / "templates" / "notice.html"
    pristine_notice, pristine_template = edited.read_bytes(), template.read_text("utf-8")
    edited_page = sites["gongshi"] / "output" / "notices" / edited.stem / "index.html"
    other_page = sites["gongshi"] / "output" / "notices" / "notice-00000" / "index.html"

    for k in range(1, runs + 1):
        print(f"   run {k}/{runs}", file=sys.stderr)
        shutil.rmtree(sites["floor"] / "output", ignore_errors=True)
        samples["floor"].append(measure("floor", root, sites["floor"],
                                        [str(PROJECT_PYTHON), str(BENCH / "floor.py"),
                                         str(sites["gongshi"] / "content"), "output"],
                                        sites["floor"] / "output", n))

        clean_gongshi_site(sites["gongshi"])
        samples["gongshi cold"].append(measure_gongshi("gongshi cold"))

        sentence = EDIT_SENTENCE.format(k=k)
        edited.write_bytes(pristine_notice + f"\n{sentence}\n".encode())
        samples["gongshi edit"].append(measure_gongshi("gongshi edit"))
        checks["gongshi edit"].append(contains(edited_page, sentence))

        samples["gongshi noop"].append(measure_gongshi("gongshi noop"))

        mark = TEMPLATE_MARK.format(k=k)
        template.write_text(edit_template(pristine_template, mark), "utf-8")
        samples["gongshi template"].append(measure_gongshi("gongshi template"))
        checks["gongshi template"].append(contains(other_page, mark))
        edited.write_bytes(pristine_notice)
        template.write_text(pristine_template, "utf-8")

        if hugo:
            for leftover in ("public", "resources", ".hugo_build.lock"):
                remove(sites["hugo"] / leftover)
            samples["hugo cold"].append(measure("hugo cold", root, sites["hugo"],
                                                [hugo, "--quiet", "--destination", "public"],
                                                sites["hugo"] / "public", n))
        if pelican:
            for leftover in ("output", "cache", "__pycache__"):
                remove(sites["pelican"] / leftover)
            samples["pelican cold"].append(measure("pelican cold", root, sites["pelican"],
                                                   [*pelican, "--settings", "pelicanconf.py", "--output", "output",
                                                    "--quiet", "content"],
                                                   sites["pelican"] / "output", n))

    for step, ok in checks.items():
        if not all(ok):
            print(f"bench: warning: {step}: the change did not reach the built page in every run", file=sys.stderr)
    return {
        "notices": n,
        "runs": runs,
        "corpus_mb": round(folder_bytes(sites["gongshi"] / "content") / 1e6, 1),
        "steps": {step: summarise(s) for step, s in samples.items() if s},
        "change_visible": {step: ok for step, ok in checks.items()},
    }


def prepare(root: Path, n: int, gs: Gongshi, with_hugo: bool, with_pelican: bool) -> dict[str, Path]:
    """A fresh corpus in both forms, and the four sites over it. Same N and seed, same bytes."""
    shutil.rmtree(root, ignore_errors=True)
    sites = {name: root / name for name in ("gongshi", "floor", "hugo", "pelican")}
    notices = sites["gongshi"] / "content" / "notices"
    make_corpus(n, notices)
    (sites["gongshi"] / "content" / "site.yaml").write_text(
        "title: 公示公告（基准测试）\nbase_url: https://example.org/notices/\n", "utf-8")
    # The site's own copy of the default notice template, so that the template step can change it.
    (sites["gongshi"] / "templates").mkdir()
    shutil.copyfile(gs.themes / "default" / "templates" / "notice.html",
                    sites["gongshi"] / "templates" / "notice.html")
    sites["floor"].mkdir()
    if with_hugo or with_pelican:
        peers = root / "peers-corpus"
        make_corpus(n, peers, "--peers")
        for name, wanted in (("hugo", with_hugo), ("pelican", with_pelican)):
            if wanted:
                shutil.copytree(BENCH / "peers" / name, sites[name])
                shutil.copytree(peers, sites[name] / "content" / "notices", copy_function=os.link)
    return sites


def make_corpus(n: int, folder: Path, *extra: str) -> None:
    subprocess.run([sys.executable, str(BENCH / "make_corpus.py"), str(n), str(folder), "--seed", str(SEED), *extra],
                   check=True)


def clean_gongshi_site(site: Path) -> None:
    """No output, no cache: the site root keeps only content/ and templates/."""
    remove(site / CACHE_DIR)
    for entry in site.iterdir():
        if entry.name not in ("content", "templates"):
            remove(entry)


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


# ---------------------------------------------------------------------------------------------
# Measuring


def measure(step: str, root: Path, cwd: Path, cmd: list[str], output: Path, n: int,
            env: dict[str, str] | None = None) -> dict:
    """Run one command under measure.py; its output goes to logs/<step>.log."""
    logs = root / "logs"
    logs.mkdir(exist_ok=True)
    with open(logs / f"{step.replace(' ', '-')}.log", "ab") as log:
        proc = subprocess.run([sys.executable, str(BENCH / "measure.py"), "--cwd", str(cwd), "--", *cmd],
                              stdout=subprocess.PIPE, stderr=log, check=True, env=env)
    figures = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    figures["pages"] = len(list((output / "notices").glob("*/index.html"))) if output.is_dir() else 0
    if figures["rc"] != 0 or figures["pages"] != n:
        print(f"bench: {step}: exit code {figures['rc']}, {figures['pages']} of {n} notice pages; "
              f"see {(logs / (step.replace(' ', '-') + '.log')).relative_to(REPO)}", file=sys.stderr)
    print(f"   {step:<18} {figures['wall']:8.2f} s  {figures['maxrss_mb']:7.1f} MB", file=sys.stderr)
    return figures


def summarise(samples: list[dict]) -> dict:
    ok = [s for s in samples if s["rc"] == 0]
    use = ok or samples
    return {
        "ok": len(ok) == len(samples),
        "wall": round(statistics.median(s["wall"] for s in use), 3),
        "wall_min": round(min(s["wall"] for s in use), 3),
        "cpu": round(statistics.median(s["user"] + s["sys"] for s in use), 3),
        "maxrss_mb": max(s["maxrss_mb"] for s in use),
        "samples": samples,
    }


def print_table(n: int, result: dict, vers: dict) -> None:
    steps = result["steps"]
    floor = steps.get("floor", {}).get("wall")
    runs = result["runs"]
    print(f"\nN = {n} notices ({result['corpus_mb']} MB of Markdown), "
          f"{'median of ' + str(runs) + ' runs' if runs > 1 else '1 run'}")
    print(f"{'':34}{'wall s':>8}{'cpu s':>8}{'× floor':>9}{'peak MB':>9}")
    for step in STEPS:
        if step not in steps:
            continue
        s = steps[step]
        label = LABELS[step]
        if step.startswith("hugo") and vers.get("hugo"):
            label += f" ({vers['hugo']})"
        if step.startswith("pelican") and vers.get("pelican"):
            label += f" ({vers['pelican']})"
        ratio = f"{s['wall'] / floor:8.2f}×" if floor else f"{'':9}"
        failed = "" if s["ok"] else "  FAILED"
        print(f"{label:<34}{s['wall']:8.2f}{s['cpu']:8.2f}{ratio}{s['maxrss_mb']:9.1f}{failed}")
    cold = steps.get("gongshi cold", {}).get("wall")
    peers = [f"{cold / steps[p]['wall']:.2f}× {p.split()[0]}'s" for p in ("hugo cold", "pelican cold") if p in steps]
    if cold and peers:
        print(f"gongshi cold build takes {' and '.join(peers)} time")
    for step, ok in result["change_visible"].items():
        if not all(ok):
            print(f"warning: {LABELS[step]}: the change did not show in the built page")


# ---------------------------------------------------------------------------------------------
# Small helpers


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def contains(path: Path, text: str) -> bool:
    return path.is_file() and text in path.read_text("utf-8")


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


def versions(gs: Gongshi, hugo: str | None, pelican: list[str] | None) -> dict:
    found = {"gongshi": first_line([*gs.command, "--version"], gs.env)}
    if hugo:
        words = first_line([hugo, "version"]).split()  # hugo v0.111.3+extended linux/amd64 …
        found["hugo"] = words[1].split("+")[0] if len(words) > 1 else ""
    if pelican:
        found["pelican"] = first_line([*pelican, "--version"])
    return found


def first_line(cmd: list[str], env: dict[str, str] | None = None) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr).strip() else ""


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"bench: done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    sys.exit(code)
