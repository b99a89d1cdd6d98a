"""A signed plan from the command line against the office route, in the same run.

SipDesk: the whole `sipdesk export CASE --format pdf --sign --out DIR` process (keyring store, raw
key) for a plan of 10 and of 200 goal rows. Anchor: the same plan's content written as a Word
document with python-docx (a fresh process) and converted by LibreOffice headless to PDF (another
one) – see office_route.py. Ratios are office time / SipDesk time (goal ≥ 2), medians of runs
taken in turn (one SipDesk export, one office route, …), so a load that comes and goes meets
both alike; the `…_cpu_ratio` figures compare CPU time (user + system of each process and what
it waited for), which other work on the machine does not move.

When python-docx or LibreOffice is missing the anchor figures are n/a and stderr says how to
install them: `apt-get install libreoffice-writer-nogui python3-docx`, or python-docx into the
venv with `pip install -e '.[bench]'`.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import BENCH_DIR, ROOT, Figures, clean_env, log, run_process, run_process_cpu

ANCHORS: dict[str, str] = {}
INSTALL_HINT = (
    "install the office-route anchor with `apt-get install libreoffice-writer-nogui python3-docx` "
    "(or python-docx into the venv: `pip install -e '.[bench]'`)"
)


def _tree(case) -> dict:
    """SipDesk's document tree of the plan as plain JSON, each block tagged with its kind."""
    from sipdesk.export.document import plan_document

    doc = plan_document(case)

    def block(b) -> dict:
        return {"kind": type(b).__name__, **dataclasses.asdict(b)}

    return {
        "title": doc.title,
        "subtitle_lines": list(doc.subtitle_lines),
        "notice": doc.notice,
        "sections": [
            {"heading": s.heading, "blocks": [block(b) for b in s.blocks]} for s in doc.sections
        ],
    }


def _docx_python() -> str | None:
    """A Python that has python-docx: this one (the bench extra) or Debian's python3-docx."""
    for python in (sys.executable, "/usr/bin/python3"):
        if not Path(python).exists():
            continue
        probe = subprocess.run(
            [python, "-c", "import docx"],
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )
        if probe.returncode == 0:
            return python
    return None


def run(runs: int = 5) -> Figures:
    from common import use_bench_keyring

    from sipdesk.model import cases
    from sipdesk.model.store import open_store
    from tests.export.helpers import big_case

    work = Path(tempfile.mkdtemp(prefix="sipdesk-office-"))
    env = clean_env(work)
    use_bench_keyring(work)
    store_dir = work / "store"
    store = open_store(store_dir)
    plans = {rows: big_case(rows) for rows in (10, 200)}
    ids = {rows: cases.import_case(store, case) for rows, case in plans.items()}
    store.close()
    out = work / "out"
    out.mkdir()
    figures: Figures = {}
    cli = [sys.executable, "-m", "sipdesk", "--data-dir", str(store_dir), "export"]
    # the first signed export makes the signing identity; measure the ones after it
    run_process(
        [*cli, str(ids[10]), "--format", "pdf", "--sign", "--out", str(out), "--overwrite"],
        env,
        cwd=work,
    )
    python = _docx_python()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if python is None or soffice is None:
        missing = [n for n, v in (("python-docx", python), ("LibreOffice", soffice)) if v is None]
        log(f"office route: {' and '.join(missing)} missing; {INSTALL_HINT}")
    profile = (work / "lo-profile").as_uri()
    office_env = dict(env, PYTHONPATH="")
    for rows in (10, 200):
        cmd = [*cli, str(ids[rows]), "--format", "pdf", "--sign", "--out", str(out), "--overwrite"]
        log(f"export_cli_{rows}rows_s: {' '.join(cmd[1:])}")
        route = None
        if python is not None and soffice is not None:
            tree = work / f"plan-{rows}.json"
            tree.write_text(json.dumps(_tree(plans[rows]), ensure_ascii=False), encoding="utf-8")
            docx = work / f"plan-{rows}.docx"
            make = [python, str(BENCH_DIR / "office_route.py"), str(tree), str(docx)]
            convert = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                       "--convert-to", "pdf", "--outdir", str(out), str(docx)]  # fmt: skip

            def route(make=make, convert=convert) -> tuple[float, float]:
                a = run_process_cpu(make, office_env, cwd=work)
                b = run_process_cpu(convert, office_env, cwd=work)
                return a[0] + b[0], a[1] + b[1]

            route()  # warm-up: LibreOffice makes its profile on the first start
        run_process(cmd, env, cwd=work)  # warm-up, as the route's
        # interleaved, one of each per round: a load that comes and goes meets both alike
        sip: list[tuple[float, float]] = []
        office: list[tuple[float, float]] = []
        for _ in range(runs):
            sip.append(run_process_cpu(cmd, env, cwd=work))
            if route is not None:
                office.append(route())
        wall = statistics.median(w for w, _c in sip)
        figures[f"export_cli_{rows}rows_s"] = (wall, "s")
        figures[f"export_cli_{rows}rows_cpu_s"] = (statistics.median(c for _w, c in sip), "s")
        if route is None:
            continue
        office_wall = statistics.median(w for w, _c in office)
        office_cpu = statistics.median(c for _w, c in office)
        figures[f"office_route_{rows}rows_s"] = (office_wall, "s")
        figures[f"office_route_{rows}rows_cpu_s"] = (office_cpu, "s")
        suffix = "" if rows == 10 else "_200rows"
        name = f"export_cli_vs_office_ratio{suffix}"
        figures[name] = (office_wall / wall, "x")
        figures[f"export_cli_vs_office_cpu_ratio{suffix}"] = (
            office_cpu / figures[f"export_cli_{rows}rows_cpu_s"][0],
            "x",
        )
        shown = " ".join(Path(a).name if a.startswith("/") else a for a in make)
        anchor = f"{shown} && soffice --headless --convert-to pdf plan-{rows}.docx"
        for key in (name, f"export_cli_vs_office_cpu_ratio{suffix}", f"office_route_{rows}rows_s"):
            ANCHORS[key] = anchor
        if not (out / f"plan-{rows}.pdf").exists():
            raise RuntimeError(f"the office route wrote no plan-{rows}.pdf")
    shutil.rmtree(work, ignore_errors=True)
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for name, (value, unit) in run().items():
        print(f"{name} {value:.4g} {unit}")
