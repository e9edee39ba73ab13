"""The progress summary (generator/notice/progress.py) on small hand-made item lists: exact totals,
counts per state, unmarked and overdue items, the deadline day itself and the rounding of the
percentage. No site is built: tests/notice/test_progress.py checks the pages and ledgers."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.notice.model import DEFAULT_STATES, Item, ProgressState, Section
from generator.notice.progress import ItemState, StateCount, Summary, is_overdue, section_summaries, summarise

DONE, IN_PROGRESS, ONGOING, NOT_STARTED = DEFAULT_STATES
BY_KEY = {s.key: s for s in DEFAULT_STATES}
TODAY = dt.date(2026, 12, 1)
YESTERDAY, TOMORROW = dt.date(2026, 11, 30), dt.date(2026, 12, 2)


def summary_of(*items: ItemState, today: dt.date = TODAY,
               states: tuple[ProgressState, ...] = DEFAULT_STATES) -> Summary:
    return summarise(items, states, today)


# --- overdue ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "overdue"),
    [
        (ItemState("in-progress", YESTERDAY), True),
        (ItemState("in-progress", TODAY), False),  # the deadline day itself is not overdue yet
        (ItemState("in-progress", TOMORROW), False),
        (ItemState("not-started", dt.date(2020, 1, 1)), True),
        (ItemState("ongoing", YESTERDAY), True),
        (ItemState("done", YESTERDAY), False),  # done items are never overdue
        (ItemState("done", None), False),
        (ItemState(None, YESTERDAY), True),  # unmarked counts as not done
        (ItemState("no-such-state", YESTERDAY), True),
        (ItemState(None, None), False),
        (ItemState("in-progress", None), False),
    ],
)
def test_is_overdue(item: ItemState, overdue: bool) -> None:
    assert is_overdue(item, BY_KEY, TODAY) is overdue


def test_a_site_state_that_counts_as_done_is_never_overdue() -> None:
    closed = ProgressState("closed-out", "已办结", "#1a5e20", True)
    handling = ProgressState("handling", "办理中", "#8a4b00", False)
    states = {"closed-out": closed, "handling": handling}
    assert is_overdue(ItemState("closed-out", YESTERDAY), states, TODAY) is False
    assert is_overdue(ItemState("handling", YESTERDAY), states, TODAY) is True
    assert is_overdue(ItemState("done", YESTERDAY), states, TODAY) is True  # not in this site's vocabulary


# --- summarise -------------------------------------------------------------------------------


def test_empty_summary() -> None:
    summary = summary_of()
    assert summary == Summary(total=0, done=0, counts=(), unmarked=0, overdue=0)
    assert summary.percent == 0


def test_totals_per_state_in_vocabulary_order() -> None:
    summary = summary_of(
        ItemState("not-started", None), ItemState("done", None), ItemState("in-progress", None),
        ItemState("done", None), ItemState("ongoing", None), ItemState("in-progress", None), ItemState("done", None))
    assert summary == Summary(
        total=7, done=3,
        counts=(StateCount(DONE, 3), StateCount(IN_PROGRESS, 2), StateCount(ONGOING, 1), StateCount(NOT_STARTED, 1)),
        unmarked=0, overdue=0)
    assert summary.percent == 43


def test_states_that_do_not_occur_are_left_out() -> None:
    summary = summary_of(ItemState("ongoing", None), ItemState("ongoing", None))
    assert summary.counts == (StateCount(ONGOING, 2),)
    assert (summary.total, summary.done, summary.unmarked, summary.percent) == (2, 0, 0, 0)


def test_unmarked_items_count_in_the_total_but_in_no_state() -> None:
    summary = summary_of(ItemState(None, None), ItemState("done", None), ItemState("no-such-state", None),
                         ItemState(None, None))
    assert summary == Summary(total=4, done=1, counts=(StateCount(DONE, 1),), unmarked=3, overdue=0)
    assert summary.percent == 25


def test_overdue_counts_each_overdue_item_once() -> None:
    summary = summary_of(
        ItemState("in-progress", YESTERDAY),   # overdue
        ItemState("in-progress", TODAY),       # due today: not yet
        ItemState("done", YESTERDAY),          # done: never
        ItemState(None, dt.date(2026, 1, 1)),  # unmarked and late: overdue
        ItemState("not-started", TOMORROW),
        ItemState("ongoing", None))
    assert summary == Summary(
        total=6, done=1,
        counts=(StateCount(DONE, 1), StateCount(IN_PROGRESS, 2), StateCount(ONGOING, 1), StateCount(NOT_STARTED, 1)),
        unmarked=1, overdue=2)


def test_the_day_after_the_deadline_the_item_is_overdue() -> None:
    items = (ItemState("in-progress", TODAY), ItemState("in-progress", TODAY))
    assert summary_of(*items).overdue == 0
    assert summary_of(*items, today=TOMORROW).overdue == 2


def test_a_site_vocabulary_with_two_done_states() -> None:
    states = (ProgressState("closed-out", "已办结", "#1a5e20", True), ProgressState("archived", "已归档", "#333", True),
              ProgressState("handling", "办理中", "#8a4b00", False))
    summary = summary_of(ItemState("archived", YESTERDAY), ItemState("closed-out", None),
                         ItemState("handling", YESTERDAY), ItemState("done", None), states=states)
    assert summary == Summary(total=4, done=2,
                              counts=(StateCount(states[0], 1), StateCount(states[1], 1), StateCount(states[2], 1)),
                              unmarked=1, overdue=1)
    assert summary.percent == 50


def test_items_of_the_model_summarise_like_item_states() -> None:
    items = [Item("s1-1", "1.", "甲", "done", YESTERDAY, "", (), 12), Item("s1-2", "2.", "乙", "in-progress", YESTERDAY, "", (), 14)]
    assert summarise(items, DEFAULT_STATES, TODAY) == Summary(
        2, 1, (StateCount(DONE, 1), StateCount(IN_PROGRESS, 1)), 0, 1)


def test_summarise_reads_a_generator_once() -> None:
    summary = summarise((ItemState("in-progress", YESTERDAY) for _ in range(3)), DEFAULT_STATES, TODAY)
    assert (summary.total, summary.overdue, summary.counts) == (3, 3, (StateCount(IN_PROGRESS, 3),))


# --- the percentage --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "total", "percent"),
    [
        (0, 0, 0),
        (0, 5, 0),
        (5, 5, 100),
        (1, 2, 50),
        (10, 16, 62),   # 62.5 rounds to the even 62
        (3, 8, 38),     # 37.5 rounds to the even 38
        (1, 200, 0),    # 0.5 → 0
        (3, 200, 2),    # 1.5 → 2
        (1, 3, 33),
        (2, 3, 67),     # 66.7 rounds up, not down
        (199, 200, 100),  # 99.5 → 100
        (1, 1000, 0),
        (7, 1000, 1),
    ],
)
def test_percent_rounds_half_to_even(done: int, total: int, percent: int) -> None:
    assert Summary(total, done, (), 0, 0).percent == percent


# --- per section -----------------------------------------------------------------------------


def _item(anchor: str, state: str | None, deadline: dt.date | None = None) -> Item:
    return Item(anchor, "1.", anchor, state, deadline, "", (), 1)


def test_section_summaries_in_document_order_at_every_depth() -> None:
    leaf_a = Section("s1-1", 3, "（一）", "甲", 3, items=(_item("s1-1-1", "done"), _item("s1-1-2", "in-progress", YESTERDAY)))
    leaf_b = Section("s1-2", 3, "（二）", "乙", 9, items=(_item("s1-2-1", None),))
    empty = Section("s1-3", 3, "（三）", "空", 12)
    part_one = Section("s1", 2, "一、", "一", 1, children=(leaf_a, leaf_b, empty))
    part_two = Section("s2", 2, "二、", "二", 20, items=(_item("s2-1", "done"),))
    nothing = Section("s3", 2, "三、", "三", 30, children=(Section("s3-1", 3, "（一）", "无", 31),))
    result = section_summaries((part_one, part_two, nothing), DEFAULT_STATES, TODAY)
    assert [(s.anchor, summary.total, summary.done, summary.unmarked, summary.overdue) for s, summary in result] == [
        ("s1", 3, 1, 1, 1), ("s1-1", 2, 1, 0, 1), ("s1-2", 1, 0, 1, 0), ("s2", 1, 1, 0, 0)]
    assert result[0][1].counts == (StateCount(DONE, 1), StateCount(IN_PROGRESS, 1))
    assert result[0][0] is part_one and result[3][0] is part_two


def test_section_summaries_of_a_deep_section_whose_parents_hold_no_items_directly() -> None:
    deep = Section("s1-1", 3, "（一）", "深", 2, items=(_item("s1-1-1", "done"),))
    top = Section("s1", 2, "一、", "顶", 1, children=(deep,))
    assert [(s.anchor, summary.percent) for s, summary in section_summaries((top,), DEFAULT_STATES, TODAY)] == [
        ("s1", 100), ("s1-1", 100)]
    assert section_summaries((), DEFAULT_STATES, TODAY) == []
