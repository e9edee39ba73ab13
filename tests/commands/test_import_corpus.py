"""The importer on a corpus of notices in the styles published notices use (tests/fixtures/import_corpus/).

Each notice says the fields the importer must read; one parametrised test checks them all, and the
session prints the field accuracy over the corpus. Every imported notice must pass `gongshi check`."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, SAMPLE_CONTENT, run_cli

from generator.commands.importer import import_text
from generator.source.schema import NOTICE

CORPUS = yaml.safe_load((FIXTURES / "import_corpus" / "notices.yaml").read_text("utf-8"))
SCHEMA_ONLY = ("document_number", "index_number")  # written only when the schema declares them
TALLY: dict[str, list[int]] = {}


def _actual(field: str, meta: dict[str, Any], body: str) -> Any:
    if field == "contacts":
        return [[c["kind"], c["value"]] for c in meta.get("contacts", [])]
    if field == "headings":
        return [line.lstrip("#").strip() for line in body.splitlines() if line.startswith("#")]
    return meta.get(field)


def _fields(case: dict[str, Any], meta: dict[str, Any], body: str, warned: set[str]) -> dict[str, bool]:
    """Each expected field → whether the import got it right."""
    out: dict[str, bool] = {}
    for field, want in case["expect"].items():
        if field == "absent":
            out.update({f"absent {f}": f not in meta for f in want})
        elif field == "warned":
            out.update({f"warned {f}": f in warned for f in want})
        elif field in SCHEMA_ONLY and field not in NOTICE.fields:
            out[field] = field not in meta
        else:
            out[field] = _actual(field, meta, body) == want
    return out


@pytest.fixture(scope="module", autouse=True)
def _report(request: pytest.FixtureRequest):
    """After the corpus: the field accuracy, on the terminal (past pytest's capture)."""
    yield
    right = sum(r for r, _ in TALLY.values())
    total = sum(t for _, t in TALLY.values())
    if not total:
        return
    line = f"import corpus: {right}/{total} fields right ({100 * right / total:.1f}%) over {len(TALLY)} notices"
    capture = request.config.pluginmanager.getplugin("capturemanager")
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    with capture.global_and_fixture_disabled():
        if reporter is not None:
            reporter.write_line("\n" + line)
        else:  # a pytest-xdist worker: its stdout is not the terminal
            print(line, file=sys.stderr)


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_corpus_notice(case: dict[str, Any]) -> None:
    result = import_text(case["text"], f"{case['name']}.txt")
    front, _, body = result.text[4:].partition("---\n\n")
    meta = yaml.safe_load(front)
    warned = {d.field for d in result.unclassified}
    checked = _fields(case, meta, body, warned)
    TALLY[case["name"]] = [sum(checked.values()), len(checked)]
    wrong = {f: _actual(f, meta, body) for f, ok in checked.items() if not ok and f in case["expect"]}
    assert all(checked.values()), f"wrong: {[f for f, ok in checked.items() if not ok]} got {wrong}"


def test_every_corpus_notice_imports_to_a_file_that_checks_clean(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for case in CORPUS:
        (folder / f"{case['name']}.txt").write_text(case["text"], "utf-8")
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SAMPLE_CONTENT / "site.yaml", content / "site.yaml")
    assert run_cli("import", folder, "--content", content) == 0
    written = sorted((content / "notices").glob("*.md"))
    assert len(written) == len(CORPUS)
    capsys.readouterr()
    # the notice without a title cannot check clean without inventing one: it is the only error
    code = run_cli("check", "--content", content, "--now", "2026-01-01T10:00")
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if ": error:" in line]
    assert all("missing required field `title`" in line for line in errors), "\n".join(errors)
    assert len(errors) == sum(1 for c in CORPUS if "title" in c["expect"].get("absent", []))
    assert code == (1 if errors else 0)


def _squash(text: str) -> str:
    return re.sub(r"[\s#\\.．、（）()。]", "", text)


@pytest.mark.parametrize("case", CORPUS, ids=[c["name"] for c in CORPUS])
def test_corpus_notice_loses_no_sentence(case: dict[str, Any]) -> None:
    """Every line is in the body, or is the line a written fact (title, issuer, date, signature…) came from."""
    result = import_text(case["text"], "n.txt")
    body = _squash(result.text.split("---\n", 2)[2])
    facts = " ".join(f.value for f in result.facts)
    consumed = {f.line for f in result.facts if not f.field.startswith(("contacts", "disclosure", "summary"))}
    lines = [line.strip() for line in case["text"].splitlines()]
    for number, line in enumerate(lines, start=1):
        if not line or number in consumed or _squash(line) in _squash(facts):
            continue
        if len(lines) <= 2:  # a notice copied as one long line: each of its parts
            parts = [p for p in re.split(r"[ \u3000]+", line) if p]
            missing = [p for p in parts if _squash(p) not in body and _squash(p) not in _squash(facts)]
            assert not missing, f"lost: {missing}"
        else:
            assert _squash(line) in body, f"line {number} lost: {line}"
