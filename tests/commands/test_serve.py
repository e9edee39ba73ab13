"""`gongshi serve` as editors use it: a page open in Chromium shows a saved change by itself, a broken
file shows its error in the browser (and the server keeps running), and fixing it brings the site back."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest
from conftest import ROOT, SEED_SLUG, copy_content
from playwright.sync_api import expect

SEED_FILE = f"notices/{SEED_SLUG}.md"
SEED_TITLE = "关于市委巡察整改落实进展情况的通报"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, content: Path, log: Path) -> None:
        self.content, self.port, self.log_path = content, free_port(), log
        self.log = log.open("w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--content", str(content), "--port", str(self.port),
             "--now", "2026-12-01T10:00"], cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.port}/"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.output()
            try:
                urlopen(self.url, timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        pytest.fail("the preview server did not start:\n" + self.output())

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text("utf-8")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture()
def preview(tmp_path: Path, browser: Any) -> Iterator[Server]:
    server = Server(copy_content(tmp_path), tmp_path / "serve.log")
    yield server
    server.stop()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    p = context.new_page()
    yield p
    context.close()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_saved_change_reaches_the_open_page_without_a_reload(preview: Server, page: Any) -> None:
    page.goto(f"{preview.url}notices/{SEED_SLUG}/")
    expect(page.locator("h1")).to_have_text(SEED_TITLE)
    page.evaluate("window.__still_the_same_page = true")
    edit(preview.content / SEED_FILE, f"title: {SEED_TITLE}", "title: 关于巡察整改落实进展情况的通报（修订稿）")
    expect(page.locator("h1")).to_have_text("关于巡察整改落实进展情况的通报（修订稿）", timeout=15_000)
    assert page.evaluate("window.__still_the_same_page === undefined"), "the page was reloaded by the server"
    assert re.search(r"built \d+ changed files", preview.output())
    # Only what the edit touches is written again: far fewer files than the site has.
    changed = [int(n) for n in re.findall(r"built (\d+) changed files", preview.output())]
    assert changed[0] > 20 and changed[-1] < changed[0]


def test_a_broken_file_shows_its_error_until_it_is_fixed(preview: Server, page: Any) -> None:
    page.goto(f"{preview.url}notices/{SEED_SLUG}/")
    path = preview.content / SEED_FILE
    good = path.read_text("utf-8")
    path.write_text(good.replace("kind: rectification-progress", "kind: rectification-progres", 1), "utf-8")
    errors = page.locator(".build-errors")
    expect(errors).to_contain_text("kind", timeout=15_000)
    expect(errors).to_contain_text(f"{SEED_SLUG}.md:")
    expect(errors).to_contain_text("did you mean `rectification-progress`?")
    assert preview.proc.poll() is None, "the server stopped on a content error"
    page.goto(preview.url)  # every page shows the error while it lasts
    expect(page.locator(".build-errors")).to_be_visible()
    path.write_text(good, "utf-8")
    expect(page.locator("h1")).to_have_text(re.compile(r"\S"), timeout=15_000)
    expect(page.locator(".build-errors")).to_have_count(0)
    assert "error: kind" in preview.output()


def test_a_save_made_while_the_page_loads_still_reaches_it(preview: Server, page: Any) -> None:
    """The reload message of a build that ends before the page has connected for reloads is not lost:
    the page asks, once connected, whether a build came in since it was served."""
    held: list[Any] = []
    page.route("**/livereload.js*", lambda route: held.append(route))  # the page cannot connect until the route is let go
    page.goto(f"{preview.url}notices/{SEED_SLUG}/", wait_until="domcontentloaded")  # "load" waits for that script
    expect(page.locator("h1")).to_have_text(SEED_TITLE)
    builds = preview.output().count("changed files")
    edit(preview.content / SEED_FILE, f"title: {SEED_TITLE}", "title: 页面加载时保存的标题")
    deadline = time.monotonic() + 30
    while preview.output().count("changed files") == builds:
        assert time.monotonic() < deadline, preview.output()
        time.sleep(0.1)
    page.wait_for_timeout(500)  # the rebuilt page's reload message has gone out to nobody
    assert held, "the page did not ask for the reload client"
    expect(page.locator("h1")).to_have_text(SEED_TITLE)
    for route in held:
        route.continue_()
    page.unroute("**/livereload.js*")
    expect(page.locator("h1")).to_have_text("页面加载时保存的标题", timeout=15_000)


def test_assets_and_missing_pages(preview: Server) -> None:
    css = urlopen(preview.url + "static/css/site.css").read()
    assert b"{" in css
    with pytest.raises(OSError) as missing:
        urlopen(preview.url + "no/such/page/")
    assert "404" in str(missing.value)


# ---------------------------------------------------------------- what the preview refuses

def _get(port: int, path: str, host: str | None = None) -> tuple[int, bytes]:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.putrequest("GET", path, skip_host=host is not None)
    if host is not None:
        conn.putheader("Host", host)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def _websocket(port: int, origin: str) -> int:
    """The status of the websocket handshake sent with this Origin (101: accepted)."""
    import base64
    import os as _os

    key = base64.b64encode(_os.urandom(16)).decode()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall((f"GET /livereload HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                   f"Origin: {origin}\r\n\r\n").encode())
        status = s.recv(4096).split(b"\r\n", 1)[0]
    return int(status.split()[1])


@pytest.fixture()
def plain_preview(tmp_path: Path) -> Iterator[Server]:
    server = Server(copy_content(tmp_path), tmp_path / "serve.log")
    yield server
    server.stop()


def test_the_preview_answers_404_to_paths_no_file_can_have(plain_preview: Server) -> None:
    port = plain_preview.port
    for path in ["/%00", "/notices/%00/", "/" + "a" * 256, "/notices/" + "%E9%95%BF" * 90 + "/", "/%ff%fe", "/../../etc/passwd"]:
        status, _ = _get(port, path)
        assert status == 404, path
    assert _get(port, "/")[0] == 200
    log = plain_preview.output()
    assert "Traceback" not in log and " 500 " not in log


def test_the_preview_checks_host_and_websocket_origin(plain_preview: Server) -> None:
    port = plain_preview.port
    for host in [f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"]:
        assert _get(port, "/", host)[0] == 200, host
    for host in [f"rebind.example:{port}", "attacker.example", ""]:
        status, body = _get(port, "/", host)
        assert status == 403, host
    assert _get(port, "/livereload.js?port=1", "rebind.example")[0] == 403
    assert _websocket(port, f"http://127.0.0.1:{port}") == 101
    assert _websocket(port, "http://rebind.example") == 403
    assert _websocket(port, "null") == 403
