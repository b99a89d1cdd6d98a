"""One writer per store, and no acknowledged edit lost without a word (issue 21).

Two SipDesk processes on one store: the second writer is told who holds it (the writer lock),
and where two hold the same case anyway (a lock the file system does not honour, two windows of
one process) every save compares the stored case with the one it loaded and refuses rather than
overwrite. A key changed elsewhere closes the store with a clear message; the edit is kept in
memory and saved after unlocking with the new key.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sipdesk.model.store import (
    CaseChangedElsewhere,
    KeyChangedElsewhere,
    StoreBusy,
    StoreDamaged,
    StoreLocked,
    open_store,
)
from sipdesk.model.store.rekey import change_key
from sipdesk.model.store.writer import WriterLock, holder_of

ROOT = Path(__file__).resolve().parents[2]
PASS = "första lösenfrasen"

# a second SipDesk process: opens the store, loads case 1, waits for "go", then saves its edit
WRITER = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from sipdesk.model.store import open_store
    data_dir, marker, text = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    store = open_store(data_dir)
    case = store.load_case(1)
    case.meetings[-1].plan.strengths = text
    marker.write_text("loaded")
    while marker.read_text() != "go":
        time.sleep(0.02)
    try:
        store.save_case(1, case)
        result = {"saved": True}
    except Exception as exc:
        result = {"saved": False, "kind": type(exc).__name__, "message": str(exc)}
    store.close()
    marker.write_text(json.dumps(result))
    """
)


@pytest.fixture
def passphrase_store(data_dir, monkeypatch, demo_plans=None):
    """A passphrase store (a child process has no access to the test's in-memory keyring)."""
    from sipdesk.model import cases
    from tests.conftest import DEMO

    monkeypatch.setenv("SIPDESK_PASSPHRASE", PASS)
    store = open_store(data_dir)
    cases.seed_demo(store, DEMO)
    store.close()
    return data_dir


def _child(data_dir: Path, marker: Path, text: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT), SIPDESK_PASSPHRASE=PASS, SIPDESK_LANG="sv")
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir), str(marker), text], env=env
    )


def _wait(marker: Path, until) -> str:
    for _ in range(3000):
        if marker.exists() and until(marker.read_text()):
            return marker.read_text()
        time.sleep(0.02)
    raise AssertionError("the other process did not answer")


def test_two_processes_on_one_case_never_lose_an_acknowledged_edit(passphrase_store, tmp_path):
    marker = tmp_path / "marker"
    child = _child(passphrase_store, marker, "Edit from process B")
    try:
        _wait(marker, lambda t: t == "loaded")
        # process A (this one) loaded the same case and saves first: acknowledged
        mine = open_store(passphrase_store)
        case = mine.load_case(1)
        case.meetings[-1].plan.strengths = "Edit from process A"
        mine.save_case(1, case)
        marker.write_text("go")
        result = json.loads(_wait(marker, lambda t: t.startswith("{")))
    finally:
        child.wait(timeout=60)
    # B's save is refused with a message naming the case, not a silent overwrite of A's edit
    assert result == {
        "saved": False,
        "kind": "CaseChangedElsewhere",
        "message": result["message"],
    }
    assert "Ärende 1" in result["message"] and "skrevs över" in result["message"]
    assert mine.load_case(1).meetings[-1].plan.strengths == "Edit from process A"
    mine.close()


def test_the_second_writer_is_told_who_holds_the_store(passphrase_store, tmp_path):
    holder = WriterLock(passphrase_store).acquire()
    try:
        env = dict(os.environ, PYTHONPATH=str(ROOT), SIPDESK_PASSPHRASE=PASS, SIPDESK_LANG="sv")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "sipdesk",
                "--data-dir",
                str(passphrase_store),
                "delete",
                "1",
                "--yes",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.release()
    assert done.returncode == 1
    assert f"process {os.getpid()}" in done.stderr and "används av" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    store = open_store(passphrase_store)
    assert store.count_cases() == 5  # nothing deleted
    store.close()


def test_writer_lock_is_released_when_the_holder_ends(data_dir):
    data_dir.mkdir()
    first = WriterLock(data_dir).acquire()
    with pytest.raises(StoreBusy) as caught:
        WriterLock(data_dir).acquire()
    assert str(os.getpid()) in str(caught.value)
    assert "process" in holder_of(data_dir)
    first.release()
    WriterLock(data_dir).acquire().release()


def test_a_save_over_a_case_changed_in_another_window_is_refused(store):
    from sipdesk.model import cases
    from tests.conftest import DEMO

    cases.seed_demo(store, DEMO)
    other = open_store(store.data_dir)  # a second window of the same store
    a, b = store.load_case(1), other.load_case(1)
    a.meetings[-1].plan.strengths = "A"
    store.save_case(1, a)
    b.meetings[-1].plan.strengths = "B"
    with pytest.raises(CaseChangedElsewhere):
        other.save_case(1, b)
    assert store.load_case(1).meetings[-1].plan.strengths == "A"
    # A keeps saving its own edits; B, after opening the case again, too
    a.meetings[-1].plan.strengths = "A2"
    store.save_case(1, a)
    b = other.load_case(1)
    b.meetings[-1].plan.strengths = "B2"
    other.save_case(1, b)
    assert store.load_case(1).meetings[-1].plan.strengths == "B2"
    other.close()


def test_key_changed_elsewhere_locks_and_the_edit_is_saved_after_unlocking(data_dir, monkeypatch):
    from sipdesk.model import cases
    from tests.conftest import DEMO

    monkeypatch.setenv("SIPDESK_PASSPHRASE", PASS)
    window = open_store(data_dir)
    cases.seed_demo(window, DEMO)
    case = window.load_case(1)
    elsewhere = open_store(data_dir)
    change_key(elsewhere, "passphrase", "den nya lösenfrasen")
    elsewhere.close()
    case.meetings[-1].plan.strengths = "Kept in memory"
    with pytest.raises(KeyChangedElsewhere, match="Lås upp"):
        window.save_case(1, case)
    assert window.is_locked  # the old key is dropped
    with pytest.raises(StoreLocked):
        window.save_case(1, case)
    monkeypatch.setenv("SIPDESK_PASSPHRASE", "den nya lösenfrasen")
    window.unlock()
    window.save_case(1, case)
    assert window.load_case(1).meetings[-1].plan.strengths == "Kept in memory"
    window.close()


def test_a_damaged_case_leaves_the_other_cases_readable(demo_store):
    raw = demo_store._raw()
    raw.execute("UPDATE cases SET document = '{\"person\": ' WHERE id = 2")
    raw.commit()
    with pytest.raises(StoreDamaged, match="ärende 2"):
        demo_store.load_case(2)
    for case_id in (1, 3, 4, 5):
        demo_store.load_case(case_id)
    report = demo_store.check_integrity()
    assert report.unreadable == [2] and report.readable == [1, 3, 4, 5] and not report.ok


def test_a_failed_key_change_leaves_no_stale_marker(demo_store, data_dir, monkeypatch):
    """The issue: a failed key change left `rekey_to` in store.json while saying nothing changed."""
    import sqlcipher3

    from sipdesk.model.store import DiskFull, faults
    from sipdesk.model.store import rekey as rekey_module

    def full(_value):
        exc = sqlcipher3.OperationalError("database or disk is full")
        exc.sqlite_errorcode = faults.SQLITE_FULL
        raise exc

    monkeypatch.setattr(rekey_module, "_quoted", full)
    before = (data_dir / "store.json").read_bytes()
    with pytest.raises(DiskFull, match="intakta"):
        change_key(demo_store, "passphrase", "en ny lång lösenfras")
    assert "rekey_to" not in json.loads((data_dir / "store.json").read_text())
    assert (data_dir / "store.json").read_bytes() == before
    assert not list(data_dir.glob("*.tmp"))
    assert demo_store.count_cases() == 5  # still open with the old key
    demo_store.close()
    again = open_store(data_dir)
    assert again.count_cases() == 5
    again.close()


def test_a_damaged_store_is_never_re_encrypted(demo_store, data_dir):
    demo_store.purge_freed_pages()
    demo_store.close()
    db = data_dir / "sipdesk.db"
    blob = bytearray(db.read_bytes())
    blob[(len(blob) // 4096 // 2) * 4096 + 700] ^= 0x11
    db.write_bytes(bytes(blob))
    store = open_store(data_dir)
    before = (data_dir / "store.json").read_bytes()
    with pytest.raises(StoreDamaged):
        change_key(store, "passphrase", "en ny lång lösenfras")
    assert (data_dir / "store.json").read_bytes() == before
    store.close()
