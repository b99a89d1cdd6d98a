"""Installs the shared screen into the main window: View → Shared screen.

The shared screen follows the chair, never the other way round (issue 13):
- it shows only the case open in the chair's workspace – every edit, the field being edited, the
  meeting circle's part and clock; with no case open it shows no plan at all;
- a case opened while the shared screen is open comes up under the curtain: the chair may look
  something up without showing it to the room, and lifts the curtain (Ctrl+B) when ready;
- the chair's window keeps the keyboard (see `LiveScreenController._hand_focus_back`);
- the chair's status bar says plainly what the room sees: the plan, or the curtain.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from sipdesk.i18n import _
from sipdesk.model.live import LivePart
from sipdesk.model.meeting import circle_status
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
    indicator = RoomIndicator(live)
    window.statusBar().addPermanentWidget(indicator)
    window.room_indicator = indicator

    def load() -> None:
        if ctl is not None and ctl.case is not None:
            shown["id"] = ctl.case_id
            live.set_case(ctl.case, ctl.meeting)
            live.refresh_now()
            window.store.audit(ctl.case_id, "shown on shared screen")
            log.info("case %s on the shared screen", ctl.case_id)
            return
        # no case open in the workspace: no plan on the wall (not the one chosen in the list)
        shown["id"] = None
        live.set_case(None)
        live.window.view.show_snapshot(_blank())

    def opened(on: bool) -> None:
        if on:
            load()
        indicator.update_state()

    def tell(message: str) -> None:
        # not modal, and not taking the keyboard: the meeting goes on while the chair reads it,
        # and what the chair types keeps going into the field it was typed in (issue 13)
        focus = QApplication.focusWidget()
        old = getattr(window, "_live_notice", None)
        if old is not None and shiboken6.isValid(old):
            old.close()
        box = QMessageBox(QMessageBox.Information, _("Shared screen"), message, parent=window)
        box.setModal(False)
        box.setAttribute(Qt.WA_ShowWithoutActivating)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.finished.connect(lambda _r: _give_back(window, focus))
        box.show()
        window._live_notice = box
        window.statusBar().showMessage(message, 15000)
        _give_back(window, focus)

    def display_back() -> None:
        old = getattr(window, "_live_notice", None)
        if old is not None and shiboken6.isValid(old):
            old.close()
        window.statusBar().showMessage(_("The shared screen is back on its display."), 8000)

    live.opened_changed.connect(opened)
    live.notice.connect(tell)
    live.display_back.connect(display_back)
    live.curtain_action.toggled.connect(lambda _on: indicator.update_state())
    if ctl is not None:
        _follow_workspace(window, live, ctl, shown)
    return live


class RoomIndicator(QLabel):
    """On the chair's status bar: what the room sees now – the plan or the curtain."""

    def __init__(self, live: LiveScreenController) -> None:
        super().__init__()
        self.live = live
        self.setAccessibleName(_("What the shared screen shows"))
        self.update_state()

    def update_state(self) -> None:
        live = self.live
        if not live.is_open():
            self.hide()
            return
        if live.curtain():
            self.setText(_("Shared screen: CURTAIN DRAWN – the room sees nothing (Ctrl+B shows the plan)"))
            self.setStyleSheet(
                "background: #5c4400; color: #ffffff; font-weight: bold; padding: 2px 8px;"
            )
        elif live.case is None:
            self.setText(_("Shared screen: no case open"))
            self.setStyleSheet("padding: 2px 8px;")
        else:
            self.setText(_("Shared screen: showing the plan (Ctrl+B draws the curtain)"))
            self.setStyleSheet("background: #1d5e2a; color: #ffffff; padding: 2px 8px;")
        self.show()


def _follow_workspace(window, live: LiveScreenController, ctl, shown: dict[str, int | None]) -> None:
    """Keep the room's screen on the workspace's case: every edit, the focus, the clock."""
    last_part: dict[str, str | None] = {"key": None}

    def changed(_change=None) -> None:
        if not live.is_open():
            return
        if ctl.case is None:
            if shown["id"] is not None or live.case is not None:
                shown["id"] = None
                live.set_case(None)
                live.window.view.show_snapshot(_blank())  # the case is closed: no plan
                window.room_indicator.update_state()
            return
        if shown["id"] != ctl.case_id:
            # another case while the room watches: it opens under the curtain
            live.set_curtain(True)
            shown["id"] = ctl.case_id
            live.set_case(ctl.case, ctl.meeting)  # another case: start from the top
            ctl.store.audit(ctl.case_id, "shown on shared screen")
            window.statusBar().showMessage(
                _("The case opened under the shared screen's curtain; Ctrl+B shows it to the room."),
                10000,
            )
            window.room_indicator.update_state()
        else:
            # the same case (undo may hand over a new object): keep the room's scroll position
            live.case, live.meeting = ctl.case, ctl.meeting
            live.refresh()
        follow_part()
        edited = _change is not None and _change.area not in ("circle", "case", "meeting")
        focus = ctl.focus
        if edited and _is_part(live.focus) and focus is not None and not _is_part(focus):
            live.set_focus(focus)  # typing after F8: the room follows the field again

    def follow_part() -> None:
        # the room's highlight moves with the meeting circle's part (F8), not with the field
        # the chair last typed in
        meeting = ctl.meeting
        key = None
        if meeting is not None and meeting.circle.started_at:
            status = circle_status(meeting, ctl.now())
            key = "finished" if status.finished else status.key
        if key != last_part["key"]:
            last_part["key"] = key
            if key is not None:
                live.set_focus(("part", key))

    def part(_now) -> LivePart | None:
        meeting = ctl.meeting
        if meeting is None or ctl.case is None:
            return None
        status = circle_status(meeting, ctl.now())
        if status.finished:
            return LivePart(_("The meeting is over"), None, "", "finished")
        left = status.seconds_left if status.started else None
        return LivePart(status.label, left, status.next_label or "", status.key)

    def opened_case(_case_id) -> None:
        last_part["key"] = None

    ctl.changed.connect(changed)
    ctl.case_opened.connect(opened_case)
    ctl.focus_changed.connect(live.set_focus)
    live.set_circle_source(part)


def _give_back(window, focus) -> None:
    """The chair's window and field get the keyboard back (after a notice came or went)."""
    if not window.isVisible():
        return
    window.activateWindow()
    if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
        focus.setFocus(Qt.OtherFocusReason)


def _is_part(focus) -> bool:
    return isinstance(focus, tuple) and len(focus) == 2 and focus[0] == "part"


def _blank():
    from sipdesk.model.live import LiveSnapshot

    return LiveSnapshot(_("SipDesk"), _("No plan is shown."), None, "", "", ())
