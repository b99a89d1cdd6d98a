"""A signed plan from the command line against the office route, in the same run.

SipDesk: the whole `sipdesk export CASE --format pdf --sign --out DIR` process (keyring store, raw
key) for a plan of 10 and of 200 goal rows. Anchor: the same plan's content written as a Word
document with python-docx (a fresh process) and converted by LibreOffice headless to PDF (another
one) – see office_route.py. Ratios are office time / SipDesk time (goal ≥ 2).

When python-docx or LibreOffice is missing the anchor figures are n/a and stderr says how to
install them: `apt-get install libreoffice-writer-nogui python3-docx`, or python-docx into the
venv with `pip install -e '.[bench]'`.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import BENCH_DIR, ROOT, Figures, clean_env, log, median_of, run_process

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
    for rows in (10, 200):
        cmd = [*cli, str(ids[rows]), "--format", "pdf", "--sign", "--out", str(out), "--overwrite"]
        run_process(cmd, env, cwd=work)
        figures[f"export_cli_{rows}rows_s"] = (
            median_of(lambda c=cmd: run_process(c, env, cwd=work), runs),
            "s",
        )
        log(f"export_cli_{rows}rows_s: {' '.join(cmd[1:])}")

    python = _docx_python()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if python is None or soffice is None:
        missing = [n for n, v in (("python-docx", python), ("LibreOffice", soffice)) if v is None]
        log(f"office route: {' and '.join(missing)} missing; {INSTALL_HINT}")
        return figures
    profile = (work / "lo-profile").as_uri()
    office_env = dict(env, PYTHONPATH="")
    for rows in (10, 200):
        tree = work / f"plan-{rows}.json"
        tree.write_text(json.dumps(_tree(plans[rows]), ensure_ascii=False), encoding="utf-8")
        docx = work / f"plan-{rows}.docx"
        make = [python, str(BENCH_DIR / "office_route.py"), str(tree), str(docx)]
        convert = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx),
        ]

        def route(make=make, convert=convert) -> float:
            return run_process(make, office_env, cwd=work) + run_process(
                convert, office_env, cwd=work
            )

        route()  # warm-up: LibreOffice makes its profile on the first start
        office = median_of(route, runs)
        figures[f"office_route_{rows}rows_s"] = (office, "s")
        suffix = "" if rows == 10 else "_200rows"
        name = f"export_cli_vs_office_ratio{suffix}"
        figures[name] = (office / figures[f"export_cli_{rows}rows_s"][0], "x")
        shown = " ".join(Path(a).name if a.startswith("/") else a for a in make)
        ANCHORS[name] = f"{shown} && soffice --headless --convert-to pdf plan-{rows}.docx"
        ANCHORS[f"office_route_{rows}rows_s"] = ANCHORS[name]
        if not (out / f"plan-{rows}.pdf").exists():
            raise RuntimeError(f"the office route wrote no plan-{rows}.pdf")
    shutil.rmtree(work, ignore_errors=True)
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for name, (value, unit) in run().items():
        print(f"{name} {value:.4g} {unit}")
