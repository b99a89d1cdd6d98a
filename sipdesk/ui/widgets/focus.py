"""The field with the cursor is always in sight: when focus moves into a widget inside a scroll
area (a shortcut such as Ctrl+Shift+G, a jump from the plan check, Tab), the area scrolls to it.

Qt scrolls only for Tab; a field focused by code could sit below the fold while the chair types
into it (issue 18). Installed once per application as a feature (sipdesk/ui/features.py).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QScrollArea, QWidget

MARGIN = 12


def reveal(widget: QWidget) -> None:
    """Scroll every scroll area holding `widget` so that it is visible (innermost first)."""
    try:
        import shiboken6

        if not shiboken6.isValid(widget) or not widget.isVisible():
            return
    except ImportError:  # pragma: no cover - shiboken6 comes with PySide6
        pass
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and not isinstance(parent, QAbstractItemView):
            content = parent.widget()
            if content is not None and content.isAncestorOf(widget):
                parent.ensureWidgetVisible(widget, MARGIN, MARGIN)
        parent = parent.parentWidget()


def _focus_changed(_old: QWidget | None, new: QWidget | None) -> None:
    if new is not None:
        # after the layout has settled: a new row's editor page is shown in the same event
        QTimer.singleShot(0, lambda: reveal(new))


def install(window) -> None:
    app = QApplication.instance()
    if app is None or app.property("sipdesk_reveal_focus"):
        return
    app.setProperty("sipdesk_reveal_focus", True)
    app.focusChanged.connect(_focus_changed)
