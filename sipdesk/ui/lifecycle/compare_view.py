"""Two plan versions side by side, with added, removed and changed rows coloured."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _
from sipdesk.model import compare
from sipdesk.model.entities import Case
from sipdesk.model.protection import Redactor
from sipdesk.model.store.lazy import plan_version

COLOURS = {
    compare.Change.ADDED: QColor("#e3f4e1"),
    compare.Change.REMOVED: QColor("#fde8e8"),
    compare.Change.CHANGED: QColor("#fff6dc"),
}


def change_label(change: compare.Change) -> str:
    return {
        compare.Change.SAME: "",
        compare.Change.ADDED: _("Added"),
        compare.Change.REMOVED: _("Removed"),
        compare.Change.CHANGED: _("Changed"),
    }[change]


class CompareView(QWidget):
    """Pick two versions of the case's plan; the table shows them row by row."""

    def __init__(self, case: Case, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.redact = Redactor.for_person(case.person).text
        self.old = QComboBox()
        self.new = QComboBox()
        for combo, name in ((self.old, _("Older version")), (self.new, _("Newer version"))):
            combo.setAccessibleName(name)
            for meeting in case.meetings:  # versions not compared are not decoded (lazy.py)
                day = meeting.date.isoformat() if meeting.date else "—"
                version = plan_version(meeting)
                combo.addItem(
                    _("Version {v} – {kind}, {date}").format(
                        v=version, kind=meeting.kind.label, date=day
                    ),
                    version,
                )
        self.old.setCurrentIndex(max(0, len(case.meetings) - 2))
        self.new.setCurrentIndex(len(case.meetings) - 1)
        self.old.currentIndexChanged.connect(self.refresh)
        self.new.currentIndexChanged.connect(self.refresh)
        self.table = QTableWidget(0, 4)
        self.table.setAccessibleName(_("Comparison"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeToContents)
        self.summary = QLabel()
        self.only_changes = QCheckBox(_("Only what changed"))
        self.only_changes.setChecked(True)
        self.only_changes.toggled.connect(self.refresh)
        pick = QHBoxLayout()
        pick.addWidget(QLabel(_("Compare")))
        pick.addWidget(self.old, 1)
        pick.addWidget(QLabel(_("with")))
        pick.addWidget(self.new, 1)
        pick.addWidget(self.only_changes)
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.refresh()

    def refresh(self) -> None:
        meetings = {plan_version(m): m for m in self.case.meetings}
        pair = meetings.get(self.old.currentData()), meetings.get(self.new.currentData())
        self.table.setRowCount(0)
        if pair[0] is None or pair[1] is None:
            return
        old, new = pair[0].plan, pair[1].plan
        self.table.setHorizontalHeaderLabels(
            [
                _("Part"),
                _("Version {v}").format(v=old.version),
                _("Version {v}").format(v=new.version),
                _("Change"),
            ]
        )
        names = {p.id: p.name for m in pair for p in m.participants}
        rows = compare.compare(old, new, names)
        for diff in rows:
            if self.only_changes.isChecked() and diff.change is compare.Change.SAME:
                continue
            r = self.table.rowCount()
            self.table.insertRow(r)
            section = ("    " if diff.level else "") + diff.section
            values = (
                section,
                self.redact(diff.old),
                self.redact(diff.new),
                change_label(diff.change),
            )
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if diff.change in COLOURS:
                    cell.setBackground(QBrush(COLOURS[diff.change]))
                self.table.setItem(r, c, cell)
        self.table.resizeRowsToContents()
        counts = compare.summary(rows)
        self.summary.setText(
            _("{added} added · {removed} removed · {changed} changed").format(
                added=counts[compare.Change.ADDED],
                removed=counts[compare.Change.REMOVED],
                changed=counts[compare.Change.CHANGED],
            )
        )
