"""Figures for coordinators: a period, the numbers, a chart drawn with QPainter, and the
aggregated evaluation answers. Everything shown comes from `sipdesk.model.stats`."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _
from sipdesk.model import evaluation, stats, stats_store
from sipdesk.model.evaluation import Answer, Role

SHARES = ("on_time", "person_present", "person_represented", "own_view", "prepared_with_person",
          "received_plan", "follow_up_date_set", "goals_reached")  # fmt: skip
NEW_COLOUR = QColor("#1f3a5f")
FOLLOW_COLOUR = QColor("#6fa8dc")
BAR_COLOUR = QColor("#2e7d32")


class FiguresChart(QWidget):
    """Shares as horizontal bars (0–100 %), and meetings held per month as paired columns."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures: stats.Figures | None = None
        self.setMinimumSize(360, 240)  # fits a 1366×768 screen at 150 % (issue 18)
        self.setAccessibleName(_("Chart of the figures"))

    def set_figures(self, figures: stats.Figures) -> None:
        self.figures = figures
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt name
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if self.figures is None:
            return
        half = self.height() * 0.48
        self._bars(painter, QRectF(12, 12, self.width() - 24, half - 12))
        self._months(painter, QRectF(12, half + 12, self.width() - 24, self.height() - half - 24))
        painter.end()

    def _bars(self, painter: QPainter, area: QRectF) -> None:
        labels = dict(stats.METRICS)
        metrics = self.fontMetrics()
        label_w = min(
            area.width() * 0.45, max(metrics.horizontalAdvance(_(labels[k])) for k in SHARES) + 12
        )
        row_h = area.height() / len(SHARES)
        bar_w = area.width() - label_w - 60
        for n, key in enumerate(SHARES):
            share: stats.Share = getattr(self.figures, key)
            top = area.top() + n * row_h
            painter.setPen(QColor("#222"))
            painter.drawText(
                QRectF(area.left(), top, label_w - 8, row_h),
                Qt.AlignVCenter | Qt.AlignRight | Qt.TextWordWrap,
                _(labels[key]),
            )
            track = QRectF(area.left() + label_w, top + row_h * 0.2, bar_w, row_h * 0.6)
            painter.fillRect(track, QColor("#eeeeee"))
            if share.percent is not None:
                filled = QRectF(
                    track.left(), track.top(), bar_w * share.percent / 100, track.height()
                )
                painter.fillRect(filled, BAR_COLOUR)
            text = "–" if share.percent is None else f"{share.percent:.0f} %"
            painter.drawText(
                QRectF(track.right() + 6, top, 54, row_h), Qt.AlignVCenter | Qt.AlignLeft, text
            )

    def _months(self, painter: QPainter, area: QRectF) -> None:
        months = self.figures.by_month[-12:]
        painter.setPen(QColor("#222"))
        title_h = self.fontMetrics().height() + 6
        painter.drawText(
            QRectF(area.left(), area.top(), area.width(), title_h),
            Qt.AlignLeft,
            _("Meetings held per month: new plans (dark) and follow-ups (light)"),
        )
        if not months:
            return
        plot = QRectF(area.left() + 30, area.top() + title_h, area.width() - 30,
                      area.height() - title_h - self.fontMetrics().height() - 4)  # fmt: skip
        peak = max(max(new, follow) for _m, new, follow in months) or 1
        slot = plot.width() / len(months)
        col_w = min(28.0, slot * 0.35)
        painter.setPen(QPen(QColor("#999")))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawText(QRectF(area.left(), plot.top() - 6, 26, 14), Qt.AlignRight, str(peak))
        for n, (month, new, follow) in enumerate(months):
            x = plot.left() + n * slot + slot / 2
            for offset, value, colour in ((-col_w, new, NEW_COLOUR), (0.0, follow, FOLLOW_COLOUR)):
                h = plot.height() * value / peak
                painter.fillRect(QRectF(x + offset, plot.bottom() - h, col_w, h), colour)
            painter.setPen(QColor("#222"))
            painter.drawText(
                QRectF(x - slot / 2, plot.bottom() + 2, slot, self.fontMetrics().height()),
                Qt.AlignHCenter,
                month,
            )


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setWordWrap(True)
    table.setProperty("wraps_columns", [0])  # the label column wraps; the numbers never do
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    _headers(table, headers)
    return table


def _headers(table: QTableWidget, headers: list[str]) -> None:
    """Columns and their labels: the first stretches, the others fit their content."""
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
    for c in range(1, len(headers)):
        table.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeToContents)


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = QTableWidgetItem(value)
            if c:
                cell.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            table.setItem(r, c, cell)
    table.resizeRowsToContents()  # long labels (a figure per age band) wrap onto two lines


class FiguresDialog(QDialog):
    """The figures of a period: table and chart, and the evaluation answers by role."""

    def __init__(self, store, today: dt.date | None = None, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        today = today or dt.date.today()
        self.setWindowTitle(_("Figures"))
        start = dt.date(today.year, 1, 1)
        self.start = QDateEdit(QDate(start.year, start.month, start.day), calendarPopup=True)
        self.end = QDateEdit(QDate(today.year, today.month, today.day), calendarPopup=True)
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")  # ISO, as the plan and the CLI write dates
        self.start.setAccessibleName(_("From"))
        self.end.setAccessibleName(_("To"))
        self.role = QComboBox()
        self.role.setAccessibleName(_("Respondents"))
        # side by side first: one average over every role would hide the gap between the
        # person's and the professionals' view of the same statement
        self.role.addItem(_("Each role side by side"), None)
        for role in Role:
            self.role.addItem(role.label, role.value)  # Qt would hand a StrEnum back as str
        show = QPushButton(_("Show"))
        show.clicked.connect(self.refresh)
        self.role.currentIndexChanged.connect(self.refresh)
        period = QHBoxLayout()
        period.addWidget(QLabel(_("From")))
        period.addWidget(self.start)
        period.addWidget(QLabel(_("to")))
        period.addWidget(self.end)
        period.addWidget(show)
        period.addStretch(1)
        self.table = _table([_("Figure"), _("Value"), _("Count")])
        self.chart = FiguresChart()
        self.answers = _table(
            [_("Statement"), *[a.label for a in Answer], _("Answers"), _("Average")]
        )
        figures_tab = QWidget()
        row = QHBoxLayout(figures_tab)
        row.addWidget(self.table, 2)
        row.addWidget(self.chart, 3)
        eval_tab = QWidget()
        col = QVBoxLayout(eval_tab)
        col.addWidget(self.role)
        col.addWidget(self.answers, 1)
        note = QLabel(_("Average: Fully agree = 100 %, Partly = 50 %, Do not agree = 0 %; "
                        "'Don't know' is left out."))  # fmt: skip
        note.setWordWrap(True)
        col.addWidget(note)
        self.tabs = QTabWidget()
        self.tabs.addTab(figures_tab, _("Figures"))
        self.tabs.addTab(eval_tab, _("Evaluation"))
        layout = QVBoxLayout(self)
        layout.addLayout(period)
        layout.addWidget(self.tabs, 1)
        self.resize(1200, 620)
        self.today = today
        self.refresh()

    def period(self) -> tuple[dt.date, dt.date]:
        a, b = self.start.date(), self.end.date()
        return dt.date(a.year(), a.month(), a.day()), dt.date(b.year(), b.month(), b.day())

    def refresh(self) -> None:
        start, end = self.period()
        self.figures = stats_store.from_store(self.store, start, end, self.today)
        rows = []
        for code, label, shown, count, total in stats.rows(self.figures):
            if code.startswith("eval."):
                continue
            rows.append([label, shown, f"{count}/{total}" if total is not None else ""])
        _fill(self.table, rows)
        self.chart.set_figures(self.figures)
        responses = evaluation.load(self.store, start, end)
        role = self.role.currentData()
        if role is None:
            self._side_by_side(responses)
            return
        _headers(self.answers, [_("Statement"), *[a.label for a in Answer], _("Answers"),
                                _("Average")])  # fmt: skip
        summary = evaluation.aggregate(responses, Role(role))
        _fill(
            self.answers,
            [
                [
                    evaluation.item_text(item.code, Role(role)),
                    *[str(item.counts[a]) for a in Answer],
                    str(item.answered),
                    "–" if item.average is None else f"{100 * item.average:.0f} %",
                ]
                for item in summary
            ],
        )

    def _side_by_side(self, responses) -> None:
        """Per statement, each role's average and count in its own column."""
        _headers(self.answers, [_("Statement"), *[r.label for r in Role]])
        rows = []
        for code, per_role in evaluation.by_role(responses):
            cells = []
            for role in Role:
                item = per_role.get(role)
                if item is None:
                    cells.append("")
                else:
                    avg = "–" if item.average is None else f"{100 * item.average:.0f} %"
                    cells.append(f"{avg} (n={item.answered})")
            rows.append([evaluation.item_text(code), *cells])
        _fill(self.answers, rows)
