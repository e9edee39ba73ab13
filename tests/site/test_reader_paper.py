"""The reader's page in Chromium, continued: the 长者模式 (after the MIIT 适老化 rules), the typography of
the text in both themes, and the notice on paper (print emulated, the PDF read back with pypdf)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from conftest import SEED_SLUG, THEMES, missing_tool
from PIL import Image
from support.site_pages import open_page as open_checked
from support.site_pages import page_types, url_of
from test_a11y import AXE, describe, run_axe

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
SEED = f"notices/{SEED_SLUG}/"
CONTROLS = (".senior-toggle, .site-nav a, .site-search input, .site-search button, details.fold > summary, "
            "a.contact-value, .respond-action, .footer-feeds a, .notice-browse a, .attachment-link")


@pytest.fixture()
def context_of(browser: Any) -> Iterator[Callable[..., Any]]:
    contexts: list[Any] = []

    def new(**options: Any) -> Any:
        options.setdefault("viewport", PHONE)
        c = browser.new_context(**options)
        contexts.append(c)
        return c

    yield new
    for c in contexts:
        c.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        missing_tool("axe-core is not installed: run `npm ci` in the repository")
    return AXE.read_text("utf-8")


def sizes(page: Any) -> dict[str, float]:
    return page.evaluate("""() => { const p = document.querySelector('.notice-body > p'), s = getComputedStyle(p);
        return {font: parseFloat(s.fontSize), line: parseFloat(s.lineHeight) / parseFloat(s.fontSize)}; }""")


# ---------------------------------------------------------------- 4. 长者模式

@pytest.mark.parametrize("theme", THEMES)
def test_senior_mode_is_a_visible_toggle_kept_across_pages(context_of: Callable[..., Any], themed_site: Callable[[str], Path],
                                                          serve: Callable[[Path], str], theme: str) -> None:
    base = serve(themed_site(theme))
    page = context_of().new_page()
    page.goto(f"{base}/{SEED}")
    normal = sizes(page)
    toggle = page.locator(".senior-toggle")
    assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    # The large style sheet applies once the browser has it (switching an alternate sheet on may load it).
    page.wait_for_function("""() => [...document.styleSheets].some(s => s.ownerNode.matches('[data-senior-css]')
        && !s.disabled && s.cssRules.length)""")
    large = sizes(page)
    assert large["font"] >= 1.5 * normal["font"] - 0.01, (normal, large)
    assert large["line"] >= 1.5
    page.locator(".site-nav a").first.click()
    page.wait_for_url(f"{base}/")
    assert page.evaluate("document.documentElement.classList.contains('senior')"), "kept across a navigation"
    assert page.locator(".senior-toggle").get_attribute("aria-pressed") == "true"
    assert page.evaluate("localStorage.getItem('gongshi-senior')") == "1"
    page.goto(f"{base}/{SEED}")
    small = page.evaluate(f"""() => [...document.querySelectorAll('{CONTROLS}')]
        .filter(e => e.getClientRects().length).map(e => [e.className || e.tagName, e.getBoundingClientRect().height])
        .filter(x => x[1] < 48)""")
    assert not small, f"tap targets under 48 px in 长者模式: {small}"
    motion = page.evaluate("getComputedStyle(document.querySelector('.respond-action, a')).transitionDuration")
    assert motion in ("0s", "")
    page.locator(".senior-toggle").click()
    page.reload()
    assert not page.evaluate("document.documentElement.classList.contains('senior')"), "and switched off again"


def test_a_large_address_turns_it_on_and_a_linked_stylesheet_offers_it_without_script(
        context_of: Callable[..., Any], themed_site: Callable[[str], Path], serve: Callable[[Path], str]) -> None:
    base = serve(themed_site("default"))
    page = context_of().new_page()
    page.goto(f"{base}/{SEED}?large")
    assert page.evaluate("document.documentElement.classList.contains('senior')")
    page.goto(f"{base}/")
    assert page.evaluate("document.documentElement.classList.contains('senior')"), "?large is remembered"
    plain = context_of(java_script_enabled=False).new_page()
    plain.goto(f"{base}/{SEED}")
    link = plain.locator("link[data-senior-css]")
    assert link.get_attribute("rel") == "alternate stylesheet" and link.get_attribute("title") == "长者模式"
    sheet = plain.request.get(f"{base}/static/css/large.css")
    assert sheet.ok and "font-size: 168.75%" in sheet.text(), "the sheet it names is the 长者模式 (1.5 × 112.5 %)"
    plain.evaluate("""() => { const l = document.querySelector('link[data-senior-css]'); l.rel = 'stylesheet'; l.disabled = false; }""")
    plain.wait_for_function("parseFloat(getComputedStyle(document.documentElement).fontSize) >= 25")


@pytest.mark.parametrize("theme", THEMES)
def test_senior_mode_passes_axe_in_light_and_dark(context_of: Callable[..., Any], axe_source: str,
                                                  themed_site: Callable[[str], Path], serve: Callable[[Path], str],
                                                  theme: str) -> None:
    site = themed_site(theme)
    base = serve(site)
    context = context_of()
    context.add_init_script("try { localStorage.setItem('gongshi-senior', '1'); } catch (e) {}")
    page = context.new_page()
    problems: list[str] = []
    pages = [p for p in page_types(site).values() if p.startswith("notices/") or p in ("index.html", "archive/index.html")]
    for rel in pages:
        page.emulate_media(color_scheme="light")
        open_checked(page, url_of(base, rel))
        if not page.evaluate("document.documentElement.classList.contains('senior')"):
            continue  # a redirect page has moved on
        for scheme, rules in (("light", None), ("dark", ["color-contrast"])):
            page.emulate_media(color_scheme=scheme)
            violations = run_axe(page, axe_source, rules)
            if violations:
                problems.append(f"{rel} ({theme}, 长者模式, {scheme}):")
                problems.extend(describe(violations))
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- 6. typography

@pytest.mark.parametrize("theme", THEMES)
def test_lines_hold_at_most_about_forty_characters_and_one_indent(context_of: Callable[..., Any],
                                                                 themed_site: Callable[[str], Path],
                                                                 serve: Callable[[Path], str], theme: str) -> None:
    page = context_of(viewport=DESKTOP).new_page()
    page.goto(f"{serve(themed_site(theme))}/{SEED}")
    measure = page.evaluate("""() => { const p = document.querySelector('.notice-body > p');
        return p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize); }""")
    assert 30 <= measure <= 41, f"a body line holds {measure:.1f} characters at 1280 px ({theme})"
    indents = page.evaluate("""() => [...document.querySelectorAll('.notice-body > p, .notice-body ol.measures > li')].map(e => {
        const s = getComputedStyle(e); return [Math.round(e.getBoundingClientRect().left), Math.round(parseFloat(s.textIndent) / parseFloat(s.fontSize))]; })""")
    assert len({left for left, _ in indents}) == 1, "measures are not set in as a block beside the paragraphs"
    assert {i for _, i in indents} == {2}, "every paragraph and measure has the same 2-character first-line indent"


@pytest.mark.parametrize("theme", THEMES)
def test_headings_rank_by_size_and_weight_and_names_do_not_break(context_of: Callable[..., Any],
                                                                 themed_site: Callable[[str], Path],
                                                                 serve: Callable[[Path], str], theme: str) -> None:
    page = context_of(viewport=DESKTOP).new_page()
    page.goto(f"{serve(themed_site(theme))}/{SEED}")
    styles = page.evaluate("""() => ['h1', '.notice-body h2', '.notice-body h3', '.notice-body h4'].map(s => {
        const c = getComputedStyle(document.querySelector(s)); return [parseFloat(c.fontSize), Number(c.fontWeight), c.fontFamily]; })""")
    font_sizes = [s[0] for s in styles]
    assert font_sizes == sorted(font_sizes, reverse=True) and len(set(font_sizes)) == 4, font_sizes
    assert all(s[1] >= 600 for s in styles)
    families = " ".join(s[2] for s in styles) + page.evaluate("getComputedStyle(document.body).fontFamily")
    for name in ("Noto", "Source Han", "WenQuanYi", "system-ui"):
        assert name in families, f"the font stacks name {name}"
    keep = page.evaluate("""() => ['.notice-issuer', 'h1', '.signature'].map(s => getComputedStyle(document.querySelector(s)).wordBreak)""")
    assert keep == ["keep-all"] * 3
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).textWrap").startswith("balance")
    issuer = page.locator(".notice-issuer").bounding_box()
    line = float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('.notice-issuer')).lineHeight)"))
    assert issuer["height"] < 1.5 * line, "the issuing body's name stays on one line at 1280 px"


# ---------------------------------------------------------------- 7. paper

def _pdf(page: Any) -> Any:
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))


def _text_span(pdf_page: Any) -> float:
    """The height from the page's first line of text to its last, in points."""
    ys: list[float] = []
    pdf_page.extract_text(visitor_text=lambda text, cm, tm, font, size: ys.append(tm[5] * cm[3] + cm[5]) if text.strip() else None)
    return max(ys) - min(ys) if ys else 0.0


@pytest.mark.parametrize("theme", THEMES)
def test_the_seed_prints_like_a_posted_notice(context_of: Callable[..., Any], themed_site: Callable[[str], Path],
                                             serve: Callable[[Path], str], theme: str) -> None:
    page = context_of(viewport=DESKTOP).new_page()
    page.goto(f"{serve(themed_site(theme))}/{SEED}")
    pdf = _pdf(page)
    pages = len(pdf.pages)
    if theme == "default":
        assert pages <= 8, f"the seed prints on {pages} A4 pages"
    spans = [_text_span(p) for p in pdf.pages]
    fills = [span / max(spans) for span in spans]  # a full page reaches as far as the fullest one
    thin = [(i + 1, round(f, 2)) for i, f in enumerate(fills[:-1]) if f < 0.70]
    assert not thin, f"pages under 70 % full ({theme}): {thin}"
    first = pdf.pages[0].extract_text()
    flat = re.sub(r"\s+", "", first)
    assert f"https://gongshi.example.org/{SEED}" in flat, "page 1 gives the online address"
    assert "打印日期" in flat and re.search(r"打印日期：\d{4}年\d{1,2}月\d{1,2}日", flat), "and the print date"
    assert "查看整改台账" not in re.sub(r"\s+", "", "".join(p.extract_text() for p in pdf.pages)), "no dead links on paper"


def test_print_shows_the_qr_code_and_hides_screen_controls(context_of: Callable[..., Any], themed_site: Callable[[str], Path],
                                                          serve: Callable[[Path], str]) -> None:
    page = context_of(viewport=DESKTOP).new_page()
    page.goto(f"{serve(themed_site('default'))}/notices/example-appointment-2026/")
    assert not page.locator(".print-source").is_visible(), "on screen the paper's header stays out of the way"
    page.emulate_media(media="print")
    qr = page.locator(".print-source svg.qr")
    assert qr.is_visible() and qr.bounding_box()["y"] < 400, "the QR code is on the first page"
    # The printed code, as Chromium draws it, is read back by a barcode reader: it leads to this notice.
    shot = Image.open(io.BytesIO(qr.screenshot(scale="device"))).convert("L")
    found = zxingcpp.read_barcodes(shot.resize((shot.width * 4, shot.height * 4), Image.NEAREST),
                                   formats=zxingcpp.BarcodeFormat.QRCode)
    assert [b.text for b in found] == ["https://gongshi.example.org/notices/example-appointment-2026/"]
    for control in (".senior-toggle", ".respond", ".period-ics", ".site-search", ".site-footer"):
        assert page.locator(control).count() == 0 or page.locator(control).first.is_hidden(), f"{control} is printed"
    assert page.evaluate("getComputedStyle(document.querySelector('.contact-value[href]')).textDecorationLine") == "none"
