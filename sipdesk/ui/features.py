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
    "sipdesk.ui.live.feature",
    "sipdesk.ui.lifecycle",
    "sipdesk.ui.security_actions",
    "sipdesk.ui.lock",
    "sipdesk.ui.export_actions",
    "sipdesk.ui.printing",
    "sipdesk.ui.everyday",
    "sipdesk.ui.widgets.focus",  # the focused field scrolled into sight
    "sipdesk.ui.widgets.shortcuts",  # last: lists every action's key in the window
]


def install_all(window) -> None:
    for name in FEATURES:
        importlib.import_module(name).install(window)
    connect_features(window)


def connect_features(window) -> None:
    """Connections between features: locking first saves the chair's unsaved edits, then draws
    the shared screen's curtain at once. Unlocking keeps the curtain: the chair lifts it (Ctrl+B)
    when the room may see the plan again – never the lock by itself."""
    lock, live = getattr(window, "lock", None), getattr(window, "live_screen", None)
    controller = getattr(window, "controller", None)
    if lock is not None and controller is not None:
        lock.locking.connect(controller.save_now)
        lock.unlocked.connect(controller.save_now)  # anything a failed save left in memory
        lock.keep_awake = lambda: _meeting_running(controller)
    if lock is not None and live is not None:
        lock.curtain.connect(lambda on: live.set_curtain(True) if on else None)


def _meeting_running(controller) -> bool:
    """The meeting clock is running: an idle lock would blank the room's screen mid-meeting."""
    from sipdesk.model.meeting import circle_status

    meeting = controller.meeting
    if meeting is None:
        return False
    status = circle_status(meeting, controller.now())
    return status.started and not status.paused and not status.finished
