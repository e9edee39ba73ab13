"""The body editor's components in admin/gongshi-cms.js: 进展事项 (an item heading with its state chosen
from the site's progress_states, its deadline and unit) and 脚注 (footnote definitions kept as written).

The script runs in Node (tests/support/cms_components.js stands in for Decap's registration functions
and applies the patterns as Decap's block tokenizer does); what it writes is read by the outline that
builds the site (generator/notice/outline.py)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SAMPLE_CONTENT, missing_tool, run_cli

from generator.build.inputs import load_config
from generator.markdown.parser import make_parser
from generator.notice.model import DEFAULT_STATES, Item, ProgressState
from generator.notice.outline import build_outline

HARNESS = ROOT / "tests" / "support" / "cms_components.js"
MD = make_parser()
STATES_YAML = """progress_states:
  - {label: 已销号, key: closed, done: true}
  - {label: 整改中(一期), key: phase-one}
  - {label: 长期坚持, key: ongoing}
"""


def components(script: Path, bodies: list[str] = (), blocks: list[dict[str, Any]] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    node = shutil.which("node")
    if node is None:
        missing_tool("node is not installed (apt-get install nodejs)")
    done = subprocess.run([str(node), str(HARNESS), str(script)], input=json.dumps(
        {"bodies": list(bodies), "blocks": list(blocks)}), capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def items(body: str, states: tuple[ProgressState, ...]) -> tuple[list[Item], list[str]]:
    outline = build_outline(MD.parse(body, {}), "notices/示例.md", 1, states, require_state=False)
    found: list[Item] = []
    for section in outline.sections:
        found.extend(section.all_items())
    return found, [d.message for d in outline.diagnostics]


def body_of(path: Path) -> str:
    return path.read_text("utf-8").split("\n---\n", 1)[1]


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    """A site whose own states are not Gongshi's defaults (one with a character special in patterns)."""
    folder = tmp_path / "site"
    assert run_cli("init", folder, "--cms") == 0
    yaml_path = folder / "content" / "site.yaml"
    yaml_path.write_text(yaml_path.read_text("utf-8") + STATES_YAML, "utf-8")
    assert run_cli("cms", "--site", folder) == 0
    return folder


def site_states(site: Path) -> tuple[ProgressState, ...]:
    diags: list[Any] = []
    config = load_config(site / "content", diags)
    assert config is not None and not diags
    return config.progress_states


def test_the_state_is_chosen_from_the_sites_own_states(site: Path) -> None:
    answer = components(site / "admin" / "gongshi-cms.js")
    item = answer["components"]["gongshi-item"]
    fields = {f["name"]: f for f in item["fields"]}
    assert item["label"] == "进展事项" and list(fields) == ["number", "title", "state", "deadline", "unit"]
    assert fields["state"]["widget"] == "select"
    assert [o["value"] for o in fields["state"]["options"]] == ["已销号", "整改中(一期)", "长期坚持"]
    assert [o["label"] for o in fields["state"]["options"]] == ["已销号", "整改中(一期)", "长期坚持"]
    assert not item["multiline"]  # Decap refuses patterns with the m flag
    # The body opens as raw Markdown; the components are in the rich-text mode's ＋ menu.
    assert answer["storage"] == {"cms.md-mode": "raw"}


@pytest.mark.parametrize(("data", "number", "deadline", "unit"), [
    ({"number": "1.", "title": "示例问题整改不够及时", "deadline": "2026年12月31日", "unit": "示例镇党政办公室"},
     "1.", dt.date(2026, 12, 31), "示例镇党政办公室"),
    ({"number": "（2）", "title": "示例台账未及时更新", "deadline": "2027-01-15"}, "（2）", dt.date(2027, 1, 15), ""),
    ({"number": "三、", "title": "示例制度尚未建立", "unit": "示例镇财政所"}, "三、", None, "示例镇财政所"),
    ({"number": "", "title": "示例未编号事项"}, "", None, ""),
    ({"number": "4.", "title": "示例项目完成验收", "deadline": "2026-11-30", "deadline_key": "完成时限",
      "unit": "示例镇规划建设办公室", "unit_key": "责任部门"}, "4.", dt.date(2026, 11, 30), "示例镇规划建设办公室"),
])
def test_what_the_component_writes_is_the_item_the_outline_reads(
        site: Path, data: dict[str, str], number: str, deadline: dt.date | None, unit: str) -> None:
    states = site_states(site)
    blocks = [{"component": "gongshi-item", "data": {**data, "state": s.label}} for s in states]
    blocks.append({"component": "gongshi-item", "data": {**data, "state": ""}})
    written = components(site / "admin" / "gongshi-cms.js", blocks=blocks)["blocks"]
    for text, state in zip(written, [*states, None], strict=True):
        body = "## 一、整改落实情况\n\n" + text + "\n\n一是示例措施。二是示例措施。\n"
        found, problems = items(body, states)
        assert problems == [], text
        assert len(found) == 1, text
        item = found[0]
        assert (item.state, item.number, item.title) == (state.key if state else None, number, data["title"]), text
        assert (item.deadline, item.unit) == (deadline, unit), text
        assert item.measures == ("一是示例措施。", "二是示例措施。"), text
    assert written[0].startswith(f"#### {number}{'' if number.endswith('）') or not number else ' '}{data['title']}【已销号】")
    if "deadline_key" in data:
        assert "\n\n完成时限：2026-11-30\n责任部门：示例镇规划建设办公室" in written[0]


def test_the_pattern_opens_every_item_of_the_sample_notices_and_writes_it_back_unchanged() -> None:
    paths = sorted(SAMPLE_CONTENT.glob("notices/*.md")) + sorted(SAMPLE_CONTENT.glob("notices/*/index.md"))
    bodies = [body_of(p) for p in paths]
    answer = components(ROOT / "admin" / "gongshi-cms.js", bodies=bodies)
    by_label = {s.label: s for s in DEFAULT_STATES}
    total = 0
    for path, body, found in zip(paths, bodies, answer["matches"], strict=True):
        expected, _ = items(body, DEFAULT_STATES)
        opened = [m for m in found if m["component"] == "gongshi-item"]
        assert len(opened) == len(expected), path
        for match, item in zip(opened, expected, strict=True):
            assert match["back"] == match["src"], path  # toBlock(fromBlock(text)) is the text
            assert by_label[match["data"]["state"]].key == item.state, (path, match["src"])
            assert (match["data"]["number"], match["data"]["title"]) == (item.number, item.title)
            if item.deadline:
                assert match["data"]["deadline"] and match["src"].count("\n") >= 2
        total += len(opened)
    assert total >= 20  # the samples have items with and without deadlines and units


@pytest.mark.parametrize(("body", "src"), [
    # a heading and its meta paragraph
    ("#### 1. 示例事项【已完成】\n\n整改时限：2026年12月31日\n责任单位：示例办\n\n正文。",
     "#### 1. 示例事项【已完成】\n\n整改时限：2026年12月31日\n责任单位：示例办"),
    # a paragraph with more than meta lines is not a meta paragraph: only the heading is opened
    ("#### 1. 示例事项【推进中】\n\n整改时限：2026年12月31日\n一是示例措施。\n",
     "#### 1. 示例事项【推进中】"),
    # without a state: opened, to choose one
    ("#### 2. 示例事项\n\n正文。", "#### 2. 示例事项"),
    # a state the site does not have: left as written (gongshi check reports it)
    ("#### 3. 示例事项【已办结】\n\n正文。", None),
    # not an item: a heading of another level, a heading inside a paragraph's text
    ("### （一）示例问题【已完成】\n\n正文。", None),
    ("正文 #### 1. 示例【已完成】", None),
])
def test_what_the_pattern_opens_and_what_it_leaves_alone(body: str, src: str | None) -> None:
    found = components(ROOT / "admin" / "gongshi-cms.js", bodies=[body])["matches"][0]
    opened = [m["src"] for m in found if m["component"] == "gongshi-item"]
    assert opened == ([src] if src else [])
    for m in found:
        assert m["back"] == m["src"]


def test_footnote_definitions_are_opened_and_written_back_as_written() -> None:
    body = "正文见脚注。[^1][^说明]\n\n[^1]: 以单位名义反映问题的，应加盖单位公章。\n\n[^说明]: 第一行，\n第二行。\n"
    found = components(ROOT / "admin" / "gongshi-cms.js", bodies=[body])["matches"][0]
    assert [(m["component"], m["data"]) for m in found] == [
        ("gongshi-footnote", {"id": "1", "text": "以单位名义反映问题的，应加盖单位公章。"}),
        ("gongshi-footnote", {"id": "说明", "text": "第一行，\n第二行。"})]
    assert [m["back"] for m in found] == [m["src"] for m in found]
