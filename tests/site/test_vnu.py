"""Valid HTML and CSS: the Nu HTML Checker (vnu.jar, from node_modules) reports no error on the whole
built sample site, in every theme. Under CI a missing Java or vnu.jar fails the run."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, THEMES, missing_tool

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    java = shutil.which("java")
    if java is None:
        missing_tool("Java is not installed (apt-get install default-jre-headless); the HTML checker needs it")
    if not VNU.is_file():
        missing_tool("vnu.jar is not installed: run `npm ci` in the repository")
    return [java, "-Xss4m", "-jar", str(VNU)]


def check(vnu: list[str], *targets: Path) -> subprocess.CompletedProcess[str]:
    # --skip-non-html: folders also hold scripts, feeds and data files, which are not HTML.
    return subprocess.run([*vnu, "--errors-only", "--skip-non-html", "--also-check-css", *map(str, targets)],
                          capture_output=True, text=True, timeout=300)


def test_every_page_and_stylesheet_is_valid(vnu: list[str], themed_site: Callable[[str], Path]) -> None:
    sites = [themed_site(theme) for theme in THEMES]
    result = check(vnu, *sites)
    assert result.returncode == 0 and not result.stderr.strip(), \
        "the Nu HTML Checker found errors:\n" + result.stderr[-20000:]


def test_the_checker_reports_an_error(vnu: list[str], tmp_path: Path) -> None:
    """The checker really runs and fails on invalid markup (so a pass above means something)."""
    page = tmp_path / "bad" / "index.html"
    page.parent.mkdir()
    page.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></p></span>", "utf-8")
    result = check(vnu, page.parent)
    assert result.returncode != 0 and "error" in result.stderr
