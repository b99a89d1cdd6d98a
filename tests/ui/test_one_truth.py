"""One truth for the open case (issue 13): every panel redraws from the model, every Case-menu
action goes through the controller, and the store after autosave holds exactly the model."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from sipdesk.model import planfile
from sipdesk.model.entities import Closing
from sipdesk.model.enums import ClosingReason
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


@settings()
@given(seconds=st.integers(-10_000, 10_000))
def test_the_room_reads_the_minutes_the_chair_reads(seconds):
    """The same rounding on both screens: the room's minutes are the chair's clock's minutes."""
    chair = clock_text(seconds).lstrip("−").split(":")
    minutes = int(chair[0]) * 60 + int(chair[1]) if len(chair) == 3 else int(chair[0])
    room = time_left_text(seconds)
    assert (str(minutes) in room.split()) if minutes else not any(c.isdigit() for c in room)


# --- every Case-menu action on an open case with unsaved edits ------------------------------

CASES = ("Alice", "Kasim", "K-17")  # consents to withdraw, a follow-up, a protected identity
TYPED = "Skrivet strax före menyvalet."


@pytest.fixture
def no_modal(monkeypatch):
    """Every modal dialog answers at once: the closing dialogs as a chair fills them in, file
    pickers cancelled, any other dialog closed – nothing waits in a test."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from sipdesk.ui.lifecycle.closing_dialogs import CloseDialog, WithdrawDialog

    def withdraw(dialog):
        dialog.consent.setCurrentIndex(0)
        return QDialog.Accepted

    def close(dialog):
        dialog.told.setPlainText("Personen\nSocialtjänsten")
        dialog.accept()
        return QDialog.Accepted if dialog.closing is not None else QDialog.Rejected

    monkeypatch.setattr(QDialog, "exec", lambda self: QDialog.Rejected)
    monkeypatch.setattr(WithdrawDialog, "exec", withdraw)
    monkeypatch.setattr(CloseDialog, "exec", close)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: QMessageBox.Ok)
    monkeypatch.setattr(QDialog, "open", lambda self: None)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: ("", ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("", False))


def case_menu_actions() -> list[str]:
    return [
        "Stäng ärende", "Nytt uppföljningsmöte", "Granska planen", "Uppföljning av planen",
        "Jämför planversioner", "Registrera återkallat samtycke", "Avsluta planen",
        "Utvärdering efter mötet", "Händelselogg", "Radera ärende",
        "Skriv ut planen som PDF", "Skriv ut planen som signerad PDF", "Personens egen kopia",
        "Kallelse till mötet", "Uppföljningen till kalendern", "Kontrollera en signerad PDF",
        "Signeringscertifikat", "Skriv ut på mötet",
        # the person's papers (issue 17): exports only, they never write the case
        "”Vad är SIP?” till den enskilde", "”Vad är SIP?” på lättläst svenska",
        "Avvikelse: kallade parter som inte deltog",
    ]  # fmt: skip


def _action(window, words: str):
    for action in window.case_menu.actions():
        if words.lower() in action.text().replace("&", "").lower():
            return action
    raise AssertionError(f"no '{words}' in the Case menu: {[a.text() for a in window.case_menu.actions()]}")


def test_the_matrix_covers_every_action_of_the_case_menu(window):
    open_case(window, "Josef")
    covered = {_action(window, words) for words in case_menu_actions()}
    usable = {
        a for a in window.case_menu.actions() if not a.isSeparator() and a.isEnabled()
    }
    assert usable <= covered, [a.text() for a in usable - covered]


@pytest.mark.parametrize("words", case_menu_actions())
def test_a_case_menu_action_on_an_open_case_keeps_one_truth(window, no_modal, words):
    """Whatever the action does, afterwards the store holds exactly what the workspace holds,
    and the edit typed just before it is in both – nothing silently undone."""
    from sipdesk.model import editing as ed

    for name in CASES:
        case_id = open_case(window, name)
        ctl = window.controller
        ctl.apply(
            "typing",
            lambda case, m: ed.set_plan_text(m.plan, "own_view", TYPED),
            "own_view",
        )
        withdrawn_before = [c.withdrawn_on for c in ctl.case.consents]
        _action(window, words).trigger()
        if ctl.case is None:
            # closed or deleted: closing saved the edit first, deleting removed it all
            ids = [r.id for r in window.store.list_cases()]
            if case_id in ids:
                assert window.store.load_case(case_id).meetings[-1].plan.own_view == TYPED
            else:
                assert "Radera" in words
            continue
        assert ctl.case_id == case_id
        assert stored_equals_model(window), (name, words)
        plans = [m.plan.own_view for m in ctl.case.meetings]
        assert TYPED in plans, (name, words)  # the edit survived (in the follow-up's copy too)
        if "samtycke" in words and ctl.case.consents and withdrawn_before[0] is None:
            assert ctl.case.consents[0].withdrawn_on is not None
            ctl.undo_stack.undo()  # undoing the typing does not undo the withdrawal
            assert ctl.case.consents[0].withdrawn_on is not None
            assert stored_equals_model(window)
        if "Avsluta" in words and ctl.case.closing is not None:
            assert not ctl.editable and window.workspace.banner.isVisibleTo(window.workspace)
            assert window.store.load_case(case_id).closing is not None
        window.close_workspace()
        assert ctl.case is None  # Ctrl+W always closes


# --- typing stays lean: one undo step, one copy per burst ----------------------------------


def test_a_typing_burst_in_the_goals_copies_the_case_once(window, qtbot, monkeypatch):
    import sipdesk.ui.controller as controller_module

    open_case(window, "Josef")
    ws = window.workspace
    ws.show_meeting()
    ws.plan_tab_3()
    goals = ws.plan.goals
    kid = next(k for k, _t in goals.shown_rows() if k[0] == "intervention")
    goals.select(kid)
    goals.item_what.setFocus()
    copies = []
    real = controller_module.copy.deepcopy
    monkeypatch.setattr(controller_module.copy, "deepcopy", lambda x, *a: copies.append(1) or real(x, *a))
    steps = window.controller.undo_stack.count()
    qtbot.keyClicks(goals.item_what, "tjugo tecken i rad..")
    assert window.controller.undo_stack.count() == steps + 1
    assert len(copies) == 1  # the state before the burst, not one copy a key


# --- a save the store refuses: said once, read-only, Ctrl+W closes -------------------------


def test_a_case_closed_behind_the_window_is_said_once_and_ctrl_w_still_closes(window, qtbot):
    from sipdesk.model import editing as ed
    from sipdesk.model import lifecycle

    case_id = open_case(window, "Alice")
    ctl = window.controller
    lifecycle.close_in_store(
        window.store, case_id, Closing(dt.date.today(), ClosingReason.OTHER, ["Alice"], "Flyttat")
    )  # another SipDesk, or the command line, closed it meanwhile
    messages = []
    ctl.message.connect(messages.append)
    ctl.apply("typing", lambda case, m: ed.set_plan_text(m.plan, "own_view", "x"), "own_view")
    assert not ctl.save_now()
    assert not ctl.save_now()  # tried again by hand: no second message, no loop
    assert len(messages) == 1 and "avslutad" in messages[0]
    assert not ctl.editable and not ctl.autosave_timer.isActive()
    assert window.workspace.saved_label.text() == "Inte sparat"
    assert window.workspace.banner.isVisibleTo(window.workspace)
    qtbot.keyClick(window, Qt.Key_W, Qt.ControlModifier)
    assert ctl.case is None and window.pages.currentIndex() == 0
    assert window.store.load_case(case_id).closing.note == "Flyttat"


# --- the follow-up review by keyboard ------------------------------------------------------


def test_review_keys_go_where_the_chair_means(window, qtbot, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    open_case(window, "Kasim")
    window.follow_up_action.trigger()
    ws = window.workspace
    ws.plan_review()
    editor = ws.review.editor
    (first, second), *_ = [list(editor._outcomes)[:2]]
    combo = editor.outcome_combo(*first)
    assert combo.hasFocus()
    qtbot.keyClick(combo, Qt.Key_2)  # a digit picks the outcome
    assert combo.currentIndex() == 2
    qtbot.keyClick(combo, Qt.Key_B)  # a letter starts the comment: nothing lost in the box
    comment = editor.comment_edit(*first)
    assert comment.hasFocus() and comment.text() == "b" and combo.currentIndex() == 2
    qtbot.keyClicks(comment, "ra, men " * 8)
    qtbot.keyClick(comment, Qt.Key_Tab)
    assert editor.outcome_combo(*second).hasFocus()
    assert comment.cursorPosition() == 0  # a long comment shows its start again
    answer = window.controller.meeting.review
    got = answer.for_goal(first[1]) if first[0] == "goal" else answer.for_intervention(first[1])
    assert got.comment.startswith("bra, men") and got.outcome is not None
    assert window.controller.focus == ("review", f"{second[0]}:{second[1]}")


@pytest.mark.parametrize("close_anyway", [True, False])
def test_ctrl_w_with_a_save_that_fails_for_now_asks_and_never_does_nothing(
    window, qtbot, monkeypatch, close_anyway
):
    from sqlalchemy.exc import OperationalError

    from sipdesk.model import editing as ed

    open_case(window, "Josef")
    ctl = window.controller

    def full_disk(*_a, **_k):
        raise OperationalError("UPDATE …", {}, Exception("database or disk is full"))

    monkeypatch.setattr(window.store, "save_case", full_disk)
    asked = []
    answer = QMessageBox.Yes if close_anyway else QMessageBox.No
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer)
    messages = []
    ctl.message.connect(messages.append)
    for text in ("a", "ab", "abc"):
        ctl.apply("typing", lambda case, m, t=text: ed.set_plan_text(m.plan, "own_view", t), "own_view")
        ctl.save_now()
    assert len(messages) == 1  # said once, not on every try
    assert window.workspace.saved_label.text() == "Inte sparat"
    qtbot.keyClick(window, Qt.Key_W, Qt.ControlModifier)
    assert len(asked) == 1 and "disken" in messages[0]
    assert (ctl.case is None) == close_anyway


def test_importing_the_open_case_again_adds_a_case_and_leaves_the_open_one_alone(window, tmp_path):
    from sipdesk.model import editing as ed
    from tests.conftest import DEMO

    case_id = open_case(window, "Josef")
    ctl = window.controller
    ctl.apply("typing", lambda case, m: ed.set_plan_text(m.plan, "own_view", TYPED), "own_view")
    before = len(window.store.list_cases())
    new_id = window.import_path(DEMO / "1-josef.json")
    assert new_id is not None and new_id != case_id
    assert len(window.store.list_cases()) == before + 1
    assert ctl.case_id == case_id and ctl.case.current_plan.own_view == TYPED
    assert stored_equals_model(window)
