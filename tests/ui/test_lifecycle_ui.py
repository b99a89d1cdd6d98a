"""The plan's life in the window: check list, review editor, compare, close, evaluate, figures."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from sipdesk.model import evaluation, planfile, review
from sipdesk.model.enums import CaseStatus, ClosingReason, MeetingKind, MeetingStatus
from sipdesk.model.evaluation import Answer, Role
from sipdesk.model.review import Decision, InterventionOutcome
from sipdesk.model.store import CaseSummary
from sipdesk.ui.lifecycle.check_list import CheckList
from sipdesk.ui.lifecycle.closing_dialogs import CloseDialog
from sipdesk.ui.lifecycle.compare_view import CompareView
from sipdesk.ui.lifecycle.evaluation_dialog import EvaluationDialog
from sipdesk.ui.lifecycle.figures import FiguresDialog
from sipdesk.ui.lifecycle.review_editor import ReviewEditor, cell_editor
from sipdesk.ui.models.case_table import CaseTableModel
from tests.conftest import DEMO


@pytest.fixture
def no_modal(monkeypatch):
    """Dialogs show without blocking; `answers` lists what each exec() returns, in order."""
    shown: list[QDialog] = []
    answers: list[int] = []

    def fake_exec(self):
        shown.append(self)
        if answers and answers.pop(0) == QDialog.Accepted:
            self.accept()  # as pressing OK would: the dialog may still refuse
            return self.result()
        return QDialog.Rejected

    monkeypatch.setattr(QDialog, "exec", fake_exec)
    return shown, answers


def josef_id(store) -> int:
    return store.list_cases("josef")[0].id


def test_menus_hold_the_actions_and_follow_the_selection(window, demo_store):
    texts = [a.text() for a in window.case_menu.actions()]
    assert "Granska &planen…" in texts and "&Avsluta planen…" in texts
    assert "&Statistik…" in [a.text() for a in window.view_menu.actions()]
    assert not window.lifecycle.close_action.isEnabled()
    window.select_case(josef_id(demo_store))
    assert window.lifecycle.close_action.isEnabled()


def test_check_list_counts_and_jumps(qtbot):
    case = planfile.read(DEMO / "1-josef.json")
    case.meetings[0].plan.main_responsible_id = None
    widget = CheckList()
    qtbot.addWidget(widget)
    findings = widget.show_case(case, today=dt.date(2026, 11, 23))
    assert widget.summary.text().startswith("1 fel")
    assert widget.list.count() == len(findings)
    assert widget.list.item(0).text().startswith("Fel: Ingen huvudansvarig")
    with qtbot.waitSignal(widget.jump_requested) as signal:
        widget.list.itemActivated.emit(widget.list.item(0))
    assert signal.args[0].path == "plan.main_responsible_id"


def test_check_list_masks_a_protected_name(qtbot):
    case = planfile.read(DEMO / "5-skyddad.json")
    case.meetings[0].plan.goals[0].measure = ""
    widget = CheckList()
    qtbot.addWidget(widget)
    widget.show_case(case, today=dt.date(2026, 11, 23))
    shown = " ".join(widget.list.item(i).text() for i in range(widget.list.count()))
    assert "Amira" in case.meetings[0].plan.goals[0].text
    assert "Amira" not in shown and "K-17" in shown


def test_review_editor_writes_into_the_meeting(qtbot):
    case = planfile.read(DEMO / "1-josef.json")
    meeting = case.start_follow_up(dt.date(2027, 2, 15))
    editor = ReviewEditor()
    qtbot.addWidget(editor)
    editor.set_meeting(case, meeting)
    assert editor.table.rowCount() == 14  # 7 goals, 7 interventions
    assert editor.table.item(1, 1).text() == "Eva Nilsson, Karin Holm (Region)"
    combo = cell_editor(editor.table, 1, 2)
    with qtbot.waitSignal(editor.changed):
        combo.setCurrentIndex(combo.findData(InterventionOutcome.DONE.value))
    cell_editor(editor.table, 1, 3).textEdited.emit("Klart")
    editor.decision.setCurrentIndex(editor.decision.findData(Decision.CONTINUE.value))
    assert meeting.review.interventions[0].outcome is InterventionOutcome.DONE
    assert meeting.review.interventions[0].comment == "Klart"
    assert meeting.review.decision is Decision.CONTINUE
    assert editor.remaining.text() == "13 punkter kvar att gå igenom."


def test_follow_up_of_josef_is_started_reviewed_and_saved(
    window, demo_store, no_modal, monkeypatch
):
    shown, answers = no_modal
    case_id = josef_id(demo_store)
    window.select_case(case_id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    answers.append(QDialog.Accepted)

    original = ReviewEditor.set_meeting

    def answer_first(self, case, meeting, read_only=False):
        original(self, case, meeting, read_only)
        rev = meeting.review
        rev.interventions[0].outcome = InterventionOutcome.ONGOING
        rev.decision = Decision.REVISE

    monkeypatch.setattr(ReviewEditor, "set_meeting", answer_first)
    window.lifecycle.show_review()
    stored = demo_store.load_case(case_id)
    assert len(stored.meetings) == 2
    assert stored.meetings[1].kind is MeetingKind.FOLLOW_UP
    assert stored.meetings[1].review.decision is Decision.REVISE
    assert "review_saved" in [e.action for e in demo_store.audit_log(case_id)]
    rows = review.review_rows(stored, stored.meetings[1])
    assert rows[1].outcome == "Pågår"


def test_compare_view_shows_only_changes_by_default(qtbot):
    case = planfile.read(DEMO / "1-josef.json")
    meeting = case.start_follow_up(dt.date(2027, 2, 15))
    meeting.plan.goals.pop(0)
    view = CompareView(case)
    qtbot.addWidget(view)
    assert view.table.rowCount() == 3  # the goal, its intervention, and the follow-up date
    assert view.table.item(0, 3).text() == "Borttaget"
    view.only_changes.setChecked(False)
    assert view.table.rowCount() > 10


def test_close_dialog_refuses_until_someone_was_told(qtbot):
    case = planfile.read(DEMO / "1-josef.json")
    case.meetings[0].plan.copies_to = []
    dialog = CloseDialog(case, ClosingReason.GOALS_MET, today=dt.date(2026, 11, 23))
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.closing is None and "vem som" in dialog.error.text()
    dialog.told.setPlainText("Sara Berg\n\nJohan Berg")
    dialog.accept()
    assert dialog.closing.told == ["Sara Berg", "Johan Berg"]
    assert dialog.closing.reason is ClosingReason.GOALS_MET


def test_withdrawal_offers_to_close_and_closed_case_is_read_only(
    window, demo_store, no_modal, monkeypatch
):
    shown, answers = no_modal
    case_id = josef_id(demo_store)
    window.select_case(case_id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    offered = []  # closing offers the follow-up's cancellation for the calendar (issue 15)
    monkeypatch.setattr(window.lifecycle, "offer_calendar_cancellation",
                        lambda case: offered.append(case.uid) or False)  # fmt: skip
    answers.extend([QDialog.Accepted, QDialog.Accepted])  # withdraw, then close
    window.lifecycle.withdraw_consent()
    assert [type(d).__name__ for d in shown] == ["WithdrawDialog", "CloseDialog"]
    assert len(offered) == 1
    assert shown[1].value().reason is ClosingReason.CONSENT_WITHDRAWN
    stored = demo_store.load_case(case_id)
    assert stored.status is CaseStatus.CLOSED
    assert stored.closing.reason is ClosingReason.CONSENT_WITHDRAWN
    assert stored.closing.told  # suggested from "Kopia till"
    row = window.model.row_at(window.model.row_of(case_id))
    assert row.status is CaseStatus.CLOSED
    assert "Avslutad" in window.view.toPlainText() or "avslut" in window.view.toPlainText().lower()


def test_evaluation_dialog_saves_one_response_per_person(qtbot, store):
    dialog = EvaluationDialog(store, MeetingKind.FOLLOW_UP, today=dt.date(2026, 11, 12))
    qtbot.addWidget(dialog)
    dialog.start(Role.PERSON)
    assert dialog.title.text() == "Jag har deltagit i förberedelser inför mötet"
    dialog._answer(Answer.FULLY)
    for _i in range(len(dialog.items) - 2):
        dialog._answer(None)
    dialog._answer(Answer.NOT)
    assert dialog.saved == 1 and dialog.role is None
    (response,) = evaluation.load(store)
    # the last statement at a follow-up: has the SIP meant coordination (Uppsala instrument)
    assert response.answers == {"prepared": Answer.FULLY, "coordinated": Answer.NOT}
    assert response.role is Role.PERSON and response.meeting_kind is MeetingKind.FOLLOW_UP


def test_figures_dialog_shows_the_period(qtbot, demo_store):
    dialog = FiguresDialog(demo_store, today=dt.date(2026, 11, 23))
    qtbot.addWidget(dialog)
    values = {
        dialog.table.item(r, 0).text(): dialog.table.item(r, 1).text()
        for r in range(dialog.table.rowCount())
    }
    assert values["Upprättade SIP (första möten, KVÅ AU124, KSI XAH.20.75)"] == "5"
    assert values["Den enskilde deltog i mötet"] == "40 %"
    assert values["Den enskilde deltog eller var företrädd"] == "100 %"
    assert dialog.chart.figures.first_meetings == 5
    assert not dialog.chart.grab().isNull()


def _row(status=CaseStatus.ACTIVE, follow=None, errors=0):
    return CaseSummary(1, "X", status, False, follow, dt.datetime(2026, 1, 1), errors)


def test_case_table_reminders(qtbot):
    model = CaseTableModel(due_days=14)
    today = model.today
    model.set_rows(
        [
            _row(follow=today - dt.timedelta(days=3)),
            _row(follow=today + dt.timedelta(days=5), errors=2),
            _row(follow=today + dt.timedelta(days=30)),
            _row(status=CaseStatus.CLOSED, follow=today - dt.timedelta(days=3), errors=1),
        ]
    )
    column = CaseTableModel.COLUMNS.index("reminder")
    texts = [model.data(model.index(r, column)) for r in range(4)]
    assert texts == [
        "Uppföljning 3 dagar försenad",
        "Uppföljning om 5 dagar · 2 fel i planen",
        "",
        "",
    ]
    assert model.data(model.index(0, column), Qt.BackgroundRole) is not None
    assert model.data(model.index(2, column), Qt.BackgroundRole) is None
    # errors colour the reminder red even when the follow-up is only due soon
    red = model.data(model.index(0, column), Qt.BackgroundRole).color()
    assert model.data(model.index(1, column), Qt.BackgroundRole).color() == red
    follow = CaseTableModel.COLUMNS.index("follow_up")
    assert model.data(model.index(1, follow), Qt.BackgroundRole).color() != red
    assert model.headerData(column, Qt.Horizontal) == "Påminnelse"


def test_closed_case_review_is_read_only(qtbot):
    case = planfile.read(DEMO / "1-josef.json")
    meeting = case.start_follow_up(dt.date(2027, 2, 15))
    meeting.status = MeetingStatus.HELD
    review.ensure_review(case, meeting)
    editor = ReviewEditor()
    qtbot.addWidget(editor)
    editor.set_meeting(case, meeting, read_only=True)
    assert not cell_editor(editor.table, 0, 2).isEnabled()
    assert cell_editor(editor.table, 1, 3).isReadOnly()


def test_figures_evaluation_tab_filters_by_role(qtbot, store):
    day = dt.date(2026, 11, 12)
    for role, answer in ((Role.PERSON, Answer.FULLY), (Role.PROFESSIONAL, Answer.NOT)):
        evaluation.save(
            store, evaluation.Response(day, MeetingKind.FIRST, role, {"listened": answer})
        )
    dialog = FiguresDialog(store, today=dt.date(2026, 11, 23))
    qtbot.addWidget(dialog)
    # side by side first: the person's 100 % and the professionals' 0 %, never a 50 % average
    assert dialog.answers.item(0, 0).text() == "Jag blev lyssnad på"
    headers = [dialog.answers.horizontalHeaderItem(c).text()
               for c in range(dialog.answers.columnCount())]  # fmt: skip
    assert headers[1:] == [r.label for r in Role]
    assert dialog.answers.item(0, 1).text() == "100 % (n=1)"
    assert dialog.answers.item(0, 3).text() == "0 % (n=1)"
    assert "50 %" not in [dialog.answers.item(0, c).text() for c in range(1, 4)]
    dialog.role.setCurrentIndex(dialog.role.findData(Role.PROFESSIONAL.value))
    assert dialog.answers.item(0, 0).text() == "Enligt min bedömning blev den enskilde lyssnad på"
    assert dialog.answers.item(0, 6).text() == "0 %"


def test_export_is_confirmed_only_when_the_plan_has_errors(qtbot, monkeypatch):
    from sipdesk.ui.lifecycle.check_list import confirm_before_export

    asked = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda *a, **k: asked.append(a[2]) or QMessageBox.No
    )
    case = planfile.read(DEMO / "1-josef.json")
    assert confirm_before_export(None, case) is True and asked == []
    case.meetings[0].plan.main_responsible_id = None
    assert confirm_before_export(None, case) is False
    assert "huvudansvarig" in asked[0]


def test_case_view_shows_the_review_of_a_follow_up(window, demo_store):
    case_id = josef_id(demo_store)
    case = demo_store.load_case(case_id)
    meeting = case.start_follow_up(dt.date(2027, 2, 15))
    rev = review.ensure_review(case, meeting)
    rev.interventions[0].outcome = InterventionOutcome.DONE
    rev.decision = Decision.CONTINUE
    demo_store.save_case(case_id, case)
    window.select_case(case_id)
    text = window.view.toPlainText()
    assert "Uppföljning av planversion 1" in text
    assert "Genomförd" in text and "Beslut: Fortsätt enligt planen" in text


def test_evaluation_action_opens_for_the_current_meeting_kind(window, demo_store, no_modal):
    shown, _answers = no_modal
    window.select_case(josef_id(demo_store))
    window.lifecycle.evaluate()
    (dialog,) = shown
    assert isinstance(dialog, EvaluationDialog) and dialog.kind is MeetingKind.FIRST
    # on the chair's screen, over the chair's window: never on the room's screen (issue 13)
    assert dialog.parent() is window and dialog.screen() is window.screen()


def test_a_closed_case_shows_its_review_read_only(window, demo_store, no_modal):
    from sipdesk.model import lifecycle
    from sipdesk.model.entities import Closing

    shown, answers = no_modal
    case_id = josef_id(demo_store)
    case = demo_store.load_case(case_id)
    meeting = case.start_follow_up(dt.date.today())
    meeting.status = MeetingStatus.HELD
    review.ensure_review(case, meeting).decision = Decision.CLOSE
    demo_store.save_case(case_id, case)
    closing = Closing(dt.date.today(), ClosingReason.GOALS_MET, ["Sara Berg"])
    lifecycle.close_in_store(demo_store, case_id, closing)
    window.refresh()
    window.select_case(case_id)
    answers.append(QDialog.Accepted)
    dialog = window.lifecycle.show_review()
    assert dialog.editor.read_only
    assert not dialog.editor.decision.isEnabled()
    assert demo_store.load_case(case_id).meetings[1].review.decision is Decision.CLOSE
