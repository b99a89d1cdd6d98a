"""Shared pieces of the benchmarks: timing, medians, benchmark stores and a fresh-process runner."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
DEMO = ROOT / "resources" / "demo"
Figures = dict[str, tuple[float, str]]


def log(message: str) -> None:
    """Progress goes to stderr; stdout carries only `NAME VALUE UNIT` lines."""
    print(message, file=sys.stderr, flush=True)


def median_of(fn: Callable[[], float], runs: int) -> float:
    return statistics.median(fn() for _ in range(runs))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def clean_env(workdir: Path, passphrase: str | None = None) -> dict[str, str]:
    """An environment built from nothing for a fresh SipDesk process: nothing inherited that could
    change what it does (no SIPDESK_PASSPHRASE, no keyring choice, no display, no user settings).

    Without `passphrase` the store's key goes through the benchmark keyring (a file in `workdir`,
    the raw-key path a laptop with an OS keyring takes); with it, SIPDESK_PASSPHRASE is given
    explicitly. stdin is never a terminal in these processes, so nothing can wait for input."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(workdir / "home"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TMPDIR": os.environ.get("TMPDIR", tempfile.gettempdir()),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join([str(BENCH_DIR), str(ROOT)]),
        "SIPDESK_CONFIG": str(workdir / "settings.json"),
        "XDG_CONFIG_HOME": str(workdir / "config"),
        "XDG_DATA_HOME": str(workdir / "data"),
        "XDG_CACHE_HOME": str(workdir / "cache"),
        "XDG_STATE_HOME": str(workdir / "state"),
        "SIPDESK_BENCH_KEYRING": str(workdir / "keyring.json"),
    }
    if passphrase is None:
        env["PYTHON_KEYRING_BACKEND"] = "bench_keyring.FileKeyring"
    else:
        # keyring's fail backend: the passphrase given here is the only way in
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        env["SIPDESK_PASSPHRASE"] = passphrase
    return env


def bench_env(workdir: Path) -> dict[str, str]:
    """Environment for a fresh SipDesk process using the benchmark keyring (raw key path)."""
    return clean_env(workdir)


def use_bench_keyring(workdir: Path) -> None:
    """The same keyring in this process."""
    sys.path.insert(0, str(BENCH_DIR))
    os.environ["SIPDESK_BENCH_KEYRING"] = str(workdir / "keyring.json")
    import keyring
    from bench_keyring import FileKeyring

    keyring.set_keyring(FileKeyring())


def make_store(workdir: Path, n_cases: int) -> Path:
    """A store of `n_cases` cases cloned from the demo plans, written in one transaction."""
    from sqlalchemy.orm import Session

    from sipdesk.model import planfile
    from sipdesk.model.store import open_store
    from sipdesk.model.store.repository import Store

    use_bench_keyring(workdir)
    data_dir = workdir / f"store-{n_cases}"
    store = open_store(data_dir)
    templates = [planfile.read(p) for p in sorted(DEMO.glob("*.json"))]
    first_names = [
        "Josef",
        "Alice",
        "Kasim",
        "Linus",
        "Maja",
        "Noah",
        "Elsa",
        "Omar",
        "Wilma",
        "Liam",
    ]
    now = dt.datetime.now().replace(microsecond=0)
    from sipdesk.model.store.schema import CaseRecord

    with Session(store.engine) as session, session.begin():
        for i in range(n_cases):
            case = copy.deepcopy(templates[i % len(templates)])
            case.uid = f"bench-{i:06d}"
            if not case.person.protected_identity:
                case.person.name = f"{first_names[i % 10]} Testsson {i}"
            else:
                case.person.pseudonym = f"Klient K-{i}"
            record = CaseRecord(created_at=now, **Store._columns(case, now))
            record.meetings = [
                Store._meeting_record(j, m, now) for j, m in enumerate(case.meetings)
            ]
            session.add(record)
    store.close()
    reopened = open_store(data_dir)
    count = reopened.count_cases()
    reopened.close()
    if count != n_cases:
        raise RuntimeError(f"benchmark store holds {count} cases, expected {n_cases}")
    return data_dir


TIMEOUT_S = 180.0  # no child process of the suite may take longer than this


def run_process(
    args: list[str], env: dict[str, str], timeout: float = TIMEOUT_S, cwd: Path | None = None
) -> float:
    """Wall time of a fresh process, seconds; raises with the reason if it fails or overruns.
    stdin is closed, so a process that would ask for anything fails instead of waiting."""
    start = time.perf_counter()
    try:
        result = subprocess.run(
            args,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
            cwd=cwd,
        )
    except subprocess.TimeoutExpired:
        raise RuntimeError(
            f"{' '.join(map(str, args))}: no answer within {timeout:.0f} s"
        ) from None
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, args))} exited {result.returncode}: {result.stderr[-2000:]}"
        )
    return elapsed


def run_process_cpu(
    args: list[str], env: dict[str, str], timeout: float = TIMEOUT_S, cwd: Path | None = None
) -> tuple[float, float]:
    """(wall, CPU) seconds of a fresh process: CPU is the user + system time of it and of every
    process it waited for (LibreOffice's soffice.bin under its launcher) – the figure that does
    not move when other work shares the cores."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = run_process(args, env, timeout, cwd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="sipdesk-bench-"))


def dump_json(figures: Figures) -> str:
    return json.dumps({k: v[0] for k, v in figures.items()})
