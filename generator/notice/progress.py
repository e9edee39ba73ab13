"""Progress summaries: how many items are in each state, per section and overall. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from generator.notice.model import ProgressState, Section


@dataclass(frozen=True, slots=True)
class StateCount:
    state: ProgressState
    count: int


@dataclass(frozen=True, slots=True)
class Summary:
    total: int
    done: int
    counts: tuple[StateCount, ...]
    """One entry per state of the vocabulary that occurs, in vocabulary order."""
    unmarked: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class HasState(Protocol):
    @property
    def state(self) -> str | None: ...

    @property
    def deadline(self) -> dt.date | None: ...


class ItemState(NamedTuple):
    """What a summary needs of an item: its state key and its deadline."""

    state: str | None
    deadline: dt.date | None


def is_overdue(item: HasState, states: dict[str, ProgressState], today: dt.date) -> bool:
    state = states.get(item.state or "")
    return item.deadline is not None and item.deadline < today and not (state and state.done)


def summarise(items: Iterable[HasState], states: tuple[ProgressState, ...], today: dt.date) -> Summary:
    items = list(items)
    by_key = {s.key: s for s in states}
    counts = {s.key: 0 for s in states}
    unmarked = 0
    for item in items:
        if item.state in counts:
            counts[item.state] += 1
        else:
            unmarked += 1
    done = sum(c for k, c in counts.items() if by_key[k].done)
    overdue = sum(1 for i in items if is_overdue(i, by_key, today))
    return Summary(len(items), done, tuple(StateCount(by_key[k], c) for k, c in counts.items() if c), unmarked, overdue)


def section_summaries(sections: tuple[Section, ...], states: tuple[ProgressState, ...],
                      today: dt.date) -> list[tuple[Section, Summary]]:
    """Every section (any depth) that holds items, in document order, with its summary."""
    out: list[tuple[Section, Summary]] = []

    def visit(section: Section) -> None:
        items = section.all_items()
        if items:
            out.append((section, summarise(items, states, today)))
        for child in section.children:
            visit(child)

    for s in sections:
        visit(s)
    return out
