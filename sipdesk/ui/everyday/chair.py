"""The chair's own name, title and organisation: kept in the encrypted store's preferences
(never in the settings file) and used in invitations and on signatures."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from sipdesk.i18n import _
from sipdesk.model.store import Store

CHAIR_KEYS = (
    "chair.name",
    "chair.title",
    "chair.organisation",
    "chair.phone",  # how invitees reach the convener (printed in the invitation)
    "chair.email",
)


def read_chair(store: Store) -> dict[str, str]:
    return {key: store.get_preference(key) for key in CHAIR_KEYS}


def save_chair(store: Store, values: dict[str, str]) -> None:
    """Store the chair's details, trimmed; keys other than CHAIR_KEYS are refused."""
    for key, value in values.items():
        if key not in CHAIR_KEYS:
            raise KeyError(key)
        store.set_preference(key, value.strip())


def create_identity(store: Store, values: dict[str, str]) -> str | None:
    """Make the self-signed signing identity from the chair's details; returns an error text."""
    from sipdesk.export import identity

    try:
        if identity.load(store) is None:
            identity.create_self_signed(
                store, values["chair.name"], values["chair.title"], values["chair.organisation"]
            )
    except identity.IdentityError as exc:
        return str(exc)
    return None


class ChairFields(QFormLayout):
    """Three fields for the chair's name, title and organisation (shared by two dialogs)."""

    def __init__(self, values: dict[str, str] | None = None) -> None:
        super().__init__()
        values = values or {}
        self.name = QLineEdit(values.get("chair.name", ""))
        self.name.setPlaceholderText(_("e.g. Anna Berg"))
        self.title = QLineEdit(values.get("chair.title", ""))
        self.title.setPlaceholderText(_("e.g. SIP coordinator"))
        self.organisation = QLineEdit(values.get("chair.organisation", ""))
        self.organisation.setPlaceholderText(_("e.g. Exempelby kommun, socialtjänsten"))
        self.addRow(_("Your &name:"), self.name)
        self.addRow(_("&Title:"), self.title)
        self.addRow(_("&Organisation:"), self.organisation)
        self.phone = QLineEdit(values.get("chair.phone", ""))
        self.phone.setPlaceholderText(_("e.g. 018-727 00 00 (printed in invitations)"))
        self.email = QLineEdit(values.get("chair.email", ""))
        self.email.setPlaceholderText(_("e.g. anna.berg@exempelby.se"))
        self.addRow(_("&Phone:"), self.phone)
        self.addRow(_("E-&mail:"), self.email)

    def values(self) -> dict[str, str]:
        return {
            "chair.name": self.name.text().strip(),
            "chair.title": self.title.text().strip(),
            "chair.organisation": self.organisation.text().strip(),
            "chair.phone": self.phone.text().strip(),
            "chair.email": self.email.text().strip(),
        }


class ChairDialog(QDialog):
    """File → Your name and title…: edits the three preferences; may make the identity."""

    def __init__(self, store: Store, parent=None) -> None:
        super().__init__(parent)
        from sipdesk.export import identity

        self.store = store
        self.setWindowTitle(_("Your name and title"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "Shown as the chair in invitations and in the signature of a signed plan. Kept "
                "in the encrypted store, never in the settings file."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.fields = ChairFields(read_chair(store))
        layout.addLayout(self.fields)
        try:
            has_identity = identity.load(store) is not None
        except identity.IdentityError:
            has_identity = True  # a damaged one is the certificate dialog's business
        self.make_identity = QCheckBox(_("Create my signing certificate now (self-signed)"))
        self.make_identity.setChecked(not has_identity)
        self.make_identity.setVisible(not has_identity)
        layout.addWidget(self.make_identity)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        values = self.fields.values()
        if self.make_identity.isChecked() and not values["chair.name"]:
            QMessageBox.warning(
                self,
                _("Your name and title"),
                _("Write your name first: the signing certificate is made out to it."),
            )
            self.fields.name.setFocus()
            return
        save_chair(self.store, values)
        if self.make_identity.isChecked():
            error = create_identity(self.store, values)
            if error:
                QMessageBox.warning(self, _("Your name and title"), error)
                return
        super().accept()
