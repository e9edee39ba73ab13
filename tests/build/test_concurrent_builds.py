"""Builds of one output folder at the same time (a CI job and an editor, two CI jobs): each takes the
folder's lock in turn, so after every round the output is exactly what a clean build of the content
makes, no staging folder is left behind, and the next build's cache and quick check agree with it.
`--no-wait` fails at once, with a message naming the folder, while another build holds it."""

from __future__ import annotations

import fcntl
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, SAMPLE_CONTENT, run_cli, tree_digest

from generator.build.lock import lock_path

NOW = "2026-12-01T10:00"
ROUNDS = 6
AT_ONCE = 3


def _start(content: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--content", str(content), "--output", str(out), "--now", NOW,
         "--no-search", *extra], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _site(tmp_path: Path) -> Path:
    content = tmp_path / "site" / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    return content


def test_builds_at_once_give_the_clean_build_every_round(tmp_path: Path) -> None:
    content = _site(tmp_path)
    out = tmp_path / "site" / "output"
    rng = random.Random(17)
    files = sorted((content / "notices").rglob("*.md"))
    for round_ in range(ROUNDS):
        path = rng.choice(files)
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"(?m)^title: (.*)$", lambda m, n=round_: f"title: {m.group(1)}{n}", text, count=1), "utf-8")
        builds = [_start(content, out) for _ in range(AT_ONCE)]
        for proc in builds:
            stdout, stderr = proc.communicate(timeout=600)
            assert proc.returncode == 0, stderr
            assert "Traceback" not in stderr
        clean = tmp_path / f"clean-{round_}"
        assert run_cli("build", "--content", content, "--output", clean, "--now", NOW, "--no-search", "--no-cache") == 0
        assert tree_digest(out) == tree_digest(clean), f"round {round_}: the output is not the clean build"
        assert not list(out.parent.glob(".output.new-*")) and not list(out.parent.glob(".output.old-*"))
        # and the next build, with the cache and quick check those builds left, still agrees
        assert run_cli("build", "--content", content, "--output", out, "--now", NOW, "--no-search") == 0
        assert tree_digest(out) == tree_digest(clean), f"round {round_}: the build after them"


def test_a_build_waits_for_the_lock_or_fails_with_no_wait(tmp_path: Path) -> None:
    content = _site(tmp_path)
    out = tmp_path / "site" / "output"
    assert run_cli("build", "--content", content, "--output", out, "--now", NOW, "--no-search") == 0
    before = tree_digest(out)
    fd = os.open(lock_path(out), os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, b"4242\n")
        busy = _start(content, out, "--no-wait", "--no-cache")
        _, stderr = busy.communicate(timeout=300)
        assert busy.returncode == 1
        assert "another build is writing this folder (process 4242)" in stderr
        assert "output" in stderr and "Traceback" not in stderr
        assert tree_digest(out) == before
        waiting = _start(content, out, "--no-cache")
        assert waiting.stderr is not None
        said = waiting.stderr.readline()  # blocks until the build says it waits (or ends)
        assert "waiting for another build (process 4242) to finish with" in said, said
        time.sleep(1)
        assert waiting.poll() is None, "the build must wait while the lock is held"
    finally:
        os.close(fd)
    _, stderr = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, stderr
    assert tree_digest(out) == before
