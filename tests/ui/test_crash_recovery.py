"""Kill the app mid-typing (SIGKILL: no cleanup at all) and reopen: what was saved is there."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sipdesk.model import editing as ed
from sipdesk.model.store import open_store
from tests.conftest import ROOT
from tests.ui.crash_session import TEXT

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def test_killed_session_reopens_with_every_acknowledged_edit(tmp_path, monkeypatch):
    data = tmp_path / "store"
    monkeypatch.setenv("SIPDESK_PASSPHRASE", "crash test passphrase")
    store = open_store(data)
    case_id = store.add_case(ed.new_case("Josef Berg"))
    store.close()

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("crash_session.py")), str(data), str(case_id)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=ROOT,
    )
    acknowledged = []
    try:
        for line in child.stdout:
            if line.startswith("SAVED"):
                acknowledged.append(int(line.split()[1]))
                if len(acknowledged) == 3:
                    break
    finally:
        child.send_signal(signal.SIGKILL)  # mid-typing, mid-whatever: no chance to clean up
        child.wait(timeout=30)
    assert len(acknowledged) == 3, "the session never saved"

    store = open_store(data)
    try:
        own_view = store.load_case(case_id).current_plan.own_view
    finally:
        store.close()
    # everything the store acknowledged is there, whole, and nothing that was never typed
    assert len(own_view) >= acknowledged[-1]
    assert own_view == TEXT[: len(own_view)]
