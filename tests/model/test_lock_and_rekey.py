"""Locking drops the key; changing the passphrase or rotating the key loses nothing, even when
the process dies half-way."""

from __future__ import annotations

import copy
import gc
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine

from sipdesk.model import planfile
from sipdesk.model.store import (
    PassphraseRequired,
    StoreLocked,
    WrongKey,
    open_store,
    opening,
    rekey,
)
from sipdesk.model.store.keys import StoreMeta
from tests.conftest import DEMO, ROOT


def _engines_holding(secret: str) -> list[Engine]:
    gc.collect()
    return [
        o for o in gc.get_objects() if isinstance(o, Engine) and secret in (o.url.password or "")
    ]


def _meta(data_dir: Path) -> dict:
    return json.loads((data_dir / "store.json").read_text("utf-8"))


def test_lock_drops_every_reference_to_the_key_and_unlock_brings_it_back(
    data_dir, memory_keyring
):
    store = open_store(data_dir)
    case_id = store.add_case(planfile.read(DEMO / "1-josef.json"))
    (secret,) = memory_keyring.secrets.values()
    assert _engines_holding(secret)
    store.lock()
    assert store.is_locked
    assert _engines_holding(secret) == []
    with pytest.raises(StoreLocked):
        store.list_cases()
    with pytest.raises(StoreLocked):
        store.load_case(case_id)
    store.lock()  # twice is harmless
    store.unlock()
    assert not store.is_locked
    assert store.load_case(case_id).person.name == "Josef Berg"
    store.close()


def test_unlock_with_wrong_passphrase_stays_locked(data_dir, monkeypatch):
    monkeypatch.setenv("SIPDESK_PASSPHRASE", "rätt lösenfras")
    store = open_store(data_dir)
    store.lock()
    monkeypatch.delenv("SIPDESK_PASSPHRASE")
    with pytest.raises(WrongKey):
        store.unlock(lambda new: "fel lösenfras")
    assert store.is_locked
    with pytest.raises(PassphraseRequired):
        store.unlock(lambda new: None)
    assert store.is_locked
    assert _engines_holding("fel lösenfras") == []
    store.unlock(lambda new: "rätt lösenfras")
    assert store.count_cases() == 0
    store.close()


def test_change_passphrase_old_one_stops_working(data_dir, monkeypatch):
    monkeypatch.setenv("SIPDESK_PASSPHRASE", "gammal lösenfras")
    store = open_store(data_dir)
    store.add_case(planfile.read(DEMO / "2-alice.json"))
    rekey.change_key(store, "passphrase", 'ny "lösenfras" med \'citat\'')
    assert store.count_cases() == 1  # the open store goes on working under the new key
    store.close()
    with pytest.raises(WrongKey):
        open_store(data_dir)
    monkeypatch.setenv("SIPDESK_PASSPHRASE", 'ny "lösenfras" med \'citat\'')
    assert open_store(data_dir).count_cases() == 1
    assert "rekey_to" not in _meta(data_dir)


def test_too_short_passphrase_changes_nothing(data_dir, memory_keyring):
    store = open_store(data_dir)
    before = _meta(data_dir)
    with pytest.raises(PassphraseRequired):
        rekey.change_key(store, "passphrase", "kort")
    assert _meta(data_dir) == before and len(memory_keyring.secrets) == 1
    assert store.count_cases() == 0


def test_keyring_to_passphrase_and_back_rotates_and_cleans_the_keyring(
    data_dir, memory_keyring, monkeypatch
):
    store = open_store(data_dir)
    store.add_case(planfile.read(DEMO / "3-kasim.json"))
    (first,) = memory_keyring.secrets.values()
    rekey.change_key(store, "passphrase", "en lång lösenfras")
    assert memory_keyring.secrets == {} and _meta(data_dir)["key_mode"] == "passphrase"
    rekey.change_key(store, "keyring")
    (second,) = memory_keyring.secrets.values()
    rekey.change_key(store, "keyring")  # rotate the keyring key
    (third,) = memory_keyring.secrets.values()
    assert len({first, second, third}) == 3
    store.close()
    assert _meta(data_dir) == {
        "format": "sipdesk-store",
        "store_id": _meta(data_dir)["store_id"],
        "key_mode": "keyring",
    }
    assert open_store(data_dir).count_cases() == 1
    monkeypatch.setenv("SIPDESK_PASSPHRASE", "en lång lösenfras")  # the old passphrase is dead
    memory_keyring.secrets.clear()
    (data_dir / "store.json").write_text(json.dumps({**_meta(data_dir), "key_mode": "passphrase"}))
    with pytest.raises(WrongKey):
        open_store(data_dir)


class Crash(BaseException):
    """Stands for the process dying at a given step."""


@pytest.mark.parametrize("target", ["keyring", "passphrase"])
@pytest.mark.parametrize("crash_at", ["before_rekey", "after_rekey", "during_finish"])
def test_key_change_cut_short_at_each_step_still_opens(
    data_dir, memory_keyring, monkeypatch, target, crash_at
):
    """Each boundary of the ordered steps in rekey.py: the next open finds the working key."""
    store = open_store(data_dir)
    store.add_case(planfile.read(DEMO / "1-josef.json"))
    new_pass = "ny lösenfras 123"

    def crash(*_a, **_k):
        raise Crash

    if crash_at == "before_rekey":
        monkeypatch.setattr(rekey, "_quoted", crash)
    elif crash_at == "after_rekey":
        monkeypatch.setattr(rekey, "open_private", crash)
    else:
        real_save = StoreMeta.save

        def save_then_crash(self, d):
            if self.rekey_to is None:
                raise Crash
            real_save(self, d)

        monkeypatch.setattr(StoreMeta, "save", save_then_crash)
    with pytest.raises(Crash):
        rekey.change_key(store, target, new_pass if target == "passphrase" else None)
    monkeypatch.undo()
    store._db = None  # the process is gone: nothing of it survives
    assert _meta(data_dir)["rekey_to"] == target
    reopened = open_store(data_dir, prompt=lambda new: new_pass)
    assert reopened.count_cases() == 1
    assert "rekey_to" not in _meta(data_dir)
    assert set(k[1] for k in memory_keyring.secrets) <= {
        f"store-key:{_meta(data_dir)['store_id']}"
    }
    reopened.close()
    # and it opens again the ordinary way, with the key the store.json now names
    expected = "keyring" if crash_at == "before_rekey" or target == "keyring" else "passphrase"
    assert _meta(data_dir)["key_mode"] == expected
    open_store(data_dir, prompt=lambda new: new_pass).close()


VICTIM = """
import sys
from pathlib import Path
from sipdesk.model.store import open_store
from sipdesk.model.store.rekey import change_key
store = open_store(Path(sys.argv[1]))
print("rekeying", flush=True)
change_key(store, "passphrase", sys.argv[2])
print("done", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_rekey_killed_midway_leaves_a_store_one_of_the_two_passphrases_opens(
    data_dir, monkeypatch, tmp_path
):
    """SIGKILL a real process while SQLCipher re-encrypts a store of some megabytes."""
    old = "lösenfras nummer 0"
    monkeypatch.setenv("SIPDESK_PASSPHRASE", old)
    store = open_store(data_dir)
    case = planfile.read(DEMO / "1-josef.json")
    case.meetings[0].plan.strengths = "x" * 15_000
    copies = []
    for i in range(300):
        case.uid = f"uid-{i}"
        copies.append((copy.deepcopy(case), []))
    store.add_restored(copies)  # one transaction: quick to build
    store.close()
    victim = tmp_path / "victim.py"
    victim.write_text(VICTIM)
    rng = random.Random(7)
    current, interrupted = old, 0
    for i in range(1, 7):
        new = f"lösenfras nummer {i}"
        env = dict(os.environ, SIPDESK_PASSPHRASE=current, PYTHONPATH=str(ROOT))
        child = subprocess.Popen(
            [sys.executable, str(victim), str(data_dir), new],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdout.readline().strip() == "rekeying"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        rest = child.stdout.read()
        child.wait()
        interrupted += "done" not in rest
        opened = None
        for candidate in (current, new):
            monkeypatch.setenv("SIPDESK_PASSPHRASE", candidate)
            try:
                opened = open_store(data_dir)
            except WrongKey:
                continue
            current = candidate
            break
        assert opened is not None, f"neither passphrase opens the store after kill {i}"
        with opened.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall() == []
            assert conn.exec_driver_sql("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert opened.count_cases() == 300
        assert "rekey_to" not in _meta(data_dir)
        opened.close()
    assert interrupted >= 1  # at least one kill really landed inside the key change


def test_finish_key_change_refuses_when_keyring_does_not_keep_the_key(data_dir, memory_keyring):
    store = open_store(data_dir)
    meta = StoreMeta.load(data_dir)
    store.close()
    memory_keyring.set_password = lambda *a: None  # a keyring that silently drops secrets
    from sipdesk.model.store.keys import KeyUnavailable, StoreKey

    with pytest.raises(KeyUnavailable):
        opening.finish_key_change(data_dir, meta, "keyring", "next", StoreKey("keyring", "ab"))


def test_damaged_store_json_gives_a_clear_message_and_changes_nothing(data_dir):
    open_store(data_dir).close()
    (data_dir / "store.json").write_text('{"store_id": ')
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    from sipdesk.model.store import KeyUnavailable

    with pytest.raises(KeyUnavailable, match="store.json"):
        open_store(data_dir)
    assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == before


@pytest.mark.parametrize("database", ["not yet there", "created, still empty"])
def test_first_start_cut_short_before_the_database_existed_starts_afresh(
    data_dir, memory_keyring, database
):
    """store.json is written (marked "creating") before the database: a crash in between leaves
    that marked store.json (and perhaps the database file SQLite had just made, 0 bytes – what
    the kill test found), which the next deliberate start replaces."""
    data_dir.mkdir(parents=True)
    StoreMeta("0" * 32, "keyring", creating=True).save(data_dir)
    if database != "not yet there":
        (data_dir / "sipdesk.db").write_bytes(b"")
    store = open_store(data_dir)
    assert store.count_cases() == 0
    assert _meta(data_dir)["store_id"] != "0" * 32 and "creating" not in _meta(data_dir)
    store.close()


def test_store_json_without_its_database_is_never_replaced(data_dir, memory_keyring):
    """A database moved away or not yet synced: nothing is created, store.json stays as it is."""
    from sipdesk.model.store import StoreMissing

    data_dir.mkdir(parents=True)
    StoreMeta("0" * 32, "keyring").save(data_dir)
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    for _ in range(2):
        with pytest.raises(StoreMissing, match="sipdesk.db"):
            open_store(data_dir)
    assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == before
