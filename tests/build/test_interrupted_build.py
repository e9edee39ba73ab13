"""An interrupted build: `gongshi build` killed with SIGKILL while it writes the new site into its
temporary folder (a sibling of the output folder named `.<output>.new-*`) leaves the previous output
byte-for-byte as it was; the next build succeeds and removes the stale folder.

The site is generated large enough for the write to take a while; the build runs as its own process
(group, so Pagefind dies with it) and is killed as soon as the folder appears, or once the search
index is being built in it."""

from __future__ import annotations

import os
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
