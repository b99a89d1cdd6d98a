"""Issue 15 in the window: the certificate's end in the status bar, a re-booked follow-up's
SEQUENCE kept by the open workspace, and the cancellation offered when a plan is closed."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar
from PySide6.QtWidgets import QFileDialog, QMessageBox

from sipdesk.export import identity
from tests.export.pki import make_pki
from tests.ui.conftest import select


@pytest.fixture
def window(quiet_window):
    return quiet_window


def _event(path):
    cal = Calendar.from_ical(path.read_bytes())
    return cal, next(iter(cal.walk("VEVENT")))


@pytest.mark.parametrize("days,shown", [(12, True), (200, False)])
def test_status_bar_names_a_certificate_that_runs_out_soon(window, days, shown):
    pki = make_pki("Maria Ek", not_after=dt.datetime.now(dt.UTC) + dt.timedelta(days=days))
    identity.import_pkcs12(window.store, pki.p12(b"pw"), "pw")
    feature = window.export_feature
    feature.refresh_certificate_warning()
    label = feature.certificate_label
    assert label.isVisibleTo(window) is shown
    if shown:
        assert "går ut" in label.text() and "förnyat" in label.toolTip()
        assert "förnyat" in feature.identity_text()


def test_rebooking_in_the_open_workspace_raises_sequence(window, qtbot, tmp_path, monkeypatch):
    """The workspace holds its own copy of the case: after an export its copy carries the new
    SEQUENCE too, so its next save does not undo it and the next re-booking rises again."""
    from sipdesk.model.editing import set_follow_up_value

    case_id = select(window, "Josef Berg")
    assert window.open_case(case_id)
    controller = window.controller
    feature = window.export_feature
    monkeypatch.setattr(feature, "_ask_calendar_details", lambda *_case: False)
    sequences = []
    for n in range(3):
        if n:
            day = controller.meeting.plan.follow_up.date + dt.timedelta(days=7)
            controller.run_circle(
                lambda case, meeting, d=day: set_follow_up_value(meeting.plan, "date", d),
                save=True,
            )
        target = tmp_path / f"f{n}.ics"
        with qtbot.waitSignal(feature.finished, timeout=30000):
            assert feature.export("ics", out=target)
        sequences.append(int(_event(target)[1]["sequence"]))
        assert controller.meeting.calendar.sequence == sequences[-1]
    assert sequences == [0, 1, 2]
    assert window.store.load_case(case_id).current_meeting.calendar.sequence == 2


def test_closing_offers_the_cancellation_file(window, qtbot, tmp_path, monkeypatch):
    from sipdesk.model import lifecycle
    from sipdesk.model.entities import Closing
    from sipdesk.model.enums import ClosingReason

    case_id = select(window, "Josef Berg")
    closed = lifecycle.close_in_store(
        window.store,
        case_id,
        Closing(dt.date.today(), ClosingReason.GOALS_MET, told=["Josef", "BUP"]),
    )
    target = tmp_path / "cancel.ics"
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.Yes
    )
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(window.export_feature.finished, timeout=30000):
        assert window.lifecycle.offer_calendar_cancellation(closed)
    assert asked and "kalenderfil" in asked[0]
    cal, event = _event(target)
    assert str(cal["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
