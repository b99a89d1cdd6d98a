"""The plan check as a widget: a count, and a list whose entries ask to jump to their field.

Self-contained so the chair's workspace can place it beside the plan editor: call `show_case`
whenever the plan changes; connect `jump_requested(Finding)` to move the cursor to
`finding.path` / `finding.item_id`.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _, ngettext
from sipdesk.model import quality
from sipdesk.model.entities import Case, Meeting
from sipdesk.model.protection import Redactor

ERROR_BG = QColor("#fde8e8")
WARNING_BG = QColor("#fff6dc")


def count_text(findings: list[quality.Finding]) -> str:
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return _("The plan check finds nothing to fix.")
    return (
        ngettext("{n} error", "{n} errors", errors).format(n=errors)
        + " · "
        + ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
    )


class CheckList(QWidget):
    """The findings of the plan check for one meeting; double-click or Enter jumps."""

    jump_requested = Signal(object)  # quality.Finding

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings: list[quality.Finding] = []
        self._shown: list[str] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("Plan check summary"))
        self.list = QListWidget()
        self.list.setAccessibleName(_("Plan check findings"))
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)

    def show_case(
        self, case: Case | None, meeting: Meeting | None = None, today: dt.date | None = None
    ) -> list[quality.Finding]:
        """Run the check and show its findings (a protected name is masked in the messages)."""
        if case is None:
            self.list.clear()
            self.findings = []
            self.summary.setText("")
            return []
        findings = quality.check(case, meeting, today)
        redact = Redactor.for_person(case.person).text
        shown = [redact(f.message) for f in findings]
        if findings == self.findings and shown == self._shown:
            return self.findings  # run after every edit: keep the chair's place in the list
        if [(f.code, f.item_id, f.is_error) for f in findings] == [
            (f.code, f.item_id, f.is_error) for f in self.findings
        ] and self.list.count() == len(findings):
            # the same findings, a text changed (typing in a field quoted by one): update those
            # rows in place – no rebuild of a long list on every keystroke
            for row, (finding, text) in enumerate(zip(findings, shown, strict=True)):
                item = self.list.item(row)
                if finding != self.findings[row]:
                    item.setData(Qt.UserRole, finding)
                if text != self._shown[row]:
                    label = _("Error") if finding.is_error else _("Warning")
                    item.setText(f"{label}: {text}")
            self.findings, self._shown = findings, shown
            return self.findings
        keep = self.list.currentItem().data(Qt.UserRole) if self.list.currentItem() else None
        self.list.clear()
        self.findings, self._shown = findings, shown
        self.summary.setText(count_text(self.findings))
        font = self.summary.font()
        font.setBold(any(f.is_error for f in self.findings))
        self.summary.setFont(font)
        for finding in self.findings:
            label = (
                _("Error") if finding.is_error
                else _("Hint") if finding.severity is quality.Severity.HINT
                else _("Warning")
            )
            item = QListWidgetItem(f"{label}: {redact(finding.message)}")
            item.setData(Qt.UserRole, finding)
            item.setBackground(QBrush(ERROR_BG if finding.is_error else WARNING_BG))
            item.setToolTip(_("Double-click to go to the field."))
            self.list.addItem(item)
            if keep is not None and (finding.code, finding.item_id) == (keep.code, keep.item_id):
                self.list.setCurrentItem(item)
        return self.findings

    def _activated(self, item: QListWidgetItem) -> None:
        self.jump_requested.emit(item.data(Qt.UserRole))


def confirm_before_export(parent: QWidget | None, case: Case) -> bool:
    """Before a plan is printed or exported: True when it has no errors, or the chair goes on
    knowingly after seeing them (the export code calls this; no error is ever hidden)."""
    errors = [f for f in quality.check(case) if f.is_error]
    if not errors:
        return True
    redact = Redactor.for_person(case.person).text
    listing = "\n".join("• " + redact(f.message) for f in errors)
    answer = QMessageBox.warning(
        parent,
        _("The plan has errors"),
        _("The plan lacks what a SIP must show:\n\n{errors}\n\nExport it anyway?").format(
            errors=listing
        ),
        QMessageBox.Yes | QMessageBox.No,
        QMessageBox.No,
    )
    return answer == QMessageBox.Yes
