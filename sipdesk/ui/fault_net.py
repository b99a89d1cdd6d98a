"""The window's net under every action: a store fault raised by any menu action, dialog or
panel (a damaged page met by the figures, a full disk met by a backup, the store held by another
SipDesk …) reaches the chair as the fault's own message – what happened and what to do – instead
of a line on a terminal nobody reads. Faults are named in `sipdesk.model.store.faults`; anything
else is logged scrubbed (no personal data) as before, and the chair is told where the log is.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from sipdesk.i18n import _
from sipdesk.model.store import StoreFault, StoreLocked

log = logging.getLogger(__name__)


def message_for(exc: BaseException) -> str:
    """What the chair is told about `exc`: a store fault's own message, else where the log is."""
    if isinstance(exc, StoreFault | StoreLocked):
        return str(exc)
    from sipdesk.logs import log_file

    return _(
        "SipDesk met an error it did not expect ({kind}); what was saved is unchanged. Save "
        "your work, close SipDesk and start it again. The log has the details: {path}"
    ).format(kind=type(exc).__name__, path=log_file())


class _Messenger(QObject):
    """Made in the GUI thread: a fault met in a worker thread reaches the chair through a queued
    signal, so the message box is always made where widgets may be."""

    say = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.say.connect(self._show, Qt.QueuedConnection)

    def _show(self, text: str) -> None:
        QMessageBox.warning(QApplication.activeWindow(), _("SipDesk"), text)


def install() -> Callable[[], None]:
    """Route exceptions raised in the window's slots – and in its worker threads – to a message
    box over the active window (after the usual scrubbed log entry). Call in the GUI thread;
    returns the function that puts the old hooks back."""
    previous, previous_thread = sys.excepthook, threading.excepthook
    messenger = _Messenger()

    def tell(exc: BaseException) -> None:
        text = message_for(exc)
        if QThread.currentThread() is messenger.thread():
            messenger._show(text)
        else:
            messenger.say.emit(text)

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, StoreFault | StoreLocked):
            log.info("store fault met by the window: %s", exc_type.__name__)
        else:
            previous(exc_type, exc, tb)  # logged, scrubbed; KeyboardInterrupt as Python does
            if issubclass(exc_type, KeyboardInterrupt):
                return
        tell(exc)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if isinstance(args.exc_value, StoreFault | StoreLocked):
            log.info("store fault met by thread %s: %s", args.thread.name if args.thread else "?",
                     args.exc_type.__name__)  # fmt: skip
            tell(args.exc_value)
        else:
            previous_thread(args)

    sys.excepthook, threading.excepthook = hook, thread_hook

    def uninstall() -> None:
        if sys.excepthook is hook:
            sys.excepthook = previous
        if threading.excepthook is thread_hook:
            threading.excepthook = previous_thread
        messenger.deleteLater()

    return uninstall
