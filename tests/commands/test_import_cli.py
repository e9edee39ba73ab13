"""`gongshi import FILE... | FOLDER [--explain]`: many notices, names that never overwrite, a summary
table, --explain, the site's area_code, and an exit code that fails only for unreadable files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, SAMPLE_CONTENT, run_cli

from generator.commands.importer import import_text
from generator.source import schema

UNDATED = "中共示例县委员会\n关于示例事项的通报\n现将有关情况通报如下。联系电话：0415-5550601。\n"
LOCAL = ("中共示例县委组织部\n任前公示\n拟提任王示例同志。公示时间：2025年5月12日至5月16日。\n"
         "监督电话：5550602\n中共示例县委组织部\n2025年5月12日\n")


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(SAMPLE_CONTENT / "site.yaml", folder / "site.yaml")
    return folder


def test_two_undated_notices_get_two_names_and_nothing_is_overwritten(tmp_path, content, capsys):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(UNDATED, "utf-8")
    b.write_text(UNDATED.replace("示例事项", "另一事项"), "utf-8")
    assert run_cli("import", a, b, "--content", content) == 0
    out, err = capsys.readouterr()
    written = [Path(line) for line in out.splitlines()]
    assert [p.name for p in written] == ["undated-notice.md", "undated-notice-2.md"]
    assert front(written[0])["title"] == "关于示例事项的通报"
    assert front(written[1])["title"] == "关于另一事项的通报"
    assert run_cli("import", a, "--content", content) == 0  # again: a third name, the first two untouched
    assert Path(capsys.readouterr().out.strip()).name == "undated-notice-3.md"
    assert front(written[0])["title"] == "关于示例事项的通报"


def test_force_from_an_older_script_is_accepted_says_it_changes_nothing_and_overwrites_nothing(tmp_path, content,
                                                                                             capsys):
    a = tmp_path / "a.txt"
    a.write_text(UNDATED, "utf-8")
    assert run_cli("import", a, "--content", content) == 0
    first = Path(capsys.readouterr().out.strip())
    first.write_text(first.read_text("utf-8") + "编辑改过的一句。\n", "utf-8")
    assert run_cli("import", a, "--content", content, "--force") == 0
    out, err = capsys.readouterr()
    assert "--force is no longer needed" in err and "never overwrites" in err
    assert Path(out.strip()).name == "undated-notice-2.md"
    assert first.read_text("utf-8").endswith("编辑改过的一句。\n"), "the edited file is untouched"


def test_a_folder_imports_every_notice_and_prints_a_summary_table(tmp_path, content, capsys):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "seed.txt", folder / "seed.txt")
    shutil.copy(FIXTURES / "import" / "appointment.txt", folder / "sub" / "appointment.txt")
    (folder / "notes.md").write_text("not a notice", "utf-8")
    assert run_cli("import", folder, "--content", content) == 0
    out, err = capsys.readouterr()
    assert sorted(Path(p).name for p in out.splitlines()) == ["2025-07-21-rectification.md",
                                                             "2025-09-26-appointment.md"]
    table = err[err.index("title "):].splitlines()
    assert table[0].split() == ["title", "issued", "period", "contacts", "warnings", "file"]
    seed_row = next(r for r in table if "seed.txt" in r)
    assert "关于市委巡察整改落实进展情况的通报" in seed_row and "2025-07-21 – 2025-08-08" in seed_row
    assert seed_row.endswith("→ 2025-07-21-rectification.md")
    assert "5 working days" in next(r for r in table if "appointment.txt" in r)


def test_an_unreadable_file_fails_the_run_but_not_the_others(tmp_path, content, capsys):
    good = tmp_path / "good.txt"
    good.write_text(UNDATED, "utf-8")
    code = run_cli("import", tmp_path / "missing.txt", tmp_path / "old.doc", good, "--content", content)
    out, err = capsys.readouterr()
    assert code == 1
    assert "cannot read" in err and "missing.txt" in err and ".doc" in err
    assert [Path(p).name for p in out.splitlines()] == ["undated-notice.md"]
    assert "2 of 3 could not be read" in err
    assert "Traceback" not in err


def test_explain_prints_each_fact_beside_its_line_and_writes_nothing(tmp_path, content, capsys):
    source = tmp_path / "n.txt"
    source.write_text("中共示例市委第一巡察组\n巡察公告\n巡察组于2025年3月10日至5月10日对示例县开展巡察。\n"
                      "受理信访截止时间为2025年5月8日。\n值班电话：0415-5550603\n中共示例市委第一巡察组\n"
                      "2025年3月10日\n", "utf-8")
    assert run_cli("import", "--explain", source, "--content", content) == 0
    out = capsys.readouterr().out
    assert not (content / "notices").exists()
    lines = out.splitlines()

    def source_of(field: str) -> str:
        i = next(k for k, line in enumerate(lines) if line.split()[:1] == [field])
        return lines[i + 1].strip()

    assert source_of("title") == "← line 2: 巡察公告"
    assert source_of("issued") == "← line 7: 2025年3月10日"
    assert source_of("disclosure") == "← line 4: 受理信访截止时间为2025年5月8日。"
    assert "start: 2025-03-10, end: 2025-05-08" in out
    assert "← line 5: 值班电话：0415-5550603" in out
    assert source_of("summary").startswith("← line 3: 巡察组于2025年3月10日")


def test_a_local_number_takes_the_sites_area_code(tmp_path, content, capsys):
    source = tmp_path / "n.txt"
    source.write_text(LOCAL, "utf-8")
    assert run_cli("import", source, "--content", content) == 0
    written = Path(capsys.readouterr().out.strip())
    assert "contacts" not in front(written)  # no area code anywhere: kept in the body only
    assert "监督电话：5550602" in written.read_text("utf-8")
    site = content / "site.yaml"
    site.write_text(site.read_text("utf-8") + 'area_code: "0416"\n', "utf-8")
    assert run_cli("import", source, "--content", content) == 0
    out, err = capsys.readouterr()
    assert front(Path(out.strip()))["contacts"] == [{"kind": "phone", "value": "0416-5550602"}]
    assert "took 0416 from the site's area_code" in err
    assert run_cli("check", "--content", content, "--now", "2026-01-01T10:00") == 0


def test_a_bad_area_code_in_site_yaml_is_an_error_of_check(content, capsys):
    site = content / "site.yaml"
    site.write_text(site.read_text("utf-8") + "area_code: 415x\n", "utf-8")
    assert run_cli("check", "--content", content, "--now", "2026-01-01T10:00") == 1
    assert "area_code" in capsys.readouterr().err


DOCNO = ("索引号：11210600MB555000X/2025-00124\n关于示例同志任职前公示的公告\n示组通字〔2024〕26号\n"
         "经研究，拟提任示例同志。公示期为2025年7月1日至7月7日。监督电话：0415-5550604\n中共示例县委组织部\n2025年7月1日\n")


def test_document_and_index_numbers_are_written_only_when_the_schema_declares_them(monkeypatch):
    meta = yaml.safe_load(import_text(DOCNO).text.split("---\n")[1])
    for name in ("document_number", "index_number"):
        assert (name in meta) == (name in schema.NOTICE.fields)
    for name, doc in (("document_number", "文号"), ("index_number", "索引号")):  # as #22 declares them
        monkeypatch.setitem(schema.NOTICE.fields, name, schema.NOTICE.fields.get(name) or schema.S(doc))
    result = import_text(DOCNO)
    meta = yaml.safe_load(result.text.split("---\n")[1])
    assert meta["document_number"] == "示组通字〔2024〕26号"
    assert meta["index_number"] == "11210600MB555000X/2025-00124"
    assert "示组通字" not in result.text.split("---\n")[2]  # a header line, not part of the body
