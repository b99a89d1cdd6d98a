"""Installs the shared screen into the main window: View → Shared screen, for the chosen case.

Interim wiring until the chair's workspace drives it: the case selected in the main window when
the screen opens is loaded from the store and shown; choosing another case in the list does not
change what the room sees. The workspace then calls `window.live_screen.set_case(...)`,
`refresh()` and `set_focus(...)` itself (see `controller.py`).
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox

from sipdesk.i18n import _
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

    def load() -> None:
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
                _("The shared screen still shows the case it was opened for (F5 twice to change)."),
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
    return live


def _blank():
    from sipdesk.model.live import LiveSnapshot

    return LiveSnapshot(_("SipDesk"), _("Choose a case in the list."), None, "", "", ())
