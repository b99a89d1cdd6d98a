"""Composition root for the GUI: QApplication, translators, unlocking the store, the main window."""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path

from sipdesk import i18n, startup
from sipdesk.i18n import N_, _

log = logging.getLogger(__name__)


def no_display() -> bool:
    """True on Linux/BSD with neither X11 nor Wayland and no platform chosen explicitly: Qt would
    abort there. Offscreen is only used when QT_QPA_PLATFORM asks for it (the tests do)."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def invisible_platform() -> bool:
    """QT_QPA_PLATFORM names a platform nobody can see (offscreen, minimal): a dialog there would
    wait for ever."""
    return os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal")


NO_DISPLAY = N_(
    "No display found, so SipDesk's window cannot open (over SSH or on a server?).\n"
    "Use the command line instead, for example:\n"
    "  sipdesk demo --no-gui   make the demo store and print its folder\n"
    "  sipdesk --data-dir FOLDER list   list the cases of the store in FOLDER\n"
    "  sipdesk --help   every command\n"
    "(Only for tests: QT_QPA_PLATFORM=offscreen starts an invisible window.)"
)


class SigintCloser:
    """Ctrl+C in the terminal closes SipDesk the way File → Quit does, saving first.

    Python runs a signal handler only between its own bytecodes, never while Qt waits in C++; a
    short timer gives it that moment. The handler replaces Python's default, which raised
    KeyboardInterrupt inside whatever Qt callback happened to run (and once swallowed the OK of
    the unlock dialog). A modal dialog that is open is cancelled first; then the main window is
    closed (its closeEvent saves), then the event loop ends.
    """

    def __init__(self, app) -> None:
        import signal

        from PySide6.QtCore import QTimer

        self.app = app
        self.window = None
        self.requested = False
        self._previous = signal.signal(signal.SIGINT, self._on_signal)
        self.timer = QTimer(app)
        self.timer.setInterval(200)
        self.timer.timeout.connect(lambda: None)  # wakes the interpreter
        self.timer.start()

    def _on_signal(self, _signum, _frame) -> None:
        from PySide6.QtCore import QTimer

        self.requested = True
        QTimer.singleShot(0, self.close)

    def close(self) -> None:
        from PySide6.QtWidgets import QApplication, QDialog

        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog):
            modal.reject()  # returns from its exec(); the caller sees a cancel
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self.close)
            return
        if self.window is not None and self.window.isVisible():
            self.window.close()  # saves; may refuse when the save failed and the chair says no
            if self.window.isVisible():
                return
        self.app.quit()

    def uninstall(self) -> None:
        import signal

        self.timer.stop()
        signal.signal(signal.SIGINT, self._previous)


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
        startup.resume()  # the chair is asked: the start-up's pause is over
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


def run_gui(data_dir: Path, seed_demo: bool = False, from_terminal: bool = False) -> int:
    """The window. `from_terminal`: started by the `sipdesk` command, so an invisible platform
    (QT_QPA_PLATFORM=offscreen) must never wait on a dialog or for ever on a window."""
    if no_display():
        print(_(NO_DISPLAY), file=sys.stderr)
        return 1
    invisible = from_terminal and invisible_platform()
    if invisible and not seed_demo and not _has_store(data_dir):
        print(
            _(
                "There is no store in {path} yet and the welcome cannot be shown on an invisible "
                "platform ({platform}). Start SipDesk on a screen, or use `sipdesk demo --no-gui`."
            ).format(path=data_dir, platform=os.environ.get("QT_QPA_PLATFORM")),
            file=sys.stderr,
        )
        return 1
    from sipdesk.model.store.keys import prepare_keyring

    prepare_keyring(data_dir)  # before PySide (see there)
    from PySide6.QtWidgets import QApplication

    from sipdesk.ui import pyside_hook

    pyside_hook.lighten()  # before the window's modules are imported (see there)
    from sipdesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SipDesk")
    app.setOrganizationName("SipDesk")
    install_translators(app)
    closer = SigintCloser(app) if from_terminal else None
    uninstall_net = lambda: None  # noqa: E731 - no box unseen: no net on an invisible platform
    if not invisible:
        from sipdesk.ui import fault_net

        uninstall_net = fault_net.install()
    try:
        return _run(app, data_dir, seed_demo, invisible, closer, MainWindow)
    finally:
        startup.thaw()
        uninstall_net()
        if closer is not None:
            closer.uninstall()


def _run(app, data_dir: Path, seed_demo: bool, invisible: bool, closer, window_class) -> int:
    welcome = None
    if not seed_demo and not _has_store(data_dir) and not os.environ.get("SIPDESK_EXIT_WHEN_SHOWN"):
        from sipdesk.ui.everyday.welcome import first_run  # issue 9: the first start

        startup.resume()
        welcome = first_run(data_dir)
        if welcome is None:
            return 1
        data_dir, seed_demo, _choice = welcome
    store = _unlock_invisibly(data_dir) if invisible else unlock_store(data_dir)
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
    window = window_class(store, defer_features=True)
    # the collector paused for the start (sipdesk.startup): on again at the first frame, and the
    # start-up's objects given back to it once the features are installed
    window.first_frame.connect(startup.resume)
    window.features_ready.connect(startup.thaw)
    window.show()
    if closer is not None:
        closer.window = window
    exit_when = os.environ.get("SIPDESK_EXIT_WHEN_SHOWN")
    if exit_when:
        # for start-up benchmarks: leave once the first frame with the filled list is drawn
        # ("features": once the features' menus are installed after it) – on an invisible
        # platform too, which draws its frames all the same
        from PySide6.QtCore import QTimer

        (window.features_ready if exit_when == "features" else window.first_frame).connect(app.quit)
        QTimer.singleShot(30_000, app.quit)  # never waits for ever on a frame not drawn
    elif invisible:
        from PySide6.QtCore import QTimer

        print(
            _(
                "SipDesk started on the invisible platform {platform} and closed again; "
                "without a screen use the command line: sipdesk --data-dir {path} list "
                "(sipdesk --help: every command)."
            ).format(platform=os.environ.get("QT_QPA_PLATFORM"), path=data_dir),
            file=sys.stderr,
        )
        QTimer.singleShot(0, window.close)  # saves and closes the store, as File → Quit
        QTimer.singleShot(0, app.quit)
    else:
        # the ORM is not needed to show the list; load it while the chair looks at the window
        threading.Thread(target=store.warm_up, name="warm-up", daemon=True).start()
    return app.exec()


def _unlock_invisibly(data_dir: Path):
    """Open the store with no dialog: keyring, SIPDESK_PASSPHRASE or the terminal."""
    from sipdesk.model.store import PassphraseRequired, StoreKeyError, WrongKey, open_store

    def prompt(new: bool) -> str | None:
        if not sys.stdin.isatty():
            return None
        from sipdesk.cli import _prompt_passphrase

        return _prompt_passphrase(new)

    try:
        return open_store(data_dir, prompt)
    except PassphraseRequired:
        print(
            _(
                "The store needs its passphrase and no dialog can be shown on the invisible "
                "platform: set SIPDESK_PASSPHRASE, or run at a terminal."
            ),
            file=sys.stderr,
        )
    except (StoreKeyError, WrongKey) as exc:
        print(str(exc), file=sys.stderr)
    return None
