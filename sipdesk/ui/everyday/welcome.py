"""The first start: three short steps on where the data is kept and how it is protected, the
chair's name for signatures, and a way straight into the demo.

Shown when there is no store yet in the data folder, before the store (and its key) is made, so
the chair knows why a passphrase may be asked for next.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from sipdesk.i18n import _
from sipdesk.ui.everyday.chair import ChairFields


def keyring_usable() -> bool:
    """Whether the new store's key can go in the OS keyring (else a passphrase is asked for).

    Only looks at the chosen backend; nothing is written. SIPDESK_PASSPHRASE forces a passphrase,
    as it does when the store is made."""
    if os.environ.get("SIPDESK_PASSPHRASE") is not None:
        return False
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception:  # noqa: BLE001 - a broken keyring set-up means: no keyring
        return False
    return not isinstance(backend, fail.Keyring) and type(backend).__name__ != "NullKeyring"


@dataclass
class FirstRunChoice:
    """What the chair chose on the welcome page."""

    demo: bool = False
    chair: dict[str, str] = field(default_factory=dict)
    make_identity: bool = False


class WelcomeDialog(QDialog):
    """Accepted with `choice` filled in; rejected = quit without making anything."""

    def __init__(self, data_dir: Path, keyring: bool | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Welcome to SipDesk"))
        self.choice = FirstRunChoice()
        keyring = keyring_usable() if keyring is None else keyring
        layout = QVBoxLayout(self)
        title = QLabel("<h2>" + _("Welcome to SipDesk") + "</h2>")
        layout.addWidget(title)

        steps = [
            (
                _("1. Your cases stay on this computer"),
                _(
                    "Everything is kept in one encrypted database in this folder, and nowhere "
                    "else – nothing is sent over the network:\n{path}"
                ).format(path=data_dir),
            ),
            (
                _("2. How it is protected"),
                _(
                    "The key to the database is kept in the computer's keyring (Windows: "
                    "Credential Manager), which opens when you log in. Make a backup now and "
                    "then (File → Back up)."
                )
                if keyring
                else _(
                    "This computer has no keyring SipDesk can use, so you choose a passphrase "
                    "next. It is asked for at each start. Nobody can open the cases without it – "
                    "not even support – so write it down and keep it safe."
                ),
            ),
            (
                _("3. Your name on plans and signatures"),
                _(
                    "Write your name, title and organisation as they should stand in invitations "
                    "and in the signature of a signed plan (you can change them later under "
                    "File → Your name and title)."
                ),
            ),
        ]
        for heading, text in steps:
            box = QGroupBox(heading)
            inner = QVBoxLayout(box)
            label = QLabel(text)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextSelectableByMouse)
            inner.addWidget(label)
            layout.addWidget(box)
            last = inner
        self.fields = ChairFields()
        last.addLayout(self.fields)
        self.make_identity = QCheckBox(_("Create my signing certificate now (self-signed)"))
        self.make_identity.setChecked(True)
        last.addWidget(self.make_identity)

        buttons = QDialogButtonBox()
        self.demo_button = QPushButton(_("Try the &demo first"))
        self.demo_button.setToolTip(
            _("Five invented cases in a store of their own, apart from your real cases.")
        )
        self.start_button = QPushButton(_("&Start with my own cases"))
        buttons.addButton(self.demo_button, QDialogButtonBox.ActionRole)
        buttons.addButton(self.start_button, QDialogButtonBox.AcceptRole)
        buttons.addButton(QDialogButtonBox.Cancel)
        # Enter anywhere (after typing one's name above all) means "my own cases", never the
        # demo: only the start button may be the default (issue 18)
        for button in buttons.buttons():
            button.setAutoDefault(False)
        self.start_button.setAutoDefault(True)
        self.start_button.setDefault(True)
        for edit in (self.fields.name, self.fields.title, self.fields.organisation):
            edit.returnPressed.connect(self.start_button.click)
        self.demo_button.clicked.connect(self.open_demo)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.fields.name.setFocus()

    def open_demo(self) -> None:
        self.choice.demo = True
        self.choice.chair = self.fields.values()
        self.choice.make_identity = False  # a signed export in the demo makes its own identity
        super().accept()

    def accept(self) -> None:
        values = self.fields.values()
        if self.make_identity.isChecked() and not values["chair.name"]:
            QMessageBox.information(
                self,
                _("Welcome to SipDesk"),
                _(
                    "Write your name to create the signing certificate, or untick the box to make "
                    "it later."
                ),
            )
            self.fields.name.setFocus()
            return
        self.choice.chair = values
        self.choice.make_identity = self.make_identity.isChecked()
        super().accept()


def apply_choice(store, choice: FirstRunChoice) -> str | None:
    """Save the chair's details in the (new) store and make the identity; an error text or None."""
    from sipdesk.ui.everyday.chair import create_identity, save_chair

    if any(choice.chair.values()):
        save_chair(store, choice.chair)
    if choice.make_identity:
        return create_identity(store, choice.chair)
    return None


def first_run(data_dir: Path, parent=None) -> tuple[Path, bool, FirstRunChoice] | None:
    """Show the welcome when `data_dir` holds no store yet.

    Returns (the store folder to open, whether to fill it with the demo, the choice), or None
    when the chair cancelled. The demo gets a store of its own in `demo/` inside the data folder,
    so invented cases never mix with real ones; the welcome shows again until a real store exists.
    """
    dialog = WelcomeDialog(data_dir, parent=parent)
    if dialog.exec() != QDialog.Accepted:
        return None
    choice = dialog.choice
    if choice.demo:
        return data_dir / "demo", True, choice
    return data_dir, False, choice
