"""How long the live plan check costs in the chair's workspace, and one jump to a field.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/workspace_check.py

Prints `NAME VALUE UNIT` lines. Josef's demo case (example 1) in a throw-away store, in the
whole main window at 1366×768. `live_check_*` is what runs when the chair's typing pauses
(CHECK_IDLE_MS): the check plus the list (rebuilt only when the findings changed).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    tmp = tempfile.TemporaryDirectory(prefix="sipdesk-bench-")
    os.environ["SIPDESK_PASSPHRASE"] = "benchmark only"
    os.environ["SIPDESK_CONFIG"] = str(Path(tmp.name) / "settings.json")
    from PySide6.QtWidgets import QApplication

    from sipdesk.model import cases, quality
    from sipdesk.model.store import open_store
    from sipdesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    store = open_store(Path(tmp.name) / "data")
    cases.seed_demo(store, ROOT / "resources" / "demo")
    window = MainWindow(store)
    window.resize(1366, 768)
    window.show()
    case_id = next(r.id for r in store.list_cases("Josef"))
    window.select_case(case_id)
    window.open_case(case_id)
    app.processEvents()
    ws, c = window.workspace, window.controller
    print(f"plan_check_model_median {_ms(lambda: quality.check(c.case), 500):.3f} ms")
    print(f"live_check_unchanged_findings_median {_ms(ws.live_check.run_now, 200):.3f} ms")
    flip = [0]

    def changed() -> None:  # a measure typed and cleared: the findings change every time
        flip[0] ^= 1
        c.meeting.plan.goals[0].measure = "x" if flip[0] else ""
        ws.live_check.run_now()

    print(f"live_check_changed_findings_median {_ms(changed, 200):.3f} ms")
    findings = quality.check(c.case)
    pair = [findings[0], findings[-1]]  # the first goal's measure, the last goal's date
    turn = [0]

    def jump() -> None:  # back and forth: another row, another field each time
        turn[0] ^= 1
        ws.jump_to(pair[turn[0]])

    ws.show_preparation()
    print(f"jump_to_field_median {_ms(jump, 100):.3f} ms")
    c.save_now()
    window.close()


if __name__ == "__main__":
    main()
