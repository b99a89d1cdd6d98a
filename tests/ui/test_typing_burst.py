"""Typing into a goal's or an intervention's text through the real window: a burst of keys is one
undo step (as in every other field), and what the window keeps per key (undo snapshots, rebuilt
rows) does not grow with the keys. Not timed – speed is benchmarks/keystroke_bench.py's job."""

from __future__ import annotations

import gc
import tracemalloc

import pytest
from PySide6.QtGui import QTextCursor

from benchmarks.live_bench import big_case
from sipdesk.model import cases
from sipdesk.ui.main_window import MainWindow


@pytest.fixture
def typing_window(qtbot, store):
    case_id = cases.import_case(store, big_case(goals=12, per_goal=2))
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.select_case(case_id)
    assert window.open_case(case_id)
    ws = window.workspace
    ws.show_meeting()
    ws.plan.setCurrentIndex(2)
    return window


def _at_end(field):
    """Focus in the field, the cursor after its text, as a chair adding to it has it."""
    field.setFocus()
    field.moveCursor(QTextCursor.End)
    return field


def _field(window, kind: str):
    panel = window.workspace.plan.goals
    plan = window.controller.meeting.plan
    if kind == "goal":
        panel.select(("goal", plan.goals[5].id))
        return _at_end(panel.goal_text), lambda: window.controller.meeting.plan.goals[5].text
    item = plan.goals[5].interventions[1]
    panel.select(("intervention", item.id))
    return _at_end(panel.item_what), lambda: window.controller.meeting.plan.goals[5].interventions[1].what


@pytest.mark.parametrize("kind", ["goal", "intervention"])
@pytest.mark.parametrize("burst", ["x", "fem o", "Asa borjar 1 maj"])  # QTest: ASCII keys only
def test_a_typing_burst_in_a_goal_row_is_one_undo_step(typing_window, qtbot, kind, burst):
    window = typing_window
    field, stored = _field(window, kind)
    before_text = stored()
    steps = window.controller.undo_stack.count()
    qtbot.keyClicks(field, burst)
    assert stored() == before_text + burst
    assert window.controller.undo_stack.count() == steps + 1
    window.controller.undo_stack.undo()
    assert stored() == before_text


def test_memory_kept_while_typing_does_not_grow_with_the_keys(typing_window, qtbot):
    window = typing_window
    field, _stored = _field(window, "goal")
    qtbot.keyClicks(field, "warm ")
    gc.collect()
    tracemalloc.start()
    try:
        qtbot.keyClicks(field, "a" * 10)
        gc.collect()
        after_10 = tracemalloc.get_traced_memory()[0]
        qtbot.keyClicks(field, "b" * 40)
        gc.collect()
        after_50 = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    # 40 more keys: a few hundred bytes of text and bookkeeping each is fine; a copy of the case
    # per key (≈ tens of KiB for this plan) is not
    assert (after_50 - after_10) / 40 < 4096
    assert window.controller.undo_stack.count() <= 2  # "warm " and the rest: one burst each at most


def test_the_typed_text_reaches_the_model_key_by_key(typing_window, qtbot):
    """Whatever the undo grouping, every key lands in the plan (the baseline the fix keeps)."""
    field, stored = _field(typing_window, "goal")
    before = stored()
    for ch in "abc":
        qtbot.keyClick(field, ch)
        assert stored().endswith(ch)
    assert stored() == before + "abc"
