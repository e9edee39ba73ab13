"""The site as a whole, as other systems and readers reach it: the Atom and JSON feeds, the open data
against its published schema, the sitemap, no broken internal link or #anchor on any page, a site
published under a subpath (https://example.org/notices/) followed link by link in Chromium, and a
`url_style: file` site opened straight from disk."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import jsonschema
import pytest
from conftest import SAMPLE_CONTENT, SEED_SLUG, build, soup
from support.site_links import broken_links, pages_of

SUBPATH = "https://example.org/notices/"
SEED_TITLE = "关于市委巡察整改落实进展情况的通报"


def configure(content: Path, **fields: str) -> None:
    """Set top-level fields of a copied site.yaml."""
    path = content / "site.yaml"
    text = path.read_text("utf-8")
    for key, value in fields.items():
        if re.search(rf"(?m)^{key}:", text):
            text = re.sub(rf"(?m)^{key}:.*$", f"{key}: {value}", text)
        else:
            text += f"\n{key}: {value}\n"
    path.write_text(text, "utf-8")


def build_variant(root: Path, out: Path, *extra: str, **fields: str) -> Path:
    content = root / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    configure(content, **fields)
    assert build(content, out, "2026-12-01T10:00", *extra) == 0
    return out


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample published at https://example.org/notices/: the output sits in www/notices/, so serving
    www/ puts it under the /notices/ prefix."""
    root = tmp_path_factory.mktemp("subpath")
    return build_variant(root, root / "www" / "notices", base_url=SUBPATH)


@pytest.fixture(scope="module")
def file_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("file-style")
    return build_variant(root, root / "output", url_style="file")


def notices_data(site: Path) -> dict[str, Any]:
    return json.loads((site / "data" / "notices.json").read_text("utf-8"))


def local(site: Path, url: str, base: str = SUBPATH) -> Path:
    """The file a public address of the site is served from."""
    assert url.startswith(base), f"{url} is not an address of the site ({base})"
    rest = url[len(base):].split("#")[0]
    return site / (rest + "index.html" if rest == "" or rest.endswith("/") else rest)


def day_of(moment: str) -> dt.date:
    """The date of an RFC 3339 timestamp, in its own offset (the site's time zone)."""
    parsed = dt.datetime.fromisoformat(moment)
    assert parsed.utcoffset() is not None, f"{moment} has no time zone"
    return parsed.date()


# ---------------------------------------------------------------- feeds

def test_every_page_announces_both_feeds(subpath_site: Path) -> None:
    pages = pages_of(subpath_site)
    assert len(pages) > 20
    for page in pages:
        head = soup(page).head
        types = {link.get("type"): link["href"] for link in head.find_all("link", rel="alternate")}
        assert set(types) >= {"application/atom+xml", "application/feed+json"}, page


def test_atom_feed_parses_with_every_notice_linked_and_dated(subpath_site: Path) -> None:
    feed = feedparser.parse((subpath_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "公示公告"
    assert {(link.rel, link.href) for link in feed.feed.links} >= {("self", SUBPATH + "feed.xml"),
                                                                   ("alternate", SUBPATH)}
    data = {n["url"]: n for n in notices_data(subpath_site)["notices"]}
    # Every notice of the sample is archived (none is hidden after its period), so the feed has them all.
    assert sorted(e.link for e in feed.entries) == sorted(data)
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    for e in feed.entries:
        notice = data[e.link]
        page = soup(local(subpath_site, e.link))
        assert e.title == notice["title"] == page.h1.get_text(strip=True)
        assert e.author == notice["issuer"]
        assert day_of(e.published).isoformat() == notice["issued"]
        assert day_of(e.updated).isoformat() == notice["updated"]
        assert e.summary
        assert notice["kind"] in {t.term for t in e.tags}
        if notice["state"] != "withdrawn":
            assert e.content[0].type == "text/html" and "<p>" in e.content[0].value
    updated = [e.updated_parsed for e in feed.entries]
    assert updated == sorted(updated, reverse=True), "newest change first"
    seed = next(e for e in feed.entries if e.link == SUBPATH + f"notices/{SEED_SLUG}/")
    assert seed.published == "2025-07-21T00:00:00+08:00", "the issue date, at the start of the day in the site's zone"


# JSON Feed 1.1 (https://jsonfeed.org/version/1.1), as a schema: feedparser 6.0 reads RSS and Atom only.
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"}, "home_page_url": {"type": "string"}, "feed_url": {"type": "string"},
        "description": {"type": "string"}, "language": {"type": "string"},
        "items": {"type": "array", "items": {
            "type": "object",
            "required": ["id"],
            "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
            "properties": {
                "id": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"},
                "summary": {"type": "string"}, "content_html": {"type": "string"},
                "content_text": {"type": "string"}, "date_published": {"type": "string", "format": "date-time"},
                "date_modified": {"type": "string", "format": "date-time"},
                "authors": {"type": "array", "items": {"type": "object", "required": ["name"]}},
                "tags": {"type": "array", "items": {"type": "string"}}, "language": {"type": "string"},
                "attachments": {"type": "array", "items": {"type": "object", "required": ["url", "mime_type"]}},
            }}},
    },
}


def test_json_feed_follows_the_spec_and_lists_the_same_notices(subpath_site: Path) -> None:
    feed = json.loads((subpath_site / "feed.json").read_text("utf-8"))
    jsonschema.validate(feed, JSON_FEED_SCHEMA, format_checker=CHECKER)
    assert feed["feed_url"] == SUBPATH + "feed.json" and feed["home_page_url"] == SUBPATH
    atom = feedparser.parse((subpath_site / "feed.xml").read_bytes())
    assert [i["url"] for i in feed["items"]] == [e.link for e in atom.entries], "the same notices, same order"
    data = {n["url"]: n for n in notices_data(subpath_site)["notices"]}
    for item in feed["items"]:
        notice = data[item["url"]]
        assert item["title"] == notice["title"] == soup(local(subpath_site, item["url"])).h1.get_text(strip=True)
        assert day_of(item["date_published"]).isoformat() == notice["issued"]
        assert day_of(item["date_modified"]).isoformat() == notice["updated"]
        assert item["authors"] == [{"name": notice["issuer"]}]
        for a in item.get("attachments", []):
            assert local(subpath_site, a["url"]).is_file()


# ---------------------------------------------------------------- open data

CHECKER = jsonschema.FormatChecker()
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


@CHECKER.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    """RFC 3339 (jsonschema checks it only with an extra package; this needs none)."""
    if not isinstance(value, str):
        return True
    dt.datetime.fromisoformat(value)
    return bool(RFC3339.match(value))


@CHECKER.checks("uri-reference", raises=ValueError)
def _uri_reference(value: object) -> bool:
    if not isinstance(value, str):
        return True
    urlsplit(value)
    return not re.search(r"\s", value)


def schemas(site: Path) -> dict[str, dict[str, Any]]:
    folder = site / "data" / "schema"
    return {p.name: json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.json"))}


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema, format_checker=CHECKER)


def test_published_schemas_are_valid_json_schemas(subpath_site: Path) -> None:
    found = schemas(subpath_site)
    assert set(found) == {"notices.schema.json", "notice.schema.json"}
    for name, schema in found.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$id"] == SUBPATH + "data/schema/" + name


def test_open_data_follows_the_published_schema(subpath_site: Path) -> None:
    found = schemas(subpath_site)
    index = notices_data(subpath_site)
    assert index["$schema"] == SUBPATH + "data/schema/notices.schema.json"
    validator(found["notices.schema.json"]).validate(index)
    files = sorted((subpath_site / "data" / "notices").glob("*.json"))
    pages = list((subpath_site / "notices").glob("*/index.html"))
    assert index["count"] == len(index["notices"]) == len(files) == len(pages) >= 7
    assert {f.stem for f in files} == {n["slug"] for n in index["notices"]}
    full = validator(found["notice.schema.json"])
    for n in index["notices"]:
        path = local(subpath_site, n["data_url"])
        data = json.loads(path.read_text("utf-8"))
        assert data["$schema"] == SUBPATH + "data/schema/notice.schema.json"
        full.validate(data)
        assert local(subpath_site, n["url"]).is_file()
    seed = json.loads((subpath_site / "data" / "notices" / f"{SEED_SLUG}.json").read_text("utf-8"))
    assert seed["period"]["state"] == "closed" and seed["period"]["start"].startswith("2025-07-21T00:00:00+08:00")
    assert {c["kind"] for c in seed["contacts"]} >= {"phone", "post"}
    assert seed["progress"]["total"] > 0 and seed["sections"]


@pytest.mark.parametrize(("change", "why"), [
    (lambda n: n.update(surprise=1), "Additional properties"),
    (lambda n: n.update(state="pending"), "is not one of"),
    (lambda n: n.update(issued="2025-13-01"), "is not a 'date'"),
    (lambda n: n["period"].update(start="2025-07-21 00:00"), "is not a 'date-time'"),
    (lambda n: n.pop("contacts"), "'contacts' is a required property"),
])
def test_the_schema_rejects_data_it_does_not_describe(subpath_site: Path, change: Callable[[dict[str, Any]], Any],
                                                      why: str) -> None:
    """The checks above can fail: one wrong field makes the seed's data invalid."""
    schema = schemas(subpath_site)["notice.schema.json"]
    data = json.loads((subpath_site / "data" / "notices" / f"{SEED_SLUG}.json").read_text("utf-8"))
    change(data)
    errors = [e.message for e in validator(schema).iter_errors(data)]
    assert any(why in message for message in errors), errors


# ---------------------------------------------------------------- sitemap

def indexable(page: Path, address: str) -> bool:
    head = soup(page).head
    robots = head.find("meta", attrs={"name": "robots"})
    canonical = head.find("link", rel="canonical")
    return not (robots and "noindex" in robots.get("content", "")) and (canonical is None or canonical["href"] == address)


def address_of(site: Path, page: Path, base: str = SUBPATH) -> str:
    rel = page.relative_to(site).as_posix()
    return base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def test_sitemap_lists_every_indexable_page_and_nothing_else(subpath_site: Path) -> None:
    tree = ET.parse(subpath_site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    assert tree.getroot().tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    locs = [u.findtext("s:loc", namespaces=ns) for u in tree.getroot()]
    assert len(locs) == len(set(locs))
    pages = {address_of(subpath_site, p): p for p in pages_of(subpath_site)}
    expected = {a for a, p in pages.items() if indexable(p, a)}
    assert set(locs) == expected
    left_out = set(pages) - expected
    assert SUBPATH + "404.html" in left_out
    for address in left_out - {SUBPATH + "404.html"}:
        assert soup(pages[address]).find("meta", attrs={"http-equiv": "refresh"}), f"{address} is left out"
    assert len(left_out) >= 2, "the sample has old addresses (redirect pages) that are not listed"
    for loc in locs:
        assert local(subpath_site, loc).is_file()
    data = {n["url"]: n["updated"] for n in notices_data(subpath_site)["notices"]}
    lastmod = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns) for u in tree.getroot()}
    for url, updated in data.items():
        assert lastmod[url] == updated
    robots = (subpath_site / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {SUBPATH}sitemap.xml" in robots.splitlines()


# ---------------------------------------------------------------- navigation and page meta

@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paged")
    return build_variant(root, root / "output", "--no-search", per_page="1")


def test_the_index_is_paginated_with_every_listed_notice_once(paged_site: Path) -> None:
    pages = [paged_site / "index.html", *sorted(paged_site.glob("page/*/index.html"))]
    assert len(pages) >= 3
    seen: list[str] = []
    for n, page in enumerate(pages, start=1):
        doc = soup(page)
        seen += [a["href"].rsplit("notices/", 1)[-1] for a in doc.select(".notice-card .card-title a")]
        assert doc.select_one(".pagination-status").get_text() == f"第 {n} 页，共 {len(pages)} 页"
        assert bool(doc.head.find("link", rel="prev")) == (n > 1) and bool(doc.head.find("link", rel="next")) == (
            n < len(pages))
        assert doc.select_one('.pagination a[aria-current="page"]').get_text() == str(n)
        if n > 1:
            assert doc.title.get_text().startswith(f"公示公告（第 {n} 页）")
    assert len(seen) == len(set(seen)) == len(pages), "one notice a page, each on one page"


def test_every_notice_is_filed_by_year_kind_issuer_and_tag(paged_site: Path) -> None:
    """The links under a notice lead to archive pages (all their pages) that list it; its breadcrumb
    leads home and to its kind."""
    for n in notices_data(paged_site)["notices"]:
        page = paged_site / "notices" / n["slug"] / "index.html"
        doc = soup(page)
        crumbs = [a.get_text() for a in doc.select(".breadcrumb a")]
        assert crumbs == ["首页", n["kind_label"]] and doc.select_one(".breadcrumb [aria-current=page]").get_text() == n[
            "title"]
        groups = [a["href"] for a in doc.select(".notice-browse a") if "/archive/" in "/" + a["href"]]
        groups.append(f"../../archive/{n['issued'][:4]}/")
        assert len(groups) == 3 + len(n["tags"])
        for href in groups:
            folder = (page.parent / href).resolve()
            listed = [a["href"] for p in [folder / "index.html", *folder.glob("page/*/index.html")]
                      for a in soup(p).select(".archive-list a")]
            assert any(h.endswith(f"notices/{n['slug']}/") for h in listed), f"{n['slug']} is not on {href}"


def test_previous_and_next_follow_the_issue_dates(paged_site: Path) -> None:
    order = sorted(notices_data(paged_site)["notices"], key=lambda n: (n["issued"], n["slug"]))
    for before, after in zip(order, order[1:], strict=False):
        doc = soup(paged_site / "notices" / after["slug"] / "index.html")
        assert doc.select_one("a[rel=prev]")["href"].endswith(f"notices/{before['slug']}/")
        back = soup(paged_site / "notices" / before["slug"] / "index.html")
        assert back.select_one("a[rel=next]")["href"].endswith(f"notices/{after['slug']}/")
    assert not soup(paged_site / "notices" / order[0]["slug"] / "index.html").select_one("a[rel=prev]")


def test_pages_have_canonical_open_graph_and_description_meta(subpath_site: Path) -> None:
    data = {n["url"]: n for n in notices_data(subpath_site)["notices"]}
    checked = 0
    for page in pages_of(subpath_site):
        address = address_of(subpath_site, page)
        if not indexable(page, address):
            continue
        head = soup(page).head
        checked += 1
        meta = {m.get("property") or m.get("name"): m.get("content") for m in head.find_all("meta")}
        assert head.find("link", rel="canonical")["href"] == address == meta["og:url"]
        assert meta["description"] and meta["og:title"] == head.title.get_text() and meta["og:locale"] == "zh_CN"
        if address in data:
            assert meta["og:type"] == "article"
            assert meta["description"] == (data[address]["summary"] or data[address]["title"])
    assert checked > 20


# ---------------------------------------------------------------- links

@pytest.mark.parametrize("variant", ["sample", "subpath", "file", "paged", "official"])
def test_no_broken_internal_link_or_anchor(variant: str, sample_site: Path, subpath_site: Path, file_site: Path,
                                           paged_site: Path, themed_site: Callable[[str], Path]) -> None:
    sites = {"sample": (sample_site, "/"), "subpath": (subpath_site, SUBPATH), "file": (file_site, "/"),
             "paged": (paged_site, "/"), "official": (themed_site("official"), "/")}
    site, base = sites[variant]
    checked, problems = broken_links(site, base, file_style=variant == "file")
    assert checked > 500, "the crawler followed the links of every page"
    assert problems == []


def test_the_crawler_finds_a_planted_broken_link(sample_site: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(sample_site, site, ignore=shutil.ignore_patterns("pagefind"))
    index = site / "index.html"
    planted = ('<a href="notices/no-such-notice/">x</a><a href="#no-such-anchor">y</a>'
               f'<a href="notices/{SEED_SLUG}/#s9-9">z</a><img src="static/no.png" alt="">')
    index.write_text(index.read_text("utf-8").replace("</main>", planted + "</main>"), "utf-8")
    _, problems = broken_links(site)
    assert sorted(problems) == sorted([
        "index.html: notices/no-such-notice/ (no such file)",
        "index.html: #no-such-anchor (no element with id 'no-such-anchor')",
        f"index.html: notices/{SEED_SLUG}/#s9-9 (no element with id 's9-9')",
        "index.html: static/no.png (no such file)",
    ])


def test_subpath_site_links_stay_under_the_base_url(subpath_site: Path) -> None:
    """Root-relative and absolute links (the 404 page, canonical links, feeds, data) all carry /notices/."""
    not_found = soup(subpath_site / "404.html")
    hrefs = [a["href"] for a in not_found.find_all("a", href=True) if not a["href"].startswith(("http", "#"))]
    assert hrefs and all(h.startswith("/notices/") for h in hrefs)
    assert all(link["href"].startswith("/notices/static/") for link in not_found.find_all("link", rel="stylesheet"))
    seed = soup(subpath_site / "notices" / SEED_SLUG / "index.html")
    assert seed.find("link", rel="canonical")["href"] == SUBPATH + f"notices/{SEED_SLUG}/"
    assert seed.find("meta", property="og:url")["content"] == SUBPATH + f"notices/{SEED_SLUG}/"
    for n in notices_data(subpath_site)["notices"]:
        assert n["url"].startswith(SUBPATH) and n["data_url"].startswith(SUBPATH)


def test_file_style_links_name_their_files(file_site: Path) -> None:
    """With url_style: file, a link never ends at a folder (which opened from disk lists files)."""
    for page in pages_of(file_site):
        for a in soup(page).find_all(["a", "form"]):
            target = (a.get("href") or a.get("action") or "").split("#")[0].split("?")[0]
            if target and not re.match(r"^[a-z]+:", target):
                assert not target.endswith("/") and target not in (".", ".."), f"{page}: {target}"


# ---------------------------------------------------------------- in the browser

@pytest.fixture()
def watched(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page that records every failed request, every error response and every script error."""
    context = browser.new_context()
    page = context.new_page()
    failures: list[str] = []
    page.on("requestfailed", lambda r: failures.append(f"failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status}: {r.url}"))
    page.on("pageerror", lambda exc: failures.append(f"script error: {exc}"))
    yield page, failures
    context.close()


def assert_styled(page: Any) -> None:
    """The theme's stylesheet applies (a missing stylesheet would leave the skip link in the flow)."""
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"


def test_subpath_site_followed_link_by_link(watched: tuple[Any, list[str]], subpath_site: Path,
                                            serve: Callable[[Path], str]) -> None:
    """home → notice → archive → kind → search result, with every asset loading from /notices/."""
    page, failures = watched
    base = serve(subpath_site.parent) + "/notices/"
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base)
    assert_styled(page)
    page.locator(".notice-card a", has_text=SEED_TITLE).click()
    page.wait_for_url(base + f"notices/{SEED_SLUG}/")
    assert page.locator("h1").inner_text() == SEED_TITLE
    page.locator(".site-nav a").nth(1).click()
    page.wait_for_url(base + "archive/")
    page.locator(".browse a").filter(has_text="按类别").click()
    page.wait_for_url(base + "archive/kind/")
    page.locator(".group-list a", has_text="整改进展通报").click()
    page.wait_for_url(base + "archive/kind/rectification-progress/")
    assert page.locator(".archive-list a", has_text=SEED_TITLE).count() == 1
    page.get_by_role("searchbox").fill("税务")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url(base + "search/?q=*")
    result = page.locator(".search-result .result-title a").first
    result.wait_for()
    assert result.get_attribute("href").startswith("/notices/notices/")
    result.click()
    page.wait_for_url(base + f"notices/{SEED_SLUG}/")
    assert_styled(page)
    assert not failures
    assert any(u.endswith("/notices/pagefind/pagefind.js") for u in requested), "the search ran"
    outside = [u for u in requested if not u.startswith(base)]
    assert not outside, f"requests outside /notices/: {outside}"


def test_subpath_404_page_works_at_any_address(watched: tuple[Any, list[str]], subpath_site: Path,
                                               serve: Callable[[Path], str]) -> None:
    """A host answers an unknown address with 404.html as it is: its styles and links still resolve."""
    page, failures = watched
    base = serve(subpath_site.parent) + "/notices/"
    body = (subpath_site / "404.html").read_text("utf-8")
    page.route("**/no/such/page/", lambda route: route.fulfill(status=404, body=body, content_type="text/html"))
    page.goto(base + "no/such/page/")
    assert_styled(page)
    page.get_by_role("link", name="返回首页").click()
    page.wait_for_url(base)
    assert [f for f in failures if "/no/such/page/" not in f] == []


def test_file_style_site_opened_from_disk_without_javascript(browser: Any, file_site: Path) -> None:
    """url_style: file pages work from file:// by themselves: no script rewrites their links."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    failures: list[str] = []
    page.on("requestfailed", lambda r: failures.append(f"{r.url} ({r.failure})"))
    try:
        page.goto((file_site / "index.html").as_uri())
        assert_styled(page)
        page.locator(".notice-card a", has_text=SEED_TITLE).click()
        page.wait_for_url((file_site / "notices" / SEED_SLUG / "index.html").as_uri())
        page.locator(".ledger-links a").first.click()
        page.wait_for_url((file_site / "notices" / SEED_SLUG / "ledger" / "index.html").as_uri())
        page.locator("table.ledger tbody a").first.click()
        page.wait_for_url(re.compile(re.escape((file_site / "notices" / SEED_SLUG / "index.html").as_uri()) + "#s"))
        page.locator(".breadcrumb a").nth(1).click()
        page.wait_for_url((file_site / "archive" / "kind" / "rectification-progress" / "index.html").as_uri())
        assert_styled(page)
        page.locator(".breadcrumb a").nth(1).click()
        page.wait_for_url((file_site / "archive" / "index.html").as_uri())
    finally:
        context.close()
    assert not failures
