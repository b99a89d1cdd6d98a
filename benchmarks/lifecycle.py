"""Costs of the plan's-life features, printed as `NAME VALUE UNIT` lines.

    SIPDESK_PASSPHRASE=bench-pass .venv/bin/python benchmarks/lifecycle.py [N]

N cases (default 2000, copies of the demo plans) go into a fresh encrypted store in a temp folder.
"""

from __future__ import annotations

import copy
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SIPDESK_PASSPHRASE", "bench-passphrase")

from sipdesk.model import planfile, quality, stats_store  # noqa: E402
from sipdesk.model.store import open_store  # noqa: E402


def main(n: int) -> None:
    demos = [planfile.read(p) for p in sorted((ROOT / "resources" / "demo").glob("*.json"))]
    runs = 2000
    start = time.perf_counter()
    for i in range(runs):
        quality.check(demos[i % len(demos)])
    print(f"quality_check_per_plan {1e6 * (time.perf_counter() - start) / runs:.0f} us")

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp))
        start = time.perf_counter()
        for i in range(n):
            case = copy.deepcopy(demos[i % len(demos)])
            case.uid = uuid.uuid4().hex
            store.add_case(case)
        print(f"add_case_with_error_count {1e3 * (time.perf_counter() - start) / n:.2f} ms")
        start = time.perf_counter()
        rows = store.list_cases()
        print(f"list_cases_{n} {1e3 * (time.perf_counter() - start):.1f} ms")
        assert all(r.error_count == 0 for r in rows)
        start = time.perf_counter()
        figures = stats_store.from_store(store)
        print(f"stats_from_store_{n} {time.perf_counter() - start:.2f} s")
        assert figures.first_meetings == n
        store.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
