"""A restore writes the backup's case JSON as it is only when that JSON is exactly the store's own
encoding of the checked case – and for ANY entry, crafted or damaged, the quick path gives the
same rows, or the same refusal, as the reference path (decode → plan-file checks → encode).

The kind: every case the strategies make, and every such case's JSON after random damage (a
field left out, a date or a time spelt another way, a personnummer not in its canonical form, a
wrong type, an unknown field, a lone surrogate or a control character, an implausible error
count, a bad audit trail). Fast to run: no store, no backup file, except the last test.
"""

from __future__ import annotations

import copy
import datetime as dt
import gzip
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sipdesk.model import backup, codec
from sipdesk.model.backup_rows import is_canonical
from sipdesk.model.entities import Case, Closing
from sipdesk.model.enums import ClosingReason
from sipdesk.model.store import open_store
from sipdesk.model.store.bulk import prepare
from tests.backups import PASS, craft
from tests.strategies import cases


def _json(case: Case) -> dict:
    """A case's JSON as a backup made by this version carries it (through text, as read)."""
    return json.loads(json.dumps(codec.encode(case), ensure_ascii=False))


def _paths(value, at=()):
    """Every (path, value) in a JSON tree."""
    yield at, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*at, i))


def _set(tree, path, value):
    for step in path[:-1]:
        tree = tree[step]
    tree[path[-1]] = value


def _week_date(text: str) -> str | None:
    try:
        day = dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    year, week, weekday = day.isocalendar()
    return f"{year:04d}-W{week:02d}-{weekday}"  # ten characters: decode takes it (3.11)


DAMAGE = (
    "drop", "week_date", "time_newline", "pnr", "wrong_type", "unknown", "surrogate", "control",
    "none",
)  # fmt: skip


@st.composite
def damaged(draw, data: dict) -> dict:
    """`data` with one to three pieces of damage, each somewhere random."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        spots = list(_paths(data))
        kind = draw(st.sampled_from(DAMAGE))
        if kind == "drop":
            dicts = [(p, v) for p, v in spots if isinstance(v, dict) and v]
            path, node = draw(st.sampled_from(dicts))
            node.pop(draw(st.sampled_from(sorted(node))))
        elif kind == "week_date":
            found = [(p, w) for p, v in spots if p and (w := _week_date(v)) is not None]
            if found:
                path, week = draw(st.sampled_from(found))
                _set(data, path, week)
        elif kind == "time_newline":
            found = [p for p, v in spots if p and isinstance(v, str) and len(v) == 5
                     and v[2] == ":" and v.replace(":", "").isdigit()]  # fmt: skip
            if found:
                path = draw(st.sampled_from(found))
                _set(data, path, _get(data, path) + "\n")
        elif kind == "pnr":
            pnr = data.get("person", {}).get("personnummer")
            if isinstance(pnr, str) and len(pnr) == 13:
                data["person"]["personnummer"] = draw(
                    st.sampled_from([pnr[2:], pnr.replace("-", ""), pnr[2:].replace("-", "")])
                )
        elif kind in ("wrong_type", "surrogate", "control", "none"):
            leaves = [p for p, v in spots if p and not isinstance(v, (dict, list))]
            if leaves:
                path = draw(st.sampled_from(leaves))
                old = _get(data, path)
                new = {
                    "wrong_type": draw(st.sampled_from([1, 1.5, True, [], {}, "x"])),
                    "surrogate": f"{old}\ud800" if isinstance(old, str) else "\udc00",
                    "control": f"{old}\x07" if isinstance(old, str) else "\x85",
                    "none": None,
                }[kind]
                _set(data, path, new)
        else:  # unknown field in some object
            dicts = [v for _p, v in spots if isinstance(v, dict)]
            draw(st.sampled_from(dicts))["extra"] = draw(st.sampled_from(["x", "\ud801", 3]))
    return data


def _get(tree, path):
    for step in path:
        tree = tree[step]
    return tree


counts = st.none() | st.integers(0, 40) | st.sampled_from([-1, True, 2.0, "3", 10**6, [1]])
audits = st.lists(
    st.fixed_dictionaries(
        {
            "at": st.sampled_from(["2026-11-30T10:00:00", "2026-11-30 10:00:00+01:00", "nej", 5]),
            "os_user": st.sampled_from(["chair", "ch\ud800air", "a\x01b"]),
            "action": st.sampled_from(["created", "opened"]),
            "detail": st.sampled_from(["", "ok", "\udfff"]),
        }
    ),
    max_size=2,
)


def _reference(i: int, entry) -> tuple:
    """The reference path: decode → plan-file checks → encode (and the plan check's count
    unless the entry carries a plausible one); the refusal's message when refused."""
    try:
        case, audit = backup.parse_entry(i, entry)
        carried = entry.get("error_count")
        if carried is not None and (
            isinstance(carried, bool) or not isinstance(carried, int)
            or not 0 <= carried <= backup.MAX_ERROR_COUNT
        ):  # fmt: skip
            raise backup._damaged()
        if carried is not None and case.closing is not None:
            carried = 0
        return "rows", case, audit, prepare(case, carried)
    except backup.BackupError as exc:
        return "refused", str(exc)


def _quick(i: int, entry) -> tuple:
    try:
        return ("rows", *backup.prepare_entry(i, entry))
    except backup.BackupError as exc:
        return "refused", str(exc)


@settings(max_examples=25)
@given(cases())
def test_the_stores_own_json_is_canonical_and_written_as_it_is(case):
    data = _json(case)
    decoded = codec.decode(Case, data, "case")
    assert is_canonical(decoded, data)
    entry = {"case": data, "audit": [], "error_count": 3}
    quick, reference = _quick(0, entry), _reference(0, json.loads(json.dumps(entry)))
    assert quick == reference
    assert quick[0] == "rows"


@settings(max_examples=70)
@given(st.data())
def test_is_canonical_exactly_when_encoding_gives_the_json_back(data):
    """Sound and complete: True iff encode(decode(json)) == json, for damaged JSON too."""
    raw = data.draw(damaged(_json(data.draw(cases()))))
    try:
        decoded = codec.decode(Case, raw, "case")
    except codec.DecodeError:
        return
    assert is_canonical(decoded, raw) == (codec.encode(decoded) == raw)


@settings(max_examples=100)
@given(st.data())
def test_any_entry_gives_the_reference_rows_or_the_reference_refusal(data):
    """For a crafted or damaged entry, the quick path writes nothing the reference path would
    refuse, refuses with the reference's message, and otherwise writes the same rows."""
    raw = _json(data.draw(cases()))
    if data.draw(st.booleans()):
        raw = data.draw(damaged(raw))
    entry = {"case": raw, "audit": data.draw(audits)}
    count = data.draw(counts)
    if count is not None or data.draw(st.booleans()):
        entry["error_count"] = count
    assert _quick(7, copy.deepcopy(entry)) == _reference(7, copy.deepcopy(entry))


@pytest.mark.parametrize(
    "count", [-1, True, False, 2.5, "2", None, 10**6, [0]], ids=lambda c: repr(c)
)
def test_an_implausible_error_count_refuses_the_backup_and_restores_nothing(
    demo_store, tmp_path, count
):
    """A backup's error count is taken only as a count (0 … MAX_ERROR_COUNT); anything else is a
    crafted or damaged file: the clear message, nothing written. null: computed here."""
    out, _n = backup.write_backup(demo_store, tmp_path / "b.sipbackup", PASS, n=2**10)
    with backup.BackupReader(out, PASS) as reader:
        objects = list(reader.objects())
    objects[2]["error_count"] = count
    crafted = tmp_path / "crafted.sipbackup"
    craft(crafted, gzip.compress(b"".join(json.dumps(o).encode() + b"\n" for o in objects)))
    target = open_store(tmp_path / "target")
    try:
        if count is None:
            result = backup.restore(target, crafted, PASS)
            assert len(result.added) == 5
            return
        with pytest.raises(backup.BackupError, match="skadad|damaged"):
            backup.restore(target, crafted, PASS)
        assert target.count_cases() == 0
    finally:
        target.close()


def test_restored_rows_are_byte_for_byte_what_the_store_writes(demo_store, tmp_path):
    """Whole store → backup → restore: every column of every case and meeting row (but ids and
    times) as the source store has it, the error count among them; a closed case counts none."""
    closed_id = demo_store.list_cases("Linus")[0].id
    case = demo_store.load_case(closed_id)
    case.closing = Closing(date=dt.date(2026, 11, 1), reason=ClosingReason.GOALS_MET)
    demo_store.save_case(closed_id, case)
    out, _n = backup.write_backup(demo_store, tmp_path / "b.sipbackup", PASS, n=2**10)
    target = open_store(tmp_path / "target")
    try:
        backup.restore(target, out, PASS)
        query_cases = (
            "SELECT uid, display_name, search_name, status, protected, next_follow_up,"
            " error_count, document FROM cases ORDER BY uid"
        )
        query_meetings = (
            "SELECT c.uid, m.seq, m.kind, m.date, m.status, m.document FROM meetings m"
            " JOIN cases c ON c.id = m.case_id ORDER BY c.uid, m.seq"
        )
        for query in (query_cases, query_meetings):
            assert target._raw().execute(query).fetchall() == demo_store._raw().execute(
                query
            ).fetchall()
        closed = target._raw().execute(
            "SELECT error_count, status FROM cases WHERE uid = ?", (case.uid,)
        ).fetchone()
        assert closed == (0, "closed")
    finally:
        target.close()


def test_content_that_is_not_gzip_is_a_damaged_backup(store, tmp_path):
    """Decrypted with the right passphrase but not gzip (made by another tool): the message,
    not an unexpected error."""
    crafted = tmp_path / "plain.sipbackup"
    craft(crafted, b'{"format": "sipdesk-backup-content", "version": 2}\n')
    with pytest.raises(backup.BackupError, match="skadad|damaged"):
        backup.restore(store, crafted, PASS)
    assert store.count_cases() == 0
