"""Checks that an output file of each kind is inert: HTML pages and fragments (nothing that runs or
loads beyond the theme's own scripts), the Atom feed and the HTML inside it, JSON, .ics and CSV.
Each returns a list of problems (empty when the file is inert); `output_problems` checks a whole site."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from bs4 import BeautifulSoup

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def scheme(url: str) -> str | None:
    """The scheme a browser reads in a URL (after removing tabs and newlines and trimming controls)."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip("".join(chr(c) for c in range(0x21)))
    m = _SCHEME.match(cleaned)
    return m.group(1).lower() if m else None


OWN_FORMS = ("site-search", "search-form", "ledger-filter")
"""Forms the theme itself puts on pages (the search boxes and the ledger's filter)."""
RISKY = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "link", "meta", "form",
         "input", "button", "select", "textarea", "option", "output", "svg", "math", "noscript", "template",
         "video", "audio", "source", "track", "portal", "dialog"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "cite", "srcset", "background",
             "ping", "manifest", "codebase"}


def _theirs(el: Any, own_markup: bool) -> bool:
    """Whether an element that can load, submit or run something was put there by content, not the theme."""
    if not own_markup:
        return True
    name = el.name.lower()
    if name in ("link", "meta", "base", "style"):
        return el.find_parent("head") is None or name in ("base", "style")
    if name == "form":
        return not any(c in OWN_FORMS for c in el.get("class") or [])
    if name == "button" and "senior-toggle" in (el.get("class") or []) and el.find_parent("form") is None:
        return el.get("type") != "button" or el.find_parent("header", class_="site-header") is None
    if name in ("input", "button", "select", "option", "output"):
        form = el.find_parent("form")
        return form is None or _theirs(form, own_markup)
    if name == "svg" and "qr" in (el.get("class") or []):  # the print header's QR code: paths only
        return el.find_parent("aside", class_="print-source") is None or any(
            c.name != "path" or set(c.attrs) - {"d", "fill", "stroke"} for c in el.find_all(True))
    if name == "svg":
        return "bar" not in (el.get("class") or []) or any(c.name != "rect" for c in el.find_all(True))
    if name == "noscript":
        return [c.name for c in el.find_all(True)] != ["p"] or "search-note" not in (el.p.get("class") or [])
    return True


def _own_script(el: Any) -> bool:
    """The theme's scripts: same-origin files under static/js/, and the JSON block of interface strings."""
    if el.get("type") == "application/ld+json" and set(el.attrs) == {"type"}:
        text = el.string or ""
        try:  # the notice's structured data: a data block, JSON with every < escaped
            json.loads(text)
        except ValueError:
            return False
        return "<" not in text
    if el.get("type") == "application/json" and el.get("id") == "gongshi-strings":
        try:
            json.loads(el.string or "")
        except ValueError:
            return False
        return True
    src = el.get("src") or ""
    return bool(src) and scheme(src) is None and not src.startswith("//") and "static/js/" in src \
        and not (el.string or "").strip() and set(el.attrs) <= {"src", "defer"}


def html_problems(markup: str, where: str, own_markup: bool = True) -> list[str]:
    """Everything in an HTML document (or, with own_markup=False, a fragment) that could run or load:
    script elements other than the site's own, event-handler attributes, unsafe URL schemes, frames,
    plug-ins, styles, forms, refreshes and the like that the theme did not put there."""
    doc = BeautifulSoup(markup, "html.parser")
    problems = []
    for el in doc.find_all(True):
        name = el.name.lower()
        if name == "script" and not (own_markup and _own_script(el)):
            problems.append(f"{where}: script element {str(el)[:120]}")
        if name in RISKY and _theirs(el, own_markup):
            problems.append(f"{where}: <{name}> element {str(el)[:120]}")
        if name == "meta" and el.get("http-equiv", "").lower() == "refresh":
            target = el.get("content", "").split("url=", 1)[-1]
            if scheme(target) not in (None, "http", "https"):
                problems.append(f"{where}: refresh to {target!r}")
        for attr, value in el.attrs.items():
            attr = attr.lower()
            values = value if isinstance(value, list) else [value]
            if attr.startswith("on"):
                problems.append(f"{where}: event handler {attr}= on <{name}>")
            if attr in ("style", "srcdoc", "formaction"):
                problems.append(f"{where}: {attr}= on <{name}>")
            if attr in URL_ATTRS:
                for v in values:
                    s = scheme(str(v))
                    if s is not None and s not in SAFE_SCHEMES and not (own_markup and name == "link"
                                                                         and str(v) == "data:,"):
                        problems.append(f"{where}: {attr}={str(v)[:80]!r} on <{name}>")
    return problems


def template_evaluated(markup: str) -> bool:
    """Whether a page shows a template expression's result (49) where the corpus wrote {{ 7*7 }}."""
    page_text = BeautifulSoup(markup, "html.parser").get_text(" ")
    return "{{ 7*7 }}" not in page_text or bool(re.search(r"(?<![\d.])49(?![\d.])", page_text))


def feed_problems(data: bytes, where: str) -> list[str]:
    """An Atom feed must parse as XML; the HTML inside its content elements is checked again."""
    root = ET.fromstring(data)
    problems = []
    ns = "{http://www.w3.org/2005/Atom}"
    for el in root.iter():
        if not el.tag.startswith(ns) and el.tag not in ("feed",):
            problems.append(f"{where}: element {el.tag} outside the Atom namespace")
        for attr, value in el.attrib.items():
            if attr in ("href", "src") and scheme(value) not in (None, "http", "https"):
                problems.append(f"{where}: {attr}={value!r}")
    contents = list(root.iter(ns + "content"))
    for c in contents:
        problems += html_problems(c.text or "", where + " <content>", own_markup=False)
    if not contents:
        problems.append(f"{where}: no <content> element to check")
    return problems


def json_problems(data: bytes, where: str) -> list[str]:
    """JSON must parse; every string that holds HTML (content_html) is checked as HTML; URLs are http(s)."""
    problems: list[str] = []

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str):
            if key in ("content_html", "html"):
                problems.extend(html_problems(value, f"{where} {key}", own_markup=False))
            if key in ("url", "href", "home_page_url", "feed_url", "data_url", "$schema"):
                if scheme(value) not in (None, "http", "https", "mailto", "tel"):
                    problems.append(f"{where}: {key}={value!r}")

    walk(json.loads(data.decode("utf-8")))
    return problems


ICS_PROPERTIES = {"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "UID", "DTSTAMP", "DTSTART",
                  "DTEND", "SUMMARY", "DESCRIPTION", "LOCATION", "URL", "TRANSP"}


def ics_problems(data: bytes, where: str) -> list[str]:
    """Only the properties the site writes, each once per component; no bare CR or LF; folded lines."""
    text_ = data.decode("utf-8")
    problems = []
    if re.search(r"\r(?!\n)|(?<!\r)\n", text_):
        problems.append(f"{where}: a line break that is not CRLF")
    unfolded = re.sub(r"\r\n[ \t]", "", text_)
    names = [re.split(r"[:;]", line, maxsplit=1)[0] for line in unfolded.split("\r\n") if line]
    unknown = sorted(set(names) - ICS_PROPERTIES)
    if unknown:
        problems.append(f"{where}: unexpected properties {unknown}")
    begins = [line for line in unfolded.split("\r\n") if line.startswith("BEGIN:")]
    if begins != ["BEGIN:VCALENDAR", "BEGIN:VEVENT"]:
        problems.append(f"{where}: components {begins}")
    for line in text_.split("\r\n"):
        if len(line.encode("utf-8")) > 75:
            problems.append(f"{where}: a line longer than 75 octets")
    return problems


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_problems(data: bytes, where: str) -> list[str]:
    """No cell a spreadsheet would read as a formula (after leading spaces), in any row."""
    problems = []
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    if len(rows) < 2:
        problems.append(f"{where}: no rows to check")
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell.lstrip(" \u3000").startswith(FORMULA_START):
                problems.append(f"{where}: row {r + 1} column {c + 1} starts like a formula: {cell[:40]!r}")
    return problems


def output_problems(site: Path) -> tuple[list[str], dict[str, int]]:
    """Check every file of a built site by its kind; returns the problems and how many files of each kind were checked."""
    problems: list[str] = []
    checked: dict[str, int] = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file() or path.relative_to(site).parts[0] in ("static", "pagefind"):
            continue
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        kind = path.suffix.lstrip(".")
        if kind == "html":
            markup = data.decode("utf-8")
            problems += html_problems(markup, rel)
            if "{{ 7*7 }}" in data.decode("utf-8") and template_evaluated(markup):
                problems.append(f"{rel}: template syntax was evaluated")
        elif rel == "feed.xml":
            problems += feed_problems(data, rel)
        elif kind == "xml":
            ET.fromstring(data)
        elif kind == "json":
            problems += json_problems(data, rel)
        elif kind == "ics":
            problems += ics_problems(data, rel)
        elif kind == "csv" and rel.endswith("ledger.csv"):
            problems += csv_problems(data, rel)
        else:
            continue
        checked[kind] = checked.get(kind, 0) + 1
    return problems, checked
