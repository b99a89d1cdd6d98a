"""Importing an example plan file into the encrypted store, in process."""

from __future__ import annotations

import time

from common import DEMO, Figures, median_of, use_bench_keyring, workdir


def run(runs: int = 25) -> Figures:
    from sipdesk.model import cases
    from sipdesk.model.store import open_store

    work = workdir()
    use_bench_keyring(work)
    store = open_store(work / "import")
    path = DEMO / "1-josef.json"
    cases.import_file(store, path)  # warm: ORM imported, engine connected

    def once() -> float:
        start = time.perf_counter()
        cases.import_file(store, path)
        return (time.perf_counter() - start) * 1000

    figure = median_of(once, runs)
    store.close()
    return {"import_plan_ms": (figure, "ms")}


if __name__ == "__main__":
    for name, (value, unit) in run().items():
        print(f"{name} {value:.4g} {unit}")
