"""The lock: on demand and when idle, it hides every case, closes the store and draws the curtain."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from sqlalchemy import Engine

from sipdesk.settings import Settings
from sipdesk.ui.lock import LockPage
from sipdesk.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, demo_store):
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    w.show()
    w.select_case(next(r.id for r in demo_store.list_cases("Josef")))
    return w


def _visible_text(w) -> str:
    texts = [w.windowTitle()]
    for label in w.findChildren(QLabel):
        if label.isVisibleTo(w):
            texts.append(label.text())
    return "\n".join(texts)


def test_ctrl_l_locks_hides_cases_and_drops_the_key(window, qtbot, demo_store, memory_keyring):
    events = []
    window.lock.locking.connect(lambda: events.append(("locking", demo_store.is_locked)))
    window.lock.curtain.connect(lambda on: events.append(("curtain", on)))
    window.lock.locked.connect(lambda: events.append(("locked", demo_store.is_locked)))
    assert "Josef Berg" in window.view.toPlainText()
    qtbot.keyClick(window, Qt.Key_L, Qt.ControlModifier)
    # flush first (store still open), then the curtain, then locked (store closed)
    assert events == [("locking", False), ("curtain", True), ("locked", True)]
    assert isinstance(window.centralWidget(), LockPage)
    assert window.model.rowCount() == 0 and "Josef" not in window.view.toPlainText()
    assert "Josef" not in _visible_text(window) and "låst" in window.windowTitle()
    assert not window.import_action.isEnabled()
    (secret,) = memory_keyring.secrets.values()
    gc.collect()
    assert not [
        o for o in gc.get_objects() if isinstance(o, Engine) and secret in str(o.url.password)
    ]


def test_unlock_with_the_keyring_brings_the_window_back(window, qtbot, demo_store):
    curtain = []
    window.lock.curtain.connect(curtain.append)
    window.lock.lock()
    qtbot.mouseClick(window.lock.page.unlock_button, Qt.LeftButton)
    assert not demo_store.is_locked and not window.lock.is_locked
    assert curtain == [True, False]
    assert window.model.rowCount() == 5 and window.windowTitle() == "SipDesk"
    assert window.import_action.isEnabled()
    window.select_case(next(r.id for r in demo_store.list_cases("Alice")))
    assert "Alice Lund" in window.view.toPlainText()  # the store works again


def test_unlock_with_passphrase_shows_error_and_retries(qtbot, data_dir, monkeypatch):
    from sipdesk.model.store import open_store

    monkeypatch.setenv("SIPDESK_PASSPHRASE", "rätt lösenfras")
    store = open_store(data_dir)
    monkeypatch.delenv("SIPDESK_PASSPHRASE")
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.lock.lock()
    assert "lösenfras" in w.lock.page.hint.text()
    answers = iter([("fel lösenfras", True), ("rätt lösenfras", True)])
    seen = []

    def fake(parent, new, message="", **k):
        seen.append(message)
        return next(answers)

    monkeypatch.setattr("sipdesk.ui.dialogs.passphrase.PassphraseDialog.get_passphrase", fake)
    assert w.lock.unlock()
    assert seen[0] == "" and "Ingenting ändrades" in seen[1]
    assert not store.is_locked
    w.lock.lock()
    monkeypatch.setattr(
        "sipdesk.ui.dialogs.passphrase.PassphraseDialog.get_passphrase", lambda *a, **k: ("", False)
    )
    assert not w.lock.unlock() and store.is_locked  # cancelled: stays locked


def test_idle_timer_locks_and_activity_restarts_it(window, qtbot):
    lock = window.lock
    assert lock.idle_minutes == 5 and lock.idle_timer.interval() == 5 * 60_000
    lock.idle_timer.stop()
    qtbot.keyClick(window.search, Qt.Key_A)
    assert lock.idle_timer.isActive()  # any key or mouse activity restarts the countdown
    lock.idle_timer.setInterval(30)
    lock.idle_timer.start()
    qtbot.waitUntil(lambda: lock.is_locked)
    assert not lock.idle_timer.isActive()


def test_idle_minutes_is_a_setting(qtbot, demo_store):
    Settings().set("lock.idle_minutes", 2)
    w = MainWindow(demo_store)
    qtbot.addWidget(w)
    assert w.lock.idle_minutes == 2 and w.lock.idle_timer.isActive()
    Settings().set("lock.idle_minutes", 0)
    w2 = MainWindow(demo_store)
    qtbot.addWidget(w2)
    assert not w2.lock.idle_timer.isActive()


def test_lock_closes_open_dialogs(window, qtbot):
    dialog = QDialog(window)
    dialog.show()
    window.lock.lock()
    assert not dialog.isVisible()


def test_screenshot_of_the_lock_page(window, tmp_path):
    window.lock.lock()
    window.grab().save(str(tmp_path / "lock.png"))
    assert (tmp_path / "lock.png").stat().st_size > 0


def test_lock_forgets_a_passphrase_from_the_environment(qtbot, data_dir, monkeypatch):
    from sipdesk.model.store import open_store

    monkeypatch.setenv("SIPDESK_PASSPHRASE", "skriptets lösenfras")
    store = open_store(data_dir)
    w = MainWindow(store)
    qtbot.addWidget(w)
    w.lock.lock()
    asked = []
    monkeypatch.setattr(
        "sipdesk.ui.dialogs.passphrase.PassphraseDialog.get_passphrase",
        lambda *a, **k: asked.append(1) or ("skriptets lösenfras", True),
    )
    assert w.lock.unlock() and asked == [1]


def test_locking_draws_the_shared_screens_curtain(window, qtbot):
    live = window.live_screen
    live.set_curtain(False)
    window.lock.lock()
    assert live.curtain()
    qtbot.mouseClick(window.lock.page.unlock_button, Qt.LeftButton)
    # unlocking keeps the curtain: the chair lifts it when the room may see the plan (issue 13)
    assert not window.lock.is_locked and live.curtain()
    live.set_curtain(False)
    assert not live.curtain()
