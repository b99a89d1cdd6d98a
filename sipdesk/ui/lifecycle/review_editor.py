"""The follow-up review editor: the previous plan's goals and interventions, point by point.

Self-contained: `set_meeting(case, meeting)` shows (and creates, if missing) the meeting's review;
edits go straight into `meeting.review` and emit `changed`; the caller saves the case.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _, ngettext
from sipdesk.model import review
from sipdesk.model.entities import Case, Meeting
from sipdesk.model.protection import Redactor
from sipdesk.model.review import Decision, GoalOutcome, InterventionOutcome

GOAL_BG = QColor("#e8eef5")


def _centred(widget: QWidget) -> QWidget:
    """A cell holder that keeps `widget` at its natural height in a tall, wrapped row."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(2, 2, 2, 2)
    layout.addWidget(widget, 0, Qt.AlignVCenter)
    holder.editor = widget
    return holder


def cell_editor(table: QTableWidget, row: int, column: int) -> QWidget:
    """The combo or line edit in a review cell."""
    return table.cellWidget(row, column).editor


class ReviewEditor(QWidget):
    """Outcome and comment per goal and intervention of the previous plan, then the decision."""

    changed = Signal()

    COLUMNS = 4  # goal/intervention · responsible · outcome · comment

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case: Case | None = None
        self.meeting: Meeting | None = None
        self.read_only = False
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setAccessibleName(_("Review of the previous plan"))
        self.table.setHorizontalHeaderLabels(list(review.review_headers()))
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        self.decision = QComboBox()
        self.decision.setAccessibleName(_("Decision"))
        self.decision.addItem(_("(not decided)"), None)
        # Qt hands a StrEnum back as a plain str, so items carry the value and we convert back.
        for d in Decision:
            self.decision.addItem(d.label, d.value)
        self.decision.currentIndexChanged.connect(self._decision_changed)
        self.note = QLineEdit(placeholderText=_("What was decided, in a sentence"))
        self.note.setAccessibleName(_("Decision note"))
        self.note.textEdited.connect(self._note_changed)
        self.remaining = QLabel()
        form = QFormLayout()
        form.addRow(_("Decision:"), self.decision)
        form.addRow(_("Note:"), self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.remaining)

    # --- showing -------------------------------------------------------------------------

    def set_meeting(self, case: Case, meeting: Meeting, read_only: bool = False) -> None:
        """Show the review of `meeting` (a follow-up); raises ValueError for a first meeting."""
        if meeting.review is None and read_only:
            raise ValueError(_("This follow-up has no review."))
        rev = meeting.review if read_only else review.ensure_review(case, meeting)
        self.case, self.meeting, self.read_only = case, meeting, read_only
        previous = review.previous_meeting(case, meeting)
        redact = Redactor.for_person(case.person).text
        self.intro.setText(
            _(
                "Go through plan version {v} point by point: has each intervention been carried "
                "out as planned, and has each goal been reached?"
            ).format(v=rev.of_version)
        )
        self.table.setRowCount(0)
        bold = QFont(self.font())
        bold.setBold(True)
        for goal in previous.plan.goals:
            row = self._add_row(redact(goal.text), "", bold)
            answer = rev.for_goal(goal.id)
            self._outcome_cell(row, GoalOutcome, answer)
            self._comment_cell(row, answer)
            for item in goal.interventions:
                who = ", ".join(r.name for r in item.responsible if r.name.strip())
                if item.principal is not None:
                    who = f"{who} ({item.principal.label})" if who else item.principal.label
                row = self._add_row("    " + redact(item.what), redact(who), None)
                answer_i = rev.for_intervention(item.id)
                self._outcome_cell(row, InterventionOutcome, answer_i)
                self._comment_cell(row, answer_i)
        self.table.resizeRowsToContents()
        self.decision.blockSignals(True)
        self.decision.setCurrentIndex(
            max(0, self.decision.findData(rev.decision.value if rev.decision else None))
        )
        self.decision.blockSignals(False)
        self.decision.setEnabled(not read_only)
        self.note.setText(rev.note)
        self.note.setReadOnly(read_only)
        self._update_remaining()

    def _add_row(self, text: str, who: str, font: QFont | None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, value in ((0, text), (1, who)):
            cell = QTableWidgetItem(value)
            cell.setFlags(Qt.ItemIsEnabled)
            if font is not None:
                cell.setFont(font)
                cell.setBackground(QBrush(GOAL_BG))
            self.table.setItem(row, col, cell)
        return row

    def _outcome_cell(self, row: int, enum, answer) -> None:
        combo = QComboBox()
        combo.setAccessibleName(_("Outcome"))
        combo.addItem("—", None)
        for value in enum:
            combo.addItem(value.label, value.value)
        if answer.outcome is not None:
            combo.setCurrentIndex(combo.findData(answer.outcome.value))
        combo.setEnabled(not self.read_only)
        combo.currentIndexChanged.connect(
            lambda _i, a=answer, c=combo, e=enum: self._set_outcome(a, c, e)
        )
        self.table.setCellWidget(row, 2, _centred(combo))

    def _comment_cell(self, row: int, answer) -> None:
        edit = QLineEdit(answer.comment)
        edit.setAccessibleName(_("Comment"))
        edit.setFrame(False)
        edit.setReadOnly(self.read_only)
        edit.textEdited.connect(lambda text, a=answer: self._set_comment(a, text))
        self.table.setCellWidget(row, 3, _centred(edit))

    # --- editing -------------------------------------------------------------------------

    def _set_outcome(self, answer, combo: QComboBox, enum) -> None:
        data = combo.currentData()
        answer.outcome = enum(data) if data else None
        self._update_remaining()
        self.changed.emit()

    def _set_comment(self, answer, text: str) -> None:
        answer.comment = text
        self.changed.emit()

    def _decision_changed(self, _index: int) -> None:
        if self.meeting is not None and self.meeting.review is not None:
            data = self.decision.currentData()
            self.meeting.review.decision = Decision(data) if data else None
            self._update_remaining()
            self.changed.emit()

    def _note_changed(self, text: str) -> None:
        if self.meeting is not None and self.meeting.review is not None:
            self.meeting.review.note = text
            self.changed.emit()

    def _update_remaining(self) -> None:
        if self.meeting is None or self.meeting.review is None:
            return
        n = review.unanswered(self.meeting.review)
        self.remaining.setText(
            ngettext("{n} point left to review.", "{n} points left to review.", n).format(n=n)
            if n
            else _("Every point is reviewed.")
        )
