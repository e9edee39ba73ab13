"""`gongshi new` on a site with an 索引号 rule proposes the next free number of the year, and the file
it writes still checks clean."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_CONTENT, run_cli

EPOCH = "1795000000"  # 2026-11-18 (Asia/Shanghai)


@pytest.fixture()
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    folder = tmp_path / "site" / "content"
    shutil.copytree(SAMPLE_CONTENT, folder)
    return folder


def index_number_of(path: Path) -> str:
    m = re.search(r"(?m)^index_number: (\S+)", path.read_text("utf-8"))
    assert m, path.read_text("utf-8")[:600]
    return m.group(1)


def created(capsys: pytest.CaptureFixture[str], content: Path, title: str) -> Path:
    capsys.readouterr()
    assert run_cli("new", "generic", title, "--content", content) == 0
    return Path(capsys.readouterr().out.strip())


def test_new_proposes_the_next_free_index_number(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The sample notices of 2026 use serials up to 00043.
    first = created(capsys, content, "关于示例事项的公示")
    assert index_number_of(first) == "11210624MB1957093X/2026-00044"
    second = created(capsys, content, "关于另一示例事项的公示")
    assert index_number_of(second) == "11210624MB1957093X/2026-00045"  # the draft just written is taken
    capsys.readouterr()
    assert run_cli("check", "--content", content) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().err


def test_no_rule_no_index_number(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = content / "site.yaml"
    text = site.read_text("utf-8")
    site.write_text(re.sub(r"(?ms)^index_number:\n(  .*?\n)+", "", text), "utf-8")
    path = created(capsys, content, "关于示例事项的公示")
    assert "index_number:" not in path.read_text("utf-8")
