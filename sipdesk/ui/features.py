"""GUI features that plug into the main window.

Each listed module has `install(window: MainWindow) -> None`, which adds its actions to the
window's menus (`window.file_menu`, `window.case_menu`, `window.view_menu`, `window.help_menu`)
and may listen to `window.current_case_changed`. A feature adds one line here and nothing else to
the main window, so features can be built side by side.
"""

from __future__ import annotations

import importlib

FEATURES: list[str] = [
    # "sipdesk.ui.some_feature",
    "sipdesk.ui.export_actions",
]


def install_all(window) -> None:
    for name in FEATURES:
        importlib.import_module(name).install(window)
