"""Resident memory of SipDesk with the demo store open, a case shown and the shared screen up."""

from __future__ import annotations

import json
import subprocess
import sys

from common import ROOT, Figures, bench_env, log, workdir

SEED = r"""
import sys
from pathlib import Path
from sipdesk.model import cases
from sipdesk.model.store import open_store
store = open_store(sys.argv[1])
cases.seed_demo(store, Path(sys.argv[2]))
store.close()
"""

# a chair's ordinary start: the demo store exists; Kasim's case open in the workspace, the
# shared screen showing it
CHILD = r"""
import json, os, sys
from PySide6.QtWidgets import QApplication
from sipdesk.model.store import open_store
from sipdesk.ui.main_window import MainWindow
app = QApplication([])
store = open_store(sys.argv[1])
window = MainWindow(store)
window.resize(1366, 768)
window.show()
window.select_case(store.list_cases("Kasim")[0].id)
window.open_current()
app.processEvents()
live = "no"
if getattr(window, "live_screen", None) is not None:
    window.live_screen.open()
    live = "yes"
for _ in range(20):
    app.processEvents()
def rss():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS:"))
rss_kb = rss()
# what the window's warm-up thread (or the first save) adds: SQLAlchemy's ORM and its engine
store.warm_up()
print(json.dumps({"rss_mb": rss_kb / 1024, "rss_with_orm_mb": rss() / 1024, "live": live}))
"""


def run() -> Figures:
    work = workdir()
    env = bench_env(work)
    args = [str(work / "demo"), str(ROOT / "resources" / "demo")]
    subprocess.run([sys.executable, "-c", SEED, *args], env=env, check=True, capture_output=True)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(work / "demo"), str(ROOT / "resources" / "demo")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["live"] != "yes":
        log("rss_mb: measured without the shared screen (the feature is not installed)")
    return {
        "rss_mb": (result["rss_mb"], "MB"),
        "rss_with_orm_mb": (result["rss_with_orm_mb"], "MB"),
    }


if __name__ == "__main__":
    for name, (value, unit) in run().items():
        print(f"{name} {value:.4g} {unit}")
