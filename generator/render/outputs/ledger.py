"""The ledger (整改台账) of a notice with items: an HTML table, a CSV for Excel, and JSON."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from generator.assemble.site import Entry
from generator.notice.model import Item, Section
from generator.notice.progress import is_overdue
from generator.render.outputs import OutputFile, RenderContext, json_bytes

CSV_COLUMNS = ("序号", "部分", "类别", "事项", "状态", "整改时限", "责任单位", "是否逾期", "链接")


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    part: Section | None
    category: Section | None
    item: Item
    state_label: str
    overdue: bool


def rows(ctx: RenderContext, entry: Entry) -> list[Row]:
    """One row per item, in document order, with the part (一、) and category (（一）) it belongs to."""
    states = {s.key: s for s in ctx.site.config.progress_states}
    today = ctx.site.today
    out: list[Row] = []

    def visit(section: Section, part: Section | None, category: Section | None) -> None:
        if section.level == 2:
            part = section
        elif section.level == 3:
            category = section
        for item in section.items:
            state = states.get(item.state or "")
            out.append(Row(len(out) + 1, part, category, item, state.label if state else "",
                           is_overdue(item, states, today)))
        for child in section.children:
            visit(child, part, category)

    for section in entry.notice.sections:
        visit(section, None, None)
    return out


def notice_files(ctx: RenderContext, entry: Entry) -> list[OutputFile]:
    if not entry.notice.items:
        return []
    table = rows(ctx, entry)
    base = entry.path + "ledger/"
    return [ctx.page("ledger.html", base + "index.html", lang=entry.notice.lang, entry=entry, notice=entry.notice,
                     rows=table, groups=groups(table), has_deadline=any(r.item.deadline for r in table),
                     has_unit=any(r.item.unit for r in table)),
            OutputFile(base + "ledger.csv", to_csv(ctx, entry, table)),
            OutputFile(base + "ledger.json", to_json(ctx, entry, table))]


def groups(table: list[Row]) -> list[tuple[str, list[Row]]]:
    """The rows under their section heading (the category, else the part), in document order: the page
    shows each heading once instead of repeating it in a column."""
    out: list[tuple[str, list[Row]]] = []
    for r in table:
        heading = _title(r.category or r.part)
        if out and out[-1][0] == heading:
            out[-1][1].append(r)
        else:
            out.append((heading, [r]))
    return out


def _title(section: Section | None) -> str:
    return f"{section.number}{section.title}" if section else ""


def to_csv(ctx: RenderContext, entry: Entry, table: list[Row]) -> bytes:
    """UTF-8 with a BOM, so Excel opens Chinese text correctly; cells that look like formulas are
    prefixed with ' so a spreadsheet never runs them."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in table:
        writer.writerow([_cell(v) for v in (
            r.number, _title(r.part), _title(r.category), f"{r.item.number}{r.item.title}", r.state_label,
            r.item.deadline.isoformat() if r.item.deadline else "", r.item.unit, "是" if r.overdue else "",
            ctx.absolute(f"{entry.path}#{r.item.anchor}"))])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What makes a spreadsheet read a cell as a formula: = + - @ (also in their full-width forms, which
some spreadsheets convert) and the control characters that can precede them."""


def _cell(value: object) -> str:
    """A cell as text: one that a spreadsheet would run as a formula, even after leading spaces, gets a ' first."""
    text = str(value)
    return "'" + text if text.lstrip(" \u3000").startswith(FORMULA_START) else text


def to_json(ctx: RenderContext, entry: Entry, table: list[Row]) -> bytes:
    data = {
        "notice": entry.notice.slug,
        "title": entry.notice.title,
        "url": ctx.absolute(entry.path),
        "as_of": ctx.site.today.isoformat(),
        "summary": summary_dict(entry),
        "items": [item_dict(r) for r in table],
    }
    return json_bytes(data)


def item_dict(r: Row) -> dict[str, object]:
    """One ledger row as data (also used by the open data files, data/notices/<slug>.json)."""
    return {
        "number": r.number,
        "part": _title(r.part),
        "category": _title(r.category),
        "item": f"{r.item.number}{r.item.title}",
        "anchor": r.item.anchor,
        "state": r.item.state,
        "state_label": r.state_label or None,
        "deadline": r.item.deadline.isoformat() if r.item.deadline else None,
        "unit": r.item.unit or None,
        "overdue": r.overdue,
        "measures": list(r.item.measures),
        "line": r.item.line,
    }


def summary_dict(entry: Entry) -> dict[str, object] | None:
    p = entry.progress
    if p is None:
        return None
    return {"total": p.total, "done": p.done, "percent": p.percent, "unmarked": p.unmarked, "overdue": p.overdue,
            "by_state": {c.state.key: c.count for c in p.counts}}
