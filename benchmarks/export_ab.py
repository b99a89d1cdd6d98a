"""Signed export from the command line, A/B: SipDesk from two source trees, in turn, in one run.

    python benchmarks/export_ab.py BASE_TREE [RUNS]

BASE_TREE is another copy of the repository (e.g. `git archive COMMIT | tar -x -C /tmp/base`);
this tree is the other side. Each round runs `sipdesk export CASE --format pdf --sign` – the
whole process, as `office_bench` measures it – from each tree on the same store (plans of 10
and 200 goal rows, keyring store), and prints the medians of wall and CPU time (CPU: the process
and its signing child). On a shared machine both trees meet the same load, so their ratio to
each other is the steadier figure.
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

from common import ROOT, bench_env, log, run_process, run_process_cpu, use_bench_keyring, workdir


def main(base: Path, runs: int) -> None:
    from sipdesk.model import cases
    from sipdesk.model.store import open_store
    from tests.export.helpers import big_case

    work = workdir()
    use_bench_keyring(work)
    store = open_store(work / "store")
    ids = {rows: cases.import_case(store, big_case(rows)) for rows in (10, 200)}
    store.close()
    out = work / "out"
    out.mkdir()
    env = bench_env(work)
    trees = {"base": base.resolve(), "this": ROOT}
    for rows, case_id in ids.items():
        cmd = [sys.executable, "-m", "sipdesk", "--data-dir", str(work / "store"), "export",
               str(case_id), "--format", "pdf", "--sign", "--out", str(out), "--overwrite"]  # fmt: skip
        sides = {
            name: dict(env, PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), str(tree)]))
            for name, tree in trees.items()
        }
        for side_env in sides.values():  # warm-up: file cache, .pyc and the code caches
            run_process(cmd, side_env, cwd=work)
            run_process(cmd, side_env, cwd=work)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in sides}
        for i in range(runs):
            log(f"export_ab {rows} rows: round {i + 1}/{runs}")
            for name, side_env in sides.items():
                times[name].append(run_process_cpu(cmd, side_env, cwd=work))
        for name, got in times.items():
            wall = statistics.median(w for w, _c in got)
            cpu = statistics.median(c for _w, c in got)
            print(f"{rows:3d} rows  {name:4s}  wall {wall:.3f} s  cpu {cpu:.3f} s")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 9)
