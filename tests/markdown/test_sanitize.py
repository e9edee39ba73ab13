"""Raw HTML in Markdown bodies: escaped by default, filtered by nh3 (ammonia) when a site sets
`allow_html: true`. The policy: allowed tags and attributes only, links and images to http(s),
mailto, tel and relative addresses, the content of scripts and the like dropped, no comments."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from support.hostile import LINK_TARGETS, PAYLOADS, SET_FLAG
from support.inert import html_problems

from generator.markdown.parser import Markdown
from generator.markdown.sanitize import ALLOWED_TAGS, DROPPED_WITH_CONTENT, browser_url, clean_fragments, clean_html


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


# --- every entry of the allowlists, exactly ------------------------------------------------------

VOID = {"br": '<br class="c">x<br>', "hr": '<hr class="c">x', "img": '<img class="c">x', "wbr": '<wbr class="c">x'}
TABLE_PARTS = {"caption", "col", "colgroup", "table", "tbody", "td", "tfoot", "th", "thead", "tr"}


@pytest.mark.parametrize("tag", sorted(ALLOWED_TAGS - TABLE_PARTS))
def test_every_allowed_tag_is_kept_with_its_class_and_without_handlers(tag: str) -> None:
    expected = VOID.get(tag, f'<{tag} class="c">x</{tag}>')
    assert clean_html(f'<{tag} class="c" onclick="x()" style="color:red">x</{tag}>') == expected


def test_every_table_part_and_its_attributes_are_kept_in_a_table() -> None:
    table = ('<table class="c"><caption class="c">x</caption><colgroup span="2"><col span="1"></colgroup>'
             '<thead><tr><th scope="col" colspan="2" rowspan="1" align="left">h</th></tr></thead>'
             '<tbody><tr><td colspan="2" rowspan="1" align="right">d</td></tr></tbody>'
             '<tfoot><tr><td>f</td></tr></tfoot></table>')
    assert clean_html(table) == table
    assert clean_html('<table><tr><td scope="row" span="2" onclick="x">d</td></tr></table>') == (
        "<table><tbody><tr><td>d</td></tr></tbody></table>")


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<a href="/p" title="t">x</a>', '<a href="/p" title="t">x</a>'),
        ('<img src="a.png" alt="a" width="10" height="20">', '<img src="a.png" alt="a" width="10" height="20">'),
        ('<ol start="3" type="a" reversed><li value="5">x</li></ol>', '<ol start="3" type="a" reversed=""><li value="5">x</li></ol>'),
        ('<time datetime="2025-07-21">x</time>', '<time datetime="2025-07-21">x</time>'),
        ('<del cite="/a" datetime="2025-07-21">x</del>', '<del cite="/a" datetime="2025-07-21">x</del>'),
        ('<ins cite="/a" datetime="2025-07-21">x</ins>', '<ins cite="/a" datetime="2025-07-21">x</ins>'),
        ('<blockquote cite="/a">x</blockquote>', '<blockquote cite="/a">x</blockquote>'),
        ('<q cite="/a">x</q>', '<q cite="/a">x</q>'),
        ('<details open><summary>s</summary>x</details>', '<details open=""><summary>s</summary>x</details>'),
        ('<p class="a" title="b" lang="en" dir="rtl">x</p>', '<p class="a" title="b" lang="en" dir="rtl">x</p>'),
        # An attribute allowed on one tag is not allowed on another.
        ('<p href="/p" src="a" datetime="d" open cite="c" start="1" value="2" span="3">x</p>', "<p>x</p>"),
        ('<span id="main" name="n" data-x="1" style="s">x</span>', "<span>x</span>"),
    ],
)
def test_every_allowed_attribute(markup: str, expected: str) -> None:
    assert clean_html(markup) == expected


@pytest.mark.parametrize(
    ("url", "kept"),
    [("http://example.org/", True), ("https://example.org/", True), ("mailto:a@example.org", True),
     ("tel:+8641555501", True), ("/path", True), ("#s1", True), ("a.png", True), ("../up/", True),
     ("ftp://example.org/", False), ("javascript:alert(1)", False), ("data:image/png;base64,AA", False),
     ("vbscript:x", False), ("file:///etc/passwd", False)],
)
def test_every_safe_scheme_and_no_other(url: str, kept: bool) -> None:
    attr_a, attr_img = (f' href="{url}"', f' src="{url}"') if kept else ("", "")
    assert clean_html(f'<a href="{url}">x</a><img src="{url}">') == f"<a{attr_a}>x</a><img{attr_img}>"


@pytest.mark.parametrize("tag", sorted(DROPPED_WITH_CONTENT))
def test_every_element_dropped_with_its_content(tag: str) -> None:
    # embed, frame, frameset and head have no content in a body: their end tags are ignored, the text stays.
    expected = {"embed": "asecretb", "frame": "asecretb", "frameset": "asecretb", "head": "asecretb",
                "plaintext": "a"}.get(tag, "ab")
    assert clean_html(f"a<{tag}>secret</{tag}>b") == expected


@pytest.mark.parametrize("tag", sorted(DROPPED_WITH_CONTENT - {"plaintext"}))
def test_an_element_left_open_in_one_piece_does_not_take_the_next_piece(tag: str) -> None:
    first = "secret" if tag in ("embed", "frame", "frameset", "head") else ""  # they hold no text in a body
    assert clean_fragments([f"<{tag}>secret", "<b>kept</b>", "tail"]) == [first, "<b>kept</b>", "tail"]


def test_plaintext_swallows_the_rest_and_leaves_no_markup() -> None:
    assert clean_fragments(["<plaintext>", "<b>kept</b>"]) == ["", ""]


# --- boundaries the parser moves -----------------------------------------------------------------


def test_text_that_a_table_moves_in_front_of_itself() -> None:
    # "y" and the boundary marks after the cell are foster-parented before the table; the mark inside the
    # cell then comes after a later mark and is dropped: the table follows the last piece it reaches.
    assert clean_fragments(["<table><tr><td>", "x</td></tr>", "y", "</table>"]) == [
        "", "", "y", "<table><tbody><tr><td>x</td></tr></tbody></table>"]
    assert clean_fragments(["<table>", "fostered", "</table>"]) == ["", "fostered", "<table></table>"]
    # Pieces after the table are cut at their own marks again.
    assert clean_fragments(["<table><tr><td>", "x</td></tr>", "y", "</table>", "<b>z</b>", "w"]) == [
        "", "", "y", "<table><tbody><tr><td>x</td></tr></tbody></table>", "<b>z</b>", "w"]
    assert clean_fragments(["<table><tr><td>a</td></tr>", "<tr><td>b</td></tr>", "</table>"]) == [
        "", "", "<table><tbody><tr><td>a</td></tr><tr><td>b</td></tr></tbody></table>"]


def test_a_mark_dropped_inside_a_dropped_element_joins_the_pieces_around_it() -> None:
    assert clean_fragments(["<b>a</b>", "<script>x", "</script><i>c</i>", "<u>d</u>"]) == [
        "<b>a</b>", "", "<i>c</i>", "<u>d</u>"]


def test_every_piece_gets_its_own_html_in_order() -> None:
    assert clean_fragments(["<p>1</p>", "<p>2</p>", "<p>3</p>", "<p>4</p>"]) == ["<p>1</p>", "<p>2</p>", "<p>3</p>", "<p>4</p>"]
    assert clean_fragments(["", "<i>x</i>", ""]) == ["", "<i>x</i>", ""]


def test_marks_in_attribute_values_and_the_end_tags_between_pieces_are_removed() -> None:
    assert clean_html('<abbr title="a\ufdd0b\ufdd1c">x</abbr>') == '<abbr title="abc">x</abbr>'
    assert clean_fragments(['<abbr title="x', '">y</abbr>', "<b>z</b>"]) == ['<abbr title="x">y</abbr>', "", "<b>z</b>"]


# --- browser_url ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/", "https://example.org/"),
        ("  https://example.org/  ", "https://example.org/"),
        ("java\tscript:alert(1)", "javascript:alert(1)"),
        ("java\nscript:x", "javascript:x"),
        ("java\rscript:x", "javascript:x"),
        ("\x00\x01\x1f javascript:x\x00 ", "javascript:x"),
        ("\x20\x21x\x21\x20", "\x21x\x21"),  # ! (0x21) is the first character that is not trimmed
        ("a b", "a b"),
        ("a\x00b", "a\x00b"),  # controls inside are the browser's to refuse, not trimmed
        ("\u3000x\u3000", "\u3000x\u3000"),  # only ASCII spaces and C0 controls are trimmed
        ("", ""),
    ],
)
def test_browser_url(value: str, expected: str) -> None:
    assert browser_url(value) == expected
