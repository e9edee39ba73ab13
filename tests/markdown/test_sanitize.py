"""Raw HTML in Markdown bodies: escaped by default, filtered by nh3 (ammonia) when a site sets
`allow_html: true`. The policy: allowed tags and attributes only, links and images to http(s),
mailto, tel and relative addresses, the content of scripts and the like dropped, no comments."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from support.hostile import LINK_TARGETS, PAYLOADS, SET_FLAG
from support.inert import html_problems

from generator.markdown.parser import Markdown
from generator.markdown.sanitize import ALLOWED_TAGS, clean_fragments, clean_html


def md(body: str, allow_html: bool = True) -> str:
    parser = Markdown(allow_html)
    return parser.render(parser.parse(body))


@pytest.mark.parametrize("allow_html", [False, True], ids=["escaped", "allow_html"])
@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_is_inert_in_a_body(payload: str, allow_html: bool) -> None:
    for body in (payload, f"text {payload} text", f"<div>\n\n{payload}\n\n</div>", f"- {payload}\n"):
        html = md(body, allow_html)
        assert html_problems(html, "body", own_markup=False) == [], html


@pytest.mark.parametrize("target", LINK_TARGETS)
def test_no_link_or_image_to_an_unsafe_scheme(target: str) -> None:
    for body in (f"[x](<{target}>)", f"![x](<{target}>)", f"<{target}>", f"[x][r]\n\n[r]: <{target}>",
                 f'<a href="{target}">x</a>', f'<img src="{target}">'):
        for allow_html in (False, True):
            html = md(body, allow_html)
            assert html_problems(html, body, own_markup=False) == [], html


def test_without_allow_html_raw_html_is_text() -> None:
    html = md('a <b>bold</b> <img src="x" onerror="alert(1)">', allow_html=False)
    assert "<b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html and "&lt;img" in html


def test_allowed_markup_is_kept() -> None:
    html = md('<abbr title="全国人民代表大会">全国人大</abbr> <ruby>宽<rt>kuān</rt></ruby> '
              '<a href="https://example.org/a?b=1">x</a> <a href="../other/">y</a> <a href="#s1">z</a> '
              '<a href="mailto:a@example.org">m</a> <a href="tel:+8641512345">t</a> <del datetime="2025-07-21">old</del>')
    doc = BeautifulSoup(html, "html.parser")
    assert doc.abbr["title"] == "全国人民代表大会" and doc.ruby.rt.get_text() == "kuān"
    assert [a["href"] for a in doc.find_all("a")] == ["https://example.org/a?b=1", "../other/", "#s1",
                                                      "mailto:a@example.org", "tel:+8641512345"]
    assert doc.find("del")["datetime"] == "2025-07-21"


def test_attributes_outside_the_allowlist_are_removed() -> None:
    html = clean_html('<p id="main" style="color:red" data-x="1" onclick="x()" class="note" lang="en" '
                      'title="t" dir="rtl">x</p><img src="a.png" alt="a" width="10" srcset="b.png 2x" loading="lazy">')
    doc = BeautifulSoup(html, "html.parser")
    assert doc.p.attrs == {"class": ["note"], "lang": "en", "title": "t", "dir": "rtl"}
    assert doc.img.attrs == {"src": "a.png", "alt": "a", "width": "10"}


def test_tags_outside_the_allowlist_keep_their_text_and_scripts_lose_theirs() -> None:
    assert clean_html("<font color=red>x</font><center>y</center><marquee>z</marquee>") == "xyz"
    for tag in ("script", "style", "textarea", "title", "iframe", "noscript", "template", "svg", "math",
                "object", "select", "xmp", "noembed", "noframes"):
        assert clean_html(f"a<{tag}>{SET_FLAG}</{tag}>b") == "ab", tag
    assert clean_html("a<!-- secret --><!--[if IE]>x<![endif]-->b") == "ab"
    assert {"script", "iframe", "svg", "style", "form", "input"}.isdisjoint(ALLOWED_TAGS)


def test_markdown_between_the_tags_of_an_element_stays_inside_it() -> None:
    doc = BeautifulSoup(md('<div class="note">\n\n**一、** 说明\n\n</div>\n\n'
                           '<table>\n<tr><td>\n\n*单元格*\n\n</td></tr>\n</table>\n\n'
                           '<details>\n<summary>详情</summary>\n\n- 一\n- 二\n\n</details>\n'), "html.parser")
    assert doc.find("div", class_="note").strong.get_text() == "一、"
    assert doc.td.em.get_text() == "单元格"
    assert len(doc.details.find_all("li")) == 2


def test_inline_elements_keep_their_pairs() -> None:
    html = md("a <b>bold</b>, <i>it</i> and <sub>2</sub> with <script>x()</script> between <u>u</u>")
    doc = BeautifulSoup(html, "html.parser")
    assert [(el.name, el.get_text()) for el in doc.p.find_all(True)] == [("b", "bold"), ("i", "it"), ("sub", "2"),
                                                                       ("u", "u")]


@pytest.mark.parametrize("opener", ["<script>", "<style>", "<textarea>", "<svg>", '<abbr title="x',
                                    "<!-- open comment", "<plaintext>"])
def test_an_unclosed_element_or_attribute_takes_nothing_unsafe_with_it(opener: str) -> None:
    html = md(f"<div>\n{opener}\n\n*after* <b>b</b> <img src=x onerror=\"{SET_FLAG}\">\n\n</div>\n\ntail")
    assert html_problems(html, opener, own_markup=False) == []
    assert "after" in html and "tail" in html, "Markdown text is never lost"


def test_pieces_are_cleaned_together_and_cut_between_elements() -> None:
    assert clean_fragments([]) == []
    assert clean_fragments(["<b>", "</b>"]) == ["<b>", "</b>"]
    assert clean_fragments(["<div>", "</div>", "<i>"]) == ["<div>", "</div>", "<i></i>"]
    assert clean_fragments(["<p>x</p>"]) == ["<p>x</p>"]
    assert clean_fragments(['<abbr title="x', '">y</abbr>']) == ['<abbr title="x">y</abbr>', ""], \
        "a boundary inside an attribute is not a place to cut"
    assert clean_fragments(["<table>", "<tr><td>c</td></tr></table>"]) == ["", "<table><tbody><tr><td>c</td></tr></tbody></table>"]


def test_the_boundary_marks_cannot_be_forged() -> None:
    forged = "\ufdd01\ufdd1"
    pieces = clean_fragments([f'<a href="/x">{forged}', f'{forged}<img src=x onerror="{SET_FLAG}">', "</a>"])
    assert all(html_problems(p, "piece", own_markup=False) == [] for p in pieces)
    assert not any("\ufdd0" in p or "\ufdd1" in p for p in pieces)
