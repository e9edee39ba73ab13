"""The browser editor end to end: Decap CMS (the npm copy, self-hosted) against its local proxy
(decap-server, on loopback), a rectification notice entered through the form, saved, checked, built.
An item is added with the body's 进展事项 component, its state picked from the site's own states."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, missing_tool, run_cli, soup

NODE_MODULES = ROOT / "node_modules"
DIST = NODE_MODULES / "decap-cms" / "dist"
PROXY = NODE_MODULES / "decap-server" / "dist" / "index.js"
STATES_YAML = """progress_states:
  - {label: 已完成, key: done, done: true}
  - {label: 推进中, key: in-progress}
  - {label: 已销号, key: closed, done: true}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture()
def cms_site(tmp_path: Path) -> Path:
    if not DIST.is_dir() or not PROXY.is_file():
        missing_tool("decap-cms and decap-server are not installed (make node_modules/.installed)")
    if shutil.which("node") is None:
        missing_tool("node is not installed (apt-get install nodejs)")
    site = tmp_path / "site"
    assert run_cli("init", site, "--cms") == 0
    yaml_path = site / "content" / "site.yaml"
    yaml_path.write_text(yaml_path.read_text("utf-8") + "cms:\n  script: self\n" + STATES_YAML, "utf-8")
    assert run_cli("cms", "--site", site, "--copy-from", DIST) == 0
    return site


@pytest.fixture()
def proxy(cms_site: Path, tmp_path: Path) -> Iterator[str]:
    """decap-server on 127.0.0.1, writing into the site's folder; stopped after the test."""
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(cms_site),
           "LOG_LEVEL": "info"}
    log = tmp_path / "decap-server.log"
    with log.open("w") as sink:
        proc = subprocess.Popen(["node", str(PROXY)], cwd=cms_site, env=env, stdout=sink, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):  # a bounded wait for the proxy to listen
            if "listening on 127.0.0.1" in log.read_text("utf-8", "replace") or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert proc.poll() is None, "decap-server did not start: " + log.read_text("utf-8", "replace")
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_notice_entered_in_the_form_is_saved_checked_and_built(
        cms_site: Path, proxy: str, browser: Any, serve: Any, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert run_cli("build", "--content", cms_site / "content", "--output", out, "--now", "2026-12-01T10:00") == 0
    shutil.copytree(cms_site / "admin", out / "admin")  # as the workflows publish it
    base = serve(out)
    config = (cms_site / "admin" / "config.yml").read_text("utf-8")
    assert "\nlocal_backend: true\n" in config
    # The proxy listens on a port of the test's choosing: only that line of the config differs.
    config = config.replace("\nlocal_backend: true\n", f"\nlocal_backend:\n  url: {proxy}\n")
    (out / "admin" / "config.yml").write_text(config, "utf-8")
    before = {p.relative_to(cms_site) for p in (cms_site / "content").rglob("*")}

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "blob:", "data:"))
            else outside.append(r.url))
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(base + "/admin/")
        page.get_by_role("button", name="登录").click()
        page.get_by_text("＋ 公告").wait_for()
        page.goto(base + "/admin/#/collections/notices/new")

        def field(name: str, within: Any = page) -> Any:
            return within.locator(f"[id^='{name}-field-']").first

        field("title").fill("关于示例街道巡察整改进展情况的通报")
        field("issuer").fill("中共示例街道工作委员会")
        field("kind").click()
        page.get_by_text("整改进展通报", exact=True).click()
        field("issued").fill("2026-11-20")
        page.locator("[id^=disclosure-field-] [data-testid=expand-button]").click()
        field("start").fill("2026-11-20")
        field("end").fill("2026-12-04")
        page.get_by_role("button", name="新增联系方式").click()
        contacts = page.locator("[id^=contacts-field-]")
        field("kind", contacts).click()
        page.get_by_text("电话", exact=True).click()
        field("value", contacts).fill("0415-5550123")
        field("hours", contacts).fill("工作日 8:30-17:00")
        page.locator("[id^=body-field-], [contenteditable]").last.click()
        page.keyboard.type("## 一、整改落实情况\n\n#### 1. 示例问题整改不够及时【已完成】\n\n"
                           "整改时限：2026年11月30日\n\n说明见脚注。[^1]\n\n[^1]: 以单位名义反映问题的，应加盖单位公章。\n")
        add_item_with_the_component(page)

        preview = page.frame_locator("iframe").first
        assert preview.locator(".period-banner .period-range").inner_text() == "2026-11-20 至 2026-12-04"
        assert preview.locator(".contact-phone .contact-value").inner_text() == "0415-5550123"
        assert "已完成 1 项" in preview.locator(".state-counts").inner_text()
        assert "已销号 1 项" in preview.locator(".state-counts").inner_text()
        assert preview.locator("h4.item[data-state=closed] .badge.state-closed").inner_text() == "已销号"
        sheets = preview.locator("link[rel=stylesheet]").evaluate_all("ls => ls.map(l => l.href)")
        assert base + "/static/css/site.css" in sheets
        page.screenshot(path=str(tmp_path / "cms-form.png"))

        page.get_by_role("button", name="发布").first.click()
        page.get_by_text("立即发布", exact=True).click()
        for _ in range(600):  # a bounded wait for the save, not a speed target
            created = sorted((cms_site / "content" / "notices").glob("*/index.md"))
            if created:
                break
            time.sleep(0.1)
        page.screenshot(path=str(tmp_path / "cms-saved.png"))
    finally:
        page.close()
    assert outside == [], "the editor fetched from outside this computer"
    print(errors)

    assert len(created) == 1
    path = created[0]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-rectification-progress", path.parent.name)
    assert {p.relative_to(cms_site) for p in (cms_site / "content").rglob("*")} - before == {
        path.parent.relative_to(cms_site), path.relative_to(cms_site)}
    text = path.read_text("utf-8")
    front, body = text.split("\n---\n", 1)
    assert front.startswith("---\ntitle: 关于示例街道巡察整改进展情况的通报\n")
    assert "issued: 2026-11-20\n" in front and '""' not in front and "[]" not in front  # empty values left out
    assert body.lstrip("\n").startswith("## 一、整改落实情况\n\n#### 1. 示例问题整改不够及时【已完成】")

    assert run_cli("check", "--content", cms_site / "content") == 0
    built = tmp_path / "built"
    assert run_cli("build", "--content", cms_site / "content", "--output", built, "--now", "2026-12-01T10:00") == 0
    html = soup(built / "notices" / path.parent.name / "index.html")
    assert html.select_one(".notice-title").get_text(strip=True) == "关于示例街道巡察整改进展情况的通报"
    assert html.select_one(".notice-issuer").get_text(strip=True) == "中共示例街道工作委员会"
    phone = html.select_one(".contact-phone .contact-value")
    assert phone.get_text(strip=True) == "0415-5550123" and phone["href"].startswith("tel:")
    assert "2026年12月4日" in html.select_one(".period-range").get_text()
    item = html.find(lambda t: t.name == "h4" and "示例问题整改不够及时" in t.get_text())
    assert item is not None and "已完成" in item.get_text()
    # The item added with the component: the state picked from the list, its deadline and unit.
    assert "\n\n#### 2. 示例台账更新不及时【已销号】\n\n整改时限：2026-12-31\n责任单位：示例镇党政办公室\n" in body
    added = html.select_one("h4.item[data-state=closed]")
    assert added is not None and added.get_text(" ", strip=True) == "2. 示例台账更新不及时 已销号"
    assert added.select_one(".badge.state-closed").get_text() == "已销号"
    assert "责任单位：示例镇党政办公室" in added.find_next_sibling("p").get_text()
    # Switching to the rich-text mode kept the footnote.
    assert "说明见脚注。[^1]\n" in body and "\n[^1]: 以单位名义反映问题的，应加盖单位公章。" in body
    assert "以单位名义反映问题的，应加盖单位公章。" in html.select_one(".notice-body .footnotes").get_text()


def add_item_with_the_component(page: Any) -> None:
    """In the rich-text mode: the item typed above opens in the component's form; a second one is
    added after the paragraph below it, its state picked from the list."""
    body = page.locator("[aria-label='markdown field']")
    body.get_by_role("switch").click()  # 富文本 / Markdown
    body.locator(".cms-editor-visual [contenteditable=true]").wait_for()
    body.locator("[id^=number-field-]").first.wait_for()

    def field(name: str, n: int) -> Any:
        return body.locator(f"[id^={name}-field-]").nth(n)

    def shown(select: Any) -> str:
        return str(select.evaluate("e => e.closest('[class*=container]').querySelector('[class*=singleValue]')"
                                   ".textContent"))

    assert field("title", 0).input_value() == "示例问题整改不够及时"
    assert shown(field("state", 0)) == "已完成" and field("deadline", 0).input_value() == "2026年11月30日"
    # A new empty paragraph after the one below the item, with the editor's cursor in it. The editor
    # (Slate) takes the browser's cursor with a delay, and quick key presses can move it elsewhere, so
    # each step is checked against the editor's own selection (read from its React props) and redone
    # when it did not take.
    editable = body.locator(".cms-editor-visual [data-slate-editor]")
    blocks = "e => [...e.children].map(c => c.tagName + ':' + c.textContent.replace(/\\uFEFF/g, ''))"
    cursor_in = """([e, n]) => { const key = Object.keys(e).find(k => k.startsWith('__reactFiber'));
        let f = e[key]; while (f && !(f.memoizedProps && f.memoizedProps.editor)) f = f.return;
        const s = f && f.memoizedProps.editor.selection; return !!s && s.anchor.path[0] === n; }"""

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    def put_cursor_in(n: int) -> None:
        for _ in range(10):  # a bounded number of tries, each a bounded wait for the editor to take it
            editable.locator(":scope > *").nth(n).click()
            page.keyboard.press("End")
            try:
                page.wait_for_function(cursor_in, arg=[editable.element_handle(), n], timeout=3000)
                return
            except PlaywrightTimeout:
                continue
        raise AssertionError(f"the editor's cursor did not go into block {n}: {editable.evaluate(blocks)}")

    below = editable.evaluate(blocks).index("P:说明见脚注。[^1]")
    put_cursor_in(below)
    page.keyboard.press("Enter")
    editable.locator(":scope > *").nth(below + 1).wait_for()
    assert editable.evaluate(blocks)[below: below + 2] == ["P:说明见脚注。[^1]", "P:"]
    put_cursor_in(below + 1)
    body.get_by_role("button", name="添加组件").click()
    page.get_by_role("menuitem", name="进展事项").click()
    assert [t.input_value() for t in body.locator("[id^=title-field-]").all()] == ["示例问题整改不够及时", ""]
    field("state", 1).focus()
    page.keyboard.press("ArrowDown")
    assert page.get_by_role("option").all_inner_texts() == ["已完成", "推进中", "已销号"]
    page.get_by_role("option", name="已销号").click()
    assert shown(field("state", 1)) == "已销号"
    field("number", 1).fill("2.")
    field("title", 1).fill("示例台账更新不及时")
    field("deadline", 1).fill("2026-12-31")
    field("unit", 1).fill("示例镇党政办公室")
