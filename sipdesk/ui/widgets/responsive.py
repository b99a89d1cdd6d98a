"""A splitter that puts its panes under each other when they do not fit side by side.

Part 3 (needs beside goals) and part 4 (summary beside read-back) are two columns on a wide
screen; at 1366×768 with 125–150 % scaling the columns would need a horizontal scroll bar and cut
buttons (issue 18). Below the width both panes need side by side, the panes stack instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QSplitter, QWidget


def _min_width(widget: QWidget) -> int:
    """What a pane needs in width; for a scroll area that does not scroll sideways, its content's."""
    own = max(widget.minimumSizeHint().width(), widget.minimumWidth())
    if isinstance(widget, QScrollArea) and widget.widget() is not None:
        if widget.horizontalScrollBarPolicy() == Qt.ScrollBarAlwaysOff:
            inner = widget.widget().minimumSizeHint().width()
            frame = 2 * widget.frameWidth() + widget.verticalScrollBar().sizeHint().width()
            own = max(own, inner + frame)
    return own


class ResponsiveSplitter(QSplitter):
    def __init__(self, min_side_by_side: int = 0, parent=None) -> None:
        super().__init__(Qt.Horizontal, parent)
        self.min_side_by_side = min_side_by_side
        self.setChildrenCollapsible(False)

    def side_by_side_width(self) -> int:
        """The narrowest width at which the panes still fit beside each other."""
        needed = sum(_min_width(self.widget(i)) for i in range(self.count()))
        return max(self.min_side_by_side, needed + self.handleWidth() * (self.count() - 1))

    def minimumSizeHint(self):  # noqa: N802 - Qt name
        # never ask for the side-by-side width: the panes stack when it is not there
        hint = super().minimumSizeHint()
        if self.orientation() == Qt.Horizontal:
            widest = max((_min_width(self.widget(i)) for i in range(self.count())), default=0)
            hint.setWidth(widest)
        return hint

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        for i in range(self.count()):  # a pane that does not scroll sideways: never narrower
            pane = self.widget(i)
            if isinstance(pane, QScrollArea) and pane.widget() is not None:
                pane.setMinimumWidth(0)
                pane.setMinimumWidth(_min_width(pane))
        wanted = Qt.Horizontal if event.size().width() >= self.side_by_side_width() else Qt.Vertical
        if wanted != self.orientation():
            self.setOrientation(wanted)
        super().resizeEvent(event)
