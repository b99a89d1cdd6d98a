"""What a chair would see as 'cut off' in a window: the checks behind tests/ui/test_layout_fits.py.

`problems(root)` walks every visible widget under `root` and names:
- a widget that reaches outside its parent's visible area (not counting the content of a scroll
  area, which scrolls);
- a button, check box or one-line label whose text does not fit its width, or a wrapped label
  whose lines do not fit its height;
- a horizontal scroll bar on a scroll area or view that the layout promises has none;
- a tab bar whose tabs scroll or are shortened;
- a table column narrower than its header's text.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QScrollBar,
    QTabBar,
    QTableView,
    QToolButton,
    QWidget,
)

SLACK = 2  # px: rounding at fractional scale factors


def _name(w: QWidget) -> str:
    text = ""
    for attr in ("text", "title", "placeholderText"):
        get = getattr(w, attr, None)
        if callable(get):
            try:
                value = get()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                text = value
                break
    chain = []
    p = w
    while p is not None and len(chain) < 4:
        chain.append(p.accessibleName() or p.objectName() or type(p).__name__)
        p = p.parentWidget()
    return f"{type(w).__name__} {text[:40]!r} in {' < '.join(chain[1:])}"


def _in_scroll_viewport(w: QWidget) -> bool:
    p = w.parentWidget()
    return p is not None and isinstance(p.parentWidget(), QAbstractScrollArea) and (
        p is p.parentWidget().viewport()
    )


def _visible_area(w: QWidget) -> QRect:
    """The part of `w` its ancestors show (widget coordinates)."""
    return w.visibleRegion().boundingRect()


def problems(root: QWidget, allow_hscroll: tuple[type, ...] = ()) -> list[str]:
    found: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or w.window() is not root.window():
            continue
        if w.width() <= 0 or w.height() <= 0:
            continue
        parent = w.parentWidget()
        if (
            parent is not None
            and w is not root
            and not w.isWindow()
            and not _in_scroll_viewport(w)
            and not isinstance(w, QScrollBar)
            and not isinstance(parent, QTabBar)
        ):
            g = w.geometry()
            inner = parent.rect()
            if (
                g.right() > inner.right() + SLACK
                or g.bottom() > inner.bottom() + SLACK
                or g.left() < -SLACK
                or g.top() < -SLACK
            ):
                found.append(f"outside its parent: {_name(w)} at {g.getRect()} in {inner.getRect()}")
        if isinstance(w, QAbstractButton) and not isinstance(w, QToolButton | QCheckBox | QRadioButton):
            if w.text() and w.sizeHint().width() > w.width() + SLACK:
                found.append(f"text cut: {_name(w)} needs {w.sizeHint().width()} has {w.width()}")
        if isinstance(w, QCheckBox | QRadioButton) and w.text():
            if w.sizeHint().width() > w.width() + SLACK:
                found.append(f"text cut: {_name(w)} needs {w.sizeHint().width()} has {w.width()}")
        if isinstance(w, QToolButton) and w.text() and w.toolButtonStyle() != 0:
            if w.sizeHint().width() > w.width() + SLACK:
                found.append(f"text cut: {_name(w)} needs {w.sizeHint().width()} has {w.width()}")
        if isinstance(w, QLabel) and w.text() and w.pixmap().isNull():
            if w.wordWrap():
                need = w.heightForWidth(w.width())
                if need > w.height() + SLACK:
                    found.append(f"lines cut: {_name(w)} needs {need} px high has {w.height()}")
            elif w.minimumSizeHint().width() > w.width() + SLACK and _visible_area(w).width() > 0:
                found.append(
                    f"text cut: {_name(w)} needs {w.minimumSizeHint().width()} has {w.width()}"
                )
            elif w.textFormat() != 1 and w.fontMetrics().height() > w.height() + SLACK:
                found.append(
                    f"text cut in height: {_name(w)} needs {w.fontMetrics().height()} has {w.height()}"
                )
        if isinstance(w, QComboBox) and w.currentText():
            if w.minimumSizeHint().width() > w.width() + SLACK:
                found.append(f"text cut: {_name(w)} needs {w.minimumSizeHint().width()} has {w.width()}")
        if isinstance(w, QScrollArea) and w.widget() is not None and w.widget().isVisible():
            inner, view = w.widget().width(), w.viewport().width()
            if inner > view + SLACK and not w.horizontalScrollBar().isVisible():
                found.append(f"content cut at the right: {_name(w)}: {inner} in {view}")
        if isinstance(w, QAbstractScrollArea) and not isinstance(w, allow_hscroll):
            if w.horizontalScrollBar().isVisible():
                found.append(f"horizontal scroll bar: {_name(w)}")
        if isinstance(w, QTabBar) and w.count() > 1:
            scrollers = [b for b in w.findChildren(QToolButton) if b.isVisible()]
            if scrollers:
                found.append(f"tabs scroll: {_name(w)}")
            for i in range(w.count()):
                if not w.isTabVisible(i) or w.tabRect(i).width() + SLACK >= w.tabSizeHint(i).width():
                    continue
                # a bar that shortens on purpose (elide mode set) may, while the start of each
                # title stays readable: four characters and the ellipsis
                readable = w.fontMetrics().horizontalAdvance(w.tabText(i)[:4] + "…") + 10
                if w.elideMode() == Qt.ElideNone or w.tabRect(i).width() < readable:
                    found.append(f"tab shortened: {w.tabText(i)!r} in {_name(w)}")
        if isinstance(w, QTableView) and w.model() is not None:
            header: QHeaderView = w.horizontalHeader()
            metrics = header.fontMetrics()
            for col in range(header.count()):
                if header.isSectionHidden(col):
                    continue
                title = str(w.model().headerData(col, header.orientation()) or "")
                need = metrics.horizontalAdvance(title) + 6  # the text and a little margin
                if header.sectionSize(col) + SLACK < need:
                    found.append(
                        f"column cut: {title!r} in {_name(w)}: {header.sectionSize(col)} < {need}"
                    )
                if col in (w.property("may_elide_columns") or []):
                    continue
                if w.wordWrap() and col in (w.property("wraps_columns") or []):
                    continue  # the text wraps onto more lines (rows sized to their contents)
                if w.model().rowCount() and w.sizeHintForColumn(col) > header.sectionSize(col) + SLACK:
                    found.append(
                        f"cell text cut: column {title!r} in {_name(w)} needs "
                        f"{w.sizeHintForColumn(col)} has {header.sectionSize(col)}"
                    )
    return found


__all__ = ["problems", "QPushButton"]
