"""The features working together in one window: the workspace drives the shared screen, the
lock saves the chair's edits first, and an idle lock never blanks the room mid-meeting."""

from __future__ import annotations

import pytest

from sipdesk.model import editing as ed
from sipdesk.model import meeting as circle
from sipdesk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_store):
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    case_id = next(r.id for r in demo_store.list_cases("Kasim"))
    w.select_case(case_id)
    w.open_current()
    assert w.controller.case_id == case_id
    return w


def _texts(window) -> str:
    snap = window.live_screen.refresh_now()
    assert snap is not None
    return repr(snap)


def test_the_shared_screen_follows_the_workspace(window, qtbot):
    live, ctl = window.live_screen, window.controller
    live.open()
    assert "Kasim" in _texts(window)
    ctl.set_focus("field", "own_view")
    ctl.apply("typing", lambda case, m: ed.set_plan_text(m.plan, "own_view", "Jag vill sova"), "own_view")
    assert "Jag vill sova" in _texts(window)
    assert live.focus == ("field", "own_view")
    ctl.undo_stack.undo()
    assert "Jag vill sova" not in _texts(window)
    live.close()


def test_the_shared_screen_shows_the_meeting_clock(window):
    live, ctl = window.live_screen, window.controller
    live.open()
    ctl.run_circle(lambda case, m: circle.start(m, ctl.now()))
    part = live.circle_source(None)
    assert part is not None and part.seconds_left is not None and part.label
    live.close()


def test_locking_saves_unsaved_edits_first(window, demo_store):
    ctl = window.controller
    case_id = ctl.case_id
    ctl.apply("typing", lambda case, m: ed.set_plan_text(m.plan, "own_view", "Sparas vid lås"), "own_view")
    assert ctl.dirty
    window.lock.lock()
    window.lock.unlock()
    assert demo_store.load_case(case_id).meetings[-1].plan.own_view == "Sparas vid lås"


def test_idle_lock_waits_while_the_meeting_clock_runs(window):
    ctl, lock = window.controller, window.lock
    ctl.run_circle(lambda case, m: circle.start(m, ctl.now()))
    lock._idle()
    assert not lock.is_locked
    ctl.run_circle(lambda case, m: circle.pause(m, ctl.now()))
    lock._idle()
    assert lock.is_locked
    lock.unlock()
