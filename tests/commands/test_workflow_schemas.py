"""The CI files `gongshi init` writes (.github/workflows/pages.yml, .gitlab-ci.yml) are valid against
the published schemas of GitHub workflows and GitLab CI, as check-jsonschema ships them (no network)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import missing_tool, run_cli

FILES = {"vendor.github-workflows": ".github/workflows/pages.yml", "vendor.gitlab-ci": ".gitlab-ci.yml"}


def check(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec("check_jsonschema") is None:
        missing_tool("check-jsonschema is not installed (pip install -e '.[test]')")
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("cms", [False, True], ids=["plain", "cms"])
@pytest.mark.parametrize("schema", sorted(FILES))
def test_the_ci_files_init_writes_are_valid(tmp_path: Path, schema: str, cms: bool) -> None:
    site = tmp_path / "site"
    assert run_cli("init", site, *(["--cms"] if cms else [])) == 0
    done = check(schema, site / FILES[schema])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


@pytest.mark.parametrize(("schema", "text", "error"), [
    ("vendor.github-workflows", "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    stepz: []\n", "stepz"),
    ("vendor.gitlab-ci", "pages:\n  stage: deploy\n  script: 3\n", "script"),
])
def test_the_check_rejects_a_broken_file(tmp_path: Path, schema: str, text: str, error: str) -> None:
    path = tmp_path / "ci.yml"
    path.write_text(text, "utf-8")
    done = check(schema, path)
    assert done.returncode == 1 and error in done.stdout, done.stdout + done.stderr
