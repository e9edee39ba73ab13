"""The JSON Schemas of the declarations in schema.py, and the files they ship as.

`json_schema` turns a Spec into JSON Schema (draft 2020-12) for editors' IDEs and the published data;
generator/schemas/*.json are its output for a notice's front matter and for site.yaml, and `main` is
`python -m generator.source.schema [FOLDER] [--check]`, which writes them again (or elsewhere, e.g. a
site's schemas/) or reports the stale ones.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator.source.schema import NOTICE, SITE, Spec


def json_schema(spec: Spec, title: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a spec, for editors' IDEs and the published data."""
    out = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title}
    out.update(_to_json_schema(spec))
    return out


def _to_json_schema(spec: Spec) -> dict[str, Any]:
    out: dict[str, Any] = {"description": spec.doc} if spec.doc else {}
    if spec.type == "object":
        out["type"] = "object"
        out["properties"] = {k: _to_json_schema(v) for k, v in spec.fields.items()}
        out["additionalProperties"] = False
        required = [k for k, v in spec.fields.items() if v.required]
        if required:
            out["required"] = required
    elif spec.type == "list":
        assert spec.items is not None
        out["type"] = "array"
        out["items"] = _to_json_schema(spec.items)
    elif spec.type == "enum":
        out["enum"] = list(spec.choices)
    elif spec.type == "date":
        out["type"] = "string"
        out["format"] = "date"
    elif spec.type == "moment":
        out["type"] = "string"
        out["pattern"] = r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2})?$"
    elif spec.type == "integer":
        out.update(type="integer", minimum=1)
    elif spec.type == "boolean":
        out["type"] = "boolean"
    else:
        out["type"] = ["string", "number"] if not spec.pattern else "string"
        if spec.pattern:
            out["pattern"] = spec.pattern
    if spec.example is not None:
        out["examples"] = [spec.example]
    return out


SCHEMAS_DIR = Path(__file__).resolve().parents[1] / "schemas"
SCHEMA_FILES = {
    "notice.schema.json": (NOTICE, "Gongshi notice (front matter of content/notices/*.md)"),
    "site.schema.json": (SITE, "Gongshi site configuration (content/site.yaml)"),
}
"""The shipped schema files: file name → (spec, title)."""


def schema_texts() -> dict[str, str]:
    """Each schema file's text, exactly as the shipped file must read."""
    return {name: json.dumps(json_schema(spec, title), ensure_ascii=False, indent=2) + "\n"
            for name, (spec, title) in SCHEMA_FILES.items()}


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema file into `folder` (created if needed); returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        path = folder / name
        path.write_text(text, "utf-8")
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m generator.source.schema [FOLDER] [--check]`: regenerate the schema files, or compare them."""
    ap = argparse.ArgumentParser(prog="python -m generator.source.schema",
                                 description="Write the JSON Schemas of site.yaml and of a notice's front matter.")
    ap.add_argument("folder", nargs="?", type=Path, default=SCHEMAS_DIR,
                    help="where to write them (default: the package's generator/schemas/)")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file differs from the model")
    args = ap.parse_args(argv)
    if args.check:
        stale = [name for name, text in schema_texts().items()
                 if not (args.folder / name).is_file() or (args.folder / name).read_text("utf-8") != text]
        for name in stale:
            print(f"{args.folder / name}: out of date; run `python -m generator.source.schema`", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(args.folder):
        print(path)
    return 0
