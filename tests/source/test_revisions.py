"""Revisions of a period: extensions only lengthen it, corrections may shorten it, revisions apply in
date order, and one dated after the build's moment shows only from its date."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build, run_cli, soup

NOTICE = """---
title: 测试公示
issuer: 示例单位
kind: generic
issued: 2025-07-21
disclosure:
  start: 2025-07-21
  end: 2025-08-08
revisions:
{revisions}
---
正文。
"""


def _notice(*revisions: tuple[str, str, str]) -> str:
    lines = []
    for date, kind, end in revisions:
        lines += [f"  - date: {date}", f"    kind: {kind}", f"    note: {kind}说明。"]
        if end:
            lines.append(f"    end: {end}")
    return NOTICE.format(revisions="\n".join(lines))


def _check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = run_cli("check", "--content", tmp_path / "content", "--now", "2025-09-01T10:00")
    return code, capsys.readouterr().err


def _banner(out: Path) -> tuple[str, str]:
    page = soup(out / "notices/n/index.html")
    banner = page.select_one(".period-banner")
    return "".join(banner.select_one(".period-range").get_text().split()), banner.select_one(".state-label").get_text(strip=True)


@pytest.mark.parametrize("end", ["2025-08-01", "2025-08-08", "2025-08-08 24:00"])
def test_an_extension_that_does_not_end_later_is_an_error_at_its_line(
        write_notice, tmp_path: Path, capsys: pytest.CaptureFixture[str], end: str) -> None:  # type: ignore[no-untyped-def]
    write_notice("n.md", _notice(("2025-07-30", "extension", end)))
    code, err = _check(tmp_path, capsys)
    assert code == 1
    assert "n.md:13:" in err and "revisions[0].end" in err
    assert "must end later than the end it replaces" in err and "ends with 2025-08-08" in err
    assert "kind: correction" in err


def test_a_correction_may_shorten_the_period_and_is_not_called_an_extension(
        write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_notice("n.md", _notice(("2025-07-30", "correction", "2025-08-01")))
    out = tmp_path / "o"
    assert build(tmp_path / "content", out, "2025-08-02T10:00") == 0
    shown, state = _banner(out)
    assert shown == "2025年7月21日至2025年8月1日" and state == "已结束"
    page = soup(out / "notices/n/index.html")
    assert page.select_one(".period-original") is None, "a correction is not labelled 已延期"


def test_revisions_apply_in_date_order_not_file_order(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_notice("n.md", _notice(("2025-08-12", "extension", "2025-08-22"), ("2025-08-05", "extension", "2025-08-15")))
    out = tmp_path / "o"
    assert build(tmp_path / "content", out, "2025-08-20T10:00") == 0
    shown, state = _banner(out)
    assert shown == "2025年7月21日至2025年8月22日" and state == "公示中，剩余 3 天"
    dates = [t["datetime"] for t in soup(out / "notices/n/index.html").select(".revision time")]
    assert dates == ["2025-08-05", "2025-08-12"]


def test_an_extension_written_first_but_dated_later_must_still_end_later(
        write_notice, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    write_notice("n.md", _notice(("2025-08-12", "extension", "2025-08-12"), ("2025-08-05", "extension", "2025-08-15")))
    code, err = _check(tmp_path, capsys)
    assert code == 1 and "revisions[0].end" in err and "ends with 2025-08-15" in err


def test_a_revision_dated_after_the_build_shows_from_its_date(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_notice("n.md", _notice(("2025-08-06", "extension", "2025-08-15"), ("2025-08-10", "withdrawal", "")))
    content, out = tmp_path / "content", tmp_path / "o"
    assert build(content, out, "2025-08-05T10:00") == 0
    page = soup(out / "notices/n/index.html")
    assert _banner(out) == ("2025年7月21日至2025年8月8日", "公示中，剩余 4 天")
    assert page.select(".revision") == [] and page.select_one(".withdrawn-banner") is None
    data = (out / "data/notices.json").read_text("utf-8")
    assert "2025-08-15" not in data
    # The daily rebuild (with the build cache) picks the revisions up on their dates.
    assert build(content, out, "2025-08-06T10:00") == 0
    assert _banner(out) == ("2025年7月21日至2025年8月15日", "公示中，剩余 10 天")
    assert [li["class"][1] for li in soup(out / "notices/n/index.html").select(".revision")] == ["revision-extension"]
    assert build(content, out, "2025-08-10T10:00") == 0
    assert soup(out / "notices/n/index.html").select_one(".withdrawn-banner") is not None
    # And a build going back in time hides them again.
    assert build(content, out, "2025-08-05T10:00") == 0
    assert soup(out / "notices/n/index.html").select(".revision") == []
