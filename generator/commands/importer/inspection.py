"""An inspection announcement's two facts: the inspection's own span and the deadline for letters.

Announcements of a 巡察/巡视 state them in running text ("巡察组于2025年3月10日至5月10日对…开展巡察",
"从…至…", "巡察时间：…至…") and as a deadline ("受理信访截止时间为…", "截止时间为…", "受理信访时间截止到…",
"受理时间：…至…"). The disclosure period of the announcement is the time the public can write in:

* it starts when the inspection starts (else on the announcement's date),
* it ends on the deadline for letters (else when the inspection ends).

A labelled 公示期/公开期限 in the text wins over this rule (see period.py). Both facts are kept in the
notice's `summary`, in words, so the file carries what the announcement says even where the period
had to choose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from generator.commands.importer.dates import DATE_RE, Range, date_of, parse_range
from generator.commands.importer.text import Line, clause_end

SPAN_CONTEXT_RE = re.compile(r"巡[察视]")
SPAN_LABEL_RE = re.compile(r"(?:巡[察视]|进驻)(?:时间|期间|期限)\s*(?:为|是)?\s*[:：]?")
LETTERS_LABEL_RE = re.compile(r"(?:信访)?受理(?:信访|来信来电来访|来信来电|举报)?(?:期限|期间|时间)\s*(?:为|是)?\s*[:：]?")
DEADLINE_RE = re.compile(r"(?:截止|截至)(?:时间|日期)?\s*(?:为|是|到|至)?\s*[:：]?\s*")


@dataclass(frozen=True, slots=True)
class Inspection:
    span: Range | None = None
    span_line: int = 0
    deadline: date | None = None
    deadline_line: int = 0
    word: str = "巡察"  # 巡视 for a 巡视组's announcement

    def summary(self) -> str:
        """Both facts in words, for the notice's `summary`."""
        parts = []
        if self.span and self.span.start and self.span.end:
            parts.append(f"{self.word}时间：{cn_date(self.span.start)}至{cn_date(self.span.end)}")
        if self.deadline:
            parts.append(f"受理信访截止：{cn_date(self.deadline)}")
        return "；".join(parts) + "。" if parts else ""


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _sentences(ln: Line) -> list[str]:
    out, pos = [], 0
    while pos < len(ln.text):
        end = clause_end(ln.text, pos, "。！？；;")
        out.append(ln.text[pos:end])
        pos = end + 1
    return out


def extract_inspection(lines: Sequence[Line], known: date | None) -> Inspection:
    """The first span of the inspection and the first deadline for letters in the text."""
    year = known.year if known else None
    span: Range | None = None
    span_line, deadline, deadline_line = 0, None, 0
    for ln in lines:
        for sentence in _sentences(ln):
            cut = DEADLINE_RE.search(sentence)
            if deadline is None and cut:
                m = DATE_RE.match(sentence, cut.end())
                found = date_of(m) if m else None
                if found is not None:
                    deadline, deadline_line = found, ln.number
            letters = LETTERS_LABEL_RE.search(sentence)
            if letters:
                window = parse_range(sentence[letters.end() :], year)
                if deadline is None and window.end and not window.damaged:
                    deadline, deadline_line = window.end, ln.number
                continue
            if span is None and SPAN_CONTEXT_RE.search(sentence):
                label = SPAN_LABEL_RE.search(sentence)
                found_span = parse_range(sentence[label.end() :] if label else sentence, year)
                if found_span.start and found_span.end and not found_span.damaged:
                    span, span_line = found_span, ln.number
    word = "巡视" if any("巡视" in ln.text for ln in lines) and not any("巡察" in ln.text for ln in lines) else "巡察"
    return Inspection(span, span_line, deadline, deadline_line, word)


def disclosure_of(facts: Inspection, known: date | None) -> tuple[date | None, date | None, int]:
    """(start, end, line) of the disclosure period by the rule above; line is where the end came from."""
    start = facts.span.start if facts.span else known
    end, line = (facts.deadline, facts.deadline_line) if facts.deadline else (
        (facts.span.end, facts.span_line) if facts.span else (None, 0))
    if start and end and end < start:  # a deadline before the inspection starts: take the span alone
        start, end, line = (facts.span.start, facts.span.end, facts.span_line) if facts.span else (None, None, 0)
    return start, end, line
