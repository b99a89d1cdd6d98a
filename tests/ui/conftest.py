"""Fixtures for the window's feature tests: a main window on the demo store whose message boxes
never wait (their texts are kept in `window.shown_messages`)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from sipdesk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_store):
    """The chair's window on the demo store at the laptop's 1366×768, shown and exposed (a test
    file that needs another window defines its own `window`)."""
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def view(qtbot):
    """The shared screen's view alone, at 1280×720."""
    from sipdesk.ui.live.view import LiveView

    v = LiveView()
    qtbot.addWidget(v)
    v.resize(1280, 720)
    v.show()
    return v


@pytest.fixture
def quiet_window(qtbot, demo_store, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]) or 0)
    # any question not patched by the test itself gets the cautious answer, never a modal wait
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    w = MainWindow(demo_store)
    w.shown_messages = shown
    qtbot.addWidget(w)
    w.show()
    return w


def select(window, name: str) -> int:
    """Choose the case shown as `name` in the list; returns its id."""
    row = next(
        i for i in range(window.model.rowCount()) if window.model.row_at(i).display_name == name
    )
    window.table.selectRow(row)
    return window.current_case_id()
