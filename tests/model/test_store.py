from __future__ import annotations

import copy
import os
import stat

import pytest
from hypothesis import HealthCheck, given, settings

from sipdesk.model import cases, planfile
from sipdesk.model.entities import Goal, Intervention
from sipdesk.model.enums import CaseStatus, MeetingStatus
from sipdesk.model.store import (
    KeyUnavailable,
    PassphraseRequired,
    VersionLocked,
    WrongKey,
    open_store,
)
from tests.conftest import DEMO, also_suppress
from tests.strategies import cases as case_strategy


def _snapshot(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_case_round_trips_through_the_encrypted_store(store):
    case = planfile.read(DEMO / "1-josef.json")
    case_id = store.add_case(case)
    assert store.load_case(case_id) == case


@settings(
    max_examples=25, suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture)
)
@given(case_strategy())
def test_generated_cases_round_trip_through_the_store(store, case):
    case_id = store.add_case(case)
    assert store.load_case(case_id) == case
    store.delete_case(case_id)


def test_list_search_and_status(demo_store):
    rows = demo_store.list_cases()
    assert len(rows) == 5
    assert {r.display_name for r in demo_store.list_cases("josef")} == {"Josef Berg"}
    assert demo_store.list_cases("%") == []
    # a protected case is found by its pseudonym, never by the real name
    assert [r.display_name for r in demo_store.list_cases("k-17")] == ["Klient K-17"]
    assert demo_store.list_cases("Amira") == []
    assert all(r.status is CaseStatus.ACTIVE for r in rows)
    assert demo_store.list_cases(status=CaseStatus.CLOSED) == []


def test_canary_is_nowhere_in_plaintext(data_dir, memory_keyring):
    canary = "KANARIEFÅGEL-7f3a9c"
    store = open_store(data_dir)
    case = planfile.read(DEMO / "1-josef.json")
    case.person.name = f"Josef {canary}"
    case.meetings[0].plan.own_view = f"Jag vill {canary} hemma"
    case_id = store.add_case(case)
    for i in range(30):  # enough writes that the WAL holds pages, too
        case.meetings[0].plan.strengths = f"{canary} {i}"
        store.save_case(case_id, case)
    files_while_open = sorted(p.name for p in data_dir.iterdir())
    blobs = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    store.close()
    blobs.update({p.name: p.read_bytes() for p in data_dir.iterdir()})
    assert "sipdesk.db-wal" in files_while_open
    needles = [canary.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]
    for name, blob in blobs.items():
        for needle in needles:
            assert needle not in blob, f"canary in plaintext in {name}"


def test_wrong_passphrase_fails_clearly_and_leaves_files_identical(data_dir, monkeypatch):
    monkeypatch.setenv("SIPDESK_PASSPHRASE", "rätt lösenfras")
    store = open_store(data_dir)
    store.add_case(planfile.read(DEMO / "2-alice.json"))
    store.close()
    before = _snapshot(data_dir)
    monkeypatch.setenv("SIPDESK_PASSPHRASE", "fel lösenfras")
    with pytest.raises(WrongKey, match="Ingenting ändrades"):
        open_store(data_dir)
    assert _snapshot(data_dir) == before
    monkeypatch.setenv("SIPDESK_PASSPHRASE", "rätt lösenfras")
    assert len(open_store(data_dir).list_cases()) == 1


def test_key_lives_in_the_keyring_as_a_raw_256_bit_key(data_dir, memory_keyring):
    open_store(data_dir).close()
    (secret,) = memory_keyring.secrets.values()
    assert len(secret) == 64 and int(secret, 16) >= 0
    assert secret not in (data_dir / "store.json").read_text()


def test_missing_keyring_entry_gives_clear_message(data_dir, memory_keyring):
    open_store(data_dir).close()
    memory_keyring.secrets.clear()
    with pytest.raises(KeyUnavailable, match="nyckelring"):
        open_store(data_dir)


def test_no_keyring_and_no_passphrase_asks_then_refuses(data_dir, monkeypatch):
    from keyring.errors import NoKeyringError

    def broken(*_a, **_k):
        raise NoKeyringError("no backend")

    monkeypatch.setattr("keyring.set_password", broken)
    monkeypatch.setattr("keyring.get_password", broken)
    asked = []
    with pytest.raises(PassphraseRequired):
        open_store(data_dir, prompt=lambda new: asked.append(new) or None)
    assert asked == [True]
    store = open_store(data_dir, prompt=lambda new: "en bra lösenfras")
    store.close()
    assert '"passphrase"' in (data_dir / "store.json").read_text()
    assert open_store(data_dir, prompt=lambda new: "en bra lösenfras").count_cases() == 0


def test_earlier_plan_versions_cannot_be_changed(store):
    case = planfile.read(DEMO / "1-josef.json")
    case_id = store.add_case(case)
    case.meetings[0].status = MeetingStatus.HELD
    follow = case.start_follow_up()
    follow.plan.goals.append(Goal("Nytt mål", interventions=[Intervention("Ny insats")]))
    store.save_case(case_id, case)
    stored = store.load_case(case_id)
    assert len(stored.meetings) == 2
    assert stored.meetings[1].plan.goals[-1].text == "Nytt mål"
    tampered = copy.deepcopy(stored)
    tampered.meetings[0].plan.own_view = "Omskrivet i efterhand"
    with pytest.raises(VersionLocked):
        store.save_case(case_id, tampered)
    assert store.load_case(case_id).meetings[0].plan.own_view == case.meetings[0].plan.own_view


def test_import_of_same_file_twice_gives_two_cases_with_distinct_uids(store):
    a = cases.import_file(store, DEMO / "3-kasim.json")
    b = cases.import_file(store, DEMO / "3-kasim.json")
    assert a != b
    assert store.load_case(a).uid != store.load_case(b).uid


def test_refused_file_writes_nothing(store, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "sipdesk-plan", "version": 1, "case": {"person": {"name": 1}}}')
    with pytest.raises(planfile.PlanFileError):
        cases.import_file(store, bad)
    assert store.count_cases() == 0


def test_audit_trail_records_actions_without_names(store, tmp_path):
    case_id = cases.import_file(store, DEMO / "1-josef.json")
    cases.export_json(store, case_id, tmp_path / "out.json")
    actions = [e.action for e in store.audit_log(case_id)]
    assert actions == ["created", "imported", "exported"]
    assert all("Josef" not in e.detail for e in store.audit_log(case_id))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_data_dir_and_files_are_private(data_dir, store):
    store.add_case(planfile.read(DEMO / "1-josef.json"))
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for p in data_dir.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
