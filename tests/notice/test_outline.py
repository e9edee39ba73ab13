"""The outline of a notice body (generator/notice/outline.py), one rule at a time on small bodies.

Each test parses a few lines of Markdown with the site's parser, runs build_outline on the tokens and
checks the exact section tree, items, diagnostics and the HTML of the rewritten tokens.
"""

from __future__ import annotations

import datetime as dt

import pytest
from markdown_it.token import Token

from generator.errors import Diagnostic, Location, Severity
from generator.markdown.parser import make_parser
from generator.notice.model import DEFAULT_STATES, Item, ProgressState, Section
from generator.notice.outline import build_outline, chinese_number, plain_text, split_number

MD = make_parser()
PATH = "notices/示例.md"
BODY_LINE = 10  # the body starts on line 10 of the file: a heading on the body's first line is at line 10

UNKNOWN_HINT = "use one of 【已完成】、【推进中】、【长期坚持】、【未开始】 or add it to progress_states in site.yaml"
NO_STATE_HINT = "end the heading with a marker such as 【已完成】 or 【推进中】"


def outline(body: str, require_state: bool = False,
            states: tuple[ProgressState, ...] = DEFAULT_STATES) -> tuple[tuple[Section, ...], list[Diagnostic], str]:
    tokens = MD.parse(body, {})
    result = build_outline(tokens, PATH, BODY_LINE, states, require_state)
    return result.sections, result.diagnostics, MD.renderer.render(tokens, MD.options, {})


def item(anchor: str, number: str, title: str, line: int, state: str | None = None,
         deadline: dt.date | None = None, unit: str = "", measures: tuple[str, ...] = ()) -> Item:
    return Item(anchor, number, title, state, deadline, unit, measures, line)


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("零", 0), ("〇", 0), ("一", 1), ("二", 2), ("两", 2), ("三", 3), ("四", 4), ("五", 5),
        ("六", 6), ("七", 7), ("八", 8), ("九", 9),
        ("十", 10), ("十一", 11), ("十二", 12), ("二十", 20), ("二十三", 23), ("九十九", 99),
        ("百", 100), ("一百", 100), ("一百零五", 105), ("一百一十", 110), ("一百一十二", 112),
        ("两百", 200), ("三百二十", 320), ("九百九十九", 999), ("一〇五", 5),
        ("7", 7), ("12", 12), ("105", 105),
    ],
)
def test_chinese_number(text: str, value: int) -> None:
    assert chinese_number(text) == value


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("一、总体情况", ("一、", 1, "总体情况")),
        ("二.整改措施", ("二.", 2, "整改措施")),
        ("三．下一步", ("三．", 3, "下一步")),
        ("十二、 其他", ("十二、", 12, "其他")),
        ("一百零五、第一百零五部分", ("一百零五、", 105, "第一百零五部分")),
        ("（三）建立长效机制", ("（三）", 3, "建立长效机制")),
        ("(四) 半角括号", ("(四)", 4, "半角括号")),
        ("（ 十 ）有空格", ("（ 十 ）", 10, "有空格")),
        ("1. 事项", ("1.", 1, "事项")),
        ("12．全角点", ("12．", 12, "全角点")),
        ("3、顿号", ("3、", 3, "顿号")),
        ("999. 三位数", ("999.", 999, "三位数")),
        ("（1）括号数字", ("（1）", 1, "括号数字")),
        ("(25) 半角", ("(25)", 25, "半角")),
        ("1000. 四位数不是编号", ("", None, "1000. 四位数不是编号")),
        ("一千、不是编号", ("", None, "一千、不是编号")),
        ("第一部分", ("", None, "第一部分")),
        ("  无编号  ", ("", None, "无编号")),
        ("2025年计划", ("", None, "2025年计划")),
    ],
)
def test_split_number(title: str, expected: tuple[str, int | None, str]) -> None:
    assert split_number(title) == expected


# --- sections and anchors --------------------------------------------------------------------


def test_numbered_sections_nest_and_take_their_numbers_as_ids() -> None:
    sections, diagnostics, html = outline(
        "## 一、总体情况\n\n### （一）组织领导\n\n### （二）工作机制\n\n## 二、整改情况\n\n### （一）问题清单\n")
    assert sections == (
        Section("s1", 2, "一、", "总体情况", 10, children=(
            Section("s1-1", 3, "（一）", "组织领导", 12),
            Section("s1-2", 3, "（二）", "工作机制", 14),
        )),
        Section("s2", 2, "二、", "整改情况", 16, children=(
            Section("s2-1", 3, "（一）", "问题清单", 18),
        )),
    )
    assert diagnostics == []
    assert html == ('<h2 id="s1">一、总体情况</h2>\n<h3 id="s1-1">（一）组织领导</h3>\n<h3 id="s1-2">（二）工作机制</h3>\n'
                    '<h2 id="s2">二、整改情况</h2>\n<h3 id="s2-1">（一）问题清单</h3>\n')


def test_every_numbering_form_at_four_levels_and_hundreds() -> None:
    sections, _, html = outline(
        "# 一、顶层\n\n## 一百零五、大节\n\n### （十二）小节\n\n#### （3）事项\n\n#### 4. 另一事项\n")
    assert sections == (
        Section("s1", 1, "一、", "顶层", 10, children=(
            Section("s1-105", 2, "一百零五、", "大节", 12, children=(
                Section("s1-105-12", 3, "（十二）", "小节", 14, items=(
                    item("s1-105-12-3", "（3）", "事项", 16),
                    item("s1-105-12-4", "4.", "另一事项", 18),
                )),
            )),
        )),
    )
    assert '<h2 id="s1-105">一百零五、大节</h2>' in html
    assert '<h4 id="s1-105-12-3" class="item">（3）事项</h4>' in html


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("附件说明", "h-附件说明"),
        ("Hello World!", "h-hello-world"),
        ("  A -- B  ", "h-a-b"),
        ("！！！", "h-section"),
        ("2025年 工作 计划", "h-2025年-工作-计划"),
        ("X光检查 X", "h-x光检查-x"),
        ("-XX-", "h-xx"),
    ],
)
def test_unnumbered_headings_take_their_words_as_ids(heading: str, anchor: str) -> None:
    sections, _, html = outline(f"## {heading}\n")
    assert sections == (Section(anchor, 2, "", heading.strip(), 10),)
    assert html == f'<h2 id="{anchor}">{heading.strip()}</h2>\n'


def test_a_numbered_heading_under_an_unnumbered_one_is_named_by_its_words() -> None:
    sections, _, _ = outline("## 说明\n\n### （一）细则\n\n#### 1. 事项\n")
    assert sections == (
        Section("h-说明", 2, "", "说明", 10, children=(
            Section("h-细则", 3, "（一）", "细则", 12, items=(item("h-事项", "1.", "事项", 14),)),
        )),
    )


@pytest.mark.parametrize(
    ("body", "anchors"),
    [
        ("## 说明\n\n## 说明\n\n## 说明\n", ["h-说明", "h-说明-2", "h-说明-3"]),
        ("## 一、甲\n\n## 一、甲\n", ["s1", "s1-2"]),
        ("## 一、甲\n\n## 一、乙\n\n## 一、丙\n", ["s1", "s1-2", "s1-3"]),
        ("## s1-2\n\n## 一、甲\n\n## 一、乙\n", ["h-s1-2", "s1", "s1-2"]),
        ("## ！\n\n## ？\n", ["h-section", "h-section-2"]),
    ],
)
def test_duplicate_headings_get_numbered_suffixes(body: str, anchors: list[str]) -> None:
    sections, _, html = outline(body)
    assert [s.anchor for s in sections] == anchors
    assert [line.split('"')[1] for line in html.splitlines()] == anchors


def test_a_heading_inside_a_quote_or_list_is_not_a_section() -> None:
    sections, _, html = outline("> ## 一、引用\n\n- ### （一）列表\n\n## 二、正文\n")
    assert sections == (Section("s2", 2, "二、", "正文", 14),)
    assert "<h2>一、引用</h2>" in html and "<h3>（一）列表</h3>" in html


def test_lines_count_from_the_body_line() -> None:
    sections, _, _ = outline("\n\n\n## 一、第四行\n")
    assert sections[0].line == BODY_LINE + 3


# --- items -----------------------------------------------------------------------------------


def test_items_directly_under_a_top_level_section() -> None:
    sections, _, _ = outline("## 一、情况\n\n#### 1. 甲\n\n#### 2. 乙\n\n## 二、其他\n\n#### 1. 丙\n")
    assert sections == (
        Section("s1", 2, "一、", "情况", 10, items=(item("s1-1", "1.", "甲", 12), item("s1-2", "2.", "乙", 14))),
        Section("s2", 2, "二、", "其他", 16, items=(item("s2-1", "1.", "丙", 18),)),
    )


def test_items_under_three_levels_and_their_totals_per_section() -> None:
    sections, _, _ = outline(
        "## 一、甲\n\n### （一）乙\n\n#### 1. 丙\n\n#### 2. 丁\n\n### （二）戊\n\n#### 1. 己\n\n## 二、庚\n\n#### 1. 辛\n")
    first, second = sections
    assert [c.anchor for c in first.children] == ["s1-1", "s1-2"]
    assert first.items == ()
    assert [i.anchor for i in first.children[0].items] == ["s1-1-1", "s1-1-2"]
    assert [i.anchor for i in first.children[1].items] == ["s1-2-1"]
    assert [i.anchor for i in first.all_items()] == ["s1-1-1", "s1-1-2", "s1-2-1"]
    assert [i.anchor for i in second.all_items()] == ["s2-1"]


def test_items_before_any_section_share_one_untitled_section() -> None:
    sections, _, html = outline("#### 1. 甲【已完成】\n\n#### 2. 乙\n\n#### 3. 丙\n")
    assert sections == (
        Section("items", 1, "", "", 0, items=(
            item("s1", "1.", "甲", 10, "done"), item("s2", "2.", "乙", 12), item("s3", "3.", "丙", 14))),
    )
    assert html.count('class="item"') == 3


def test_items_before_a_section_and_under_it() -> None:
    sections, _, _ = outline("#### 1. 甲\n\n## 一、情况\n\n#### 1. 乙\n")
    assert sections == (
        Section("items", 1, "", "", 0, items=(item("s1", "1.", "甲", 10),)),
        Section("s1-2", 2, "一、", "情况", 12, items=(item("s1-1", "1.", "乙", 14),)),
    )


def test_the_id_items_is_kept_unique() -> None:
    sections, _, _ = outline("## items\n\n#### 1. 甲\n")
    assert [s.anchor for s in sections] == ["h-items"]
    sections, _, _ = outline("#### 1. 甲\n\n## items\n")
    assert [s.anchor for s in sections] == ["items", "h-items"]


def test_a_heading_below_an_item_stays_inside_it_and_a_heading_above_ends_it() -> None:
    # The item 1. directly under 一、 has the id s1-1, so the section （一） after it gets the suffix: s1-1-2.
    sections, _, html = outline(
        "## 一、甲\n\n#### 1. 事项\n\n##### 细节\n\n整改时限：2025-06-30\n\n### （一）乙\n\n整改时限：2025-07-31\n")
    assert sections == (
        Section("s1", 2, "一、", "甲", 10, children=(Section("s1-1-2", 3, "（一）", "乙", 18),),
                items=(item("s1-1", "1.", "事项", 12, deadline=dt.date(2025, 6, 30)),)),
    )
    assert '<h5 id="h-细节">细节</h5>' in html
    assert html.endswith("<p>整改时限：2025-07-31</p>\n")  # outside any item: plain text


# --- state markers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "key"), [("已完成", "done"), ("推进中", "in-progress"), ("长期坚持", "ongoing"), ("未开始", "not-started")])
def test_each_state_marker_becomes_a_badge(label: str, key: str) -> None:
    sections, diagnostics, html = outline(f"## 一、甲\n\n#### 1. 事项【{label}】\n")
    assert sections[0].items == (item("s1-1", "1.", "事项", 12, key),)
    assert diagnostics == []
    assert html.splitlines()[1] == (
        f'<h4 id="s1-1" class="item" data-state="{key}">1. 事项 <span class="badge state-{key}">{label}</span></h4>')


def test_a_marker_with_spaces_inside_and_before_it() -> None:
    sections, _, html = outline("#### 1. 事项 【 已完成 】 \n")
    assert sections[0].items == (item("s1", "1.", "事项", 10, "done"),)
    assert html == '<h4 id="s1" class="item" data-state="done">1. 事项 <span class="badge state-done">已完成</span></h4>\n'


def test_a_marker_on_a_section_heading_is_part_of_its_title() -> None:
    sections, _, html = outline("## 一、情况【已完成】\n\n### （一）细则【推进中】\n")
    assert sections == (
        Section("s1", 2, "一、", "情况【已完成】", 10, children=(Section("s1-1", 3, "（一）", "细则【推进中】", 12),)),)
    assert "badge" not in html


def test_a_site_vocabulary_replaces_the_default_states() -> None:
    states = (ProgressState("closed-out", "已办结", "#1a5e20", True),)
    sections, diagnostics, html = outline("#### 1. 甲【已办结】\n\n#### 2. 乙【已完成】\n", states=states)
    assert [i.state for i in sections[0].items] == ["closed-out", None]
    assert diagnostics == [Diagnostic(Location(PATH, 12), "unknown progress state 【已完成】",
                                      "use one of 【已办结】 or add it to progress_states in site.yaml", field="body")]
    assert 'data-state="closed-out"' in html


def test_an_unknown_state_is_an_error_at_its_line() -> None:
    sections, diagnostics, html = outline("## 一、甲\n\n#### 1. 事项【快好了】\n")
    assert sections[0].items == (item("s1-1", "1.", "事项", 12),)
    assert diagnostics == [Diagnostic(Location(PATH, 12), "unknown progress state 【快好了】", UNKNOWN_HINT, field="body")]
    assert diagnostics[0].severity is Severity.ERROR
    assert html.splitlines()[1] == '<h4 id="s1-1" class="item">1. 事项</h4>'


def test_a_marker_of_twenty_characters_is_read_and_one_of_twenty_one_is_title() -> None:
    twenty, twenty_one = "甲" * 20, "乙" * 21
    sections, diagnostics, _ = outline(f"#### 1. 一【{twenty}】\n\n#### 2. 二【{twenty_one}】\n", require_state=True)
    assert [(i.title, i.state) for i in sections[0].items] == [("一", None), (f"二【{twenty_one}】", None)]
    assert diagnostics == [
        Diagnostic(Location(PATH, 10), f"unknown progress state 【{twenty}】", UNKNOWN_HINT, field="body"),
        Diagnostic(Location(PATH, 12), f"item “2.二【{twenty_one}】” has no progress state", NO_STATE_HINT,
                   field="body", severity=Severity.WARNING),
    ]


def test_an_item_without_a_state_warns_only_where_states_are_required() -> None:
    body = "## 一、甲\n\n#### 1. 事项\n\n#### （2）另一项【已完成】\n"
    assert outline(body)[1] == []
    assert outline(body, require_state=True)[1] == [
        Diagnostic(Location(PATH, 12), "item “1.事项” has no progress state", NO_STATE_HINT,
                   field="body", severity=Severity.WARNING)]


def test_the_title_is_the_text_a_reader_reads() -> None:
    sections, _, html = outline("#### 1. A\\*B &amp; `C`【已完成】\n")
    assert sections[0].items[0].title == "A*B & C"
    assert html == ('<h4 id="s1" class="item" data-state="done">1. A*B &amp; <code>C</code> '
                    '<span class="badge state-done">已完成</span></h4>\n')


# --- meta lines: deadline and unit -----------------------------------------------------------


def test_deadline_and_unit_lines() -> None:
    sections, diagnostics, html = outline(
        "## 一、甲\n\n#### 1. 事项【推进中】\n\n整改时限：2025年12月31日\n责任单位：示例局\n")
    assert sections[0].items == (item("s1-1", "1.", "事项", 12, "in-progress", dt.date(2025, 12, 31), "示例局"),)
    assert diagnostics == []
    assert html.splitlines()[1:] == [
        '<h4 id="s1-1" class="item" data-state="in-progress">1. 事项 <span class="badge state-in-progress">推进中</span>'
        ' <span class="overdue" data-deadline="2025-12-31" hidden></span></h4>',
        '<p class="item-meta">整改时限：2025年12月31日', "责任单位：示例局</p>"]


@pytest.mark.parametrize(
    ("line", "deadline", "unit"),
    [
        ("整改时限：2025-06-30", dt.date(2025, 6, 30), ""),
        ("完成时限:2025/6/30", dt.date(2025, 6, 30), ""),
        ("完成时限 ： 2025.6.30 ", dt.date(2025, 6, 30), ""),
        ("责任单位：示例局", None, "示例局"),
        ("责任部门:示例部", None, "示例部"),
    ],
)
def test_each_meta_label(line: str, deadline: dt.date | None, unit: str) -> None:
    sections, diagnostics, html = outline(f"#### 1. 事项【已完成】\n\n{line}\n")
    assert sections[0].items == (item("s1", "1.", "事项", 10, "done", deadline, unit),)
    assert diagnostics == []
    assert '<p class="item-meta">' in html
    assert "overdue" not in html  # a done item never shows the overdue flag


def test_a_deadline_that_is_not_a_date() -> None:
    sections, diagnostics, html = outline("#### 1. 事项【推进中】\n\n整改时限：年底前\n")
    assert sections[0].items[0].deadline is None
    assert diagnostics == [Diagnostic(Location(PATH, 12), "整改时限 “年底前” is not a date",
                                      "write it as 整改时限：2025年12月31日 or 整改时限：2025-12-31", field="body")]
    assert "overdue" not in html


def test_a_paragraph_mixing_a_meta_line_and_text_is_text() -> None:
    sections, _, html = outline("#### 1. 事项\n\n整改时限：2025-06-30\n说明文字\n")
    assert sections[0].items[0].deadline is None
    assert "<p>整改时限：2025-06-30\n说明文字</p>" in html


def test_meta_lines_outside_an_item_are_text() -> None:
    sections, _, html = outline("## 一、甲\n\n整改时限：2025-06-30\n")
    assert sections == (Section("s1", 2, "一、", "甲", 10),)
    assert html == '<h2 id="s1">一、甲</h2>\n<p>整改时限：2025-06-30</p>\n'


# --- measures: 一是 … 二是 … ------------------------------------------------------------------


def test_two_measures_become_a_list() -> None:
    sections, _, html = outline("#### 1. 事项\n\n一是加强领导；二是完善制度。\n")
    assert sections[0].items[0].measures == ("一是加强领导；", "二是完善制度。")
    assert html.split("\n", 1)[1] == ('<ol class="measures">\n<li>一是加强领导；</li>\n<li>二是完善制度。</li>\n</ol>\n')


def test_three_measures_with_every_separator() -> None:
    sections, _, html = outline("#### 1. 事项\n\n一是甲。二是乙！三是丙;四是丁!十一是戊\n")
    assert sections[0].items[0].measures == ("一是甲。", "二是乙！", "三是丙;", "四是丁!", "十一是戊")
    assert html.count("<li>") == 5


def test_lead_text_before_the_measures_is_kept_as_a_paragraph() -> None:
    sections, _, html = outline("#### 1. 事项\n\n针对问题，采取以下措施。一是甲；二是乙；三是丙。\n")
    assert sections[0].items[0].measures == ("一是甲；", "二是乙；", "三是丙。")
    assert html.split("\n", 1)[1] == ('<p>针对问题，采取以下措施。</p>\n<ol class="measures">\n<li>一是甲；</li>\n'
                                      '<li>二是乙；</li>\n<li>三是丙。</li>\n</ol>\n')


def test_one_measure_stays_a_paragraph() -> None:
    sections, _, html = outline("#### 1. 事项\n\n一是只有一项。\n\n措施：一是在冒号后，不分开；二是也不分。\n")
    assert sections[0].items[0].measures == ()
    assert "<ol" not in html


def test_measures_in_formatted_text_are_recorded_and_the_paragraph_kept() -> None:
    sections, _, html = outline("#### 1. 事项\n\n一是**加强**领导。二是完善制度。\n")
    assert sections[0].items[0].measures == ("一是加强领导。", "二是完善制度。")
    assert "<p>一是<strong>加强</strong>领导。二是完善制度。</p>" in html and "<ol" not in html


def test_measures_of_several_paragraphs_add_up_across_line_breaks() -> None:
    sections, _, html = outline("#### 1. 事项\n\n一是甲。\n二是乙。\n\n一是丙。二是丁。\n")
    assert sections[0].items[0].measures == ("一是甲。", "二是乙。", "一是丙。", "二是丁。")
    assert html.count('<ol class="measures">') == 2


def test_measures_outside_an_item_are_text() -> None:
    _, _, html = outline("## 一、甲\n\n一是甲；二是乙。\n")
    assert html == '<h2 id="s1">一、甲</h2>\n<p>一是甲；二是乙。</p>\n'


# --- plain_text ------------------------------------------------------------------------------


def test_plain_text_of_an_inline_token() -> None:
    tokens = MD.parse("A\\*B &amp; `c` *d*  \ne\nf\n", {})
    assert plain_text(tokens[1]) == "A*B & c d\ne\nf"
    assert plain_text(Token("inline", "", 0, content=" raw ")) == " raw "


# --- the rewritten tokens themselves (what the renderer and later stages read) --------------------


def _shape(tokens: list[Token]) -> list[tuple[object, ...]]:
    return [(t.type, t.tag, t.nesting, t.block, t.hidden, t.map, t.content) for t in tokens]


def test_measure_tokens_exactly() -> None:
    tokens = MD.parse("#### 1. 事项\n\n前言。一是甲；二是乙。\n", {})
    build_outline(tokens, PATH, BODY_LINE, DEFAULT_STATES, False)
    where = [2, 3]
    assert _shape(tokens[3:]) == [
        ("paragraph_open", "p", 1, True, False, None, ""),
        ("inline", "", 0, True, False, where, "前言。"),
        ("paragraph_close", "p", -1, True, False, None, ""),
        ("ordered_list_open", "ol", 1, True, False, where, ""),
        ("list_item_open", "li", 1, True, False, None, ""),
        ("paragraph_open", "p", 1, True, True, None, ""),
        ("inline", "", 0, True, False, where, "一是甲；"),
        ("paragraph_close", "p", -1, True, True, None, ""),
        ("list_item_close", "li", -1, True, False, None, ""),
        ("list_item_open", "li", 1, True, False, None, ""),
        ("paragraph_open", "p", 1, True, True, None, ""),
        ("inline", "", 0, True, False, where, "二是乙。"),
        ("paragraph_close", "p", -1, True, True, None, ""),
        ("list_item_close", "li", -1, True, False, None, ""),
        ("ordered_list_close", "ol", -1, True, False, None, ""),
    ]
    assert tokens[3].hidden is False and tokens[8].hidden is True
    assert tokens[4].map == where and tokens[6].map == where
    assert [(c.type, c.tag, c.nesting, c.content) for c in tokens[4].children or []] == [("text", "", 0, "前言。")]
    assert [(c.type, c.tag, c.nesting, c.content) for c in tokens[9].children or []] == [("text", "", 0, "一是甲；")]
    assert tokens[6].attrGet("class") == "measures"


def test_badge_and_flag_tokens_exactly() -> None:
    tokens = MD.parse("#### 1. 事项【推进中】\n\n整改时限：2025-06-30\n", {})
    build_outline(tokens, PATH, BODY_LINE, DEFAULT_STATES, False)
    heading = tokens[1]
    assert heading.content == "1. 事项"
    assert [(c.type, c.tag, c.nesting, c.content) for c in heading.children or []] == [
        ("text", "", 0, "1. 事项"),
        ("html_inline", "", 0, ' <span class="badge state-in-progress">推进中</span>'),
        ("html_inline", "", 0, ' <span class="overdue" data-deadline="2025-06-30" hidden></span>'),
    ]


def test_a_marker_after_code_is_read_and_the_code_kept() -> None:
    sections, _, html = outline("#### 1. 事项 `【已完成】`\n")
    assert sections[0].items[0].state == "done"
    assert html == ('<h4 id="s1" class="item" data-state="done">1. 事项 <code>【已完成】</code> '
                    '<span class="badge state-done">已完成</span></h4>\n')


def test_measures_late_in_a_long_body_leave_the_rest_of_the_walk_alone() -> None:
    body = ("## 一、甲\n\n前文一。\n\n前文二。\n\n前文三。\n\n#### 1. 事项\n\n说明。\n\n一是甲；二是乙。\n\n"
            "#### 2. 另一项\n\n一是丙；二是丁。\n\n## 二、乙\n")
    sections, _, html = outline(body)
    assert [(i.anchor, i.measures) for i in sections[0].items] == [
        ("s1-1", ("一是甲；", "二是乙。")), ("s1-2", ("一是丙；", "二是丁。"))]
    assert [s.anchor for s in sections] == ["s1", "s2"]
    assert html.count('<ol class="measures">') == 2 and html.count("<h4") == 2 and html.count("<h2") == 2
    assert html.count("一是甲；") == 1


def test_an_empty_numeral_is_zero() -> None:
    assert chinese_number("") == 0
