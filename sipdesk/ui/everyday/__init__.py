"""The everyday finish of the main window: recent cases, the chair's name and title, window
geometry remembered, and the Help menu (user guide, log folder, About).

`install(window)` is listed in sipdesk/ui/features.py; the first-run welcome is in `welcome`
and is shown by sipdesk/app.py before the store exists.
"""

from __future__ import annotations

import logging
import platform
import sys

from PySide6.QtCore import QEvent, QObject, QUrl, qVersion
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QIcon, QKeySequence
from PySide6.QtWidgets import QMessageBox

from sipdesk import __version__, logs, paths
from sipdesk.i18n import _
from sipdesk.ui.everyday.recent import RecentMenu

log = logging.getLogger(__name__)


class Everyday(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.guide = None

        self.recent_menu = RecentMenu(window)
        window.file_menu.insertMenu(window.import_action, self.recent_menu)
        self.chair_action = QAction(_("Your &name and title…"), window)
        self.chair_action.triggered.connect(self.edit_chair)
        window.file_menu.insertAction(window.shares_action, self.chair_action)

        help_menu = window.help_menu
        self.guide_action = QAction(_("&User guide"), window, shortcut=QKeySequence("F1"))
        self.guide_action.triggered.connect(self.show_guide)
        help_menu.addAction(self.guide_action)
        self.log_folder_action = QAction(_("Open the &log folder"), window)
        self.log_folder_action.setToolTip(
            _("The log holds case numbers and actions only, never names: attach it to a support request.")
        )
        self.log_folder_action.triggered.connect(self.open_log_folder)
        help_menu.addAction(self.log_folder_action)
        self.copy_log_action = QAction(_("&Copy the log file's path"), window)
        self.copy_log_action.triggered.connect(self.copy_log_path)
        help_menu.addAction(self.copy_log_action)
        help_menu.addSeparator()
        # the demo from the window: no terminal command a Windows user would have to know
        self.demo_action = QAction(_("Try the &demo…"), window)
        self.demo_action.setToolTip(
            _("Five invented cases in a store of their own, apart from your real cases.")
        )
        self.demo_action.triggered.connect(self.start_demo)
        help_menu.addAction(self.demo_action)

        icon = paths.resources_dir() / "icons" / "sipdesk.svg"
        if icon.exists():
            window.setWindowIcon(QIcon(str(icon)))
        # the empty list says what to do next, and where to learn how
        window.empty.setText(
            _(
                "No cases yet.\n\nStart a new case (Ctrl+N) or import a plan file (Ctrl+I). To "
                "try things out first, choose Help → Try the demo.\n"
                "The user guide (F1) shows how a meeting is prepared, run and signed."
            )
        )
        self.restore_geometry()
        window.installEventFilter(self)
        # for support: what runs where (no names, no paths with a user's data)
        log.info(
            "SipDesk %s started: %s, Python %s, Qt %s",
            __version__, platform.platform(terse=True), platform.python_version(), qVersion(),
        )

    def demo_command(self) -> list[str]:
        """SipDesk's own demo command: the bundle's program, or this Python with `-m sipdesk`."""
        if getattr(sys, "frozen", False):
            return [sys.executable, "demo"]
        return [sys.executable, "-m", "sipdesk", "demo"]

    def start_demo(self) -> bool:
        """Open the demo in a second SipDesk window (its own store; the real one stays open)."""
        from PySide6.QtCore import QProcess

        program, *args = self.demo_command()
        started = QProcess.startDetached(program, args)
        ok = started[0] if isinstance(started, tuple) else bool(started)
        if not ok:
            QMessageBox.warning(
                self.window, _("SipDesk"), _("The demo could not be started.")
            )
        return ok

    # --- window geometry -------------------------------------------------------------------

    def restore_geometry(self) -> bool:
        text = self.window.settings.get("window.geometry")
        if not text:
            return False
        try:
            data = bytes.fromhex(text)
        except ValueError:
            return False
        return bool(self.window.restoreGeometry(data))

    def save_geometry(self) -> None:
        try:
            self.window.settings.set("window.geometry", bytes(self.window.saveGeometry()).hex())
        except OSError:
            log.warning("window geometry not saved: settings folder not writable")

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt name
        if obj is self.window and event.type() == QEvent.Close:
            self.save_geometry()
        return False

    # --- actions ---------------------------------------------------------------------------

    def edit_chair(self) -> bool:
        from sipdesk.ui.everyday.chair import ChairDialog

        return ChairDialog(self.window.store, self.window).exec() == ChairDialog.Accepted

    def show_guide(self) -> None:
        from sipdesk.ui.everyday.guide import GuideWindow

        if self.guide is None:
            self.guide = GuideWindow(self.window)
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()

    def open_log_folder(self) -> bool:
        folder = logs.log_file().parent
        folder.mkdir(parents=True, exist_ok=True)
        ok = QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        if not ok:
            self.copy_log_path()
        return ok

    def copy_log_path(self) -> None:
        path = str(logs.log_file())
        QGuiApplication.clipboard().setText(path)
        self.window.statusBar().showMessage(
            _("Copied: {path} – the log holds case numbers and actions, never names.").format(
                path=path
            ),
            10000,
        )


def show_about(window) -> None:
    from sipdesk.ui.everyday.about import AboutDialog

    AboutDialog(window).exec()


def install(window) -> None:
    window.everyday = Everyday(window)
