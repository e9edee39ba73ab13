"""The command line at its edges: a closed pipe, counting what was checked, paths outside the working
folder, warnings printed once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, SAMPLE_CONTENT, SEED_SLUG, build, run_cli

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
    assert run_cli("import", typed, "--content", "c") == 0
    assert f"{typed}:18: warning:" in capsys.readouterr().err
    inside = work / "c" / "notices" / "2025-07-21-rectification-3.md"  # imports never overwrite: the third one
    assert run_cli("import", elsewhere / "seed.txt", "--content", work / "c") == 0
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


def test_an_upgraded_working_day_calendar_is_a_change(tmp_path: Path) -> None:
    """The calendar package patched (a day made a holiday): the next build, cache and all, moves the end of
    a working-day period; it does not answer "nothing changed"."""
    import chinese_calendar

    lib = tmp_path / "lib"
    shutil.copytree(Path(chinese_calendar.__file__).parent, lib / "chinese_calendar",
                    ignore=shutil.ignore_patterns("__pycache__"))
    content = tmp_path / "content"
    (content / "notices").mkdir(parents=True)
    shutil.copy(SAMPLE_CONTENT / "site.yaml", content / "site.yaml")
    (content / "notices" / "n.md").write_text(NOTICE.replace("  end: 2025-06-20", "  working_days: 5").replace(
        "2025-06-12", "2026-06-08").replace("上午8:00-12:00 下午14:30-17:30", "工作日 8:30-17:00"), "utf-8")
    env = {**os.environ, "PYTHONPATH": f"{lib}{os.pathsep}{Path(__file__).resolve().parents[2]}"}
    command = [*GONGSHI, "build", "--content", str(content), "--output", str(tmp_path / "o"),
               "--now", "2026-06-09T10:00", "--no-search"]

    def last_day() -> str:
        run = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        data = (tmp_path / "o" / "data" / "notices" / "n.json").read_text("utf-8")
        return data.split('"last_day": "', 1)[1][:10]

    assert last_day() == "2026-06-12"
    constants = lib / "chinese_calendar" / "constants.py"
    text = constants.read_text("utf-8")
    constants.write_text(text.replace("holidays = {\n", "holidays = {\n    datetime.date(year=2026, month=6, day=10):"
                                      " Holiday.dragon_boat_festival.value,\n", 1), "utf-8")
    assert last_day() == "2026-06-15", "a day off more: the fifth working day is the Monday after"


def test_make_serve_has_a_rule_that_runs_the_preview() -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    dry = subprocess.run([make, "-n", "-W", ".venv/.installed", "serve"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert dry.returncode == 0, dry.stderr
    assert "gongshi serve" in dry.stdout


def test_the_readme_says_how_to_run_gongshi_on_ones_own_site() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("### Running `gongshi` on your own site", 1)[1].split("\n## ", 1)[0]
    assert ".venv/bin/gongshi" in section and ".venv/bin/activate" in section and "pipx install" in section
    assert "--content" in section and "chinesecalendar" in section
    assert "5 个工作日 from Thursday 2025-06-12 end with Wednesday 2025-06-18" in readme
    assert "gongshi build | head -1" in readme
