"""SIGKILL during an editing session loses no acknowledged edit and leaves an intact store.

The same harness as `benchmarks/kill_test.py` (which runs 200 kills); here a handful.
"""

from __future__ import annotations

import os
import sys

import pytest

from benchmarks import kill_test


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_editing_session_loses_nothing_acknowledged():
    figures = kill_test.run(iterations=6, seed=11)
    assert figures["kill_test_iterations"] == 6
    assert figures["kill_test_acknowledged_edits"] > 0  # the kills landed mid-session
    assert figures["kill_test_integrity_failures"] == 0
    assert figures["kill_test_lost_edits"] == 0
    assert "SIPDESK_PASSPHRASE" not in os.environ


def test_check_notices_a_lost_edit(tmp_path, monkeypatch):
    """The checker itself can fail: an edit acknowledged but not in the store counts as lost."""
    monkeypatch.setenv("SIPDESK_PASSPHRASE", kill_test.PASSPHRASE)
    from sipdesk.model import planfile
    from sipdesk.model.store import open_store
    from tests.conftest import DEMO

    store = open_store(tmp_path / "d")
    case = planfile.read(DEMO / "1-josef.json")
    case.uid = "kill-test-case"
    case.meetings[-1].plan.strengths = "edit 5"
    store.add_case(case)
    store.close()
    assert kill_test._check(tmp_path / "d", 5, set()) == (0, 0)
    assert kill_test._check(tmp_path / "d", 6, {"kill-99"}) == (2, 0)
