"""A whole meeting on two monitors, both screens pictured after every step (issue 13):

    .venv/bin/python docs/screenshots/session_screenshots.py

Runs `tests/ui/meeting_session.py` (open Alice, edit, F11, projector unplugged and back, withdraw
a consent, close the plan, open Kasim, follow-up review by keyboard, closing part, lock, unlock,
open Alice again, Ctrl+Q) and keeps what each monitor showed in docs/screenshots/session/
(`NN-step-laptop.png` for the chair's 1366×768 screen, `NN-step-projector.png` for the room's
1920×1080 one, scaled to half size).

With `Xvfb` and `xrandr` installed (Debian: `xvfb x11-xserver-utils`) it starts a real X server
whose one 3286×1080 screen is split into the two monitors with `xrandr --setmonitor`, so Qt sees
two screens as on a laptop with a projector; otherwise the offscreen platform gets the same two
screens from a layout file, and each window is pictured on its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screenshots" / "session"
DISPLAY = ":97"
SCREENS = [
    {"name": "Laptop", "x": 0, "y": 0, "width": 1366, "height": 768},
    {"name": "Projector", "x": 1366, "y": 0, "width": 1920, "height": 1080},
]


def start_x(env: dict) -> subprocess.Popen | None:
    if not (shutil.which("Xvfb") and shutil.which("xrandr")):
        return None
    server = subprocess.Popen(
        ["Xvfb", DISPLAY, "-screen", "0", "3286x1080x24", "+extension", "RANDR", "-noreset"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    xenv = {**env, "DISPLAY": DISPLAY}
    for _ in range(50):
        if subprocess.run(["xrandr"], env=xenv, capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    subprocess.run(
        ["xrandr", "--setmonitor", "Laptop", "1366/345x768/194+0+0", "screen"], env=xenv, check=True
    )
    subprocess.run(
        ["xrandr", "--setmonitor", "Projector", "1920/508x1080/286+1366+0", "none"],
        env=xenv,
        check=True,
    )
    return server


def main() -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIPDESK_")}
    env["PYTHONPATH"] = str(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        shots = Path(tmp) / "shots"
        server = start_x(env)
        if server is not None:
            env.update(DISPLAY=DISPLAY, QT_QPA_PLATFORM="xcb")
        else:
            layout = Path(tmp) / "screens.json"
            layout.write_text(
                json.dumps({"screens": [dict(s, logicalDpiX=96, logicalDpiY=96) for s in SCREENS]})
            )
            env["QT_QPA_PLATFORM"] = f"offscreen:configfile={layout}"
        try:
            done = subprocess.run(
                [sys.executable, "-m", "tests.ui.meeting_session", str(Path(tmp) / "data"), str(shots)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
        finally:
            if server is not None:
                server.terminate()
                server.wait(10)
        if done.returncode:
            print(done.stderr[-3000:], file=sys.stderr)
            return done.returncode
        shrink(shots)
    print(f"session: {len(list(OUT.glob('*.png')))} pictures in {OUT}")
    return 0


def shrink(shots: Path) -> None:
    """Half size, named by monitor (offscreen pictures are named by window)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage

    _app = QGuiApplication.instance() or QGuiApplication([])
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    names = {"chair": "laptop", "room": "projector"}
    for path in sorted(shots.glob("*.png")):
        stem, _sep, who = path.stem.rpartition("-")
        image = QImage(str(path))
        half = image.scaled(image.width() // 2, image.height() // 2, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        half.save(str(OUT / f"{stem}-{names.get(who, who)}.png"))


if __name__ == "__main__":
    raise SystemExit(main())
