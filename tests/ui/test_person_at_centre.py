"""The person at the centre in the window (issue 17): a new case from nothing has the person
among the participants with a signature line; replies, preparation and own-view source are
edited through the controller and reach the store, the check and the figures."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLineEdit

from sipdesk.export.document import plan_document
from sipdesk.i18n import _
from sipdesk.model import participation as part
from sipdesk.model import quality, stats
from sipdesk.model.enums import MeetingStatus
from sipdesk.ui.main_window import MainWindow


def _new_case(qtbot, store, monkeypatch, name="Sofia Ek"):
    monkeypatch.setattr("sipdesk.ui.main_window.QInputDialog.getText", lambda *a, **k: (name, True))
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.new_case()
    return w


def test_a_new_case_from_nothing_has_the_person_first_with_a_signature_line(
    qtbot, store, monkeypatch
):
    w = _new_case(qtbot, store, monkeypatch)
    prep = w.workspace.preparation
    rows = prep.participants.rows()
    assert rows and rows[0][1].startswith("Sofia Ek")
    # and so in the store, after the save
    assert w.controller.save_now()
    case = w.controller.case
    person = part.person_participant(case, case.current_meeting)
    assert person is not None and person.role is part.ParticipantRole.PERSON
    stored = store.load_case(w.current_case_id())
    assert part.person_participant(stored, stored.current_meeting).name == "Sofia Ek"
    doc = plan_document(case)
    signatures = doc.section("signatures").blocks[0].lines
    assert [s.name for s in signatures] == ["Sofia Ek"]
    # she can carry her own intervention: the Ansvar list offers the participants
    assert person.id in {p.id for p in case.current_meeting.participants}


def test_replies_and_preparation_are_edited_through_the_controller(qtbot, store, monkeypatch):
    w = _new_case(qtbot, store, monkeypatch)
    c = w.controller
    prep = w.workspace.preparation
    # an invitee from the form, then their reply
    prep.participants.add()
    staff = c.meeting.participants[-1]
    assert prep.participants.list.select_id(staff.id)
    reply = next(w for w in prep.findChildren(QComboBox) if w.accessibleName() == "Svar")
    reply.setCurrentIndex(reply.findData(part.Reply.NOT_COMING.value))
    reply.activated.emit(reply.currentIndex())
    reason = next(w for w in prep.findChildren(QLineEdit) if w.accessibleName() == "Skäl")
    reason.setText("Semester")
    entry = c.meeting.preparation.planned_attendance[-1]
    assert (entry.participant_id, entry.reply, entry.reason) == (
        staff.id, part.Reply.NOT_COMING, "Semester")
    assert part.not_answered(c.meeting) == []
    box = prep.with_person
    box.refresh()
    assert "Alla inbjudna har svarat" in box.waiting.text()
    box.fields["told_after"].setText("Mamma berättar hemma")
    assert c.meeting.preparation.told_after == "Mamma berättar hemma"
    c.undo_stack.undo()
    assert c.meeting.preparation.told_after == ""
    c.undo_stack.redo()
    # the check sees it: prepared-with is still missing, the person's words not marked
    c.meeting.status = MeetingStatus.HELD
    codes = {f.code for f in quality.check(c.case, today=dt.date(2026, 12, 1))}
    assert "person.not_prepared" in codes and "person.not_heard" not in codes


def test_own_view_source_combo_writes_the_model_and_the_figures_follow(qtbot, store, monkeypatch):
    w = _new_case(qtbot, store, monkeypatch)
    c = w.controller
    editor = w.workspace.plan
    editor.own_view.setPlainText("Jag vill bo kvar hemma.")
    combo = editor.own_view_source
    combo.setCurrentIndex(combo.findData(part.OwnViewSource.PERSON.value))
    combo.activated.emit(combo.currentIndex())
    assert c.meeting.plan.own_view_source is part.OwnViewSource.PERSON
    c.meeting.status, c.meeting.date = MeetingStatus.HELD, dt.date(2026, 11, 2)
    assert stats.compute([c.case]).own_view == stats.Share(1, 1)
    assert stats.compute([c.case]).person_present == stats.Share(1, 1)


def test_the_initiators_kind_is_chosen_undone_and_counted_by_kind(qtbot, store, monkeypatch):
    """Who asked for the SIP, as a closed kind (no name reaches a figure): the combo writes the
    case through the controller as one undo step, and the figures break down by it."""
    from sipdesk.model.enums import InitiatedBy

    w = _new_case(qtbot, store, monkeypatch)
    c = w.controller
    box = w.workspace.preparation.initiative.kind
    for kind in InitiatedBy:
        box.setCurrentIndex(box.findData(kind.value))
        box.activated.emit(box.currentIndex())
        assert c.case.initiative.kind is kind
        c.meeting.status, c.meeting.date = MeetingStatus.HELD, dt.date(2026, 11, 2)
        figures = stats.compute([c.case])
        assert figures.sips_by_initiator == {kind.value: 1}
        assert set(figures.by_initiator) == {kind.value}
        shown = "\n".join(row[1] for row in stats.rows(figures))
        assert _(stats.INITIATOR_SHORT[kind.value]) in shown
    c.undo_stack.undo()
    assert c.case.initiative.kind is list(InitiatedBy)[-2]
    assert box.currentData() == list(InitiatedBy)[-2].value
    box.setCurrentIndex(box.findData(None) if box.findData(None) >= 0 else 0)
    box.activated.emit(box.currentIndex())
    assert c.case.initiative is None or c.case.initiative.kind is None
    assert stats.compute([c.case]).sips_by_initiator == {"unknown": 1}
    assert c.save_now()
    stored = store.load_case(w.current_case_id())
    assert stored.initiative is None or stored.initiative.kind is None
