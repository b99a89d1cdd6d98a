"""One truth for the open case (issue 13): every panel redraws from the model, every Case-menu
action goes through the controller, and the store after autosave holds exactly the model."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QMessageBox

from sipdesk.model import planfile
from sipdesk.model.live import time_left_text
from sipdesk.ui.chair.circle_panel import clock_text
from sipdesk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_store, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: window_messages.append(a[2]))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: window_messages.append(a[2]))
    window_messages: list[str] = []
    w = MainWindow(demo_store)
    w.messages = window_messages
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def open_case(window, name: str) -> int:
    case_id = next(r.id for r in window.store.list_cases(name))
    window.select_case(case_id)
    assert window.open_case(case_id)
    return case_id


def stored_equals_model(window) -> bool:
    """After the autosave, the store holds exactly what the controller holds."""
    ctl = window.controller
    assert ctl.save_now() or ctl.refused
    stored = window.store.load_case(ctl.case_id)
    return planfile.to_document(stored) == planfile.to_document(ctl.case)


def goals_shown(window) -> list[str]:
    return [text for key, text in window.workspace.plan.goals.shown_rows() if key[0] == "goal"]


def goals_held(window) -> list[str]:
    return [(g.text or "—").strip() for g in window.controller.meeting.plan.goals]


def test_goals_are_shown_after_closing_and_opening_the_same_case_again(window):
    open_case(window, "Josef")
    assert goals_shown(window) == goals_held(window) and goals_held(window)
    window.close_workspace()
    open_case(window, "Josef")
    assert goals_shown(window) == goals_held(window)


def test_typing_a_goal_is_one_undo_step_and_keeps_the_tree(window, qtbot):
    open_case(window, "Josef")
    ws = window.workspace
    ws.show_meeting()
    ws.plan_tab_3()
    goals = ws.plan.goals
    goals.select(goals.shown_rows()[0][0])
    top = goals.tree.topLevelItem(0)
    field = goals.goal_text
    field.setFocus()
    before = window.controller.undo_stack.count()
    qtbot.keyClicks(field, "ok ")
    assert window.controller.undo_stack.count() == before + 1
    assert goals.tree.topLevelItem(0) is top  # updated in place, not rebuilt
    assert goals_shown(window) == goals_held(window)
    window.controller.undo_stack.undo()
    assert goals_shown(window) == goals_held(window)
    assert not goals_held(window)[0].startswith("ok")


@given(seconds=st.integers(-10_000, 10_000))
def test_the_room_reads_the_minutes_the_chair_reads(seconds):
    """The same rounding on both screens: the room's minutes are the chair's clock's minutes."""
    chair = clock_text(seconds).lstrip("−").split(":")
    minutes = int(chair[0]) * 60 + int(chair[1]) if len(chair) == 3 else int(chair[0])
    room = time_left_text(seconds)
    assert (str(minutes) in room.split()) if minutes else not any(c.isdigit() for c in room)
