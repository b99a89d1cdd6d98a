"""Traces outside the store (issue 20): no export folder in Qt's settings file, Qt's own dialog
instead of the platform's (no recent-files entry), and no "Open" for a protected export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from sipdesk.ui import file_dialogs
from tests.ui.conftest import select


def _qt_settings_text() -> str:
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.sync()
    path = Path(settings.fileName())
    return path.read_text("utf-8", "replace") if path.exists() else ""


def _as_qt_dialog_would(folder: Path, name: str):
    """What Qt's own save dialog does when the chair picks `folder/name`: it records the folder."""

    def fake(parent, caption, start, filters, options=None):
        assert options is not None and options & QFileDialog.Option.DontUseNativeDialog
        dialog = QFileDialog(parent, caption, str(folder), filters)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.selectFile(str(folder / name))
        dialog.accept()
        del dialog  # Qt writes history and lastVisited into QtProject.conf on destruction
        return str(folder / name), filters

    return fake


def test_qt_records_the_folder_and_sipdesk_takes_it_out(qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "Ärenden skyddade"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", _as_qt_dialog_would(folder, "a.pdf"))
    # the mechanism: Qt's own dialog, left alone, writes the folder into Qt's settings
    QFileDialog.getSaveFileName(None, "x", str(folder), "PDF (*.pdf)", options=file_dialogs.OPTIONS)
    qtbot.wait(10)
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    recorded = str(settings.value("FileDialog/lastVisited", "")) + str(
        settings.value("FileDialog/history", "")
    )
    assert "skyddade" in recorded or "skyddade" in _qt_settings_text()
    file_dialogs.forget_qt_history()
    # through SipDesk's helper: chosen, remembered for the session, nothing left in Qt's file
    path = file_dialogs.save_file(None, "Spara som", "b.pdf", "PDF (*.pdf)")
    qtbot.wait(10)
    assert path == folder / "a.pdf"
    assert file_dialogs.last_folder() == folder
    assert "skyddade" not in _qt_settings_text()
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    assert settings.value("FileDialog/lastVisited") is None
    assert settings.value("FileDialog/history") is None


def test_protected_export_offers_no_open_and_says_why(quiet_window, qtbot, tmp_path, monkeypatch):
    buttons: list[list[str]] = []
    texts: list[str] = []

    def record(box):
        buttons.append([b.text() for b in box.buttons()])
        texts.append(box.text() + box.informativeText())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    for name, protected in (("Klient K-17", True), ("Josef Berg", False)):
        select(quiet_window, name)
        with qtbot.waitSignal(quiet_window.export_feature.finished, timeout=30000):
            quiet_window.export_feature.export("invitation", out=tmp_path / f"{protected}.pdf")
        has_open = any(t.replace("&", "") == "Öppna" for t in buttons[-1])
        assert has_open is not protected
        assert ("senaste filer" in texts[-1]) is protected


def test_protected_calendar_export_asks_nothing_and_says_why(quiet_window, qtbot, tmp_path, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.Yes)
    select(quiet_window, "Klient K-17")
    with qtbot.waitSignal(quiet_window.export_feature.finished, timeout=30000):
        quiet_window.export_feature.export("ics", out=tmp_path / "f.ics")
    raw = (tmp_path / "f.ics").read_text("utf-8")
    assert asked == [] and "LOCATION" not in raw and "Klient" not in raw
    assert any("inget namn och ingen plats" in m for m in quiet_window.shown_messages)
