"""The audit trail of one case for the chair: when, by which OS user, what was done."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _, format_short_date, format_time
from sipdesk.model.store import AuditEntry


class AuditDialog(QDialog):
    def __init__(
        self, case_id: int, entries: list[AuditEntry], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Audit trail – case {id}").format(id=case_id))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Everything done to this case on this computer, kept in the encrypted store. "
                "Names are never written here – only the case number."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(entries), 3)
        self.table.setHorizontalHeaderLabels([_("When"), _("OS user"), _("What")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(_("Audit trail"))
        for row, e in enumerate(entries):
            when = f"{format_short_date(e.at.date())} {format_time(e.at.time())}"
            what = f"{e.label} ({_detail(e.detail)})" if e.detail else e.label
            for col, text in enumerate((when, e.os_user, what)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 420)

    def rows(self) -> list[list[str]]:
        return [
            [self.table.item(r, c).text() for c in range(3)] for r in range(self.table.rowCount())
        ]


def _detail(detail: str) -> str:
    """A stored code in the detail (a closing reason such as goals_met) in the interface language."""
    from sipdesk.model.enums import ClosingReason

    try:
        return ClosingReason(detail).label
    except ValueError:
        return detail
