"""Locking the window: on demand (Ctrl+L) and after N idle minutes.

Locking hides every case behind a lock page, takes names out of the window title, closes open
dialogs, asks the shared screen to draw its curtain and closes the store – which drops the
database key. Unlocking opens the store again with the key from the OS keyring (the OS account)
or the passphrase.

Signals for the rest of the application (connected by the composition root):
- `locking`: emitted first, while the store is still open – flush unsaved edits now;
- `curtain(bool)`: True when the shared screen must cover the plan; False after unlocking, when it
  may show it again – the window keeps the curtain until the chair lifts it (`features.py`);
- `locked` / `unlocked`: after the fact.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _
from sipdesk.model.store import PassphraseRequired, StoreKeyError, WrongKey
from sipdesk.model.store.faults import StoreFault
from sipdesk.settings import Settings

log = logging.getLogger(__name__)

_ACTIVITY = {
    QEvent.KeyPress,
    QEvent.MouseButtonPress,
    QEvent.MouseMove,
    QEvent.Wheel,
    QEvent.TouchBegin,
    QEvent.TabletPress,
}


class LockPage(QWidget):
    """What the window shows while locked: no case, no name – only how to get back in."""

    def __init__(self, keyring: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockPage")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        title = QLabel(_("SipDesk is locked"))
        title.setAlignment(Qt.AlignCenter)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.hint = QLabel(
            _("The cases are hidden and the store is closed. Unlock with your OS account's keyring.")
            if keyring
            else _("The cases are hidden and the store is closed. Unlock with the passphrase.")
        )
        self.hint.setAlignment(Qt.AlignCenter)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.error = QLabel()
        self.error.setAlignment(Qt.AlignCenter)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a00000;")
        self.error.hide()
        layout.addWidget(self.error)
        self.unlock_button = QPushButton(_("&Unlock…"))
        self.unlock_button.setAccessibleName(_("Unlock"))
        self.unlock_button.setDefault(True)
        layout.addWidget(self.unlock_button, 0, Qt.AlignCenter)
        layout.addStretch(3)


class LockController(QObject):
    locking = Signal()
    locked = Signal()
    unlocked = Signal()
    curtain = Signal(bool)

    def __init__(self, window, idle_minutes: int) -> None:
        super().__init__(window)
        self.window = window
        self.page: LockPage | None = None
        self._focus: QWidget | None = None  # the chair's field at locking, given back after
        self._central: QWidget | None = None
        self._title = ""
        self._enabled: dict[QAction, bool] = {}
        self.action = QAction(_("&Lock"), window, shortcut=QKeySequence("Ctrl+L"))
        self.action.setShortcutContext(Qt.ApplicationShortcut)
        self.action.triggered.connect(self.toggle)
        self._insert_in_file_menu()
        self.idle_timer = QTimer(self, singleShot=True)
        self.idle_timer.timeout.connect(self._idle)
        # asked before an idle lock: True while the chair runs a meeting (the room is watching)
        self.keep_awake: Callable[[], bool] | None = None
        self.set_idle_minutes(idle_minutes)
        QApplication.instance().installEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self.page is not None

    def set_idle_minutes(self, minutes: int) -> None:
        """0 turns the idle lock off."""
        self.idle_minutes = max(0, minutes)
        self.idle_timer.setInterval(self.idle_minutes * 60_000)
        if self.idle_minutes and not self.is_locked:
            self.idle_timer.start()
        else:
            self.idle_timer.stop()

    def _insert_in_file_menu(self) -> None:
        menu = self.window.file_menu
        separators = [a for a in menu.actions() if a.isSeparator()]
        if separators:
            menu.insertAction(separators[-1], self.action)
        else:
            menu.addAction(self.action)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt name
        if event.type() in _ACTIVITY and self.idle_minutes and not self.is_locked:
            self.idle_timer.start()
        return False

    def _idle(self) -> None:
        if self.keep_awake is not None and self.keep_awake():
            self.idle_timer.start()  # a running meeting: the chair is there; look again later
            return
        self.lock()

    def toggle(self) -> None:
        if self.is_locked:
            self.unlock()
        else:
            self.lock()

    # --- locking ------------------------------------------------------------------------

    def lock(self) -> None:
        if self.is_locked:
            return
        w = self.window
        self.idle_timer.stop()
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and focus.window() is w else None
        self.locking.emit()  # unsaved edits are written while the store is still open
        self.curtain.emit(True)
        for widget in QApplication.topLevelWidgets():
            if widget is not w and isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        w._search_timer.stop()
        w.search.blockSignals(True)
        w.search.clear()
        w.search.blockSignals(False)
        w.model.set_rows([])
        w.view.show_case(None)
        w.current_case_changed.emit(None)
        keyring = self._key_mode() == "keyring"
        w.store.lock()
        # a passphrase given in the environment (for scripts) would unlock without anyone
        # typing it: once locked, the passphrase must come from the person at the keyboard
        os.environ.pop("SIPDESK_PASSPHRASE", None)
        self._title = w.windowTitle()
        w.setWindowTitle(_("SipDesk – locked"))
        self._central = w.takeCentralWidget()
        self._central.hide()
        self.page = LockPage(keyring)
        self.page.unlock_button.clicked.connect(self.unlock)
        w.setCentralWidget(self.page)
        self._enabled = {}
        for action in self._menu_actions():
            if action not in (self.action,) and not action.isSeparator():
                self._enabled[action] = action.isEnabled()
                action.setEnabled(action.menuRole() == QAction.QuitRole or _is_quit(action))
        self.action.setText(_("&Unlock…"))
        w.statusBar().clearMessage()
        self.page.unlock_button.setFocus()
        log.info("window locked")
        self.locked.emit()

    def _menu_actions(self) -> list[QAction]:
        actions = []
        for top in self.window.menuBar().actions():
            if top.menu() is not self.window.file_menu:  # the file menu holds Unlock and Quit
                actions.append(top)
            if top.menu() is not None:
                actions.extend(top.menu().actions())
        return actions

    def _key_mode(self) -> str:
        from sipdesk.model.store.keys import StoreMeta

        try:
            meta = StoreMeta.load(self.window.store.data_dir)
        except StoreKeyError:
            return "passphrase"
        return meta.key_mode if meta else "passphrase"

    # --- unlocking ----------------------------------------------------------------------

    def unlock(self) -> bool:
        """Open the store again (keyring or passphrase); True when the window is back."""
        if not self.is_locked:
            return True
        from sipdesk.ui.dialogs.passphrase import PassphraseDialog

        message = ""
        while True:

            def prompt(new: bool, message=message) -> str | None:
                value, ok = PassphraseDialog.get_passphrase(self.window, False, message)
                return value if ok else None

            try:
                self.window.store.unlock(prompt)
                break
            except WrongKey as exc:
                message = str(exc)
                assert self.page is not None
                self.page.error.setText(message)
                self.page.error.show()
            except PassphraseRequired:
                return False
            except (StoreKeyError, StoreFault) as exc:
                assert self.page is not None
                self.page.error.setText(str(exc))
                self.page.error.show()
                return False
        self._restore_window()
        return True

    def _restore_window(self) -> None:
        w = self.window
        page, self.page = self.page, None
        w.takeCentralWidget()
        if page is not None:
            page.deleteLater()
        w.setCentralWidget(self._central)
        self._central.show()
        self._central = None
        w.setWindowTitle(self._title)
        for action, enabled in self._enabled.items():
            action.setEnabled(enabled)
        self._enabled = {}
        self.action.setText(_("&Lock"))
        w.refresh()
        w.view.show_case(None)
        # the keyboard is the chair's again, in the chair's window (not the shared screen's)
        w.activateWindow()
        kept, self._focus = self._focus, None
        if kept is not None and shiboken6.isValid(kept) and kept.isVisible() and kept.window() is w:
            kept.setFocus(Qt.OtherFocusReason)
        elif getattr(w, "pages", None) is not None and w.pages.currentIndex() == 0:
            w.table.setFocus()
        if self.idle_minutes:
            self.idle_timer.start()
        log.info("window unlocked")
        self.curtain.emit(False)
        self.unlocked.emit()


def _is_quit(action: QAction) -> bool:
    return action.menuRole() == QAction.QuitRole or QKeySequence("Ctrl+Q") in action.shortcuts()


def install(window) -> None:
    """Add the Lock action and the idle lock to the main window (`window.lock` afterwards)."""
    minutes = Settings().get("lock.idle_minutes")
    window.lock = LockController(window, minutes)
