"""Render the plan check and the follow-up review in the chair's workspace at 1366×768:

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/workspace_checks_screenshots.py [--scale 1.25]

Writes workspace-plan-check.png and workspace-follow-up-review.png (with -125/-150 for a scale)
from Josef's demo case (example 1) in a throw-away store in a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent


def main() -> int:
    from make_screenshots import DemoWindow, parse_scale

    demo = DemoWindow(parse_scale())
    from PySide6.QtWidgets import QMessageBox

    from sipdesk.model.changes import Change
    from sipdesk.model.review import Decision, GoalOutcome, InterventionOutcome

    store, window, shot = demo.store, demo.window, demo.shot

    case_id = next(r.id for r in store.list_cases("Josef"))
    window.select_case(case_id)
    window.open_case(case_id)
    ws, c = window.workspace, window.controller

    # an intervention whose principal was cleared: law point 2 still holds, a warning appears
    def no_principal(case, m):
        m.plan.goals[2].interventions[0].principal = None
        return Change("intervention", m.plan.goals[2].interventions[0].id)

    c.apply("screenshot", no_principal)
    ws.show_check()
    rows = ws.check_list.list
    for i in range(rows.count()):
        if rows.item(i).data(0x0100).code == "intervention-no-principal":
            rows.setCurrentRow(i)
            ws.jump_to(rows.item(i).data(0x0100))
            break
    shot("workspace-plan-check")
    c.undo_stack.undo()

    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.Yes)
    window.new_follow_up()
    ws.plan_review()
    editor = ws.review.editor
    previous = c.case.meetings[0].plan
    answers = [(GoalOutcome.PARTLY, InterventionOutcome.DONE, "Föräldrarna vill veta mer om kosten"),
               (GoalOutcome.REACHED, InterventionOutcome.DONE, "")]
    for goal, (g, i, text) in zip(previous.goals, answers, strict=False):
        combo = editor.outcome_combo("goal", goal.id)
        combo.setCurrentIndex(combo.findData(g.value))
        item = goal.interventions[0]
        combo = editor.outcome_combo("intervention", item.id)
        combo.setCurrentIndex(combo.findData(i.value))
        if text:
            comment = editor.comment_edit("goal", goal.id)
            comment.setText(text)
            comment.setCursorPosition(0)
            editor._set_comment(("goal", goal.id), text)
    editor.decision.setCurrentIndex(editor.decision.findData(Decision.REVISE.value))
    ws.review.first_field().setFocus()
    window.statusBar().clearMessage()
    shot("workspace-follow-up-review")
    c.save_now()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
