"""The follow-up review editor: the previous plan's goals and interventions, point by point.

Self-contained: `set_meeting(case, meeting)` shows (and creates, if missing) the meeting's review;
edits go straight into `meeting.review` and emit `changed`; the caller saves the case.

The chair's workspace passes `apply` instead: every edit is then a model operation
(`review.set_outcome` …) run through the controller – undoable and autosaved – and the review
is not created until the first answer; `update_values()` follows the model after an undo
without rebuilding the table (so typing in a comment keeps its cursor).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
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


class _ReviewTable(QTableWidget):
    """The review table: who and outcome get at most about a fifth of the width each, so the
    goal and the comment keep theirs in a narrow window (the workspace at 150 %)."""

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self.fit_columns()

    def fit_columns(self) -> None:
        width = self.viewport().width()
        if width <= 0:
            return
        header = self.horizontalHeader()
        for column, share in ((1, 0.22), (2, 0.2)):
            wanted = max(self.sizeHintForColumn(column), header.sectionSizeHint(column))
            header.resizeSection(column, max(60, min(wanted, int(width * share))))
        self.resizeRowsToContents()


class ReviewEditor(QWidget):
    """Outcome and comment per goal and intervention of the previous plan, then the decision."""

    changed = Signal()
    point_focused = Signal(str, str)  # kind ("goal" | "intervention" | "decision"), id

    COLUMNS = 4  # goal/intervention · responsible · outcome · comment

    def __init__(self, parent: QWidget | None = None, apply: Callable | None = None) -> None:
        super().__init__(parent)
        # apply(text, operation(case, meeting) -> Change, merge_key) – the workspace's controller
        self.apply_hook = apply
        self._outcomes: dict[tuple[str, str], QComboBox] = {}
        self._comments: dict[tuple[str, str], QLineEdit] = {}
        self.case: Case | None = None
        self.meeting: Meeting | None = None
        self.read_only = False
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = _ReviewTable(0, self.COLUMNS)
        self.table.setAccessibleName(_("Review of the previous plan"))
        self.table.setHorizontalHeaderLabels(list(review.review_headers()))
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        # Tab moves between the answers (outcome → comment → next point), not between cells
        self.table.setTabKeyNavigation(False)
        self.table.setFocusPolicy(Qt.NoFocus)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.Interactive)
        header.setSectionResizeMode(2, QHeaderView.Interactive)
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
        if read_only:
            rev = meeting.review
        elif self.apply_hook is not None:
            rev = review.review_view(case, meeting)  # created by the first answer, undoably
        else:
            rev = review.ensure_review(case, meeting)
        self.case, self.meeting, self.read_only = case, meeting, read_only
        previous = review.previous_meeting(case, meeting)
        redact = Redactor.for_person(case.person).text
        self.intro.setText(
            _(
                "Go through plan version {v} point by point: has each intervention been carried "
                "out as planned, and has each goal been reached?"
            ).format(v=rev.of_version)
        )
        self._outcomes.clear()
        self._comments.clear()
        self.table.setRowCount(0)
        bold = QFont(self.font())
        bold.setBold(True)
        for goal in previous.plan.goals:
            row = self._add_row(redact(goal.text), "", bold)
            answer = rev.for_goal(goal.id)
            self._outcome_cell(row, GoalOutcome, answer, ("goal", goal.id))
            self._comment_cell(row, answer, ("goal", goal.id))
            for item in goal.interventions:
                who = ", ".join(r.name for r in item.responsible if r.name.strip())
                if item.principal is not None:
                    who = f"{who} ({item.principal.label})" if who else item.principal.label
                row = self._add_row("    " + redact(item.what), redact(who), None)
                answer_i = rev.for_intervention(item.id)
                key = ("intervention", item.id)
                self._outcome_cell(row, InterventionOutcome, answer_i, key)
                self._comment_cell(row, answer_i, key)
        self.table.fit_columns()
        self.decision.blockSignals(True)
        self.decision.setCurrentIndex(
            max(0, self.decision.findData(rev.decision.value if rev.decision else None))
        )
        self.decision.blockSignals(False)
        self.decision.setEnabled(not read_only)
        self.note.setText(rev.note)
        self.note.setReadOnly(read_only)
        self._chain_tab_order()
        self._update_remaining(rev)

    def _chain_tab_order(self) -> None:
        """Tab: outcome → comment → the next point's outcome … → decision → note."""
        chain: list[QWidget] = []
        for key, combo in self._outcomes.items():
            chain.append(combo)
            chain.append(self._comments[key])
        chain += [self.decision, self.note]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt name
        kind = event.type()
        if kind == QEvent.FocusIn:
            key = getattr(watched, "review_key", None)
            if key is not None:
                self.point_focused.emit(*key)
                self._reveal(watched)
        elif kind == QEvent.FocusOut and isinstance(watched, QLineEdit):
            watched.setCursorPosition(0)  # a long comment shows its start again
        elif kind == QEvent.KeyPress and isinstance(watched, QComboBox):
            return self._combo_key(watched, event)
        return False

    def _combo_key(self, combo: QComboBox, event) -> bool:
        """An outcome box takes digits (1 = the first outcome, 0 = none) and arrows; any other
        typed text is the comment's: it moves there with the text, so nothing typed is lost in
        the box's type-ahead."""
        text = event.text()
        if not text or not text.isprintable() or event.modifiers() & (
            Qt.ControlModifier | Qt.AltModifier | Qt.MetaModifier
        ):
            return False
        if text.isdigit():
            index = int(text)
            if index < combo.count() and combo.isEnabled():
                combo.setCurrentIndex(index)
            return True
        if text == " ":
            return False  # Space opens the list, as in any box
        edit = self._comments.get(getattr(combo, "review_key", None))
        if edit is None or edit.isReadOnly():
            return True
        edit.setFocus(Qt.TabFocusReason)
        edit.setCursorPosition(len(edit.text()))
        copy = QKeyEvent(QEvent.KeyPress, event.key(), event.modifiers(), text)
        from PySide6.QtWidgets import QApplication

        QApplication.sendEvent(edit, copy)
        return True

    def _reveal(self, widget: QWidget) -> None:
        for row in range(self.table.rowCount()):
            for column in (2, 3):
                holder = self.table.cellWidget(row, column)
                if holder is not None and holder.editor is widget:
                    self.table.scrollTo(self.table.model().index(row, column))
                    return

    def shows(self, case: Case, meeting: Meeting) -> bool:
        """True when the table already has a row for each point of the plan under review."""
        previous = review.previous_meeting(case, meeting)
        if previous is None or self.meeting is None:
            return False
        keys = [("goal", g.id) for g in previous.plan.goals]
        keys += [("intervention", i.id) for i in previous.plan.interventions()]
        return sorted(keys) == sorted(self._outcomes)

    def update_values(self, case: Case, meeting: Meeting, read_only: bool) -> None:
        """Show the model's answers in the widgets already there (after an undo, say); a field
        being typed in keeps its text."""
        self.case, self.meeting, self.read_only = case, meeting, read_only
        rev = meeting.review if meeting.review is not None else review.review_view(case, meeting)
        for (kind, item_id), combo in self._outcomes.items():
            answer = rev.for_goal(item_id) if kind == "goal" else rev.for_intervention(item_id)
            value = answer.outcome.value if answer and answer.outcome else None
            if combo.currentData() != value:
                combo.blockSignals(True)
                combo.setCurrentIndex(max(0, combo.findData(value)))
                combo.blockSignals(False)
            combo.setEnabled(not read_only)
        for (kind, item_id), edit in self._comments.items():
            answer = rev.for_goal(item_id) if kind == "goal" else rev.for_intervention(item_id)
            text = answer.comment if answer else ""
            if not edit.hasFocus() and edit.text() != text:
                edit.setText(text)
            edit.setReadOnly(read_only)
        value = rev.decision.value if rev.decision else None
        if self.decision.currentData() != value:
            self.decision.blockSignals(True)
            self.decision.setCurrentIndex(max(0, self.decision.findData(value)))
            self.decision.blockSignals(False)
        self.decision.setEnabled(not read_only)
        if not self.note.hasFocus() and self.note.text() != rev.note:
            self.note.setText(rev.note)
        self.note.setReadOnly(read_only)
        self._update_remaining(rev)

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

    def _outcome_cell(self, row: int, enum, answer, key: tuple[str, str]) -> None:
        combo = QComboBox()
        combo.setAccessibleName(_("Outcome"))
        combo.addItem("—", None)
        for value in enum:
            combo.addItem(value.label, value.value)
        if answer.outcome is not None:
            combo.setCurrentIndex(combo.findData(answer.outcome.value))
        combo.setEnabled(not self.read_only)
        combo.currentIndexChanged.connect(lambda _i, k=key, c=combo: self._set_outcome(k, c))
        combo.review_key = key
        combo.installEventFilter(self)
        self._outcomes[key] = combo
        self.table.setCellWidget(row, 2, _centred(combo))

    def _comment_cell(self, row: int, answer, key: tuple[str, str]) -> None:
        edit = QLineEdit(answer.comment)
        edit.setCursorPosition(0)  # show the comment's start, not its end, in a narrow cell
        edit.setToolTip(answer.comment)
        edit.setAccessibleName(_("Comment"))
        edit.setPlaceholderText(_("Comment"))
        edit.setFrame(False)
        edit.setReadOnly(self.read_only)
        edit.textEdited.connect(lambda text, k=key: self._set_comment(k, text))
        edit.review_key = key
        edit.installEventFilter(self)
        self._comments[key] = edit
        self.table.setCellWidget(row, 3, _centred(edit))

    def outcome_combo(self, kind: str, item_id: str) -> QComboBox | None:
        return self._outcomes.get((kind, item_id))

    def comment_edit(self, kind: str, item_id: str) -> QLineEdit | None:
        return self._comments.get((kind, item_id))

    # --- editing -------------------------------------------------------------------------

    def _run(self, text: str, operation, merge_key: str | None = None) -> None:
        if self.read_only or self.case is None or self.meeting is None:
            return
        if self.apply_hook is not None:
            self.apply_hook(text, operation, merge_key)
        else:
            operation(self.case, self.meeting)
        self._update_remaining()
        self.changed.emit()

    def _set_outcome(self, key: tuple[str, str], combo: QComboBox) -> None:
        kind, item_id = key
        value = combo.currentData()
        self._run(
            _("Review outcome"),
            lambda case, m: review.set_outcome(case, m, kind, item_id, value),
        )

    def _set_comment(self, key: tuple[str, str], text: str) -> None:
        kind, item_id = key
        self._run(
            _("Review comment"),
            lambda case, m: review.set_comment(case, m, kind, item_id, text),
            f"review:{item_id}:comment",
        )

    def _decision_changed(self, _index: int) -> None:
        value = self.decision.currentData()
        self._run(_("Review decision"), lambda case, m: review.set_decision(case, m, value))

    def _note_changed(self, text: str) -> None:
        self._run(
            _("Review note"), lambda case, m: review.set_note(case, m, text), "review:note"
        )

    def _update_remaining(self, rev: review.Review | None = None) -> None:
        if rev is None:
            if self.meeting is None or self.case is None:
                return
            rev = self.meeting.review or review.review_view(self.case, self.meeting)
        n = review.unanswered(rev)
        self.remaining.setText(
            ngettext("{n} point left to review.", "{n} points left to review.", n).format(n=n)
            if n
            else _("Every point is reviewed.")
        )
