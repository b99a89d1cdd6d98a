"""Render the shared screen's screenshots in docs/screenshots/ (offscreen, 1920×1080).

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/live_screenshots.py

Example 3 (Kasim) while the chair writes a new intervention under goal 5 (goal 4 reached), in the
'Behov' part;
the same in high contrast; the curtain; and the protected-identity demo case.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from sipdesk.model import planfile  # noqa: E402
from sipdesk.model.entities import Intervention, Responsible  # noqa: E402
from sipdesk.model.enums import Principal  # noqa: E402
from sipdesk.model.live import LivePart, snapshot  # noqa: E402
from sipdesk.ui.live.view import LiveView  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    app = QApplication.instance() or QApplication([])
    view = LiveView()
    view.resize(1920, 1080)
    view.show()
    app.processEvents()

    kasim = planfile.read(ROOT / "resources" / "demo" / "3-kasim.json")
    goal = kasim.current_plan.goals[-1]
    # the goal before it was reached: the room reads it in words (✓ Uppnått …), not by colour
    import datetime as dt

    kasim.current_plan.goals[-2].reached_on = dt.date(2026, 11, 20)
    typing = Intervention(
        "Kasim och kontaktpersonen går igenom vad som hjälper när minnesbilderna kom",
        principal=Principal.KOMMUN,
        responsible=[Responsible("Kasim Rahimi"), Responsible("Helena Björk")],
        time_plan="Varje vecka",
    )
    goal.interventions.append(typing)
    part = LivePart("Behov", 17 * 60 + 20, "Sammanfattning")
    view.show_snapshot(snapshot(kasim, focus=("intervention", typing.id), circle=part))
    view.grab().save(str(OUT / "live-kasim-1920x1080.png"))

    view.set_high_contrast(True)
    view.grab().save(str(OUT / "live-kasim-high-contrast.png"))
    view.set_high_contrast(False)

    reached = kasim.current_plan.goals[-2]
    view.show_snapshot(snapshot(kasim, focus=("goal", reached.id), circle=part))
    view.grab().save(str(OUT / "live-kasim-goal-reached.png"))

    view.reset_scroll()
    view.show_snapshot(snapshot(kasim, circle=LivePart("Inledning", 4 * 60, "Aktuell situation")))
    view.grab().save(str(OUT / "live-kasim-start.png"))

    view.set_curtain(True)
    view.grab().save(str(OUT / "live-curtain.png"))
    view.set_curtain(False)

    protected = planfile.read(ROOT / "resources" / "demo" / "5-skyddad.json")
    plan = protected.current_plan
    view.show_snapshot(
        snapshot(protected, focus=("field", "follow_up"), circle=LivePart("Avslutning", -90))
    )
    view.grab().save(str(OUT / "live-protected.png"))
    del plan


if __name__ == "__main__":
    main()
