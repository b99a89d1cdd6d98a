"""Small helpers for list widgets."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidget


def fit_rows(widget: QListWidget, rows: int, least: int = 3, most: int = 10) -> None:
    """Make `widget` exactly as high as `rows` rows (between `least` and `most`), so a short list
    shows whole rows and no half row hides behind a scroll bar."""
    shown = max(least, min(rows, most))
    row = widget.sizeHintForRow(0) if widget.count() else widget.fontMetrics().height() + 6
    widget.setFixedHeight(row * shown + 2 * widget.frameWidth() + 2)
