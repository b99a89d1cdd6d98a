"""Asks for the store's passphrase where no OS keyring is there to hold a key."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _
from sipdesk.model.store.keys import MIN_PASSPHRASE


class PassphraseDialog(QDialog):
    """Asks for a passphrase; `new` asks twice and checks the length. Title and text may be
    given for other uses (a backup's passphrase, a changed store passphrase)."""

    def __init__(
        self,
        new: bool,
        message: str = "",
        parent: QWidget | None = None,
        *,
        title: str = "",
        intro: str = "",
        minimum: int = MIN_PASSPHRASE,
    ) -> None:
        super().__init__(parent)
        self.new = new
        self.minimum = minimum
        self.setWindowTitle(
            title or (_("Unlock SipDesk") if not new else _("Protect the new store"))
        )
        layout = QVBoxLayout(self)
        intro = QLabel(
            intro
            or (
                _(
                    "No OS keyring is available on this computer, so your cases are protected by "
                    "a passphrase. Choose one of at least {n} characters and keep it safe: it "
                    "cannot be recovered, only a backup can help."
                ).format(n=MIN_PASSPHRASE)
                if new
                else _("Enter the passphrase that protects the cases on this computer.")
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.error = QLabel(message)
        self.error.setStyleSheet("color: #a00000;")
        self.error.setWordWrap(True)
        self.error.setVisible(bool(message))
        layout.addWidget(self.error)
        form = QFormLayout()
        self.passphrase = QLineEdit(echoMode=QLineEdit.Password)
        self.passphrase.setAccessibleName(_("Passphrase"))
        form.addRow(_("&Passphrase:"), self.passphrase)
        self.repeat = QLineEdit(echoMode=QLineEdit.Password)
        self.repeat.setAccessibleName(_("Repeat the passphrase"))
        if new:
            form.addRow(_("&Repeat:"), self.repeat)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def _check(self) -> None:
        value = self.passphrase.text()
        if self.new and len(value) < self.minimum:
            self._show(
                _("Choose a passphrase of at least {n} characters.").format(n=self.minimum)
            )
        elif self.new and value != self.repeat.text():
            self._show(_("The passphrases differ."))
        elif not value:
            self._show(_("Enter the passphrase."))
        else:
            self.accept()

    def _show(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    @classmethod
    def get_passphrase(
        cls, parent: QWidget | None, new: bool, message: str = "", **texts
    ) -> tuple[str, bool]:
        dialog = cls(new, message, parent, **texts)
        ok = dialog.exec() == QDialog.Accepted
        return (dialog.passphrase.text() if ok else ""), ok
