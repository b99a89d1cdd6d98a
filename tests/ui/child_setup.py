"""What a window script run in its own process sets up first: its folders under `data`, an
in-memory keyring (never the OS's), no passphrase from the caller, Swedish, one QApplication."""

from __future__ import annotations

import os
from pathlib import Path


def prepare(data: Path):
    """The QApplication of a fresh window process whose files all live under `data`."""
    os.environ["SIPDESK_HOME"] = str(data / "home")
    os.environ["SIPDESK_CONFIG"] = str(data / "settings.json")
    os.environ.pop("SIPDESK_PASSPHRASE", None)
    import keyring
    from PySide6.QtWidgets import QApplication

    from sipdesk import i18n
    from tests.conftest import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    app = QApplication.instance() or QApplication([])
    i18n.set_language("sv")
    return app
