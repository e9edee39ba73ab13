"""The package as pip installs it (a wheel, as `pip install` from a git URL builds one) carries what a
site needs: an installed Gongshi, with no checkout beside it, inits and builds a site."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, missing_tool


def test_every_package_of_generator_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "generator").rglob("__init__.py")}
    assert found and found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages"


def test_every_folder_of_data_files_is_listed_in_pyproject() -> None:
    """setuptools warns, in a box, about each folder it ships but is not told of (scaffolds, schemas,
    theme folders); a newcomer's first `make site` must print none of that."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"])
    folders = {".".join(p.relative_to(ROOT).parts) for p in (ROOT / "generator").rglob("*")
               if p.is_dir() and p.name != "__pycache__" and not p.name.endswith(".egg-info")}
    folders |= {".".join(("generator", *p.relative_to(ROOT).parts)) for p in (ROOT / "themes").rglob("*")
                if p.is_dir() and p.name != "__pycache__"}
    assert folders <= listed, f"add {sorted(folders - listed)} to [tool.setuptools] packages"


def test_the_license_is_an_spdx_expression() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["license"] == "MIT", "a table here is deprecated, and setuptools says so on every install"


def _floor(name: str) -> tuple[int, ...]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    (dep,) = [d for d in deps if d.startswith(name + ">=")]
    return tuple(int(p) for p in dep.split(">=")[1].split(",")[0].split("."))


# The last year of the State Council's arrangement each chinesecalendar release carries (from its releases
# on PyPI: 1.9.2 ends with 2024, 1.10.0 with 2025, 1.11.0 with 2026).
CALENDAR_YEARS = {(1, 9): 2024, (1, 10): 2025, (1, 11): 2026}


def test_the_calendar_floor_covers_the_sample_site() -> None:
    from generator.build.inputs import notice_files
    from generator.notice.periods import add_working_days
    from generator.source.load import load_document

    reached = 0
    for path in notice_files(ROOT / "content"):
        doc, _ = load_document(path, ROOT / "content")
        period = (doc.data if doc else {}).get("disclosure") or {}
        if "working_days" in period:
            start = period["start"] if isinstance(period["start"], dt.date) else dt.date.fromisoformat(str(period["start"])[:10])
            reached = max(reached, add_working_days(start, period["working_days"]).year)
    assert reached, "the sample counts working days"
    floor = _floor("chinesecalendar")[:2]
    assert CALENDAR_YEARS.get(floor, 0) >= reached, f"chinesecalendar>={floor} does not cover {reached}"


def test_the_wheel_builds_without_a_warning(installed: Path) -> None:
    log = (installed.parent / "pip-wheel.log").read_text("utf-8")
    assert "Warning" not in log and "!!" not in log, log


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the source (offline, no build isolation), unpacked as pip would."""
    try:
        import setuptools
    except ImportError:
        missing_tool("setuptools is not installed (pip install -e '.[test]')")
    if tuple(int(p) for p in setuptools.__version__.split(".")[:2]) < (70, 1):
        missing_tool(f"setuptools {setuptools.__version__} cannot build a wheel by itself; 70.1 or later can")
    root = tmp_path_factory.mktemp("packaging")
    src = root / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("generator", "themes"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    made = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                           "-q", "-w", str(root / "dist"), str(src)], check=True, capture_output=True, text=True,
                          timeout=300)
    (root / "pip-wheel.log").write_text(made.stdout + made.stderr, "utf-8")
    (wheel,) = (root / "dist").glob("gongshi-*.whl")
    lib = root / "lib"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(lib)
    return lib


def run(lib: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(lib), "SOURCE_DATE_EPOCH": "1772386200"}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_the_wheel_carries_themes_schemas_and_scaffolds(installed: Path) -> None:
    package = installed / "generator"
    assert (package / "themes" / "default" / "templates").is_dir()
    assert sorted(p.name for p in (package / "themes" / "default" / "locales").iterdir()) == \
        sorted(p.name for p in (ROOT / "themes" / "default" / "locales").iterdir())
    assert (package / "schemas" / "notice.schema.json").is_file() and (package / "schemas" / "site.schema.json").is_file()
    assert (package / "scaffold" / "notices" / "_notice.md").is_file()
    assert (package / "scaffold" / "site" / "github-pages.yml").is_file()


def test_an_installed_gongshi_inits_and_builds_a_site(installed: Path, tmp_path: Path) -> None:
    where = run(installed, tmp_path, "-c", "import generator.render.theme as t; print(t.__file__); print(t.BUILTIN_THEMES)")
    assert where.returncode == 0, where.stderr
    module, themes = where.stdout.split()
    assert Path(module).is_relative_to(installed) and Path(themes).is_relative_to(installed), \
        "the test must run the unpacked wheel, not the checkout"
    init = run(installed, tmp_path, "-m", "generator", "init", "site")
    assert init.returncode == 0, init.stderr
    build = run(installed, tmp_path / "site", "-m", "generator", "build", "--no-search")
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "site" / "output" / "notices" / "2026-03-02-rectification" / "index.html").is_file()
    assert (tmp_path / "site" / "output" / "static").is_dir()
