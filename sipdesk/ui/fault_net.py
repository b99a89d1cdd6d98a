"""The window's net under every action: a store fault raised by any menu action, dialog or
panel (a damaged page met by the figures, a full disk met by a backup, the store held by another
SipDesk …) reaches the chair as the fault's own message – what happened and what to do – instead
of a line on a terminal nobody reads. Faults are named in `sipdesk.model.store.faults`; anything
else is logged scrubbed (no personal data) as before, and the chair is told where the log is.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

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


def install() -> Callable[[], None]:
    """Route exceptions raised in the window's slots to a message box over the active window
    (after the usual scrubbed log entry). Returns the function that puts the old hook back."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, StoreFault | StoreLocked):
            log.info("store fault met by the window: %s", exc_type.__name__)
        else:
            previous(exc_type, exc, tb)  # logged, scrubbed; KeyboardInterrupt as Python does
            if issubclass(exc_type, KeyboardInterrupt):
                return
        QMessageBox.warning(QApplication.activeWindow(), _("SipDesk"), message_for(exc))

    sys.excepthook = hook

    def uninstall() -> None:
        if sys.excepthook is hook:
            sys.excepthook = previous

    return uninstall
