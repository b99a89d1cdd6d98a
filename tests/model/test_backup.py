"""Encrypted backups: round trip, one case, wrong passphrase, damaged files, restore never overwrites."""

from __future__ import annotations

import json

import pytest

from sipdesk.model import backup, planfile
from sipdesk.model.store import open_store
from tests.conftest import DEMO

PASS = "en lång backup-lösenfras"


@pytest.fixture
def full(demo_store):
    demo_store.set_preference("chair.name", "Ordförande Olsson")
    return demo_store


def test_whole_store_round_trips_into_a_new_store(full, tmp_path):
    out, count = backup.write_backup(full, tmp_path / "all.sipbackup", PASS)
    assert count == 5
    target = open_store(tmp_path / "new")
    result = backup.restore(target, out, PASS)
    assert len(result.added) == 5 and result.skipped == result.copies == 0
    original = {full.load_case(r.id).uid: full.load_case(r.id) for r in full.list_cases()}
    restored = {target.load_case(i).uid: target.load_case(i) for i in result.added}
    assert restored == original
    assert target.get_preference("chair.name") == "Ordförande Olsson"
    # the audit trail travels with the case, and says it was restored
    some = result.added[0]
    assert [e.action for e in target.audit_log(some)] == ["created", "restored"]
    assert all(full.audit_log(r.id)[-1].action == "backed_up" for r in full.list_cases())
    target.close()


def test_one_case_backup_holds_only_that_case(full, tmp_path):
    case_id = full.list_cases("Linus")[0].id
    out, count = backup.write_backup(full, tmp_path / "one.sipbackup", PASS, case_id)
    assert count == 1
    items, prefs = backup.read_backup(out, PASS)
    assert [c.person.name for c, _a in items] == ["Linus Sundberg"] and prefs == {}


def test_backup_file_is_encrypted_with_a_strong_kdf(full, tmp_path):
    out, _n = backup.write_backup(full, tmp_path / "b.sipbackup", PASS)
    blob = out.read_bytes()
    for needle in ("Josef", "Amira", "19850610", "Ordförande", "Storgatan"):
        assert needle.encode() not in blob
    size = int.from_bytes(blob[len(backup.MAGIC) : len(backup.MAGIC) + 4], "big")
    header = json.loads(blob[len(backup.MAGIC) + 4 : len(backup.MAGIC) + 4 + size])
    assert header["kdf"] == "scrypt" and header["n"] >= 2**17 and header["r"] >= 8
    assert header["cipher"] == "AES-256-GCM"
    assert (out.stat().st_mode & 0o077) == 0


def test_wrong_passphrase_restores_nothing(full, tmp_path):
    out, _n = backup.write_backup(full, tmp_path / "b.sipbackup", PASS)
    target = open_store(tmp_path / "new")
    with pytest.raises(backup.BackupError, match="Ingenting återställdes"):
        backup.restore(target, out, PASS + "x")
    assert target.count_cases() == 0 and target.preferences() == {}


@pytest.mark.parametrize("where", ["magic", "header", "nonce", "middle", "tag", "truncated"])
def test_damaged_backup_restores_nothing(full, tmp_path, where):
    out, _n = backup.write_backup(full, tmp_path / "b.sipbackup", PASS)
    blob = bytearray(out.read_bytes())
    start = len(backup.MAGIC) + 4
    if where == "magic":
        blob[0] ^= 1
    elif where == "header":
        blob[start + 20] ^= 1
    elif where == "nonce":
        at = bytes(blob).index(b'"nonce": "') + len(b'"nonce": "')
        blob[at] = ord("B") if blob[at] != ord("B") else ord("C")  # still valid base64
    elif where == "middle":
        blob[len(blob) // 2] ^= 0x40
    elif where == "tag":
        blob[-1] ^= 1
    else:
        del blob[-100:]
    out.write_bytes(bytes(blob))
    target = open_store(tmp_path / "new")
    with pytest.raises(backup.BackupError, match="Ingenting återställdes"):
        backup.restore(target, out, PASS)
    assert target.count_cases() == 0


def test_restore_into_a_store_with_the_same_cases_adds_only_what_differs(full, tmp_path):
    out, _n = backup.write_backup(full, tmp_path / "b.sipbackup", PASS)
    josef = full.list_cases("Josef")[0].id
    case = full.load_case(josef)
    case.meetings[0].plan.strengths = "Ändrat efter säkerhetskopian"
    full.save_case(josef, case)
    result = backup.restore(full, out, PASS)
    # four identical cases skipped; Josef's older content comes back beside the newer one
    assert result.skipped == 4 and result.copies == 1 and len(result.added) == 1
    assert full.load_case(josef).meetings[0].plan.strengths == "Ändrat efter säkerhetskopian"
    assert full.count_cases() == 6
    assert full.get_preference("chair.name") == "Ordförande Olsson"


def test_restore_does_not_overwrite_preferences(full, tmp_path):
    out, _n = backup.write_backup(full, tmp_path / "b.sipbackup", PASS)
    target = open_store(tmp_path / "new")
    target.set_preference("chair.name", "Annan Ordförande")
    backup.restore(target, out, PASS)
    assert target.get_preference("chair.name") == "Annan Ordförande"


def test_a_case_that_fails_the_plan_checks_stops_the_whole_restore(store, tmp_path):
    good = planfile.read(DEMO / "1-josef.json")
    content = {
        "format": "sipdesk-backup-content",
        "version": 1,
        "cases": [{"case": planfile.to_document(good)["case"], "audit": []}],
    }
    bad = json.loads(json.dumps(content["cases"][0]))
    bad["case"]["person"]["personnummer"] = "19121212-1213"  # wrong check digit
    content["cases"].append(bad)
    path = tmp_path / "bad.sipbackup"
    path.write_bytes(backup.encrypt(content, PASS, n=2**10))
    with pytest.raises(backup.BackupError, match="Ärende 2"):
        backup.restore(store, path, PASS)
    assert store.count_cases() == 0


def test_short_backup_passphrase_is_refused(store, tmp_path):
    with pytest.raises(backup.BackupError):
        backup.write_backup(store, tmp_path / "x", "kort")
    assert not (tmp_path / "x").exists()
