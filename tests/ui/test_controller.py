"""The controller: undo over model operations, typing bursts, autosave, read-only versions."""

from __future__ import annotations

import pytest

from sipdesk.model import editing as ed
from sipdesk.model.changes import Change
from sipdesk.ui.controller import Controller


@pytest.fixture
def controller(qtbot, store):
    c = Controller(store, clock=lambda: 1_780_000_000.0)
    case_id = store.add_case(ed.new_case("Josef Berg"))
    c.open_case(case_id)
    yield c
    # a pending autosave must not fire into a later test, after this store is locked away
    c.autosave_timer.stop()
    c.deleteLater()


def _type(c: Controller, text: str) -> None:
    """What the own-view field sends: the whole text after each keystroke."""
    for i in range(1, len(text) + 1):
        c.apply("typing", lambda case, m, v=text[:i]: ed.set_plan_text(m.plan, "own_view", v), "own_view")


def test_a_typing_burst_is_one_undo_step_and_redo_restores_it(controller):
    c = controller
    c.set_focus("field", "own_view")
    _type(c, "Bra")
    assert c.undo_stack.count() == 1
    c.set_focus("field", "relatives_view")  # a new field ends the burst
    c.set_focus("field", "own_view")
    _type(c, "Bra!")
    assert c.undo_stack.count() == 2
    c.undo_stack.undo()
    assert c.meeting.plan.own_view == "Bra"
    c.undo_stack.undo()
    assert c.meeting.plan.own_view == ""
    c.undo_stack.redo()
    c.undo_stack.redo()
    assert c.meeting.plan.own_view == "Bra!"


def test_structural_edits_undo_one_by_one(controller):
    c = controller
    gid = c.apply("goal", lambda case, m: ed.add_goal(m.plan, "Mål")).id
    c.apply("item", lambda case, m: ed.add_intervention(m.plan, gid, "Stödsamtal"))
    c.apply("delete", lambda case, m: ed.delete_goal(m.plan, gid))
    assert c.meeting.plan.goals == []
    c.undo_stack.undo()
    assert c.meeting.plan.goals[0].interventions[0].what == "Stödsamtal"
    c.undo_stack.undo()
    c.undo_stack.undo()
    assert c.meeting.plan.goals == []


def test_undo_leaves_the_meeting_clock_alone(controller):
    from sipdesk.model import meeting as circle

    c = controller
    c.apply("goal", lambda case, m: ed.add_goal(m.plan, "Mål"))
    c.run_circle(lambda case, m: circle.next_part(m, c.now()))
    c.undo_stack.undo()
    assert c.meeting.plan.goals == [] and c.meeting.circle.current == 1


def test_signals_say_what_changed_and_what_is_edited(controller, qtbot):
    c = controller
    with qtbot.waitSignal(c.changed) as changed:
        change = c.apply("goal", lambda case, m: ed.add_goal(m.plan, "Mål"))
    assert changed.args == [Change("goal", change.id)]
    with qtbot.waitSignal(c.focus_changed) as focus:
        c.set_focus("goal", change.id)
    assert focus.args == [("goal", change.id)]


def test_bad_input_changes_nothing_and_says_what_to_do(controller, qtbot):
    c = controller
    with qtbot.waitSignal(c.message) as message:
        assert c.apply("x", lambda case, m: ed.set_meeting_value(m, "planned_minutes", 2)) is None
    assert "minuter" in message.args[0]
    assert c.undo_stack.count() == 0 and c.meeting.planned_minutes == 90


def test_autosave_writes_within_the_debounce_even_while_typing(controller, store, qtbot):
    c = controller
    c.set_focus("field", "own_view")
    _type(c, "Josef deltar")
    assert c.dirty and c.autosave_timer.isActive()
    with qtbot.waitSignal(c.saved, timeout=5000):
        pass
    assert store.load_case(c.case_id).current_plan.own_view == "Josef deltar"
    assert not c.dirty


def test_earlier_plan_version_is_read_only(controller, store):
    c = controller
    c.apply("goal", lambda case, m: ed.add_goal(m.plan, "Mål ett"))
    assert c.start_follow_up()
    assert len(c.case.meetings) == 2 and c.editable
    c.select_meeting(0)
    assert not c.editable
    assert c.apply("x", lambda case, m: ed.add_goal(m.plan, "nej")) is None
    c.select_meeting(1)
    c.apply("x", lambda case, m: ed.set_goal_value(m.plan, m.plan.goals[0].id, "text", "Mål 1b"))
    assert c.save_now()
    again = store.load_case(c.case_id)
    assert [m.plan.goals[0].text for m in again.meetings] == ["Mål ett", "Mål 1b"]


def test_close_saves(controller, store):
    c = controller
    case_id = c.case_id
    c.apply("x", lambda case, m: ed.set_plan_text(m.plan, "strengths", "Motiverade föräldrar"))
    assert c.close_case() and c.case is None
    assert store.load_case(case_id).current_plan.strengths == "Motiverade föräldrar"


def test_a_failed_save_keeps_the_work_and_says_what_to_do(
    controller, store, qtbot, monkeypatch, caplog
):
    from sqlalchemy.exc import OperationalError

    c = controller
    case_id = c.case_id
    c.apply("x", lambda case, m: ed.set_plan_text(m.plan, "own_view", "Viktigt"))
    real_save = store.save_case
    disk = {"full": True}

    def save(*args):
        if disk["full"]:
            raise OperationalError("UPDATE", {"doc": "Viktigt"}, Exception("disk is full"))
        return real_save(*args)

    monkeypatch.setattr(store, "save_case", save)
    with qtbot.waitSignal(c.message) as message, caplog.at_level("DEBUG"):
        assert not c.save_now()
    assert "Viktigt" not in caplog.text and "OperationalError" in caplog.text
    assert "Kunde inte spara" in message.args[0]
    assert c.dirty and c.meeting.plan.own_view == "Viktigt"
    assert not c.close_case() and c.case is not None  # nothing is dropped while unsaved
    disk["full"] = False
    assert c.close_case()
    assert store.load_case(case_id).current_plan.own_view == "Viktigt"


def test_a_save_while_locked_keeps_the_edits_for_after_unlocking(controller, store):
    c = controller
    c.apply("typing", lambda case, m: ed.set_plan_text(m.plan, "own_view", "Under låset"), "own_view")
    store.lock()
    messages = []
    c.message.connect(messages.append)
    assert not c.save_now() and c.dirty and "låst" in messages[0]
    store.unlock()
    assert c.save_now() and not c.dirty
    assert store.load_case(c.case_id).current_plan.own_view == "Under låset"
