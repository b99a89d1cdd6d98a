"""Small dialogs for the meeting's quick actions: a disagreement, a rådrum, a samråd."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from sipdesk.i18n import _


class DisagreementDialog(QDialog):
    """Who disagrees, and about what."""

    def __init__(self, parent: QWidget | None, names: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Record a disagreement"))
        self.who = QComboBox()
        self.who.setEditable(True)
        self.who.addItems(names)
        self.who.setCurrentText("")
        self.who.setAccessibleName(_("Who disagrees"))
        self.about = QLineEdit()
        self.about.setAccessibleName(_("About what"))
        form = QFormLayout(self)
        form.addRow(QLabel(_("It goes into the plan, dated.")))
        form.addRow(_("Who"), self.who)
        form.addRow(_("About what"), self.about)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(460, 160)

    @classmethod
    def get_disagreement(cls, parent: QWidget | None, names: list[str]) -> tuple[tuple[str, str], bool]:
        dialog = cls(parent, names)
        ok = dialog.exec() == QDialog.Accepted
        return (dialog.who.currentText(), dialog.about.text()), ok


class NoteDialog(QDialog):
    """One line of text for a dated note (the new time after a rådrum, what samråd was offered)."""

    def __init__(self, parent: QWidget | None, title: str, prompt: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QLineEdit()
        self.text.setAccessibleName(prompt)
        form = QFormLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        form.addRow(label)
        form.addRow(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(460, 130)

    @classmethod
    def get_text(cls, parent: QWidget | None, title: str, prompt: str) -> tuple[str, bool]:
        dialog = cls(parent, title, prompt)
        ok = dialog.exec() == QDialog.Accepted
        return dialog.text.text(), ok
