"""An interrupted build: `gongshi build` killed with SIGKILL while it writes the new site into its
temporary folder (a sibling of the output folder named `.<output>.new-*`) leaves the previous output
byte-for-byte as it was; the next build succeeds and removes the stale folder.

The site is generated large enough for the write to take a while; the build runs as its own process
(group, so Pagefind dies with it) and is killed as soon as the folder appears, or once the search
index is being built in it."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLE_CONTENT, SEED_SLUG, run_cli, tree_digest

BEFORE, AFTER = "2026-12-01T10:00", "2026-12-02T10:00"
NOTICES = 60


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A content folder of many copies of the seed notice, and its output built as of BEFORE."""
    root = tmp_path_factory.mktemp("large")
    content = root / "content"
    (content / "notices").mkdir(parents=True)
    shutil.copy(SAMPLE_CONTENT / "site.yaml", content / "site.yaml")
    seed = (SAMPLE_CONTENT / "notices" / f"{SEED_SLUG}.md").read_text("utf-8")
    for i in range(NOTICES):
        (content / "notices" / f"notice-{i:03d}.md").write_text(seed.replace("tags: [", f"tags: [t{i % 15}, ", 1), "utf-8")
    out = root / "output"
    assert run_cli("build", "--content", content, "--output", out, "--now", BEFORE) == 0
    return content, out


def _temporary(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.new-*"))


def _wait(what: str, ready: Callable[[], bool], proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if proc.poll() is not None:
            pytest.fail(f"the build ended (exit {proc.returncode}) before {what}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} within {timeout} s")
        time.sleep(0.001)


@pytest.mark.parametrize("moment", ["folder appears", "search index is being built"])
def test_a_killed_build_leaves_the_previous_output(large_site: tuple[Path, Path], tmp_path: Path,
                                                   moment: str) -> None:
    content, built = large_site
    out = tmp_path / "output"
    shutil.copytree(built, out)
    before = tree_digest(out)
    extra = ["--no-search"] if moment == "folder appears" else []
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--content", str(content), "--output", str(out),
         "--now", AFTER, *extra],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        if moment == "folder appears":
            _wait("the temporary folder", lambda: bool(_temporary(out)), proc)
        else:
            _wait("the search index", lambda: any((t / "pagefind").exists() for t in _temporary(out)), proc)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    stale = _temporary(out)
    assert stale, "the build was killed while its temporary folder existed"
    assert tree_digest(out) == before, "a killed build must leave the previous output byte-for-byte"

    assert run_cli("build", "--content", content, "--output", out, "--now", AFTER, *extra) == 0
    assert not any(p.exists() for p in stale), "the next build removes the stale folder"
    assert not _temporary(out) and not list(out.parent.glob(f".{out.name}.old-*"))
    assert tree_digest(out) != before, "the next build wrote the new site"
    assert (out / "notices" / f"notice-{NOTICES - 1:03d}" / "index.html").is_file()


FUZZ_TRIALS = 8


def _clean_digest(content: Path, tmp: Path, now: str) -> str:
    out = tmp / f"clean-{now.replace(':', '')}"
    assert run_cli("build", "--content", content, "--output", out, "--now", now, "--no-cache", "--no-search") == 0
    return tree_digest(out)


def test_a_build_killed_at_any_instant_leaves_the_old_or_the_new_site(large_site: tuple[Path, Path],
                                                                      tmp_path: Path) -> None:
    """The kill point is moved through the whole build, writing, linking and the swap included: at
    every instant output/ is, by hash, the complete old site or the complete new one. Builds go back and
    forth between two moments (many pages change between them) and use the cache, so most of them are
    partial builds; each killed build is followed by one that completes."""
    content, _ = large_site
    site = tmp_path / "site"
    shutil.copytree(content, site / "content")
    content = site / "content"
    out = site / "output"
    digests = {now: _clean_digest(content, tmp_path, now) for now in (BEFORE, AFTER)}
    assert digests[BEFORE] != digests[AFTER]

    def run(now: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--content", str(content), "--output", str(out),
             "--now", now, "--no-search"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)

    assert run(BEFORE).wait(600) == 0
    # A partial build's length, measured: the kill points are spread over it.
    started = time.monotonic()
    assert run(AFTER).wait(600) == 0
    length = time.monotonic() - started
    assert tree_digest(out) == digests[AFTER]
    seen = set()
    rng = random.Random(17)
    now = BEFORE
    for trial in range(FUZZ_TRIALS):
        delay = length * (trial + rng.random()) / FUZZ_TRIALS
        previous = AFTER if now == BEFORE else BEFORE
        proc = run(now)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(60)
        found = tree_digest(out)
        assert found in (digests[BEFORE], digests[AFTER]), f"trial {trial}: killed after {delay:.2f} s, output mixed"
        seen.add("new" if found == digests[now] and found != digests[previous] else "old")
        assert run(now).wait(600) == 0
        assert tree_digest(out) == digests[now], f"trial {trial}: the build after a killed one"
        now = previous
    assert seen, "no trial ran"
