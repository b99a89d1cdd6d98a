"""The window's list of keyboard shortcuts, made from the actions themselves.

Installed as the last feature (sipdesk/ui/features.py), so every menu action with a key – the
workspace's, the shared screen's, File/Case/Help – is in the list the chair sees in the meeting
circle's "Shortcuts" tab, and a new action with a key is listed without anyone remembering to.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QScrollArea

from sipdesk.i18n import _

PORTABLE = QKeySequence.PortableText
NATIVE = QKeySequence.NativeText  # "Ctrl+Skift+D" with Qt's Swedish translation


def window_key_sequences(window) -> dict[str, list[str]]:
    """Every key sequence the window answers to (portable text) → who owns it."""
    owners: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            if not seq.isEmpty():
                owners.setdefault(seq.toString(PORTABLE), []).append(action.text() or repr(action))
    for shortcut in window.findChildren(QShortcut):
        seq = shortcut.key()
        if not seq.isEmpty():
            owners.setdefault(seq.toString(PORTABLE), []).append(repr(shortcut))
    return owners


def _label(action: QAction) -> str:
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ")


def _menu_actions(actions) -> list[QAction]:
    found: list[QAction] = []
    for action in actions:
        found.append(action)
        if action.menu() is not None:
            found.extend(_menu_actions(action.menu().actions()))
    return found


def shortcut_rows(window) -> list[tuple[str, str]]:
    """(keys as the chair reads them, what they do): the workspace's table first, then the
    fixed extras (undo, Tab …), then every other action with a key, in menu order."""
    from sipdesk.ui.chair.workspace import ACTIONS, EXTRA_SHORTCUTS

    rows: list[tuple[str, str]] = []
    row_of: dict[str, int] = {}

    def add(keys: list[QKeySequence], text: str) -> None:
        keys = [k for k in keys if not k.isEmpty()]
        if not keys:
            return
        new = [k for k in keys if k.toString(PORTABLE) not in row_of]
        first = keys[0].toString(PORTABLE)
        if first in row_of:  # known action, maybe with a second key (Redo: Ctrl+Shift+Z)
            if new:
                i = row_of[first]
                shown = ", ".join([rows[i][0]] + [k.toString(NATIVE) for k in new])
                rows[i] = (shown, rows[i][1])
                row_of.update({k.toString(PORTABLE): i for k in new})
            return
        row_of.update({k.toString(PORTABLE): len(rows) for k in new})
        rows.append((", ".join(k.toString(NATIVE) or k.toString(PORTABLE) for k in new), text))

    workspace = getattr(window, "workspace", None)
    for spec in ACTIONS:
        add([QKeySequence(k) for k in spec.keys], _(spec.text))
    for key, text in EXTRA_SHORTCUTS:
        add([QKeySequence(key)], _(text))
    menus = _menu_actions(window.menuBar().actions())
    others = menus + [a for a in window.findChildren(QAction) if a not in menus]
    for action in others:
        if workspace is not None and action in workspace.actions.values():
            continue
        add([k for k in action.shortcuts() if not k.isEmpty()], _label(action))
    return rows


def table_html(rows: list[tuple[str, str]]) -> str:
    from html import escape

    return (
        "<table>"
        + "".join(
            f"<tr><td><b>{escape(keys)}</b>&nbsp;&nbsp;</td><td>{escape(what)}</td></tr>"
            for keys, what in rows
        )
        + "</table>"
    )


def install(window) -> None:
    workspace = getattr(window, "workspace", None)
    if workspace is None:
        return
    label = workspace.circle.shortcut_list
    label.setText(table_html(shortcut_rows(window)))
    label.setWordWrap(True)  # long descriptions wrap in a narrow circle column: no sideways scrolling
    scroll = label.parentWidget().parentWidget() if label.parentWidget() else None
    if isinstance(scroll, QScrollArea):
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
