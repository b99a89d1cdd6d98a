"""The window's first size: as large as designed, never larger than the screen's free area."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

DESIGNED = QSize(1300, 760)


def default_size(available: QRect, designed: QSize = DESIGNED) -> QSize:
    """`designed`, shrunk to fit `available` (the screen minus taskbar and panels) with a small
    margin for the window frame; a 1366×768 laptop with a 40 px taskbar gets at most 1346×708."""
    frame = 20
    return QSize(
        max(200, min(designed.width(), available.width() - frame)),
        max(200, min(designed.height(), available.height() - 2 * frame)),
    )


def fit_to_screen(window) -> None:
    screen = window.screen()
    if screen is None:
        window.resize(DESIGNED)
        return
    window.resize(default_size(screen.availableGeometry()))
