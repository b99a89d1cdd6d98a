"""The post-meeting evaluation, one statement at a time in large type.

Made to be answered on the laptop or on the shared screen: choose who you are, then tap one of
four big answers per statement. Nothing identifies the case or the respondent; each response is
saved as soon as the respondent finishes, and the next respondent can start straight away.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _
from sipdesk.model import evaluation
from sipdesk.model.enums import MeetingKind
from sipdesk.model.evaluation import Answer, Response, Role

_ANSWER_COLOURS = {
    Answer.FULLY: "#2e7d32",
    Answer.PARTLY: "#9a6b00",
    Answer.NOT: "#b3261e",
    Answer.DONT_KNOW: "#555555",
}


def _big(button: QPushButton, points: int = 20) -> QPushButton:
    font = QFont(button.font())
    font.setPointSize(points)
    button.setFont(font)
    button.setMinimumHeight(72)
    return button


class EvaluationDialog(QDialog):
    """Collects responses after a meeting of `kind`; `saved` counts the responses kept."""

    def __init__(self, store, kind: MeetingKind, today: dt.date | None = None, parent=None):
        super().__init__(parent)
        self.store = store
        self.kind = kind
        self.today = today or dt.date.today()
        self.saved = 0
        self.role: Role | None = None
        self.items: list[str] = []
        self.index = 0
        self.answers: dict[str, Answer] = {}
        self.setWindowTitle(_("How was the meeting?"))
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignCenter)
        font = QFont(self.title.font())
        font.setPointSize(26)
        font.setBold(True)
        self.title.setFont(font)
        self.progress = QLabel()
        self.progress.setAlignment(Qt.AlignCenter)
        self.buttons = QWidget()
        self.grid = QGridLayout(self.buttons)
        self.grid.setSpacing(16)
        self.back = QPushButton(_("Back"))
        self.back.clicked.connect(self._back)
        self.skip = QPushButton(_("Skip"))
        self.skip.clicked.connect(lambda: self._answer(None))
        self.finish = QPushButton(_("Close"))
        self.finish.clicked.connect(self.accept)
        nav = QHBoxLayout()
        nav.addWidget(self.back)
        nav.addStretch(1)
        nav.addWidget(self.skip)
        nav.addWidget(self.finish)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 20)
        layout.addWidget(self.progress)
        layout.addWidget(self.title, 1)
        layout.addWidget(self.buttons, 1)
        layout.addLayout(nav)
        self.resize(900, 600)
        self.show_roles()

    def _clear(self) -> None:
        while self.grid.count():
            widget = self.grid.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # gone from the screen now, not at the next event loop turn
                widget.deleteLater()

    def show_roles(self) -> None:
        self.role, self.items, self.index, self.answers = None, [], 0, {}
        self._clear()
        self.title.setText(_("Who are you?"))
        self.progress.setText(
            _("Your answers are anonymous and help us improve SIP meetings.")
            if not self.saved
            else _("Thank you! Next person, please.")
        )
        for n, role in enumerate(Role):
            button = _big(QPushButton(role.label))
            button.setAccessibleName(role.label)
            button.clicked.connect(lambda _c=False, r=role: self.start(r))
            self.grid.addWidget(button, n, 0)
        self.back.setEnabled(False)
        self.skip.setVisible(False)

    def start(self, role: Role) -> None:
        self.role = role
        self.items = evaluation.items_for(role, self.kind)
        self.index = 0
        self.answers = {}
        self._clear()
        for n, answer in enumerate(Answer):
            button = _big(QPushButton(answer.label))
            button.setAccessibleName(answer.label)
            button.setStyleSheet(f"color: {_ANSWER_COLOURS[answer]}; font-weight: bold;")
            button.clicked.connect(lambda _c=False, a=answer: self._answer(a))
            self.grid.addWidget(button, n // 2, n % 2)
        self.back.setEnabled(True)
        self.skip.setVisible(True)
        self._show_item()

    def _show_item(self) -> None:
        self.title.setText(evaluation.item_text(self.items[self.index], self.role))
        self.progress.setText(
            _("Statement {n} of {total}").format(n=self.index + 1, total=len(self.items))
        )

    def _answer(self, answer: Answer | None) -> None:
        code = self.items[self.index]
        if answer is None:
            self.answers.pop(code, None)
        else:
            self.answers[code] = answer
        if self.index + 1 < len(self.items):
            self.index += 1
            self._show_item()
        else:
            self._save()

    def _back(self) -> None:
        if self.index == 0:
            self.show_roles()
        else:
            self.index -= 1
            self._show_item()

    def _save(self) -> None:
        if self.answers and self.role is not None:
            evaluation.save(self.store, Response(self.today, self.kind, self.role, self.answers))
            self.saved += 1
        self.show_roles()
