"""Store faults in the window (issue 21): a damaged case gets a message and the others stay
usable; a case changed elsewhere is not overwritten; a key changed elsewhere locks the window with
the edit kept; the store check and backup run off the GUI thread."""

from __future__ import annotations

from sipdesk.model.store import open_store
from sipdesk.model.store.rekey import change_key
from tests.ui.conftest import select


def test_a_damaged_case_gets_a_message_and_the_others_stay_usable(quiet_window, demo_store):
    raw = demo_store._raw()
    raw.execute("UPDATE cases SET document = '{\"person\": ' WHERE display_name = 'Alice Lund'")
    raw.commit()
    select(quiet_window, "Alice Lund")
    box = quiet_window.fault_box
    assert "skadat" in box.text() and "Alice" not in box.text()
    assert "skadat" in quiet_window.statusBar().currentMessage()
    box.close()
    for name in ("Josef Berg", "Kasim Rahimi", "Linus Sundberg"):
        select(quiet_window, name)
        assert name in quiet_window.view.toPlainText()
    case_id = demo_store.list_cases("Linus")[0].id
    assert quiet_window.open_case(case_id)


def test_a_case_changed_elsewhere_is_not_overwritten(quiet_window, demo_store):
    case_id = demo_store.list_cases("Josef")[0].id
    assert quiet_window.open_case(case_id)
    controller = quiet_window.controller
    other = open_store(demo_store.data_dir)  # the CLI or another window, same case
    theirs = other.load_case(case_id)
    theirs.meetings[-1].plan.strengths = "Saved elsewhere first"
    other.save_case(case_id, theirs)
    other.close()
    messages = []
    controller.message.connect(messages.append)
    controller.case.meetings[-1].plan.strengths = "Edited in this window"
    controller._dirty = True
    assert not controller.save_now()
    assert controller.dirty and "ändrats någon annanstans" in messages[-1]
    assert demo_store.load_case(case_id).meetings[-1].plan.strengths == "Saved elsewhere first"


def test_key_changed_elsewhere_locks_the_window_and_keeps_the_edit(
    quiet_window, demo_store, memory_keyring, monkeypatch
):
    case_id = demo_store.list_cases("Kasim")[0].id
    assert quiet_window.open_case(case_id)
    elsewhere = open_store(demo_store.data_dir)
    change_key(elsewhere, "passphrase", "nyckeln byttes i ett annat fönster")
    elsewhere.close()
    controller = quiet_window.controller
    controller.case.meetings[-1].plan.strengths = "Kept while locked"
    controller._dirty = True
    assert not controller.save_now()
    assert quiet_window.lock.is_locked and controller.dirty
    assert "ändrades någon annanstans" in quiet_window.lock.page.error.text()
    monkeypatch.setattr(
        "sipdesk.ui.dialogs.passphrase.PassphraseDialog.get_passphrase",
        lambda *a, **k: ("nyckeln byttes i ett annat fönster", True),
    )
    assert quiet_window.lock.unlock()
    assert not controller.dirty  # saved once the store was open again
    assert demo_store.load_case(case_id).meetings[-1].plan.strengths == "Kept while locked"


def test_check_store_from_the_menu(quiet_window, demo_store, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(
        QMessageBox, "information", lambda *a, **k: quiet_window.shown_messages.append(a[2]) or 0
    )
    actions = quiet_window.security_actions
    assert actions.check_action in quiet_window.file_menu.actions()
    report = actions.check_store()
    assert report.ok and len(report.readable) == 5
    raw = demo_store._raw()
    raw.execute("UPDATE cases SET document = 'x' WHERE display_name = 'Josef Berg'")
    raw.commit()
    report = actions.check_store()
    assert not report.ok and len(report.unreadable) == 1
    assert "skadat" in quiet_window.shown_messages[-1]


def test_the_window_never_makes_a_store_over_a_missing_database(qapp, data_dir, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from sipdesk import app

    open_store(data_dir).close()
    (data_dir / "sipdesk.db").unlink()
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]) or 0)
    assert app._has_store(data_dir)  # no first-run welcome over what is left of a store
    assert app.unlock_store(data_dir) is None
    assert "saknas" in shown[-1] and "Ingenting skapades" in shown[-1]
    assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == before


def test_a_second_window_is_told_who_holds_the_store(qapp, demo_store, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from sipdesk import app

    demo_store.hold_writer()  # the first window
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(a[2]) or 0)
    monkeypatch.setenv("SIPDESK_EXIT_WHEN_SHOWN", "1")
    assert app.run_gui(demo_store.data_dir) == 1
    assert "används av" in shown[-1] and "process" in shown[-1]
    demo_store.release_writer()
