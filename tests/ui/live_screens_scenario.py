"""Run in a fresh interpreter under a three-screen offscreen layout (see test_live_screens.py).

The offscreen plugin reads its screen layout once, at start-up, so plugging and unplugging is
simulated by calling the controller's screenAdded/screenRemoved handlers with real QScreens while
its view of the connected screens (`controller.screens`) leaves the unplugged one out.
Prints one JSON object with what happened at each step.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from sipdesk.model import planfile
from sipdesk.settings import Settings
from sipdesk.ui.live.controller import LiveScreenController


def where(live: LiveScreenController) -> dict:
    window = live.window
    return {
        "screen": window.screen().name(),
        "full": window.isFullScreen(),
        "visible": window.isVisible(),
        "separate": live.separate,
        "x": window.geometry().x(),
    }


def main(plan_path: str, settings_path: str) -> None:
    app = QApplication.instance() or QApplication([])
    out: dict = {"screens": [s.name() for s in app.screens()]}
    notices: list[str] = []
    live = LiveScreenController(settings=Settings(Path(settings_path)))
    live.notice.connect(notices.append)
    live.set_case(planfile.read(Path(plan_path)))
    live.open()
    app.processEvents()
    out["opened"] = where(live)
    out["notices_after_open"] = list(notices)

    projector = next(s for s in app.screens() if s.name() == "Projector")
    all_screens = live.screens
    live.screens = lambda: [s for s in all_screens() if s is not projector]
    live.on_screen_removed(projector)
    app.processEvents()
    out["unplugged"] = where(live)
    out["notices_after_unplug"] = list(notices)

    live.screens = all_screens
    live.on_screen_added(projector)
    app.processEvents()
    out["replugged"] = where(live)

    if "TV" in out["screens"]:
        live.choose_screen("TV")
        app.processEvents()
        out["chose_tv"] = where(live)
    out["remembered"] = Settings(Path(settings_path)).get("live.screen")
    live.close()

    again = LiveScreenController(settings=Settings(Path(settings_path)))
    again.set_case(live.case)
    again.open()
    app.processEvents()
    out["reopened"] = where(again)
    out["rendered_has_plan"] = "Kasim" in again.window.view.rendered_text()
    again.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
