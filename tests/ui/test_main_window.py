"""GUI smoke tests: the window lists the store's cases and shows one read-only."""

from __future__ import annotations

from PySide6.QtCore import Qt

from sipdesk.ui.main_window import MainWindow
from tests.conftest import DEMO


def test_lists_demo_cases_with_pseudonym_for_protected(window):
    names = [window.model.row_at(i).display_name for i in range(window.model.rowCount())]
    assert sorted(names) == [
        "Alice Lund",
        "Josef Berg",
        "Kasim Rahimi",
        "Klient K-17",
        "Linus Sundberg",
    ]
    assert window.model.headerData(0, Qt.Horizontal) == "Namn"


def test_opening_a_case_shows_the_plan(window, demo_store):
    case_id = next(r.id for r in demo_store.list_cases("Josef"))
    window.select_case(case_id)
    text = window.view.toPlainText()
    for expected in (
        "Josef Berg",
        "Samtycke",
        "Mål och planering",
        "Marte Meo-behandling",
        "Huvudansvarig för planen",
        "Karin Holm",
        "Łukasz Nowak",
    ):
        assert expected in text
    assert [e.action for e in demo_store.audit_log(case_id)][-1] == "opened"


def test_protected_case_shows_no_protected_value(window, demo_store):
    case_id = next(r.id for r in demo_store.list_cases("K-17"))
    window.select_case(case_id)
    text = window.view.toPlainText()
    assert "Klient K-17" in text and "Skyddade personuppgifter" in text
    for secret in ("Amira", "Haddad", "19850610", "Storgatan", "073-900", "Åsgatan"):
        assert secret not in text


def test_search_filters_the_list(window, qtbot):
    qtbot.keyClicks(window.search, "lin")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.model.row_at(0).display_name == "Linus Sundberg"


def test_import_of_broken_file_warns_and_adds_nothing(window, demo_store, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("sipdesk.ui.main_window.QMessageBox.warning", lambda *a: shown.append(a[2]))
    bad = tmp_path / "bad.json"
    bad.write_text("{ nope")
    assert window.import_path(bad) is None
    assert shown and "Ingenting importerades" in shown[0]
    assert demo_store.count_cases() == 5
    assert window.import_path(DEMO / "1-josef.json") is not None
    assert window.model.rowCount() == 6


def test_empty_store_explains_what_to_do(qtbot, store):
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.show()
    assert w.empty.isVisible() and not w.table.isVisible()
    # a menu entry every user has (a Windows bundle has no 'sipdesk' command to type)
    assert "sipdesk demo" not in w.empty.text()
    assert w.everyday.demo_action.text().replace("&", "").rstrip("…") in w.empty.text()
