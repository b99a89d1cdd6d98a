"""Start-up: a bare PySide6 window vs SipDesk showing its filled case list, in fresh processes."""

from __future__ import annotations

import statistics
import sys

from common import Figures, bench_env, log, run_process, run_process_cpu, workdir

# quits once its first frame is painted, as SipDesk's measurement does (SIPDESK_EXIT_WHEN_SHOWN)
BARE_QT = (
    "from PySide6.QtCore import QEvent, QObject, QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "class Painted(QObject):\n"
    "    def eventFilter(self, obj, event):\n"
    "        if event.type() == QEvent.Type.Paint:\n"
    "            QTimer.singleShot(0, app.quit)\n"
    "        return False\n"
    "w = QMainWindow(); w.resize(1300, 760)\n"
    "painted = Painted(); w.installEventFilter(painted)\n"
    "w.show()\n"
    "QTimer.singleShot(30000, app.quit)\n"
    "app.exec()\n"
)


_BARE = (
    "python -c '<a bare PySide6 QMainWindow shown, quit at its first frame>' "
    "(startup_bench.BARE_QT, fresh process)"
)
ANCHORS = {"startup_ratio": _BARE, "startup_cpu_ratio": _BARE}


def run(runs: int = 7) -> Figures:
    from bigstore_bench import fast_store

    work = workdir()
    env = bench_env(work)
    log("startup: building stores of 1,000 and 10,000 cases")
    from common import use_bench_keyring

    use_bench_keyring(work)
    stores = {}
    for n in (1_000, 10_000):
        store = fast_store(work, n)
        stores[n] = store.data_dir
        store.close()
    gui = [sys.executable, "-m", "sipdesk", "--data-dir"]
    shown = dict(env, SIPDESK_EXIT_WHEN_SHOWN="1")  # quit at the first frame of the filled list
    ready = dict(env, SIPDESK_EXIT_WHEN_SHOWN="features")  # … once the menus are installed too
    bare_cmd = [sys.executable, "-c", BARE_QT]
    # one warm-up of each, so the OS file cache is equally warm for all
    run_process(bare_cmd, env)
    run_process([*gui, str(stores[1_000]), "gui"], shown)
    times: dict[str, list[float]] = {k: [] for k in ("bare", "1k", "10k", "ready")}
    cpu: dict[str, list[float]] = {k: [] for k in ("bare", "1k")}
    for i in range(runs):
        log(f"startup: run {i + 1}/{runs}")
        for key, cmd, cmd_env in (
            ("bare", bare_cmd, env),
            ("1k", [*gui, str(stores[1_000]), "gui"], shown),
        ):
            wall, used = run_process_cpu(cmd, cmd_env)
            times[key].append(wall)
            cpu[key].append(used)
        times["10k"].append(run_process([*gui, str(stores[10_000]), "gui"], shown))
        times["ready"].append(run_process([*gui, str(stores[1_000]), "gui"], ready))
    med = {k: statistics.median(v) for k, v in times.items()}
    med_cpu = {k: statistics.median(v) for k, v in cpu.items()}
    return {
        "startup_bare_qt_s": (med["bare"], "s"),
        "startup_s": (med["1k"], "s"),
        "startup_ratio": (med["1k"] / med["bare"], "x"),
        "startup_bare_qt_cpu_s": (med_cpu["bare"], "s"),
        "startup_cpu_s": (med_cpu["1k"], "s"),
        "startup_cpu_ratio": (med_cpu["1k"] / med_cpu["bare"], "x"),
        "startup_10k_s": (med["10k"], "s"),
        "startup_10k_ratio": (med["10k"] / med["1k"], "x"),
        "startup_with_menus_s": (med["ready"], "s"),
    }


if __name__ == "__main__":
    for name, (value, unit) in run().items():
        print(f"{name} {value:.4g} {unit}")
