"""Composition root for the GUI: QApplication, translators, unlocking the store, the main window."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

from sipdesk import i18n
from sipdesk.i18n import _

log = logging.getLogger(__name__)


def _needs_offscreen() -> bool:
    """Without a display Qt aborts the process; fall back to offscreen rather than crash."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def install_translators(app) -> list:
    """Qt's own dialogs (Spara/Avbryt, Ja/Nej) in the interface language."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    QLocale.setDefault(QLocale(QLocale.Swedish if i18n.language() == "sv" else QLocale.English))
    translators = []
    path = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    for name in ("qtbase",):
        tr = QTranslator(app)
        if tr.load(f"{name}_{i18n.language()}", path):
            app.installTranslator(tr)
            translators.append(tr)
    return translators


def unlock_store(data_dir: Path, parent=None, create: bool = True):
    """Open the store, asking for the passphrase in a dialog where there is no keyring.

    Returns the Store, or None when the chair cancels. A wrong passphrase asks again.
    """
    from PySide6.QtWidgets import QMessageBox

    from sipdesk.model.store import PassphraseRequired, StoreKeyError, WrongKey, open_store

    message = ""

    def prompt(new: bool) -> str | None:
        from sipdesk.ui.dialogs.passphrase import PassphraseDialog  # only when it is asked for

        value, ok = PassphraseDialog.get_passphrase(parent, new, message)
        return value if ok else None

    from sipdesk.model.store import StoreFault

    while True:
        try:
            # a store is made only by the first-run flow (or the demo): never over a missing
            # or empty database where a store was (issue 21)
            return open_store(data_dir, prompt, create=create)
        except StoreFault as exc:
            QMessageBox.critical(parent, _("SipDesk"), str(exc))
            return None
        except WrongKey as exc:
            if os.environ.get("SIPDESK_PASSPHRASE"):
                QMessageBox.critical(parent, _("SipDesk"), str(exc))
                return None
            message = str(exc)
        except PassphraseRequired:
            return None
        except StoreKeyError as exc:
            QMessageBox.critical(parent, _("SipDesk"), str(exc))
            return None


def _has_store(data_dir: Path) -> bool:
    from sipdesk.model.store import store_present

    return store_present(data_dir)


def run_gui(data_dir: Path, seed_demo: bool = False) -> int:
    if _needs_offscreen():
        print(_("No display found; starting without a window (offscreen)."), file=sys.stderr)
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from sipdesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SipDesk")
    app.setOrganizationName("SipDesk")
    install_translators(app)
    welcome = None
    if not seed_demo and not _has_store(data_dir) and not os.environ.get("SIPDESK_EXIT_WHEN_SHOWN"):
        from sipdesk.ui.everyday.welcome import first_run  # issue 9: the first start

        welcome = first_run(data_dir)
        if welcome is None:
            return 1
        data_dir, seed_demo, _choice = welcome
    store = unlock_store(data_dir)
    if store is None:
        return 1
    from sipdesk.model.store import StoreFault

    try:
        store.hold_writer()  # one writer per store: a second window is told who holds it
    except StoreFault as exc:
        from PySide6.QtWidgets import QMessageBox

        store.close()
        QMessageBox.critical(None, _("SipDesk"), str(exc))
        return 1
    if welcome is not None:
        from sipdesk.ui.everyday.welcome import apply_choice

        if error := apply_choice(store, welcome[2]):
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(None, _("SipDesk"), error)
    if seed_demo:
        from sipdesk import paths
        from sipdesk.model import cases

        cases.seed_demo(store, paths.demo_plans_dir())
    # the filled list first; the features' menus and imports right after its first frame
    window = MainWindow(store, defer_features=True)
    window.show()
    if exit_when := os.environ.get("SIPDESK_EXIT_WHEN_SHOWN"):
        # for start-up benchmarks: leave once the first frame with the filled list is drawn
        # ("features": once the features' menus are installed after it)
        (window.features_ready if exit_when == "features" else window.first_frame).connect(app.quit)
    else:
        # the ORM is not needed to show the list; load it while the chair looks at the window
        threading.Thread(target=store.warm_up, name="warm-up", daemon=True).start()
    return app.exec()
