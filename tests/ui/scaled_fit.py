"""The fit check of tests/ui/test_layout_fits.py under a real QT_SCALE_FACTOR – run as a child
process, since Qt reads the factor and the screen layout only when the QApplication starts.

    QT_SCALE_FACTOR=1.25 QT_QPA_PLATFORM="offscreen:configfile=screens.json" \
        python -m tests.ui.scaled_fit DIR

Opens a demo store in DIR (key in an in-process keyring), sizes the window to the screen's
available area (in logical pixels, minus a 40 px taskbar scaled like everything else), visits
every page the fit test visits and prints one JSON line: `FIT {"screen": …, "ratio": …,
"window": …, "problems": [...]}`.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("SIPDESK_LANG", "sv")


def main(data: Path) -> int:
    from tests.ui.child_setup import prepare

    app = prepare(data)
    from PySide6.QtWidgets import QMessageBox

    from sipdesk.model import cases
    from sipdesk.model.store import open_store
    from sipdesk.ui.main_window import MainWindow
    from tests.conftest import DEMO
    from tests.ui.layout_check import problems
    from tests.ui.test_layout_fits import TASKBAR, visit_every_page

    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.No)
    store = open_store(data / "store")
    cases.seed_demo(store, DEMO)
    window = MainWindow(store)
    screen = app.primaryScreen()
    ratio = screen.devicePixelRatio()
    area = screen.availableGeometry()
    size = (area.width(), area.height() - round(TASKBAR / ratio))
    window.resize(*size)
    window.show()
    found: list[str] = []
    for page, root in visit_every_page(window):
        for _ in range(4):
            app.processEvents()
        if (window.width(), window.height()) != size:
            found.append(f"[{page}] the window grew to {window.width()}×{window.height()}")
        found += [f"[{page}] {p}" for p in problems(root)]
    record = {
        "screen": [screen.geometry().width(), screen.geometry().height()],
        "ratio": ratio,
        "window": [window.width(), window.height()],
        "problems": found,
    }
    window.close()
    store.close()
    print("FIT " + json.dumps(record, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
