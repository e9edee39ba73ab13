"""What the search index holds of a notice: its record, read from the notice's rendered page, and the
words of that record as the index spells them.

A record is the notice's title, its text (the body of the page: no navigation, no period banner, no
contact box), what else a reader may copy from the page (contact numbers and addresses, attachment
titles, the signature), and what a result shows and is filtered by (`_search_data.html`).

Chinese has no spaces between words, and a reader's word may sit inside a longer one (整改 in 巡察整改,
流转 in 经营权流转). So every run of Chinese characters is indexed as its overlapping character pairs
(巡察整改 → 巡察 察整 整改), and the search page turns a query into pairs the same way
(static/js/search.js, `encodeQuery`): a query of two or more characters finds every notice that has
them next to each other, whatever a dictionary would call a word. The pairs are written in a
spelling Pagefind keeps as it is (a q and the characters' code points in hexadecimal written with
the letters a–p, 整改 → `qgfhegfdj`): Pagefind's browser code would otherwise cut Chinese queries apart again by its own
rules.

Each distinct word is indexed once per notice (a notice repeats about half of its pairs): what
Pagefind costs grows with the words it is given, and a query needs only to know which notices
have a word. The text a result's excerpt is cut from travels beside, as metadata.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from dataclasses import dataclass, field

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
"""Chinese characters (the basic block, extension A and the compatibility ideographs): what is paired.
static/js/search.js has the same ranges."""

PUNCTUATION = re.compile("[\u2010-\u2027\u2030-\u205e\u3000-\u3003\u3008-\u3011\u3014-\u301f"
                         "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]")
"""Chinese and typographic punctuation: a word ends there (〔2024〕26号 is 〔 2024 〕 26 号), as in the
search page's PUNCTUATION."""

TEXT = "text"
"""The metadata field of a record that names the file of its text as the page has it (`text()`), which
the search page cuts a result's excerpt from. The text is not metadata itself: Pagefind indexes the
words of every metadata value, which would double its work and the index."""

_WORD = re.compile(r"\w")
_PIECE = re.compile(CJK.pattern + r"|[^\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

_RECORD = re.compile(r"<div hidden data-pagefind-ignore data-search-record>(.*?)</div>", re.S)
_FIELD = re.compile(r'data-pagefind-(meta|filter)="([a-z]+):([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"<(?:br|/p|/li|/h[1-6]|/tr|/td|/th|/div|/dd|/dt|/blockquote|/pre|/caption)\b[^>]*>")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\s*\n\s*")

PARTS = (
    ('<div class="notice-body">', "div"),
    ('<section class="contacts"', "section"),
    ('<section class="attachments"', "section"),
    ('<footer class="signature"', "footer"),
)
"""Where the text of a notice page is: the body first (what excerpts come from), then the rest."""


@dataclass
class Record:
    url: str
    title: str
    body: str
    extra: str
    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)


_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")


def pair(char_run: str) -> str:
    """A run of Chinese characters as the index spells it: its overlapping pairs, or the one character.
    Each character is its code point in hexadecimal written with the letters a–p (整 U+6574 → gfhe),
    after a q: 整改 → qgfhegfdj."""
    code = char_run.encode("utf-16-be").hex().translate(_LETTERS)
    if len(code) == 4:
        return "q" + code
    return " ".join(["q" + code[i:i + 8] for i in range(0, len(code) - 4, 4)])


def encode(text: str) -> str:
    """Text as the index spells it: every Chinese run paired, everything else (numbers, Latin words,
    punctuation) as it was."""
    return CJK.sub(lambda m: f" {pair(m.group())} ", PUNCTUATION.sub(lambda m: f" {m.group()} ", text))


def record_of(page: str, url: str) -> Record | None:
    """The search record of a rendered notice page, or None if the page is not one (a ledger, a redirect)."""
    data = _RECORD.search(page)
    if data is None:
        return None
    meta: dict[str, str] = {}
    filters: dict[str, list[str]] = {}
    for kind, name, value in _FIELD.findall(data.group(1)):
        value = html.unescape(value)
        if kind == "meta":
            meta[name] = value
        elif value:
            filters.setdefault(name, []).append(value)
    texts = [_text(_region(page, start, tag)) for start, tag in PARTS]
    return Record(url, meta.get("title", ""), texts[0], "\n".join(t for t in texts[1:] if t), meta, filters)


def tokens(text: str) -> list[str]:
    """Every distinct word of `text` as the index spells it (pairs, numbers, Latin words), once each,
    in the order of their first occurrence; punctuation alone is no word. (The words of `encode`, found
    on the text itself: each Chinese run is spelt whole and its pairs cut from the spelling, four letters
    a character.)"""
    words: list[str] = []
    for piece in _PIECE.findall(PUNCTUATION.sub(" ", text)):
        if CJK.match(piece) is None:
            if _WORD.search(piece):
                words.append(piece)
            continue
        code = piece.encode("utf-16-be").hex().translate(_LETTERS)
        if len(code) == 4:
            words.append("q" + code)
        else:
            words += ["q" + code[i:i + 8] for i in range(0, len(code) - 4, 4)]
    return list(dict.fromkeys(words))


def document(record: Record, lang: str, text_file: str = "") -> str:
    """The record as the HTML page Pagefind indexes: each distinct word of the text once, the title's
    words as a heading of the highest weight (a match there ranks the notice above those without one),
    the metadata and filters, and `text_file`, where the text is kept for the excerpt (the indexed
    words no longer read as text)."""
    esc = html.escape
    title = tokens(record.title)
    seen = set(title)
    words = [t for t in tokens(record.body + "\n" + record.extra) if t not in seen]
    meta = dict(record.meta)
    if text_file:
        meta[TEXT] = text_file
    fields = "".join(f'<span data-pagefind-meta="{esc(k)}:{esc(v)}"></span>' for k, v in sorted(meta.items()))
    fields += "".join(f'<span data-pagefind-filter="{esc(k)}:{esc(v)}"></span>'
                      for k, values in sorted(record.filters.items()) for v in values)
    return (f'<!DOCTYPE html><html lang="{esc(lang)}"><head><title>{esc(record.title)}</title></head>'
            f"<body><main data-pagefind-body>{fields}<p>{esc(' '.join(words))}</p>"
            f'<h1 data-pagefind-weight="10">{esc(" ".join(title))}</h1></main></body></html>')


def text(record: Record) -> bytes:
    """The file of a record's text, for the excerpt: {"body": …, "extra": …} as gzip-compressed JSON
    (made the same from build to build)."""
    data = json.dumps({"body": record.body, "extra": record.extra}, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(data.encode("utf-8"), mtime=0)


def _region(page: str, start: str, tag: str) -> str:
    """The inside of the first element that begins with `start`, its own nested `tag`s counted."""
    at = page.find(start)
    if at < 0:
        return ""
    begin = page.find(">", at) + 1
    depth = 1
    for m in re.finditer(rf"<(/?){tag}\b", page[begin:]):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return page[begin:begin + m.start()]
    return page[begin:]


def _text(fragment: str) -> str:
    if not fragment:
        return ""
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", fragment)))
    return _LINES.sub("\n", _SPACE.sub(" ", text)).strip()


_PAIRED = re.compile(r"q((?:[a-p]{4}){1,2})")
_DIGITS = str.maketrans("abcdefghijklmnop", "0123456789abcdef")


def decode(content: str) -> str:
    """The index's words spelt back into characters (for tests and tools reading an index): a run of
    pairs becomes its characters again, spaces stay only between words of other scripts."""
    out: list[str] = []
    last: str | None = None
    last_kind = ""
    for token in content.split():
        m = _PAIRED.fullmatch(token)
        if m:
            code = m.group(1).translate(_DIGITS)
            chars = [chr(int(code[i:i + 4], 16)) for i in range(0, len(code), 4)]
            out.append(chars[1] if len(chars) == 2 and last == chars[0] else "".join(chars))
            last = chars[1] if len(chars) == 2 else None
            last_kind = "cjk"
            continue
        last = None
        kind = "word" if re.search(r"[A-Za-z0-9]", token) else "punct"
        if out and last_kind == "word" and kind == "word":
            out.append(" ")
        out.append(token)
        last_kind = kind
    return "".join(out)
