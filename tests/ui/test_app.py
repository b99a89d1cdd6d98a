"""The GUI's composition root: translators, unlocking with a passphrase, the demo start."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from sipdesk import app as app_module
from sipdesk.model.store import open_store


def test_qt_dialogs_are_swedish(qapp):
    translators = app_module.install_translators(qapp)
    try:
        assert translators, "qtbase_sv.qm not found in the PySide6 wheel"
        box = QMessageBox(QMessageBox.Question, "t", "t", QMessageBox.Yes | QMessageBox.No)
        assert box.button(QMessageBox.Yes).text().replace("&", "") == "Ja"
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        assert buttons.button(QDialogButtonBox.Cancel).text().replace("&", "") == "Avbryt"
    finally:
        for tr in translators:
            qapp.removeTranslator(tr)


class _NoThread:
    def __init__(self, target, **_kwargs) -> None:
        self.target = target

    def start(self) -> None:
        self.target()


@pytest.fixture
def no_keyring(monkeypatch):
    from keyring.errors import NoKeyringError

    def broken(*_a, **_k):
        raise NoKeyringError("none")

    monkeypatch.setattr("keyring.set_password", broken)
    monkeypatch.setattr("keyring.get_password", broken)


def test_passphrase_dialog_asks_again_after_a_wrong_one(qapp, data_dir, no_keyring, monkeypatch):
    open_store(data_dir, prompt=lambda new: "rätt lösenfras").close()
    answers = iter([("fel lösenfras", True), ("rätt lösenfras", True)])
    messages = []

    def fake(parent, new, message=""):
        messages.append(message)
        return next(answers)

    monkeypatch.setattr("sipdesk.ui.dialogs.passphrase.PassphraseDialog.get_passphrase", fake)
    store = app_module.unlock_store(data_dir)
    assert store is not None and store.count_cases() == 0
    assert messages[0] == "" and "Ingenting ändrades" in messages[1]
    store.close()


def test_cancelling_the_passphrase_opens_nothing(qapp, data_dir, no_keyring, monkeypatch):
    monkeypatch.setattr(
        "sipdesk.ui.dialogs.passphrase.PassphraseDialog.get_passphrase",
        lambda parent, new, message="": ("", False),
    )
    assert app_module.unlock_store(data_dir) is None
    assert not (data_dir / "sipdesk.db").exists()


def test_new_store_dialog_requires_matching_long_passphrase(qtbot):
    from sipdesk.ui.dialogs.passphrase import PassphraseDialog

    dialog = PassphraseDialog(new=True)
    qtbot.addWidget(dialog)
    dialog.passphrase.setText("kort")
    dialog.repeat.setText("kort")
    dialog._check()
    assert dialog.result() == 0 and "minst 8" in dialog.error.text()
    dialog.passphrase.setText("en lång lösenfras")
    dialog.repeat.setText("en annan lösenfras")
    dialog._check()
    assert "olika" in dialog.error.text()
    dialog.repeat.setText("en lång lösenfras")
    dialog._check()
    assert dialog.result() == 1


def test_demo_starts_the_window_on_the_seeded_store(qapp, data_dir, monkeypatch):
    from sipdesk.ui.main_window import MainWindow

    shown = []
    original_show = MainWindow.show

    def record(window):
        shown.append(window.model.rowCount())
        original_show(window)

    monkeypatch.setattr(MainWindow, "show", record)
    # the real event loop would run until the window closes; quitting the shared test
    # QApplication would stop every later test's timers
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)
    monkeypatch.setattr(app_module.threading, "Thread", _NoThread)
    assert app_module.run_gui(data_dir, seed_demo=True) == 0
    assert shown == [5]
    for w in QApplication.topLevelWidgets():
        w.close()
