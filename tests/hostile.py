"""Hostile content for the security tests: a corpus of cross-site-scripting payloads, a content
folder that carries them in every field a notice and site.yaml have, and checks that an output
file of each kind (HTML, XML feeds, JSON, .ics, CSV) is inert.

Every payload that could run sets `window.pwned`, so a browser test can assert the flag stays unset.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from bs4 import BeautifulSoup
from conftest import SAMPLE_CONTENT

FLAG = "pwned"
SET_FLAG = f"window.{FLAG}=1"
WORD = "zxqvhostile"
"""A word that occurs only in hostile content, to find it in the search index and with the search box."""

PAYLOADS = (
    f"<script>{SET_FLAG}</script>",
    f'"><script>{SET_FLAG}</script>',
    f"'><img src=x onerror={SET_FLAG}>",
    f'<img src="x" onerror="{SET_FLAG}">',
    f'<svg onload="{SET_FLAG}"><script>{SET_FLAG}</script></svg>',
    f"<svg><a xlink:href=\"javascript:{SET_FLAG}\"><text>svg</text></a></svg>",
    f'<a href="javascript:{SET_FLAG}">link</a>',
    f'<a href="data:text/html,<script>{SET_FLAG}</script>">data</a>',
    f"<iframe srcdoc=\"<script>parent.{SET_FLAG}</script>\"></iframe>",
    f'<details open ontoggle="{SET_FLAG}"><summary>x</summary></details>',
    f'<body onload="{SET_FLAG}">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{SET_FLAG}">',
    '<base href="javascript:/">',
    f"<style>@import 'javascript:{SET_FLAG}';</style>",
    f"<object data=\"javascript:{SET_FLAG}\"></object><embed src=\"javascript:{SET_FLAG}\">",
    f'<input autofocus onfocus="{SET_FLAG}">',
    f"<noscript><p title=\"</noscript><img src=x onerror={SET_FLAG}>\"></noscript>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={SET_FLAG}></style></mglyph></table></mtext></math>",
    f"</textarea></title></style></script><script>{SET_FLAG}</script>",
    f"--><!--<script>{SET_FLAG}</script>-->",
    f"]]><![CDATA[<script>{SET_FLAG}</script>]]>",
    f"&lt;script&gt;{SET_FLAG}&lt;/script&gt; &#60;img src=x onerror={SET_FLAG}&#62; &amp;lt;b&amp;gt;",
    f"\uff1cscript\uff1e{SET_FLAG}\uff1c/script\uff1e",
    f"java\u200bscript:{SET_FLAG} JaVaScRiPt:{SET_FLAG} \u202eevil\u202c \ufe64script\ufe65",
    f"';{SET_FLAG};//\";{SET_FLAG};//`${{{SET_FLAG}}}`",
    "{{ 7*7 }} {{ config.__class__ }} {% for x in range(3) %}loop{% endfor %} {# c #} ${7*7} #{7*7}",
    "{0.__class__} {title} %s %(x)s",
    "=HYPERLINK(\"http://example.invalid\",\"x\")",
    "control\x00chars\x07and\x1bescape",
    "line\r\nBEGIN:VEVENT\r\nX-INJECTED:1",
)
"""Script tags, event handlers (quoted, which Markdown reads as raw HTML, and unquoted, which it does not), javascript: and data: URLs, SVG and MathML, markup-breaking
sequences for each context (attributes, comments, CDATA, raw-text elements), entities, Unicode
look-alikes and invisible characters, template syntax, format strings, a spreadsheet formula,
control characters and an iCalendar line injection."""

TEMPLATE_SYNTAX = ("{{ 7*7 }}", "{% for x in range(3) %}loop{% endfor %}", "${7*7}")
"""What must appear literally in the text of the pages (never evaluated)."""

LINK_TARGETS = (
    f"javascript:{SET_FLAG}",
    f"JaVaScRiPt:{SET_FLAG}",
    f"java\tscript:{SET_FLAG}",
    f"java&#x09;script:{SET_FLAG}",
    f"&#106;avascript:{SET_FLAG}",
    f"%6Aavascript:{SET_FLAG}",
    f"\x01javascript:{SET_FLAG}",
    f"java\u200bscript:{SET_FLAG}",
    f"\uff4aavascript:{SET_FLAG}",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cucHduZWQ9MTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "file:///etc/passwd",
    f"\"onmouseover=\"{SET_FLAG}",
)

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def text(count: int = len(PAYLOADS), start: int = 0) -> str:
    """Payloads, joined, starting at `start` and wrapping around: a different mix for each field."""
    picked = [PAYLOADS[(start + i) % len(PAYLOADS)] for i in range(count)]
    return f"{WORD} " + " ".join(picked)


def y(value: str) -> str:
    """A YAML double-quoted scalar holding exactly `value` (any character YAML would not read raw is escaped)."""
    out = json.dumps(value, ensure_ascii=False)
    return re.sub("[\x7f-\x9f\u2028\u2029\ufeff]", lambda m: f"\\u{ord(m.group()):04x}", out)


def body(allow_html: bool) -> str:
    """A Markdown body with payloads as text, raw HTML, headings, items, 责任单位 lines, links and images.

    (A NUL would make the file binary, which is refused: here it is written as U+FFFD.)"""
    links = "\n".join(f"- [link {i}](<{t}>) and ![image {i}](<{t}>) and <{t}>" for i, t in enumerate(LINK_TARGETS))
    refs = "\n".join(f"[ref{i}]: <{t}>" for i, t in enumerate(LINK_TARGETS))
    ref_uses = " ".join(f"[r{i}][ref{i}]" for i in range(len(LINK_TARGETS)))
    payloads = [p.replace("\x00", "\ufffd") for p in PAYLOADS]
    raw = "\n\n".join(payloads)
    inline = " ".join(f"text {p} more" for p in payloads)
    wrapped = "<div class=\"note\">\n\n**Markdown inside HTML** " + WORD + "\n\n</div>" if allow_html else ""
    return f"""
{WORD} 正文 {inline}

{raw}

## 一、{PAYLOADS[0]} {{{{ 7*7 }}}}

### （一）{PAYLOADS[2]}

#### 1. {PAYLOADS[6]} =1+1【已完成】

整改时限：2026年12月31日
责任单位：=HYPERLINK("http://example.invalid","x")

一是{PAYLOADS[3]}。二是{PAYLOADS[22]}。

#### 2. 第二项【推进中】

责任单位：@SUM(1+1)

一是+1+1。二是-1+1。

#### 3. 第三项【推进中】

责任单位：\t=1+1

#### 4. 第四项【推进中】

责任单位：\uff1d1+1

#### 5. 第五项【=cmd|' /C calc'!A0】

{payloads[-1]}

{links}

{ref_uses}

{refs}

{wrapped}

| {PAYLOADS[0]} | {{{{ 7*7 }}}} |
|---|---|
| {PAYLOADS[2]} | [cell](<javascript:{SET_FLAG}>) |

```html
{PAYLOADS[0]}
```

脚注[^x]。

[^x]: {PAYLOADS[3]}
"""


def notice(slug_free: bool, allow_html: bool, n: int = 0) -> str:
    """A rectification report with payloads in every free-text field of the front matter."""
    return f"""---
title: {y(text(start=n))}
issuer: {y(text(6, 3 + n))}
kind: rectification-progress
issued: 2026-11-20
summary: {y(text(start=5 + n))}
tags: [{y(text(3, 1))}, {y(PAYLOADS[4])}, {y('{{ 7*7 }}')}, {y('=1+1')}, {y(TEMPLATE_SYNTAX[1])}]
disclosure:
  start: 2026-11-20
  end: 2026-12-20
contacts:
  - kind: phone
    value: 0415-5138995
    label: {y(text(start=7))}
    note: {y(text(start=9))}
    hours: 工作日 8:30-17:00
  - kind: post
    value: {y(text(start=11))}
    postcode: "118000"
    label: {y(PAYLOADS[1])}
  - kind: in-person
    value: {y(text(start=13))}
  - kind: email
    value: jubao@example.org
    label: {y(PAYLOADS[12])}
  - kind: web
    value: https://example.org/report?a=1&b=%22%3E%3Cscript%3E&c='x'
    label: {y(PAYLOADS[7])}
site_contacts: true
signature:
  by: {y(text(start=15))}
attachments:
  - file: report.pdf
    title: {y(text(start=17))}
    description: {y(text(start=19))}
revisions:
  - date: 2026-11-25
    kind: correction
    note: {y(text(start=21))}
  - date: 2026-11-26
    kind: extension
    end: 2026-12-25
    note: {y(text(start=23))}
progress_updates:
  - date: 2026-11-27
    note: {y(text(start=25))}
aliases: [/old/{"x" if slug_free else "y"}-{n}.html]
---
{body(allow_html)}
"""


SITE = """title: {title}
description: {description}
base_url: https://example.org/notices/
language: zh-CN
timezone: Asia/Shanghai
allow_html: {allow_html}
contacts:
  - kind: web
    value: https://www.12388.gov.cn/
    label: {label}
    note: {note}
  - kind: post
    value: {post}
footer:
  organisation: {organisation}
  site_code: {site_code}
  icp: {icp}
  police: {police}
  police_code: {police_code}
progress_states:
  - {{label: 已完成, key: done, done: true}}
  - {{label: 推进中, key: in-progress}}
  - {{label: {state_label}, key: custom, color: "#123456"}}
"""


def make_site(root: Path, allow_html: bool) -> Path:
    """A content folder whose site.yaml and notices carry the corpus; returns the content folder."""
    content = root / "content"
    (content / "notices").mkdir(parents=True)
    fields = {k: y(text(start=i * 2)) for i, k in enumerate(
        ("title", "description", "label", "note", "post", "organisation", "site_code", "icp", "police"))}
    fields["police_code"] = y("1&x=\"><script>" + SET_FLAG + "</script>")
    fields["state_label"] = y("=cmd|' /C calc'!A0")
    (content / "site.yaml").write_text(SITE.format(allow_html=str(allow_html).lower(), **fields), "utf-8")
    for n in range(2):
        folder = content / "notices" / f"hostile-{n}"
        folder.mkdir()
        (folder / "index.md").write_text(notice(n == 0, allow_html, n), "utf-8")
        shutil.copy(next((SAMPLE_CONTENT / "notices").rglob("*.pdf")), folder / "report.pdf")
    return content


# ---------------------------------------------------------------- checks

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
    if name in ("input", "button", "select", "option", "output"):
        form = el.find_parent("form")
        return form is None or _theirs(form, own_markup)
    if name == "svg":
        return "bar" not in (el.get("class") or []) or any(c.name != "rect" for c in el.find_all(True))
    if name == "noscript":
        return [c.name for c in el.find_all(True)] != ["p"] or "search-note" not in (el.p.get("class") or [])
    return True


def _own_script(el: Any) -> bool:
    """The theme's scripts: same-origin files under static/js/, and the JSON block of interface strings."""
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
