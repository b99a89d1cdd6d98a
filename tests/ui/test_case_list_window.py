"""The window's case list over the rows read as shown (issue 19): it shows, paints and selects
exactly what the list over the full query did – every cell and role for random stores with
protected identities and odd names, the pixels, the count in the status bar, the chosen case
kept across refills, the keyboard to the end of the list – and reads only the pages it shows."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QTableView

from sipdesk.model.enums import CaseStatus
from sipdesk.model.store import case_window as cw
from sipdesk.ui.models.case_table import CaseTableModel
from tests.conftest import also_suppress
from tests.model.case_list_rows import REAL_NAME, ROWS, Row, drop_rows, put_rows

ROLES = (Qt.DisplayRole, Qt.ToolTipRole, Qt.UserRole, Qt.BackgroundRole, Qt.FontRole,
         Qt.DecorationRole, Qt.TextAlignmentRole, Qt.ForegroundRole, Qt.CheckStateRole)  # fmt: skip


def cells(model: CaseTableModel) -> list[list[tuple]]:
    """Every cell's value for every role a view asks for (a brush by its colour)."""
    out = []
    for r in range(model.rowCount()):
        row = []
        for c in range(model.columnCount()):
            values = []
            for role in ROLES:
                value = model.data(model.index(r, c), role)
                values.append(value.color().name() if hasattr(value, "color") else value)
            row.append(tuple(values))
        out.append(row)
    return out


def models(store, search="", status=None) -> tuple[CaseTableModel, CaseTableModel]:
    windowed, full = CaseTableModel(due_days=14), CaseTableModel(due_days=14)
    windowed.set_rows(cw.case_window(store, search, status))
    full.set_rows(list(store.list_cases(search, status)))
    return windowed, full


@settings(max_examples=25, suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture))
@given(
    rows=st.lists(ROWS, max_size=30),
    search=st.sampled_from(["", "a", "Å", "ö", "k-", "wil", "amira", "%", "x"]),
    status=st.none() | st.sampled_from(list(CaseStatus)),
    page=st.integers(1, 9),
)
def test_the_windowed_model_shows_every_cell_as_the_full_list_did(
    qtbot, demo_store, monkeypatch, rows, search, status, page
):
    monkeypatch.setattr(cw, "PAGE", page)
    drop_rows(demo_store)
    put_rows(demo_store, rows)
    windowed, full = models(demo_store, search, status)
    assert windowed.rowCount() == full.rowCount()
    assert cells(windowed) == cells(full)
    assert windowed.longest_names(20) == full.longest_names(20)
    for r in range(full.rowCount()):
        case_id = full.data(full.index(r, 0), Qt.UserRole)
        assert windowed.row_of(case_id) == r and windowed.row_at(r) == full.row_at(r)


@pytest.fixture
def many(demo_store, monkeypatch):
    """The demo store with 300 more cases (every tenth protected), read in pages of 16 rows."""
    monkeypatch.setattr(cw, "PAGE", 16)
    statuses = list(CaseStatus)
    rows = [
        Row(f"Åsa Öberg {i}" if i % 3 else f"Wilma Testsson {i}", i % 10 == 0,
            statuses[i % len(statuses)], dt.datetime(2026, 11, 1 + i % 20, 9), None, i % 2)
        for i in range(300)
    ]  # fmt: skip
    put_rows(demo_store, rows)
    with demo_store._raw() as conn:  # the demo cases changed long ago: a save is the newest
        conn.execute("UPDATE cases SET updated_at = '2020-01-0' || id || ' 10:00:00.000000'"
                     " WHERE uid NOT LIKE 'r-%'")  # fmt: skip
    return demo_store


class OneRoleAtATime(CaseTableModel):
    """The list model answering the view one role per call (Qt's own multiData asks data())."""

    def multiData(self, index, roleDataSpan) -> None:
        QAbstractTableModel.multiData(self, index, roleDataSpan)


def test_the_window_paints_the_same_pixels_at_the_top_and_the_end(qtbot, many):
    """The windowed rows answering seven roles a call paint what the full list did, read
    one role at a time."""
    windowed = CaseTableModel(due_days=14)
    windowed.set_rows(cw.case_window(many))
    full = OneRoleAtATime(due_days=14)
    full.set_rows(list(many.list_cases()))
    views = []
    for model in (windowed, full):
        view = QTableView()
        qtbot.addWidget(view)
        view.setModel(model)
        view.resize(700, 500)
        view.show()
        views.append(view)
    qtbot.waitExposed(views[1])
    for place in ("top", "end"):
        if place == "end":
            for view in views:
                view.scrollToBottom()
        images = [view.grab().toImage() for view in views]
        assert images[0] == images[1], place


def test_the_count_the_refill_and_the_chosen_case(qtbot, window_on_many):
    window, store = window_on_many
    total = store.count_cases()
    assert window.model.rowCount() == total == 305
    assert window.statusBar().currentMessage().startswith(f"{total} ärenden")
    assert len(window.model._rows._pages) <= 3  # the rows shown, not 305
    full = list(store.list_cases())
    chosen = full[200]
    window.select_case(chosen.id)
    assert window.current_case_id() == chosen.id
    assert window.table.selectionModel().selectedRows()[0].row() == 200
    window.refresh()
    assert window.current_case_id() == chosen.id
    # a case further down saved: it moves to the top, the chosen one a row down, still chosen
    moved = full[-1].id  # a demo case (the clones share their documents' uid)
    store.save_case(moved, store.load_case(moved))
    window.refresh()
    assert window.model.row_at(0).id == moved
    assert window.current_case_id() == chosen.id
    assert window.table.selectionModel().selectedRows()[0].row() == 201
    # a search that keeps it keeps it chosen, with the count of what is found
    search(window, chosen.display_name)
    assert window.current_case_id() == chosen.id
    found = len(store.list_cases(chosen.display_name))
    assert window.model.rowCount() == found
    assert window.statusBar().currentMessage().startswith(f"{found} ärende")


def test_the_keyboard_reaches_the_end_of_the_list(qtbot, window_on_many):
    window, store = window_on_many
    full = list(store.list_cases())
    table = window.table
    table.setFocus()
    window.select_case(full[0].id)
    QTest.keyClick(table, Qt.Key_PageDown)
    down = table.currentIndex().row()
    assert 5 < down < 100 and window.current_case_id() == full[down].id
    QTest.keyClick(table, Qt.Key_End, Qt.ControlModifier)
    assert table.currentIndex().row() == len(full) - 1
    assert window.current_case_id() == full[-1].id
    assert window.model.row_at(len(full) - 1) == full[-1]
    QTest.keyClick(table, Qt.Key_PageUp)
    assert window.current_case_id() == full[table.currentIndex().row()].id
    QTest.keyClick(table, Qt.Key_Home, Qt.ControlModifier)
    assert window.current_case_id() == full[0].id


def test_a_protected_person_stays_under_the_pseudonym(qtbot, window_on_many):
    window, store = window_on_many
    shown = [window.model.data(window.model.index(r, c)) or ""
             for r in range(window.model.rowCount()) for c in range(5)]  # fmt: skip
    assert "Klient K-17" in shown and not any("Amira" in s or "Haddad" in s for s in shown)
    for text in ("amira", REAL_NAME, "haddad"):
        search(window, text)
        assert window.model.rowCount() == 0
    search(window, "K-17")
    assert [window.model.row_at(r).display_name for r in range(window.model.rowCount())] == [
        "Klient K-17"
    ]


def search(window, text: str) -> None:
    """Type `text` in the search field and refill at once (what the debounce timer runs)."""
    window.search.blockSignals(True)
    window.search.setText(text)
    window.search.blockSignals(False)
    window.refresh()


@pytest.fixture
def window_on_many(qtbot, many):
    from sipdesk.ui.main_window import MainWindow

    w = MainWindow(many)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w, many
