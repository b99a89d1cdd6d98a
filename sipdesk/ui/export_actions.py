"""GUI feature: print the plan (PDF, signed or not), the person's own copy, the invitation, the
follow-up calendar file, and verify a signed PDF – from the Case menu, for the selected case.

Rendering and signing run in a QThreadPool worker, so the window never freezes; the worker gets
plain data (an `ExportJob`) and never touches a widget. Reading the store, the keyring and the
audit trail stay on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
)

from sipdesk.i18n import _
from sipdesk.ui.lifecycle.check_list import confirm_before_export

log = logging.getLogger(__name__)

FILTERS = {
    "pdf": "PDF (*.pdf)",
    "easy-read": "PDF (*.pdf)",
    "invitation": "PDF (*.pdf)",
    "ics": "iCalendar (*.ics)",
    "about-sip": "PDF (*.pdf)",
    "about-sip-easy": "PDF (*.pdf)",
    "deviation": "PDF (*.pdf)",
}


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Worker(QRunnable):
    """Runs `func()` off the GUI thread; reports through queued signals."""

    def __init__(self, func, signals: _Signals) -> None:
        super().__init__()
        self.func = func
        self.signals = signals

    def run(self) -> None:
        from sipdesk.export.api import ExportError

        try:
            result = self.func()
        except ExportError as exc:
            self.signals.failed.emit(str(exc))
        except Exception:  # a bug must reach the user as a message, not kill the thread
            log.exception("export worker failed")
            self.signals.failed.emit(
                _("The export failed unexpectedly. Nothing was written; the log has the details.")
            )
        else:
            self.signals.done.emit(result)


class ExportFeature(QObject):
    """The Case menu's print/export actions and the verify action."""

    finished = Signal(object)  # ExportResult or Verification, after the user has been told

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.pool = QThreadPool.globalInstance()
        self.progress: QProgressDialog | None = None
        self._busy = False
        menu = window.case_menu
        menu.addSeparator()
        self.case_actions: list[QAction] = []
        for text, fmt, sign, shortcut in (
            (_("Print the plan as PDF…"), "pdf", False, "Ctrl+P"),
            (_("Print the signed plan as PDF…"), "pdf", True, None),
            (_("The person's own copy (My plan)…"), "easy-read", False, None),
            (_("Invitation to the meeting…"), "invitation", False, None),
            (_("Follow-up to the calendar (.ics)…"), "ics", False, None),
            (_("'What is a SIP?' for the person…"), "about-sip", False, None),
            (_("'What is a SIP?' in easy Swedish…"), "about-sip-easy", False, None),
            (_("Deviation: invited parties who did not take part…"), "deviation", False, None),
        ):
            action = QAction(text, window)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.setEnabled(False)
            action.triggered.connect(lambda _c=False, f=fmt, s=sign: self.export(f, s))
            menu.addAction(action)
            self.case_actions.append(action)
        menu.addSeparator()
        self.verify_action = QAction(_("Verify a signed PDF…"), window)
        self.verify_action.triggered.connect(self.ask_verify)
        menu.addAction(self.verify_action)
        self.identity_action = QAction(_("Signing certificate…"), window)
        self.identity_action.triggered.connect(self.show_identity)
        menu.addAction(self.identity_action)
        window.current_case_changed.connect(self._case_changed)
        self._case_changed(window.current_case_id())
        # issue 15: the certificate's end, from WARN_DAYS ahead, where the chair sees it
        self.certificate_label = QLabel()
        self.certificate_label.setVisible(False)
        window.statusBar().addPermanentWidget(self.certificate_label)
        # after the window is up: reading the certificate must not slow the start
        QTimer.singleShot(2000, self, self.refresh_certificate_warning)

    def _identity(self):
        from sipdesk.export import identity

        try:
            return identity.load(self.window.store)
        except Exception:  # noqa: BLE001 - a locked store or a missing keyring: no warning here
            return None

    def certificate_warning(self) -> str | None:
        from sipdesk.export import identity

        ident = self._identity()
        return identity.validity_warning(ident) if ident is not None else None

    def refresh_certificate_warning(self) -> None:
        from sipdesk.export import identity

        if getattr(self.window.store, "is_locked", False):
            return  # read again after the next signed export or import
        ident = self._identity()
        short = identity.validity_short(ident) if ident is not None else None
        self.certificate_label.setText(short or "")
        self.certificate_label.setToolTip(self.certificate_warning() or "")
        self.certificate_label.setVisible(bool(short))

    def _case_changed(self, case_id) -> None:
        for action in self.case_actions:
            action.setEnabled(case_id is not None and not self._busy)

    # --- export ----------------------------------------------------------------------------

    def export(
        self, fmt: str, sign: bool = False, out: Path | None = None, cancel: bool = False
    ) -> bool:
        """Start an export of the selected case; False when nothing was started. `cancel`: the
        calendar file cancels the follow-up (always so for a closed plan)."""
        from sipdesk.export import api

        if fmt in ("pdf", "easy-read") and not self._busy:
            fill_known_before_paper(self.window)
        case_id = self._case_id()
        if case_id is None or self._busy:
            return False
        include_place = include_name = False
        try:
            case = self.window.store.load_case(case_id)
            if fmt in ("pdf", "easy-read") and not confirm_before_export(self.window, case):
                return False
            if fmt == "invitation":
                include_place = not case.person.protected_identity or self._ask_place()
            elif fmt == "ics" and not cancel and case.closing is None:
                include_place = include_name = self._ask_calendar_details(case)
            job = api.prepare(
                self.window.store,
                case_id,
                fmt,
                api.ExportOptions(
                    sign=sign,
                    include_place=include_place,
                    include_name=include_name,
                    cancel=cancel,
                ),
            )
        except api.ExportError as exc:
            self._warn(_("Cannot export"), str(exc))
            return False
        if out is None:
            out = self.ask_path(job, fmt)
            if out is None:
                return False
        target = job.target(out)
        overwrite = target.exists()
        if overwrite and not self.ask_replace(target):
            return False
        cancel = threading.Event()
        job.cancel = cancel

        def on_done(result) -> None:
            api.record(self.window.store, case_id, result)
            self._keep_calendar_entry(case_id, result)
            self._end()
            self.show_done(result)
            self.finished.emit(result)

        self._start(
            _("Writing {name}…").format(name=target.name),
            lambda: job.run(out, overwrite=overwrite),
            on_done,
            cancel,
        )
        return True

    def _keep_calendar_entry(self, case_id: int, result) -> None:
        """The open workspace holds its own copy of the case: give it the calendar file's
        SEQUENCE too (api.record kept it in the store), or its next save would undo it."""
        import copy

        entry = getattr(result, "calendar", None)
        controller = getattr(self.window, "controller", None)
        if entry is None or controller is None or controller.case_id != case_id:
            return
        meeting = getattr(controller, "meeting", None)
        if meeting is not None and meeting.id == result.meeting_id and controller.editable:
            meeting.calendar = copy.copy(entry)

    def ask_replace(self, path: Path) -> bool:
        """The file exists (it may be another case's or version's document): replace it?"""
        answer = QMessageBox.question(
            self.window,
            _("Replace the file?"),
            _("{name} already exists in {folder}. Replace it?").format(
                name=path.name, folder=path.parent
            ),
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.No,
        )
        return answer == QMessageBox.Yes

    def _case_id(self) -> int | None:
        """The case open in the workspace (its last edits saved first), else the chosen one."""
        controller = getattr(self.window, "controller", None)
        if controller is not None and controller.case_id is not None:
            if not controller.save_now():
                return None  # the controller has told the chair why
            return controller.case_id
        return self.window.current_case_id()

    def ask_path(self, job, fmt: str) -> Path | None:
        from sipdesk.ui.file_dialogs import save_file

        # Qt's own dialog: no recent-files entry, no folder left in Qt's settings (issue 20)
        return save_file(self.window, _("Save as"), job.suggested_name(), FILTERS[fmt],
                         confirm_overwrite=False)  # ask_replace asks, saying why

    def _ask_place(self) -> bool:
        answer = QMessageBox.question(
            self.window,
            _("Protected personal data"),
            _(
                "The person has protected personal data. Print the meeting place in the "
                "invitation? Choose No to write that the place is given separately."
            ),
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.No,
        )
        return answer == QMessageBox.Yes

    def _ask_calendar_details(self, case=None) -> bool:
        if case is not None and case.person.protected_identity:
            # never a name or a place of a protected identity in a calendar: say so, ask nothing
            QMessageBox(
                QMessageBox.Information,
                _("Calendar entry"),
                _(
                    "The person has protected personal data, so the calendar entry holds only "
                    "the time and the document id – no name and no place. Calendars are synced "
                    "to phones and servers outside your control."
                ),
                parent=self.window,
            ).exec()
            return False
        answer = QMessageBox.question(
            self.window,
            _("Calendar entry"),
            _(
                "Put the person's name and the place in the calendar entry? Calendars are often "
                "synced to phones and servers; choose No to keep only the time and the "
                "document id."
            ),
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.No,
        )
        return answer == QMessageBox.Yes

    def show_done(self, result) -> None:
        from sipdesk.ui.file_dialogs import leftovers_text, protected_open_note

        lines = [_("The file was written to:\n{path}").format(path=result.path)]
        if getattr(result, "leftovers", 0):
            lines.append(leftovers_text(result.leftovers))
        protected = getattr(result, "protected", False)
        if result.fmt != "ics":
            lines.append(
                _("A PDF is not encrypted: keep it locked away, and delete it when it is printed.")
            )
        if result.signed:
            lines.append(
                _("Signed. Certificate SHA-256 fingerprint:\n{fp}").format(fp=result.fingerprint)
            )
            warning = self.certificate_warning()
            if warning:
                lines.append(warning)
            self.refresh_certificate_warning()
        box = QMessageBox(
            QMessageBox.Information, _("Exported"), "\n\n".join(lines), parent=self.window
        )
        # opening a protected plan in a viewer would put it on the viewer's recent-files list
        open_button = None if protected else box.addButton(_("Open"), QMessageBox.AcceptRole)
        if protected:
            box.setInformativeText(protected_open_note())
        box.addButton(QMessageBox.Close)
        box.exec()
        if open_button is not None and box.clickedButton() is open_button:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))

    # --- verify ----------------------------------------------------------------------------

    def ask_verify(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.window, _("Verify a signed PDF"), str(Path.home()), "PDF (*.pdf)"
        )
        if path:
            self.verify(Path(path))

    def verify(self, path: Path) -> bool:
        if self._busy:
            return False

        def work():
            from sipdesk.export.verify import verify_file

            return verify_file(path)

        def on_done(result) -> None:
            from sipdesk.export import identity
            from sipdesk.export.verify import compare, report

            try:
                compare(result, set(identity.known_certificates(self.window.store)))
            except Exception:  # noqa: BLE001 - a locked store: the report says it was not compared
                compare(result, None)
            self._end()
            icon = QMessageBox.Information if result.ok and result.known else QMessageBox.Warning
            QMessageBox(icon, _("Verify a signed PDF"), report(result), parent=self.window).exec()
            self.finished.emit(result)

        self._start(_("Checking {name}…").format(name=path.name), work, on_done)
        return True

    # --- the signing identity --------------------------------------------------------------

    def identity_text(self) -> str:
        from sipdesk.export import identity
        from sipdesk.export.verify import safe

        try:
            ident = identity.load(self.window.store)
        except identity.IdentityError as exc:
            return str(exc)
        if ident is None:
            return _(
                "No signing certificate yet. The first signed export makes one for the chair "
                "(self-signed), or import your own certificate (PKCS#12)."
            )
        kind = _("own certificate") if ident.kind == "own" else _("self-signed by SipDesk")
        lines = [
            _("Signer: {name} ({kind})").format(name=safe(ident.subject), kind=kind),
            _("Valid until: {date}").format(date=ident.not_after.date().isoformat()),
            _("Certificate SHA-256: {fp}").format(fp=ident.fingerprint),
            "",
            _(
                "Receivers check a signed plan by this fingerprint: give it to them by a "
                "separate channel, for example by phone."
            ),
        ]
        warning = identity.validity_warning(ident)
        if warning:
            lines += ["", warning]
        return "\n".join(lines)

    def show_identity(self) -> None:
        box = QMessageBox(
            QMessageBox.Information,
            _("Signing certificate"),
            self.identity_text(),
            parent=self.window,
        )
        import_button = box.addButton(_("Import own certificate…"), QMessageBox.ActionRole)
        box.addButton(QMessageBox.Close)
        box.exec()
        if box.clickedButton() is import_button:
            self.import_identity()

    def import_identity(self) -> bool:
        from sipdesk.export import identity

        path, _filter = QFileDialog.getOpenFileName(
            self.window,
            _("Import own certificate"),
            str(Path.home()),
            _("PKCS#12 certificate (*.p12 *.pfx)"),
        )
        if not path:
            return False
        password, ok = QInputDialog.getText(
            self.window,
            _("Import own certificate"),
            _("Password for the certificate file:"),
            QLineEdit.Password,
        )
        if not ok:
            return False
        try:
            identity.import_pkcs12(self.window.store, Path(path).read_bytes(), password)
        except (identity.IdentityError, OSError) as exc:
            self._warn(_("Certificate refused"), str(exc))
            return False
        self.refresh_certificate_warning()
        QMessageBox(
            QMessageBox.Information,
            _("Signing certificate"),
            self.identity_text(),
            parent=self.window,
        ).exec()
        return True

    # --- the worker ------------------------------------------------------------------------

    def _start(self, label: str, func, on_done, cancel: threading.Event | None = None) -> None:
        self._busy = True
        self._case_changed(None)
        self._cancel = cancel
        self.progress = QProgressDialog(label, _("Cancel") if cancel else "", 0, 0, self.window)
        if cancel is None:
            self.progress.setCancelButton(None)
        else:
            # a long document can be stopped: the worker stops at the next page, writes nothing
            self.progress.canceled.connect(self.cancel)
        self.progress.setWindowModality(Qt.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.setValue(0)
        signals = _Signals(self)
        signals.done.connect(lambda result: self._cancelled(cancel) or on_done(result))
        signals.failed.connect(lambda message: self._cancelled(cancel) or self._failed(message))
        self.pool.start(_Worker(func, signals))

    def cancel(self) -> None:
        """Stop the running export: nothing is written; the window is free at once."""
        cancel = getattr(self, "_cancel", None)
        if cancel is None or not self._busy:
            return
        cancel.set()
        self._end()
        self.finished.emit(None)

    @staticmethod
    def _cancelled(cancel: threading.Event | None) -> bool:
        return cancel is not None and cancel.is_set()

    def _end(self) -> None:
        self._busy = False
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        self._case_changed(self.window.current_case_id())

    def _failed(self, message: str) -> None:
        self._end()
        self._warn(_("Export failed"), message)
        self.finished.emit(None)

    def _warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self.window, title, message)


def fill_known_before_paper(window) -> None:
    """The plan goes on paper: part 5's empty fields get what the plan knows (see
    `Controller.fill_known`) – through the open case's controller, or, with none open, in the
    chosen case's newest plan, saved through the store (`cases.fill_known`, as the CLI does);
    nothing the chair wrote is touched."""
    from sipdesk.model import cases
    from sipdesk.model.store import CaseNotFound, VersionLocked

    controller = getattr(window, "controller", None)
    if controller is not None and controller.case_id is not None:
        controller.fill_known()
        return
    case_id = window.current_case_id()
    if case_id is None:
        return
    try:
        cases.fill_known(window.store, case_id)
    except (CaseNotFound, VersionLocked):
        return  # the export that follows says why it cannot go on


def install(window) -> None:
    window.export_feature = ExportFeature(window)
