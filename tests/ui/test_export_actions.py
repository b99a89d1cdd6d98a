"""The export actions in the window: run in a worker, tell where the file went, never block."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from sipdesk.export.verify import verify_file
from tests.ui.conftest import select


@pytest.fixture
def window(quiet_window):
    return quiet_window


def test_actions_follow_the_selection(window):
    feature = window.export_feature
    assert all(not a.isEnabled() for a in feature.case_actions)
    assert feature.verify_action.isEnabled()
    select(window, "Josef Berg")
    assert all(a.isEnabled() for a in feature.case_actions)
    texts = [a.text() for a in window.case_menu.actions()]
    assert "Skriv ut planen som signerad PDF…" in texts and "Kontrollera en signerad PDF…" in texts


def test_signed_export_runs_in_the_background_and_reports(window, qtbot, tmp_path, monkeypatch):
    case_id = select(window, "Josef Berg")
    target = tmp_path / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    feature = window.export_feature
    with qtbot.waitSignal(feature.finished, timeout=30000) as blocker:
        window.case_menu.actions()[
            [a.text() for a in window.case_menu.actions()].index(
                "Skriv ut planen som signerad PDF…"
            )
        ].trigger()
        # while the worker runs the window is responsive and the actions wait their turn
        assert feature._busy and not any(a.isEnabled() for a in feature.case_actions)
    result = blocker.args[0]
    assert result.path == target and result.signed
    assert verify_file(target).ok
    message = window.shown_messages[-1]
    assert str(target) in message and "inte krypterad" in message and result.fingerprint in message
    assert all(a.isEnabled() for a in feature.case_actions)
    assert window.store.audit_log(case_id)[-1].detail == "pdf signed"


def test_protected_invitation_asks_before_printing_the_place(window, qtbot, tmp_path, monkeypatch):
    from tests.export.helpers import pdf_text

    select(window, "Klient K-17")
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.No
    )
    target = tmp_path / "kallelse.pdf"
    with qtbot.waitSignal(window.export_feature.finished, timeout=30000):
        assert window.export_feature.export("invitation", out=target)
    assert asked and "skyddade personuppgifter" in asked[0]
    text = pdf_text(target.read_bytes(), tmp_path)
    assert "Kvinnojourens" not in text and "Meddelas varje inbjuden separat" in text


def test_failure_is_reported_and_nothing_written(window, qtbot, tmp_path):
    case_id = select(window, "Josef Berg")
    case = window.store.load_case(case_id)
    case.current_meeting.plan.follow_up = None
    window.store.save_case(case_id, case)
    target = tmp_path / "x.ics"
    with qtbot.waitSignal(window.export_feature.finished, timeout=30000) as blocker:
        window.export_feature.export("ics", out=target)
    assert blocker.args[0] is None and not target.exists()
    assert "Ingen uppföljning är bokad" in window.shown_messages[-1]
    assert all(a.isEnabled() for a in window.export_feature.case_actions)


def test_verify_action_reports_intact_and_tampered(window, qtbot, tmp_path):
    select(window, "Josef Berg")
    target = tmp_path / "p.pdf"
    with qtbot.waitSignal(window.export_feature.finished, timeout=30000):
        window.export_feature.export("pdf", sign=True, out=target)
    with qtbot.waitSignal(window.export_feature.finished, timeout=30000) as blocker:
        window.export_feature.verify(target)
    assert blocker.args[0].ok and "OFÖRÄNDRAD" in window.shown_messages[-1]
    data = bytearray(target.read_bytes())
    data[100] ^= 1
    target.write_bytes(bytes(data))
    with qtbot.waitSignal(window.export_feature.finished, timeout=30000) as blocker:
        window.export_feature.verify(target)
    assert not blocker.args[0].ok and "ÄNDRAD" in window.shown_messages[-1]


def test_signing_certificate_shows_fingerprint_and_imports_own(window, tmp_path, monkeypatch):
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    from sipdesk.export import identity

    feature = window.export_feature
    assert "Inget signeringscertifikat" in feature.identity_text()
    made = identity.create_self_signed(window.store, "Ørjan Dahl")
    key, cert, _extra = pkcs12.load_key_and_certificates(made.p12, made.password)
    own = tmp_path / "own.p12"
    own.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"o", key, cert, None, BestAvailableEncryption(b"pw12")
        )
    )
    identity.remove(window.store)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(own), ""))
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("pw12", True))
    assert feature.import_identity()
    text = feature.identity_text()
    assert made.fingerprint in text and "Ørjan Dahl" in text and "eget certifikat" in text


def test_window_start_up_does_not_import_the_heavy_stacks():
    """Start-up pays for neither the export stack (ReportLab, pyHanko) nor the ORM and its
    migrations (SQLAlchemy, Alembic): the window shows the case list without them."""
    import subprocess
    import sys

    code = (
        "import sys, sipdesk.app, sipdesk.ui.main_window; from sipdesk.ui import features; "
        "[__import__(n) for n in features.FEATURES]; "
        "heavy = {'reportlab', 'pyhanko', 'fontTools', 'sqlalchemy', 'alembic'}; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(("answer", "present"), [(QMessageBox.No, False), (QMessageBox.Yes, True)])
def test_calendar_entry_holds_name_and_place_only_when_the_chair_says_so(
    window, qtbot, tmp_path, monkeypatch, answer, present
):
    select(window, "Josef Berg")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answer)
    target = tmp_path / "f.ics"
    with qtbot.waitSignal(window.export_feature.finished, timeout=30000):
        assert window.export_feature.export("ics", out=target)
    raw = target.read_text("utf-8")
    assert ("Josef Berg" in raw) is present and ("Barnmedicinska" in raw) is present


def test_export_from_the_workspace_saves_the_last_edits_first(window, qtbot, tmp_path, monkeypatch):
    import subprocess

    from sipdesk.model import editing as ed

    select(window, "Josef Berg")
    window.open_current()
    ctl = window.controller
    ctl.apply(
        "typing", lambda case, m: ed.set_plan_text(m.plan, "own_view", "Sagt just nu"), "own_view"
    )
    assert ctl.dirty
    target = tmp_path / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(window.export_feature.finished, timeout=30000):
        assert window.export_feature.export("pdf")
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Sagt just nu" in text and not ctl.dirty


def test_a_plan_with_errors_asks_before_it_is_printed(window, monkeypatch):
    from sipdesk.model import editing as ed

    select(window, "Josef Berg")
    window.open_current()
    ctl = window.controller
    ctl.apply("x", lambda case, m: ed.appoint_main_responsible(m, None))
    assert ctl.meeting.main_responsible is None
    asked = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda *a, **k: asked.append(a[2]) or QMessageBox.No
    )
    assert not window.export_feature.export("pdf")
    assert asked and "huvudansvarig" in asked[0].lower()
