"""The forms of the law's terms and the SIP variants: huvudman only kommun/region with a separate
"carried out by" / "comes as", the discharge box with its countdown, a care decision apart from
consents, and a discharge finding that puts the cursor in the field it is about."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication

from sipdesk.model import variant_editing as ved
from sipdesk.model.changes import Change
from sipdesk.model.enums import Actor, MeetingKind, Principal
from sipdesk.ui.chair.preparation import actor_items, principal_items
from sipdesk.ui.chair.variants_panel import countdown_text


def _open(window, store, name: str):
    case_id = next(r.id for r in store.list_cases(name))
    window.select_case(case_id)
    assert window.open_case(case_id)
    return window.workspace, window.controller


def test_huvudman_offers_only_kommun_and_region_and_others_are_actors():
    assert [v for v, _label in principal_items()] == [None, "kommun", "region"]
    assert {v for v, _label in actor_items()} - {None} == {a.value for a in Actor}


def test_the_intervention_form_sets_who_carries_it_out(window, demo_store):
    ws, c = _open(window, demo_store, "Kasim")
    ws.tabs.setCurrentIndex(1)
    ws.plan.setCurrentIndex(2)
    item = c.meeting.plan.goals[0].interventions[0]
    assert ws.plan.goals.select(("intervention", item.id))
    box = ws.plan.goals.item_actor
    box.setCurrentIndex(box.findData(Actor.SCHOOL.value))
    box.activated.emit(box.currentIndex())
    assert item.actor is Actor.SCHOOL and item.principal is Principal.REGION
    c.undo_stack.undo()
    assert c.meeting.plan.goals[0].interventions[0].actor is None


def test_the_discharge_box_shows_for_a_discharge_meeting_with_its_countdown(window, demo_store):
    ws, c = _open(window, demo_store, "Linus")
    box = ws.preparation.discharge
    assert box.isHidden()

    def discharge(case, m):
        m.kind = MeetingKind.DISCHARGE
        return Change("meeting", "kind")

    c.apply("test", discharge)
    assert not box.isHidden()
    ready = dt.date(2026, 11, 2)
    c.apply("test", lambda case, m: ved.set_discharge_value(m, "ready_date", ready))
    assert "dagar kvar" in countdown_text(c.meeting, ready + dt.timedelta(days=1))
    assert "gick ut" in countdown_text(c.meeting, ready + dt.timedelta(days=4))
    c.apply("test", lambda case, m: ved.set_discharge_value(m, "called_on", ready))
    assert "inom tre dagar" in countdown_text(c.meeting, ready + dt.timedelta(days=9))


def test_a_discharge_finding_jumps_to_the_ready_date(window, demo_store):
    ws, c = _open(window, demo_store, "Josef")

    def discharge(case, m):
        m.kind = MeetingKind.DISCHARGE
        m.plan.care_contact = m.plan.contact_place = "x"
        return Change("meeting", "kind")

    c.apply("test", discharge)
    found = [f for f in ws.live_check.run_now() if f.code == "discharge-ready-missing"]
    assert found
    widget = ws.jump_to(found[0])
    assert widget is ws.preparation.discharge.ready_date
    assert QApplication.focusWidget() is widget


def test_an_lvu_decision_is_listed_apart_from_the_consents(window, demo_store):
    ws, c = _open(window, demo_store, "Alice")
    prep = ws.preparation
    assert prep.decisions.list.count() == 1
    assert "LVU" in prep.decisions.list.item(0).text()
    assert all("LVU" not in prep.consents.list.item(i).text()
               for i in range(prep.consents.list.count()))


def _principal_labels(ws) -> list[str]:
    """The label of every form row whose field chooses kommun or region, across the workspace."""
    from PySide6.QtWidgets import QComboBox, QFormLayout

    from sipdesk.ui.widgets.fields import _to_data

    values = {_to_data(v) for v, _label in principal_items()}
    out = []
    for form in ws.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            field = form.itemAt(row, QFormLayout.FieldRole)
            widget = field.widget() if field is not None else None
            if isinstance(widget, QComboBox) and {
                widget.itemData(i) for i in range(widget.count())
            } == values:
                label = form.labelForField(widget)
                out.append(label.text() if label is not None else "")
    return out


@pytest.mark.parametrize("name", ["Josef", "Alice", "Kasim", "Linus"])
def test_every_principal_field_says_enhet_in_a_discharge_plan(window, demo_store, name):
    """Issue 16: the paper says *Enhet* in a discharge plan (lag 2017:612) – and so does every
    form of the chair's window that chooses kommun or region; back to *Huvudman* otherwise."""
    ws, c = _open(window, demo_store, name)
    before = _principal_labels(ws)
    assert len(before) >= 3 and set(before) == {"Huvudman"}

    def kind(value):
        def change(case, m):
            m.kind = value
            return Change("meeting", "kind")

        return change

    c.apply("test", kind(MeetingKind.DISCHARGE))
    assert set(_principal_labels(ws)) == {"Enhet"}
    c.undo_stack.undo()
    assert set(_principal_labels(ws)) == {"Huvudman"}


@pytest.mark.parametrize("name", ["1-josef", "2-alice", "3-kasim", "4-linus", "5-skyddad"])
def test_the_case_preview_says_enhet_in_a_discharge_plan(name):
    from sipdesk.ui.chair.case_view import case_html
    from tests.export.helpers import demo_case

    case = demo_case(name)
    assert "Huvudman eller aktör" in case_html(case)
    case.current_meeting.kind = MeetingKind.DISCHARGE
    html = case_html(case)
    assert "Enhet eller aktör" in html and "Huvudman" not in html
