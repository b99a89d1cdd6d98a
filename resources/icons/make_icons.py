"""Render the application icon from sipdesk.svg: PNGs for Linux and an .ico for Windows.

    QT_QPA_PLATFORM=offscreen .venv/bin/python resources/icons/make_icons.py
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = (16, 32, 48, 64, 128, 256)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(HERE / "sipdesk.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format_ARGB32)
        image.fill(Qt.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.Antialiasing)
        renderer.render(painter)
        painter.end()
        if size < 256:
            image.save(str(HERE / f"sipdesk-{size}.png"))
        else:
            image.save(str(HERE / "sipdesk.png"))
            image.save(str(HERE / "sipdesk.ico"))  # Qt's ico plugin; one 256 px image
    print("icons written to", HERE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
