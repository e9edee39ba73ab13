"""Hostile content for the security tests: a corpus of cross-site-scripting payloads, and a content
folder that carries them in every field a notice and site.yaml have (inert.py checks the outputs).

Every payload that could run sets `window.pwned`, so a browser test can assert the flag stays unset.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

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
