"""Keyboard and readability in Chromium, on every page type of the sample site in every theme:
Tab reaches every control and shows where focus is; the skip link comes first and moves focus to the
main content; states and progress are words, not colours; text at 200% neither overflows nor is
clipped; reduced motion turns transitions and animations off; dark mode recolours the page."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import THEMES
from support.site_pages import hold_redirects, open_page, page_types, url_of

DESKTOP = {"width": 1280, "height": 900}

# Every control a keyboard user can reach, numbered; and what it looks like without focus.
MARK_CONTROLS = """() => {
  const selector = 'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable=""], [contenteditable=true]';
  const out = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.tabIndex < 0 || el.disabled || el.closest('[hidden], [inert]')) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
    el.setAttribute('data-kb', String(out.length));
    out.push({outline: style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor,
              shadow: style.boxShadow, what: el.outerHTML.slice(0, 120)});
  }
  return out;
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {kb: el.getAttribute('data-kb'), visible: el.matches(':focus-visible'),
          outline: style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor,
          outlineShown: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
          shadow: style.boxShadow, what: el.outerHTML.slice(0, 120)};
}"""


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP)
    hold_redirects(context)
    p = context.new_page()
    yield p
    context.close()


def pages_of(themed_site: Callable[[str], Path], serve: Callable[[Path], str], theme: str) -> list[tuple[str, str]]:
    site = themed_site(theme)
    base = serve(site)
    return [(rel, url_of(base, rel)) for rel in page_types(site).values()]


@pytest.mark.parametrize("theme", THEMES)
def test_tab_reaches_every_control_with_visible_focus(page: Any, themed_site: Callable[[str], Path],
                                                       serve: Callable[[Path], str], theme: str) -> None:
    problems: list[str] = []
    for rel, url in pages_of(themed_site, serve, theme):
        open_page(page, url)
        controls = page.evaluate(MARK_CONTROLS)
        reached: set[int] = set()
        for _ in range(len(controls) + 5):
            page.keyboard.press("Tab")
            now = page.evaluate(FOCUSED)
            if now is None or now["kb"] is None:
                if now is not None:
                    problems.append(f"{rel}: Tab focused an element that is not a visible control: {now['what']}")
                break
            index = int(now["kb"])
            if index in reached:
                break  # focus went round the page
            reached.add(index)
            before = controls[index]
            if not (now["outlineShown"] and now["outline"] != before["outline"]) and now["shadow"] == before["shadow"]:
                problems.append(f"{rel}: no visible focus indicator on {now['what']}")
        missed = [controls[i]["what"] for i in range(len(controls)) if i not in reached]
        if missed:
            problems.append(f"{rel}: Tab never reaches " + "; ".join(missed[:5]))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("theme", THEMES)
def test_skip_link_comes_first_and_moves_focus_to_main(page: Any, themed_site: Callable[[str], Path],
                                                        serve: Callable[[Path], str], theme: str) -> None:
    problems: list[str] = []
    for rel, url in pages_of(themed_site, serve, theme):
        open_page(page, url)
        if not page.locator("main").count():
            continue  # e.g. a redirect page
        page.keyboard.press("Tab")
        first = page.evaluate("document.activeElement.classList.contains('skip-link')")
        if not first:
            problems.append(f"{rel}: the first Tab stop is not the skip link")
            continue
        box = page.locator(".skip-link").bounding_box()
        if box is None or box["y"] < 0 or box["x"] < 0 or box["width"] < 1:
            problems.append(f"{rel}: the focused skip link is not on screen")
        page.keyboard.press("Enter")
        if page.evaluate("document.activeElement && document.activeElement.tagName") != "MAIN":
            problems.append(f"{rel}: the skip link does not move focus to <main>")
            continue
        if page.locator("main a[href], main button, main input, main select").count():
            page.keyboard.press("Tab")
            if not page.evaluate("!!document.activeElement.closest('main')"):
                problems.append(f"{rel}: after the skip link, Tab does not continue inside the main content")
    assert not problems, "\n".join(problems)


STATE_TEXTS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('.period-status, .badge, .overdue:not([hidden])')) {
    const state = Array.from(el.classList).find(c => c.startsWith('state-')) || el.className;
    out.push({kind: el.classList.contains('badge') ? 'badge' : (el.classList.contains('overdue') ? 'overdue' : 'period'),
              state: state, text: el.innerText.trim(), what: el.outerHTML.slice(0, 120)});
  }
  for (const bar of document.querySelectorAll('svg.bar, .progress, [role=progressbar], progress, meter')) {
    const holder = bar.closest('.progress') || bar;
    const text = holder.innerText.trim() + ' ' + (bar.getAttribute('aria-valuetext') || '');
    out.push({kind: 'progress', state: '', text: text.trim(), what: bar.outerHTML.slice(0, 120)});
  }
  return out;
}"""


@pytest.mark.parametrize("theme", THEMES)
def test_states_and_progress_are_told_in_words(page: Any, themed_site: Callable[[str], Path],
                                               serve: Callable[[Path], str], theme: str) -> None:
    """Every coloured state has text, each state has its own words, and every progress bar sits next
    to a sentence with its numbers: colour is never the only signal."""
    problems: list[str] = []
    words: dict[tuple[str, str], set[str]] = {}
    seen = 0
    for rel, url in pages_of(themed_site, serve, theme):
        open_page(page, url)
        for item in page.evaluate(STATE_TEXTS):
            seen += 1
            if not item["text"]:
                problems.append(f"{rel}: a {item['kind']} has no text: {item['what']}")
            elif item["kind"] == "progress" and not re.search(r"\d", item["text"]):
                problems.append(f"{rel}: a progress bar has no numbers in words: {item['what']}")
            elif item["kind"] in ("badge", "period"):
                # The number of days changes the words, not the state: compare the words without digits.
                words.setdefault((item["kind"], item["state"]), set()).add(re.sub(r"\d+", "N", item["text"]))
    assert seen, "the sample site shows states and progress"
    for kind in ("badge", "period"):
        by_state = {state: texts for (k, state), texts in words.items() if k == kind}
        for state, texts in by_state.items():
            for other, other_texts in by_state.items():
                if other != state and texts & other_texts:
                    problems.append(f"{kind} states {state} and {other} share the words {texts & other_texts}")
    assert len({s for k, s in words if k == "period"}) >= 3, "the sample shows upcoming, open and closed periods"
    assert not problems, "\n".join(sorted(set(problems)))


CLIPPED = """() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('svg, .visually-hidden, [hidden], script, style')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || !el.textContent.trim()) continue;
    const clipX = /hidden|clip/.test(style.overflowX) || style.textOverflow === 'ellipsis';
    const clipY = /hidden|clip/.test(style.overflowY);
    if ((clipX && el.scrollWidth > el.clientWidth + 1) || (clipY && el.scrollHeight > el.clientHeight + 1)) {
      out.push(el.outerHTML.slice(0, 120));
    }
  }
  return out;
}"""


@pytest.mark.parametrize("theme", THEMES)
def test_text_at_200_percent_fits_without_clipping(page: Any, themed_site: Callable[[str], Path],
                                                   serve: Callable[[Path], str], theme: str) -> None:
    """WCAG 1.4.4: with the root font size doubled, at 1280 px nothing scrolls sideways and no text is cut."""
    problems: list[str] = []
    for rel, url in pages_of(themed_site, serve, theme):
        open_page(page, url)
        page.evaluate("""() => {
          const root = document.documentElement;
          root.style.fontSize = (2 * parseFloat(getComputedStyle(root).fontSize)) + 'px';
        }""")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 30, "text was not enlarged"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems.append(f"{rel}: scrolls sideways by {overflow}px at 200% text")
        for clipped in page.evaluate(CLIPPED):
            problems.append(f"{rel}: text is clipped at 200%: {clipped}")
    assert not problems, "\n".join(problems)


MOTION = """() => {
  const moving = [];
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const style = getComputedStyle(el, pseudo);
      const durations = (style.transitionDuration + ',' + style.animationDuration).split(',');
      if (style.animationName !== 'none' && style.animationName !== ''
          || durations.some(d => parseFloat(d) > 0)) {
        moving.push(el.tagName + (pseudo || '') + '.' + el.className);
      }
    }
  }
  return moving;
}"""

PROBE = """() => {
  const probe = document.createElement('div');
  probe.style.transition = 'opacity 2s';
  probe.style.animation = 'gongshi-probe 3s infinite';
  document.body.appendChild(probe);
  const style = getComputedStyle(probe);
  const result = [style.transitionDuration, style.animationName];
  probe.remove();
  return result;
}"""


@pytest.mark.parametrize("theme", THEMES)
def test_reduced_motion_stops_transitions_and_animations(page: Any, themed_site: Callable[[str], Path],
                                                         serve: Callable[[Path], str], theme: str) -> None:
    problems: list[str] = []
    for rel, url in pages_of(themed_site, serve, theme):
        page.emulate_media(reduced_motion="no-preference")
        open_page(page, url)
        # The probe shows the check can see motion: without the preference, its transition stays on.
        assert page.evaluate(PROBE) == ["2s", "gongshi-probe"]
        page.emulate_media(reduced_motion="reduce")
        if page.evaluate(PROBE) != ["0s", "none"]:
            problems.append(f"{rel}: reduced motion does not override transitions and animations")
        for el in page.evaluate(MOTION):
            problems.append(f"{rel}: {el} still moves with prefers-reduced-motion: reduce")
    assert not problems, "\n".join(problems)


COLOURS = """() => {
  const pick = sel => { const el = document.querySelector(sel); if (!el) return null;
                        const s = getComputedStyle(el); return [s.color, s.backgroundColor]; };
  return {body: pick('body'), header: pick('.site-header, header'), link: pick('main a[href]')};
}"""


@pytest.mark.parametrize("theme", THEMES)
def test_dark_mode_changes_colours(page: Any, themed_site: Callable[[str], Path],
                                   serve: Callable[[Path], str], theme: str) -> None:
    problems: list[str] = []
    for rel, url in pages_of(themed_site, serve, theme):
        page.emulate_media(color_scheme="light")
        open_page(page, url)
        light = page.evaluate(COLOURS)
        page.emulate_media(color_scheme="dark")
        dark = page.evaluate(COLOURS)
        for part in ("body", "header", "link"):
            if light[part] is not None and light[part] == dark[part]:
                problems.append(f"{rel}: the {part} keeps its colours {light[part]} in dark mode")
    assert not problems, "\n".join(problems)
