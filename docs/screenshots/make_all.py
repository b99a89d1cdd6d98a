"""Regenerate every screenshot the documentation and the user guide use, in one command:

    .venv/bin/python docs/screenshots/make_all.py

Runs each screenshot script offscreen with this Python, each on a throw-away demo store.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    ["make_screenshots.py"],
    ["workspace_checks_screenshots.py"],
    ["live_screenshots.py"],
    ["person_screenshots.py"],
    ["session_screenshots.py"],  # a whole meeting on two monitors (Xvfb when installed)
    ["law_forms_screenshots.py"],
    ["paper_screenshots.py"],  # the printed pages (issue 14)
    ["guide_screenshots.py"],  # last: its picture of the guide shows the others
]


def main() -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for script, *args in SCRIPTS:
        print(f"== {script}", flush=True)
        done = subprocess.run([sys.executable, str(HERE / script), *args], env=env)
        if done.returncode:
            print(f"{script} failed ({done.returncode})", file=sys.stderr)
            return done.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
