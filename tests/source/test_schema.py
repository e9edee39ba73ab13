"""The JSON Schemas shipped in generator/schemas/: generated from the model, valid for the sample
content, and strict enough that common mistakes fail validation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_CONTENT
from jsonschema import Draft202012Validator

from generator.build.inputs import notice_files
from generator.source.json_schema import SCHEMA_FILES, SCHEMAS_DIR, main, schema_texts
from generator.source.load import load_document


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS_DIR / name).read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def front_matter(path: Path) -> dict[str, Any]:
    """The data an editor's YAML language server sees: dates stay text, as in the content loader."""
    doc, errors = load_document(path, path.parent)
    assert doc is not None and not errors, errors
    return doc.data


def problems(v: Draft202012Validator, data: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted(("/".join(map(str, e.absolute_path)), e.validator) for e in v.iter_errors(data))


# ------------------------------------------------------------------ shipped = generated


def test_shipped_schema_files_are_what_the_model_generates() -> None:
    texts = schema_texts()
    assert set(texts) == set(SCHEMA_FILES) == {"notice.schema.json", "site.schema.json"}
    for name, text in texts.items():
        assert (SCHEMAS_DIR / name).read_text("utf-8") == text, f"{name} is stale: run python -m generator.source.schema"
    assert main(["--check"]) == 0


def test_regenerating_writes_the_same_files_elsewhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 0
    printed = capsys.readouterr().out.split()
    for name in SCHEMA_FILES:
        assert (tmp_path / name).read_bytes() == (SCHEMAS_DIR / name).read_bytes()
        assert str(tmp_path / name) in printed


def test_check_reports_a_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main([str(tmp_path)])
    (tmp_path / "site.schema.json").write_text("{}\n", "utf-8")
    capsys.readouterr()
    assert main([str(tmp_path), "--check"]) == 1
    assert "site.schema.json: out of date" in capsys.readouterr().err


def test_schemas_carry_the_models_fields_and_descriptions() -> None:
    notice = json.loads((SCHEMAS_DIR / "notice.schema.json").read_text("utf-8"))
    assert notice["required"] == ["title", "issuer", "kind", "issued"]
    assert notice["additionalProperties"] is False
    assert "rectification-progress" in notice["properties"]["kind"]["enum"]
    assert notice["properties"]["contacts"]["items"]["properties"]["kind"]["enum"][0] == "phone"
    assert notice["properties"]["disclosure"]["properties"]["working_days"]["type"] == "integer"
    site = json.loads((SCHEMAS_DIR / "site.schema.json").read_text("utf-8"))
    assert site["required"] == ["title"]
    assert site["properties"]["footer"]["properties"]["icp"]["description"] == "ICP备案号"


# ------------------------------------------------------------------ the sample content validates


def test_sample_site_yaml_validates() -> None:
    assert problems(validator("site.schema.json"), front_matter(SAMPLE_CONTENT / "site.yaml")) == []


def test_every_sample_notice_validates() -> None:
    v = validator("notice.schema.json")
    files = notice_files(SAMPLE_CONTENT)
    assert len(files) >= 5, "the sample content should have notices to validate"
    for path in files:
        assert problems(v, front_matter(path)) == [], path.name


# ------------------------------------------------------------------ broken files fail


SEED_NOTICE = SAMPLE_CONTENT / "notices" / "kuandian-inspection-rectification-2025.md"


def _mutated(change: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(front_matter(SEED_NOTICE)))
    change(data)
    return data


BROKEN_NOTICES = {
    "unknown field": (lambda d: d.update(titel="x"), ("", "additionalProperties")),
    "missing issuer": (lambda d: d.pop("issuer"), ("", "required")),
    "unknown kind": (lambda d: d.update(kind="rectification"), ("kind", "enum")),
    "date that is not a date": (lambda d: d.update(issued="2025-13-40"), ("issued", "format")),
    "period without a start": (lambda d: d["disclosure"].pop("start"), ("disclosure", "required")),
    "working days as text": (lambda d: d["disclosure"].update(working_days="五"), ("disclosure/working_days", "type")),
    "unknown contact kind": (lambda d: d["contacts"][0].update(kind="fax"), ("contacts/0/kind", "enum")),
    "draft as text": (lambda d: d.update(draft="yes"), ("draft", "type")),
    "slug with capitals": (lambda d: d.update(slug="Kuandian 2025"), ("slug", "pattern")),
}


@pytest.mark.parametrize("case", sorted(BROKEN_NOTICES))
def test_a_broken_notice_fails_validation_at_its_field(case: str) -> None:
    change, expected = BROKEN_NOTICES[case]
    assert problems(validator("notice.schema.json"), _mutated(change)) == [expected]


def test_a_broken_site_yaml_fails_validation() -> None:
    data = dict(front_matter(SAMPLE_CONTENT / "site.yaml"))
    data.pop("title")
    data["after_close"] = "delete"
    data["footer"] = {"organization": "x"}
    assert problems(validator("site.schema.json"), data) == [
        ("", "required"), ("after_close", "enum"), ("footer", "additionalProperties")]
