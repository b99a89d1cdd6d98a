"""GUI feature: print at the meeting – the original for signing, a marked copy per party, the
person's own copy (and optionally the follow-up invitation) in one action; or, with no printer or
a failing one, the same set saved as PDFs into a folder.

Rendering and printing run in a QThreadPool worker on a copy of the case (plain data); the worker
never touches a widget. The store (audit trail, the meeting's record of copies) is written on the
GUI thread once the job is done.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QMessageBox, QProgressDialog, QPushButton

from sipdesk.export import printset
from sipdesk.i18n import _, ngettext
from sipdesk.model.changes import Change
from sipdesk.ui.export_actions import _Signals, _Worker, fill_known_before_paper
from sipdesk.ui.lifecycle.check_list import confirm_before_export
from sipdesk.ui.printing.dialog import PRINT, SAVE, PrintSetDialog

log = logging.getLogger(__name__)


class _PrintSignals(_Signals):
    progress = Signal(int, int)  # pages sent, pages in all


@dataclass(frozen=True)
class PrintOutcome:
    """What was done: "printer" (pages sent) or "pdf" (files written)."""

    how: str
    documents: list[printset.PrintedDocument]
    pages: int = 0
    paths: tuple[Path, ...] = ()


def has_printer() -> bool:
    return bool(QPrinterInfo.availablePrinterNames())


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    return printer


class PrintFeature(QObject):
    """The Case menu's "Print at the meeting…" and the dialog flow behind it."""

    finished = Signal(object)  # PrintOutcome, or None when it failed or was given up

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.pool = QThreadPool.globalInstance()
        self.progress: QProgressDialog | None = None
        self._busy = False
        window.case_menu.addSeparator()
        # no shortcut: Ctrl+P is the plan PDF's; this is a once-a-meeting action
        self.action = QAction(_("Print at the meeting (original and copies)…"), window)
        self.action.setEnabled(False)
        self.action.triggered.connect(lambda _checked=False: self.start())
        window.case_menu.addAction(self.action)
        # and in the meeting's closing part, next to the Copy to list it prints from
        self.closing_button: QPushButton | None = None
        if hasattr(window, "when_workspace"):  # when the workspace is built, not at start-up
            window.when_workspace(self._add_closing_button)
        else:
            self._add_closing_button(getattr(window, "workspace", None))
        window.current_case_changed.connect(self._case_changed)
        self._case_changed(window.current_case_id())

    def _add_closing_button(self, workspace) -> None:
        plan = getattr(workspace, "plan", None)
        if plan is not None and hasattr(plan, "closing_actions"):
            self.closing_button = QPushButton(_("Print the original and the copies…"))
            self.closing_button.clicked.connect(lambda _checked=False: self.start())
            plan.closing_actions.addWidget(self.closing_button)
            plan.closing_actions.addStretch(1)

    def _case_changed(self, case_id) -> None:
        self.action.setEnabled(case_id is not None and not self._busy)
        if self.closing_button is not None:
            self.closing_button.setEnabled(not self._busy)

    # --- the flow --------------------------------------------------------------------------

    def start(self) -> bool:
        """From the menu: the print set dialog, then print or save. False when nothing started."""
        from sipdesk.export import api

        if self._busy:
            return False
        fill_known_before_paper(self.window)
        loaded = self._load()
        if loaded is None:
            return False
        case_id, case, meeting = loaded
        if not confirm_before_export(self.window, case):
            return False
        dialog = PrintSetDialog(
            printset.default_items(case, meeting, self.window.settings.get("print.leaflets")),
            protected=case.person.protected_identity,
            has_printer=has_printer(),
            parent=self.window,
        )
        choice = dialog.exec()
        job = printset.PrintJob(case, meeting, dialog.items(), api.preferences(self.window.store))
        if choice not in (PRINT, SAVE) or not job.chosen:
            return False
        if choice == PRINT:
            return self.print_job(case_id, job)
        return self.save_job(case_id, job)

    def _load(self):
        """(case id, a private copy of the case, its meeting): the workspace's meeting when the
        case is open there (its edits saved first), else the newest meeting."""
        from sipdesk.model.store import CaseNotFound

        controller = getattr(self.window, "controller", None)
        if controller is not None and controller.case_id is not None:
            if not controller.save_now():
                return None
            case = copy.deepcopy(controller.case)
            return controller.case_id, case, case.meetings[controller.meeting_index]
        case_id = self.window.current_case_id()
        if case_id is None:
            return None
        try:
            case = self.window.store.load_case(case_id)
        except CaseNotFound as exc:
            self._warn(_("Cannot print"), str(exc))
            return None
        if case.current_meeting is None:
            self._warn(
                _("Cannot print"), _("The case has no meeting yet, so there is nothing to print.")
            )
            return None
        return case_id, case, case.current_meeting

    def print_job(self, case_id: int, job: printset.PrintJob, printer: QPrinter | None = None) -> bool:
        """The system print dialog once, then every document in order to that printer."""
        from sipdesk.export.document import document_id
        from sipdesk.ui.printing.raster import print_documents

        printer = printer or new_printer()
        # the print queue shows the job's name to anyone who looks: the document id, no name
        printer.setDocName(document_id(job.case, job.meeting))
        if QPrintDialog(printer, self.window).exec() != QDialog.Accepted:
            return False

        def work(signals: _PrintSignals) -> PrintOutcome:
            documents = job.build()
            pages = print_documents(printer, documents, signals.progress.emit)
            return PrintOutcome("printer", documents, pages)

        def on_done(outcome: PrintOutcome) -> None:
            self._end()
            self._record(case_id, job, "printer")
            self._tell(
                _("Printed"),
                _(
                    "Sent to the printer in this order: {what} – {pages} pages.\n\nThe "
                    "operating system's print queue keeps the pages until the printer has "
                    "printed them; collect them at once."
                ).format(what=self._what(job), pages=outcome.pages),
            )
            self.finished.emit(outcome)

        def on_failed(message: str) -> None:
            self._end()
            answer = QMessageBox.question(
                self.window,
                _("Printing failed"),
                _(
                    "Printing failed: {reason}\n\nSave the same set as PDFs, with the same "
                    "marks, to a folder instead? Check the printer for pages already printed."
                ).format(reason=message),
                QMessageBox.Yes | QMessageBox.No,
                QMessageBox.Yes,
            )
            if answer != QMessageBox.Yes or not self.save_job(case_id, job):
                self.finished.emit(None)

        self._start(_("Printing…"), work, on_done, on_failed)
        return True

    def save_job(self, case_id: int, job: printset.PrintJob, folder: Path | None = None) -> bool:
        """The same set as PDFs, one file per document, into a folder the chair picks."""
        from sipdesk.ui.file_dialogs import existing_folder, leftovers_note

        if folder is None:
            chosen = existing_folder(self.window, _("Save the print set in folder"))
            if chosen is None:
                return False
            folder = chosen
        leftovers = leftovers_note(folder) if folder.is_dir() else ""
        from sipdesk.export.api import ExportError

        try:
            existing = [n for n in job.file_names() if (Path(folder) / n).exists()]
        except ExportError as exc:
            self._warn(_("Could not save the PDFs"), str(exc))
            return False
        if existing and not self._ask_replace(existing):
            return False
        overwrite = bool(existing)

        def work(signals: _PrintSignals) -> PrintOutcome:
            documents = job.build()
            paths = job.save(folder, documents, overwrite=overwrite)
            return PrintOutcome("pdf", documents, paths=tuple(paths))

        def on_done(outcome: PrintOutcome) -> None:
            self._end()
            self._record(case_id, job, "pdf")
            several = [d for d in outcome.documents if d.item.copies > 1]
            lines = [
                ngettext(
                    "Nothing was printed. {n} PDF was saved in {folder}:",
                    "Nothing was printed. {n} PDFs were saved in {folder}:",
                    len(outcome.paths),
                ).format(n=len(outcome.paths), folder=folder),
                "\n".join(p.name for p in outcome.paths),
                _("A PDF is not encrypted: keep it locked away, and delete it when it is printed."),
            ]
            if several:
                lines.append(_("Where more than one copy was chosen, print that file as many times."))
            if leftovers:
                lines.append(leftovers)
            self._tell(_("Saved as PDFs"), "\n\n".join(lines))
            self.finished.emit(outcome)

        def on_failed(message: str) -> None:
            self._end()
            self._warn(_("Could not save the PDFs"), message)
            self.finished.emit(None)

        self._start(_("Saving the PDFs…"), work, on_done, on_failed)
        return True

    # --- the record ------------------------------------------------------------------------

    def _record(self, case_id: int, job: printset.PrintJob, how: str) -> None:
        """The audit trail (counts only) and, while the meeting can still change, the meeting's
        record of who received a copy. An earlier plan or a closed case: the audit trail only."""
        from sipdesk.model.store import CaseNotFound, StoreLocked, VersionLocked

        store = self.window.store
        store.audit(case_id, "printed", job.audit_detail(how))
        handout = job.handout(how)
        controller = getattr(self.window, "controller", None)
        if (
            controller is not None
            and controller.case_id == case_id
            and controller.editable
            and controller.meeting.id == job.meeting.id
        ):

            def note(case, meeting) -> Change:
                printset.record_handout(case, meeting, handout)
                return Change("meeting")

            controller.run_circle(note, save=True)
            return
        try:
            case = store.load_case(case_id)
            meeting = next((m for m in case.meetings if m.id == job.meeting.id), None)
            if meeting is None or not case.is_editable(meeting):
                return
            printset.record_handout(case, meeting, handout)
            store.save_case(case_id, case)
        except (CaseNotFound, VersionLocked, StoreLocked) as exc:
            log.warning("case %s: copies not noted on the meeting: %s", case_id, type(exc).__name__)

    @staticmethod
    def _what(job: printset.PrintJob) -> str:
        parts = []
        for item in job.chosen:
            name = item.label if item.kind != "copy" else item.mark
            parts.append(name + (f" ×{item.copies}" if item.copies > 1 else ""))
        return "; ".join(parts)

    # --- the worker ------------------------------------------------------------------------

    def _start(self, label: str, func, on_done, on_failed) -> None:
        self._busy = True
        self._case_changed(None)
        self.progress = QProgressDialog(label, "", 0, 0, self.window)
        self.progress.setCancelButton(None)  # a print job cannot be taken back halfway
        self.progress.setWindowModality(Qt.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.setValue(0)
        signals = _PrintSignals(self)
        signals.done.connect(on_done)
        signals.failed.connect(on_failed)
        signals.progress.connect(self._progress)
        self.pool.start(_Worker(lambda: func(signals), signals))

    def _progress(self, done: int, total: int) -> None:
        # queued from the worker: the GUI thread updates the dialog
        # a modal QProgressDialog's setValue processes events, so the job's end (which drops
        # the dialog) may run inside it: set the label first, the value last
        progress = self.progress
        if progress is None or done >= total:
            return
        progress.setLabelText(_("Printing page {page} of {pages}…").format(page=done, pages=total))
        progress.setMaximum(total)
        progress.setValue(done)

    def _end(self) -> None:
        self._busy = False
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None
        self._case_changed(self.window.current_case_id())

    def _tell(self, title: str, text: str) -> None:
        QMessageBox(QMessageBox.Information, title, text, parent=self.window).exec()

    def _ask_replace(self, names: list[str]) -> bool:
        from PySide6.QtWidgets import QMessageBox

        shown = "\n".join(names[:8]) + ("\n…" if len(names) > 8 else "")
        answer = QMessageBox.question(
            self.window,
            _("Replace the files?"),
            _("These files already exist in the folder:\n{names}\n\nReplace them?").format(
                names=shown
            ),
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.No,
        )
        return answer == QMessageBox.Yes

    def _warn(self, title: str, message: str) -> None:
        QMessageBox.warning(self.window, title, message)


def _is_protected(window, case_id: int) -> bool:
    model = getattr(window, "model", None)
    row = model.row_at(model.row_of(case_id)) if model is not None else None
    return row is None or bool(row.protected)  # unknown: as if protected, remember nothing
