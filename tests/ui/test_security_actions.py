"""Audit trail, delete, backup, restore and change of passphrase from the window."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from sipdesk.model import planfile
from sipdesk.model.store import open_store
from sipdesk.ui.dialogs.audit import AuditDialog
from sipdesk.ui.main_window import MainWindow
from tests.conftest import DEMO

PASSPHRASE_DIALOG = "sipdesk.ui.dialogs.passphrase.PassphraseDialog.get_passphrase"
BOX = "sipdesk.ui.security_actions.QMessageBox"
FILES = "sipdesk.ui.security_actions.QFileDialog"


def _select(window, store, name):
    case_id = store.list_cases(name)[0].id
    window.select_case(case_id)
    return case_id


def test_case_menu_actions_follow_the_selection(window, demo_store):
    actions = window.security_actions
    assert not actions.audit_action.isEnabled() and not actions.delete_action.isEnabled()
    _select(window, demo_store, "Josef")
    assert actions.audit_action.isEnabled() and actions.delete_action.isEnabled()
    assert actions.audit_action in window.case_menu.actions()
    assert actions.backup_action in window.file_menu.actions()


def test_audit_dialog_lists_the_case_trail(window, demo_store, monkeypatch):
    monkeypatch.setattr(AuditDialog, "exec", lambda self: 0)
    _select(window, demo_store, "Josef")
    dialog = window.security_actions.show_audit()
    rows = dialog.rows()
    assert [r[2] for r in rows] == ["skapat", "öppnat"]
    assert all(r[1] for r in rows) and "Josef" not in dialog.windowTitle()


def test_delete_asks_naming_the_case_and_cancel_keeps_it(window, demo_store, monkeypatch):
    asked = []
    monkeypatch.setattr(f"{BOX}.question", lambda *a, **k: asked.append(a[2]) or QMessageBox.Cancel)
    case_id = _select(window, demo_store, "Alice")
    assert not window.security_actions.delete_case()
    assert "Alice Lund" in asked[0] and demo_store.count_cases() == 5
    monkeypatch.setattr(f"{BOX}.question", lambda *a, **k: QMessageBox.Yes)
    assert window.security_actions.delete_case()
    assert demo_store.count_cases() == 4 and window.model.rowCount() == 4
    assert demo_store.audit_log(case_id)[-1].action == "deleted"


def test_delete_of_a_protected_case_names_it_by_pseudonym(window, demo_store, monkeypatch):
    asked = []
    monkeypatch.setattr(f"{BOX}.question", lambda *a, **k: asked.append(a[2]) or QMessageBox.Cancel)
    _select(window, demo_store, "K-17")
    window.security_actions.delete_case()
    assert "Klient K-17" in asked[0] and "Amira" not in asked[0]


def test_backup_and_restore_from_the_window(window, demo_store, tmp_path, monkeypatch, qtbot):
    target = tmp_path / "alla.sipbackup"
    monkeypatch.setattr(f"{FILES}.getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(f"{FILES}.getOpenFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(f"{BOX}.information", lambda *a, **k: None)
    monkeypatch.setattr(PASSPHRASE_DIALOG, lambda *a, **k: ("lång backup-fras", True))
    assert window.security_actions.back_up() == target  # no case chosen: the whole store
    other = open_store(tmp_path / "annan")
    w2 = MainWindow(other)
    qtbot.addWidget(w2)
    answers = iter([("fel fras här!", True), ("lång backup-fras", True)])
    messages = []

    def ask(parent, new, message="", **k):
        messages.append(message)
        return next(answers)

    monkeypatch.setattr(PASSPHRASE_DIALOG, ask)
    result = w2.security_actions.restore()
    assert len(result.added) == 5 and w2.model.rowCount() == 5
    assert "Ingenting återställdes" in messages[1]


def test_backup_of_the_chosen_case_only(window, demo_store, tmp_path, monkeypatch):
    from sipdesk.model import backup

    target = tmp_path / "en.sipbackup"
    _select(window, demo_store, "Linus")
    monkeypatch.setattr(f"{BOX}.question", lambda *a, **k: QMessageBox.Yes)
    monkeypatch.setattr(f"{FILES}.getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(f"{BOX}.information", lambda *a, **k: None)
    monkeypatch.setattr(PASSPHRASE_DIALOG, lambda *a, **k: ("lång backup-fras", True))
    window.security_actions.back_up()
    items, _prefs = backup.read_backup(target, "lång backup-fras")
    assert [c.person.name for c, _a in items] == ["Linus Sundberg"]


def test_change_passphrase_from_the_window(window, demo_store, data_dir, monkeypatch):
    monkeypatch.setattr(PASSPHRASE_DIALOG, lambda *a, **k: ("nytt lösenord 1", True))
    monkeypatch.setattr(f"{BOX}.information", lambda *a, **k: None)
    assert window.security_actions.change_passphrase()
    assert window.model.rowCount() == 5
    window.refresh()  # the window goes on with the re-encrypted store
    demo_store.close()
    assert open_store(data_dir, prompt=lambda new: "nytt lösenord 1").count_cases() == 5


def test_hostile_names_are_shown_literally(qtbot, store):
    name = "<b>Fet</b> '; DROP TABLE cases;-- \u202eטקסט"
    case = planfile.read(DEMO / "1-josef.json")
    case.person.name = name
    case_id = store.add_case(case)
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.select_case(case_id)
    assert w.model.row_at(0).display_name == name
    assert name in w.view.toPlainText()
