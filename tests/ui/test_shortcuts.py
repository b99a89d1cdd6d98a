"""Every keyboard shortcut in the main window does one thing, can be pressed on a Swedish keyboard
and is listed in the window.

- Qt fires neither of two actions that share a key, so a clash silently breaks both (it once hit
  F5, F6 and Ctrl+Shift+K).
- On Windows Ctrl+Alt is AltGr, which types characters ({, @, $ …), and a key that needs Shift or
  AltGr on the Swedish layout (=, ?, @ …) is a different key there: Ctrl+Alt+= needed Shift+0 and
  did nothing (issue 18).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeySequence

from sipdesk.ui.widgets.shortcuts import shortcut_rows, window_key_sequences

# Characters on the Swedish layout's keys without Shift or AltGr (Windows and Linux "se").
SWEDISH_DIRECT = set("abcdefghijklmnopqrstuvwxyzåäö0123456789§+´',.-<")
NAMED = {
    Qt.Key_Tab, Qt.Key_Backtab, Qt.Key_Space, Qt.Key_Return, Qt.Key_Enter, Qt.Key_Escape,
    Qt.Key_Delete, Qt.Key_Backspace, Qt.Key_Insert, Qt.Key_Home, Qt.Key_End, Qt.Key_PageUp,
    Qt.Key_PageDown, Qt.Key_Up, Qt.Key_Down, Qt.Key_Left, Qt.Key_Right,
} | {Qt.Key(Qt.Key_F1.value + i) for i in range(24)}


def swedish_problem(combo: QKeyCombination) -> str | None:
    """Why `combo` cannot be pressed as written on a Swedish keyboard, or None when it can."""
    mods, key = combo.keyboardModifiers(), combo.key()
    if mods & Qt.ControlModifier and mods & Qt.AltModifier:
        return "Ctrl+Alt is AltGr on Windows"
    if mods & Qt.MetaModifier:
        return "Meta/Windows key is the system's"
    if key in NAMED:
        return None
    char = QKeySequence(key).toString(QKeySequence.PortableText).lower()
    if len(char) == 1 and char in SWEDISH_DIRECT:
        return None
    return f"{char!r} needs Shift or AltGr on the Swedish layout"


@pytest.mark.parametrize(
    ("keys", "ok"),
    [
        ("Ctrl+Alt+=", False),
        ("Ctrl+Alt+0", False),
        ("Ctrl+Alt+G", False),
        ("Ctrl+=", False),
        ("Ctrl+?", False),
        ("Ctrl+@", False),
        ("Ctrl+{", False),
        ("Ctrl++", True),
        ("Ctrl+-", True),
        ("Ctrl+0", True),
        ("Ctrl+Shift+G", True),
        ("Alt+3", True),
        ("Shift+F9", True),
        ("Ctrl+Del", True),
    ],
)
def test_the_swedish_layout_rule_itself(keys, ok):
    assert (swedish_problem(QKeySequence(keys)[0]) is None) is ok


def test_no_two_actions_share_a_shortcut(window):
    clashes = {k: names for k, names in window_key_sequences(window).items() if len(names) > 1}
    assert not clashes


def test_every_shortcut_can_be_pressed_on_a_swedish_keyboard(window):
    problems = {}
    for text in window_key_sequences(window):
        seq = QKeySequence(text)
        for i in range(seq.count()):
            if why := swedish_problem(seq[i]):
                problems[text] = why
    assert problems == {}


def test_every_shortcut_is_listed_in_the_window(window):
    listed = window.workspace.circle.shortcut_list.text()
    rows = shortcut_rows(window)
    keys_shown = " , ".join(keys for keys, _what in rows)
    missing = [
        text
        for text in window_key_sequences(window)
        if QKeySequence(text).toString(QKeySequence.NativeText) not in keys_shown
    ]
    assert missing == []
    assert all(what and what in listed for _keys, what in rows)
    # the shared screen's zoom is among them, in the chair's own words
    assert "Ctrl++" in keys_shown


def test_the_plus_key_with_ctrl_zooms_the_shared_screen(window, qtbot):
    """The key right of 0 on a Swedish keyboard sends Key_Plus with no Shift."""
    live = window.live_screen
    before = live.zoom()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key_Plus, Qt.ControlModifier)
    assert live.zoom() > before
    qtbot.keyClick(window, Qt.Key_0, Qt.ControlModifier)
    assert live.zoom() == pytest.approx(1.0)
