"""A restore's cases prepared on a second core (issue 19: 10,000 cases restored in ≤ 10 s).

Restoring a case is mostly reading it – JSON parsed, decoded, checked like a plan file, its rows'
documents made (`backup.prepare_entry`): ≈ 0.4 ms of CPU a case here, against ≈ 0.25 ms for
writing its rows. `prepared` hands the reading to a child process (`sipdesk.model.child`) once a
backup has more than `FIRST` cases: the child opens the same file with the key this process
derived, checks its header is the one read here, and sends each case back as the values its rows
need (`marshal`: plain values only, never code or objects); this process writes them into the
store's one transaction meanwhile. The result is the store the restore in one process makes –
the same rows, the same refusals with the same messages, in the same order (tests/model/
test_restore_worker.py holds both ways to it).

What crosses: the backup's path, its key and the language over the child's standard input; the
cases' values over its standard output – anonymous pipes between two processes of the same user,
never a file. The child writes nothing anywhere else and keeps nothing.

Whatever goes wrong with the child – it cannot start, dies, answers garbled – this process reads
on by itself from the first case the child did not answer: the child only ever saves time.
"""

from __future__ import annotations

import datetime as dt
import logging
import marshal
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sipdesk.model import child

log = logging.getLogger(__name__)

FIRST = 200  # cases read here before a child is worth its start (≈ 0.1–0.2 s of CPU)
BATCH = 50  # cases a frame


class _Lost(Exception):
    """The child's answers ended or made no sense: read on in this process."""


def prepared(reader: Any, local: Iterator[tuple]) -> Iterator[tuple]:
    """`local` – a `BackupReader.entries(rows=True)` iterator of `reader` – with the cases after
    the first `FIRST` prepared by a child process when one can be started; yields (number, case,
    audit, prepared rows) in order either way."""
    done = 0
    for item in local:
        yield item
        done = item[0] + 1
        if done >= FIRST:
            break
    else:
        return  # a small backup: all of it read here
    proc = _start(reader, done)
    if proc is not None:
        try:
            for item in _answers(proc.stdout):
                if item[0] != done:
                    raise _Lost
                yield item
                done += 1
            return  # the child read the backup to its end (and checked all of it)
        except _Lost:
            log.info("restore: the second process stopped at case %d; reading on here", done)
        finally:
            _stop(proc)
    for item in local:  # the rest – or, after a lost child, what it did not answer
        if item[0] >= done:
            yield item


def _command() -> list[str] | None:
    """The child's command line; None where no child can be started (a bundle)."""
    return child.command("sipdesk.model.restore_worker") if child.can_start() else None


def _start(reader: Any, start: int):
    import subprocess

    from sipdesk import i18n

    command = _command()
    if command is None:
        return None
    try:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            env=child.env(),
        )
    except OSError as exc:
        log.info("restore: no second process (%s)", type(exc).__name__)
        return None
    request = {"path": str(reader.path), "start": start, "lang": i18n.language(), "batch": BATCH}
    try:
        child.write_frame(proc.stdin, request, reader._key, reader.header.prefix)
        proc.stdin.close()
    except OSError as exc:  # it ended before reading: this process reads on by itself
        log.info("restore: the second process took no request (%s)", type(exc).__name__)
        _stop(proc)
        return None
    return proc


def _stop(proc) -> None:
    import contextlib
    import subprocess

    for pipe in (proc.stdin, proc.stdout):
        with contextlib.suppress(OSError):
            pipe.close()
    if proc.poll() is None:
        proc.kill()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _answers(out: IO[bytes]) -> Iterator[tuple]:
    from sipdesk.model.backup import BackupError

    while True:
        got = child.read_frame(out)
        if got is None:
            raise _Lost
        header, blobs = got
        if "error" in header:  # the backup itself refused: the same words as here
            raise BackupError(str(header["error"]))
        if header.get("done"):
            return
        try:
            rows = marshal.loads(blobs[0])
            items = [_item(row) for row in rows]
        except (ValueError, EOFError, TypeError, IndexError, KeyError):
            raise _Lost from None
        yield from items


def _row(i: int, case: Any, audit: list, made: Any) -> tuple:
    """A prepared case as plain values (the child's side)."""
    return (
        i,
        case.uid,
        case.person.display_name,
        case.person.protected_identity,
        case.status.value,
        _iso(case.next_follow_up),
        [(m.kind.value, _iso(m.date), m.status.value) for m in case.meetings],
        [(e.at.isoformat(), e.os_user, e.action, e.detail) for e in audit],
        tuple(made),
    )


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _day(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _item(row: tuple) -> tuple:
    """The child's plain values as `restore_cases` takes them (this process's side)."""
    from sipdesk.model.enums import CaseStatus, MeetingKind, MeetingStatus
    from sipdesk.model.store import AuditEntry
    from sipdesk.model.store.bulk import Prepared, PreparedCase

    i, uid, name, protected, status, follow_up, meetings, audit, made = row
    case = PreparedCase(
        uid,
        types.SimpleNamespace(display_name=name, protected_identity=protected),
        CaseStatus(status),
        _day(follow_up),
        [
            types.SimpleNamespace(kind=MeetingKind(k), date=_day(d), status=MeetingStatus(s))
            for k, d, s in meetings
        ],
    )
    history = [AuditEntry(dt.datetime.fromisoformat(a), u, act, det) for a, u, act, det in audit]
    return i, case, history, Prepared(*made)


def main() -> None:
    """The child: prepare the cases of the backup the request names, from its `start` on."""
    out = sys.stdout.buffer  # (the cycle collector stays on: paused, this child ran slower)
    got = child.read_frame(sys.stdin.buffer)
    if got is None:
        return
    request, (key, prefix) = got
    from sipdesk import i18n
    from sipdesk.model.backup import BackupError, BackupReader

    i18n.set_language(request["lang"])
    try:
        reader = BackupReader(Path(request["path"]), key=key)
    except BackupError:  # replaced since the restore opened it (another key): answer nothing
        return
    try:
        with reader:
            if reader.header.prefix != prefix:  # not the file the restore opened
                return
            _prefs, cases = reader.entries(rows=True, start=int(request["start"]))
            batch: list[tuple] = []
            size = max(1, int(request.get("batch", BATCH)))
            for i, case, audit, made in cases:
                batch.append(_row(i, case, audit, made))
                if len(batch) >= size:
                    child.write_frame(out, {}, marshal.dumps(batch))
                    batch = []
            if batch:
                child.write_frame(out, {}, marshal.dumps(batch))
    except BackupError as exc:
        child.write_frame(out, {"error": str(exc)})
        return
    child.write_frame(out, {"done": True})


if __name__ == "__main__":
    main()
