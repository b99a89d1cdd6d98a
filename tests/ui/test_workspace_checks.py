"""The plan check and the follow-up review inside the chair's workspace.

The check runs after every edit and is counted in the header; choosing a finding puts the cursor
in the field it is about. A follow-up meeting reviews the previous plan in a tab of the plan
editor, each answer one undoable, autosaved edit.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from sipdesk.model import quality
from sipdesk.model.changes import Change
from sipdesk.model.review import Decision, GoalOutcome, InterventionOutcome


def josef(window, store) -> int:
    case_id = next(r.id for r in store.list_cases("Josef"))
    window.select_case(case_id)
    assert window.open_case(case_id)
    return case_id


def edit(window, operation) -> None:
    assert window.controller.apply("test edit", operation) is not None


def finding(window, code: str) -> quality.Finding:
    found = [f for f in window.workspace.live_check.run_now() if f.code == code]
    assert found, f"no {code} finding"
    return found[0]


def jump(window, code: str):
    widget = window.workspace.jump_to(finding(window, code))
    assert widget is not None
    assert QApplication.focusWidget() is widget
    return widget


def test_the_header_counts_the_findings_and_follows_each_edit(window, demo_store, qtbot):
    josef(window, demo_store)
    ws = window.workspace
    assert ws.check_button.text().endswith("0 fel · 15 varningar")

    def no_main(case, m):
        m.plan.main_responsible_id = None
        return Change("field", "main_responsible_id")

    edit(window, no_main)  # the count follows without anyone asking for a check
    qtbot.waitUntil(lambda: "1 fel" in ws.check_button.text())
    assert any(f.code == "law-4-main-responsible" for f in ws.check_list.findings)
    window.controller.undo_stack.undo()
    qtbot.waitUntil(lambda: ws.check_button.text().endswith("0 fel · 15 varningar"))


def test_a_goal_without_measure_jumps_to_the_goal_s_measure(window, demo_store):
    josef(window, demo_store)
    plan = window.workspace.plan
    found = finding(window, "goal-no-measure")
    assert jump(window, "goal-no-measure") is plan.goals.goal_measure
    assert window.workspace.tabs.currentIndex() == 1 and plan.currentIndex() == 2
    assert plan.goals.current == ("goal", found.item_id)


def test_an_intervention_without_principal_jumps_to_its_principal(window, demo_store):
    josef(window, demo_store)
    target = window.controller.meeting.plan.goals[2].interventions[0]

    def no_principal(case, m):
        m.plan.goals[2].interventions[0].principal = None
        return Change("intervention", target.id)

    edit(window, no_principal)
    goals = window.workspace.plan.goals
    assert jump(window, "intervention-no-principal") is goals.item_principal
    assert goals.current == ("intervention", target.id)
    assert goals.item_principal.currentIndex() == 0  # "(none)": the editor shows that row


def test_no_huvudansvarig_jumps_to_appointing_one(window, demo_store):
    josef(window, demo_store)

    def no_main(case, m):
        m.plan.main_responsible_id = None
        return Change("field", "main_responsible_id")

    edit(window, no_main)
    plan = window.workspace.plan
    assert jump(window, "law-4-main-responsible") is plan.appoint
    assert plan.currentIndex() == 3


def test_a_participant_without_a_name_jumps_to_the_name_in_the_preparation(window, demo_store):
    josef(window, demo_store)
    person = window.controller.meeting.participants[1]

    def nameless(case, m):
        m.participants[1].name = ""
        return Change("participant", person.id)

    edit(window, nameless)
    window.workspace.show_meeting()  # the jump must turn the page
    prep = window.workspace.preparation
    widget = jump(window, "participant-signature")
    assert window.workspace.tabs.currentIndex() == 0
    assert prep.participants.current_id == person.id
    assert widget is prep.participants.first_field  # the name
    assert widget.accessibleName() == "Den inbjudnas namn"


def test_a_professional_without_a_role_jumps_to_the_title(window, demo_store):
    josef(window, demo_store)
    person = next(
        p for p in window.controller.meeting.participants if p.principal in quality.PRINCIPALS
    )

    def roleless(case, m):
        p = m.participant(person.id)
        p.title = p.organisation = ""
        return Change("participant", person.id)

    edit(window, roleless)
    widget = jump(window, "participant-signature")
    assert window.workspace.preparation.participants.current_id == person.id
    assert widget.accessibleName() == "Befattning"


def test_a_consent_not_valid_on_the_day_jumps_to_the_consent(window, demo_store):
    josef(window, demo_store)
    day = window.controller.meeting.date
    consent = window.controller.case.consents[0]

    def withdrawn(case, m):
        case.consents[0].withdrawn_on = day - dt.timedelta(days=1)
        return Change("consent", consent.id)

    edit(window, withdrawn)
    window.workspace.show_meeting()
    prep = window.workspace.preparation
    assert jump(window, "consent") is prep.consents.first_field
    assert window.workspace.tabs.currentIndex() == 0
    assert prep.consents.current_id == consent.id


def test_no_follow_up_date_jumps_to_the_follow_up_booking(window, demo_store):
    josef(window, demo_store)

    def unbooked(case, m):
        m.plan.follow_up = None
        return Change("field", "follow_up")

    edit(window, unbooked)
    assert jump(window, "follow-up-missing") is window.workspace.plan.follow_date


def test_choosing_a_finding_in_the_list_jumps(window, demo_store, qtbot):
    josef(window, demo_store)
    ws = window.workspace
    ws.show_check()
    assert ws.circle.tabs.currentWidget() is ws.check_list
    assert QApplication.focusWidget() is ws.check_list.list
    rows = ws.check_list.list
    index = next(
        i for i in range(rows.count()) if rows.item(i).data(Qt.UserRole).code == "goal-no-date"
    )
    rows.setCurrentRow(index)
    qtbot.keyClick(rows, Qt.Key_Return)  # Enter activates the row: the cursor goes to the field
    assert QApplication.focusWidget() is ws.plan.goals.goal_date


def test_the_plan_check_dialog_jumps_through_the_main_window(window, demo_store, monkeypatch):
    case_id = next(r.id for r in demo_store.list_cases("Josef"))
    window.select_case(case_id)  # on the case list: the jump opens the case first

    def choose_first(dialog):
        wanted = next(f for f in dialog.check_list.findings if f.code == "goal-no-measure")
        dialog.check_list.jump_requested.emit(wanted)
        return dialog.result()

    monkeypatch.setattr(QDialog, "exec", choose_first)
    window.lifecycle.show_check()
    assert window.controller.case_id == case_id and window.pages.currentIndex() == 1
    assert QApplication.focusWidget() is window.workspace.plan.goals.goal_measure
    # in the workspace, the same menu entry shows the live list instead of a dialog
    assert window.lifecycle.show_check() is None
    assert QApplication.focusWidget() is window.workspace.check_list.list


def test_a_finding_that_no_longer_fits_goes_nowhere(window, demo_store):
    josef(window, demo_store)
    stale = quality.Finding(quality.Severity.WARNING, "goal-no-measure", "plan.goals[99].measure", "x")
    assert window.workspace.jump_to(stale) is None
    assert window.jump_to_finding(stale) is False


# --- the follow-up review ----------------------------------------------------------------------


def follow_up(window, demo_store, monkeypatch) -> int:
    case_id = josef(window, demo_store)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    window.new_follow_up()
    return case_id


def test_the_review_tab_shows_only_in_a_follow_up(window, demo_store, monkeypatch):
    josef(window, demo_store)
    ws = window.workspace
    assert not ws.plan.isTabVisible(ws.review_tab)
    assert not ws.actions["part6"].isEnabled()
    follow_up(window, demo_store, monkeypatch)
    assert ws.plan.isTabVisible(ws.review_tab)
    assert not ws.review_prompt.isHidden() and "15 punkter" in ws.review_prompt.text()


def test_josef_s_follow_up_is_reviewed_in_the_workspace_undoably_and_saved(
    window, demo_store, monkeypatch, qtbot
):
    case_id = follow_up(window, demo_store, monkeypatch)
    ws, c = window.workspace, window.controller
    previous = c.case.meetings[0].plan
    goal, item = previous.goals[0], previous.goals[0].interventions[0]
    qtbot.keyClick(window, Qt.Key_6, Qt.AltModifier)  # Alt+6 turns to the review
    editor = ws.review.editor
    assert ws.plan.currentWidget() is ws.review
    assert QApplication.focusWidget() is editor.outcome_combo("goal", goal.id)
    assert c.meeting.review is None  # nothing is written before the first answer

    combo = editor.outcome_combo("goal", goal.id)
    combo.setCurrentIndex(combo.findData(GoalOutcome.PARTLY.value))
    assert c.meeting.review.for_goal(goal.id).outcome is GoalOutcome.PARTLY
    combo = editor.outcome_combo("intervention", item.id)
    combo.setCurrentIndex(combo.findData(InterventionOutcome.DONE.value))
    comment = editor.comment_edit("intervention", item.id)
    comment.setFocus()
    qtbot.keyClicks(comment, "Klart i mars")
    editor.decision.setCurrentIndex(editor.decision.findData(Decision.REVISE.value))
    assert c.meeting.review.for_intervention(item.id).comment == "Klart i mars"
    assert "12 punkter kvar" in editor.remaining.text()

    # undo takes back the decision, then the whole typed comment (one burst), then the outcome
    c.undo_stack.undo()
    assert c.meeting.review.decision is None
    assert editor.decision.currentData() is None
    c.undo_stack.undo()
    assert c.meeting.review.for_intervention(item.id).comment == ""
    ws.plan.setFocus()
    c.changed.emit(Change("review"))
    assert comment.text() == ""
    c.undo_stack.redo()
    c.undo_stack.redo()
    assert c.meeting.review.decision is Decision.REVISE

    with qtbot.waitSignal(c.saved, timeout=5000):  # autosaved, as every edit
        pass
    stored = demo_store.load_case(case_id).meetings[1].review
    assert stored.for_goal(goal.id).outcome is GoalOutcome.PARTLY
    assert stored.for_intervention(item.id).outcome is InterventionOutcome.DONE
    assert stored.for_intervention(item.id).comment == "Klart i mars"
    assert stored.decision is Decision.REVISE


def test_the_review_of_an_earlier_version_or_a_closed_case_is_read_only(
    window, demo_store, monkeypatch
):
    from sipdesk.model.entities import Closing
    from sipdesk.model.enums import ClosingReason

    case_id = follow_up(window, demo_store, monkeypatch)
    c = window.controller
    goal = c.case.meetings[0].plan.goals[0]
    combo = window.workspace.review.editor.outcome_combo("goal", goal.id)
    combo.setCurrentIndex(combo.findData(GoalOutcome.REACHED.value))
    assert window.controller.save_now()
    window.close_workspace()
    case = demo_store.load_case(case_id)
    case.closing = Closing(dt.date(2027, 3, 1), ClosingReason.GOALS_MET)
    demo_store.save_case(case_id, case)
    window.open_case(case_id)
    assert not c.editable
    assert window.workspace.stack.currentIndex() == 1  # the read-only view of the plan
    assert not window.workspace.actions["part6"].isEnabled()
    editor = window.workspace.review.editor
    assert not editor.outcome_combo("goal", goal.id).isEnabled()
    assert window.lifecycle.show_review() is None  # nothing to edit, no dialog
    assert demo_store.load_case(case_id).meetings[1].review.for_goal(goal.id).outcome is (
        GoalOutcome.REACHED
    )


def test_the_review_menu_entry_in_the_workspace_starts_the_follow_up_in_the_tab(
    window, demo_store, monkeypatch
):
    josef(window, demo_store)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    assert window.lifecycle.show_review() is None  # no dialog beside the open case
    ws = window.workspace
    assert len(window.controller.case.meetings) == 2 and window.controller.editable
    assert ws.plan.currentWidget() is ws.review
    assert QApplication.focusWidget() is ws.review.first_field()


def test_no_jump_into_an_earlier_plan_version(window, demo_store, monkeypatch):
    follow_up(window, demo_store, monkeypatch)
    found = finding(window, "goal-no-measure")
    window.controller.select_meeting(0)  # the first plan: read-only
    assert window.workspace.jump_to(found) is None
    assert "skrivskyddad" in window.statusBar().currentMessage()


def test_moving_into_part_2_of_a_follow_up_prompts_the_review(window, demo_store, monkeypatch):
    follow_up(window, demo_store, monkeypatch)
    ws = window.workspace
    ws.show_meeting()
    ws.toggle_clock()
    ws.forward()  # part 2, the current situation: time to go through the previous plan
    assert "15 punkter i förra planen" in window.statusBar().currentMessage()
    ws.review_prompt.click()
    assert QApplication.focusWidget() is ws.review.first_field()
