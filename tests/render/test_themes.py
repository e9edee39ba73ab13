"""Themes: the `official` theme is an extension of the default one (a few blocks and one stylesheet
overridden, one stylesheet added, every other template and asset reused as it is) and looks like a
formal document on screen and on paper; a site's own templates and static files win over its theme's;
a site's own theme can extend a built-in one. (Accessibility, validity and keyboard checks run on every
theme folder by themselves: test_a11y.py, test_vnu.py, test_keyboard.py.)"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, SEED_SLUG, THEMES, build, copy_content, soup
from support.site_links import pages_of

OFFICIAL = ROOT / "themes" / "official"
DEFAULT = ROOT / "themes" / "default"
SEED_PAGE = f"notices/{SEED_SLUG}/index.html"


def set_theme(content: Path, theme: str) -> None:
    config = content / "site.yaml"
    config.write_text(re.sub(r"(?m)^theme:.*$", f"theme: {theme}", config.read_text("utf-8")), "utf-8")


# ---------------------------------------------------------------- the official theme

def test_official_theme_extends_the_default_one() -> None:
    assert "official" in THEMES, "the quality-gate tests run on it"
    assert yaml.safe_load((OFFICIAL / "theme.yaml").read_text("utf-8"))["extends"] == "default"
    own = {p.name for p in (OFFICIAL / "templates").glob("*.html")}
    inherited = {p.name for p in (DEFAULT / "templates").glob("*.html")} - own
    assert own and {"index.html", "archive.html", "_footer.html", "search.html"} <= inherited
    for name in own:
        assert (OFFICIAL / "templates" / name).read_text("utf-8").count('{% extends "parent/') == 1, \
            f"{name} overrides blocks of the default theme's template instead of copying it"


def test_official_pages_reuse_the_default_templates_unchanged(themed_site: Callable[[str], Path]) -> None:
    """Pages made from inherited templates have exactly the default theme's content."""
    official, default = themed_site("official"), themed_site("default")
    for page in ("index.html", "archive/index.html", "archive/kind/index.html"):
        assert str(soup(official / page).main) == str(soup(default / page).main), page
        assert str(soup(official / page).find("footer", class_="site-footer")) == \
            str(soup(default / page).find("footer", class_="site-footer"))
    assert str(soup(official / SEED_PAGE).select_one(".notice-body")) == \
        str(soup(default / SEED_PAGE).select_one(".notice-body"))


def test_official_assets_add_one_stylesheet_and_replace_print(themed_site: Callable[[str], Path]) -> None:
    site = themed_site("official")
    static = site / "static"
    assert (static / "css" / "official.css").read_bytes() == (OFFICIAL / "static/css/official.css").read_bytes()
    assert (static / "css" / "print.css").read_bytes() == (OFFICIAL / "static/css/print.css").read_bytes()
    assert (static / "css" / "print.css").read_bytes() != (DEFAULT / "static/css/print.css").read_bytes()
    for name in ("css/site.css", "js/period.js", "js/search.js", "js/links.js"):
        assert (static / name).read_bytes() == (DEFAULT / "static" / name).read_bytes(), name
    for page in pages_of(site):
        sheets = [link["href"].rsplit("/", 1)[-1] for link in soup(page).find_all("link", rel="stylesheet")]
        assert sheets[0] == "site.css" and "official.css" in sheets and "print.css" in sheets, page


def test_official_masthead_and_formal_document_layout(themed_site: Callable[[str], Path]) -> None:
    site = themed_site("official")
    config = yaml.safe_load((site.parent / "content" / "site.yaml").read_text("utf-8"))
    for page in (site / "index.html", site / SEED_PAGE):
        masthead = soup(page).select_one(".site-header a.masthead")
        assert masthead.select_one(".masthead-body").get_text() == config["footer"]["organisation"]
        assert masthead.select_one(".masthead-title").get_text() == config["title"]
    header = soup(site / SEED_PAGE).select_one("article.notice > header.doc-header")
    assert [el["class"][-1] for el in header.find_all(recursive=False)][:3] == ["doc-issuer", "doc-number",
                                                                               "notice-title"]
    assert header.select_one(".doc-issuer").get_text() == "中共辽宁宽甸经济开发区工作委员会"
    assert header.select_one(".doc-number").get_text() == "整改进展通报〔2025〕"
    assert header.h1.get_text() == "关于市委巡察整改落实进展情况的通报"
    assert soup(site / SEED_PAGE).select_one("footer.signature .signature-date").get_text(strip=True) == "2025年7月21日"


GEOMETRY = """() => {
  const box = sel => document.querySelector(sel).getBoundingClientRect();
  const style = sel => getComputedStyle(document.querySelector(sel));
  const article = box('article.notice'), sig = box('.signature-by'), date = box('.signature-date');
  return {articleLeft: article.left, articleRight: article.right, sigLeft: Math.min(sig.left, date.left),
          sigRight: Math.max(sig.right, date.right), titleAlign: style('.notice-title').textAlign,
          issuerColor: style('.doc-issuer').color, rule: style('.doc-number').borderBottomStyle,
          header: style('.site-header').display, nav: style('.notice-browse').display,
          bodySize: parseFloat(style('.notice-body p').fontSize), bodyFont: style('.notice-body').fontFamily};
}"""


def reddish(colour: str) -> bool:
    r, g, b = (int(v) for v in re.findall(r"\d+", colour)[:3])
    return r > 150 and g < 0.6 * r and b < 0.6 * r


def test_official_notice_reads_as_a_formal_document_on_screen_and_on_paper(
        browser: Any, themed_site: Callable[[str], Path], serve: Callable[[Path], str]) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{serve(themed_site('official'))}/notices/{SEED_SLUG}/")
        for media in ("screen", "print"):
            page.emulate_media(media=media, color_scheme="light")
            g = page.evaluate(GEOMETRY)
            assert g["titleAlign"] == "center", media
            assert reddish(g["issuerColor"]) and g["rule"] == "solid", media
            middle = (g["articleLeft"] + g["articleRight"]) / 2
            assert g["sigLeft"] > middle and g["articleRight"] - g["sigRight"] < 0.25 * (
                g["articleRight"] - g["articleLeft"]), f"{media}: the signature block is set right: {g}"
        assert g["header"] == "none" and g["nav"] == "none", "on paper: no site navigation"
        assert g["bodySize"] == pytest.approx(16 * 96 / 72, abs=0.5), "on paper: text at 16 pt (三号)"
        assert "FangSong" in g["bodyFont"]
    finally:
        context.close()


# ---------------------------------------------------------------- a site's own templates and assets

@pytest.mark.parametrize("theme", THEMES)
def test_a_local_template_wins_over_the_themes(tmp_path: Path, theme: str) -> None:
    content = copy_content(tmp_path)
    set_theme(content, theme)
    local = content.parent / "templates"
    local.mkdir()
    (local / "_footer.html").write_text('<footer class="site-footer local-footer"><p>{{ config.title }} · 本地页脚</p>'
                                        "</footer>\n", "utf-8")
    out = tmp_path / "out"
    assert build(content, out, "2026-12-01T10:00", "--no-search") == 0
    pages = pages_of(out)
    assert len(pages) > 20
    for page in pages:
        footer = soup(page).find("footer", class_="site-footer")
        if footer is not None:
            assert "local-footer" in footer["class"] and "Gongshi" not in footer.get_text(), page
    assert soup(out / "index.html").find("footer", class_="local-footer")


@pytest.mark.parametrize("prefix", ["theme/", "parent/"])
@pytest.mark.parametrize("theme", THEMES)
def test_a_local_template_can_change_one_block_of_the_themes(tmp_path: Path, theme: str, prefix: str) -> None:
    """`theme/notice.html`, and `parent/notice.html` from the site's own notice.html, are the theme's
    template (for the official theme, the one with its formal header)."""
    content = copy_content(tmp_path)
    set_theme(content, theme)
    local = content.parent / "templates"
    local.mkdir()
    (local / "notice.html").write_text(
        f'{{% extends "{prefix}notice.html" %}}\n'
        '{% block notice_header %}{{ super() }}<p class="local-note">本站补充说明</p>{% endblock %}\n', "utf-8")
    out = tmp_path / "out"
    assert build(content, out, "2026-12-01T10:00", "--no-search") == 0
    page = soup(out / SEED_PAGE)
    header = page.select_one("article.notice > header.notice-header")
    assert header.find_next_sibling("p", class_="local-note")
    assert bool(header.select_one(".doc-issuer")) == (theme == "official")
    assert page.select_one(".notice-body h2"), "the rest of the theme's page is there"


def test_a_local_asset_wins_over_the_themes_and_new_ones_are_added(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    set_theme(content, "official")
    static = content.parent / "static"
    (static / "css").mkdir(parents=True)
    (static / "img").mkdir()
    (static / "css" / "print.css").write_text("/* the site's own print stylesheet */\n", "utf-8")
    (static / "img" / "emblem.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n', "utf-8")
    out = tmp_path / "out"
    assert build(content, out, "2026-12-01T10:00", "--no-search") == 0
    assert (out / "static/css/print.css").read_text("utf-8") == "/* the site's own print stylesheet */\n"
    assert (out / "static/img/emblem.svg").is_file()
    assert (out / "static/css/official.css").read_bytes() == (OFFICIAL / "static/css/official.css").read_bytes()
    assert (out / "static/css/site.css").read_bytes() == (DEFAULT / "static/css/site.css").read_bytes()


def test_a_sites_own_theme_can_extend_a_built_in_one(tmp_path: Path) -> None:
    content = copy_content(tmp_path)
    set_theme(content, "county")
    theme = content.parent / "themes" / "county"
    (theme / "templates").mkdir(parents=True)
    (theme / "locales").mkdir()
    (theme / "theme.yaml").write_text("name: county\nextends: official\n", "utf-8")
    (theme / "templates" / "_footer.html").write_text(
        '<footer class="site-footer"><p class="county">{{ t("nav.home") }} · {{ t("doc.number", kind="x", year=1) }}'
        "</p></footer>\n", "utf-8")
    (theme / "locales" / "zh-CN.yaml").write_text("nav.home: 县政府首页\n", "utf-8")
    out = tmp_path / "out"
    assert build(content, out, "2026-12-01T10:00", "--no-search") == 0
    page = soup(out / SEED_PAGE)
    assert page.select_one(".county").get_text() == "县政府首页 · x〔1〕", "its own string, and its parent's"
    assert page.select_one(".doc-issuer"), "the official theme's notice page"
    assert page.select_one(".breadcrumb a").get_text() == "县政府首页"


def test_a_missing_parent_template_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = copy_content(tmp_path)
    local = content.parent / "templates"
    local.mkdir()
    (local / "notice.html").write_text('{% extends "parent/notice-old.html" %}\n', "utf-8")
    assert build(content, tmp_path / "out", "2026-12-01T10:00", "--no-search") == 1
    err = capsys.readouterr().err
    assert "template `notice-old.html` not found in" in err and "themes/default/templates" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("extends", "message"), [
    ("nowhere", "theme `nowhere` not found"),
    ("loop", "theme `loop` extends itself"),
])
def test_a_broken_theme_chain_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               extends: str, message: str) -> None:
    content = copy_content(tmp_path)
    set_theme(content, "loop")
    theme = content.parent / "themes" / "loop"
    theme.mkdir(parents=True)
    (theme / "theme.yaml").write_text(f"extends: {extends}\n", "utf-8")
    out = tmp_path / "out"
    assert build(content, out, "2026-12-01T10:00", "--no-search") == 1
    err = capsys.readouterr().err
    assert "site.yaml" in err and message in err and "Traceback" not in err
    assert not out.exists()
