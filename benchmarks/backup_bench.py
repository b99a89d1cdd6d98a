"""Backup and restore of 10,000 cases, and what a refused crafted backup costs (issue 19/21).

Each operation runs in a fresh process, so its peak memory (ru_maxrss) is its own:
- backup_10k_s / _cpu_s / _peak_mb: `write_backup` of a 10,000-case store (streamed);
- restore_10k_s / _cpu_s / _peak_mb: `restore` of that backup into an empty store (every case
  decoded and checked like a plan file – most of its time; its JSON then written as it is,
  being the store's own encoding, and the list's error count taken from the backup);
- crafted_kdf_refused_s / _peak_mb: a header asking for scrypt N=2^20, r=32, p=16 (before: 39 s,
  954 MB, then "the passphrase does not open");
- bomb_refused_s / _peak_mb: a backup of a few hundred KB that decompresses to 1 GiB (before:
  a 2 MB file to 2 GB peaked at 4.15 GB).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from common import BENCH_DIR, Figures, bench_env, log, make_store, workdir

PASS = "en lång backup-lösenfras"


def _worker(kind: str, args: list[str]) -> None:
    """Runs in the child: one operation, then its time and peak memory as JSON on stdout."""
    import os
    import resource
    import time

    sys.path.insert(0, str(BENCH_DIR))
    from common import use_bench_keyring

    from sipdesk.model import backup
    from sipdesk.model.store import open_store

    work = Path(os.environ["SIPDESK_BENCH_WORK"])
    use_bench_keyring(work)
    start, cpu_start = time.perf_counter(), time.process_time()
    if kind == "backup":
        store = open_store(Path(args[0]), create=False)
        start, cpu_start = time.perf_counter(), time.process_time()
        _path, count = backup.write_backup(store, Path(args[1]), PASS)
        store.close()
        assert count == int(args[2]), count
    elif kind == "restore":
        store = open_store(Path(args[0]))
        start, cpu_start = time.perf_counter(), time.process_time()
        result = backup.restore(store, Path(args[1]), PASS)
        store.close()
        assert len(result.added) == int(args[2]), len(result.added)
    else:  # a crafted file: must be refused
        try:
            backup.read_backup(Path(args[0]), PASS)
        except backup.BackupError:
            pass
        else:
            raise SystemExit("crafted backup was accepted")
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    # VmHWM: this process's own peak (ru_maxrss is carried over exec from the parent on Linux)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak_kb = int(line.split()[1])
    except OSError:
        pass
    print(json.dumps({"s": elapsed, "cpu_s": cpu, "peak_mb": peak_kb / 1024}))


def _child(work: Path, kind: str, *args: str) -> dict[str, float]:
    env = bench_env(work)
    env["SIPDESK_BENCH_WORK"] = str(work)
    done = subprocess.run(
        [sys.executable, __file__, "--worker", kind, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{kind} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _crafted(work: Path) -> tuple[Path, Path]:
    """A header asking for absurd scrypt work, and a decompression bomb (valid KDF)."""
    from tests.backups import bomb, craft

    kdf = work / "crafted-kdf.sipbackup"
    craft(kdf, b"{}\n", PASS, n=2**20, r=32, p=16)
    bomb_file = work / "bomb.sipbackup"
    craft(bomb_file, bomb(1024 * 1024 * 1024), PASS)
    log(f"bomb: {bomb_file.stat().st_size / 1e6:.2f} MB on disk, 1024 MiB decompressed")
    return kdf, bomb_file


def run(n_cases: int = 10_000) -> Figures:
    work = workdir()
    log(f"building a store of {n_cases} cases")
    data_dir = make_store(work, n_cases)
    out = work / "all.sipbackup"
    figures: Figures = {}
    b = _child(work, "backup", str(data_dir), str(out), str(n_cases))
    log(f"backup: {out.stat().st_size / 1e6:.1f} MB file")
    figures["backup_10k_s"] = (b["s"], "s")
    figures["backup_10k_cpu_s"] = (b["cpu_s"], "s")
    figures["backup_10k_peak_mb"] = (b["peak_mb"], "MB")
    r = _child(work, "restore", str(work / "restored"), str(out), str(n_cases))
    figures["restore_10k_s"] = (r["s"], "s")
    figures["restore_10k_cpu_s"] = (r["cpu_s"], "s")
    figures["restore_10k_peak_mb"] = (r["peak_mb"], "MB")
    kdf, bomb = _crafted(work)
    k = _child(work, "refuse", str(kdf))
    figures["crafted_kdf_refused_s"] = (k["s"], "s")
    figures["crafted_kdf_refused_peak_mb"] = (k["peak_mb"], "MB")
    z = _child(work, "refuse", str(bomb))
    figures["bomb_refused_s"] = (z["s"], "s")
    figures["bomb_refused_peak_mb"] = (z["peak_mb"], "MB")
    return figures


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        _worker(sys.argv[2], sys.argv[3:])
    else:
        for name, (value, unit) in run().items():
            print(f"{name} {value:.4g} {unit}")
