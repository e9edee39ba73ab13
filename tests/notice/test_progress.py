"""Items, states and progress: from the rendered pages, the ledger CSV and JSON, and in Chromium."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_CONTENT, SEED_SLUG, build, soup

SEED = f"notices/{SEED_SLUG}/"
PROJECT = "notices/example-project-2026/"
EXPECTED_COUNTS = [4, 2, 5, 2, 3]
# As the seed's text states them: in progress where it says 正在/待/计划, done otherwise.
EXPECTED_STATES = ["done", "done", "in-progress", "done",
                   "done", "done",
                   "in-progress", "in-progress", "in-progress", "in-progress", "in-progress",
                   "done", "done",
                   "done", "done", "done"]


def test_seed_items_per_category_from_the_page(sample_site: Path) -> None:
    body = soup(sample_site / SEED / "index.html").select_one(".notice-body")
    part_two = body.find("h2", id="s2")
    counts: list[int] = []
    for el in part_two.find_all_next(["h2", "h3", "h4"]):
        if el.name == "h2":
            break
        if el.name == "h3":
            counts.append(0)
        elif "item" in el.get("class", []):
            counts[-1] += 1
    assert counts == EXPECTED_COUNTS
    states = [h["data-state"] for h in body.select("h4.item")]
    assert states == EXPECTED_STATES
    badges = [b.get_text() for b in body.select("h4.item .badge")]
    assert badges.count("已完成") == 10 and badges.count("推进中") == 6


def test_summary_overall_and_per_section(sample_site: Path) -> None:
    page = soup(sample_site / SEED / "index.html")
    panel = page.select_one(".progress-panel")
    assert panel.select_one(".progress-text").get_text(strip=True) == "共 16 项，已完成 10 项（62%）"
    per_section = [p.get_text(strip=True) for p in panel.select(".section-progress .level-3 .progress-text")]
    assert per_section == ["3/4 项已完成", "2/2 项已完成", "0/5 项已完成", "2/2 项已完成", "3/3 项已完成"]
    assert [li.get_text(" ", strip=True) for li in panel.select(".state-counts li")] == ["已完成 10", "推进中 6"]
    index = soup(sample_site / "index.html")
    card = [c for c in index.select(".notice-card") if "巡察整改" in c.get_text()][0]
    assert card.select_one(".progress-text").get_text(strip=True) == "共 16 项，已完成 10 项（62%）"


def test_measures_become_a_list(sample_site: Path) -> None:
    body = soup(sample_site / SEED / "index.html").select_one(".notice-body")
    first = body.find("h4", id="s2-1-1")
    measures = first.find_next_sibling("ol", class_="measures")
    items = [li.get_text() for li in measures.select("li")]
    assert [i[:2] for i in items] == ["一是", "二是", "三是"]
    assert items[0].startswith("一是依法依规开展开发区规划编制工作。")


def test_ledger_json_and_csv(sample_site: Path) -> None:
    data = json.loads((sample_site / SEED / "ledger/ledger.json").read_text("utf-8"))
    assert data["summary"] == {"total": 16, "done": 10, "percent": 62, "unmarked": 0, "overdue": 0,
                               "by_state": {"done": 10, "in-progress": 6}}
    assert [i["state"] for i in data["items"]] == EXPECTED_STATES
    categories = [i["category"] for i in data["items"]]
    counts = [categories.count(c) for c in dict.fromkeys(categories)]
    assert counts == EXPECTED_COUNTS

    raw = (sample_site / SEED / "ledger/ledger.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0] == ["序号", "部分", "类别", "事项", "状态", "整改时限", "责任单位", "是否逾期", "链接"]
    assert len(table) == 17
    assert table[1][3] == "1.在贯彻落实党中央决策部署及省市委工作要求不够有力方面"
    assert [row[4] for row in table[1:]].count("推进中") == 6
    assert table[1][8].endswith(f"{SEED}#s2-1-1")


def test_ledger_page_lists_every_item(sample_site: Path) -> None:
    page = soup(sample_site / SEED / "ledger/index.html")
    rows = page.select("table.ledger tbody tr.item-row")  # under their section headings (tr.group-row)
    assert len(rows) == 16
    link = rows[0].select_one("a")["href"]
    assert link == "../#s2-1-1"
    assert soup(sample_site / SEED / "index.html").find(id="s2-1-1") is not None


@pytest.mark.parametrize(("now", "overdue"), [("2026-11-10T10:00", False), ("2026-11-16T10:00", True)])
def test_overdue_flag_flips_with_now(tmp_path: Path, now: str, overdue: bool) -> None:
    out = tmp_path / "o"
    assert build(SAMPLE_CONTENT, out, now) == 0
    flags = soup(out / PROJECT / "index.html").select(".notice-body .overdue")
    assert [f["data-deadline"] for f in flags] == ["2026-11-15", "2027-05-31"], "a done item never has a flag"
    assert (not flags[0].has_attr("hidden")) is overdue
    assert flags[1].has_attr("hidden")
    assert flags[0].get_text() == "已逾期"
    data = json.loads((out / PROJECT / "ledger/ledger.json").read_text("utf-8"))
    assert [i["overdue"] for i in data["items"]] == [False, overdue, False]
    assert data["items"][1]["deadline"] == "2026-11-15" and data["items"][1]["unit"] == "示例镇规划建设办公室"


def test_unknown_state_fails_with_file_and_line(write_notice, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_notice("bad-state.md", "---\ntitle: 整改\nissuer: 示例单位\nkind: rectification-progress\n"
                 "issued: 2026-01-05\n---\n\n## 一、情况\n\n#### 1. 事项【快好了】\n\n正文。\n")
    assert build(tmp_path / "content", tmp_path / "o") == 1
    err = capsys.readouterr().err
    assert "notices/bad-state.md:10:" in err and "unknown progress state 【快好了】" in err


def test_item_without_state_warns_and_fails_with_strict(write_notice, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_notice("no-state.md", "---\ntitle: 整改\nissuer: 示例单位\nkind: rectification-progress\n"
                 "issued: 2026-01-05\n---\n\n## 一、情况\n\n#### 1. 事项\n\n正文。\n")
    assert build(tmp_path / "content", tmp_path / "o") == 0
    assert "notices/no-state.md:10: warning:" in capsys.readouterr().err
    assert build(tmp_path / "content", tmp_path / "o2", "2026-12-01T10:00", "--strict") == 1


def test_deadline_that_is_not_a_date(write_notice, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    write_notice("bad-deadline.md", "---\ntitle: 整改\nissuer: 示例单位\nkind: rectification-progress\n"
                 "issued: 2026-01-05\n---\n\n#### 1. 事项【推进中】\n\n整改时限：年底前\n")
    assert build(tmp_path / "content", tmp_path / "o") == 1
    err = capsys.readouterr().err
    assert "notices/bad-deadline.md:10:" in err and "年底前" in err


def test_ledger_filters_and_sorts_at_phone_width(browser: Any, sample_site: Path, serve: Callable[[Path], str]) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{serve(sample_site)}/{SEED}ledger/")
    rows = page.locator("table.ledger tbody tr.item-row")
    assert rows.count() == 16
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.get_by_label("按状态筛选").select_option("in-progress")
    assert page.locator("table.ledger tbody tr.item-row:visible").count() == 6
    assert page.locator(".ledger-count").inner_text() == "显示 6 / 16 项"
    page.get_by_label("按状态筛选").select_option("")
    page.get_by_label("搜索事项").fill("污水")
    assert page.locator("table.ledger tbody tr.item-row:visible").count() == 1
    page.get_by_label("搜索事项").fill("")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("button", name="序号").click()
    page.get_by_role("button", name="序号").click()
    assert rows.first.locator("td").first.inner_text() == "16"
    page.close()


def test_site_vocabulary_and_progress_history(write_notice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = tmp_path / "content/site.yaml"
    site.write_text(site.read_text("utf-8") + "progress_states:\n"
                    "  - {label: 已办结, key: closed-out, color: '#1a5e20', done: true}\n"
                    "  - {label: 办理中, key: handling, color: '#8a4b00', done: false}\n", "utf-8")
    write_notice("vocab.md", "---\ntitle: 整改\nissuer: 示例单位\nkind: rectification-progress\n"
                 "issued: 2026-01-05\nprogress_updates:\n  - {date: 2026-02-01, note: 第一项办结。}\n---\n\n"
                 "## 一、情况\n\n#### 1. 甲事项【已办结】\n\n#### 2. 乙事项【办理中】\n")
    out = tmp_path / "o"
    assert build(tmp_path / "content", out) == 0
    page = soup(out / "notices/vocab/index.html")
    assert page.select_one(".progress-panel .progress-text").get_text(strip=True) == "共 2 项，已完成 1 项（50%）"
    assert [b.get_text() for b in page.select("h4.item .badge")] == ["已办结", "办理中"]
    history = page.select_one(".progress-history li")
    assert history.select_one("time")["datetime"] == "2026-02-01" and "第一项办结。" in history.get_text()
    css = (out / "static/css/states.css").read_text("utf-8")
    assert ".badge.state-closed-out { color: #1a5e20; }" in css and ".bar-seg.state-handling { fill: #8a4b00; }" in css
