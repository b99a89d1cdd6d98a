"""The print set dialog: what will be printed, in order, with the plan's defaults – a checkbox and
a copy count per document – then "Print…" (the system print dialog, once) or "Save as PDFs…"."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sipdesk.export.printset import PrintItem
from sipdesk.i18n import _, ngettext

PRINT, SAVE = 1, 2  # what the chair chose (the dialog's result code)


class PrintSetDialog(QDialog):
    """Lists the print set; `items()` returns it as the chair left it."""

    def __init__(
        self,
        items: list[PrintItem],
        *,
        protected: bool,
        has_printer: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Print at the meeting"))
        self._items = list(items)
        self._has_printer = has_printer
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Everything below goes to the printer in this order, after one print dialog. "
                "Each party's copy is marked on every page with whom it is for."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid = QGridLayout()
        grid.addWidget(QLabel("<b>" + _("Document") + "</b>"), 0, 0)
        grid.addWidget(QLabel("<b>" + _("Copies") + "</b>"), 0, 1)
        self.checks: list[QCheckBox] = []
        self.counts: list[QSpinBox] = []
        for row, item in enumerate(self._items, start=1):
            check = QCheckBox(item.label)
            check.setChecked(item.enabled)
            count = QSpinBox()
            count.setRange(1, 20)
            count.setValue(max(1, item.copies))
            count.setEnabled(item.enabled)
            check.toggled.connect(count.setEnabled)
            check.toggled.connect(self._update)
            count.valueChanged.connect(self._update)
            grid.addWidget(check, row, 0)
            grid.addWidget(count, row, 1)
            self.checks.append(check)
            self.counts.append(count)
        grid.setColumnStretch(0, 1)
        layout.addLayout(grid)

        self.summary = QLabel()
        layout.addWidget(self.summary)
        if protected:
            warning = QLabel(
                _(
                    "Protected personal data: every printout holds protected data. Keep the "
                    "papers under the manual routine – locked away and apart, handed over in "
                    "person, never left at the printer. The marks name no one but the pseudonym."
                )
            )
            warning.setWordWrap(True)
            warning.setStyleSheet("color: #a00000; font-weight: bold;")
            layout.addWidget(warning)
        if not has_printer:
            none = QLabel(
                _("No printer is installed on this computer. Save the set as PDFs instead.")
            )
            none.setWordWrap(True)
            none.setStyleSheet("font-weight: bold;")
            layout.addWidget(none)

        buttons = QDialogButtonBox()
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setDefault(True)
        self.save_button = QPushButton(_("Save as PDFs…"))
        buttons.addButton(self.print_button, QDialogButtonBox.AcceptRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ActionRole)
        buttons.addButton(QDialogButtonBox.Cancel)
        self.print_button.clicked.connect(lambda: self.done(PRINT))
        self.save_button.clicked.connect(lambda: self.done(SAVE))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self._update()

    def items(self) -> list[PrintItem]:
        return [
            replace(item, enabled=check.isChecked(), copies=count.value())
            for item, check, count in zip(self._items, self.checks, self.counts, strict=True)
        ]

    def _update(self) -> None:
        chosen = [i for i in self.items() if i.enabled]
        n = sum(i.copies for i in chosen)
        self.summary.setText(ngettext("{n} document to print.", "{n} documents to print.", n).format(n=n))
        self.print_button.setEnabled(bool(chosen) and self._has_printer)
        self.save_button.setEnabled(bool(chosen))
