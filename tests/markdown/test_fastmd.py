"""markdown-it-pyrs is used only where it gives exactly what markdown-it-py gives: the same HTML, the
same sections and items, the same diagnostics. Checked on the seed, on every sample notice, and on
bodies generated from the constructs notices use (numbered headings with states, deadlines and
responsible units, measures, lists, tables, emphasis, links, quotes, code, characters HTML escapes)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import SAMPLE_CONTENT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.markdown import fastmd
from generator.markdown.parser import Markdown
from generator.notice.model import Notice, SiteConfig
from generator.source.load import load_document, split_front_matter
from generator.source.validate import notice_body, site_config

pytestmark = pytest.mark.skipif(not fastmd.available(), reason="markdown-it-pyrs is not installed")

FAST = Markdown()
REFERENCE = Markdown()
REFERENCE.fast = None


def head(kind: str = "rectification-progress") -> Notice:
    return Notice(source="notice.md", slug="n", title="t", issuer="i", kind=kind, issued=dt.date(2025, 7, 21),
                  lang="zh-CN", summary="", tags=(), draft=False, period=None, original_period=None,
                  after_close="keep", contacts=(), signature=None, sections=(), body="", body_line=7)


def _config() -> SiteConfig:
    doc, _ = load_document(SAMPLE_CONTENT / "site.yaml", SAMPLE_CONTENT)
    assert doc is not None
    config, _ = site_config(doc)
    assert config is not None
    return config


CONFIG = _config()


def both(body: str) -> tuple[tuple[object, ...], tuple[object, ...], bool]:
    """(reference result, fast result, whether the fast parser took the body)."""
    results = []
    for md in (REFERENCE, FAST):
        notice, tokens, diags = notice_body(head(), body, CONFIG, md)
        results.append((md.render(tokens), notice.sections, [d.format() for d in diags]))
    took = FAST.fast is not None and FAST.fast.parse(body) is not None
    return tuple(results[0]), tuple(results[1]), took


def sample_bodies() -> list[tuple[str, str]]:
    out = []
    for path in sorted(SAMPLE_CONTENT.glob("notices/**/*.md")):
        _, body, _ = split_front_matter(path.read_text("utf-8"))
        out.append((path.relative_to(SAMPLE_CONTENT).as_posix(), body))
    return out


@pytest.mark.parametrize(("name", "body"), sample_bodies(), ids=[n for n, _ in sample_bodies()])
def test_sample_notices_come_out_the_same(name: str, body: str) -> None:
    reference, fast, _ = both(body)
    assert fast == reference


def test_the_seed_takes_the_fast_path() -> None:
    seed = dict(sample_bodies())["notices/kuandian-inspection-rectification-2025.md"]
    reference, fast, took = both(seed)
    assert took, "the seed is plain CommonMark: the accelerator must handle it"
    assert fast == reference
    assert len(reference[1]) == 3  # its three parts


def test_unsupported_bodies_fall_back() -> None:
    for body in ("脚注[^1]。\n\n[^1]: 注释。\n", "[参考][r]\n\n[r]: https://example.org\n", "行内脚注^[注释]。\n",
                 "a\tb\n", "![x](data:image/png;base64,AAAA)\n"):
        assert FAST.fast is not None and FAST.fast.parse(body) is None, body
        reference, fast, _ = both(body)
        assert fast == reference


# ---------------------------------------------------------------- generated bodies

CN = st.sampled_from(["整改", "推进", "落实", "监督", "台账", "项目", "责任", "机制", "营商环境", "问题清单"])
PUNCT = st.sampled_from(["，", "。", "；", "：", "、", "（", "）", "“", "”"])
MARKUP = st.sampled_from(["**加粗**", "*强调*", "`代码`", "[链接](https://example.org/a)", "[本站](notes.html)",
                          "<https://example.gov.cn>", "&amp;", "&copy;", "A & B", "a < b > c", '"引号"',
                          "\\*转义\\*", "![图](img.png)", "[空](javascript:alert(1))", "_下划_", "~波浪~",
                          "^[行内脚注]", "[^1]", "![数据](data:image/png;base64,AAAA)", "[链](/a?b=1&c=2 \"题\")"])
NUMBER_CN = st.sampled_from(["一", "二", "三", "四", "五", "十一"])
STATE = st.sampled_from(["【已完成】", "【推进中】", "【长期坚持】", "【未开始】", "【进行中】", ""])


@st.composite
def text(draw: st.DrawFn, markup: bool = True) -> str:
    parts = draw(st.lists(st.one_of(CN, PUNCT, MARKUP) if markup else st.one_of(CN, PUNCT), min_size=1, max_size=8))
    return "".join(parts)


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["h2", "h3", "h4", "h4-markup", "setext", "para", "plain", "meta", "measures",
                                 "list", "olist", "table", "quote", "code", "hr", "lines"]))
    n = draw(NUMBER_CN)
    if kind == "h2":
        return f"## {n}、{draw(text(markup=False))}"
    if kind == "h3":
        return f"### （{n}）{draw(text(markup=False))}"
    if kind == "h4":
        return f"#### {draw(st.integers(1, 9))}. {draw(text(markup=False))}{draw(STATE)}"
    if kind == "h4-markup":
        return f"#### {draw(st.integers(1, 9))}. {draw(text())}{draw(STATE)} ##"
    if kind == "setext":
        return f"{draw(text())}\n{draw(st.sampled_from(['===', '---']))}"
    if kind == "meta":
        day = draw(st.sampled_from(["2025年12月31日", "2026-03-01", "长期坚持", "2025年13月1日"]))
        return f"整改时限：{day}\n责任单位：{draw(text(markup=False))}"
    if kind == "measures":
        return "".join(f"{c}是{draw(text(markup=draw(st.booleans())))}。" for c in "一二三"[: draw(st.integers(1, 3))])
    if kind == "list":
        return "\n".join(f"- {draw(text())}" for _ in range(draw(st.integers(1, 3))))
    if kind == "olist":
        return "\n".join(f"{i}. **{draw(text(markup=False))}**：{draw(text())}" for i in range(1, draw(st.integers(2, 4))))
    if kind == "table":
        return "| 序号 | 事项 |\n|---|---|\n" + "\n".join(f"| {i} | {draw(text())} |" for i in range(1, 3))
    if kind == "quote":
        return f"> {draw(text())}"
    if kind == "code":
        return f"```\n{draw(text(markup=False))} <b>\n```"
    if kind == "hr":
        return "---"
    if kind == "lines":
        return f"{draw(text(markup=False))}\n{draw(text(markup=draw(st.booleans())))}"
    return draw(text(markup=kind == "para"))


TAKEN: list[bool] = []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(block(), min_size=1, max_size=14))
def test_generated_bodies_come_out_the_same(blocks: list[str]) -> None:
    body = "\n\n".join(blocks) + "\n"
    reference, fast, took = both(body)
    TAKEN.append(took)
    assert fast == reference


def test_most_generated_bodies_took_the_fast_path() -> None:
    """Else the comparison above would prove nothing about the accelerator."""
    if not TAKEN:
        pytest.skip("runs after test_generated_bodies_come_out_the_same")
    assert sum(TAKEN) > len(TAKEN) / 2


def test_the_sample_site_is_the_same_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import build, tree_digest

    assert build(SAMPLE_CONTENT, tmp_path / "fast", "2026-12-01T10:00", "--no-search", "--no-cache") == 0
    monkeypatch.setenv("GONGSHI_MARKDOWN", "python")
    assert build(SAMPLE_CONTENT, tmp_path / "python", "2026-12-01T10:00", "--no-search", "--no-cache") == 0
    assert tree_digest(tmp_path / "fast") == tree_digest(tmp_path / "python")
