"""Shared fixtures: build a site into a temporary folder, parse its pages, drive a real browser."""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from generator.commands.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_SLUG = "kuandian-inspection-rectification-2025"
THEMES = sorted(d.name for d in (ROOT / "themes").iterdir()
                if d.is_dir() and ((d / "theme.yaml").is_file() or (d / "templates").is_dir()))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def run_cli(*args: str | Path) -> int:
    return main([str(a) for a in args])


def build(content: Path, out: Path, now: str = "2026-12-01T10:00", *extra: str) -> int:
    return run_cli("build", "--content", content, "--output", out, "--now", now, *extra)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def tree_digest(folder: Path) -> str:
    """A hash of every file's path and bytes, to prove a folder was left untouched."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(p.relative_to(folder).as_posix().encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def copy_content(tmp_path: Path, src: Path = SAMPLE_CONTENT) -> Path:
    """A private copy of a content folder (with the repository's themes beside it)."""
    dest = tmp_path / "site" / "content"
    shutil.copytree(src, dest)
    return dest


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content built once, at a fixed moment when every period state occurs."""
    out = tmp_path_factory.mktemp("sample") / "output"
    assert build(SAMPLE_CONTENT, out) == 0
    return out


@pytest.fixture()
def write_notice(tmp_path: Path) -> Callable[[str, str], Path]:
    """A fresh content folder with the sample site.yaml; returns a function that adds a notice file."""
    content = tmp_path / "content"
    (content / "notices").mkdir(parents=True)
    shutil.copy(SAMPLE_CONTENT / "site.yaml", content / "site.yaml")

    def write(name: str, text: str) -> Path:
        path = content / "notices" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def themed_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The sample content built once per theme (as `make site` builds it)."""
    built: dict[str, Path] = {}

    def get(theme: str) -> Path:
        if theme not in built:
            root = tmp_path_factory.mktemp(f"theme-{theme}")
            content = root / "content"
            shutil.copytree(SAMPLE_CONTENT, content)
            config = content / "site.yaml"
            text = config.read_text("utf-8")
            if re.search(r"(?m)^theme:", text):
                text = re.sub(r"(?m)^theme:.*$", f"theme: {theme}", text)
            else:
                text += f"\ntheme: {theme}\n"
            config.write_text(text, "utf-8")
            out = root / "output"
            assert build(content, out) == 0, f"the sample site does not build with theme {theme}"
            built[theme] = out
        return built[theme]

    return get



# ---------------------------------------------------------------- browser

def missing_tool(reason: str) -> None:
    """Skip locally, fail under CI: the quality gates must run there."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run this check: {reason}")
    pytest.skip(reason)



BROWSER_PACKAGES = "apt-get install chromium fonts-wqy-microhei"
"""What the browser tests need from the system: Chromium, and CJK fonts (without them Chinese text renders
as boxes, and the layout checks measure the wrong glyphs)."""


def cjk_fonts_installed() -> bool:
    """Whether fontconfig knows a font with Chinese glyphs (True where fontconfig cannot be asked)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True
    import subprocess

    try:
        found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return True
    return bool(found.strip())


def _browser_unavailable() -> str:
    if CHROMIUM is None:
        return f"Chromium is not installed; browser tests need it and CJK fonts ({BROWSER_PACKAGES})"
    if not cjk_fonts_installed():
        return f"no CJK fonts are installed; browser tests need them and Chromium ({BROWSER_PACKAGES})"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    return ""


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    reason = _browser_unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run browser tests: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A page in a context of its own; `page.errors` collects the script errors it raised."""
    context = browser.new_context()
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    p.errors = errors
    yield p
    context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve a folder over HTTP on 127.0.0.1; returns its base URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append(httpd)
        return f"http://127.0.0.1:{httpd.server_address[1]}"

    yield start
    for s in servers:
        s.shutdown()
