"""Deleting a case removes it from the files themselves; the audit trail records what was done."""

from __future__ import annotations

import datetime as dt

from sipdesk.model import cases, planfile
from sipdesk.model.entities import Closing
from sipdesk.model.enums import CaseStatus, ClosingReason
from sipdesk.model.store import open_store
from sipdesk.model.store.engine import DB_NAME
from tests.conftest import DEMO
from tests.pages import holds


def test_deleted_case_is_gone_from_the_decrypted_pages_and_the_wal(data_dir, memory_keyring):
    canary = "RADERAD-KANARIE-51c2"
    store = open_store(data_dir)
    (key,) = memory_keyring.secrets.values()
    keep = store.add_case(planfile.read(DEMO / "2-alice.json"))
    case = planfile.read(DEMO / "1-josef.json")
    case.person.name = f"Josef {canary}"  # also in the name column and its search index
    case.meetings[0].plan.own_view = (canary + " ") * 800  # overflow pages too
    case_id = store.add_case(case)
    for i in range(20):  # old versions of the pages in the WAL
        case.meetings[0].plan.strengths = f"{canary} {i}"
        store.save_case(case_id, case)
    db = data_dir / DB_NAME
    assert holds(db, key, canary)  # the check can see it while the case is there
    store.delete_case(case_id)
    assert not holds(db, key, canary)
    assert not holds(db, key, canary.casefold())
    assert holds(db, key, "Alice")  # the other case is untouched, and readable
    assert store.load_case(keep).person.name.startswith("Alice")
    store.close()
    assert not holds(db, key, canary)


def test_audit_records_opened_exported_closed_deleted_with_os_user(store, tmp_path, monkeypatch):
    monkeypatch.setattr("sipdesk.model.store.repository._os_user", lambda: "handläggare1")
    case_id = cases.import_file(store, DEMO / "1-josef.json")
    store.audit(case_id, "opened")
    cases.export_json(store, case_id, tmp_path / "x.json")
    case = store.load_case(case_id)
    case.closing = Closing(dt.date(2027, 3, 1), list(ClosingReason)[0])
    assert case.status is CaseStatus.CLOSED
    store.save_case(case_id, case)
    store.save_case(case_id, case)  # saving a closed case again is not a second closing
    store.delete_case(case_id)
    log = store.audit_log(case_id)
    assert [e.action for e in log] == [
        "created",
        "imported",
        "opened",
        "exported",
        "closed",
        "deleted",
    ]
    assert {e.os_user for e in log} == {"handläggare1"}
    assert [e.label for e in log][-2:] == ["avslutat (planen upphörde)", "raderat"]
    assert all(e.at is not None for e in log)
