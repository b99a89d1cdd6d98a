"""Run SipDesk's benchmarks: `python benchmarks/run.py [NAME ...]`.

Prints one line per figure, `NAME VALUE UNIT`, and nothing else on stdout (progress and notes go
to stderr). NAME selects a group (startup, list, import, rss, live, export, kill) or a single
figure (e.g. startup_ratio). Timings are medians of several runs; figures that depend on the
machine come with a ratio against a baseline measured in the same run (startup_ratio: SipDesk vs a
bare PySide6 window). A benchmark whose feature is missing prints `NAME n/a` and says why on
stderr. Never used by the tests: speed is measured here, not asserted there.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import Figures, log  # noqa: E402

# group -> (module, function, the figures it yields)
GROUPS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "startup": (
        "startup_bench",
        "run",
        ("startup_bare_qt_s", "startup_s", "startup_ratio", "startup_10k_s", "startup_10k_ratio"),
    ),
    "list": ("startup_bench", "run_list", ("list_10k_cases_ms", "search_10k_cases_ms")),
    "import": ("store_bench", "run", ("import_plan_ms",)),
    "rss": ("rss_bench", "run", ("rss_mb",)),
    "live": ("live_bench", "run", ("live_update_ms_p50", "live_update_ms_p95")),
    "export": (
        "export_bench",
        "run",
        (
            "export_pdf_ms",
            "export_pdf_signed_ms",
            "export_pdf_200rows_ms",
            "export_cli_s",
            "export_cli_passphrase_s",
        ),
    ),
    "kill": ("kill_test", "run", ("kill_test_iterations", "kill_test_lost_edits")),
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
    ),
}


def _load(module: str, function: str) -> Callable[[], Figures]:
    return getattr(importlib.import_module(module), function)


def _with_unit(name: str, result: float | tuple[float, str]) -> tuple[float, str]:
    """Benchmarks return (value, unit) or a bare number whose unit the name's suffix tells."""
    if isinstance(result, tuple):
        return result
    for suffix, unit in (("_ms", "ms"), ("_s", "s"), ("_mb", "MB"), ("_ratio", "x")):
        if name.endswith(suffix) or f"{suffix}_" in name:
            return result, unit
    return result, "count"


def main(argv: list[str]) -> int:
    wanted = set(argv)
    unknown = wanted - set(GROUPS) - {f for _m, _f, figs in GROUPS.values() for f in figs}
    if unknown:
        print(f"unknown benchmark: {', '.join(sorted(unknown))}", file=sys.stderr)
        print(f"groups: {', '.join(GROUPS)}", file=sys.stderr)
        return 2
    failed = False
    for group, (module, function, figures) in GROUPS.items():
        selected = [f for f in figures if not wanted or group in wanted or f in wanted]
        if not selected:
            continue
        log(f"== {group}")
        try:
            results = _load(module, function)()
        except ModuleNotFoundError as exc:
            log(f"{group}: not available yet ({exc})")
            results = {}
        except Exception:  # a benchmark that breaks must not hide the others
            log(f"{group}: failed\n{traceback.format_exc()}")
            results = {}
            failed = True
        for name in selected:
            if name in results:
                value, unit = _with_unit(name, results[name])
                print(f"{name} {value:.4g} {unit}", flush=True)
            else:
                print(f"{name} n/a", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
