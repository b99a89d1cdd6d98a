"""The store's plain-connection reads and the audit row agree with what the ORM writes and reads,
and the paths a CLI export takes never import SQLAlchemy."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sipdesk.model import planfile
from tests.conftest import DEMO, also_suppress
from tests.strategies import cases as case_strategy


@settings(
    max_examples=20,
    suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture),
)
@given(case_strategy())
def test_a_case_written_by_the_orm_reads_back_through_the_plain_connection(store, case):
    case.uid = uuid.uuid4().hex  # one store for every example
    case_id = store.add_case(case)
    assert store.load_case(case_id) == case
    store.save_case(case_id, case)  # the ORM's write after a plain read
    assert store.load_case(case_id) == case


def test_preferences_set_plainly_read_back_plainly_and_through_the_orm(store):
    assert store.get_preference("chair.name", "–") == "–"
    for value in ("Maria Ek", "", "Åsa Öberg\nrad två"):
        store.set_preference("chair.name", value)
        assert store.get_preference("chair.name", "–") == value
        assert store.preferences()["chair.name"] == value  # the ORM reads what was set
    store.set_preference("chair.title", "Kurator")
    assert store.preferences() == {"chair.name": "Åsa Öberg\nrad två", "chair.title": "Kurator"}


def test_audit_rows_written_plainly_read_back_through_the_orm_in_order(store):
    case_id = store.add_case(planfile.read(DEMO / "1-josef.json"))
    for action in ("opened", "exported", "signed"):
        store.audit(case_id, action, "pdf")
    entries = store.audit_log(case_id)
    assert [e.action for e in entries] == ["created", "opened", "exported", "signed"]
    assert all(e.at.microsecond == 0 for e in entries)
    assert entries[1].detail == "pdf" and entries[1].at >= entries[0].at


WRITE = """
import sys; from pathlib import Path
from sipdesk.model import planfile
from sipdesk.model.store import open_store
s = open_store(Path(sys.argv[1]))
case_id = s.add_case(planfile.read(Path(sys.argv[2])))
s.set_preference("chair.name", "Maria Ek"); s.close(); print(case_id)
"""
READ = """
import sys; from pathlib import Path
from sipdesk.model.store import open_store
s = open_store(Path(sys.argv[1]))
case = s.load_case(int(sys.argv[2])); name = s.get_preference("chair.name")
s.audit(int(sys.argv[2]), "exported", "pdf"); s.close()
print(name, any(m.startswith("sqlalchemy") for m in sys.modules))
"""


def test_the_export_path_of_the_store_does_not_import_sqlalchemy(tmp_path):
    env = dict(
        os.environ,
        SIPDESK_PASSPHRASE="a passphrase for this test",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )

    def python(code: str, *args: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            check=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
            env=env,
        ).stdout.strip()

    data = str(tmp_path / "data")
    case_id = python(WRITE, data, str(DEMO / "1-josef.json"))
    assert python(READ, data, case_id) == "Maria Ek False"


@settings(max_examples=60)
@given(
    st.lists(st.integers(1, 10**6), unique=True, max_size=30),
    st.integers(-40, 40),
    st.integers(-40, 40),
    st.integers(1, 10**6),
)
def test_lazy_case_rows_behave_as_the_list_of_summaries(ids, a, b, probe):
    """The store's lazy case list indexes, slices, iterates, finds and compares as the eager list
    of CaseSummary objects it stands for."""
    from sipdesk.model.store import reads

    raw = [
        (i, f"Namn {i}", "active" if i % 2 else "closed", i % 3 == 0,
         None if i % 5 else "2027-01-0" + str(1 + i % 9), "2026-11-30 21:00:00.000000", i % 4)
        for i in ids
    ]  # fmt: skip
    eager = [reads.summary(r) for r in raw]
    lazy = reads.CaseRows(raw)
    assert len(lazy) == len(eager) and bool(lazy) == bool(eager)
    assert list(lazy) == eager and lazy == eager
    assert lazy[a:b] == eager[a:b] and lazy[a::2] == eager[a::2]
    if -len(eager) <= a < len(eager):
        assert lazy[a] == eager[a]
    else:
        with pytest.raises(IndexError):
            lazy[a]
    expected = next((k for k, s in enumerate(eager) if s.id == probe), -1)
    assert lazy.index_of_id(probe) == expected
    for k in ids[:3]:
        assert lazy[lazy.index_of_id(k)].id == k
