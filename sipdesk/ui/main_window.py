"""The main window: the store's cases in a searchable list, and the chosen case read-only."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sipdesk import __version__
from sipdesk.i18n import _, ngettext
from sipdesk.model import cases, planfile
from sipdesk.model.enums import CaseStatus
from sipdesk.model.store import CaseNotFound, Store
from sipdesk.ui.chair.case_view import CaseView
from sipdesk.ui.models.case_table import CaseTableModel

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    current_case_changed = Signal(object)  # case id (int) or None

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle(_("SipDesk"))
        self.model = CaseTableModel(self)

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
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        # fixed widths from the longest possible text: measuring 10,000 rows would cost a second
        metrics = self.table.fontMetrics()
        samples = {
            1: [s.label for s in CaseStatus] + [_("Status")],
            2: ["2026-12-31", _("Next follow-up")],
            3: [_("Protected identity"), _("Protection")],
        }
        for col, texts in samples.items():
            header.setSectionResizeMode(col, QHeaderView.Interactive)
            header.resizeSection(col, max(metrics.horizontalAdvance(t) for t in texts) + 24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.empty = QLabel(
            _("No cases yet. Import a plan file (Ctrl+I), or start the demo with 'sipdesk demo'.")
        )
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignCenter)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table)
        left_layout.addWidget(self.empty)

        self.view = CaseView()
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 780])
        self.setCentralWidget(splitter)

        self._build_menus()
        from sipdesk.ui.features import install_all

        install_all(self)
        self.help_menu.addAction(self.about_action)
        self.resize(1300, 760)
        self.refresh()
        self.view.show_case(None)

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
        quit_action = QAction(_("&Quit"), self, shortcut=QKeySequence.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.case_menu = self.menuBar().addMenu(_("&Case"))
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
        rows = self.store.list_cases(self.search.text())
        self.model.set_rows(rows)
        has_any = bool(rows) or bool(self.search.text())
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
        self.store.audit(case_id, "opened")
        log.info("case %s opened", case_id)
        self.view.show_case(case)

    # --- actions -------------------------------------------------------------------------

    def import_plan(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Import plan file"), str(Path.home()), _("SipDesk plan (*.json)")
        )
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path) -> int | None:
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
        case_id = self.current_case_id()
        if case_id is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export plan file"),
            str(Path.home() / f"sip-{case_id}.json"),
            _("SipDesk plan (*.json)"),
        )
        if not path:
            return
        try:
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
            ).format(path=written.resolve()),
        )

    def about(self) -> None:
        QMessageBox.about(
            self,
            _("About SipDesk"),
            _("SipDesk {version}\nThe chair's tool for SIP meetings – offline, encrypted.").format(
                version=__version__
            ),
        )

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self.store.close()
        super().closeEvent(event)
