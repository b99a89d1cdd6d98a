"""Export benchmarks: the plan PDF plain, signed and with 200 rows (in process, warm), and the
whole `sipdesk export … --format pdf --sign` process. Each figure is the median of several runs.

benchmarks/run.py calls the functions; run alone it prints `NAME VALUE UNIT` lines:
    .venv/bin/python benchmarks/export_bench.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sipdesk.model import planfile  # noqa: E402

DEMO = ROOT / "resources" / "demo"


def _median_ms(func: Callable[[], object], runs: int, warm: int = 2) -> float:
    for _ in range(warm):
        func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _josef():
    return planfile.read(DEMO / "1-josef.json")


def export_pdf_ms(runs: int = 15) -> float:
    """Josef's plan (example-sized, 4 pages): document tree + ReportLab render, warm."""
    from sipdesk.export import pdf
    from sipdesk.export.document import plan_document

    case = _josef()
    return _median_ms(lambda: pdf.render(plan_document(case)), runs)


def _identity():
    """A self-signed identity (EC P-256), made as the first signed export makes it."""
    from sipdesk.export import identity
    from tests.export.helpers import MemoryPreferences

    with tempfile.TemporaryDirectory() as tmp:
        prefs = MemoryPreferences(Path(tmp))  # no store.json there, so no keyring is touched
        return identity.create_self_signed(prefs, "Maria Ek", "Familjebehandlare", "Socialtjänsten")


def export_pdf_signed_ms(runs: int = 10) -> float:
    """Josef's plan rendered and signed (PAdES B-B, visible stamp, EC P-256), warm."""
    from sipdesk.export import pdf
    from sipdesk.export.document import plan_document
    from sipdesk.export.signing import sign_pdf, verify_hint

    case, ident = _josef(), _identity()

    def once():
        doc = plan_document(case, stamp_caption=verify_hint(ident.fingerprint))
        rendered = pdf.render(doc)
        return sign_pdf(rendered.pdf, rendered.stamp, ident)

    return _median_ms(once, runs)


def export_pdf_signed_rtl_cpu_ms(runs: int = 10) -> float:
    """Josef's plan rendered and signed by a chair named in Arabic script ("مريم الحسيني"): the
    stamp set with the document's fonts, bidi and shaping. CPU time of this process (median),
    so the figure holds on a loaded machine."""
    from sipdesk.export import identity, pdf
    from sipdesk.export.document import plan_document
    from sipdesk.export.signing import sign_pdf, verify_hint
    from tests.export.helpers import MemoryPreferences

    with tempfile.TemporaryDirectory() as tmp:
        ident = identity.create_self_signed(MemoryPreferences(Path(tmp)), "مريم الحسيني", "Samordnare")
    case = _josef()
    case.current_meeting.chair = "مريم الحسيني"

    def once():
        doc = plan_document(case, stamp_caption=verify_hint(ident.fingerprint))
        rendered = pdf.render(doc)
        return sign_pdf(rendered.pdf, rendered.stamp, ident)

    for _ in range(2):
        once()
    times = []
    for _ in range(runs):
        start = time.process_time()
        once()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def export_pdf_200rows_ms(runs: int = 5) -> float:
    """A plan with 200 rows in the goals table (about 17 pages), warm."""
    from sipdesk.export import pdf
    from sipdesk.export.document import plan_document
    from tests.export.helpers import big_case

    case = big_case(200)
    return _median_ms(lambda: pdf.render(plan_document(case)), runs, warm=1)


def export_cli_s(runs: int = 5) -> float:
    """The whole `sipdesk export 1 --format pdf --sign --out …` process, from start to exit, on a
    laptop with an OS keyring (the raw key: no key derivation), as chairs on Windows have."""
    from common import bench_env

    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(Path(tmp))
        env["SIPDESK_HOME"] = str(Path(tmp) / "store")
        return _cli_export(env, tmp, runs)


def export_cli_passphrase_s(runs: int = 5) -> float:
    """The same with a passphrase-protected store (no OS keyring): each connection also pays
    SQLCipher's key derivation (PBKDF2-HMAC-SHA512, 256,000 iterations)."""
    from common import clean_env

    with tempfile.TemporaryDirectory() as tmp:
        env = clean_env(Path(tmp), passphrase="benchmark-passphrase")
        env["SIPDESK_HOME"] = str(Path(tmp) / "store")
        return _cli_export(env, tmp, runs)


def _cli_export(env: dict[str, str], tmp: str, runs: int) -> float:
    from common import run_process

    cmd = [sys.executable, "-m", "sipdesk"]
    run_process(cmd + ["import", str(DEMO / "1-josef.json")], env, cwd=ROOT)
    export = cmd + ["export", "1", "--format", "pdf", "--sign", "--out", tmp, "--overwrite"]
    # the first signed export makes the signing identity; measure the ones after it
    return _median_ms(lambda: run_process(export, env, cwd=ROOT), runs, warm=1) / 1000


FIGURES = {
    "export_pdf_ms": (export_pdf_ms, "ms"),
    "export_pdf_signed_ms": (export_pdf_signed_ms, "ms"),
    "export_pdf_signed_rtl_cpu_ms": (export_pdf_signed_rtl_cpu_ms, "ms"),
    "export_pdf_200rows_ms": (export_pdf_200rows_ms, "ms"),
    "export_cli_s": (export_cli_s, "s"),
    "export_cli_passphrase_s": (export_cli_passphrase_s, "s"),
}


def run() -> dict[str, tuple[float, str]]:
    """Every export figure, for benchmarks/run.py."""
    return {name: (func(), unit) for name, (func, unit) in FIGURES.items()}


def main() -> None:
    for name, (func, unit) in FIGURES.items():
        print(f"{name} {func():.3f} {unit}", flush=True)


if __name__ == "__main__":
    main()
