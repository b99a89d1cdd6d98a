"""Start-up: a bare PySide6 window vs SipDesk showing its filled case list, in fresh processes."""

from __future__ import annotations

import sys
import time

from common import Figures, bench_env, log, make_store, median_of, run_process, workdir

BARE_QT = (
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "w = QMainWindow(); w.resize(1300, 760); w.show()\n"
    "QTimer.singleShot(0, app.quit)\n"
    "app.exec()\n"
)


def run(runs: int = 7) -> Figures:
    work = workdir()
    env = bench_env(work)
    env["SIPDESK_EXIT_WHEN_SHOWN"] = "1"
    log("startup: building stores of 1,000 and 10,000 cases")
    store_1k = make_store(work, 1_000)
    store_10k = make_store(work, 10_000)
    gui = [sys.executable, "-m", "sipdesk", "--data-dir"]
    # one warm-up of each, so the OS file cache is equally warm for all
    run_process([sys.executable, "-c", BARE_QT], env)
    run_process([*gui, str(store_1k), "gui"], env)
    bare, s1k, s10k = [], [], []
    for i in range(runs):
        log(f"startup: run {i + 1}/{runs}")
        bare.append(run_process([sys.executable, "-c", BARE_QT], env))
        s1k.append(run_process([*gui, str(store_1k), "gui"], env))
        s10k.append(run_process([*gui, str(store_10k), "gui"], env))
    med = sorted(bare)[runs // 2], sorted(s1k)[runs // 2], sorted(s10k)[runs // 2]
    return {
        "startup_bare_qt_s": (med[0], "s"),
        "startup_s": (med[1], "s"),
        "startup_ratio": (med[1] / med[0], "x"),
        "startup_10k_s": (med[2], "s"),
        "startup_10k_ratio": (med[2] / med[1], "x"),
    }


def run_list(runs: int = 9) -> Figures:
    """Filling the case list and one search keystroke with 10,000 cases, in process."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = workdir()
    data_dir = make_store(work, 10_000)
    from PySide6.QtWidgets import QApplication

    from sipdesk.model.store import open_store
    from sipdesk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    store = open_store(data_dir)
    window = MainWindow(store)
    window.show()
    app.processEvents()

    def fill() -> float:
        window.search.blockSignals(True)
        window.search.setText("")
        window.search.blockSignals(False)
        start = time.perf_counter()
        window.refresh()
        app.processEvents()
        return (time.perf_counter() - start) * 1000

    def keystroke() -> float:
        window.search.blockSignals(True)
        window.search.setText("")
        window.refresh()
        app.processEvents()
        window.search.setText("wil")
        window.search.blockSignals(False)
        start = time.perf_counter()
        window.refresh()  # what the debounced keystroke runs
        app.processEvents()
        return (time.perf_counter() - start) * 1000

    figures = {
        "list_10k_cases_ms": (median_of(fill, runs), "ms"),
        "search_10k_cases_ms": (median_of(keystroke, runs), "ms"),
    }
    window.close()
    return figures


if __name__ == "__main__":
    for name, (value, unit) in {**run(), **run_list()}.items():
        print(f"{name} {value:.4g} {unit}")
