"""Installs the shared screen into the main window: View → Shared screen.

It shows the case open in the chair's workspace and follows every edit, the field being edited
and the meeting-circle clock. With no case open in the workspace it shows the case chosen in the
list when the screen opens; choosing another case in the list does not change what the room sees.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox

from sipdesk.i18n import _
from sipdesk.model.live import LivePart
from sipdesk.model.meeting import circle_status
from sipdesk.model.store import CaseNotFound
from sipdesk.ui.live.controller import LiveScreenController

log = logging.getLogger(__name__)


def install(window) -> LiveScreenController:
    # one Settings object per process, if the window has one: two would overwrite each other
    live = LiveScreenController(parent=window, settings=getattr(window, "settings", None))
    window.live_screen = live
    window.view_menu.addMenu(live.build_menu(window))
    window.addActions(live.actions())

    shown: dict[str, int | None] = {"id": None}

    ctl = getattr(window, "controller", None)

    def load() -> None:
        if ctl is not None and ctl.case is not None:
            shown["id"] = ctl.case_id
            live.set_case(ctl.case, ctl.meeting)
            live.refresh_now()
            window.store.audit(ctl.case_id, "shown on shared screen")
            log.info("case %s on the shared screen", ctl.case_id)
            return
        case_id = window.current_case_id()
        shown["id"] = case_id
        try:
            case = window.store.load_case(case_id) if case_id is not None else None
        except CaseNotFound:
            case = None
        live.set_case(case)
        if case is None:
            live.window.view.show_snapshot(_blank())
        else:
            live.refresh_now()
            # who showed which case to a room, and when (ids only)
            window.store.audit(case_id, "shown on shared screen")
            log.info("case %s on the shared screen", case_id)

    def selected(case_id) -> None:
        # The room keeps the case it was opened for: the chair may look up another case in the
        # list without showing it to everyone. Closing and opening again shows the new one.
        if live.is_open() and case_id != shown["id"]:
            window.statusBar().showMessage(
                _("The shared screen still shows the case it was opened for (F11 twice to change)."),
                10000,
            )

    def opened(on: bool) -> None:
        if on:
            load()

    def tell(message: str) -> None:
        # not modal: the meeting goes on while the chair reads it
        box = QMessageBox(QMessageBox.Information, _("Shared screen"), message, parent=window)
        box.setModal(False)
        box.open()
        window._live_notice = box
        window.statusBar().showMessage(message, 15000)

    window.current_case_changed.connect(selected)
    live.opened_changed.connect(opened)
    live.notice.connect(tell)
    if ctl is not None:
        _follow_workspace(live, ctl, shown)
    return live


def _follow_workspace(live: LiveScreenController, ctl, shown: dict[str, int | None]) -> None:
    """Keep the room's screen on the workspace's case: every edit, the focus, the clock."""

    def changed(_change=None) -> None:
        if ctl.case is None or not live.is_open():
            return
        if shown["id"] != ctl.case_id:
            shown["id"] = ctl.case_id
            live.set_case(ctl.case, ctl.meeting)  # another case: start from the top
            ctl.store.audit(ctl.case_id, "shown on shared screen")
        else:
            # the same case (undo may hand over a new object): keep the room's scroll position
            live.case, live.meeting = ctl.case, ctl.meeting
            live.refresh()

    def part(_now) -> LivePart | None:
        meeting = ctl.meeting
        if meeting is None or ctl.case is None:
            return None
        status = circle_status(meeting, ctl.now())
        if status.finished:
            return None
        left = status.seconds_left if status.started else None
        return LivePart(status.label, left, status.next_label or "")

    ctl.changed.connect(changed)
    ctl.focus_changed.connect(live.set_focus)
    live.set_circle_source(part)


def _blank():
    from sipdesk.model.live import LiveSnapshot

    return LiveSnapshot(_("SipDesk"), _("Choose a case in the list."), None, "", "", ())
