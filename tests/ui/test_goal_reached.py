"""A reached goal is marked, kept and compared as reached; deleting a goal asks (issue 18, item 5)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QMessageBox

from sipdesk.model import compare, editing, planfile
from tests.ui.conftest import select


def _goals_panel(w):
    case_id = select(w, "Josef Berg")
    w.open_case(case_id)
    w.workspace.show_meeting()
    w.workspace.plan_tab_3()
    panel = w.workspace.plan.goals
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    return panel


def test_a_goal_marked_reached_stays_in_the_plan_and_the_comparison(quiet_window):
    w = quiet_window
    panel = _goals_panel(w)
    goal_id = panel.goal_id
    count = len(w.controller.meeting.plan.goals)
    panel.reached_button.click()
    plan = w.controller.meeting.plan
    goal = next(g for g in plan.goals if g.id == goal_id)
    assert goal.reached_on == dt.date.today() and len(plan.goals) == count
    assert "✓" in panel.tree.topLevelItem(0).text(0)
    # the next version's comparison: changed to "Uppnått", never "Borttaget"
    case = w.controller.case
    old = copy_plan = case.current_plan
    editing.start_follow_up(case)
    rows = compare.compare(case.meetings[-2].plan, case.current_plan)
    assert old is copy_plan
    row = next(r for r in rows if r.section == "Mål" and goal.text in r.new)
    assert row.change is not compare.Change.REMOVED and "Uppnått" in row.new
    # undo brings it back to open
    w.controller.undo_stack.undo()


def test_reached_survives_the_plan_file(demo_store, tmp_path):
    case = demo_store.load_case(next(r.id for r in demo_store.list_cases("Josef")))
    case.current_plan.goals[0].reached_on = dt.date(2026, 11, 30)
    path = planfile.write(case, tmp_path / "plan.json")
    again = planfile.read(path)
    assert again.current_plan.goals[0].reached_on == dt.date(2026, 11, 30)


def test_deleting_a_goal_asks_and_no_keeps_it(quiet_window, monkeypatch):
    w = quiet_window
    panel = _goals_panel(w)
    count = len(w.controller.meeting.plan.goals)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.No)
    panel.delete()  # what Ctrl+Del and the button do on a goal row
    assert asked and len(w.controller.meeting.plan.goals) == count
    panel.tree.setCurrentItem(panel.tree.topLevelItem(0))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    panel.delete()
    assert len(w.controller.meeting.plan.goals) == count - 1


def _josef_with_first_goal_reached(demo_store):
    case = demo_store.load_case(next(r.id for r in demo_store.list_cases("Josef")))
    goals = case.current_plan.goals
    for goal in goals:
        goal.reached_on = None
    goals[0].reached_on = dt.date(2027, 3, 15)
    return case, goals


def test_the_case_preview_marks_the_reached_goal_only(qtbot, demo_store):
    from sipdesk.ui.chair.case_view import CaseView

    case, goals = _josef_with_first_goal_reached(demo_store)
    view = CaseView()
    qtbot.addWidget(view)
    view.show_case(case)
    text = view.toPlainText()
    assert text.count("✓ Uppnått 15 mars 2027") == 1
    mark = text.index("✓ Uppnått")
    assert text.index(goals[0].text) < mark < text.index(goals[1].text)
    goals[0].reached_on = None
    view.show_case(case)
    assert "Uppnått" not in view.toPlainText()


def test_the_shared_screen_draws_the_reached_goal_in_words(qtbot, demo_store):
    from sipdesk.model import live
    from sipdesk.ui.live.view import LiveView

    case, goals = _josef_with_first_goal_reached(demo_store)
    view = LiveView()
    qtbot.addWidget(view)
    view.resize(1920, 6000)  # every goal on screen at once
    view.show()
    view.show_snapshot(live.snapshot(case))
    text = view.visible_text()
    assert text.count("✓ Uppnått 15 mars 2027") == 1
    assert text.index(goals[0].text) < text.index("✓ Uppnått") < text.index(goals[1].text)
    goals[0].reached_on = None
    view.show_snapshot(live.snapshot(case))
    assert "Uppnått" not in view.visible_text()
