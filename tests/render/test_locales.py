"""Interface languages: every locale file of every theme has the same keys (so zh-CN and en are
complete), every string a template or renderer asks for exists, a site built with `language: en`
shows no Chinese interface text and dates such as 21 July 2025, and a notice with its own `lang: en`
inside a zh-CN site is shown in English while the rest of the site stays Chinese."""

from __future__ import annotations

import json
import re
import shutil
import string
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, SAMPLE_CONTENT, SEED_SLUG, THEMES, build, soup
from support.site_links import broken_links, pages_of

from generator.render.outputs.listing import BROWSE, STATES
from generator.render.theme import find_theme
from generator.source.schema import CONTACT_KINDS, KINDS, LANGUAGES, REVISION_KINDS

CJK = re.compile("[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
"""Chinese characters and CJK punctuation (，。：（）【】 and full-width forms)."""


# ---------------------------------------------------------------- locale files

def locale_files(theme: str) -> dict[str, dict[str, str]]:
    return {p.stem: yaml.safe_load(p.read_text("utf-8")) or {}
            for p in sorted((ROOT / "themes" / theme / "locales").glob("*.yaml"))}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("theme", THEMES)
def test_every_locale_file_of_a_theme_has_the_same_keys(theme: str) -> None:
    files = locale_files(theme)
    if theme == "default":
        assert set(files) == set(LANGUAGES)
    assert files, f"{theme} has no locale files"
    reference = set(files[next(iter(files))])
    for lang, table in files.items():
        assert set(table) == reference, (f"{theme}/{lang}: missing {sorted(reference - set(table))}, "
                                         f"extra {sorted(set(table) - reference)}")


@pytest.mark.parametrize("theme", THEMES)
def test_every_language_is_complete_with_the_same_placeholders(theme: str) -> None:
    """With the theme's ancestors merged in, each language has every string, none empty, each taking the
    same values ({n}, {date}, …) in every language."""
    chain = find_theme(theme, ROOT)
    tables = {lang: chain.strings(lang) for lang in LANGUAGES}
    keys = set(tables[LANGUAGES[0]])
    assert len(keys) > 150
    for lang, table in tables.items():
        assert set(table) == keys, f"{theme}/{lang}"
        for key, text in table.items():
            assert isinstance(text, str) and text.strip(), f"{theme}/{lang}: {key} is empty"
            if key == "format.date":  # a language writes the month as a number {m} or a name {month}
                assert placeholders(text) <= {"y", "m", "month", "d"}, f"{theme}/{lang}: {key}"
            else:
                assert placeholders(text) == placeholders(tables[LANGUAGES[0]][key]), f"{theme}/{lang}: {key}"


KEY = re.compile(r"""(?:\bt|\))\(\s*["']([a-z][\w-]*(?:\.[\w-]+)+)["']""")
DYNAMIC = {"kind": KINDS, "contact": CONTACT_KINDS, "index.group": STATES, "search.state": STATES,
           "revision": REVISION_KINDS, "taxonomy": ("year", *BROWSE), "archive.by": ("year", *BROWSE),
           "month": tuple(str(m) for m in range(1, 13))}
"""Keys templates build from a value (t('kind.' ~ notice.kind)), with every value they can take."""


def used_keys(theme: str) -> set[str]:
    sources = [p for folder in find_theme(theme, ROOT).chain for p in (folder / "templates").glob("*.html")]
    sources += sorted((ROOT / "generator").rglob("*.py"))
    found = {key for p in sources for key in KEY.findall(p.read_text("utf-8"))}
    return found | {f"{prefix}.{value}" for prefix, values in DYNAMIC.items() for value in values}


@pytest.mark.parametrize("theme", THEMES)
def test_every_string_the_templates_ask_for_exists(theme: str) -> None:
    keys = used_keys(theme)
    assert {"nav.skip", "period.open", "item.overdue", "ics.summary", "kind.generic"} <= keys, "the scan finds keys"
    for lang in LANGUAGES:
        missing = keys - set(find_theme(theme, ROOT).strings(lang))
        assert not missing, f"{theme}/{lang} lacks {sorted(missing)}"


GENERATED_TEXT = re.compile(r"([^{}]+)\{[^{}]*\bcontent:\s*([^;}]*)")


@pytest.mark.parametrize("theme", THEMES)
def test_text_stylesheets_add_is_chinese_only_on_chinese_pages(theme: str) -> None:
    """Text a stylesheet adds (content: "：") is interface text too: Chinese punctuation only under :lang(zh)."""
    rules = 0
    for css in sorted((ROOT / "themes" / theme / "static").rglob("*.css")):
        text = re.sub(r"/\*.*?\*/", "", css.read_text("utf-8"), flags=re.S)
        for selector, value in GENERATED_TEXT.findall(text):
            rules += 1
            if CJK.search(value):
                for part in selector.split(","):
                    assert ":lang(zh" in part, f"{css.name}: {part.strip()} adds {value.strip()} on every page"
    if theme == "default":
        assert rules >= 3


# ---------------------------------------------------------------- a site in English

SITE_EN = """\
title: Public notices
description: Rectification reports and pre-appointment notices, open for comment.
language: en
footer:
  organisation: Example County Government
  site_code: "2101000001"
  icp: ICP 00000000
progress_states:
  - {label: Done, key: done, color: "#1a7f37", done: true}
  - {label: In progress, key: in-progress, color: "#9a6700"}
"""

RECTIFICATION_EN = """\
---
title: Progress of the rectification after the 2025 inspection
issuer: Example County Committee
kind: rectification-progress
issued: 2025-07-21
disclosure:
  start: 2025-07-21
  end: 2025-08-08
contacts:
  - kind: phone
    value: 0415-5138995
  - kind: post
    value: 1 Example Road, Example County
    postcode: "118000"
signature:
  by: Example County Committee
  date: 2025-07-21
summary: How far each promise made after the inspection has come.
tags: [inspection]
---
## 1. Findings

### (1) Planning

#### 1. Publish the development plan【Done】

The plan was published.

#### 2. Review the land leases【In progress】

The review is under way.
"""

APPOINTMENT_EN = """\
---
title: Pre-appointment notice for three officials
issuer: Example County Organisation Department
kind: appointment-notice
issued: 2026-11-26
disclosure:
  start: 2026-11-27
  working_days: 5
contacts:
  - kind: email
    value: jiandu@example.org
summary: Three officials are proposed for appointment.
tags: [appointments]
---
The following officials are proposed for appointment.
"""


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site in English, with search (its page and strings are interface too)."""
    root = tmp_path_factory.mktemp("english")
    content = root / "content"
    (content / "notices").mkdir(parents=True)
    (content / "site.yaml").write_text(SITE_EN, "utf-8")
    (content / "notices" / "rectification-2025.md").write_text(RECTIFICATION_EN, "utf-8")
    (content / "notices" / "appointment-2026.md").write_text(APPOINTMENT_EN, "utf-8")
    assert build(content, root / "output") == 0
    return root / "output"


def page_strings(doc: BeautifulSoup) -> dict[str, str]:
    """The strings a page gives its scripts."""
    holder = doc.find("script", id="gongshi-strings")
    return json.loads(holder.string) if holder else {}


def test_an_english_site_has_no_chinese_interface_text(english_site: Path) -> None:
    pages = pages_of(english_site)
    assert len(pages) > 10
    assert {"index.html", "search/index.html", "404.html"} <= {p.relative_to(english_site).as_posix() for p in pages}
    for page in pages:
        html = page.read_text("utf-8")
        doc = BeautifulSoup(html, "html.parser")
        assert doc.html["lang"] == "en", page
        found = CJK.findall(html) + [s for s in page_strings(doc).values() if CJK.search(s)]
        context = [m.group(0) for m in re.finditer(f".{{0,30}}{CJK.pattern}.{{0,10}}", html)]
        assert not found, f"{page.relative_to(english_site)}: {context[:5]}"


def test_an_english_site_writes_dates_the_english_way(english_site: Path) -> None:
    page = soup(english_site / "notices" / "rectification-2025" / "index.html")
    assert page.find("time", datetime="2025-07-21").get_text() == "21 July 2025"
    assert " ".join(page.select_one(".period-range").get_text().split()) == "21 July 2025 to 8 August 2025"
    assert page.select_one(".signature-date").get_text(strip=True) == "21 July 2025"
    assert page.select_one(".period-state").get_text(" ", strip=True).startswith("Status")
    index = soup(english_site / "index.html").get_text(" ")
    assert "Open for comment" in index and "27 November 2026" in index and "(5 working days)" in index


def test_an_english_site_has_english_feeds_and_data(english_site: Path) -> None:
    feed = feedparser.parse((english_site / "feed.xml").read_bytes())
    assert feed.feed.language == "en"
    assert {t.label for e in feed.entries for t in e.tags if t.label} == {"Rectification progress report",
                                                                         "Pre-appointment notice"}
    data = json.loads((english_site / "data" / "notices.json").read_text("utf-8"))
    assert data["site"]["language"] == "en"
    assert {n["kind_label"] for n in data["notices"]} == {"Rectification progress report", "Pre-appointment notice"}
    ics = (english_site / "notices" / "rectification-2025" / "period.ics").read_text("utf-8")
    assert "SUMMARY:Disclosure period: Progress of the rectification" in ics


def test_an_english_site_has_no_broken_links(english_site: Path) -> None:
    checked, problems = broken_links(english_site)
    assert checked > 100 and problems == []


# ---------------------------------------------------------------- a notice in English in a Chinese site

NOTICE_EN = """\
---
title: Notice of the Example Development Zone in English
issuer: Example Development Zone Committee
kind: generic
issued: 2026-11-30
lang: en
disclosure:
  start: 2026-11-30
  end: 2026-12-10
contacts:
  - kind: email
    value: notices@example.org
signature:
  by: Example Development Zone Committee
summary: The English version of a notice, for foreign investors.
tags: [english]
related: [kuandian-inspection-rectification-2025]
---
## 1. About this notice

This notice is published in English.
"""


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    content = root / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    (content / "notices" / "english-notice.md").write_text(NOTICE_EN, "utf-8")
    assert build(content, root / "output", "2026-12-01T10:00", "--no-search") == 0
    return root / "output"


def content_strings(site: Path) -> list[str]:
    """Text that comes from the content, not the interface: the site's title, description and host,
    titles, issuers and tags of the notices, and labels of the site's contacts."""
    data = json.loads((site / "data" / "notices.json").read_text("utf-8"))
    config = yaml.safe_load((SAMPLE_CONTENT / "site.yaml").read_text("utf-8"))
    out = [config["title"], config["description"], config["footer"]["organisation"]]
    out += [n[k] for n in data["notices"] for k in ("title", "issuer")] + [t for n in data["notices"] for t in n["tags"]]
    return sorted(set(out), key=len, reverse=True)


def test_a_notice_in_english_inside_a_chinese_site_is_shown_in_english(mixed_site: Path) -> None:
    page_path = mixed_site / "notices" / "english-notice" / "index.html"
    doc = soup(page_path)
    assert doc.html["lang"] == "en"
    assert doc.select_one(".skip-link").get_text() == "Skip to content"
    assert doc.select_one(".breadcrumb a").get_text() == "Home"
    assert doc.find("time", datetime="2026-11-30").get_text() == "30 November 2026"
    assert "Open: 10 days left" in doc.select_one(".period-state").get_text()
    assert page_strings(doc)["open"] == "Open: {days} days left"
    allowed = content_strings(mixed_site)
    leftovers = []
    for text in [*doc.find_all(string=True), *[v for el in doc.find_all(True) for v in el.attrs.values()
                                               if isinstance(v, str)]]:
        rest = str(text)
        for known in allowed:
            rest = rest.replace(known, "")
        if CJK.search(rest):
            leftovers.append(rest.strip())
    assert not leftovers, f"Chinese interface text on an English page: {leftovers[:5]}"


def test_the_rest_of_the_site_stays_chinese_and_marks_the_english_title(mixed_site: Path) -> None:
    index = soup(mixed_site / "index.html")
    assert index.html["lang"] == "zh-CN" and index.select_one(".skip-link").get_text() == "跳到正文"
    card = index.find("a", string="Notice of the Example Development Zone in English")
    assert card["lang"] == "en", "an English title inside a Chinese page says so (WCAG 3.1.2)"
    archive = soup(mixed_site / "archive" / "index.html")
    assert archive.find("a", string="Notice of the Example Development Zone in English")["lang"] == "en"
    seed = soup(mixed_site / "notices" / SEED_SLUG / "index.html")
    assert seed.html["lang"] == "zh-CN" and seed.find("time", datetime="2025-07-21").get_text() == "2025年7月21日"
    related = seed.select_one(".related-list a")
    assert related.get_text() == "Notice of the Example Development Zone in English" and related["lang"] == "en"


def test_an_english_notice_is_marked_english_in_the_feeds_and_data(mixed_site: Path) -> None:
    feed = feedparser.parse((mixed_site / "feed.xml").read_bytes())
    assert feed.feed.language == "zh-CN"
    entry = next(e for e in feed.entries if e.link.endswith("/notices/english-notice/"))
    assert entry.content[0].language == "en"
    items = json.loads((mixed_site / "feed.json").read_text("utf-8"))["items"]
    assert next(i for i in items if i["url"].endswith("/english-notice/"))["language"] == "en"
    data = json.loads((mixed_site / "data" / "notices" / "english-notice.json").read_text("utf-8"))
    assert data["lang"] == "en"
