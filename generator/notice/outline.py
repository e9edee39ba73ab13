"""The structure of a notice body: numbered sections, items with progress states, and measures.

Reads the Markdown tokens once. It records the section tree (一、 → 二级, （一） → 三级, 1. → 四级,
the items), and rewrites the tokens in place for rendering: stable heading ids, the 【state】
marker turned into a badge, 一是/二是 measures turned into a list, 整改时限/责任单位 lines marked.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from generator.errors import Diagnostic, Location, Severity
from generator.notice.model import Item, ProgressState, Section
from generator.notice.periods import parse_date

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_NUMBER_RES = (
    re.compile(r"^(?P<n>[一二三四五六七八九十百零〇]+)\s*[、.．]\s*"),
    re.compile(r"^[（(]\s*(?P<n>[一二三四五六七八九十百零〇]+)\s*[)）]\s*"),
    re.compile(r"^(?P<n>\d{1,3})\s*[.．、]\s*"),
    re.compile(r"^[（(]\s*(?P<n>\d{1,3})\s*[)）]\s*"),
)
_MARKER_RE = re.compile(r"\s*【([^【】]{1,20})】\s*$")
_MEASURE_RE = re.compile(r"(?:(?<=^)|(?<=[。；;！!]))\s*(?=(?:[一二三四五六七八九十]{1,3})是)")
_META_RE = re.compile(r"^\s*(整改时限|完成时限|责任单位|责任部门)\s*[:：]\s*(.+?)\s*$")
ITEM_LEVEL = 4


def chinese_number(text: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 一百零五 → 105; digits pass through."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = CN_DIGITS[ch]
    return total + current


def split_number(title: str) -> tuple[str, int | None, str]:
    """"（三）建立长效机制" → ("（三）", 3, "建立长效机制")."""
    for pattern in _NUMBER_RES:
        m = pattern.match(title)
        if m:
            return m.group(0).strip(), chinese_number(m.group("n")), title[m.end():].strip()
    return "", None, title.strip()


@dataclass
class _Open:
    """A heading whose children are still being read (mutable only while walking the tokens)."""

    level: int
    anchor: str
    number: str
    title: str
    line: int
    ordinal: int | None
    children: list[_Open] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    item: dict[str, object] | None = None

    def freeze(self) -> Section:
        sections = tuple(c.freeze() for c in self.children if c.level < ITEM_LEVEL)
        return Section(self.anchor, self.level, self.number, self.title, self.line, sections, tuple(self.items))


@dataclass
class Outline:
    sections: tuple[Section, ...]
    diagnostics: list[Diagnostic]


class _Walker:
    def __init__(self, path: str, body_line: int, states: tuple[ProgressState, ...], require_state: bool) -> None:
        self.path, self.body_line = path, body_line
        self.states = {s.label: s for s in states}
        self.by_key = {s.key: s for s in states}
        self.require_state = require_state
        self.diagnostics: list[Diagnostic] = []
        self.roots: list[_Open] = []
        self.stack: list[_Open] = []
        self.ids: set[str] = set()
        self.current_item: _Open | None = None
        self.loose: _Open | None = None

    def loc(self, token: Token) -> Location:
        line = (token.map[0] if token.map else 0) + self.body_line
        return Location(self.path, line)

    def unique(self, anchor: str) -> str:
        base, n = anchor, 2
        while anchor in self.ids:
            anchor, n = f"{base}-{n}", n + 1
        self.ids.add(anchor)
        return anchor

    def heading(self, open_tok: Token, inline: Token) -> None:
        level = int(open_tok.tag[1])
        if level <= ITEM_LEVEL:
            self.finish_item()
        state_label = None
        text = plain_text(inline)
        m = _MARKER_RE.search(text)
        if m and level == ITEM_LEVEL:
            state_label, text = m.group(1).strip(), text[: m.start()]
            _strip_marker(inline, m.group(0))
        number, ordinal, title = split_number(text)
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        parent_ids = [str(o.ordinal) for o in self.stack if o.ordinal is not None]
        if ordinal is not None and len(parent_ids) == len(self.stack):
            anchor = "s" + "-".join(parent_ids + [str(ordinal)])
        else:
            anchor = "h-" + (re.sub(r"[^\w]+", "-", title).strip("-").lower() or "section")
        anchor = self.unique(anchor)
        open_tok.attrSet("id", anchor)
        node = _Open(level, anchor, number, title, self.loc(open_tok).line, ordinal)
        (self.stack[-1].children if self.stack else self.roots).append(node)
        self.stack.append(node)
        if level == ITEM_LEVEL:
            self.start_item(node, state_label, open_tok, inline)

    def start_item(self, node: _Open, label: str | None, open_tok: Token, inline: Token) -> None:
        state: ProgressState | None = None
        if label is not None:
            state = self.states.get(label)
            if state is None:
                self.diagnostics.append(Diagnostic(
                    self.loc(open_tok), f"unknown progress state 【{label}】", field="body",
                    hint="use one of " + "、".join(f"【{s}】" for s in self.states) + " or add it to progress_states in site.yaml"))
        elif self.require_state:
            self.diagnostics.append(Diagnostic(
                self.loc(open_tok), f"item “{node.number}{node.title}” has no progress state", field="body",
                hint="end the heading with a marker such as 【已完成】 or 【推进中】", severity=Severity.WARNING))
        open_tok.attrJoin("class", "item")
        if state is not None:
            open_tok.attrSet("data-state", state.key)
            _append_html(inline, f' <span class="badge state-{state.key}">{html.escape(state.label)}</span>')
        node.item = {"state": state.key if state else None, "deadline": None, "unit": "", "measures": [],
                     "inline": inline, "parent": self.stack[-2] if len(self.stack) >= 2 else None}
        self.current_item = node

    def finish_item(self) -> None:
        node = self.current_item
        if node is None or node.item is None:
            return
        info = node.item
        deadline = info["deadline"]
        state = self.by_key.get(str(info["state"]))
        if isinstance(deadline, dt.date) and not (state and state.done):
            # The label is filled in per page language; the flag shows once the deadline has passed.
            _append_html(info["inline"], f' <span class="overdue" data-deadline="{deadline.isoformat()}" hidden></span>')  # type: ignore[arg-type]
        item = Item(node.anchor, node.number, node.title, info["state"], deadline,  # type: ignore[arg-type]
                    str(info["unit"]), tuple(info["measures"]), node.line)  # type: ignore[arg-type]
        parent = info["parent"]
        (parent.items if isinstance(parent, _Open) else self.roots_items()).append(item)
        self.current_item = None

    def roots_items(self) -> list[Item]:
        """Items before the first section: one untitled top-level section holds them all."""
        if self.loose is None:
            self.loose = _Open(1, self.unique("items"), "", "", 0, None)
            self.roots.append(self.loose)
        return self.loose.items

    def paragraph(self, tokens: list[Token], i: int) -> list[Token] | None:
        """Inside an item: record meta lines and measures; return replacement tokens for measures."""
        inline = tokens[i + 1]
        info = self.current_item.item if self.current_item else None
        if info is None:
            return None
        text = plain_text(inline)
        lines = text.split("\n")
        metas = [_META_RE.match(line) for line in lines]
        if all(metas):
            for m in metas:
                assert m is not None
                self.meta(info, m.group(1), m.group(2), tokens[i])
            tokens[i].attrJoin("class", "item-meta")
            return None
        parts = [p for p in _MEASURE_RE.split(text) if p.strip()]
        measures = [p.strip() for p in parts if re.match(r"^[一二三四五六七八九十]{1,3}是", p.strip())]
        if len(measures) < 2:
            return None
        info["measures"].extend(measures)  # type: ignore[attr-defined]
        if not all(c.type in ("text", "softbreak") for c in inline.children or []):
            return None  # formatted text: keep the paragraph, the measures are still recorded
        return _measure_tokens(parts, tokens[i])

    def meta(self, info: dict[str, object], key: str, value: str, token: Token) -> None:
        if key in ("责任单位", "责任部门"):
            info["unit"] = value
            return
        date = parse_date(value)
        if date is None:
            self.diagnostics.append(Diagnostic(self.loc(token), f"{key} “{value}” is not a date", field="body",
                                               hint=f"write it as {key}：2025年12月31日 or {key}：2025-12-31"))
        info["deadline"] = date


def plain_text(inline: Token) -> str:
    """What a reader reads of an inline token: its text without markup, with escapes and entities
    decoded (``\\*`` is *, ``&amp;`` is &), line breaks as newlines."""
    if inline.children is None:
        return inline.content
    out = []
    for child in inline.children:
        if child.type in ("text", "code_inline", "text_special"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out).strip()


def _strip_marker(inline: Token, marker: str) -> None:
    inline.content = inline.content[: len(inline.content) - len(marker)]
    children = inline.children or []
    if children and children[-1].type == "text" and children[-1].content.endswith(marker.strip()):
        last = children[-1]
        last.content = last.content[: len(last.content) - len(marker.strip())].rstrip()


def _append_html(inline: Token, markup: str) -> None:
    tok = Token("html_inline", "", 0, content=markup)
    inline.children = list(inline.children or []) + [tok]


def _measure_tokens(parts: list[str], para_open: Token) -> list[Token]:
    out: list[Token] = []
    lead = parts[0].strip() if not re.match(r"^[一二三四五六七八九十]{1,3}是", parts[0].strip()) else ""
    if lead:
        out += _paragraph(lead, para_open, hidden=False)
    ol = Token("ordered_list_open", "ol", 1, attrs={"class": "measures"}, map=para_open.map, block=True)
    out.append(ol)
    for part in parts:
        text = part.strip()
        if not text or text == lead:
            continue
        out.append(Token("list_item_open", "li", 1, block=True))
        out += _paragraph(text, para_open, hidden=True)
        out.append(Token("list_item_close", "li", -1, block=True))
    out.append(Token("ordered_list_close", "ol", -1, block=True))
    return out


def _paragraph(text: str, like: Token, hidden: bool) -> list[Token]:
    inline = Token("inline", "", 0, content=text, map=like.map, block=True,
                   children=[Token("text", "", 0, content=text)])
    return [Token("paragraph_open", "p", 1, block=True, hidden=hidden), inline,
            Token("paragraph_close", "p", -1, block=True, hidden=hidden)]


def build_outline(tokens: list[Token], path: str, body_line: int, states: tuple[ProgressState, ...],
                  require_state: bool) -> Outline:
    """Walk the tokens once; rewrite them for rendering and return the section tree."""
    walker = _Walker(path, body_line, states, require_state)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.type == "heading_open" and tok.level == 0:
            walker.heading(tok, tokens[i + 1])
        elif tok.type == "paragraph_open" and tok.level == 0:
            replacement = walker.paragraph(tokens, i)
            if replacement is not None:
                tokens[i:i + 3] = replacement
                i += len(replacement)
                continue
        i += 1
    walker.finish_item()
    return Outline(tuple(o.freeze() for o in walker.roots if o.level < ITEM_LEVEL), walker.diagnostics)
