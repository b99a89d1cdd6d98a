"""Every keyboard shortcut in the main window does one thing: Qt fires neither of two actions
that share a key, so a clash silently breaks both (it once hit F5, F6 and Ctrl+Shift+K)."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import QAction, QKeySequence, QShortcut

from sipdesk.ui.main_window import MainWindow


def test_no_two_actions_share_a_shortcut(qtbot, demo_store):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    owners: dict[str, set[str]] = defaultdict(set)
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            if not seq.isEmpty():
                owners[seq.toString(QKeySequence.PortableText)].add(action.text() or repr(action))
    for shortcut in window.findChildren(QShortcut):
        seq = shortcut.key()
        if not seq.isEmpty():
            owners[seq.toString(QKeySequence.PortableText)].add(repr(shortcut))
    clashes = {key: names for key, names in owners.items() if len(names) > 1}
    assert not clashes
