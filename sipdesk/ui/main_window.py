"""The main window: the case list (search, status, follow-up; the chosen case read-only beside it)
and, for an opened case, the chair's workspace (preparation, meeting circle, plan editor)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelection, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _, ngettext
from sipdesk.model.enums import CaseStatus
from sipdesk.model.store import CaseNotFound, Store
from sipdesk.model.store.case_window import case_window
from sipdesk.model.store.faults import StoreFault
from sipdesk.settings import Settings
from sipdesk.ui.models.case_table import CaseTableModel, fit_columns
from sipdesk.ui.widgets.geometry import fit_to_screen

log = logging.getLogger(__name__)

# The dialogs' classes are not needed to draw the list – PySide builds a class's Python enums at
# its first use, ≈5 ms of the start-up for these three: the methods import them where they ask.
# As the module's attributes (main_window.QMessageBox) they are there all the same.
_DIALOGS = ("QFileDialog", "QInputDialog", "QMessageBox")


def __getattr__(name: str):
    if name not in _DIALOGS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from PySide6 import QtWidgets

    return getattr(QtWidgets, name)


def viewport_of(table) -> QWidget:
    """A scroll area's viewport, found by the name Qt gives it: PySide answers `viewport()` on a
    fresh wrapper only after it has built the Python types of every QtWidgets class (≈15–25 ms of
    the start-up, before the first frame); the same widget found by name costs nothing."""
    found = table.findChild(QWidget, "qt_scrollarea_viewport")
    return found if found is not None else table.viewport()


class _FirstFrame(QObject):
    """Tells once when the case list (or the "no cases yet" text) has first been painted."""

    def __init__(self, window: MainWindow, watched: list) -> None:
        super().__init__(window)
        self.window, self.watched, self.done = window, watched, False
        for widget in watched:
            widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt name
        if not self.done and event.type() == QEvent.Paint:
            self.done = True
            for widget in self.watched:
                widget.removeEventFilter(self)
            QTimer.singleShot(0, self.window.first_frame.emit)  # once this frame is complete
        return False


class MainWindow(QMainWindow):
    current_case_changed = Signal(object)  # case id (int) or None
    first_frame = Signal()  # the filled case list is on screen for the first time
    features_ready = Signal()  # the features' menus are installed

    def __init__(self, store: Store, defer_features: bool = False) -> None:
        """`defer_features`: install the features' menus right after the first frame (start-up),
        not before it. The chair's workspace is built when a case is first opened."""
        super().__init__()
        self.store = store
        self._workspace = None
        self._workspace_waiting: list = []
        self.setWindowTitle(_("SipDesk"))
        self.settings = Settings()  # read once: the list's reminders and the window's own
        self.model = CaseTableModel(self, due_days=self.settings.get("reminders.due_days"))

        self.search = QLineEdit(placeholderText=_("Search by name…"), clearButtonEnabled=True)
        self.search.setAccessibleName(_("Search cases"))
        self._search_timer = QTimer(self, singleShot=True, interval=120)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._search_timer.start)

        self.table = QTableView()
        self.table.setAccessibleName(_("Cases"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        fit_columns(self.table)  # every name, date and header in full; no horizontal scroll bar
        metrics = self.table.fontMetrics()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _index: self.open_current())

        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(_("Show cases with status"))
        self.status_filter.addItem(_("All statuses"), "")
        for status in CaseStatus:
            self.status_filter.addItem(status.label, status.value)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.new_button = QPushButton(_("New case (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_case)
        self.open_button = QPushButton(_("Open (Enter)"))
        self.open_button.clicked.connect(self.open_current)

        self.empty = QLabel(
            _(
                "No cases yet. Start a new case (Ctrl+N), import a plan file (Ctrl+I), or "
                "choose Help → Try the demo."
            )
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignCenter)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status_filter)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.empty)

        self._view = None  # the case's read-only view: built with the controller (see below)
        self._controller = None
        # the controller's parent, made before the pages: Qt deletes a window's children in the
        # order they were made, so the controller (and its undo stack's signals) goes before the
        # workspace that listens to it, as when the controller was made here
        self._controller_home = QObject(self)
        self._closed = False
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(QWidget())  # the view's place until it is built
        splitter.setStretchFactor(0, 0)  # the list as wide as its columns; the rest to the case
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 780])
        self.list_page = splitter

        self.pages = QStackedWidget()
        self.pages.addWidget(self.list_page)
        self.setCentralWidget(self.pages)

        self._build_menus()
        # before the features: one of them restores the saved geometry
        fit_to_screen(self)  # 1300×760, or less on a smaller screen (never taller than it)
        self.features_installed = False
        self.refresh()
        self._show_page(0)
        self._first_frame = _FirstFrame(self, [viewport_of(self.table), self.empty])
        if defer_features:
            # the list first: the controller, the case view (and with them the plan model's
            # modules) and the features' menus right after the first frame – or at once, when
            # something asks for them before it
            self.first_frame.connect(lambda: QTimer.singleShot(0, self._after_first_frame))
        else:
            self._after_first_frame()

    def _after_first_frame(self) -> None:
        if self._closed:
            return  # quit before its first frame came round: nothing more to build
        self.controller  # noqa: B018 - built (with the Edit menu's undo and redo) if not yet
        self.view  # noqa: B018
        self.install_features()

    @property
    def controller(self):
        """The one writer of the open case (sipdesk.ui.controller), built when first wanted."""
        if self._controller is None:
            from sipdesk.ui.controller import Controller

            self._controller = controller = Controller(self.store, parent=self._controller_home)
            controller.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
            self.undo_action = controller.undo_stack.createUndoAction(self, _("&Undo"))
            self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
            self.redo_action = controller.undo_stack.createRedoAction(self, _("&Redo"))
            self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
            self.edit_menu.addAction(self.undo_action)
            self.edit_menu.addAction(self.redo_action)
        return self._controller

    @property
    def view(self):
        """The chosen case's read-only view (sipdesk.ui.chair.case_view), built when first
        wanted, in the place the list page keeps for it."""
        if self._view is None:
            from sipdesk.ui.chair.case_view import CaseView

            self._view = CaseView()
            placeholder = self.list_page.widget(1)
            self.list_page.replaceWidget(1, self._view)
            placeholder.deleteLater()
            self._view.show_case(None)
        return self._view

    def install_features(self) -> None:
        """The features' menus and actions (sipdesk.ui.features); once."""
        if self.features_installed:
            return
        self.features_installed = True
        from sipdesk.ui.features import install_all

        install_all(self)
        self.help_menu.addAction(self.about_action)
        # a case chosen before the features came (selected, or opened before the list was first
        # drawn): each feature hears of it as of a case chosen after (its case actions, recent)
        in_case = self.pages.currentIndex() == 1 and self._controller is not None
        current = self._controller.case_id if in_case else self.current_case_id()
        if current is not None:
            self.current_case_changed.emit(current)
        self.features_ready.emit()

    @property
    def workspace(self):
        """The chair's workspace, built (and its modules imported) when first wanted."""
        if self._workspace is None:
            from sipdesk.ui.chair.workspace import Workspace

            self._workspace = Workspace(self.controller)
            self._workspace.status_message.connect(
                lambda t: self.statusBar().showMessage(t, 4000)
            )
            self.pages.addWidget(self._workspace)
            for action in self._workspace.actions.values():
                self.meeting_menu.addAction(action)
            self._workspace.set_active(self.pages.currentIndex() == 1)
            for callback in self._workspace_waiting:
                callback(self._workspace)
            self._workspace_waiting.clear()
        return self._workspace

    def when_workspace(self, callback) -> None:
        """Call `callback(workspace)` once the workspace exists (now, if it does): a feature that
        adds to the workspace does not build it at start-up."""
        if self._workspace is not None:
            callback(self._workspace)
        else:
            self._workspace_waiting.append(callback)

    def _build_menus(self) -> None:

        self.file_menu = file_menu = self.menuBar().addMenu(_("&File"))
        self.import_action = QAction(_("&Import plan file…"), self, shortcut=QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.import_plan)
        file_menu.addAction(self.import_action)
        self.export_action = QAction(_("&Export plan file…"), self, shortcut=QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_plan)
        self.export_action.setEnabled(False)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        # Ctrl+Q everywhere: some platforms (Windows, the offscreen one) have no standard Quit key
        keys = [QKeySequence(QKeySequence.Quit), QKeySequence("Ctrl+Q")]
        quit_action.setShortcuts([k for i, k in enumerate(keys) if not k.isEmpty() and k not in keys[:i]])
        quit_action.setMenuRole(QAction.QuitRole)
        quit_action.triggered.connect(self.close)
        self.quit_action = quit_action
        file_menu.addAction(quit_action)
        self.new_case_action = QAction(_("&New case…"), self, shortcut=QKeySequence("Ctrl+N"))
        self.new_case_action.triggered.connect(self.new_case)
        file_menu.insertAction(self.import_action, self.new_case_action)
        self.edit_menu = self.menuBar().addMenu(_("&Edit"))  # undo and redo: with the controller
        self.case_menu = self.menuBar().addMenu(_("&Case"))
        self.open_action = QAction(_("&Open case"), self, shortcut=QKeySequence("Ctrl+O"))
        self.open_action.triggered.connect(self.open_current)
        self.case_menu.addAction(self.open_action)
        self.close_case_action = QAction(_("&Close case"), self, shortcut=QKeySequence("Ctrl+W"))
        self.close_case_action.triggered.connect(self.close_workspace)
        self.case_menu.addAction(self.close_case_action)
        self.follow_up_action = QAction(_("New &follow-up meeting…"), self)
        self.follow_up_action.triggered.connect(self.new_follow_up)
        self.case_menu.addAction(self.follow_up_action)
        self.meeting_menu = self.menuBar().addMenu(_("&Meeting"))  # filled with the workspace
        self.shares_action = QAction(_("Default shares of the meeting's time…"), self)
        self.shares_action.triggered.connect(self.edit_default_shares)
        self.leaflets_action = QAction(_("Folder of information sheets…"), self)
        self.leaflets_action.triggered.connect(self.choose_leaflet_folder)
        file_menu.insertAction(quit_action, self.shares_action)
        file_menu.insertAction(quit_action, self.leaflets_action)
        self.view_menu = self.menuBar().addMenu(_("&View"))
        find = QAction(_("Find"), self, shortcut=QKeySequence.Find)
        find.triggered.connect(self.search.setFocus)
        self.addAction(find)
        self.help_menu = self.menuBar().addMenu(_("&Help"))
        self.about_action = QAction(_("&About SipDesk"), self)
        self.about_action.triggered.connect(self.about)

    # --- the list ------------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.current_case_id()
        status = self.status_filter.currentData()
        # the ids now, the rows as the table paints them (issue 19: 50,000 cases)
        rows = case_window(self.store, self.search.text(), CaseStatus(status) if status else None)
        self.model.set_rows(rows)
        has_any = bool(rows) or bool(self.search.text()) or bool(status)
        self.table.setVisible(has_any)
        self.empty.setVisible(not has_any)
        self.statusBar().showMessage(
            ngettext("{n} case", "{n} cases", len(rows)).format(n=len(rows))
            + " · "
            + _("Store: {path}").format(path=self.store.data_dir)
        )
        if current is not None and (row := self.model.row_of(current)) >= 0:
            self.table.selectRow(row)

    def current_case_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.data(rows[0], Qt.UserRole)

    def case_fault(self, case_id: int, exc: Exception) -> None:
        """A case that cannot be read (damaged store, or a document that no longer decodes)."""
        from PySide6.QtWidgets import QMessageBox

        self.view.show_case(None)
        text = (
            str(exc)
            if isinstance(exc, StoreFault)
            else _(
                "Case {id} cannot be read (its stored content is damaged). The other cases are "
                "not affected. Run File → Check store, and restore the case from a backup."
            ).format(id=case_id)
        )
        self.statusBar().showMessage(text, 12000)
        box = QMessageBox(QMessageBox.Warning, _("SipDesk"), text, QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()  # not modal-blocking: the list stays usable behind it
        self.fault_box = box

    def select_case(self, case_id: int) -> None:
        row = self.model.row_of(case_id)
        if row >= 0:
            self.table.selectRow(row)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        case_id = self.current_case_id()
        self.export_action.setEnabled(case_id is not None)
        self.current_case_changed.emit(case_id)
        if case_id is None:
            self.view.show_case(None)
            return
        try:
            case = self.store.load_case(case_id)
        except CaseNotFound:
            self.refresh()
            return
        except (StoreFault, ValueError) as exc:  # a damaged case: say so; the others stay usable
            self.case_fault(case_id, exc)
            return
        self.store.audit(case_id, "opened")
        log.info("case %s opened", case_id)
        self.view.show_case(case)

    # --- the workspace -------------------------------------------------------------------

    def _show_page(self, index: int) -> None:
        in_case = index == 1
        if in_case or self._workspace is not None:
            self.pages.setCurrentWidget(self.workspace if in_case else self.list_page)
            self.workspace.set_active(in_case)
        else:
            self.pages.setCurrentWidget(self.list_page)
        if in_case and not self.features_installed and self._controller is not None:
            # a case opened before the list was ever drawn (no first frame will come): the
            # features' menus now
            QTimer.singleShot(0, self._after_first_frame)
        self.close_case_action.setEnabled(in_case)
        self.follow_up_action.setEnabled(in_case)
        self.open_action.setEnabled(not in_case)
        self.meeting_menu.setEnabled(in_case)
        if in_case:
            self.setWindowTitle(
                _("SipDesk – {name}").format(name=self.controller.case.person.display_name)
            )
        else:
            self.setWindowTitle(_("SipDesk"))

    def open_case(self, case_id: int) -> bool:
        """Open a case in the workspace (preparation first while it has not been held)."""
        _ = self.workspace  # built (on first use) before the controller tells it of the case
        try:
            case = self.controller.open_case(case_id)
        except CaseNotFound:
            self.refresh()
            return False
        except (StoreFault, ValueError) as exc:
            self.case_fault(case_id, exc)
            return False
        log.info("case %s opened for work", case_id)
        self.current_case_changed.emit(case_id)
        self._show_page(1)
        held = case.current_meeting is not None and case.current_meeting.circle.started_at
        if held:
            self.workspace.show_meeting()
        else:
            self.workspace.show_preparation()
        return True

    def jump_to_finding(self, finding) -> bool:
        """Go to the field a plan-check finding is about, opening the selected case in the
        workspace first when it is not open there. The workspace's list and the lifecycle's
        Plan-check dialog share this one jump. False when there was nothing to jump to."""
        case_id = self.current_case_id()
        if self.pages.currentIndex() != 1 or (
            case_id is not None and self.controller.case_id != case_id
        ):
            if case_id is None or not self.open_case(case_id):
                return False
        return self.workspace.jump_to(finding) is not None

    def open_current(self) -> None:
        case_id = self.current_case_id()
        if case_id is not None:
            self.open_case(case_id)

    def close_workspace(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self.pages.currentIndex() != 1:
            return
        case_id = self.controller.case_id
        if not self.controller.close_case():
            # a save that may work later (the disk full, the store busy): the chair decides –
            # Ctrl+W never just does nothing
            answer = QMessageBox.question(
                self,
                _("Not saved"),
                _(
                    "The latest changes could not be saved: {reason}\n\nClose the case anyway "
                    "and lose them? Choose No to stay and try again (Ctrl+S)."
                ).format(reason=self.controller.save_error),
            )
            if answer != QMessageBox.Yes:
                return
            self.controller.close_case(discard=True)
        self._show_page(0)
        self.refresh()
        if case_id is not None:
            self.select_case(case_id)
        self.table.setFocus()

    def new_case(self) -> None:
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        from sipdesk.model import editing
        from sipdesk.model.meeting import parse_shares

        name, ok = QInputDialog.getText(
            self, _("New case"), _("The person's name (a pseudonym can be set afterwards):")
        )
        if not ok:
            return
        try:
            case = editing.new_case(name, shares=parse_shares(self.settings.get("circle.shares")))
        except editing.EditError as exc:
            QMessageBox.warning(self, _("New case"), str(exc))
            return
        from sipdesk.model.defaults import chair_for_new_meeting

        chair_for_new_meeting(case.meetings[0], self.store.get_preference("chair.name"))
        case_id = self.controller.create_case(case)
        self.search.clear()
        self.refresh()
        self.select_case(case_id)
        self.open_case(case_id)

    def choose_leaflet_folder(self) -> None:
        """The organisation's translated information sheets: a folder with a subfolder per
        language, offered in the print set (no personal data: a folder name)."""
        from sipdesk.ui.file_dialogs import existing_folder

        chosen = existing_folder(self, _("Folder of information sheets (a subfolder per language)"))
        if chosen is not None:
            self.settings.set("print.leaflets", str(chosen))

    def edit_default_shares(self) -> None:
        """The shares of time per part that new meetings start with (a setting, no personal data)."""
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        from sipdesk.model.meeting import CircleError, check_shares

        current = self.settings.get("circle.shares").replace(",", ", ")
        text, ok = QInputDialog.getText(
            self,
            _("Default shares of the meeting's time"),
            _("Percent of the time for opening, situation, needs, summary and closing:"),
            text=current,
        )
        if not ok:
            return
        try:
            values = check_shares(text)
        except CircleError as exc:
            QMessageBox.warning(self, _("Default shares of the meeting's time"), str(exc))
            return
        self.settings.set("circle.shares", ",".join(str(v) for v in values))

    def new_follow_up(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        c = self.controller
        if c.case is None or c.case.closing is not None:
            return
        answer = QMessageBox.question(
            self,
            _("New follow-up meeting"),
            _(
                "Start a follow-up meeting? It begins as a copy of the current plan, which is "
                "then kept unchanged as the previous version."
            ),
        )
        if answer != QMessageBox.Yes:
            return
        if c.start_follow_up():
            self.workspace.show_preparation()

    # --- actions -------------------------------------------------------------------------

    def import_plan(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from sipdesk.ui.widgets import folders

        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import plan file"), folders.start_path(), _("SipDesk plan (*.json)")
        )
        if path:
            folders.remember(path)
            self.import_path(Path(path))

    def import_path(self, path: Path) -> int | None:
        from PySide6.QtWidgets import QMessageBox

        from sipdesk.model import cases, planfile

        try:
            case_id = cases.import_file(self.store, path)
        except planfile.PlanFileError as exc:
            QMessageBox.warning(
                self, _("Plan file refused"), str(exc) + "\n\n" + _("Nothing was imported.")
            )
            return None
        self.refresh()
        self.select_case(case_id)
        return case_id

    def export_plan(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        case_id = self.current_case_id()
        if case_id is None:
            return
        from sipdesk.ui.file_dialogs import leftovers_note, save_file

        path = save_file(
            self, _("Export plan file"), f"sip-{case_id}.json", _("SipDesk plan (*.json)")
        )
        if not path:
            return
        from sipdesk.model import cases

        try:
            leftovers = leftovers_note(path.parent)
            written = cases.export_json(self.store, case_id, Path(path))
        except OSError as exc:
            QMessageBox.warning(
                self,
                _("Export failed"),
                _("Could not write {path}: {detail}. Nothing was written.").format(
                    path=path, detail=exc.strerror
                ),
            )
            return
        QMessageBox.information(
            self,
            _("Exported"),
            _(
                "The plan file was written to:\n{path}\n\nThe file is not encrypted: keep it safe."
            ).format(path=written.resolve())
            + ("\n\n" + leftovers if leftovers else ""),
        )

    def about(self) -> None:
        from sipdesk.ui.everyday import show_about  # version and licences (issue 9)

        show_about(self)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        if self._controller is not None and not self.controller.close_case():
            from PySide6.QtWidgets import QMessageBox

            answer = QMessageBox.question(
                self,
                _("Not saved"),
                _("The latest changes could not be saved. Quit anyway and lose them?"),
            )
            if answer != QMessageBox.Yes:
                event.ignore()
                return
            self.controller.close_case(discard=True)
        self._close_other_windows()
        self.store.close()
        self._closed = True
        super().closeEvent(event)

    def _close_other_windows(self) -> None:
        """Quitting leaves nothing behind: the shared screen (no plan left on the projector)
        and any dialog of this window close with it, so the process ends (issue 13)."""
        live = getattr(self, "live_screen", None)
        if live is not None:
            live.close()
            if live.window is not None:
                live.window.close()
        from PySide6.QtWidgets import QApplication

        for widget in QApplication.topLevelWidgets():
            if widget is not self and widget.isVisible() and widget.parentWidget() is self:
                widget.close()
