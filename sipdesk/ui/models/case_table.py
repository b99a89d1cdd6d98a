"""The case list as a Qt table model over immutable `CaseSummary` rows (never live ORM objects)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from sipdesk.i18n import _, format_short_date, language
from sipdesk.model.reminders import Reminder, reminder_text, reminders
from sipdesk.model.store import CaseSummary

_REMINDER_BG = {
    Reminder.OVERDUE: QColor("#fde8e8"),
    Reminder.ERRORS: QColor("#fde8e8"),
    Reminder.DUE: QColor("#fff6dc"),
}

_Index = QModelIndex | QPersistentModelIndex
_ROLES = frozenset({Qt.DisplayRole, Qt.ToolTipRole, Qt.UserRole, Qt.BackgroundRole})
_DISPLAY = Qt.DisplayRole
_BACKGROUND = Qt.BackgroundRole
_TOOLTIP = Qt.ToolTipRole
_USER = Qt.UserRole
_HORIZONTAL = Qt.Horizontal
_TITLES: dict[str, tuple[str, ...]] = {}  # the columns' titles per interface language


class CaseTableModel(QAbstractTableModel):
    COLUMNS = ("name", "status", "follow_up", "protected", "reminder")

    def __init__(self, parent=None, due_days: int | None = None) -> None:
        super().__init__(parent)
        self._rows: Sequence[CaseSummary] = []
        self._cells: dict[int, _Cells] = {}
        self._status_labels: dict = {}
        self._protected_label = ""
        if due_days is None:
            from sipdesk.settings import Settings

            due_days = Settings().get("reminders.due_days")
        self.due_days = due_days
        self.today = dt.date.today()

    def set_rows(self, rows: Sequence[CaseSummary]) -> None:
        """Show `rows`: a list, or the store's lazy rows (`CaseWindow`, read a page at a time as
        the table paints them – issue 19)."""
        self.beginResetModel()
        self.today = dt.date.today()  # a window left open overnight moves its reminders on
        self._rows = rows
        self._cells = {}
        # translated once per refresh, not once per painted cell
        self._status_labels = {}
        self._protected_label = _("Protected")  # short: the tooltip says what it means
        self.endResetModel()

    def row_at(self, row: int) -> CaseSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def longest_names(self, n: int = 20) -> list[str]:
        """The `n` longest names shown (the store's lazy rows answer without making summaries)."""
        pick = getattr(self._rows, "longest_names", None)
        if pick is not None:
            return pick(n)
        return sorted((r.display_name for r in self._rows if r), key=len, reverse=True)[:n]

    def row_of(self, case_id: int) -> int:
        index_of_id = getattr(self._rows, "index_of_id", None)  # the store's lazy rows
        if index_of_id is not None:
            return index_of_id(case_id)
        return next((i for i, r in enumerate(self._rows) if r.id == case_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        # asked ≈150 times before the first frame: the titles translated once per language
        if role != _DISPLAY or orientation != _HORIZONTAL:
            return None
        titles = _TITLES.get(language())
        if titles is None:
            titles = _TITLES[language()] = (
                _("Name"), _("Status"), _("Follow-up"), _("Protection"), _("Reminder")
            )  # fmt: skip
        return titles[section]

    def _row_cells(self, row: int) -> _Cells:
        """What row `row` shows, made once per refill when the row is first painted: the table
        asks for seven roles of five cells, each a call into Python."""
        cells = self._cells.get(row)
        if cells is None:
            cells = self._make_cells(row)
            if cells.display[0] is not None:  # an empty row (not read) is asked again
                self._cells[row] = cells
        return cells

    def _make_cells(self, row: int) -> _Cells:
        summary = self._rows[row]
        if summary is None:  # deleted since the list was read: chosen, it finds no case
            id_at = getattr(self._rows, "id_at", None)
            return _Cells((None,) * 5, (None,) * 5, (None,) * 5, id_at(row) if id_at else None)
        label = self._status_labels.get(summary.status)
        if label is None:
            label = self._status_labels[summary.status] = summary.status.label
        reminder = reminder_text(summary, self.today, self.due_days)
        display = (
            summary.display_name,
            label,
            format_short_date(summary.next_follow_up),
            self._protected_label if summary.protected else "",
            reminder,
        )
        found = reminders(summary, self.today, self.due_days)
        # the follow-up's cell is coloured by the follow-up alone, the reminder's by all of them
        follow_up = _brush([r for r in found if r is not Reminder.ERRORS])
        background = (None, None, follow_up, None, _brush(found))
        tips = (
            None,
            None,
            None,
            _("Shown under a pseudonym. Handle printouts by the manual routine.")
            if summary.protected
            else None,
            reminder or None,
        )
        return _Cells(display, background, tips, summary.id)

    def data(self, index: _Index, role: int = Qt.DisplayRole):
        if role not in _ROLES or not index.isValid():
            return None
        cells = self._row_cells(index.row())
        if role == Qt.DisplayRole:
            return cells.display[index.column()]
        if role == Qt.BackgroundRole:
            return cells.background[index.column()]
        if role == Qt.ToolTipRole:
            return cells.tips[index.column()]
        return cells.id  # Qt.UserRole

    def multiData(self, index: _Index, roleDataSpan) -> None:
        """The roles a painted cell asks for, in one call (Qt's delegate asks seven at a time)."""
        if not index.isValid():
            for item in roleDataSpan:
                item.clearData()
            return
        cells = self._row_cells(index.row())
        column = index.column()
        for item in roleDataSpan:
            role = item.role()
            if role == _DISPLAY:
                value = cells.display[column]
            elif role == _BACKGROUND:
                value = cells.background[column]
            elif role == _TOOLTIP:
                value = cells.tips[column]
            elif role == _USER:
                value = cells.id
            else:
                value = None
            if value is None:
                item.clearData()
            else:
                item.setData(value)


class _Cells(NamedTuple):
    display: tuple
    background: tuple
    tips: tuple
    id: int | None


def _brush(found: list[Reminder]) -> QBrush | None:
    """The most pressing reminder's colour: overdue or errors (red) before due soon (amber)."""
    if not found:
        return None
    worst = min(found, key=lambda r: r is Reminder.DUE)
    return QBrush(_REMINDER_BG[worst])


def fit_columns(table) -> None:
    """Column widths that show every name, status, date and header in full (issue 18: "Linus …",
    a 25 px English Name column, Påminnelse behind a scroll bar).

    Status, date and protection get the width of their longest possible text; the name column the
    width of the longest name in the list (re-measured when the rows change; only the longest few
    strings are measured, so 10,000 rows cost no more than five); the reminder, last, takes what
    is left and may shorten (its tooltip has the whole text). The table asks for the sum as its
    minimum width, so the window's splitter never squeezes it into a horizontal scroll bar.
    """
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView

    from sipdesk.model.enums import CaseStatus

    model = table.model()
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    head_metrics = header.fontMetrics()
    pad = 24

    def need(texts: list[str], col: int) -> int:
        title = str(model.headerData(col, Qt.Horizontal) or "")
        return max(
            [metrics.horizontalAdvance(t) + pad for t in texts]
            + [head_metrics.horizontalAdvance(title) + pad]
        )

    fixed = {
        1: [s.label for s in CaseStatus],
        2: [format_short_date(dt.date(2026, 12, 31)), format_short_date(dt.date(2026, 9, 30))],
        3: [_("Protected")],
    }
    header.setStretchLastSection(True)
    header.setMinimumSectionSize(40)
    for col, texts in fixed.items():
        header.setSectionResizeMode(col, QHeaderView.Fixed)
        header.resizeSection(col, need(texts, col))
    header.setSectionResizeMode(0, QHeaderView.Fixed)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
    table.setHorizontalScrollMode(QAbstractItemView.ScrollPerPixel)
    table.setTextElideMode(Qt.ElideRight)
    table.setProperty("may_elide_columns", [4])  # the reminder: its tooltip holds the whole text
    reminder_min = need([_("Follow-up today")], 4)

    def fit_names() -> None:
        header.resizeSection(0, need(model.longest_names(20), 0))
        width = sum(header.sectionSize(c) for c in range(4)) + reminder_min
        frame = 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
        table.setMinimumWidth(width + frame)

    model.modelReset.connect(fit_names)
    fit_names()
