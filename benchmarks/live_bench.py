"""Shared screen: edit → snapshot → repaint finished, for a plan of 30 goals and 60 interventions.

    QT_QPA_PLATFORM=offscreen python benchmarks/live_bench.py

Prints `live_update_ms_p50` and `live_update_ms_p95` (and the same for a protected-identity case,
where every string also goes through the name redaction). One "edit" is a typed character in the
intervention being edited (focus on it), as the chair's workspace produces on each keystroke.

`live_update_partial_*` is the shared screen's part alone – model → snapshot → layout → repaint –
made as the running application makes it since issue 19: the snapshot through a `SnapshotCache`
(one goal re-made a key) and the view placing unchanged goals' blocks; the repaint is of the whole
view, synchronously (the application repaints only the strips that changed, so this is an upper
bound). The end-to-end figure, key event in the chair's window → shared screen painted, is
`keystroke_bench.py`'s.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sipdesk.model.entities import (  # noqa: E402
    Case,
    Goal,
    Intervention,
    Meeting,
    Participant,
    Person,
    Plan,
    Responsible,
    TextItem,
)
from sipdesk.model.enums import Principal  # noqa: E402

_WHAT = "Kvalificerad kontaktperson som kopplas ihop med de psykoedukativa insatserna, nr {n}"
_GOAL = "Att kunna sova bra på nätterna och klara skolarbetet, delmål {n}"


def big_case(goals: int = 30, per_goal: int = 2, protected: bool = False) -> Case:
    """A plan far larger than any real meeting's: the worst case the screen must keep up with."""
    person = Person(
        name="Kasim Rahimi",
        protected_identity=protected,
        pseudonym="Klient K-1" if protected else "",
        personnummer="20100101-1234",
        address="Storgatan 1, 111 22 Stad",
    )
    plan = Plan(
        long_term_goals=[TextItem("Att Kasims hälsa förbättras och att han klarar skolan.")],
        goals=[
            Goal(
                _GOAL.format(n=g),
                interventions=[
                    Intervention(
                        _WHAT.format(n=g * per_goal + i),
                        principal=Principal.KOMMUN if i % 2 else Principal.REGION,
                        responsible=[Responsible("Helena Björk"), Responsible("Kasim Rahimi")],
                        time_plan="Påbörjas omedelbart, omprövas om 3 månader",
                    )
                    for i in range(per_goal)
                ],
            )
            for g in range(goals)
        ],
        own_view="Kasim tycker att insatserna är bra.",
        main_responsible_id="main",
    )
    main = Participant("Helena Björk", "Socialsekreterare", "Socialtjänsten", Principal.KOMMUN,
                       id="main")
    meeting = Meeting(questions=["Hur kan Kasim få hjälp med sömnen?"] * 3, plan=plan,
                      participants=[main])
    return Case(person=person, meetings=[meeting])


def measure(
    iterations: int = 300, protected: bool = False, size: tuple[int, int] = (1920, 1080)
) -> tuple[float, float]:
    """(p50, p95) in milliseconds of one keystroke's edit → snapshot → synchronous repaint."""
    from PySide6.QtWidgets import QApplication

    from sipdesk.model.live import LivePart, SnapshotCache, snapshot
    from sipdesk.ui.live.view import LiveView

    app = QApplication.instance() or QApplication([])
    cache = SnapshotCache()  # as LiveScreenController keeps one
    case = big_case(protected=protected)
    items = case.current_plan.interventions()
    view = LiveView()
    view.resize(*size)
    view.show()
    app.processEvents()
    circle = LivePart("Behov", 700, "Sammanfattning")
    times = []
    for n in range(iterations + 20):
        item = items[(n // 10) % len(items)]  # type ten characters into each row in turn
        start = time.perf_counter()
        item.what += "x"
        snap = snapshot(case, focus=("intervention", item.id), circle=circle, cache=cache)
        view.show_snapshot(snap)
        view.repaint()
        elapsed = (time.perf_counter() - start) * 1000
        if n >= 20:  # warm-up: first layouts of every text
            times.append(elapsed)
    view.close()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def measure_via_controller(iterations: int = 200) -> tuple[float, float]:
    """(p50, p95) ms from the workspace's signals (refresh + focus) to the finished repaint,
    through the controller and the event loop, as in the running application."""
    from PySide6.QtWidgets import QApplication

    from sipdesk.model.live import LivePart
    from sipdesk.ui.live.controller import LiveScreenController

    app = QApplication.instance() or QApplication([])
    case = big_case()
    items = case.current_plan.interventions()
    live = LiveScreenController()
    live.set_circle_source(lambda now: LivePart("Behov", 700, "Sammanfattning"))
    live.set_case(case)
    live.open()
    live.window.resize(1920, 1080)  # as on the projector
    view = live.window.view
    painted = [0]
    original = view.paintEvent

    def counting(event) -> None:
        original(event)
        painted[0] += 1

    view.paintEvent = counting
    app.processEvents()
    times = []
    for n in range(iterations + 20):
        item = items[(n // 10) % len(items)]
        before = painted[0]
        start = time.perf_counter()
        item.what += "x"
        live.refresh()
        live.set_focus(("intervention", item.id))
        while painted[0] == before:
            app.processEvents()
        elapsed = (time.perf_counter() - start) * 1000
        if n >= 20:
            times.append(elapsed)
    live.close()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def run() -> dict[str, float]:
    """The figures for benchmarks/run.py: name → milliseconds."""
    p50, p95 = measure()
    pp50, pp95 = measure(protected=True)
    c50, c95 = measure_via_controller()
    return {
        "live_update_via_event_loop_ms_p50": c50,
        "live_update_via_event_loop_ms_p95": c95,
        "live_update_partial_ms_p50": p50,
        "live_update_partial_ms_p95": p95,
        "live_update_protected_ms_p50": pp50,
        "live_update_protected_ms_p95": pp95,
    }


def main() -> None:
    for name, value in run().items():
        print(f"{name} {value:.2f} ms")


if __name__ == "__main__":
    main()
