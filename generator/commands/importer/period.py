"""The disclosure period: labelled (公示期…), in a 公示 sentence, or from working days."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from generator.commands.importer.dates import CN_SMALL, DATE_RE, Range, number_of, parse_range
from generator.commands.importer.inspection import Inspection, disclosure_of
from generator.commands.importer.text import Line, clause_end, warn
from generator.errors import Diagnostic

PERIOD_LABEL_RE = re.compile(r"公开期限|公示期限|公示期间|公示时间|公示日期|公示时限|公示期|公告期|公开期|公开时间")

PERIOD_LABEL2_RE = re.compile(r"受理期限|受理期间|受理时间|巡察期间|巡察时间|巡视期间|巡视时间"
                              r"|征求意见(?:时间|期限|期间)|意见反馈(?:时间|期限)|公开征求意见期")

PERIOD_CONTEXT_RE = re.compile(r"公示|公开|公告")

DEADLINE_RE = re.compile(r"(?:截止|截至)(?:时间|日期)?\s*(?:为|是|到|至)?\s*[:：]?\s*(?=\d|[〇零二])")
""""公示截止时间为2025年6月20日": the end of the period, which starts with the notice."""

BEFORE_RE = re.compile(r"于\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:\d{1,2}[:：]\d{2}\s*)?(?:前|之前|以前)")
""""请于2025年4月21日前": a deadline inside the period."""

FROM_TO_RE = re.compile(r"自\s*\S{4,30}?\s*(?:起\s*)?至\s*\S{2,30}?止")  # "自2025年7月21日起至8月8日止"

WORKING_DAYS_RE = re.compile(rf"(\d{{1,2}}|[{CN_SMALL}]{{1,3}})\s*个?\s*工作日")

CALENDAR_DAYS_RE = re.compile(rf"^\s*(?:为|是|[:：])?\s*(\d{{1,2}}|[{CN_SMALL}]{{1,3}})\s*(?:个)?(?:自然日|天|日)")


@dataclass(frozen=True, slots=True)
class Period:
    start: date | None = None
    end: date | None = None
    working_days: int | None = None
    start_clock: time | None = None  # "2025年7月21日9:00至…": the time of day, when given
    end_clock: time | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    line: int = 0  # where the period was read (for --explain)


@dataclass(frozen=True, slots=True)
class PeriodFact:
    """What one sentence about the period says."""

    line: int
    range: Range
    working_days: int | None  # "公示期为5个工作日"
    days: int | None  # "公示期为7天"


def period_clauses(lines: Sequence[Line]) -> Iterator[tuple[int, str, int]]:
    """(line, clause, rank): rank 0 after a 公示期… label or a 公示 sentence with 自…起至…止,
    1 after 受理期限/巡察期间…, 2 any other sentence that mentions 公示/公开/公告."""
    for k, ln in enumerate(lines):
        for rank, label_re in enumerate((PERIOD_LABEL_RE, PERIOD_LABEL2_RE)):
            for m in label_re.finditer(ln.text):
                clause = ln.text[m.end() : clause_end(ln.text, m.end())]
                if not clause.strip(" ：:　") and k + 1 < len(lines):  # "二、公示时间", the dates below
                    yield lines[k + 1].number, lines[k + 1].text, rank
                else:
                    yield ln.number, clause, rank
        pos = 0
        while pos < len(ln.text):
            end = clause_end(ln.text, pos, "。！？")
            sentence = ln.text[pos:end]
            if PERIOD_CONTEXT_RE.search(sentence) and not PERIOD_LABEL_RE.search(sentence):
                yield ln.number, sentence, 0 if FROM_TO_RE.search(sentence) else 2
            pos = end + 1


def extract_period(lines: Sequence[Line], known: date | None, path: str,
                   inspection: Inspection | None = None) -> Period:
    """The disclosure period: start, and end or a number of working days. For an inspection
    announcement without a 公示期 label, the rule of inspection.py sets it from its two facts."""
    year = known.year if known else None
    found: dict[int, list[PeriodFact]] = {0: [], 1: [], 2: []}
    for line, clause, rank in period_clauses(lines):
        span = parse_range(clause, year)
        deadline = DEADLINE_RE.search(clause)
        if deadline and span.start and not span.end and DATE_RE.match(clause, deadline.end()):
            span = Range(None, span.start)  # "公示截止时间为…": an end, the start is the notice's date
        elif span.start and not span.end and BEFORE_RE.search(clause):
            span = Range(None, span.start)  # "请于2025年4月21日前反映": the last day, not the first
        wd = WORKING_DAYS_RE.search(clause)
        cal = CALENDAR_DAYS_RE.match(clause) if rank == 0 else None
        if rank == 2 and span.end is None and not (deadline and span.start is None and span.end):
            continue  # an unlabelled sentence counts only with a full range
        if rank == 1 and (span.end is None or wd):
            continue
        if not (span.start or span.end or wd or cal or span.damaged):
            continue
        found[rank].append(PeriodFact(line, span, number_of(wd.group(1)) if wd else None,
                                       number_of(cal.group(1)) if cal else None))
    if not found[0] and inspection is not None and (inspection.span or inspection.deadline):
        start, end, line = disclosure_of(inspection, known)
        if start and end:
            what = ("the inspection's start and the deadline for letters" if inspection.span and inspection.deadline
                    else "the deadline for letters" if inspection.deadline else "the inspection's span")
            return Period(start, end, line=line, diagnostics=(warn(
                path, line, "disclosure", f"disclosure period set from {what} (no 公示期 label in the text)",
                "check `disclosure`; `summary` says both facts"),))
    rank = next((r for r in (0, 1, 2) if found[r]), None)  # type: ignore[assignment]
    if rank is None:
        return Period(diagnostics=(warn(path, 0, "disclosure", "no disclosure period found",
                                          "add `disclosure:` (start and end, or working_days) by hand"),))
    return settle_period(found[rank], rank, known, path)


def settle_period(
    facts: list[PeriodFact], rank: int, known: date | None, path: str,
) -> Period:
    """Merge what the period clauses said (start may be given in one, working days in another)."""
    line = facts[0].line
    first = next((f.range for f in facts if f.range.start), Range())
    last = next((f.range for f in facts if f.range.end), Range())
    start, end = first.start, last.end
    working_days = next((f.working_days for f in facts if f.working_days), None)
    days = next((f.days for f in facts if f.days), None)
    warnings: list[Diagnostic] = []
    damaged = next((f for f in facts if f.range.damaged), None)
    if damaged is not None:
        return Period(diagnostics=(warn(path, damaged.line, "disclosure", "a date of the period is damaged (e.g. "
                                        "2025年1021日) and was not read; no period written",
                                        "add `disclosure:` by hand from the notice"),))
    if rank:
        warnings.append(warn(path, line, "disclosure", "disclosure period taken from a sentence without a "
                              "公示期/公开期限 label", "check `disclosure`"))
    if first.year_guessed:
        warnings.append(warn(path, line, "disclosure", "the period start has no year; took the year of "
                              "the notice's date", "check `disclosure.start`"))
    if start is None and known is not None:
        start = known
        warnings.append(warn(path, line, "disclosure", "the period does not say when it starts; used the "
                              "notice's date", "check `disclosure.start`"))
    if working_days and end and start:
        if end not in working_day_ends(start, working_days):
            warnings.append(warn(path, line, "disclosure", f"the text gives {working_days} working days and "
                                  f"the end {end.isoformat()}; they could not be confirmed to agree; kept "
                                  "working_days", "check the end date against the holiday calendar"))
        end = None
    if days and start and not end and not working_days:
        end = start + timedelta(days=days - 1)
        warnings.append(warn(path, line, "disclosure", f"the period is given as {days} days; computed the "
                              f"end {end.isoformat()}", "check `disclosure.end`"))
    if start and end and end < start:
        warnings.append(warn(path, line, "disclosure", "the period ends before it starts"))
    end_clock = last.end_clock if end else None
    if start and not end and not working_days:  # half a period would fail `gongshi check`
        warnings.append(warn(path, line, "disclosure", f"the period starts {start.isoformat()} but its end was "
                             "not understood; no period written", "add `disclosure:` (start and end) by hand"))
        return Period(diagnostics=tuple(warnings))
    return Period(start, end, None if end else working_days, first.start_clock, end_clock, tuple(warnings), line)


def working_day_ends(start: date, count: int) -> set[date]:
    """Possible last days of `count` working days from `start` (counting `start` itself or not)."""
    try:
        from chinese_calendar import is_workday
    except ImportError:
        return set()
    ends: set[date] = set()
    for first in (start, start + timedelta(days=1)):
        day, seen = first, 0
        try:
            while seen < count and day - first < timedelta(days=count * 3 + 15):
                seen += 1 if is_workday(day) else 0
                day += timedelta(days=1)
        except NotImplementedError:  # the calendar does not know that year
            return set()
        if seen == count:
            ends.add(day - timedelta(days=1))
    return ends
