"""The window's start pauses Python's cycle collector (issue 19: start-up): no collection runs
before the first frame; from the first frame it runs again, and once the features are installed
the start-up's objects are the collector's as before – also when the start ends early, and never
for a command of the command line but the export, which runs paused and ends as the others."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

from sipdesk import startup

ROOT = Path(__file__).resolve().parents[1]

WATCH = r"""
import gc, sys
runs, seen = [], []
gc.callbacks.append(lambda phase, info: phase == "stop" and runs.append(info["generation"]))
from sipdesk import startup
startup.pause()
runs.clear()  # counted from the pause on
resume, thaw = startup.resume, startup.thaw
def resumed():
    was_paused = startup._state == "paused"
    resume()
    if was_paused:
        print("resume", seen, len(runs), gc.isenabled(), gc.get_freeze_count() > 10_000,
              flush=True)
def thawed():
    thaw()
    print("thaw", seen, gc.isenabled(), gc.get_freeze_count(), flush=True)
startup.resume, startup.thaw = resumed, thawed
from sipdesk.ui import main_window
built = main_window.MainWindow.__init__
def watched(self, *args, **kwargs):
    built(self, *args, **kwargs)
    self.first_frame.connect(lambda: seen.append("frame"))
    self.features_ready.connect(lambda: seen.append("features"))
main_window.MainWindow.__init__ = watched
from sipdesk import cli
listed = cli.cmd_list
def listing(args):
    print("list", gc.isenabled(), gc.get_freeze_count(), flush=True)
    return listed(args)
cli.cmd_list = listing
from sipdesk.export import api
ran = api.ExportJob.run
def running(self, *args, **kwargs):
    print("export", gc.isenabled(), flush=True)
    return ran(self, *args, **kwargs)
api.ExportJob.run = running
from sipdesk.cli import main
print("end", main(sys.argv[1:]), gc.isenabled(), gc.get_freeze_count(), flush=True)
"""


def _run(tmp_path: Path, *argv: str, exit_when: str = "features") -> list[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SIPDESK_PASSPHRASE="a passphrase for this test",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        SIPDESK_EXIT_WHEN_SHOWN=exit_when,
        XDG_STATE_HOME=str(tmp_path / "state"),
        SIPDESK_CONFIG=str(tmp_path / "settings.json"),
        PYTHONPATH=str(ROOT),
    )
    out = subprocess.run(
        [sys.executable, "-c", WATCH, *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
        check=False,
    )
    return [
        line
        for line in out.stdout.splitlines()
        if line.split(" ")[0] in {"resume", "thaw", "end", "list", "export"}
    ]


def test_no_collection_before_the_first_frame_and_all_as_before_once_the_features_are_in(tmp_path):
    data = tmp_path / "data"
    make = (
        "import sys; from pathlib import Path; from sipdesk.model.store import open_store;"
        "open_store(Path(sys.argv[1])).close()"
    )
    env = dict(
        os.environ,
        SIPDESK_PASSPHRASE="a passphrase for this test",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONPATH=str(ROOT),
    )
    subprocess.run([sys.executable, "-c", make, str(data)], check=True, env=env, timeout=180)
    lines = _run(tmp_path, "--data-dir", str(data), "gui")
    assert lines[:2] == [
        "resume ['frame'] 0 True True",  # at the first frame, none before it; the start-up frozen
        "thaw ['frame', 'features'] True 0",  # the features in: everything the collector's again
    ]
    assert lines[-1] == "end 0 True 0"
    # quit at the first frame, before the features: given back all the same
    lines = _run(tmp_path, "--data-dir", str(data), exit_when="1")
    assert lines[0] == "resume ['frame'] 0 True True"
    assert "thaw ['frame'] True 0" in lines and lines[-1] == "end 0 True 0"


def test_a_start_that_ends_before_the_window_gives_everything_back(tmp_path):
    # no store there, on an invisible platform: refused before any window
    lines = _run(tmp_path, "--data-dir", str(tmp_path / "nothing"), "gui")
    assert "thaw [] True 0" in lines and lines[-1] == "end 1 True 0"
    assert not [line for line in lines if "frame" in line]


def test_a_command_of_the_command_line_runs_with_the_collector_as_always(tmp_path):
    lines = _run(tmp_path, "--data-dir", str(tmp_path / "nothing"), "list")
    assert "list True 0" in lines  # the command runs with the collector on, nothing frozen
    assert lines[-1] == "end 1 True 0"


def test_the_export_runs_with_the_collector_paused_and_ends_as_the_others(tmp_path):
    data = tmp_path / "data"
    from tests.conftest import DEMO

    env_store = _run(tmp_path, "--data-dir", str(data), "import", str(DEMO / "1-josef.json"))
    assert env_store[-1] == "end 0 True 0"
    out = tmp_path / "plan.pdf"
    lines = _run(tmp_path, "--data-dir", str(data), "export", "1", "--format", "pdf",
                 "--out", str(out))  # fmt: skip
    assert "export False" in lines and out.exists()
    assert lines[-1] == "end 0 True 0"  # the collector on again, nothing left frozen
    # refused before it ran: on again all the same
    lines = _run(tmp_path, "--data-dir", str(data), "export", "99", "--format", "pdf",
                 "--out", str(out))  # fmt: skip
    assert lines[-1] == "end 1 True 0"


def test_pause_resume_thaw():
    assert gc.isenabled() and gc.get_freeze_count() == 0
    try:
        startup.pause()
        assert not gc.isenabled()
        startup.resume()
        assert gc.isenabled() and gc.get_freeze_count() > 0
        startup.resume()  # once
        startup.thaw()
        assert gc.isenabled() and gc.get_freeze_count() == 0
        gc.disable()  # someone else's pause is theirs: neither resumed nor frozen here
        startup.pause()
        startup.resume()
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()
        gc.unfreeze()
