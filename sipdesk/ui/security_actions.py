"""The store's protective actions in the window: audit trail, delete a case, backup and restore,
change the passphrase. Each calls the same model operation as its CLI command."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from sipdesk.i18n import _, ngettext
from sipdesk.model import backup
from sipdesk.model.store import CaseNotFound, StoreKeyError
from sipdesk.model.store.faults import KeyChangedElsewhere, StoreFault
from sipdesk.ui.dialogs.audit import AuditDialog
from sipdesk.ui.dialogs.passphrase import PassphraseDialog
from sipdesk.ui.widgets import folders

log = logging.getLogger(__name__)


class _Busy:
    """A wait cursor while the KDF or a re-encryption runs."""

    def __enter__(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.WaitCursor)

    def __exit__(self, *_exc) -> None:
        QGuiApplication.restoreOverrideCursor()


def run_off_gui_thread(
    parent, title: str, work: Callable[[Callable[[int, int], None]], Any], total: int = 0
) -> Any:
    """Run `work(progress)` in a worker thread while the window stays responsive and shows its
    progress; returns what `work` returned, or raises what it raised (on the GUI thread).

    The key derivation of a backup and the reading of thousands of cases take seconds: the
    window keeps drawing and answering meanwhile (a crafted file can no longer freeze it).
    """
    state: dict[str, Any] = {"done": 0, "total": total}
    result: dict[str, Any] = {}

    def progress(done: int, of: int = 0) -> None:
        state["done"], state["total"] = done, of or state["total"]

    def target() -> None:
        try:
            result["value"] = work(progress)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread below
            result["error"] = exc

    dialog = QProgressDialog(title, "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(400)
    dialog.setWindowModality(Qt.WindowModal)
    thread = threading.Thread(target=target, name="store-work", daemon=True)
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(50)

    def poll() -> None:
        if state["total"]:
            dialog.setMaximum(state["total"])
            dialog.setValue(min(state["done"], state["total"]))
        if not thread.is_alive():
            loop.quit()

    timer.timeout.connect(poll)
    with _Busy():
        thread.start()
        timer.start()
        if thread.is_alive():
            loop.exec()
        timer.stop()
        thread.join()
    dialog.reset()
    dialog.deleteLater()
    if "error" in result:
        raise result["error"]
    return result.get("value")


class SecurityActions(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.audit_action = QAction(_("&Audit trail…"), window)
        self.audit_action.triggered.connect(self.show_audit)
        self.delete_action = QAction(_("&Delete case…"), window)
        self.delete_action.triggered.connect(self.delete_case)
        for action in (self.audit_action, self.delete_action):
            action.setEnabled(False)
            window.case_menu.addAction(action)
        window.current_case_changed.connect(self._case_changed)

        self.backup_action = QAction(_("&Back up…"), window)
        self.backup_action.triggered.connect(self.back_up)
        self.restore_action = QAction(_("&Restore from backup…"), window)
        self.restore_action.triggered.connect(self.restore)
        self.passphrase_action = QAction(_("Change &passphrase…"), window)
        self.passphrase_action.triggered.connect(self.change_passphrase)
        self.check_action = QAction(_("C&heck store…"), window)
        self.check_action.triggered.connect(self.check_store)
        menu = window.file_menu
        separators = [a for a in menu.actions() if a.isSeparator()]
        actions = (
            self.backup_action,
            self.restore_action,
            self.passphrase_action,
            self.check_action,
        )
        if separators:
            menu.insertSeparator(separators[-1])
            menu.insertActions(separators[-1], list(actions))
        else:
            menu.addSeparator()
            menu.addActions(list(actions))

        controller = getattr(window, "controller", None)
        if controller is not None and hasattr(controller, "store_fault"):
            controller.store_fault.connect(self._store_fault)

    def _store_fault(self, exc: Exception) -> None:
        """A save met a fault. A key changed elsewhere: the store is closed already – lock the
        window, so the chair unlocks with the new key; the edits stay in memory till then."""
        if isinstance(exc, KeyChangedElsewhere):
            lock = getattr(self.window, "lock", None)
            if lock is not None and not lock.is_locked:
                lock.lock()
                if lock.page is not None:
                    lock.page.error.setText(str(exc))
                    lock.page.error.show()

    def check_store(self):
        """Check every page, the structure and every case; say what is damaged and what to do."""
        try:
            report = run_off_gui_thread(
                self.window,
                _("Checking the store…"),
                lambda _p: self.window.store.check_integrity(),
            )
        except StoreFault as exc:
            QMessageBox.warning(self.window, _("Check store"), str(exc))
            return None
        if report.ok:
            QMessageBox.information(
                self.window,
                _("Check store"),
                ngettext(
                    "The store is whole: every page passes its check and {n} case can be read.",
                    "The store is whole: every page passes its check and all {n} cases can be read.",
                    len(report.readable),
                ).format(n=len(report.readable)),
            )
        else:
            bad = ", ".join(str(i) for i in report.unreadable) or "–"
            QMessageBox.warning(
                self.window,
                _("Check store"),
                _(
                    "The store is damaged: {pages} damaged page(s); {ok} case(s) can be read, "
                    "these cannot: {bad}.\n\nBack up now (File → Back up…): the backup takes "
                    "every case that can still be read. Then restore your latest backup into a "
                    "new store."
                ).format(pages=len(report.page_errors), ok=len(report.readable), bad=bad),
            )
        return report

    def _case_changed(self, case_id: int | None) -> None:
        for action in (self.audit_action, self.delete_action):
            action.setEnabled(case_id is not None)

    def _display_name(self, case_id: int) -> str:
        for row in self.window.store.list_cases():
            if row.id == case_id:
                return row.display_name
        raise CaseNotFound(_("There is no case {id}.").format(id=case_id))

    # --- audit trail and delete ---------------------------------------------------------

    def show_audit(self) -> AuditDialog | None:
        case_id = self.window.current_case_id()
        if case_id is None:
            return None
        dialog = AuditDialog(case_id, self.window.store.audit_log(case_id), self.window)
        dialog.exec()
        return dialog

    def delete_case(self) -> bool:
        controller = getattr(self.window, "controller", None)
        open_id = controller.case_id if controller is not None else None
        case_id = open_id if open_id is not None else self.window.current_case_id()
        if case_id is None:
            return False
        try:
            name = self._display_name(case_id)
        except CaseNotFound:
            self.window.refresh()
            return False
        answer = QMessageBox.question(
            self.window,
            _("Delete case"),
            _(
                "Delete the case “{name}” (case {id}) for good?\n\n"
                "Every plan version, meeting and consent of the case is erased from this "
                "computer and cannot be brought back – except from a backup. The audit trail "
                "keeps that it was deleted."
            ).format(name=name, id=case_id),
            QMessageBox.Yes | QMessageBox.Cancel,
            QMessageBox.Cancel,
        )
        if answer != QMessageBox.Yes:
            return False
        if open_id == case_id:
            # the open case's one writer lets go of it first: nothing saves into a deleted case
            self.window.close_workspace()
            if controller.case_id == case_id:
                return False  # not closed (the message says why); nothing deleted
        with _Busy():
            try:
                self.window.store.delete_case(case_id)
            except CaseNotFound:
                pass
        self.window.refresh()
        self.window.view.show_case(None)
        self.window.statusBar().showMessage(_("Case {id} deleted.").format(id=case_id), 6000)
        return True

    # --- backup and restore -------------------------------------------------------------

    def back_up(self) -> Path | None:
        case_id = None
        current = self.window.current_case_id()
        if current is not None:
            choice = QMessageBox.question(
                self.window,
                _("Back up"),
                _("Back up only the chosen case, or every case in the store?"),
                QMessageBox.Yes | QMessageBox.No | QMessageBox.Cancel,
                QMessageBox.No,
            )
            if choice == QMessageBox.Cancel:
                return None
            case_id = current if choice == QMessageBox.Yes else None
        path, _filter = QFileDialog.getSaveFileName(
            self.window,
            _("Back up"),
            folders.start_path(f"sipdesk{backup.SUFFIX}"),
            _("SipDesk backup (*{suffix})").format(suffix=backup.SUFFIX),
        )
        if not path:
            return None
        folders.remember(path)
        passphrase, ok = PassphraseDialog.get_passphrase(
            self.window,
            True,
            title=_("Passphrase for the backup"),
            intro=_(
                "The backup is encrypted with a passphrase of its own. Choose one of at least "
                "{n} characters and give it to whoever restores the backup by another way than "
                "the file (say it, do not mail it)."
            ).format(n=backup.MIN_PASSPHRASE),
            minimum=backup.MIN_PASSPHRASE,
        )
        if not ok:
            return None
        store = self.window.store
        try:
            result = run_off_gui_thread(
                self.window,
                _("Writing the backup…"),
                lambda progress: backup.write_backup_checked(
                    store, Path(path), passphrase, case_id, progress=progress
                ),
            )
        except (backup.BackupError, CaseNotFound, StoreFault) as exc:
            QMessageBox.warning(self.window, _("Backup failed"), str(exc))
            return None
        except OSError as exc:
            QMessageBox.warning(
                self.window,
                _("Backup failed"),
                _("Could not write {path}: {detail}. Nothing was written.").format(
                    path=path, detail=exc.strerror
                ),
            )
            return None
        written, count = result.path, result.count
        if result.unreadable:
            QMessageBox.warning(
                self.window,
                _("Backup written"),
                _(
                    "The store is damaged: case(s) {ids} could not be read and are NOT in the "
                    "backup. Every other case is."
                ).format(ids=", ".join(str(i) for i in result.unreadable)),
            )
        QMessageBox.information(
            self.window,
            _("Backup written"),
            ngettext(
                "A backup of {n} case was written to:\n{path}",
                "A backup of {n} cases was written to:\n{path}",
                count,
            ).format(n=count, path=written.resolve()),
        )
        return written

    def restore(self) -> backup.RestoreResult | None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window,
            _("Restore from backup"),
            folders.start_path(),
            _("SipDesk backup (*{suffix})").format(suffix=backup.SUFFIX),
        )
        if not path:
            return None
        folders.remember(path)
        message = ""
        while True:
            passphrase, ok = PassphraseDialog.get_passphrase(
                self.window,
                False,
                message,
                title=_("Restore from backup"),
                intro=_(
                    "Enter the backup's passphrase. The cases in it are added to this store; "
                    "nothing here is overwritten."
                ),
            )
            if not ok:
                return None
            store = self.window.store
            try:
                result = run_off_gui_thread(
                    self.window,
                    _("Restoring…"),
                    lambda progress, store=store, passphrase=passphrase: backup.restore(
                        store, Path(path), passphrase, progress=lambda n: progress(n, 0)
                    ),
                )
                break
            except backup.BackupError as exc:
                message = str(exc)
            except StoreFault as exc:
                QMessageBox.warning(self.window, _("Restore from backup"), str(exc))
                return None
        self.window.refresh()
        QMessageBox.information(
            self.window,
            _("Backup restored"),
            _("Restored {added} case(s); {skipped} already here; {copies} added as copies.").format(
                added=len(result.added), skipped=result.skipped, copies=result.copies
            )
            + (
                "\n"
                + _("Preferences added: {keys}").format(keys=", ".join(result.preferences_added))
                if result.preferences_added
                else ""
            ),
        )
        return result

    def change_passphrase(self) -> bool:
        from sipdesk.model.store.rekey import change_key

        passphrase, ok = PassphraseDialog.get_passphrase(
            self.window,
            True,
            title=_("Change passphrase"),
            intro=_(
                "Choose the new passphrase that protects the cases on this computer. The store "
                "is re-encrypted at once; if the key was in the OS keyring, it is removed from "
                "there and the passphrase is needed from now on."
            ),
        )
        if not ok:
            return False
        try:
            with _Busy():
                change_key(self.window.store, "passphrase", passphrase)
        except (StoreKeyError, StoreFault) as exc:
            QMessageBox.warning(self.window, _("Change passphrase"), str(exc))
            return False
        QMessageBox.information(
            self.window, _("Change passphrase"), _("The store's passphrase was changed.")
        )
        return True


def install(window) -> None:
    window.security_actions = SecurityActions(window)
