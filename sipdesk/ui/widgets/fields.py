"""Form fields bound to the controller: what the chair types goes through a model operation.

A `Binder` keeps a list of bindings. A user edit runs the binding's operation through
`Controller.apply` (so it can be undone and is saved); every `changed` signal refreshes the
widgets from the model without disturbing the one being typed in. Dates and times are typed
(YYYY-MM-DD, HH:MM) so the keyboard never has to fight a spin box and a date can be empty.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from sipdesk.i18n import _
from sipdesk.model.changes import Change
from sipdesk.model.editing import EditError, parse_date, parse_time
from sipdesk.model.entities import Case, Meeting
from sipdesk.ui.controller import Controller

Getter = Callable[[], Any]  # the model's value now; None when there is nothing to edit
Setter = Callable[[Case, Meeting, Any], Change]
Key = Callable[[], str]

_INVALID = "border: 1px solid #b3261e; background: #fdecea;"


@dataclass
class Binding:
    widget: QWidget
    kind: str  # text, area, date, time, combo, check
    get: Getter
    set: Setter
    key: Key
    label: str
    focus: Callable[[], tuple[str, str | None]]
    enabled: Callable[[], bool] = lambda: True
    # what a text field was last set to (value, ready, editable); None once the chair typed in
    # it or it must be set again. A refresh with the same model value leaves the field alone.
    shown: tuple[Any, bool, bool] | None = None


# An item's "no value" is stored as "" rather than None: PySide6 mishandles the reference count of
# None kept in a QVariant (a "deallocating None" abort after many reads).
NO_VALUE = ""


def _to_data(value: Any) -> Any:
    return NO_VALUE if value is None else value


def _from_data(value: Any) -> Any:
    return None if value == NO_VALUE or value is None else value


def _to_text(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if kind == "time" and isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


class Binder(QObject):
    """All the bound fields of one page."""

    def __init__(self, controller: Controller, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.bindings: list[Binding] = []
        self._refreshing = False
        self._editing: Binding | None = None
        controller.changed.connect(self.refresh)

    # --- binding -------------------------------------------------------------------------

    def bind(
        self,
        widget: QWidget,
        get: Getter,
        set_: Setter,
        key: str | Key,
        label: str,
        focus: tuple[str, str | None] | Callable[[], tuple[str, str | None]],
        enabled: Callable[[], bool] | None = None,
    ) -> QWidget:
        kind = self._kind(widget)
        key_fn = key if callable(key) else (lambda k=key: k)
        focus_fn = focus if callable(focus) else (lambda f=focus: f)
        b = Binding(widget, kind, get, set_, key_fn, label, focus_fn, enabled or (lambda: True))
        self.bindings.append(b)
        # textChanged, not textEdited: refreshes block signals, and every other change (the
        # context menu's own undo, a paste) must reach the model too
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda _t, b=b: self._edited(b))
        elif isinstance(widget, QPlainTextEdit):
            widget.setUndoRedoEnabled(False)  # the controller's undo stack is the one undo
            widget.textChanged.connect(lambda b=b: self._edited(b))
        elif isinstance(widget, QComboBox):
            widget.activated.connect(lambda _i, b=b: self._edited(b))
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(lambda _c, b=b: self._edited(b))
        elif isinstance(widget, QSpinBox):
            widget.editingFinished.connect(lambda b=b: self._edited(b))
        widget.installEventFilter(self)
        widget.setAccessibleName(widget.accessibleName() or label)
        self._show(b)
        return widget

    @staticmethod
    def _kind(widget: QWidget) -> str:
        if isinstance(widget, DateEdit):
            return "date"
        if isinstance(widget, TimeEdit):
            return "time"
        if isinstance(widget, QPlainTextEdit):
            return "area"
        if isinstance(widget, QComboBox):
            return "combo"
        if isinstance(widget, QCheckBox):
            return "check"
        if isinstance(widget, QSpinBox):
            return "spin"
        return "text"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if event.type() == QEvent.ShortcutOverride and _is_undo_key(event):
            # leave Ctrl+Z / Ctrl+Y to the window's undo actions, not the field's own undo
            event.ignore()
            return True
        if event.type() == QEvent.FocusIn:
            for b in self.bindings:
                if b.widget is watched:
                    area, item = b.focus()
                    self.controller.set_focus(area, item)
                    break
        elif event.type() == QEvent.FocusOut:
            self.controller.end_burst()  # leaving a field ends its typing burst
            for b in self.bindings:
                if b.widget is watched and b.kind in ("date", "time"):
                    self._check_typed(b, announce=True)
        return False

    # --- user edits ----------------------------------------------------------------------

    def _value(self, b: Binding) -> Any:
        w = b.widget
        if b.kind == "area":
            return w.toPlainText()
        if b.kind == "combo":
            return _from_data(w.currentData())
        if b.kind == "check":
            return w.isChecked()
        if b.kind == "spin":
            return w.value()
        if b.kind == "date":
            return parse_date(w.text())
        if b.kind == "time":
            return parse_time(w.text())
        return w.text()

    def _check_typed(self, b: Binding, announce: bool = False) -> bool:
        try:
            self._value(b)
        except EditError as exc:
            b.widget.setStyleSheet(_INVALID)
            b.widget.setToolTip(str(exc))
            if announce:
                self.controller.message.emit(f"{b.label}: {exc}")
            return False
        # only when it was marked: a style sheet set re-polishes the field (a whole-window
        # repaint a keystroke), and a field's own style (the person's own words) stays
        if b.widget.styleSheet() == _INVALID:
            b.widget.setStyleSheet("")
            b.widget.setToolTip("")
        return True

    def _edited(self, b: Binding) -> None:
        if self._refreshing:
            return
        b.shown = None  # the field holds what was typed, not what was last shown
        if self.controller.case is None or not b.enabled():
            return
        if not self._check_typed(b):
            return
        value = self._value(b)
        if value == b.get():
            return
        setter = b.set
        # the refresh this edit causes must not rewrite the field being typed in: the model
        # may tidy the text (blank lines dropped) and the cursor would jump
        self._editing = b
        try:
            self.controller.apply(
                _("Edit {field}").format(field=b.label),
                lambda case, meeting: setter(case, meeting, value),
                merge_key=b.key() if b.kind in ("text", "area") else None,
            )
        finally:
            self._editing = None

    # --- showing the model ---------------------------------------------------------------

    def refresh(self, _change: Change | None = None) -> None:
        self._refreshing = True
        c = self.controller
        has_case = c.case is not None
        can_edit = has_case and c.editable  # asked once a refresh, not once a field
        try:
            for b in self.bindings:
                self._show(b, has_case, can_edit)
        finally:
            self._refreshing = False

    def _show(self, b: Binding, has_case: bool | None = None, can_edit: bool | None = None) -> None:
        if b is self._editing:
            return
        if has_case is None:
            has_case = self.controller.case is not None
        ready = has_case and b.enabled()
        value = b.get() if ready else None
        w = b.widget
        editable = ready and (self.controller.editable if can_edit is None else can_edit)
        if b.kind in ("text", "area", "date", "time"):
            # a keystroke elsewhere changes none of these fields: compare in Python, leave Qt be
            now = (value, ready, editable)
            if b.shown == now:
                return
            b.shown = now
        if b.kind in ("text", "date", "time"):
            if w.isReadOnly() == editable:  # only when it changes: each call is an event
                w.setReadOnly(not editable)
            text = _to_text(b.kind, value)
            if b.kind in ("date", "time") and w.hasFocus() and w.text() != text:
                b.shown = None  # left as typed: look again at the next refresh
                try:  # do not overwrite a date being typed that does not parse yet
                    if self._value(b) == value:
                        return
                except EditError:
                    return
            if w.text() != text:
                w.blockSignals(True)
                w.setText(text)
                w.blockSignals(False)
                if not self._check_typed(b):
                    b.shown = None
        elif b.kind == "area":
            if w.isReadOnly() == editable:
                w.setReadOnly(not editable)
            text = _to_text(b.kind, value)
            if w.toPlainText() != text:
                w.blockSignals(True)
                w.setPlainText(text)
                w.blockSignals(False)
        elif b.kind == "combo":
            w.setEnabled(editable)
            index = w.findData(_to_data(value))
            w.blockSignals(True)
            w.setCurrentIndex(index if index >= 0 else 0)
            w.blockSignals(False)
        elif b.kind == "check":
            w.setEnabled(editable)
            w.blockSignals(True)
            w.setChecked(bool(value))
            w.blockSignals(False)
        elif b.kind == "spin":
            w.setEnabled(editable)
            if value is not None and w.value() != value and not w.hasFocus():
                w.blockSignals(True)
                w.setValue(int(value))
                w.blockSignals(False)
        w.setEnabled(ready if b.kind in ("text", "area", "date", "time") else w.isEnabled())


def _is_undo_key(event: QKeyEvent) -> bool:
    if event.matches(QKeySequence.Undo) or event.matches(QKeySequence.Redo):
        return True
    return event.key() == Qt.Key_Y and event.modifiers() == Qt.ControlModifier


class DateEdit(QLineEdit):
    """A date typed as YYYY-MM-DD; empty means no date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("YYYY-MM-DD"))
        self.setMaxLength(10)
        self.setMaximumWidth(130)


class TimeEdit(QLineEdit):
    """A time typed as HH:MM; empty means no time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("HH:MM"))
        self.setMaxLength(5)
        self.setMaximumWidth(80)


def combo(items: list[tuple[Any, str]], name: str) -> QComboBox:
    """A combo box of (value, label) items with an accessible name."""
    box = QComboBox()
    for value, label in items:
        box.addItem(label, _to_data(value))
    box.setAccessibleName(name)
    return box


def area(name: str, lines: int = 3, placeholder: str = "") -> QPlainTextEdit:
    """A multi-line text field in which Tab moves on (the chair never needs a tab character)."""
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    height = box.fontMetrics().lineSpacing() * lines + 14
    box.setMinimumHeight(height)
    box.setMaximumHeight(height * 3)
    return box


def line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit
