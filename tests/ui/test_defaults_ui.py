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


def _clear_and_appoint(window, name: str):
    """Josef's plan with part 5 left empty; returns the workspace's controller."""
    case_id = select(window, name)
    window.open_case(case_id)
    c = window.controller
    c.apply("clear", lambda case, m: _clear(m))
    return c


def test_the_meeting_ending_fills_part_5_as_one_undoable_step(quiet_window):
    w = quiet_window
    c = _clear_and_appoint(w, "Josef Berg")
    ws = w.workspace
    ws.show_meeting()
    meeting = c.meeting
    meeting.circle.current = 4  # the closing part
    meeting.circle.finished = False
    steps = c.undo_stack.count()
    ws.forward()  # F8 after the closing part: the meeting is finished
    assert meeting.circle.finished
    plan = c.meeting.plan
    main = c.meeting.main_responsible
    assert plan.original_kept_by == f"{main.name}, {main.organisation}"
    assert "Barnmedicinska mottagningen" in plan.copies_to and "Sara Berg" in plan.copies_to
    assert ws.plan.original.text() == plan.original_kept_by  # shown, not only greyed
    assert ws.plan.copies.toPlainText().splitlines() == plan.copies_to
    assert c.undo_stack.count() == steps + 1
    c.undo_stack.undo()  # one Ctrl+Z takes the whole filling back
    assert c.meeting.plan.copies_to == [] and c.meeting.plan.original_kept_by == ""
    c.undo_stack.redo()
    # a new huvudansvarig: the filled-in original follows; the chair's own words would not
    other = next(p for p in c.meeting.participants
                 if p.organisation and p.id != c.meeting.plan.main_responsible_id)
    c.apply("appoint", lambda case, m: _appoint(m, other.id))
    assert c.meeting.plan.original_kept_by == f"{other.name}, {other.organisation}"
    c.apply("own", lambda case, m: _write_original(m, "Arkivet"))
    c.apply("appoint", lambda case, m: _appoint(m, main.id))
    assert c.meeting.plan.original_kept_by == "Arkivet"
    assert c.save_now()
    assert w.store.load_case(c.case_id).current_meeting.plan.original_kept_by == "Arkivet"


def test_printing_fills_what_is_empty_and_keeps_what_the_chair_wrote(quiet_window, monkeypatch):
    from sipdesk.ui.printing.dialog import PrintSetDialog

    w = quiet_window
    c = _clear_and_appoint(w, "Klient K-17")  # the protected identity, by pseudonym
    c.apply("own", lambda case, m: _write_original(m, "Egen text om originalet"))
    seen = []
    monkeypatch.setattr(PrintSetDialog, "exec", lambda self: seen.append(self.items()) or 0)
    w.print_feature.start()
    plan = w.store.load_case(c.case_id).current_meeting.plan
    assert plan.original_kept_by == "Egen text om originalet"
    assert plan.copies_to == ["Socialtjänsten, våld i nära relation", "Psykiatrimottagningen Syd",
                              "Kvinnojouren"]
    assert [i.recipient for i in seen[0] if i.kind == "copy"] == plan.copies_to


def _appoint(m, participant_id):
    from sipdesk.model.changes import Change

    m.plan.main_responsible_id = participant_id
    return Change("field", "main_responsible")


def _write_original(m, text):
    from sipdesk.model.changes import Change

    m.plan.original_kept_by = text
    return Change("field", "original_kept_by")
