"""A plan with a chain of versions costs what is shown of it (issue 19): loading a case decodes its
newest meeting only; comparing, printing and checking decode the versions they use; a version
never decoded is saved back byte for byte. Decodes are counted, never timed."""

from __future__ import annotations

import copy

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sipdesk.export import pdf
from sipdesk.export.document import plan_document
from sipdesk.model import compare, quality
from sipdesk.model.store import StoreDamaged, lazy
from tests.chains import chain, count_decodes
from tests.conftest import also_suppress

LAZY = settings(max_examples=8, suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture))


def _meeting_rows(store, case_id: int) -> list[str]:
    return [
        r[0]
        for r in store._raw().execute(
            "SELECT document FROM meetings WHERE case_id = ? ORDER BY seq", (case_id,)
        )
    ]


@pytest.fixture
def chains(store):
    made: dict[int, int] = {}

    def case_with(versions: int) -> int:
        if versions not in made:
            case = chain(versions)
            case.uid = f"chain-{versions}"
            made[versions] = store.add_case(case)
        return made[versions]

    return case_with


@LAZY
@given(versions=st.integers(1, 30), data=st.data())
@example(versions=1, data=None).via("the issue's short chain")
@example(versions=30, data=None).via("the issue's long chain")
def test_load_compare_and_print_decode_only_the_versions_they_use(
    store, chains, monkeypatch, versions, data
):
    case_id = chains(versions)
    decoded = count_decodes(monkeypatch)
    case = store.load_case(case_id)
    assert len(case.meetings) == versions
    assert len(decoded) == 1  # the newest meeting only
    assert case.status is not None
    case.next_follow_up  # noqa: B018 - the list's column, from the newest version
    assert len(decoded) == 1

    # compare two versions: at most those two beyond the newest
    if data is None:
        old, new = max(0, versions - 2), versions - 1
    else:
        old = data.draw(st.integers(0, versions - 1), "old")
        new = data.draw(st.integers(0, versions - 1), "new")
    before = len(decoded)
    compare.compare(case.meetings[old].plan, case.meetings[new].plan)
    assert len(decoded) - before <= len({old, new} - {versions - 1})

    # print the newest version: it and the version it reviews at most
    case = store.load_case(case_id)
    before = len(decoded)
    document = plan_document(case)
    assert document.version == versions and pdf.render(document).pages >= 1
    assert len(decoded) - before <= 1

    # print an earlier version: that one, and the one it reviews
    if versions > 1:
        case = store.load_case(case_id)
        shown = old if old != versions - 1 else 0
        before = len(decoded)
        assert plan_document(case, case.meetings[shown]).version == shown + 1
        assert len(decoded) - before <= 2

    # the plan check and the list's facts read the newest version only
    case = store.load_case(case_id)
    before = len(decoded)
    quality.error_count(case)
    assert [m.kind for m in case.meetings] and [m.status for m in case.meetings]
    assert len({m.id for m in case.meetings}) == versions  # a version found by its id (printing)
    assert len(decoded) - before <= 1


@LAZY
@given(versions=st.integers(1, 30), touched=st.sets(st.integers(0, 29)), edit=st.booleans())
@example(versions=30, touched=set(), edit=True)
def test_save_writes_every_version_back_byte_for_byte(
    store, chains, monkeypatch, versions, touched, edit
):
    case_id = chains(versions)
    stored = _meeting_rows(store, case_id)
    case = store.load_case(case_id)
    for seq in touched & set(range(versions)):
        assert case.meetings[seq].plan.version  # decoded, not changed
    undo = copy.deepcopy(case)  # what the window's undo keeps: still lazy where it was
    decoded = count_decodes(monkeypatch)
    if edit:
        case.current_meeting.plan.relatives_view = "Ändrat"
    store.save_case(case_id, case)
    assert decoded == []  # saving decodes nothing
    after = _meeting_rows(store, case_id)
    assert after[:-1] == stored[:-1]
    assert (after[-1] != stored[-1]) == edit
    if edit:
        store.save_case(case_id, undo)  # the undo snapshot saves as the case was
        assert _meeting_rows(store, case_id) == stored
    assert decoded == []
    assert store.load_case(case_id) == store.load_case(case_id, lazy=False)


def test_a_lazy_meeting_is_a_meeting_once_used(store, chains):
    case_id = chains(3)
    case = store.load_case(case_id)
    first = case.meetings[0]
    assert not lazy.is_decoded(first) and lazy.is_decoded(case.meetings[-1])
    copied = copy.deepcopy(case)
    assert copied == case and not lazy.is_decoded(copied.meetings[0])
    eager = store.load_case(case_id, lazy=False)
    assert eager == case and eager.meetings[0] == first
    assert first.plan.own_view == eager.meetings[0].plan.own_view
    assert lazy.is_decoded(first) and type(first) is type(eager.meetings[0])
    assert case.meetings[0] is first  # decoded in place: the same object
    assert lazy.plan_version(copied.meetings[1]) == 2 == eager.meetings[1].plan.version


def test_a_damaged_earlier_version_is_named_when_it_is_used(store, chains):
    case_id = chains(3)
    conn = store._raw()
    conn.execute(
        "UPDATE meetings SET document = ? WHERE case_id = ? AND seq = 0",
        ('{"plan": {"version": 1, "goals": 7}, "place": "", "id": "m1"}', case_id),
    )
    conn.commit()
    case = store.load_case(case_id)  # the newest version reads: the chair can open the case
    assert case.current_plan is not None
    with pytest.raises(StoreDamaged):
        case.meetings[0].plan  # noqa: B018 - the use that decodes
    with pytest.raises(StoreDamaged):
        store.load_case(case_id, lazy=False)


def test_copies_taken_while_another_thread_decodes_are_whole_meetings(store, chains):
    """An undo snapshot or a worker's copy taken at the moment another thread decodes the same
    versions: never an error, never half a meeting – each copy is a version still undecoded
    (with its stored document) or a whole meeting – and every copy saves back unchanged."""
    import sys
    import threading

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can
    case_id = chains(8)
    rows = _meeting_rows(store, case_id)
    errors: list[BaseException] = []
    copies = []
    try:
        for _round in range(40):
            case = store.load_case(case_id)
            go = threading.Event()

            def decode(case=case, go=go):
                go.wait()
                for meeting in case.meetings:
                    meeting.plan  # noqa: B018 - the use that decodes

            def take(case=case, go=go):
                go.wait()
                try:
                    copies.extend(copy.deepcopy(case) for _ in range(2))
                except Exception as exc:  # noqa: BLE001 - any error is the failure
                    errors.append(exc)

            threads = [threading.Thread(target=decode), threading.Thread(target=take)]
            for t in threads:
                t.start()
            go.set()
            for t in threads:
                t.join()
    finally:
        sys.setswitchinterval(old)
    assert errors == []
    for case in copies:
        for meeting in case.meetings:
            assert lazy.is_decoded(meeting) is (type(meeting) is not lazy.LazyMeeting)
            assert meeting == meeting and repr(meeting)
    for case in copies[:10]:
        store.save_case(case_id, case)
    assert _meeting_rows(store, case_id) == rows
