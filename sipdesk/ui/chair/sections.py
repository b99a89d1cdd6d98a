"""A list of rows with a form for the chosen row: invitees, consents, needs, long-term goals.

The list shows plain (id, label) snapshots rebuilt from the model on every change; the form's
fields read and write the chosen row through the binder. Add, delete and move go through the
controller, so each is one undo step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _
from sipdesk.model.changes import Change
from sipdesk.model.entities import Case, Meeting
from sipdesk.ui.controller import Controller
from sipdesk.ui.widgets.fields import Binder


class RowList(QListWidget):
    """A list of (id, label) rows that keeps the chosen row by id across refreshes."""

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        keep = self.current_id()
        if [(self.item(i).data(Qt.UserRole), self.item(i).text()) for i in range(self.count())] == rows:
            return
        self.blockSignals(True)
        self.clear()
        for item_id, label in rows:
            item = QListWidgetItem(label or "—")
            item.setData(Qt.UserRole, item_id)
            self.addItem(item)
        self.blockSignals(False)
        if keep is not None and not self.select_id(keep) and self.count():
            self.setCurrentRow(min(self.count() - 1, 0))
        elif keep is None and self.count():
            self.setCurrentRow(0)
        self.currentItemChanged.emit(self.currentItem(), None)

    def current_id(self) -> str | None:
        item = self.currentItem()
        return item.data(Qt.UserRole) if item else None

    def select_id(self, item_id: str) -> bool:
        for i in range(self.count()):
            if self.item(i).data(Qt.UserRole) == item_id:
                self.setCurrentRow(i)
                return True
        return False


class RowSection(QWidget):
    """Title, list, form and buttons for one kind of row. Subclasses fill in the model calls."""

    selection_changed = Signal(object)
    AREA = "row"

    def __init__(self, controller: Controller, binder: Binder, title: str, add_label: str) -> None:
        super().__init__()
        self.controller = controller
        self.binder = binder
        self.title = QLabel(f"<b>{title}</b>")
        self.list = RowList()
        self.list.setAccessibleName(title)
        self.list.setMaximumHeight(150)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._chosen)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.add_button = QPushButton(add_label)
        self.add_button.clicked.connect(self.add)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setAccessibleName(_("Delete the chosen row"))
        self.delete_button.clicked.connect(self.delete)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        layout.addLayout(self.form)
        self.first_field: QWidget | None = None
        controller.changed.connect(self.refresh)

    # subclasses -------------------------------------------------------------------------

    def rows(self) -> list[tuple[str, str]]:
        raise NotImplementedError

    def add_op(self) -> Callable[[Case, Meeting], Change]:
        raise NotImplementedError

    def delete_op(self, item_id: str) -> Callable[[Case, Meeting], Change]:
        raise NotImplementedError

    def move_op(self, item_id: str, delta: int) -> Callable[[Case, Meeting], Change] | None:
        return None

    # behaviour --------------------------------------------------------------------------

    @property
    def current_id(self) -> str | None:
        return self.list.current_id()

    def field(self, label: str, widget: QWidget, get, set_, key: str) -> QWidget:
        """Add a form row bound to the chosen item."""
        self.binder.bind(
            widget,
            lambda: get(self.current_id) if self.current_id else None,
            lambda case, meeting, value, s=set_: s(case, meeting, self.current_id, value),
            lambda: f"{self.AREA}:{self.current_id}:{key}",
            label,
            lambda: (self.AREA, self.current_id),
            enabled=lambda: self.current_id is not None,
        )
        self.form.addRow(label, widget)
        if self.first_field is None:
            self.first_field = widget
        return widget

    def refresh(self, _change: Change | None = None) -> None:
        rows = self.rows() if self.controller.case is not None else []
        self.list.set_rows(rows)
        editable = self.controller.editable
        self.add_button.setEnabled(editable)
        self.delete_button.setEnabled(editable and self.current_id is not None)

    def _chosen(self, *_args) -> None:
        self.binder.refresh()
        self.delete_button.setEnabled(self.controller.editable and self.current_id is not None)
        self.selection_changed.emit(self.current_id)

    def add(self) -> None:
        change = self.controller.apply(_("Add"), self.add_op())
        if change is not None and change.id:
            self.list.select_id(change.id)
            if self.first_field is not None:
                self.first_field.setFocus()

    def delete(self) -> None:
        item_id = self.current_id
        if item_id is None:
            return
        row = self.list.currentRow()
        self.controller.apply(_("Delete"), self.delete_op(item_id))
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))

    def move(self, delta: int) -> None:
        item_id = self.current_id
        op = self.move_op(item_id, delta) if item_id else None
        if op is not None:
            self.controller.apply(_("Move"), op)
            self.list.select_id(item_id)
