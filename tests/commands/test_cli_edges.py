"""The command line at its edges: a closed pipe, counting what was checked, paths outside the working
folder, warnings printed once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, SAMPLE_CONTENT, SEED_SLUG, build, run_cli

GONGSHI = [sys.executable, "-m", "generator"]

NOTICE = """---
title: 测试公示
issuer: 示例单位
kind: generic
issued: 2025-06-10
disclosure:
  start: 2025-06-12
  end: 2025-06-20
contacts:
  - kind: phone
    value: 0415-5550100
    hours: 上午8:00-12:00 下午14:30-17:30
---
正文。
"""


def test_a_closed_pipe_is_not_a_content_error(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`gongshi build | head -1`: the reader goes away; the build still finishes, and says nothing more."""
    write_notice("n.md", NOTICE.replace("上午8:00-12:00 下午14:30-17:30", "工作日 8:30-17:00"))
    for run in range(5):
        out = tmp_path / f"o{run}"
        proc = subprocess.Popen([*GONGSHI, "build", "--content", str(tmp_path / "content"), "--output", str(out),
                                 "--now", "2025-06-12T10:00", "--no-search"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # as `head` does once it has its line (here: before it)
        err = proc.stderr.read().decode()
        assert proc.wait(120) == 0, err
        assert "Traceback" not in err and "Exception ignored" not in err and "BrokenPipe" not in err
        assert (out / "notices/n/index.html").is_file()


def test_check_counts_every_file_and_says_notice_for_one(write_notice, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    write_notice("a.md", NOTICE.replace("上午8:00-12:00 下午14:30-17:30", "工作日 8:30-17:00"))
    assert run_cli("check", "--content", tmp_path / "content") == 0
    assert "gongshi: 1 notice checked: 0 error(s), 0 warning(s)" in capsys.readouterr().err
    write_notice("b.md", NOTICE.replace("issued: 2025-06-10", "issued: 2025-13-10"))
    write_notice("c.md", "---\ntitle: [unclosed\n---\n")
    assert run_cli("check", "--content", tmp_path / "content") == 1
    err = capsys.readouterr().err
    assert "gongshi: 3 notices checked: 2 error(s), 1 warning(s)" in err


def test_the_build_summary_says_notice_for_one(write_notice, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    write_notice("a.md", NOTICE.replace("上午8:00-12:00 下午14:30-17:30", "工作日 8:30-17:00"))
    assert build(tmp_path / "content", tmp_path / "o", "2025-06-12T10:00", "--no-search") == 0
    assert " for 1 notice in " in capsys.readouterr().out
    assert build(tmp_path / "content", tmp_path / "o", "2025-06-12T10:00", "--no-search") == 0
    assert " for 1 notice are up to date" in capsys.readouterr().out


def test_paths_outside_the_working_folder_show_as_typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    work, elsewhere = tmp_path / "work" / "deep" / "er", tmp_path / "elsewhere" / "texts"
    work.mkdir(parents=True)
    elsewhere.mkdir(parents=True)
    shutil.copy(FIXTURES / "seed.txt", elsewhere / "seed.txt")
    monkeypatch.chdir(work)
    assert run_cli("import", elsewhere / "seed.txt", "--content", "c") == 0
    err = capsys.readouterr().err
    assert f"{elsewhere / 'seed.txt'}:18: warning:" in err and "../" not in err
    typed = os.path.join("..", "..", "..", "elsewhere", "texts", "seed.txt")
    assert run_cli("import", typed, "--content", "c", "--force") == 0
    assert f"{typed}:18: warning:" in capsys.readouterr().err
    inside = work / "c" / "notices" / "2025-07-21-rectification.md"
    assert run_cli("import", elsewhere / "seed.txt", "--content", work / "c", "--force") == 0
    assert capsys.readouterr().out.strip() == os.path.relpath(inside), "inside the working folder: relative"


def test_warnings_are_printed_once_when_unchanged_pages_are_rendered_again(
        write_notice, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    write_notice("n.md", NOTICE)
    content, out = tmp_path / "content", tmp_path / "o"
    assert build(content, out, "2025-06-12T10:00", "--no-search") == 0
    assert capsys.readouterr().err.count("do not say on which days") == 1
    for extra in (("--no-search", "--drafts"), ("--no-search",)):
        assert build(content, out, "2025-06-13T10:00", *extra) == 0
        assert capsys.readouterr().err.count("do not say on which days") == 1


def test_warnings_are_printed_once_on_the_sample_site_rebuilt_with_other_options(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "site" / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    seed = content / "notices" / f"{SEED_SLUG}.md"
    text = seed.read_text("utf-8")
    seed.write_text(text[:text.index("【")] + text[text.index("】") + 1:], "utf-8")  # an item without its state
    out = tmp_path / "o"
    assert build(content, out, "2026-12-01T10:00", "--no-search") == 0
    first = capsys.readouterr().err
    assert first.count("has no progress state") == 1, first
    for moment, extra in (("2026-12-02T10:00", ("--drafts",)), ("2026-12-02T10:00", ()), ("2026-12-03T10:00", ())):
        assert build(content, out, moment, "--no-search", *extra) == 0
        assert capsys.readouterr().err.count("has no progress state") == 1
