"""The participants' top-level window: the LiveView, full screen on the room's display."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from sipdesk.i18n import _
from sipdesk.ui.live.view import LiveView


class LiveWindow(QWidget):
    """Holds the view; never takes keyboard focus from the chair's editor when it appears."""

    closed = Signal()

    def __init__(self) -> None:
        super().__init__(None, Qt.Window)
        # no name in the title: the taskbar and window switcher are on the chair's screen too
        self.setWindowTitle(_("SipDesk – shared screen"))
        self.setAttribute(Qt.WA_ShowWithoutActivating)
        # full screen activates a window whatever the attribute says (STACK-NOTES): tell the
        # window system it takes no focus at all; the controller also hands it back
        self.setWindowFlag(Qt.WindowDoesNotAcceptFocus, True)
        self.setFocusPolicy(Qt.NoFocus)
        self.view = LiveView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(1280, 720)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().closeEvent(event)
        self.closed.emit()
