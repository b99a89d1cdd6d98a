"""File dialogs start where the chair was last, and a protected case leaves no folder behind."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from sipdesk.settings import Settings


def test_the_next_dialog_starts_in_the_last_folder(quiet_window, tmp_path, monkeypatch):
    w = quiet_window
    folder = tmp_path / "möten"
    folder.mkdir()
    asked = []

    def fake_open(parent, title, start, filters):
        asked.append(start)
        return str(folder / "plan.json"), filters

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_open)
    monkeypatch.setattr(w, "import_path", lambda path: None)
    w.import_plan()
    w.import_plan()
    assert asked[0] == str(Path.home()) and asked[1] == str(folder)
    assert Settings().get("dialogs.folder") == str(folder)  # the folder, never the file


def test_a_protected_case_is_not_remembered(quiet_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    w = quiet_window
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.Ok)
    names = [w.model.row_at(i).display_name for i in range(w.model.rowCount())]
    folder = tmp_path / "skyddad-mapp"
    folder.mkdir()
    protected = next(i for i in range(w.model.rowCount()) if w.model.row_at(i).protected)
    w.table.selectRow(protected)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(folder / "x.json"), "")
    )
    w.export_plan()
    assert Settings().get("dialogs.folder") == ""
    w.table.selectRow(names.index("Josef Berg"))
    w.export_plan()
    assert Settings().get("dialogs.folder") == str(folder)
    assert "x.json" not in Settings().get("dialogs.folder")
