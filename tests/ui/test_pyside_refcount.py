"""Guard against a PySide6 build that drops references to None (6.12.0 under Python < 3.12).

Such a build aborts the process after a few thousand Qt calls ("deallocating None") – a crash in
the middle of a meeting. pyproject.toml keeps it out; this test says so loudly if it comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QWidget


def test_void_qt_calls_keep_none_alive(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    image = QImage(16, 16, QImage.Format_ARGB32)
    painter = QPainter(image)
    color = QColor("red")
    before = sys.getrefcount(None)
    for _ in range(200):
        widget.setObjectName("x")
        painter.setPen(color)
    painter.end()
    # a healthy binding leaves None's count where it was (give or take a stray reference)
    assert sys.getrefcount(None) - before > -50
