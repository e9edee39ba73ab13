"""The government disclosure fields of a notice (索引号, 文号, 主题分类, 成文日期, 发布机构, 有效性,
公开方式): each checked with an error at its line that says the fix, and the site's 索引号 rule."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_cli

from generator.notice import docnumbers
from generator.notice.model import IndexRule
from generator.source.json_schema import SCHEMAS_DIR

HEAD = """---
title: 关于王示例同志任前公示的公告
issuer: 中共示例县委组织部
kind: appointment-notice
issued: 2026-11-26
{extra}
---
正文。
"""


def check(write_notice: Callable[[str, str], Path], extra: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = write_notice("a.md", HEAD.format(extra=extra))
    code = run_cli("check", "--content", path.parents[1])
    return code, capsys.readouterr().err


def test_every_field_accepted_when_right(write_notice: Callable[[str, str], Path],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, err = check(write_notice, "index_number: 11210624MB1957093X/2026-00007\n"
                      "document_number: 示例组通字〔2026〕26号\ntopic: 组织人事\nwritten: 2026-11-25\n"
                      "publisher: 示例县委组织部办公室\nvalidity: {status: 有效}\ndisclosure_scope: 依申请公开", capsys)
    assert code == 0, err


@pytest.mark.parametrize(("extra", "line", "message", "hint"), [
    ("document_number: 示例组通字[2026]26号", 6, "is not in 〔〕 brackets", "write `示例组通字〔2026〕26号`"),
    ("document_number: 示例组通字(2026)26号", 6, "is not in 〔〕 brackets", "write `示例组通字〔2026〕26号`"),
    ("document_number: 示例组通字（2026）26", 6, "is not in 〔〕 brackets", "write `示例组通字〔2026〕26号`"),
    ("document_number: 示例组通字〔2026〕26", 6, "does not end in 号", "write `示例组通字〔2026〕26号`"),
    ("document_number: 第26号", 6, "is not a 文号", "示例组通字〔2026〕26号"),
    ("index_number: 11210624MB1957093X/2026-7", 6, "does not follow the site's rule", "5 digits"),
    ("index_number: 000014349/2026-00007", 6, "does not begin with the organisation code", "{organisation}"),
    ("topic: 组织人士", 6, "is not one of the site's topics", "did you mean `组织人事`?"),
    ("validity: {status: 废止}", 6, "needs the date it stopped", "date: 2026-12-31"),
    ("validity: {status: 作废}", 6, "not one of the allowed values", "有效, 失效, 废止"),
    ("disclosure_scope: 公开", 6, "not one of the allowed values", "主动公开"),
])
def test_a_wrong_value_is_reported_at_its_line(write_notice: Callable[[str, str], Path],
                                               capsys: pytest.CaptureFixture[str], extra: str, line: int,
                                               message: str, hint: str) -> None:
    code, err = check(write_notice, extra, capsys)
    assert code == 1
    assert f"a.md:{line}:" in err and message in err and hint in err, err


def test_no_index_rule_no_topics(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without a rule any 索引号 is taken as written; without a vocabulary a topic asks for one."""
    content = tmp_path / "content"
    (content / "notices").mkdir(parents=True)
    (content / "site.yaml").write_text("title: 示例\n", "utf-8")
    (content / "notices" / "a.md").write_text(HEAD.format(extra="index_number: 任意-2026-1"), "utf-8")
    assert run_cli("check", "--content", content) == 0
    (content / "notices" / "a.md").write_text(HEAD.format(extra="topic: 组织人事"), "utf-8")
    assert run_cli("check", "--content", content) == 1
    assert "`topics:` in site.yaml" in capsys.readouterr().err


def test_a_broken_site_rule_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = tmp_path / "content"
    (content / "notices").mkdir(parents=True)
    (content / "site.yaml").write_text("title: 示例\nindex_number:\n  organisation: 1121\n  format: \"{year}-{serial}\"\n"
                                       "emblem: logo.gif\n", "utf-8")
    assert run_cli("check", "--content", content) == 1
    err = capsys.readouterr().err
    assert "site.yaml:3:" in err and "site.yaml:4:" in err and "site.yaml:5:" in err and "PNG or JPEG" in err, err


def test_index_number_rule_and_next_number() -> None:
    rule = IndexRule("QD0001", "{organisation}-{year}-{serial}", 4)
    assert docnumbers.check_index_number("QD0001-2026-0012", rule, 2026) == (2026, 12)
    taken = ["QD0001-2026-0012", "QD0001-2026-0003", "QD0001-2025-0099", "other"]
    assert docnumbers.next_index_number(rule, 2026, taken) == "QD0001-2026-0013"
    assert docnumbers.next_index_number(rule, 2027, taken) == "QD0001-2027-0001"


def test_every_field_is_in_the_json_schemas_with_a_description_and_example() -> None:
    notice = json.loads((SCHEMAS_DIR / "notice.schema.json").read_text("utf-8"))["properties"]
    site = json.loads((SCHEMAS_DIR / "site.schema.json").read_text("utf-8"))["properties"]
    for name in ("index_number", "document_number", "topic", "written", "publisher", "validity", "disclosure_scope"):
        assert notice[name]["description"], name
        assert notice[name].get("examples") or notice[name].get("properties"), name
    assert notice["validity"]["properties"]["status"]["enum"] == ["有效", "失效", "废止"]
    assert notice["contacts"]["items"]["properties"]["until"]["format"] == "date"
    for name in ("topics", "index_number", "emblem", "accessibility"):
        assert site[name]["description"], name


def test_dates_that_disagree_are_warnings(write_notice: Callable[[str, str], Path],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """A 索引号 of another year than the issue (or 成文) year, and a 成文日期 after the issue date, are
    likely slips but not malformed: warnings, which fail `--strict` only."""
    path = write_notice("a.md", HEAD.format(extra="index_number: 11210624MB1957093X/2025-00007\nwritten: 2026-11-27"))
    assert run_cli("check", "--content", path.parents[1]) == 0
    err = capsys.readouterr().err
    assert "a.md:6:" in err and "has the year 2025" in err and "11210624MB1957093X/2026-00007" in err, err
    assert "a.md:7:" in err and "is after the issue date" in err and "warning" in err, err
    assert run_cli("check", "--strict", "--content", path.parents[1]) == 1
    path.write_text(HEAD.format(extra="index_number: 11210624MB1957093X/2025-00007\nwritten: 2025-12-30"), "utf-8")
    assert run_cli("check", "--strict", "--content", path.parents[1]) == 0  # the 成文 year is the number's
