"""A restore with its cases prepared in a second process makes the store a restore in one
process makes – the same rows, the same refusals in the same words – and whatever the second
process does (cannot start, ends at once, dies midway, answers garbage, is handed another file),
the restore goes on by itself to the same end.

The kind: every way the child can fail × a backup of varied cases (protected identity, closed,
several versions), and every kind of damage a backup can have after the cases read in the main
process (a field, a plan check, a line that is not JSON, an implausible count, a cut-off file),
in Swedish and in English."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import sys

import pytest

from sipdesk import i18n
from sipdesk.model import backup, child, restore_worker
from sipdesk.model.entities import Closing
from sipdesk.model.enums import ClosingReason
from sipdesk.model.store import open_store
from tests.backups import PASS, craft

FIRST = 4  # cases read in the main process before the child takes over (tests only)
COPIES = 5  # the demo's five cases, five times over: 25 cases


def _objects(demo_store, tmp_path) -> list[dict]:
    """The content of a backup of 25 varied cases: the demo (one protected), one closed, each
    copied with its own uid."""
    linus = demo_store.list_cases("Linus")[0].id
    case = demo_store.load_case(linus)
    case.closing = Closing(date=dt.date(2026, 11, 1), reason=ClosingReason.GOALS_MET)
    demo_store.save_case(linus, case)
    out, _n = backup.write_backup(demo_store, tmp_path / "demo.sipbackup", PASS, n=2**10)
    with backup.BackupReader(out, PASS) as reader:
        meta, *entries = list(reader.objects())
    many = []
    for k in range(COPIES):
        for entry in entries:
            entry = json.loads(json.dumps(entry))
            entry["case"]["uid"] = f"{k:02d}{entry['case']['uid'][2:]}"
            many.append(entry)
    return [meta, *many]


def _file(tmp_path, objects, name="b.sipbackup", cut: int = 0):
    path = tmp_path / name
    plain = b"".join(json.dumps(o, ensure_ascii=False).encode() + b"\n" for o in objects)
    craft(path, gzip.compress(plain))
    if cut:
        data = path.read_bytes()
        path.write_bytes(data[:-cut])
    return path


def _rows(store) -> list:
    raw = store._raw()
    return [
        raw.execute(
            "SELECT uid, display_name, search_name, status, protected, next_follow_up,"
            " error_count, document FROM cases ORDER BY uid"
        ).fetchall(),
        raw.execute(
            "SELECT c.uid, m.seq, m.kind, m.date, m.status, m.document FROM meetings m"
            " JOIN cases c ON c.id = m.case_id ORDER BY c.uid, m.seq"
        ).fetchall(),
        raw.execute(
            "SELECT c.uid, a.os_user, a.action, a.detail,"
            " CASE a.action WHEN 'restored' THEN '' ELSE a.at END FROM audit a"
            " JOIN cases c ON c.id = a.case_id ORDER BY c.uid, a.id"
        ).fetchall(),
    ]


def _restore(tmp_path, path, name: str):
    """(result or the refusal's message, the target store's rows)."""
    target = open_store(tmp_path / name)
    try:
        try:
            result = backup.restore(target, path, PASS)
            outcome = ("restored", len(result.added), result.skipped, result.copies)
        except backup.BackupError as exc:
            outcome = ("refused", str(exc))
        return outcome, _rows(target)
    finally:
        target.close()


@pytest.fixture
def first(monkeypatch):
    monkeypatch.setattr(restore_worker, "FIRST", FIRST)
    monkeypatch.setattr(restore_worker, "BATCH", 3)


def _script(tmp_path, body: str) -> list[str]:
    script = tmp_path / "child.py"
    script.write_text(body)
    return [sys.executable, str(script)]


# the second process, as it comes: right, or failing each way it can
REAL = "the real one"
KILL_AFTER_ONE_FRAME = """
import os, sys
sys.path[:0] = {path!r}
from sipdesk.model import child, restore_worker
real = child.write_frame
def once(out, header, *blobs):
    real(out, header, *blobs)
    os._exit(3)
child.write_frame = once
restore_worker.main()
"""
CHILDREN = {
    "real": REAL,
    "cannot-start": ["/nonexistent/python"],
    "ends-at-once": [sys.executable, "-c", "pass"],
    "garbage": [sys.executable, "-c", "import sys; sys.stdout.buffer.write(b'\\0\\0\\0\\5hello')"],
    "wrong-rows": [sys.executable, "-c",
                   "import sys, marshal; sys.path[:0] = %r; from sipdesk.model import child;"
                   " child.read_frame(sys.stdin.buffer);"
                   " child.write_frame(sys.stdout.buffer, {}, marshal.dumps([(99, 'x')]))"],
    "dies-midway": KILL_AFTER_ONE_FRAME,
}  # fmt: skip


def _use_child(monkeypatch, tmp_path, kind: str) -> None:
    how = CHILDREN[kind]
    if how is REAL:
        return
    if isinstance(how, str):
        how = _script(tmp_path, how.format(path=sys.path))
    elif kind == "wrong-rows":
        how = [*how[:2], how[2] % (sys.path,)]
    monkeypatch.setattr(restore_worker, "_command", lambda: how)


@pytest.mark.parametrize("kind", sorted(CHILDREN))
def test_the_second_process_changes_nothing_whatever_it_does(
    demo_store, tmp_path, monkeypatch, first, kind
):
    objects = _objects(demo_store, tmp_path)
    path = _file(tmp_path, objects)
    with monkeypatch.context() as alone:
        alone.setattr(restore_worker, "FIRST", 10**9)
        want = _restore(tmp_path, path, "reference")
    assert want[0] == ("restored", len(objects) - 1, 0, 0)
    _use_child(monkeypatch, tmp_path, kind)
    here = []
    real = backup.prepare_entry
    monkeypatch.setattr(backup, "prepare_entry", lambda i, e: here.append(i) or real(i, e))
    assert _restore(tmp_path, path, "with-child") == want
    if kind == "real":  # the child read every case after the first ones: none read twice
        assert here == list(range(FIRST))
    else:  # read on here from where the child stopped
        assert here[:FIRST] == list(range(FIRST)) and here[-1] == len(objects) - 2


def _damage(objects: list[dict], kind: str) -> tuple[list[dict], int]:
    """The content with damage in a case the child reads (after FIRST); and bytes to cut."""
    objects = json.loads(json.dumps(objects))
    case = objects[FIRST + 7]
    if kind == "field":
        case["case"]["meetings"][0]["date"] = "2026-13-01"
    elif kind == "plan-check":
        case["case"]["meetings"][0]["planned_minutes"] = 2
    elif kind == "implausible-count":
        case["error_count"] = -1
    elif kind == "not-an-object":
        objects[FIRST + 7] = ["not", "a", "case"]
    elif kind == "audit":
        case["audit"] = [{"at": "igår", "os_user": "x", "action": "y", "detail": ""}]
    return objects, 40 if kind == "cut-off" else 0


DAMAGE = ["field", "plan-check", "implausible-count", "not-an-object", "audit", "cut-off"]


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_backup_is_refused_in_the_same_words_and_nothing_is_restored(
    demo_store, tmp_path, monkeypatch, first, damage, lang
):
    objects, cut = _damage(_objects(demo_store, tmp_path), damage)
    path = _file(tmp_path, objects, cut=cut)
    before = i18n.language()
    i18n.set_language(lang)
    try:
        with monkeypatch.context() as alone:
            alone.setattr(restore_worker, "FIRST", 10**9)
            want = _restore(tmp_path, path, "reference")
        got = _restore(tmp_path, path, "with-child")
    finally:
        i18n.set_language(before)
    assert want[0][0] == "refused" and want[1] == [[], [], []]
    assert got == want


def test_restoring_again_compares_with_the_cases_already_there(
    demo_store, tmp_path, monkeypatch, first
):
    """The same uids already in the store: unchanged ones are skipped, a changed one is added
    as a copy – the child's cases are compared as whole cases, as the main process's are."""
    objects = _objects(demo_store, tmp_path)
    path = _file(tmp_path, objects)
    outcomes = {}
    for name, first_here in (("reference", 10**9), ("with-child", FIRST)):
        monkeypatch.setattr(restore_worker, "FIRST", first_here)
        target = open_store(tmp_path / name)
        try:
            backup.restore(target, path, PASS)
            changed = target.list_cases()[-1].id  # a case the child prepared
            case = target.load_case(changed)
            case.person.name = case.person.name + " (ändrad)"
            target.save_case(changed, case)
            again = backup.restore(target, path, PASS)
            known = {o["case"]["uid"] for o in objects[1:]}
            outcomes[name] = ((len(again.added), again.skipped, again.copies), _copy(target, known))
        finally:
            target.close()
    assert outcomes["with-child"][0] == (1, len(objects) - 2, 1)
    assert outcomes["with-child"] == outcomes["reference"]


def _copy(store, known: set[str]) -> list:
    """The rows with a copy's new (random) uid written as "copy"."""
    rows = _rows(store)
    new = {r[0] for r in rows[0]} - known
    assert len(new) == 1
    (uid,) = new
    return json.loads(json.dumps(rows).replace(uid, "copy"))


def test_the_child_refuses_a_file_that_is_not_the_one_opened(
    demo_store, tmp_path, monkeypatch, first
):
    """The file is replaced (same passphrase, another backup) after the restore opened it: the
    child sees another header and answers nothing; the restore reads on from the file it opened."""
    objects = _objects(demo_store, tmp_path)
    path = _file(tmp_path, objects)
    with monkeypatch.context() as alone:
        alone.setattr(restore_worker, "FIRST", 10**9)
        want = _restore(tmp_path, path, "reference")
    other = _file(tmp_path, objects[: FIRST + 3], name="other.sipbackup")
    real_start = restore_worker._start

    def swap_then_start(reader, start):
        os.replace(other, path)  # the reader holds the old file open; the child opens the new
        return real_start(reader, start)

    monkeypatch.setattr(restore_worker, "_start", swap_then_start)
    assert _restore(tmp_path, path, "with-child") == want


def test_the_child_gets_no_secret_of_the_environment(monkeypatch):
    for name in child.SECRET_ENV:
        monkeypatch.setenv(name, "hemligt")
    assert not set(child.SECRET_ENV) & set(child.env())
    assert child.command("sipdesk.model.restore_worker")[1] == "-P"
