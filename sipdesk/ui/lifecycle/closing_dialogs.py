"""Closing a plan, and recording that consent was withdrawn (which offers to close)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _
from sipdesk.model import defaults, lifecycle
from sipdesk.model.entities import Case, Closing
from sipdesk.model.enums import ClosingReason


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class CloseDialog(QDialog):
    """Reason, date and who was told. OK only records a closing the model accepts."""

    def __init__(
        self,
        case: Case,
        reason: ClosingReason | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.case = case
        self.today = today or dt.date.today()
        self.closing: Closing | None = None
        self.setWindowTitle(_("Close the plan"))
        self.reason = QComboBox()
        self.reason.setAccessibleName(_("Reason"))
        for r in ClosingReason:  # Qt returns a StrEnum as str: keep the value, convert back
            self.reason.addItem(r.label, r.value)
        reason = reason or defaults.closing_reason(case, self.today)  # a withdrawal: that
        self._reason = reason
        if reason is not None:
            self.reason.setCurrentIndex(self.reason.findData(reason.value))
        self.date = QDateEdit(_qdate(self.today), calendarPopup=True)
        self.date.setAccessibleName(_("Closing date"))
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(_qdate(self.today))
        self.told = QPlainTextEdit()
        self.told.setAccessibleName(_("Who was told"))
        self.told.setPlaceholderText(_("One per line: the person, guardians, each organisation"))
        self.told.setPlainText("\n".join(self._suggested_told()))
        self.note = QLineEdit()
        self.note.setAccessibleName(_("Note"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #7a0000;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Reason:"), self.reason)
        form.addRow(_("Date:"), self.date)
        form.addRow(_("Who was told:"), self.told)
        form.addRow(_("Note:"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(_("Close the plan"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        info = QLabel(
            _(
                "A closed plan can be read and printed but no longer changed. Everyone "
                "involved must be told that the plan no longer applies."
            )
        )
        info.setWordWrap(True)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(520, 420)

    def _suggested_told(self) -> list[str]:
        # Kopia till, and after a withdrawal whoever withdrew the consent
        return defaults.told_on_closing(self.case, self._reason)

    def value(self) -> Closing:
        return Closing(
            date=_pydate(self.date.date()),
            reason=ClosingReason(self.reason.currentData()),
            told=self.told.toPlainText().splitlines(),
            note=self.note.text().strip(),
        )

    def accept(self) -> None:
        closing = self.value()
        closing.told = [t.strip() for t in closing.told if t.strip()]
        try:
            lifecycle.validate_closing(self.case, closing, self.today)
        except lifecycle.ClosingRefused as exc:
            self.error.setText(str(exc))
            return
        self.closing = closing
        super().accept()


class WithdrawDialog(QDialog):
    """Which consent was withdrawn, and on which day."""

    def __init__(self, case: Case, today: dt.date | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Record consent withdrawal"))
        today = today or dt.date.today()
        self.consent = QComboBox()
        self.consent.setAccessibleName(_("Consent"))
        for c in case.consents:
            if c.withdrawn_on is None:
                given = c.given_on.isoformat() if c.given_on else "—"
                self.consent.addItem(f"{c.given_by} ({c.form.label}, {given})", c.id)
        self.date = QDateEdit(_qdate(today), calendarPopup=True)
        self.date.setAccessibleName(_("Withdrawn on"))
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(_qdate(today))
        form = QFormLayout()
        form.addRow(_("Consent:"), self.consent)
        form.addRow(_("Withdrawn on:"), self.date)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        buttons.button(QDialogButtonBox.Ok).setEnabled(self.consent.count() > 0)

    def value(self) -> tuple[str, dt.date]:
        return self.consent.currentData(), _pydate(self.date.date())
