"""Reserved and ambiguous names are refused with an error that names the file (and line) and says what
to do: `notices/index.md` (it would be the folder notice of all of notices/, attachments included),
file names with control characters or a newline at the end, Windows device names, duplicate YAML keys
(at the second key's line), aliases with `:` or `*` (placeholders and wildcards in hosts' redirect
files), and dates past the calendar's end. `check --format github` writes no control character of a
file name into its `file=` property."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE_CONTENT, run_cli

NOW = "2026-12-01T10:00"
HEAD = "---\ntitle: 示例公示\nissuer: 示例镇人民政府\nkind: generic\nissued: 2026-11-20\n"


def _site(tmp_path: Path) -> Path:
    content = tmp_path / "site" / "content"
    (content / "notices").mkdir(parents=True)
    shutil.copy(SAMPLE_CONTENT / "site.yaml", content / "site.yaml")
    (content / "notices" / "ok.md").write_text(HEAD + "---\n正文。\n", "utf-8")
    return content


def _check(content: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    code = run_cli("check", "--content", content, "--now", NOW, *extra)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


CASES = [
    ("index.md", HEAD + "---\n正文。\n", "notices/index.md:", "a notice of the whole notices folder"),
    ("bad\n.md", HEAD + "---\n正文。\n", "bad\\n.md", "does not make a valid address"),
    ("bel\x07.md", HEAD + "---\n正文。\n", "bel\\x07.md", "does not make a valid address"),
    ("con.md", HEAD + "---\n正文。\n", "con.md:", "a name Windows reserves"),
    ("x.md", HEAD + "slug: nul\n---\n正文。\n", "x.md:6", "a name Windows reserves"),
    ("y.md", HEAD + "slug: \"go\\nod\"\n---\n正文。\n", "y.md:6", "does not have the expected form"),
    ("lpt9.md", HEAD + "---\n正文。\n", "lpt9.md:", "a name Windows reserves"),
    ("twice.md", HEAD + "disclosure:\n  start: 2026-11-20\n  end: 2026-11-30\n  end: 2026-12-30\n---\n正文。\n",
     "twice.md:9:3", "the key `end` appears twice (first at line 8)"),
    ("splat.md", HEAD + "aliases: [\"/old/:splat\"]\n---\n正文。\n", "splat.md:6", "contains characters an alias cannot have"),
    ("star.md", HEAD + "aliases: [\"/old/*\"]\n---\n正文。\n", "star.md:6", "contains characters an alias cannot have"),
    ("late.md", HEAD + "disclosure: {start: 9999-12-30, end: 9999-12-31}\n---\n正文。\n", "late.md:6",
     "is too far in the future"),
]


@pytest.mark.parametrize(("name", "text", "where", "message"), CASES, ids=[c[0].encode("unicode_escape").decode()
                                                                         for c in CASES])
def test_a_reserved_or_ambiguous_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                                 text: str, where: str, message: str) -> None:
    content = _site(tmp_path)
    (content / "notices" / name).write_text(text, "utf-8")
    code, said = _check(content, capsys)
    assert code == 1
    assert "Traceback" not in said
    line = next((ln for ln in said.splitlines() if message in ln), "")
    assert line, said
    assert where in line, line
    assert "\x07" not in said and "\x1b" not in said
    out = tmp_path / "output"
    assert run_cli("build", "--content", content, "--output", out, "--now", NOW, "--no-search") == 1
    assert not out.exists()


def test_the_folder_notice_of_notices_cannot_publish_a_drafts_file(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    content = _site(tmp_path)
    draft = content / "notices" / "draft-one"
    draft.mkdir()
    (draft / "index.md").write_text(HEAD + "draft: true\n---\n正文。\n", "utf-8")
    (draft / "secret.pdf").write_bytes(b"%PDF-1.4 secret\n")
    (content / "notices" / "index.md").write_text(
        HEAD + "attachments:\n  - file: draft-one/secret.pdf\n    title: 附件\n---\n正文。\n", "utf-8")
    out = tmp_path / "output"
    assert run_cli("build", "--content", content, "--output", out, "--now", NOW, "--no-search") == 1
    assert not out.exists()
    assert not list(tmp_path.rglob("output/**/secret.pdf"))


def test_github_annotations_escape_control_characters_in_file_names(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    content = _site(tmp_path)
    (content / "notices" / "esc\x1b[31m.md").write_text(HEAD + "---\n正文。\n", "utf-8")
    code, said = _check(content, capsys, "--format", "github")
    assert code == 1
    line = next(ln for ln in said.splitlines() if ln.startswith("::error"))
    assert "\x1b" not in said
    assert "file=" in line and "esc\\x1b[31m.md" in line


def test_a_duplicate_key_in_site_yaml_is_an_error_at_its_line(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    content = _site(tmp_path)
    site = content / "site.yaml"
    before = site.read_text("utf-8")
    site.write_text(before + "title: 又一个标题\n", "utf-8")
    code, said = _check(content, capsys)
    assert code == 1
    lines = before.count("\n") + 1
    assert f"site.yaml:{lines}:1" in said and "the key `title` appears twice" in said, said
