"""Bad content: a clear error at file:line, a non-zero exit, and the previous site left intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SAMPLE_CONTENT, build, copy_content, run_cli, tree_digest

GOOD = """---
title: 测试公告
issuer: 示例单位
kind: generic
issued: 2026-01-05
disclosure:
  start: 2026-01-05
  end: 2026-01-09
---
正文。
"""


def _fail(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str) -> str:
    """Build the sample site, add a broken notice, build again; return the error output."""
    content = copy_content(tmp_path)
    out = tmp_path / "output"
    assert build(content, out) == 0
    before = tree_digest(out)
    (content / "notices" / name).write_text(text, "utf-8")
    capsys.readouterr()
    assert build(content, out) == 1
    assert tree_digest(out) == before, "a failed build must leave the previous output untouched"
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_malformed_date_names_file_line_and_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _fail(tmp_path, capsys, "bad-date.md", GOOD.replace("end: 2026-01-09", "end: 2026-01-32"))
    assert "notices/bad-date.md:8:" in err
    assert "disclosure.end" in err
    assert "2026-01-32" in err
    assert "left as it was" in err


def test_issued_date_that_is_not_a_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _fail(tmp_path, capsys, "bad-issued.md", GOOD.replace("issued: 2026-01-05", "issued: 2026-13-45"))
    assert "notices/bad-issued.md:5:" in err and "issued" in err and "not a date" in err


def test_unknown_field_suggests_the_right_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _fail(tmp_path, capsys, "typo.md", GOOD.replace("issuer:", "isuer:"))
    assert "notices/typo.md:3:" in err
    assert "unknown field `isuer`" in err and "did you mean `issuer`" in err
    assert "missing required field `issuer`" in err


def test_yaml_syntax_error_has_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _fail(tmp_path, capsys, "syntax.md", GOOD.replace("kind: generic", "kind: [generic"))
    assert "notices/syntax.md:" in err and "YAML syntax error" in err


def test_end_before_start(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = _fail(tmp_path, capsys, "backwards.md", GOOD.replace("end: 2026-01-09", "end: 2025-12-09"))
    assert "notices/backwards.md:8:" in err and "ends before it starts" in err


def test_invalid_phone_is_reported_at_its_value(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace("---\n正文", "contacts:\n  - kind: phone\n    value: 12-34\n---\n正文")
    err = _fail(tmp_path, capsys, "phone.md", text)
    assert "notices/phone.md:11:" in err and "contacts[0].value" in err


def test_javascript_url_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace("---\n正文", "contacts:\n  - kind: web\n    value: javascript:alert(1)\n---\n正文")
    err = _fail(tmp_path, capsys, "js.md", text)
    assert "notices/js.md:11:" in err


def test_non_utf8_file_names_the_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_content(tmp_path)
    (content / "notices" / "gbk.md").write_bytes(GOOD.encode("gb18030"))
    assert build(content, tmp_path / "o") == 1
    err = capsys.readouterr().err
    assert "notices/gbk.md" in err and "not UTF-8" in err and "GB18030" in err and "iconv" in err


def test_bom_and_crlf_are_handled_silently(tmp_path: Path, write_notice) -> None:  # type: ignore[no-untyped-def]
    path = write_notice("crlf.md", "")
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    assert build(tmp_path / "content", tmp_path / "o") == 0
    assert (tmp_path / "o/notices/crlf/index.html").is_file()


def test_every_error_is_reported_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_content(tmp_path)
    (content / "notices" / "a.md").write_text(GOOD.replace("issued: 2026-01-05", "issued: soon"), "utf-8")
    (content / "notices" / "b.md").write_text(GOOD.replace("kind: generic", "kind: notice"), "utf-8")
    assert build(content, tmp_path / "o") == 1
    err = capsys.readouterr().err
    assert "notices/a.md:5:" in err and "notices/b.md:4:" in err
    assert not (tmp_path / "o").exists()


def test_duplicate_slugs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_content(tmp_path)
    (content / "notices" / "one.md").write_text(GOOD.replace("kind: generic", "kind: generic\nslug: same"), "utf-8")
    (content / "notices" / "two.md").write_text(GOOD.replace("kind: generic", "kind: generic\nslug: same"), "utf-8")
    assert build(content, tmp_path / "o") == 1
    assert "slug `same` is already used" in capsys.readouterr().err


def test_missing_content_folder_is_an_error_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("build", "--content", tmp_path / "nowhere", "--output", tmp_path / "o") == 1
    err = capsys.readouterr().err
    assert "site.yaml" in err and "Traceback" not in err


def test_bad_now_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("build", "--content", SAMPLE_CONTENT, "--output", tmp_path / "o", "--now", "tomorrow") == 2
    assert "--now" in capsys.readouterr().err


# ---------------------------------------------------------------- the operating system says no

def _os_failure(monkeypatch: pytest.MonkeyPatch, where: str, error: OSError) -> None:
    from generator.build import write

    if where == "writing":
        real_put = write.Staging.put
        calls = []

        def put(self, f):  # type: ignore[no-untyped-def]
            calls.append(f.path)
            if len(calls) > 5:
                raise error
            return real_put(self, f)
        monkeypatch.setattr(write.Staging, "put", put)
    elif where == "swap":
        def swap(new: Path, target: Path, keep_old: bool = False) -> None:
            raise error
        monkeypatch.setattr(write, "swap_into_place", swap)
    else:
        def link(*args: object, **kwargs: object) -> None:
            raise error
        monkeypatch.setattr(write.os, "link", link)


@pytest.mark.parametrize(("where", "error", "named"), [
    ("writing", OSError(28, "No space left on device", "output-staging/notices/x/index.html"), "index.html"),
    ("swap", OSError(30, "Read-only file system", "site/output"), "site/output"),
    ("linking", PermissionError(13, "Permission denied", "site/output/index.html", None, "site/.output.new-1/index.html"),
     ".output.new-1"),
], ids=["ENOSPC", "EROFS", "EACCES"])
def test_an_operating_system_error_is_one_line_and_the_output_is_kept(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        where: str, error: OSError, named: str) -> None:
    content = copy_content(tmp_path)
    out = tmp_path / "o"
    assert build(content, out, "2026-12-01T10:00", "--no-search") == 0
    before = tree_digest(out)
    _os_failure(monkeypatch, where, error)
    capsys.readouterr()
    assert build(content, out, "2026-12-09T10:00", "--no-search") == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("gongshi: error:")]
    assert len(errors) == 1 and named in errors[0] and error.strerror in errors[0], err
    assert "was left as it was" in err
    assert tree_digest(out) == before
    assert not list(tmp_path.glob(".o.new-*")), "the staged site is removed"


def test_output_that_is_a_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.txt"
    target.write_text("keep me\n", "utf-8")
    assert run_cli("build", "--content", SAMPLE_CONTENT, "--output", target, "--no-search") == 2
    err = capsys.readouterr().err
    assert "report.txt is a file, not a folder" in err and "Traceback" not in err
    assert target.read_text("utf-8") == "keep me\n"
    assert not list(tmp_path.glob(".report.txt*"))
