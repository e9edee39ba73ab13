"""What `check` and `build` say about the edges of a notice: office hours without days, a working-day
period that starts after office hours, an issue date that is not in the calendar, drafts with errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build, run_cli, soup

HEAD = """---
title: 测试公示
issuer: 示例单位
kind: generic
issued: {issued}
{draft}disclosure:
  start: {start}
  {length}
contacts:
  - kind: phone
    value: 0415-5550100
    hours: {hours}
---
正文。
"""


def _notice(issued: str = "2025-06-10", start: str = "2025-06-12", length: str = "end: 2025-06-20",
            hours: str = "工作日 8:30-17:00", draft: bool = False) -> str:
    return HEAD.format(issued=issued, start=start, length=length, hours=hours, draft="draft: true\n" if draft else "")


def _check(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = run_cli("check", "--content", tmp_path / "content", "--now", "2025-06-12T10:00", *extra)
    return code, capsys.readouterr().err


def test_hours_without_days_are_a_warning_and_read_as_working_days(
        write_notice, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    write_notice("n.md", _notice(hours="上午8:00-12:00 下午14:30-17:30"))
    code, err = _check(tmp_path, capsys)
    assert code == 0
    assert "n.md:12:" in err and "warning: contacts[0].hours:" in err and "do not say on which days" in err
    assert "read as working days" in err
    out = tmp_path / "o"
    assert build(tmp_path / "content", out, "2025-06-12T10:00") == 0
    page = (out / "notices/n/index.html").read_text("utf-8")
    assert "workdays 08:00-12:00,14:30-17:30" in page
    assert "上午8:00-12:00 下午14:30-17:30" in soup(out / "notices/n/index.html").get_text()


def test_a_working_day_period_starting_after_office_hours_is_warned_about(
        write_notice, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    write_notice("n.md", _notice(start="2025-06-12 17:45", length="working_days: 5"))
    code, err = _check(tmp_path, capsys)
    assert code == 0
    assert "n.md:7:" in err and "warning: disclosure.start:" in err
    assert "starts at 17:45, after office hours (until 17:00)" in err and "first of its 5 working days" in err
    assert run_cli("check", "--content", tmp_path / "content", "--strict") == 1


def test_office_hours_of_the_contacts_set_the_late_hour(
        write_notice, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    write_notice("n.md", _notice(start="2025-06-12 17:45", length="working_days: 5", hours="工作日 8:30-18:00"))
    code, err = _check(tmp_path, capsys)
    assert code == 0 and "after office hours" not in err


@pytest.mark.parametrize("field", ["issued", "start"])
def test_a_date_that_is_not_in_the_calendar_gets_the_same_message_everywhere(
        write_notice, tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str) -> None:  # type: ignore[no-untyped-def]
    write_notice("n.md", _notice(**{field: "2025-02-30"}))
    code, err = _check(tmp_path, capsys)
    assert code == 1
    assert "`2025-02-30` is not a date in the calendar" in err
    assert "2025-02 has 28 days" in err


def test_a_drafts_errors_do_not_block_a_build_without_drafts(
        write_notice, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    """`gongshi new appointment-notice` on 28 December, with a calendar that ends that year."""
    write_notice("ok.md", _notice())
    write_notice("far.md", _notice(issued="2026-12-28", start="2026-12-28", length="working_days: 5", draft=True))
    out = tmp_path / "o"
    assert build(tmp_path / "content", out, "2025-06-12T10:00") == 0
    assert (out / "notices/ok/index.html").is_file() and not (out / "notices/far").exists()
    capsys.readouterr()
    assert build(tmp_path / "content", tmp_path / "o2", "2025-06-12T10:00", "--drafts") == 1
    assert "far.md:9:" in capsys.readouterr().err
    code, err = _check(tmp_path, capsys)
    assert code == 1 and "covers the years up to 2026, not 2027" in err and "2 notices checked: 1 error" in err


def test_the_schema_says_how_working_days_count() -> None:
    import json

    from generator.source.json_schema import SCHEMAS_DIR

    schema = json.loads((SCHEMAS_DIR / "notice.schema.json").read_text("utf-8"))
    text = json.dumps(schema, ensure_ascii=False)
    assert "The start day counts as the first when it is a working day" in text
    assert "5 from Thursday 2025-06-12 end on Wednesday 2025-06-18" in text
    assert "later than the end it replaces" in text
