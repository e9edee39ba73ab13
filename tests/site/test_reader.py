"""The reader's page in Chromium (issue: the notice first, words that follow its state, one-tap response,
the ledger, the chrome): positions measured with getBoundingClientRect, the words of each state and kind,
the index regrouped by the reader's clock. The sample is built on 2026-12-01, when its notices are open
(appointment, project), upcoming (inspection), closed (the seed) and withdrawn (land lease)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from conftest import SEED_SLUG, THEMES, soup

APPOINTMENT = "example-appointment-2026"   # open, phones, a mobile, an email
PROJECT = "example-project-2026"           # open, a project with an overdue item
INSPECTION = "example-inspection-2026"     # upcoming until 2026-12-07
LAND_LEASE = "example-land-lease-2026"     # withdrawn
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture()
def open_page(browser: Any, themed_site: Callable[[str], Path], serve: Callable[[Path], str]) -> Iterator[Callable[..., Any]]:
    contexts: list[Any] = []

    def go(path: str, theme: str = "default", viewport: dict[str, int] = PHONE, **options: Any) -> Any:
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{serve(themed_site(theme))}/{path}")
        return page

    yield go
    for c in contexts:
        c.close()


def top(page: Any, selector: str) -> float:
    return page.evaluate("s => document.querySelector(s).getBoundingClientRect().top + scrollY", selector)


# ---------------------------------------------------------------- 1. content first

@pytest.mark.parametrize("theme", THEMES)
def test_the_seed_text_starts_within_one_and_a_half_phone_screens(open_page: Callable[..., Any], theme: str) -> None:
    page = open_page(f"notices/{SEED_SLUG}/", theme)
    y = top(page, ".notice-body > p")
    assert y <= 1250, f"the first paragraph of the text starts at y = {y:.0f} px at 375 px ({theme})"
    assert top(page, ".period-banner") < y, "state and period come before the text"
    line = page.locator(".period-banner .period-line")
    assert line.locator(".state-label").is_visible() and line.locator(".period-range").is_visible()
    heights = page.evaluate("""() => { const l = document.querySelector('.period-line');
        const r = [l.querySelector('.period-status'), l.querySelector('.period-range')].map(e => e.getBoundingClientRect());
        return [r[0].top, r[1].top, r[1].bottom - r[0].top]; }""")
    assert heights[2] < 100, "state and period take at most a couple of lines on a phone"
    desktop = open_page(f"notices/{SEED_SLUG}/", theme, viewport=DESKTOP)
    tops = desktop.evaluate("""() => [...document.querySelectorAll('.period-line .period-status, .period-line .period-range')]
        .map(e => Math.round(e.getBoundingClientRect().top))""")
    assert max(tops) - min(tops) <= 8, f"state and period share one line on a desktop: {tops}"


def test_progress_and_contents_fold_on_phones_and_open_in_one_tap(open_page: Callable[..., Any]) -> None:
    page = open_page(f"notices/{SEED_SLUG}/")
    for box in ("details.progress-panel", "details.toc"):
        assert page.locator(box).get_attribute("open") is None, f"{box} is folded on a phone"
    assert not page.locator(".section-progress").is_visible()
    page.locator("details.progress-panel > summary").click()
    assert page.locator(".section-progress").is_visible(), "one tap shows the progress of each section"
    assert page.locator("details.progress-panel > summary").bounding_box()["height"] >= 48


def test_progress_and_contents_are_open_on_desktop_and_without_script(open_page: Callable[..., Any]) -> None:
    desktop = open_page(f"notices/{SEED_SLUG}/", viewport=DESKTOP)
    assert desktop.locator(".section-progress").is_visible() and desktop.locator(".toc ol").first.is_visible()
    plain = open_page(f"notices/{SEED_SLUG}/", java_script_enabled=False)
    assert plain.locator(".section-progress").is_visible(), "without the script nothing is hidden"


# ---------------------------------------------------------------- 2. words that follow state and kind

def test_a_closed_notice_invites_nothing_and_keeps_its_contacts(open_page: Callable[..., Any]) -> None:
    page = open_page(f"notices/{SEED_SLUG}/")
    assert page.locator(".period-ics").count() == 0 and page.locator(".respond").count() == 0
    assert page.locator("#contacts-heading").inner_text() == "联系方式"
    assert "反映" not in page.locator(".contacts").inner_text()
    assert page.locator(".contact-phone a").get_attribute("href") == "tel:+86-415-5138995"


def test_an_open_notice_invites_a_response_and_offers_the_calendar(open_page: Callable[..., Any]) -> None:
    page = open_page(f"notices/{APPOINTMENT}/")
    assert page.locator(".period-ics a").get_attribute("href") == "period.ics"
    assert page.locator("#contacts-heading").inner_text() == "意见反映渠道"
    assert "对公示对象有意见" in page.locator(".respond-intro").inner_text(), "appointment: 公示对象"
    assert top(page, ".respond") < top(page, ".notice-body > p"), "the main action comes before the text"


def test_an_upcoming_notice_says_when_it_opens(open_page: Callable[..., Any]) -> None:
    page = open_page(f"notices/{INSPECTION}/")
    assert page.locator(".period-opens").inner_text().startswith("将于2026年12月7日开始公示")
    assert page.locator(".respond").count() == 0 and page.locator(".contacts-intro").count() == 0


def test_a_withdrawn_notice_offers_neither_calendar_nor_invitation(open_page: Callable[..., Any]) -> None:
    page = open_page(f"notices/{LAND_LEASE}/")
    assert page.locator(".withdrawn-banner").is_visible()
    assert page.locator(".period-ics").count() == 0 and page.locator(".respond").count() == 0
    assert page.locator(".contacts-intro").count() == 0
    assert page.locator("#contacts-heading").inner_text() == "联系方式"


@pytest.mark.parametrize(("slug", "heading", "link"), [
    (SEED_SLUG, "整改进展", "查看整改台账"),
    (PROJECT, "实施进展", "查看项目实施台账"),
])
def test_each_kind_has_its_own_words(open_page: Callable[..., Any], slug: str, heading: str, link: str) -> None:
    page = open_page(f"notices/{slug}/", viewport=DESKTOP)
    assert page.locator("#progress-heading").inner_text() == heading
    assert page.locator(".ledger-links a").first.inner_text() == link
    assert page.locator("h1").inner_text() in soup_title(page)


def soup_title(page: Any) -> str:
    return page.title()


def _luminance(rgb: str) -> float:
    values = [int(v) / 255 for v in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_overdue_is_said_in_a_warning_colour_that_passes_contrast(open_page: Callable[..., Any], scheme: str) -> None:
    page = open_page(f"notices/{PROJECT}/", viewport=DESKTOP, color_scheme=scheme)
    note = page.locator(".progress-note.overdue-note")
    assert note.inner_text().strip().endswith("1 项已逾期")
    colour, muted, background = page.evaluate("""() => {
        const n = document.querySelector('.progress-note.overdue-note'), m = document.querySelector('.progress-note:not(.overdue-note)') || document.querySelector('.fold-hint');
        let b = n, bg = 'rgba(0, 0, 0, 0)';
        while (b && (bg = getComputedStyle(b).backgroundColor) === 'rgba(0, 0, 0, 0)') b = b.parentElement;
        return [getComputedStyle(n).color, getComputedStyle(m).color, bg]; }""")
    assert colour != muted, "overdue is not muted grey"
    lighter, darker = sorted([_luminance(colour), _luminance(background)], reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5
    r, g, b = (int(v) for v in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3])
    assert r > g and r > b, f"a warning (red) colour, not {colour}"


def test_the_index_regroups_cards_by_the_readers_clock(browser: Any, themed_site: Callable[[str], Path],
                                                      serve: Callable[[Path], str]) -> None:
    """On 2026-12-08 the inspection (upcoming at build time) is open: its card moves, the counts follow,
    the emptied group hides, and the build-date note goes."""
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.clock.set_fixed_time(dt.datetime.fromisoformat("2026-12-08T10:00:00+08:00"))
        page.goto(f"{serve(themed_site('default'))}/")
        title = "县委第一巡察组进驻示例镇开展常规巡察的公告"
        assert page.locator(".group-open .notice-card", has_text=title).count() == 1
        assert page.locator(".group-upcoming").is_hidden()
        assert page.locator(".asof-note").is_hidden()
        opened = page.locator(".group-open .notice-card").count()
        assert page.locator("#group-open .count").inner_text() == f"（{opened}）"
        built = soup(themed_site("default") / "index.html")
        assert built.select_one(".group-upcoming .notice-card") is not None, "without the script, the build's groups"
        assert built.select_one(".asof-note") is not None
    finally:
        context.close()


# ---------------------------------------------------------------- 3. one-tap response

def test_respond_opens_the_readers_own_mail_messages_or_phone(open_page: Callable[..., Any]) -> None:
    page = open_page(f"notices/{APPOINTMENT}/")
    title = page.locator("h1").inner_text()
    hrefs = [a.get_attribute("href") for a in page.locator(".respond-action").all()]
    mail = next(h for h in hrefs if h.startswith("mailto:"))
    assert urlsplit(mail).path == "jiandu@example.org" and parse_qs(urlsplit(mail).query)["subject"] == [
        f"{title}（{page.locator('td.dm-document-number').inner_text()}）"]  # the title and the 文号
    sms = next(h for h in hrefs if h.startswith("sms:"))
    assert sms.startswith("sms:+8613800000000?body=") and title in unquote(sms.split("body=", 1)[1])
    assert {h for h in hrefs if h.startswith("tel:")} >= {"tel:+86-415-1234567"}
    assert page.locator("article form, article input, article textarea").count() == 0, "no form, no server"
    for box in [a.bounding_box() for a in page.locator(".respond-action").all()]:
        assert box["height"] >= 48 and box["width"] >= 48


# ---------------------------------------------------------------- 5. ledger

def test_ledger_leaves_out_empty_columns_and_groups_rows(open_page: Callable[..., Any], themed_site: Callable[[str], Path]) -> None:
    page = open_page(f"notices/{SEED_SLUG}/ledger/", viewport=DESKTOP)
    heads = [h.strip() for h in page.locator("table.ledger thead th").all_inner_texts()]
    assert heads == ["序号", "事项", "状态"], "整改时限 and 责任单位 are empty in every row of the seed"
    groups = page.locator("table.ledger tbody .group-row th").all_inner_texts()
    assert len(groups) == len(set(groups)) >= 3, "each section heading once, over its rows"
    assert page.locator("table.ledger tbody .item-row").count() == 16
    raw = (themed_site("default") / f"notices/{SEED_SLUG}/ledger/ledger.csv").read_text("utf-8-sig")
    header = next(csv.reader(io.StringIO(raw)))
    assert "整改时限" in header and "责任单位" in header, "the CSV keeps every field"


def test_ledger_cards_on_a_phone_lead_with_the_item_and_its_state(open_page: Callable[..., Any]) -> None:
    page = open_page(f"notices/{SEED_SLUG}/ledger/")
    order = page.evaluate("""() => [...document.querySelector('tr.item-row').cells]
        .map(c => [c.className, c.getBoundingClientRect().top]).sort((a, b) => a[1] - b[1]).map(c => c[0])""")
    assert order[:2] == ["col-item", "col-state"]
    page.select_option("#ledger-state", "in-progress")
    shown = page.locator("tr.item-row:visible").count()
    assert 0 < shown < 16 and page.locator(".ledger-count").inner_text() == f"显示 {shown} / 16 项"


# ---------------------------------------------------------------- 8. chrome

@pytest.mark.parametrize("theme", THEMES)
def test_feeds_and_credit_live_in_the_footer(open_page: Callable[..., Any], theme: str) -> None:
    page = open_page("", theme, viewport=DESKTOP)
    feeds = page.locator(".site-footer .footer-feeds")
    assert feeds.inner_text().startswith("订阅：Atom · JSON Feed")
    assert page.locator(".site-footer .generator").inner_text() == "由 Gongshi 生成"
    assert page.locator("main .subscribe").count() == 0, "the index leads with notices, not feeds"


def test_attachments_give_human_sizes(themed_site: Callable[[str], Path]) -> None:
    metas = [m.get_text(strip=True) for m in soup(themed_site("default") / "notices/example-project-review-2026/index.html")
             .select(".attachment-meta")]
    assert metas and all(m.endswith("字节）") or m.endswith("KB）") or m.endswith("MB）") for m in metas)
    assert "（PDF，637 字节）" in metas


def test_canonical_links_and_sitemap_are_absolute(themed_site: Callable[[str], Path]) -> None:
    site = themed_site("default")
    canonical = soup(site / f"notices/{SEED_SLUG}/index.html").find("link", rel="canonical")["href"]
    assert canonical == f"https://gongshi.example.org/notices/{SEED_SLUG}/"
    locs = [e.text or "" for e in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith("https://gongshi.example.org/") for loc in locs)
