"""`gongshi import FILE.docx`: a Word document reads as the same plain text the text importer reads."""

from __future__ import annotations

import sys
from pathlib import Path

import docx
import pytest
from conftest import FIXTURES, run_cli, tree_digest

from generator.commands.importer import import_text
from generator.commands.word import docx_text
from generator.source.load import display_path

SEED = FIXTURES / "seed.txt"


def seed_docx(path: Path) -> Path:
    """The seed as Word would hold it after pasting: one paragraph per line, empty lines included."""
    document = docx.Document()
    for line in SEED.read_text("utf-8").split("\n")[:-1]:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def imported(capsys: pytest.CaptureFixture[str], source: Path, content: Path) -> tuple[Path, str]:
    capsys.readouterr()
    assert run_cli("import", source, "--content", content) == 0
    out, err = capsys.readouterr()
    return Path(out.strip()), err


def test_docx_of_the_seed_imports_to_the_same_notice_as_the_text(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = seed_docx(tmp_path / "seed.docx")
    from_docx, docx_err = imported(capsys, source, tmp_path / "a")
    from_text, text_err = imported(capsys, SEED, tmp_path / "b")
    assert from_docx.name == from_text.name
    assert from_docx.read_text("utf-8") == from_text.read_text("utf-8") == import_text(SEED.read_bytes()).text
    assert "title: 关于市委巡察整改落实进展情况的通报" in from_docx.read_text("utf-8")
    # The same warnings at the same lines (paragraph numbers count as the text's line numbers).
    assert docx_err.replace(display_path(source), "SOURCE") == text_err.replace(display_path(SEED), "SOURCE")
    assert "SOURCE:18: warning" in docx_err.replace(display_path(source), "SOURCE")


def test_tables_are_read_cell_by_cell_in_document_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("拟任职干部名单如下：")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["姓名", "现任职务", "拟任职务"], ["张三", "科长", "副局长"], ["李四", "", ""]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    merged = table.cell(2, 1).merge(table.cell(2, 2))
    merged.text = "另行公布"
    table.cell(0, 0).add_paragraph("（按姓氏笔画排序）")
    document.add_paragraph("公示期为5个工作日。")
    document.save(str(tmp_path / "t.docx"))
    text, warnings = docx_text(tmp_path / "t.docx")
    assert text.splitlines() == ["拟任职干部名单如下：", "姓名", "（按姓氏笔画排序）", "现任职务", "拟任职务",
                                 "张三", "科长", "副局长", "李四", "另行公布", "公示期为5个工作日。"]
    assert warnings == []


def test_line_breaks_inside_a_paragraph_become_lines(tmp_path: Path) -> None:
    document = docx.Document()
    run = document.add_paragraph().add_run("联系电话：0415-5138995")
    run.add_break()
    run.add_text("电子邮箱：jiandu@example.org")
    document.save(str(tmp_path / "b.docx"))
    assert docx_text(tmp_path / "b.docx")[0].splitlines() == ["联系电话：0415-5138995", "电子邮箱：jiandu@example.org"]


def test_automatic_numbering_is_reported_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = docx.Document()
    document.add_paragraph("某单位")
    document.add_paragraph("关于某事项的公示")
    document.add_paragraph("")
    document.add_paragraph("公示内容", style="List Number")  # Word draws "1." before it; the text has none
    document.add_paragraph("正文。")
    document.save(str(tmp_path / "n.docx"))
    _, warnings = docx_text(tmp_path / "n.docx")
    assert [(w.location.line, w.field) for w in warnings] == [(4, "numbering")]
    capsys.readouterr()
    assert run_cli("import", tmp_path / "n.docx", "--content", tmp_path / "c") == 0
    assert "n.docx:4: warning: numbering: this paragraph is numbered by Word's automatic numbering" in \
        capsys.readouterr().err


def test_without_python_docx_a_docx_is_refused_with_the_install_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    source = seed_docx(tmp_path / "seed.docx")
    monkeypatch.setitem(sys.modules, "docx", None)  # `import docx` now raises ImportError
    capsys.readouterr()
    assert run_cli("import", source, "--content", tmp_path / "c") == 1
    out, err = capsys.readouterr()
    assert "needs python-docx" in err and "pip install 'gongshi[docx]'" in err
    assert out == "" and "Traceback" not in err and not (tmp_path / "c").exists()
    assert run_cli("import", SEED, "--content", tmp_path / "c") == 0, "text still imports without it"


@pytest.mark.parametrize(("name", "data", "message"), [
    ("notice.docx", b"this is plain text, not a zip file", "is not a Word .docx document"),
    ("notice.doc", b"\xd0\xcf\x11\xe0", "old-style Word document (.doc)"),
    ("missing.docx", None, "cannot read"),
])
def test_files_that_are_not_readable_docx_get_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             name: str, data: bytes | None, message: str) -> None:
    source = tmp_path / "in" / name
    source.parent.mkdir()
    if data is not None:
        source.write_bytes(data)
    before = tree_digest(tmp_path)
    capsys.readouterr()
    assert run_cli("import", source, "--content", tmp_path / "c") == 1
    err = capsys.readouterr().err
    assert message in err
    assert ("hint:" in err) == (name != "missing.docx")
    assert "Traceback" not in err and tree_digest(tmp_path) == before
