"""Render the chair's workspace at 1366×768 into docs/screenshots/: preparation and each part.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_screenshots.py [--scale 1.25]

Uses a throw-away store in a temporary folder with the demo case of Josef (example 1); nothing
is written anywhere else. With --scale the pictures show the window at 125 % or 150 % scaling.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
T0 = 1_780_000_000


class DemoWindow:
    """The main window on a throw-away demo store at 1366×768 (scaled), and `shot(name)` to save
    it as docs/screenshots/<name>[-125|-150].png. Shared by the workspace screenshot scripts."""

    def __init__(self, scale: float) -> None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        if scale != 1.0:
            os.environ["QT_SCALE_FACTOR"] = str(scale)
        sys.path.insert(0, str(ROOT))
        self.tmp = tempfile.TemporaryDirectory(prefix="sipdesk-shots-")
        os.environ["SIPDESK_PASSPHRASE"] = "screenshots only"
        os.environ["SIPDESK_CONFIG"] = str(Path(self.tmp.name) / "settings.json")
        os.environ.setdefault("SIPDESK_LANG", "sv")

        from PySide6.QtWidgets import QApplication

        from sipdesk.app import install_translators
        from sipdesk.model import cases
        from sipdesk.model.store import open_store
        from sipdesk.ui.main_window import MainWindow

        self.app = QApplication.instance() or QApplication([])
        install_translators(self.app)  # Qt's own words in Swedish too, as when SipDesk runs
        self.store = open_store(Path(self.tmp.name) / "data")
        cases.seed_demo(self.store, ROOT / "resources" / "demo")
        self.window = MainWindow(self.store)
        self.window.resize(round(1366 / scale), round(768 / scale))
        self.window.show()
        self.suffix = "" if scale == 1.0 else f"-{int(scale * 100)}"

    def shot(self, name: str) -> None:
        for _ in range(3):
            self.app.processEvents()
        path = OUT / f"{name}{self.suffix}.png"
        self.window.grab().save(str(path), "PNG", 0)  # 0: smallest file
        print(path.relative_to(ROOT))


def parse_scale() -> float:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    return parser.parse_args().scale


def main() -> int:
    demo = DemoWindow(parse_scale())
    from sipdesk.model import meeting as circle

    store, window, shot = demo.store, demo.window, demo.shot
    clock = [T0]
    window.controller.clock = lambda: clock[0]

    shot("00-case-list")
    case_id = next(r.id for r in store.list_cases("Josef"))
    import datetime as dt

    case = store.load_case(case_id)  # a goal reached, as the preview and part 3 mark it
    case.current_plan.goals[1].reached_on = dt.date(2026, 6, 15)
    store.save_case(case_id, case)
    window.select_case(case_id)
    window.view.find("Uppnått")  # the preview scrolled to the goals
    cursor = window.view.textCursor()
    cursor.clearSelection()
    window.view.setTextCursor(cursor)
    shot("00-case-preview")
    window.open_case(case_id)
    window.workspace.show_preparation()
    shot("01-preparation")
    window.workspace.show_meeting()
    meeting = window.controller.meeting
    meeting.circle = type(meeting.circle)()  # show the circle from its start
    window.controller.run_circle(lambda case, m: circle.start(m, clock[0]))
    elapsed = [300, 900, 2000, 1200, 500]
    names = ["opening", "situation", "needs", "summary", "closing"]
    for i, key in enumerate(names):
        clock[0] += elapsed[i]
        if i == 1:
            window.workspace.tick_speaker()
            window.workspace.tick_speaker()
        window.workspace.tick_prompt()
        window.controller.changed.emit(None)
        window.workspace.circle.tick()
        if i == 2:
            window.workspace.plan.goals.tree.setFocus()
        shot(f"{i + 2:02d}-part-{i + 1}-{key}")
        window.controller.run_circle(lambda case, m: circle.next_part(m, clock[0]))
    window.workspace.circle.tabs.setCurrentIndex(3)  # the keyboard shortcuts, listed in the window
    shot("07-shortcuts")
    window.close()  # saves into the throw-away store and closes it
    demo.tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
