"""Run SipDesk's benchmarks: `python benchmarks/run.py [NAME ...]`.

Prints one line per figure, `NAME VALUE UNIT`, on stdout (a ratio's line ends with the anchor's
command after `#`); progress, notes and failures go to stderr. NAME selects a group (see GROUPS)
or a single figure (e.g. startup_ratio). Timings are medians of several runs; figures that depend
on the machine come with a ratio against an anchor measured in the same run.

It never waits for input and never hangs: every group runs in a child process of its own, with a
time limit and an environment built here from nothing (no inherited SIPDESK_PASSPHRASE, keyring
choice, display or settings; the stores use a benchmark keyring in a temp folder, or a
passphrase given explicitly), stdin closed. A group that fails or overruns prints `NAME n/a` for
each of its figures and says on stderr which figure failed and why, then the others go on.

The anchors (a bare PySide6 window; the office route python-docx → LibreOffice headless → PDF)
are part of the suite; when one is missing the suite says how to install it:
    apt-get install libreoffice-writer-nogui python3-docx     (or: pip install -e '.[bench]')
Never used by the tests: speed is measured here, not asserted there.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

# group -> (module, function, the figures it yields, time limit in seconds)
GROUPS: dict[str, tuple[str, str, tuple[str, ...], float]] = {
    "startup": (
        "startup_bench",
        "run",
        (
            "startup_bare_qt_s",
            "startup_s",
            "startup_ratio",
            "startup_bare_qt_cpu_s",
            "startup_cpu_s",
            "startup_cpu_ratio",
            "startup_10k_s",
            "startup_10k_ratio",
            "startup_with_menus_s",
        ),
        900,
    ),
    "bigstore": (
        "bigstore_bench",
        "run",
        (
            "list_1k_cases_ms",
            "search_1k_cases_ms",
            "stats_1k_s",
            "list_10k_cases_ms",
            "search_10k_cases_ms",
            "stats_10k_s",
            "list_50k_cases_ms",
            "search_50k_cases_ms",
            "stats_50k_s",
            "choose_300goal_case_ms",
            "choose_300goal_case_complete_ms",
            "list_50k_cases_cpu_ms",
            "search_50k_cases_cpu_ms",
            "choose_300goal_case_cpu_ms",
            "chain_1_open_ms",
            "chain_30_open_ms",
            "chain_1_compare_ms",
            "chain_30_compare_ms",
            "chain_1_print_ms",
            "chain_30_print_ms",
        ),
        1800,
    ),
    # helper store's group (benchmarks/backup_bench.py): n/a with a note until it is merged
    "import": ("store_bench", "run", ("import_plan_ms",), 300),
    "rss": ("rss_bench", "run", ("rss_mb", "rss_with_orm_mb"), 300),
    "live": (
        "live_bench",
        "run",
        ("live_update_partial_ms_p50", "live_update_partial_ms_p95"),
        600,
    ),
    "keystroke": (
        "keystroke_bench",
        "run",
        (
            "keystroke_bare_qt_ms_p50",
            "keystroke_bare_qt_ms_p95",
            "keystroke_to_shared_screen_ms_p50",
            "keystroke_to_shared_screen_ms_p95",
            "keystroke_to_shared_screen_ratio",
            "keystroke_to_shared_screen_200goals_ms_p50",
            "keystroke_to_shared_screen_200goals_ms_p95",
            "keystroke_to_shared_screen_200goals_ratio",
            "keystroke_rss_growth_200goals_mb",
        ),
        900,
    ),
    "export": (
        "export_bench",
        "run",
        (
            "export_pdf_ms",
            "export_pdf_signed_ms",
            "export_pdf_signed_rtl_cpu_ms",
            "export_pdf_200rows_ms",
            "export_cli_s",
            "export_cli_passphrase_s",
        ),
        900,
    ),
    "office": (
        "office_bench",
        "run",
        (
            "export_cli_10rows_s",
            "office_route_10rows_s",
            "export_cli_vs_office_ratio",
            "export_cli_10rows_cpu_s",
            "office_route_10rows_cpu_s",
            "export_cli_vs_office_cpu_ratio",
            "export_cli_200rows_s",
            "office_route_200rows_s",
            "export_cli_vs_office_ratio_200rows",
            "export_cli_200rows_cpu_s",
            "office_route_200rows_cpu_s",
            "export_cli_vs_office_cpu_ratio_200rows",
        ),
        900,
    ),
    "kill": ("kill_test", "run", ("kill_test_iterations", "kill_test_lost_edits"), 1800),
    "backup": (
        "backup_bench",
        "run",
        (
            "backup_10k_s",
            "backup_10k_cpu_s",
            "backup_10k_peak_mb",
            "restore_10k_s",
            "restore_10k_cpu_s",
            "restore_10k_peak_mb",
            "crafted_kdf_refused_s",
            "crafted_kdf_refused_peak_mb",
            "bomb_refused_s",
            "bomb_refused_peak_mb",
        ),
        1800,
    ),
}

UNITS = (("_ms", "ms"), ("_s", "s"), ("_mb", "MB"), ("_ratio", "x"))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _with_unit(name: str, result) -> tuple[float, str]:
    """Benchmarks return (value, unit) or a bare number whose unit the name's suffix tells."""
    if isinstance(result, (tuple, list)):
        return float(result[0]), str(result[1])
    for suffix, unit in UNITS:
        if name.endswith(suffix) or f"{suffix}_" in name:
            return float(result), unit
    return float(result), "count"


def prepare() -> None:
    """What an installed SipDesk has and a clean clone lacks: the compiled catalogs (.mo), which
    `pip install`/packaging/build.py make. Without them every start compiles the .po (≈0.1 s)."""
    for po in sorted((ROOT / "translations").glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fp:
            catalog = read_po(fp, locale=po.parent.parent.name, domain=po.stem)
        tmp = mo.with_suffix(".mo.tmp")
        with tmp.open("wb") as fp:
            write_mo(fp, catalog, use_fuzzy=False)
        tmp.replace(mo)
        log(f"prepared: compiled {mo.relative_to(ROOT)} (as an install does)")


def child(group: str) -> int:
    """Run one group in this (child) process; its figures as JSON on the last stdout line."""
    module, function, _figures, _limit = GROUPS[group]
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            print(json.dumps({"error": f"benchmarks/{module}.py is not there (not merged yet?)"}))
            return 0
        raise
    results = getattr(mod, function)()
    out = {}
    for name, value in results.items():
        v, unit = _with_unit(name, value)
        out[name] = [v, unit]
    notes = getattr(mod, "ANCHORS", {})
    print(json.dumps({"figures": out, "anchors": notes}), flush=True)
    sys.stderr.flush()
    os._exit(0)  # the figures are out: skip Qt's teardown order at interpreter exit


def _clean_env(work: Path) -> dict[str, str]:
    from common import clean_env

    return clean_env(work)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        return child(argv[1])
    wanted = set(argv)
    all_figures = {f for _m, _f, figs, _t in GROUPS.values() for f in figs}
    unknown = wanted - set(GROUPS) - all_figures
    if unknown:
        log(f"unknown benchmark: {', '.join(sorted(unknown))}")
        log(f"groups: {', '.join(GROUPS)}")
        return 2
    prepare()
    failed = False
    started = time.perf_counter()
    for group, (_module, _function, figures, limit) in GROUPS.items():
        selected = [f for f in figures if not wanted or group in wanted or f in wanted]
        if not selected:
            continue
        log(f"== {group} (at most {limit:.0f} s)")
        work = Path(tempfile.mkdtemp(prefix=f"sipdesk-bench-{group}-"))
        env = _clean_env(work)
        env["SIPDESK_BENCH_ONLY"] = ",".join(selected)
        t0 = time.perf_counter()
        results: dict = {}
        anchors: dict = {}
        reason = ""
        try:
            proc = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--child", group],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=None,  # the child's progress shows as it comes
                text=True,
                timeout=limit,
                cwd=work,
            )
            lines = proc.stdout.strip().splitlines()
            if proc.returncode != 0 or not lines:
                reason = f"the group's process exited {proc.returncode} (traceback above)"
            else:
                answer = json.loads(lines[-1])
                reason = answer.get("error", "")
                results = answer.get("figures", {})
                anchors = answer.get("anchors", {})
        except subprocess.TimeoutExpired:
            reason = f"no result within {limit:.0f} s; stopped"
        except Exception:  # noqa: BLE001 - one broken group must not hide the others
            reason = traceback.format_exc()
        finally:
            shutil.rmtree(work, ignore_errors=True)
        log(f"   {group}: {time.perf_counter() - t0:.0f} s")
        for name in selected:
            if name in results:
                value, unit = results[name]
                line = f"{name} {value:.4g} {unit}"
                if name in anchors:
                    line += f"  # anchor: {anchors[name]}"
                print(line, flush=True)
            else:
                print(f"{name} n/a", flush=True)
                log(f"{name}: not measured: {reason or 'the group did not yield it'}")
                if reason and "not merged" not in reason:
                    failed = True
    log(f"all groups: {time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main(sys.argv[1:]))
