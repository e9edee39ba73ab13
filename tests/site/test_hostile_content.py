"""Cross-site scripting: the corpus of `hostile.py` in every field of two notices and of site.yaml
builds, and every output stays inert — HTML pages, feeds, JSON, .ics, the ledger CSV and the search
index — with raw HTML escaped (`allow_html: false`) and filtered (`allow_html: true`). Chromium opens
every page: no payload runs, and the Content-Security-Policy reports nothing from the site's own code.

A site whose own template prints a field unescaped shows that these checks do fail when something
gets through.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
from conftest import build, soup
from support import hostile, inert, search_index
from support.hostile import FLAG, PAYLOADS, SET_FLAG, TEMPLATE_SYNTAX, WORD
from support.site_pages import ASSET_FOLDERS, hold_redirects

SLUG = "hostile-0"


@pytest.fixture(scope="module", params=[False, True], ids=["escaped", "allow_html"])
def hostile_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile content built once per mode (with the search index, which a test searches)."""
    root = tmp_path_factory.mktemp("hostile-html" if request.param else "hostile")
    content = hostile.make_site(root, allow_html=request.param)
    out = root / "output"
    assert build(content, out) == 0, "hostile content in free-text fields must build"
    return out


def _allows_html(site: Path) -> bool:
    return "allow_html: true" in (site.parent / "content" / "site.yaml").read_text("utf-8")


def _text(node: Any) -> str:
    """Text as a reader sees it: whitespace collapsed, controls (which HTML cannot show) left out."""
    text = node.get_text(" ") if hasattr(node, "get_text") else str(node)
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]", "", text)
    return " ".join(text.split())


def test_every_output_is_inert(hostile_site: Path) -> None:
    problems, checked = inert.output_problems(hostile_site)
    assert not problems, "\n".join(problems[:40])
    assert checked.get("html", 0) >= 15, checked
    for kind in ("json", "xml", "ics", "csv"):
        assert checked.get(kind), f"no {kind} output was checked: {checked}"


def test_front_matter_is_shown_as_written(hostile_site: Path) -> None:
    """Each free-text field of the notice appears on its page literally, as text (escaped, not parsed)."""
    data = json.loads((hostile_site / f"data/notices/{SLUG}.json").read_text("utf-8"))
    page = _text(soup(hostile_site / f"notices/{SLUG}/index.html").body)
    values = [data["title"], data["issuer"], data["signature"]["by"], *data["tags"]]
    for c in data["contacts"]:
        values += [v for v in (c["label"], c["note"]) if v]
        if c["kind"] in ("post", "in-person"):
            values.append(c["value"])
    values += [a["title"] for a in data["attachments"]] + [a["description"] for a in data["attachments"]]
    values += [r["note"] for r in data["revisions"]] + [u["note"] for u in data["progress_updates"]]
    assert len(values) >= 15
    for value in values:
        assert _text(value) in page, f"not shown literally: {value[:80]!r}"
    assert any(p in data["title"] for p in PAYLOADS[:3]), "the title must carry the corpus"


def test_site_yaml_is_shown_as_written(hostile_site: Path) -> None:
    doc = soup(hostile_site / "index.html")
    index = json.loads((hostile_site / "data/notices.json").read_text("utf-8"))
    assert _text(doc.find(class_="site-title")) == _text(index["site"]["title"])
    assert _text(doc.find("title")).startswith(_text(index["site"]["title"])[:40])
    footer = _text(doc.find("footer", class_="site-footer"))
    assert "<script>" in footer and WORD in footer
    police = doc.select_one('footer a[href*="beian.gov.cn"]')
    assert police is not None
    assert police["href"].endswith("recordcode=1%26x%3D%22%3E%3Cscript%3E" + "window.pwned%3D1%3C/script%3E"), \
        "the police record number is one query value, not more parameters"


def test_template_syntax_is_printed_literally(hostile_site: Path) -> None:
    page = _text(soup(hostile_site / f"notices/{SLUG}/index.html"))
    for syntax in TEMPLATE_SYNTAX:
        assert syntax in page
    assert not re.search(r"(?<![\d.])49(?![\d.])", page) and "looploop" not in page


def test_markdown_links_to_unsafe_schemes_are_not_links(hostile_site: Path) -> None:
    body = soup(hostile_site / f"notices/{SLUG}/index.html").find(class_="notice-body")
    links = body.find_all("a", href=True) + body.find_all("img", src=True)
    assert len(links) >= 10, "the corpus' links must be there to be checked"
    for el in links:
        url = el.get("href") or el.get("src")
        assert inert.scheme(url) in (None, "http", "https", "mailto", "tel"), url
    assert "javascript:window.pwned=1" in _text(body), "a refused link is shown as text"


def test_raw_html_is_escaped_or_filtered(hostile_site: Path) -> None:
    body = soup(hostile_site / f"notices/{SLUG}/index.html").find(class_="notice-body")
    text = _text(body)
    if not _allows_html(hostile_site):
        assert f'<svg onload="{SET_FLAG}">' in text and f'onerror="{SET_FLAG}"' in text, "escaped raw HTML shows as text"
        assert not body.find(["details", "div", "abbr"])
        return
    for raw in ("<svg onload=", f'onerror="{SET_FLAG}"', "<iframe srcdoc=", "ontoggle="):
        assert raw not in text, f"filtered raw HTML is not shown as text: {raw}"
    note = body.find("div", class_="note")
    assert note is not None and note.find("strong").get_text() == "Markdown inside HTML", \
        "Markdown between an HTML element's tags stays inside it"
    assert body.find("details") is not None and body.find("details").get("ontoggle") is None
    assert all(set(img.attrs) <= {"src", "alt", "width", "height", "class", "title", "lang", "dir"}
               for img in body.find_all("img"))


def test_ledger_csv_neutralises_formulas(hostile_site: Path) -> None:
    data = (hostile_site / f"notices/{SLUG}/ledger/ledger.csv").read_bytes().decode("utf-8-sig")
    for cell in ("'=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")", "'@SUM(1+1)", "'=1+1", "'\uff1d1+1",
                 "'=cmd|' /C calc'!A0"):
        assert cell in data, f"{cell!r} is in the ledger, neutralised"


def test_calendar_has_one_event_and_no_injected_property(hostile_site: Path) -> None:
    cal = icalendar.Calendar.from_ical((hostile_site / f"notices/{SLUG}/period.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    assert "X-INJECTED" not in events[0] and "X-INJECTED" not in cal
    assert "BEGIN:VEVENT" in str(events[0]["SUMMARY"]), "the injection attempt is kept as text"


def test_feeds_carry_the_text_escaped(hostile_site: Path) -> None:
    feed = json.loads((hostile_site / "feed.json").read_text("utf-8"))
    item = next(i for i in feed["items"] if i["url"].endswith(f"/{SLUG}/"))
    assert item["title"].startswith(WORD) and "<script>" in item["title"], "titles are text, kept as written"
    atom = (hostile_site / "feed.xml").read_text("utf-8")
    assert "&lt;script&gt;" in atom and "<script>" not in atom


def test_search_index_holds_text_and_site_paths(hostile_site: Path) -> None:
    seen = 0
    for record in search_index.records(hostile_site):
        assert inert.scheme(record["url"]) is None and record["url"].startswith("/notices/")
        assert inert.scheme(record["meta"].get("image", "")) in (None, "http", "https")
        seen += WORD in record["meta"]["title"]
    assert seen == 2


# ---------------------------------------------------------------- in Chromium

WATCH = """() => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', e => window.__violations.push({
    directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, sample: e.sample}));
}"""


@pytest.fixture()
def tabs(browser: Any) -> Iterator[dict[str, Any]]:
    """Two tabs: one as readers have it, one with the CSP switched off (so a payload that got into a
    page would run, and the flag shows it). Each is reused from page to page (every navigation starts
    a new window), and records script errors in `tab.errors`."""
    contexts = {"csp": browser.new_context(), "no_csp": browser.new_context(bypass_csp=True)}
    made = {}
    for name, context in contexts.items():
        context.add_init_script(f"({WATCH})()")
        hold_redirects(context)
        tab = context.new_page()
        tab.errors = []
        tab.on("pageerror", lambda exc, tab=tab: tab.errors.append(str(exc)))
        made[name] = tab
    yield made
    for context in contexts.values():
        context.close()


def visit(tab: Any, url: str) -> dict[str, Any]:
    """Open a page, let its scripts run, and report what happened (the flag, violations, script errors).

    Handlers that need a reader's action (onmouseover, javascript: links) are the static checks' part:
    no on* attribute and no such URL is on any page."""
    tab.errors.clear()
    tab.goto(url, wait_until="load")
    tab.wait_for_timeout(30)
    result = tab.evaluate(f"() => ({{flag: window.{FLAG} === undefined ? null : window.{FLAG}, "
                          f"violations: window.__violations || []}})")
    result["errors"] = list(tab.errors)
    return result


def _foreign_image(v: dict[str, Any], base: str) -> bool:
    """A blocked image from another site: the HTML filter allows http(s) images, the CSP refuses them."""
    return v["directive"] == "img-src" and not v["blocked"].startswith(base)


def _pages(site: Path) -> list[str]:
    return [p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html"))
            if p.relative_to(site).parts[0] not in ASSET_FOLDERS]


def test_no_page_runs_a_payload_in_chromium(hostile_site: Path, tabs: dict[str, Any],
                                            serve: Callable[[Path], str]) -> None:
    """Every page of the escaped site; of the filtered one, the notice pages (the only ones that differ)."""
    base = serve(hostile_site)
    pages = _pages(hostile_site)
    assert len(pages) >= 15 and f"notices/{SLUG}/index.html" in pages
    if _allows_html(hostile_site):
        pages = [p for p in pages if re.fullmatch(r"notices/[^/]+/index\.html", p)]
        assert len(pages) == 2
    failures = []
    for rel in pages:
        url = f"{base}/{rel.removesuffix('index.html')}"
        for name, tab in tabs.items():
            r = visit(tab, url)
            if r["flag"] is not None:
                failures.append(f"{rel} ({name}): a payload ran (window.{FLAG} = {r['flag']})")
            if r["errors"]:
                failures.append(f"{rel} ({name}): script errors {r['errors']}")
            own = [v for v in r["violations"] if not _foreign_image(v, base)]
            if own:
                failures.append(f"{rel} ({name}): CSP violations {own}")
    assert not failures, "\n".join(failures[:30])


def test_searching_for_hostile_text_shows_it_as_text(hostile_site: Path, tabs: dict[str, Any],
                                                     serve: Callable[[Path], str]) -> None:
    from playwright.sync_api import expect

    base = serve(hostile_site)
    page = tabs["no_csp"]
    page.goto(f"{base}/search/?q={WORD}")
    expect(page.locator("[data-search-status]")).to_have_text(re.compile(r"找到"))
    titles = page.locator(".search-result .result-title a")
    expect(titles).to_have_count(2)
    assert all(t.startswith(WORD) and "<script>" in t for t in titles.all_inner_texts()), \
        "result titles are the notices' titles as text"
    hrefs = [a.get_attribute("href") for a in titles.all()]
    assert all(h.startswith("/notices/hostile-") for h in hrefs), hrefs
    page.get_by_role("searchbox").fill("onerror")
    page.get_by_role("searchbox").press("Enter")
    expect(page.locator(".search-result")).not_to_have_count(0)
    assert page.locator(".search-result img, .search-result script, .search-result svg").count() == 0
    page.locator(".search-result .result-excerpt").first.hover()
    assert page.evaluate(f"window.{FLAG}") is None and not page.errors


# ---------------------------------------------------------------- the checks can fail

UNSAFE_FOOTER = """<footer class="site-footer"><p>{{ config.footer.organisation | safe }}</p>
<p><a href="{{ config.footer.icp }}">icp</a></p></footer>
"""


@pytest.fixture(scope="module")
def leaky_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile site with a site template that prints a footer field unescaped."""
    root = tmp_path_factory.mktemp("leaky")
    content = hostile.make_site(root, allow_html=False)
    (root / "templates").mkdir()
    (root / "templates" / "_footer.html").write_text(UNSAFE_FOOTER, "utf-8")
    config = content / "site.yaml"
    config.write_text(re.sub(r"(?m)^  icp: .*$", '  icp: "javascript:alert(1)"', config.read_text("utf-8")), "utf-8")
    out = root / "output"
    assert build(content, out, "2026-12-01T10:00", "--no-search") == 0
    return out


def test_the_output_checks_find_an_unescaped_field(leaky_site: Path) -> None:
    problems, _ = inert.output_problems(leaky_site)
    assert any("script element" in p for p in problems)
    assert any("event handler" in p for p in problems)
    assert any("href='javascript:alert(1)'" in p for p in problems)


def test_the_browser_check_sees_a_payload_run(leaky_site: Path, tabs: dict[str, Any],
                                              serve: Callable[[Path], str]) -> None:
    base = serve(leaky_site)
    assert visit(tabs["no_csp"], base + "/")["flag"] == 1
    blocked = visit(tabs["csp"], base + "/")
    assert blocked["flag"] is None, "the CSP stops inline scripts"
    assert any(v["directive"].startswith("script-src") for v in blocked["violations"])


def test_the_file_checks_find_injections() -> None:
    """Each output check reports the kind of injection it is there for."""
    assert inert.csv_problems("\ufeffa,b\r\n1,=1+1\r\n2, @x\r\n".encode(), "x.csv") == [
        "x.csv: row 2 column 2 starts like a formula: '=1+1'", "x.csv: row 3 column 2 starts like a formula: ' @x'"]
    ics = ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:a\r\nX-INJECTED:1\r\nEND:VEVENT\r\n"
           "BEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    problems = inert.ics_problems(ics.encode(), "x.ics")
    assert any("X-INJECTED" in p for p in problems) and any("components" in p for p in problems)
    feed = ('<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">'
            '&lt;img src=x onerror=alert(1)&gt;</content></entry></feed>')
    assert any("event handler" in p for p in inert.feed_problems(feed.encode(), "feed.xml"))
    data = json.dumps({"items": [{"content_html": "<a href='javascript:x'>x</a>", "url": "data:,x"}]})
    assert len(inert.json_problems(data.encode(), "feed.json")) == 2
    page = "<html><head></head><body><form action=/x><input></form><svg><script>x</script></svg></body></html>"
    found = " ".join(inert.html_problems(page, "p.html"))
    for what in ("<form> element", "<input> element", "<svg> element", "script element"):
        assert what in found
