"""The workspace around the editors: opening cases, read-only versions, protected identity."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from sipdesk.model.entities import Closing
from sipdesk.model.enums import ClosingReason
from sipdesk.ui.main_window import MainWindow


def _open(window, store, name):
    case_id = next(r.id for r in store.list_cases(name))
    window.select_case(case_id)
    qtbot_keys = window.table
    qtbot_keys.setFocus()
    assert window.open_case(case_id)
    return case_id


def test_enter_in_the_list_opens_the_case_and_ctrl_w_closes_it(window, demo_store, qtbot):
    case_id = next(r.id for r in demo_store.list_cases("Alice"))
    window.select_case(case_id)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key_Return)
    assert window.pages.currentIndex() == 1 and window.controller.case_id == case_id
    assert window.workspace.title.text() == "Alice Lund"
    window.close_workspace()
    assert window.pages.currentIndex() == 0 and window.controller.case is None


def test_status_filter_narrows_the_list(window, demo_store):
    box = window.status_filter
    box.setCurrentIndex(box.findData("preparing"))
    statuses = {window.model.row_at(i).status.value for i in range(window.model.rowCount())}
    assert statuses <= {"preparing"}


def test_follow_up_meeting_starts_from_the_plan_and_the_old_version_is_read_only(
    window, demo_store, monkeypatch
):
    monkeypatch.setattr(
        "sipdesk.ui.main_window.QMessageBox.question", lambda *a, **k: QMessageBox.Yes
    )
    case_id = _open(window, demo_store, "Josef")
    before = demo_store.load_case(case_id)
    goals = [g.text for g in before.current_plan.goals]
    window.new_follow_up()
    c = window.controller
    assert len(c.case.meetings) == len(before.meetings) + 1 and c.editable
    assert [g.text for g in c.meeting.plan.goals] == goals
    assert c.meeting.plan.follow_up is None  # a new follow-up is booked at this meeting
    ws = window.workspace
    c.select_meeting(0)
    assert not c.editable and ws.stack.currentWidget() is ws.read_only
    assert "Marte Meo-behandling" in ws.read_only.toPlainText()
    assert ws.banner.isVisible() and "tidigare planversion" in ws.banner.text()
    assert not ws.actions["new_goal"].isEnabled()


def test_closed_case_opens_read_only(window, demo_store):
    case_id = next(r.id for r in demo_store.list_cases("Linus"))
    case = demo_store.load_case(case_id)
    case.closing = Closing(dt.date(2026, 6, 1), ClosingReason.GOALS_MET)
    demo_store.save_case(case_id, case)
    window.refresh()
    window.open_case(case_id)
    ws = window.workspace
    assert not window.controller.editable
    assert ws.stack.currentWidget() is ws.read_only and "avslutades" in ws.banner.text()


def test_protected_case_shows_the_pseudonym_in_the_workspace(window, demo_store):
    _open(window, demo_store, "K-17")
    ws = window.workspace
    assert ws.title.text() == "Klient K-17"
    assert "Amira" not in window.windowTitle()
    speakers = [ws.circle.speakers.item(i).text() for i in range(ws.circle.speakers.count())]
    assert not any("Amira" in s or "Haddad" in s for s in speakers)


def test_focus_names_the_row_being_edited(window, demo_store, qtbot):
    _open(window, demo_store, "Josef")
    ws = window.workspace
    ws.show_meeting()
    goals = ws.plan.goals
    ws.plan.setCurrentIndex(2)
    with qtbot.waitSignal(window.controller.focus_changed) as signal:
        goals.tree.setCurrentItem(goals.tree.topLevelItem(1))
    assert signal.args[0] == ("goal", window.controller.meeting.plan.goals[1].id)


def test_every_control_in_the_editors_has_an_accessible_name(window, demo_store):
    from PySide6.QtWidgets import (
        QAbstractSpinBox,
        QComboBox,
        QLineEdit,
        QListWidget,
        QPlainTextEdit,
        QTreeWidget,
    )

    _open(window, demo_store, "Josef")
    nameless = [
        type(w).__name__
        for kind in (QLineEdit, QPlainTextEdit, QComboBox, QListWidget, QTreeWidget)
        for w in window.workspace.findChildren(kind)
        if not w.accessibleName() and not isinstance(w.parent(), QComboBox | QAbstractSpinBox)
    ]
    assert nameless == []


def test_quick_actions_record_a_disagreement_and_dated_notes(window, demo_store, qtbot, monkeypatch):
    monkeypatch.setattr(
        "sipdesk.ui.chair.workspace.DisagreementDialog.get_disagreement",
        lambda *a: (("Johan Berg", "Hur ofta stödsamtalen ska vara"), True),
    )
    monkeypatch.setattr(
        "sipdesk.ui.chair.workspace.NoteDialog.get_text", lambda *a: ("Beslut kl. 14.30", True)
    )
    _open(window, demo_store, "Josef")
    ws = window.workspace
    ws.show_meeting()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    focus = ws.plan.reason
    focus.setFocus()
    qtbot.keyClick(focus, Qt.Key_D, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.keyClick(focus, Qt.Key_R, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.keyClick(focus, Qt.Key_S, Qt.ControlModifier | Qt.ShiftModifier)
    meeting = window.controller.meeting
    assert (meeting.plan.disagreements[-1].who, meeting.plan.disagreements[-1].about) == (
        "Johan Berg",
        "Hur ofta stödsamtalen ska vara",
    )
    kinds = [n.kind.value for n in meeting.circle.notes]
    assert kinds[-3:] == ["disagreement", "radrum", "samrad"]
    assert meeting.circle.notes[-2].text == "Beslut kl. 14.30" and meeting.circle.notes[-2].on
    rows = [ws.plan.disagreements.item(i).text() for i in range(ws.plan.disagreements.count())]
    assert any("Hur ofta stödsamtalen" in r for r in rows)
    window.close_workspace()
    saved = demo_store.load_case(_josef(demo_store))
    assert saved.current_plan.disagreements[-1].who == "Johan Berg"


def _josef(store) -> int:
    return next(r.id for r in store.list_cases("Josef"))


def test_goal_rows_move_and_delete_from_the_keyboard(window, demo_store, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)  # delete asks
    _open(window, demo_store, "Josef")
    ws = window.workspace
    ws.show_meeting()
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    ws.plan.setCurrentIndex(2)
    tree = ws.plan.goals.tree
    tree.setFocus()
    tree.setCurrentItem(tree.topLevelItem(0))
    plan = window.controller.meeting.plan
    first, second = plan.goals[0].id, plan.goals[1].id
    qtbot.keyClick(tree, Qt.Key_Down, Qt.AltModifier)
    plan = window.controller.meeting.plan
    assert [g.id for g in plan.goals[:2]] == [second, first]
    count = len(plan.goals)
    qtbot.keyClick(tree, Qt.Key_Delete, Qt.ControlModifier)
    assert len(window.controller.meeting.plan.goals) == count - 1
    qtbot.keyClick(tree, Qt.Key_Z, Qt.ControlModifier)
    assert len(window.controller.meeting.plan.goals) == count


def test_default_shares_are_a_setting_that_new_cases_start_with(qtbot, store, monkeypatch):
    answers = iter([("5, 25, 40, 20, 10", True), ("50, 50", True), ("Nils Nyberg", True)])
    monkeypatch.setattr(
        "sipdesk.ui.main_window.QInputDialog.getText", lambda *a, **k: next(answers)
    )
    warnings = []
    monkeypatch.setattr(
        "sipdesk.ui.main_window.QMessageBox.warning", lambda *a: warnings.append(a[2])
    )
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.edit_default_shares()
    w.edit_default_shares()  # refused: says what to write, keeps the good value
    assert len(warnings) == 1 and "fem delarna" in warnings[0]
    w.new_case()
    assert w.controller.meeting.circle.shares == [5, 25, 40, 20, 10]
