"""The window fills in what the store knows (issue 18, item 4)."""

from __future__ import annotations

import datetime as dt

from sipdesk.model import lifecycle
from sipdesk.model.enums import ClosingReason
from sipdesk.ui.lifecycle.closing_dialogs import CloseDialog
from tests.ui.conftest import select


def test_part_5_suggests_the_organisations_and_the_main_responsible(quiet_window):
    w = quiet_window
    case_id = select(w, "Josef Berg")
    w.open_case(case_id)
    c = w.controller
    c.apply("clear", lambda case, m: _clear(m))
    w.workspace.show_meeting()
    w.workspace.plan_tab_5()
    plan = c.meeting.plan
    assert c.meeting.main_responsible.name in w.workspace.plan.original.placeholderText()
    assert "Barnmedicinska mottagningen" in w.workspace.plan.copies.placeholderText()
    assert plan.copies_to == []  # nothing written behind the chair's back


def _clear(m):
    from sipdesk.model.changes import Change

    m.plan.copies_to = []
    m.plan.original_kept_by = ""
    return Change("meeting", m.id)


def test_new_case_gets_the_chairs_stored_name(quiet_window, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    w = quiet_window
    w.store.set_preference("chair.name", "Ordf Örande")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Ny Person", True))
    w.new_case()
    assert w.controller.meeting.chair == "Ordf Örande"


def test_closing_after_a_withdrawal_defaults_to_it_and_tells_who_withdrew(qtbot, demo_store):
    case_id = next(r.id for r in demo_store.list_cases("Josef"))
    case = demo_store.load_case(case_id)
    day = dt.date(2026, 11, 30)
    for consent in case.consents:
        lifecycle.withdraw_consent(case, consent.id, day)
    dialog = CloseDialog(case, today=day)
    qtbot.addWidget(dialog)
    assert dialog.reason.currentData() == ClosingReason.CONSENT_WITHDRAWN.value
    told = dialog.told.toPlainText().splitlines()
    assert all(c.given_by in told for c in case.consents)


def test_samrad_is_not_offered_in_an_adults_case(quiet_window):
    w = quiet_window
    adult = next(i for i in range(w.model.rowCount()) if w.model.row_at(i).protected)  # born 1985
    w.table.selectRow(adult)
    w.open_current()
    assert not w.workspace.actions["samrad"].isEnabled()
    assert w.workspace.circle.samrad_button.isHidden()
    w.close_workspace()
    select(w, "Josef Berg")
    w.open_current()
    assert w.workspace.actions["samrad"].isEnabled()
    assert not w.workspace.circle.samrad_button.isHidden()
