"""The fast Markdown path against markdown-it-py, differentially: Hypothesis generates bodies from the
whitespace and block structure where the two parsers could part (Chinese indents of U+3000, no-break
and other Unicode spaces at line starts and ends and beside `|`, tables after text and in quotes,
lists, blank lines made of spaces or of Unicode spaces, headings, code) mixed with ordinary text.

For every body the fast path accepts (it returns None for the ones it leaves to markdown-it-py), the
HTML must be the one markdown-it-py renders. The test also insists the fast path still accepts most
ordinary bodies, so it cannot pass by refusing everything."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.markdown import fastmd
from generator.markdown.parser import Markdown

pytestmark = pytest.mark.skipif(not fastmd.available(), reason="markdown-it-pyrs is not installed")

MD = Markdown()
SPACES = ["\u3000", "\u00a0", "\u2003", "\u202f", " ", "  ", "\u3000\u3000", "\u2009"]
WORDS = ["示例", "王示例", "整改", "a", "b", "1", "**强调**", "*斜体*", "`代码`", "[链接](https://example.org/)",
         "&amp;", "<b>", "\\*", "一、", "（一）", "1.", "：", "，"]


@st.composite
def line(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS + SPACES), min_size=1, max_size=5))
    text = "".join(words)
    prefix = draw(st.sampled_from(["", "", "", "- ", "* ", "1. ", "2) ", "> ", "#### ", "## ", "    ", "   ", "| ",
                                   "\u00a0| ", "\u3000\u3000", "\u00a0", "---", "```"]))
    suffix = draw(st.sampled_from(["", "", "", " |", "\u3000", "\u00a0", "  ", " \\"]))
    return prefix + text + suffix


@st.composite
def table(draw: st.DrawFn) -> str:
    cols = draw(st.integers(1, 3))
    pad = st.sampled_from(["", " ", "\u00a0", "\u3000"])

    def row(cells: list[str]) -> str:
        return draw(pad) + "|" + "|".join(f"{draw(pad)}{c}{draw(pad)}" for c in cells) + "|"

    rows = [row([draw(st.sampled_from(WORDS)) for _ in range(cols)]), row(["---"] * cols)]
    rows += [row([draw(st.sampled_from(WORDS)) for _ in range(cols)]) for _ in range(draw(st.integers(0, 2)))]
    return "\n".join(rows)


blank = st.sampled_from(["", "", " ", "\u3000", "\u00a0", "   "])
block = st.one_of(line(), line(), table(), blank)
bodies = st.lists(block, min_size=1, max_size=10).map("\n".join)


def _reference(body: str) -> str:
    return MD.render(MD.md.parse(body, {}))


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies)
def test_the_fast_path_renders_what_markdown_it_py_renders(body: str) -> None:
    assert MD.fast is not None
    tokens = MD.fast.parse(body)
    if tokens is None:
        return  # left to markdown-it-py
    assert MD.render(tokens) == _reference(body)


@pytest.mark.parametrize(("body", "fast"), [
    ("\u3000\u3000一、总体要求\n\n正文。", False),
    ("\u00a0| a | b |\n| - | - |\n| 1 | 2 |", False),
    ("> 引用\n| a | b |\n|---|---|\n| 1 | 2 |", False),
    ("一、总体要求\n\n正文，含**强调**。\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- 一\n- 二", True),
])
def test_known_differences_are_left_to_markdown_it_py(body: str, fast: bool) -> None:
    assert MD.fast is not None
    tokens = MD.fast.parse(body)
    assert (tokens is not None) == fast
    assert MD.render(tokens if tokens is not None else MD.md.parse(body, {})) == _reference(body)
