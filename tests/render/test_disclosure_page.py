"""A notice as a government disclosure page (政务公开), read back from the built site: the metadata
table above the title (both themes), the portal <meta> tags, the JSON-LD (through a JSON-LD processor),
the share card, channels past their `until:`, the accessibility statement, the open data and feeds."""

from __future__ import annotations

import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup
from conftest import SAMPLE_CONTENT, build, soup
from PIL import Image
from pyld import jsonld

RECT = "notices/example-rectification-2026/index.html"
SCHEMA = "https://schema.org/"

LABELS = ["索引号", "主题分类", "发布机构", "成文日期", "文号", "发布日期", "有效性", "公开方式"]


def table(page: BeautifulSoup) -> dict[str, str]:
    t = page.select_one("table.disclosure-meta")
    assert t is not None
    return {th.get_text(strip=True): th.find_next_sibling("td").get_text(strip=True) for th in t.select("th")}


@pytest.mark.parametrize("theme", ["default", "official"])
def test_the_table_is_above_the_title_with_the_fields_in_portal_order(themed_site: Callable[[str], Path],
                                                                      theme: str) -> None:
    page = soup(themed_site(theme) / RECT)
    t = page.select_one("table.disclosure-meta")
    assert t is not None
    h1 = page.select_one("h1.notice-title")
    assert h1 is not None and t.sourceline < h1.sourceline  # above the title, in both themes
    assert [th.get_text(strip=True) for th in t.select("th")] == LABELS
    assert all(th.get("scope") == "row" for th in t.select("th"))
    assert table(page) == {"索引号": "11210624MB1957093X/2026-00028", "主题分类": "纪检监察",
                           "发布机构": "中共示例镇委员会", "成文日期": "2026年9月12日",
                           "文号": "示例镇委发〔2026〕21号", "发布日期": "2026年9月15日",
                           "有效性": "有效", "公开方式": "主动公开"}
    assert t.select_one("td.dm-written time")["datetime"] == "2026-09-12"


def test_publisher_defaults_to_the_issuer_and_validity_shows_its_date(sample_site: Path) -> None:
    assert table(soup(sample_site / "notices/example-appointment-2026/index.html"))["发布机构"] == "中共示例县委组织部"
    assert table(soup(sample_site / "notices/example-project-2026/index.html"))["发布机构"] == "示例镇人民政府党政综合办公室"
    assert table(soup(sample_site / "notices/example-land-lease-2026/index.html"))["有效性"] == "2026年11月12日起废止"
    assert table(soup(sample_site / "notices/example-inspection-2026/index.html"))["有效性"] == "有效（至2027年1月6日）"
    # A notice without any of the fields has no table at all.
    assert soup(sample_site / "notices/kuandian-inspection-rectification-2025/index.html").select(
        "table.disclosure-meta") == []


def meta(page: BeautifulSoup) -> dict[str, str]:
    return {m["name"]: m["content"] for m in page.select("head meta[name]")}


def test_portal_meta_tags(sample_site: Path) -> None:
    m = meta(soup(sample_site / RECT))
    assert {k: m[k] for k in ("SiteName", "SiteIDCode", "ColumnName", "ColumnType", "ArticleTitle", "PubDate",
                              "ContentSource", "Keywords", "Author", "Image", "Url")} == {
        "SiteName": "公示公告", "SiteIDCode": "2106240099", "ColumnName": "整改进展通报", "ColumnType": "信息公开",
        "ArticleTitle": "中共示例镇委员会关于县委巡察整改进展情况的通报", "PubDate": "2026-09-15",
        "ContentSource": "中共示例镇委员会", "Keywords": "纪检监察,巡察整改", "Author": "中共示例镇委员会",
        "Image": "https://gongshi.example.org/static/share-card.png",
        "Url": "https://gongshi.example.org/notices/example-rectification-2026/"}
    assert m["description"].startswith("示例镇党委通报")
    assert [n for n in m if n.lower() == "description"] == ["description"]  # one description only (HTML)
    index = meta(soup(sample_site / "index.html"))
    assert index["SiteName"] == "公示公告" and index["SiteIDCode"] == "2106240099" and "ArticleTitle" not in index


def test_site_domain_comes_from_the_base_url(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    (content / "site.yaml").write_text(re.sub(r"(?m)^base_url: .*$", "base_url: https://gongshi.example.org/notices/",
                                              (content / "site.yaml").read_text("utf-8")), "utf-8")
    assert build(content, tmp_path / "out") == 0
    m = meta(soup(tmp_path / "out" / RECT))
    assert m["SiteDomain"] == "gongshi.example.org"
    assert m["Url"] == "https://gongshi.example.org/notices/notices/example-rectification-2026/"
    og = soup(tmp_path / "out" / RECT).select_one('meta[property="og:image"]')
    assert og is not None and og["content"] == "https://gongshi.example.org/notices/static/share-card.png"


def _loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """schema.org's context, offline: every term is a schema.org IRI (as its published context says)."""
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
            "document": {"@context": {"@vocab": SCHEMA}}}


def ld_of(page: BeautifulSoup) -> dict[str, Any]:
    blocks = page.select('script[type="application/ld+json"]')
    assert len(blocks) == 1
    return json.loads(blocks[0].string)


def quads(doc: dict[str, Any], base: str) -> set[tuple[str, str, str]]:
    data = jsonld.to_rdf(doc, {"documentLoader": _loader, "base": base})
    return {(t["subject"]["value"], t["predicate"]["value"], t["object"]["value"]) for t in data["@default"]}


def test_json_ld_read_by_a_processor(sample_site: Path) -> None:
    doc = ld_of(soup(sample_site / RECT))
    base = "https://gongshi.example.org/"  # the sample's base_url: the notice's @id is absolute
    expanded = jsonld.expand(doc, {"documentLoader": _loader, "base": base})
    assert len(expanded) == 1
    # Expansion keeps every property: none was dropped as an unknown term.
    assert {k.removeprefix(SCHEMA) for k in expanded[0] if k.startswith(SCHEMA)} == set(doc) - {"@context", "@id", "@type"}
    triples = quads(doc, base)
    notice = base + "notices/example-rectification-2026/#notice"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    assert (notice, rdf_type, SCHEMA + "Article") in triples
    assert (notice, SCHEMA + "datePublished", "2026-09-15") in triples
    assert (notice, SCHEMA + "dateCreated", "2026-09-12") in triples
    assert (notice, SCHEMA + "temporalCoverage", "2026-09-15T00:00:00+08:00/2026-10-01T00:00:00+08:00") in triples
    author = next(o for s, p, o in triples if s == notice and p == SCHEMA + "author")
    assert (author, rdf_type, SCHEMA + "GovernmentOrganization") in triples
    assert (author, SCHEMA + "name", "中共示例镇委员会") in triples
    ids = {o for s, p, o in triples if s == notice and p == SCHEMA + "identifier"}
    values = {(next(o for s, p, o in triples if s == i and p == SCHEMA + "propertyID"),
               next(o for s, p, o in triples if s == i and p == SCHEMA + "value")) for i in ids}
    assert values == {("文号", "示例镇委发〔2026〕21号"), ("索引号", "11210624MB1957093X/2026-00028")}


def test_json_ld_of_a_withdrawn_notice_and_hostile_text(write_notice: Callable[[str, str], Path],
                                                        tmp_path: Path) -> None:
    path = write_notice("x.md", "---\ntitle: \"示例</script><script>alert(1)</script>\"\nissuer: 示例单位\n"
                        "kind: generic\nissued: 2026-11-01\nrevisions:\n  - date: 2026-11-02\n    kind: withdrawal\n"
                        "    note: 撤销。\n---\n正文。\n")
    assert build(path.parents[1], tmp_path / "out") == 0
    html = (tmp_path / "out" / "notices/x/index.html").read_text("utf-8")
    assert html.count("</script>") == html.count("<script")  # the title never closes the data block
    doc = ld_of(BeautifulSoup(html, "html.parser"))
    assert doc["headline"] == "示例</script><script>alert(1)</script>"
    assert doc["creativeWorkStatus"] == "撤销"


def test_share_card_is_a_png_of_at_least_300_px_and_an_emblem_replaces_the_seal(sample_site: Path,
                                                                                 tmp_path: Path) -> None:
    seal = (sample_site / "static/share-card.png").read_bytes()
    with Image.open(io.BytesIO(seal)) as img:
        assert img.format == "PNG" and img.size[0] >= 300 and img.size[1] >= 300
        assert img.convert("RGB").getpixel((300, 300))[0] > 150  # the red star at the centre
    og = soup(sample_site / RECT).select_one('meta[property="og:image"]')
    assert og is not None and og["content"] == "https://gongshi.example.org/static/share-card.png"
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    Image.new("RGB", (64, 32), (0, 90, 160)).save(content / "emblem.png")
    with (content / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("\nemblem: emblem.png\n")
    assert build(content, tmp_path / "a") == 0 and build(content, tmp_path / "b") == 0
    card = (tmp_path / "a" / "static/share-card.png").read_bytes()
    assert card == (tmp_path / "b" / "static/share-card.png").read_bytes()  # deterministic
    with Image.open(io.BytesIO(card)) as img:
        assert img.size == (600, 600)
        assert img.convert("RGB").getpixel((300, 300)) == (0, 90, 160)
        assert img.convert("RGB").getpixel((5, 5)) == (255, 255, 255)


def test_a_channel_after_its_until_leaves_the_links_and_the_ics(sample_site: Path) -> None:
    page = soup(sample_site / RECT)
    main_contacts = page.select_one("section.contacts:not(.contacts-stopped)")
    assert main_contacts is not None and "0415-5550188" not in main_contacts.get_text()
    stopped = page.select_one("section.contacts-stopped")
    assert stopped is not None
    item = stopped.select_one("li.contact-stopped")
    assert item is not None and "0415-5550188" in item.get_text() and item.select("a") == []
    assert "已停止使用（2026年9月30日起）" in item.get_text()
    assert item.select_one("time")["datetime"] == "2026-09-30"
    assert not page.select('a[href^="tel:"][href*="5550188"]')
    ordinary = stopped.select_one("ul.contact-ordinary a")
    assert ordinary is not None and ordinary["href"] == "https://www.12388.gov.cn/"
    ics = (sample_site / "notices/example-rectification-2026/period.ics").read_text("utf-8").replace("\r\n ", "")
    assert "0415-7000000" in ics and "5550188" not in ics
    # Still before its until: an ordinary one-tap link, in the .ics too.
    inspection = soup(sample_site / "notices/example-inspection-2026/index.html")
    assert inspection.select('a[href^="tel:"][href*="5550166"]') and not inspection.select("section.contacts-stopped")


@pytest.mark.parametrize(("now", "in_use"), [("2026-11-30T23:59", True), ("2026-12-01T00:00", False)])
def test_until_is_the_last_day_in_use(write_notice: Callable[[str, str], Path], tmp_path: Path,
                                      now: str, in_use: bool) -> None:
    path = write_notice("y.md", "---\ntitle: 示例\nissuer: 示例单位\nkind: generic\nissued: 2026-11-01\ncontacts:\n"
                        "  - kind: phone\n    value: 0415-5550123\n    until: 2026-11-30\n---\n正文。\n")
    assert build(path.parents[1], tmp_path / "out", now) == 0
    page = soup(tmp_path / "out" / "notices/y/index.html")
    assert bool(page.select('a[href^="tel:"]')) is in_use
    assert bool(page.select("li.contact-stopped")) is not in_use
    data = json.loads((tmp_path / "out" / "data/notices/y.json").read_text("utf-8"))
    assert data["contacts"][0]["until"] == "2026-11-30" and data["contacts"][0]["in_use"] is in_use


def test_open_data_carries_the_fields_and_follows_its_schema(sample_site: Path) -> None:
    index = json.loads((sample_site / "data/notices.json").read_text("utf-8"))
    schema = json.loads((sample_site / "data/schema/notices.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(index)
    by_slug = {n["slug"]: n for n in index["notices"]}
    rect = by_slug["example-rectification-2026"]
    assert {k: rect[k] for k in ("index_number", "document_number", "topic", "written", "publisher", "validity",
                                 "disclosure_scope")} == {
        "index_number": "11210624MB1957093X/2026-00028", "document_number": "示例镇委发〔2026〕21号",
        "topic": "纪检监察", "written": "2026-09-12", "publisher": "中共示例镇委员会",
        "validity": {"status": "有效", "date": None}, "disclosure_scope": "主动公开"}
    assert by_slug["example-land-lease-2026"]["validity"] == {"status": "废止", "date": "2026-11-12"}
    assert by_slug["kuandian-inspection-rectification-2025"]["document_number"] is None
    full = json.loads((sample_site / "data/notices/example-rectification-2026.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(json.loads((sample_site / "data/schema/notice.schema.json").read_text("utf-8"))
                                    ).validate(full)
    stopped = [c for c in full["contacts"] if c["until"]]
    assert stopped == [{**stopped[0], "until": "2026-09-30", "in_use": False}]


def test_feeds_carry_the_document_number(sample_site: Path) -> None:
    atom = feedparser.parse(str(sample_site / "feed.xml"))
    assert not atom.bozo
    by_title = {e.title: e for e in atom.entries}
    assert by_title["中共示例镇委员会关于县委巡察整改进展情况的通报"].dc_identifier == "示例镇委发〔2026〕21号"
    items = {i["title"]: i for i in json.loads((sample_site / "feed.json").read_text("utf-8"))["items"]}
    assert items["关于王示例等同志任前公示的公告"]["_gongshi"] == {
        "document_number": "示例组通字〔2026〕26号", "index_number": "11210624MB1957093X/2026-00041"}


@pytest.mark.parametrize("theme", ["default", "official"])
def test_accessibility_statement_page_and_footer_link(themed_site: Callable[[str], Path], theme: str) -> None:
    site = themed_site(theme)
    page = soup(site / "accessibility/index.html")
    assert page.select_one("h1").get_text(strip=True) == "无障碍声明"
    assert [li.get_text(strip=True) for li in page.select("ul.a11y-standards li")] == ["GB/T 37668-2019", "WCAG 2.1 AA"]
    assert page.select_one(".a11y-checked time")["datetime"] == "2026-11-20"
    assert page.select_one('a[href="mailto:wuzhangai@example.org"]') is not None
    assert "5 个工作日内答复" in page.get_text()
    for rel, href in (("index.html", "accessibility/"), (RECT, "../../accessibility/")):
        link = soup(site / rel).select_one("footer.site-footer .footer-accessibility a")
        assert link is not None and link["href"] == href and link.get_text(strip=True) == "无障碍声明"


def test_no_statement_no_page(write_notice: Callable[[str, str], Path], tmp_path: Path) -> None:
    path = write_notice("z.md", "---\ntitle: 示例\nissuer: 示例单位\nkind: generic\nissued: 2026-11-01\n---\n正文。\n")
    site_yaml = path.parents[1] / "site.yaml"
    text = site_yaml.read_text("utf-8")
    site_yaml.write_text(text[: text.index("# 无障碍声明")], "utf-8")
    assert build(path.parents[1], tmp_path / "out") == 0
    assert not (tmp_path / "out" / "accessibility").exists()
    assert not soup(tmp_path / "out" / "index.html").select(".footer-accessibility")
