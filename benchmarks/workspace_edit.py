"""How long the chair's edits take: one keystroke through the controller, one autosave.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/workspace_edit.py

Prints `NAME VALUE UNIT` lines. Uses the demo case of Josef (example 1) in a throw-away store
with a raw key (as with the OS keyring). The most typing a crash can take is AUTOSAVE_MS plus
one save transaction.
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


def main() -> None:
    import keyring
    from keyring.backend import KeyringBackend
    from PySide6.QtWidgets import QApplication

    class Memory(KeyringBackend):
        """In-process keyring, so the benchmark never touches the user's real one."""

        priority = 1

        def __init__(self) -> None:
            super().__init__()
            self.secrets: dict = {}

        def get_password(self, service, username):
            return self.secrets.get((service, username))

        def set_password(self, service, username, password):
            self.secrets[(service, username)] = password

        def delete_password(self, service, username):
            self.secrets.pop((service, username), None)

    keyring.set_keyring(Memory())
    from sipdesk.model import cases
    from sipdesk.model import editing as ed
    from sipdesk.model.store import open_store
    from sipdesk.ui.controller import AUTOSAVE_MS, Controller

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp))
        cases.seed_demo(store, ROOT / "resources" / "demo")
        case_id = next(r.id for r in store.list_cases("Josef"))
        controller = Controller(store)
        controller.open_case(case_id)
        text = "Josef deltar i de sammanhang hans föräldrar bedömer att han ska vara med i. " * 3
        typing = []
        for i in range(1, len(text) + 1):
            t0 = time.perf_counter()
            controller.apply(
                "t", lambda c, m, v=text[:i]: ed.set_plan_text(m.plan, "own_view", v), "own_view"
            )
            typing.append((time.perf_counter() - t0) * 1000)
        structural = []
        for _ in range(50):
            t0 = time.perf_counter()
            controller.apply("g", lambda c, m: ed.add_goal(m.plan, "Mål"))
            structural.append((time.perf_counter() - t0) * 1000)
        saves = []
        for i in range(30):
            controller.apply("x", lambda c, m, i=i: ed.set_plan_text(m.plan, "strengths", str(i)))
            t0 = time.perf_counter()
            controller.save_now()
            saves.append((time.perf_counter() - t0) * 1000)
        print(f"keystroke_in_burst_median {statistics.median(typing[1:]):.3f} ms")
        print(f"structural_edit_with_undo_snapshot_median {statistics.median(structural):.3f} ms")
        print(f"autosave_transaction_median {statistics.median(saves):.2f} ms")
        print(f"autosave_transaction_max {max(saves):.2f} ms")
        print(f"worst_case_typing_lost {AUTOSAVE_MS + max(saves):.0f} ms")
        controller.close_case()
        # the same keystroke through the whole window: every panel refreshes from the model
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        from sipdesk.ui.main_window import MainWindow

        window = MainWindow(store)
        window.resize(1366, 768)
        window.show()
        window.open_case(case_id)
        window.workspace.show_meeting()
        window.workspace.plan.setCurrentIndex(2)
        field = window.workspace.plan.own_view
        field.setFocus()
        window_typing = []
        for _ in range(200):
            t0 = time.perf_counter()
            QTest.keyClick(field, Qt.Key_A)
            window_typing.append((time.perf_counter() - t0) * 1000)
        print(f"keystroke_through_window_median {statistics.median(window_typing):.2f} ms")
        print(f"keystroke_through_window_p95 {sorted(window_typing)[189]:.2f} ms")
        window.controller.undo_stack.undo()
        window.close()
    del app
    os._exit(0)  # skip Qt's teardown order at interpreter exit; nothing is left to flush


if __name__ == "__main__":
    main()
