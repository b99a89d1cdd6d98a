"""Start-up A/B: SipDesk from two source trees against the bare window, in turn, in one run.

    python benchmarks/startup_ab.py BASE_TREE [RUNS]

BASE_TREE is another copy of the repository (e.g. `git archive COMMIT | tar -x -C /tmp/base`,
its catalogs compiled); this tree is the other side. Each round starts the bare window
(startup_bench.BARE_QT), then SipDesk from each tree on the same 1,000-case store, each a fresh
process quitting at the filled list's first frame, as `startup_bench` does; prints the medians
of wall and CPU time and their ratios to the bare window. On a shared machine the two trees meet
the same load, so their ratio to each other is the steadier figure.
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

from common import ROOT, bench_env, log, run_process_cpu, use_bench_keyring, workdir
from startup_bench import BARE_QT


def main(base: Path, runs: int) -> None:
    from bigstore_bench import fast_store

    work = workdir()
    use_bench_keyring(work)
    store = fast_store(work, 1_000)
    data_dir = store.data_dir
    store.close()
    env = bench_env(work)
    trees = {"base": base.resolve(), "this": ROOT}
    sides: dict[str, tuple[list[str], dict[str, str], Path | None]] = {
        "bare": ([sys.executable, "-c", BARE_QT], env, None)
    }
    for name, tree in trees.items():
        side_env = dict(env, SIPDESK_EXIT_WHEN_SHOWN="1",
                        PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), str(tree)]))  # fmt: skip
        sides[name] = ([sys.executable, "-m", "sipdesk", "--data-dir", str(data_dir), "gui"],
                       side_env, tree)  # fmt: skip
    times: dict[str, tuple[list[float], list[float]]] = {k: ([], []) for k in sides}
    for i in range(runs + 1):  # the first round warms the file cache and writes .pyc files
        log(f"startup_ab: round {i}/{runs}")
        for name, (cmd, side_env, cwd) in sides.items():
            wall, cpu = run_process_cpu(cmd, side_env, cwd=cwd)
            if i:
                times[name][0].append(wall)
                times[name][1].append(cpu)
    med = {k: (statistics.median(w), statistics.median(c)) for k, (w, c) in times.items()}
    for name, (wall, cpu) in med.items():
        print(f"{name:5s} wall {wall * 1000:6.0f} ms  cpu {cpu * 1000:6.0f} ms  "
              f"ratio wall {wall / med['bare'][0]:.2f}  cpu {cpu / med['bare'][1]:.2f}")  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 9)
