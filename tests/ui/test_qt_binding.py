"""The Qt binding keeps Python's None intact (PySide6 6.12.0 on Python 3.11 did not).

Such a build aborts the process after a few thousand Qt calls ("deallocating None") – a crash in
the middle of a meeting. pyproject.toml keeps it out; these tests say so loudly if it comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QComboBox, QListWidget, QWidget


def test_qt_calls_returning_none_keep_the_reference_count_of_none(qtbot):
    box, rows = QComboBox(), QListWidget()
    qtbot.addWidget(box)
    qtbot.addWidget(rows)
    box.addItem("no data")
    before = sys.getrefcount(None)
    for _ in range(500):
        QApplication.focusWidget() if QApplication.focusWidget() is None else None
        box.itemData(0)
        rows.currentItem()
    # a binding that drops a reference per call loses 1500 here; a few either way is noise
    assert sys.getrefcount(None) - before > -50


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
    assert sys.getrefcount(None) - before > -50
