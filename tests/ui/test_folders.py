"""File dialogs start where the chair was last, and a protected case leaves no folder behind."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from sipdesk.settings import Settings, config_path
from sipdesk.ui import file_dialogs
from sipdesk.ui.widgets import folders


def test_the_next_dialog_starts_in_the_last_folder(quiet_window, tmp_path, monkeypatch):
    w = quiet_window
    folder = tmp_path / "möten"
    folder.mkdir()
    asked = []

    def fake_open(parent, title, start, filters):
        asked.append(start)
        return str(folder / "plan.json"), filters

    monkeypatch.setattr(file_dialogs, "_last_folder", None)  # a new session
    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_open)
    monkeypatch.setattr(w, "import_path", lambda path: None)
    w.import_plan()
    w.import_plan()
    assert asked[0] == str(Path.home()) and asked[1] == str(folder)
    assert folders.start_folder() == folder  # the folder, never the file
    # kept for this session only: no folder name in any settings file (issue 20)
    assert not config_path().exists() or str(folder) not in config_path().read_text("utf-8")


def test_no_export_folder_reaches_a_settings_file(quiet_window, tmp_path, monkeypatch):
    """An export's folder is remembered in memory only – a protected case's too leaves nothing in
    SipDesk's settings (Qt's own is cleaned by file_dialogs, tests/ui/test_file_dialogs.py)."""
    from PySide6.QtWidgets import QMessageBox

    w = quiet_window
    monkeypatch.setattr(file_dialogs, "_last_folder", None)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.Ok)
    folder = tmp_path / "skyddad-mapp"
    folder.mkdir()
    protected = next(i for i in range(w.model.rowCount()) if w.model.row_at(i).protected)
    w.table.selectRow(protected)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder / "x.json"), "")
    )
    w.export_plan()
    Settings().set("language", "sv")  # the settings file is written
    assert "skyddad-mapp" not in config_path().read_text("utf-8")
