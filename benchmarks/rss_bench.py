"""Resident memory of SipDesk with the demo store open, a case shown and the shared screen up."""

from __future__ import annotations

import json
import subprocess
import sys

from common import ROOT, Figures, bench_env, log, workdir

CHILD = r"""
import json, os, sys
from PySide6.QtWidgets import QApplication
from sipdesk.model import cases
from sipdesk.model.store import open_store
from sipdesk.ui.main_window import MainWindow
app = QApplication([])
store = open_store(sys.argv[1])
cases.seed_demo(store, __import__("pathlib").Path(sys.argv[2]))
window = MainWindow(store)
window.resize(1366, 768)
window.show()
window.select_case(store.list_cases("Kasim")[0].id)
app.processEvents()
live = "no"
opener = getattr(window, "open_shared_screen", None)
if callable(opener):
    opener()
    live = "yes"
for _ in range(20):
    app.processEvents()
rss_kb = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS:"))
print(json.dumps({"rss_mb": rss_kb / 1024, "live": live}))
"""


def run() -> Figures:
    work = workdir()
    env = bench_env(work)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(work / "demo"), str(ROOT / "resources" / "demo")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["live"] != "yes":
        log("rss_mb: measured without the shared screen (no window.open_shared_screen yet)")
    return {"rss_mb": (result["rss_mb"], "MB")}


if __name__ == "__main__":
    for name, (value, unit) in run().items():
        print(f"{name} {value:.4g} {unit}")
