"""Big stores: the case list, one search keystroke and `stats` at 1,000 / 10,000 / 50,000 cases;
choosing a 300-goal case in the list; a plan with a chain of 30 follow-up versions.

    QT_QPA_PLATFORM=offscreen python benchmarks/bigstore_bench.py

The stores are made fast: the demo plans are added through the store (the ORM, as the
application writes them), then cloned row by row inside SQLite (`INSERT … SELECT`, every column
the tables have, each clone with its own uid and name). In process, warm, medians:
- list_N_cases_ms: refilling the window's case list (query + model), what start-up and every
  return to the list pay;
- search_N_cases_ms: the work one search keystroke triggers after the typing debounce ("wil");
  `list_…_cpu_ms`, `search_…_cpu_ms`, `choose_…_cpu_ms`: the same paths' CPU time;
- stats_N_s: `stats_store.from_store` over every case (what `sipdesk stats` computes);
- choose_300goal_case_ms: selecting a case with 300 goals in the list until its read-only
  view is painted (load, audit row, the view's first screenful); `…_complete_ms` until the
  view holds the whole case (it follows right after the first paint);
- chain_K_open_ms / _compare_ms / _print_ms: a case whose plan has K versions (K = 1 and 30):
  opening it in the chair's workspace, comparing the last two versions (load + compare), and
  the plan PDF of the newest version (load + document + render).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import DEMO, Figures, log, use_bench_keyring, workdir  # noqa: E402

SIZES = {"1k": 1_000, "10k": 10_000, "50k": 50_000}
NAMES = ["Josef", "Alice", "Kasim", "Linus", "Maja", "Noah", "Elsa", "Omar", "Wilma", "Liam"]


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def fast_store(work: Path, n: int):
    """An open store of `n` cases: the demo plans written by the store, then cloned in SQL."""
    from sipdesk.model import planfile
    from sipdesk.model.store import open_store

    store = open_store(work / f"store-{n}")
    templates = [planfile.read(p) for p in sorted(DEMO.glob("*.json"))]
    ids = [store.add_case(t) for t in templates]
    conn = store._raw()
    case_cols = [r[1] for r in conn.execute("PRAGMA table_info(cases)") if r[1] != "id"]
    meet_cols = [
        r[1] for r in conn.execute("PRAGMA table_info(meetings)") if r[1] not in ("id", "case_id")
    ]
    varied = {"uid": "?", "display_name": "?", "search_name": "?"}
    pick = ", ".join(varied.get(c, c) for c in case_cols)
    clone_case = (
        f"INSERT INTO cases (id, {', '.join(case_cols)}) SELECT ?, {pick} FROM cases WHERE id = ?"
    )
    clone_meetings = (
        f"INSERT INTO meetings (case_id, {', '.join(meet_cols)}) "
        f"SELECT ?, {', '.join(meet_cols)} FROM meetings WHERE case_id = ? ORDER BY seq"
    )
    rows, meeting_rows = [], []
    base = max(ids)
    for i in range(n - len(ids)):
        new_id = base + 1 + i
        template = ids[i % len(ids)]
        name = f"{NAMES[i % 10]} Testsson {i}"
        protected = templates[i % len(ids)].person.protected_identity
        shown = f"Klient K-{i}" if protected else name
        rows.append((new_id, f"bench-{i:06d}", shown, shown.casefold(), template))
        meeting_rows.append((new_id, template))
    # the order of the SELECT's placeholders follows case_cols: uid, display_name, search_name
    order = [c for c in case_cols if c in varied]
    params = [
        (r[0], *[{"uid": r[1], "display_name": r[2], "search_name": r[3]}[c] for c in order], r[4])
        for r in rows
    ]
    with conn:
        conn.executemany(clone_case, params)
        conn.executemany(clone_meetings, meeting_rows)
    count = store.count_cases()
    if count != n:
        raise RuntimeError(f"benchmark store holds {count} cases, expected {n}")
    return store


def _dispose(app, window) -> None:
    """Away with a window without closing the store (closing the main window closes it)."""
    window.hide()
    window.deleteLater()
    app.processEvents()


def list_figures(app, store, label: str, runs: int) -> Figures:
    from sipdesk.ui.main_window import MainWindow

    window = MainWindow(store)
    window.show()
    app.processEvents()

    def fill() -> None:
        window.search.blockSignals(True)
        window.search.setText("")
        window.search.blockSignals(False)
        window.refresh()
        app.processEvents()

    def keystroke() -> tuple[float, float]:
        window.search.blockSignals(True)
        window.search.setText("wil")
        window.search.blockSignals(False)
        start, cpu = time.perf_counter(), time.process_time()
        window.refresh()  # what the debounced keystroke runs
        app.processEvents()
        elapsed = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
        window.search.blockSignals(True)
        window.search.setText("")
        window.search.blockSignals(False)
        return elapsed

    fill()
    fills = [_timed(fill) for _ in range(runs)]
    keystroke()
    keys = [keystroke() for _ in range(runs)]
    _dispose(app, window)
    return {
        f"list_{label}_cases_ms": (statistics.median(t[0] for t in fills), "ms"),
        f"search_{label}_cases_ms": (statistics.median(t[0] for t in keys), "ms"),
        # the same paths' CPU time: what a loaded machine's waiting for a core leaves out
        f"list_{label}_cases_cpu_ms": (statistics.median(t[1] for t in fills), "ms"),
        f"search_{label}_cases_cpu_ms": (statistics.median(t[1] for t in keys), "ms"),
    }


def _timed(fn) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one call."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def stats_figure(store, label: str, runs: int) -> Figures:
    from sipdesk.model import stats_store

    stats_store.from_store(store)  # warm: imports, page cache
    ms = _median_ms(lambda: stats_store.from_store(store), runs)
    return {f"stats_{label}_s": (ms / 1000, "s")}


def _case_with_goals(goals: int):
    from tests.export.helpers import big_case

    return big_case(goals * 2)  # two rows per goal


def choose_figure(app, store, runs: int = 7) -> Figures:
    """Select a 300-goal case in the list (another case in between) until its view is filled."""
    from sipdesk.model import cases
    from sipdesk.ui.main_window import MainWindow

    big = cases.import_case(store, _case_with_goals(300))
    small = cases.import_case(store, _case_with_goals(2))
    window = MainWindow(store)
    window.show()
    app.processEvents()

    def choose() -> tuple[float, float, float]:
        window.select_case(small)
        app.processEvents()
        while not window.view.complete:
            app.processEvents()
        start, cpu = time.perf_counter(), time.process_time()
        window.select_case(big)
        app.processEvents()  # the view painted: the case's first screenful
        shown = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
        while not window.view.complete:  # the whole case, which follows the first paint
            app.processEvents()
        return *shown, (time.perf_counter() - start) * 1000

    choose()
    times = [choose() for _ in range(runs)]
    _dispose(app, window)
    return {
        "choose_300goal_case_ms": (statistics.median(t[0] for t in times), "ms"),
        "choose_300goal_case_cpu_ms": (statistics.median(t[1] for t in times), "ms"),
        "choose_300goal_case_complete_ms": (statistics.median(t[2] for t in times), "ms"),
    }


def _chain(versions: int):
    """Josef's case whose plan went through `versions` meetings (the last one being prepared)."""
    from tests.chains import chain

    case = chain(versions)
    case.uid = f"chain-{versions}"
    return case


def chain_figures(app, store, runs: int = 5) -> Figures:
    from sipdesk.export import pdf
    from sipdesk.export.document import plan_document
    from sipdesk.model import cases, compare
    from sipdesk.ui.main_window import MainWindow

    figures: Figures = {}
    window = MainWindow(store)
    window.show()
    app.processEvents()
    for versions in (1, 30):
        case_id = cases.import_case(store, _chain(versions))

        def open_it(case_id=case_id) -> None:
            window.close_workspace()
            app.processEvents()
            window.select_case(case_id)
            window.open_case(case_id)
            app.processEvents()

        def compare_it(case_id=case_id) -> None:
            case = store.load_case(case_id)
            old = case.meetings[-2].plan if len(case.meetings) > 1 else case.meetings[-1].plan
            compare.compare(old, case.meetings[-1].plan)

        def print_it(case_id=case_id) -> None:
            case = store.load_case(case_id)
            pdf.render(plan_document(case))

        window.refresh()
        for name, fn in (("open", open_it), ("compare", compare_it), ("print", print_it)):
            fn()  # warm
            figures[f"chain_{versions}_{name}_ms"] = (_median_ms(fn, runs), "ms")
        window.close_workspace()
    _dispose(app, window)
    return figures


def run(runs: int = 7) -> Figures:
    work = workdir()
    use_bench_keyring(work)
    os.environ["SIPDESK_CONFIG"] = str(work / "settings.json")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    figures: Figures = {}
    only = set(filter(None, os.environ.get("SIPDESK_BENCH_ONLY", "").split(",")))

    def wanted(*names: str) -> bool:
        return not only or bool(only & set(names))

    for label, n in SIZES.items():
        names = (f"list_{label}_cases_ms", f"search_{label}_cases_ms", f"stats_{label}_s")
        chosen = ("choose_300goal_case_ms", "choose_300goal_case_complete_ms")
        if not wanted(*names) and not (label == "10k" and wanted(*chosen)):
            continue
        start = time.perf_counter()
        store = fast_store(work, n)
        log(f"bigstore: {n} cases made in {time.perf_counter() - start:.1f} s")
        try:
            figures.update(list_figures(app, store, label, runs))
            figures.update(stats_figure(store, label, 3 if n >= 10_000 else runs))
            if label == "10k":
                figures.update(choose_figure(app, store))
                figures.update(chain_figures(app, store))
        except Exception as exc:  # noqa: BLE001 - the other sizes still count
            log(f"bigstore {label}: failed: {type(exc).__name__}: {exc}")
        finally:
            store.close()
    return figures


if __name__ == "__main__":
    for name, (value, unit) in run().items():
        print(f"{name} {value:.4g} {unit}", flush=True)
    os._exit(0)
