"""A scripted editing session for the kill-and-reopen test (run as a child process).

Opens the store in argv[1] (passphrase from SIPDESK_PASSPHRASE), opens case argv[2] in the
controller and types into the person's own view, one character every 20 ms, as the field does.
After each save it prints `SAVED <n>` (n characters typed by then) and flushes, so the parent
knows exactly what the store has acknowledged. It never stops by itself: the parent kills it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TEXT = "Josef deltar i de sammanhang hans föräldrar bedömer att han ska vara med i. " * 20


def main() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from sipdesk.model import editing as ed
    from sipdesk.model.store import open_store
    from sipdesk.ui.controller import Controller

    app = QApplication([])
    store = open_store(Path(sys.argv[1]))
    controller = Controller(store)
    controller.open_case(int(sys.argv[2]))
    controller.set_focus("field", "own_view")
    typed = [0]

    def saved() -> None:
        print(f"SAVED {typed[0]}", flush=True)

    def key() -> None:
        typed[0] += 1
        text = TEXT[: typed[0]]
        controller.apply(
            "typing", lambda case, m: ed.set_plan_text(m.plan, "own_view", text), "own_view"
        )

    controller.saved.connect(saved)
    timer = QTimer(interval=20)
    timer.timeout.connect(key)
    timer.start()
    print("READY", flush=True)
    app.exec()


if __name__ == "__main__":
    main()
