"""The store's operations: list, load, add, save and delete cases; the audit trail; preferences;
post-meeting evaluations.

Every operation is one transaction. Plan versions of earlier meetings are written once and then
never rewritten: saving a case whose earlier version differs from the stored one is refused.

The case list is read through the plain DB-API connection in one query, so start-up never
imports SQLAlchemy (≈0.2–0.4 s); everything else goes through the ORM, imported on first use.
The plan model (entities, codec, the plan check) is imported by the operations that read or
write a plan, not with this module: the window's case list is drawn before it is needed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sipdesk.i18n import N_, _
from sipdesk.model.enums import CaseStatus, MeetingKind, MeetingStatus
from sipdesk.model.store import faults, reads
from sipdesk.model.store.base import (
    CaseNotFound,
    StoreLocked,
    VersionLocked,
    _fingerprint,
    _now,
    _orm,
    _os_user,
    _seq,
    guarded,
)
from sipdesk.model.store.bulk import BulkOperations
from sipdesk.model.store.engine import Database
from sipdesk.model.store.keys import PassphrasePrompt

T = TypeVar("T")

if TYPE_CHECKING:
    from collections.abc import Sequence

    import sqlcipher3
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from sipdesk.model.entities import Case, Meeting
    from sipdesk.model.store.integrity import IntegrityReport
    from sipdesk.model.store.schema import MeetingRecord

__all__ = ["AuditEntry", "CaseNotFound", "CaseSummary", "Store", "StoreLocked", "VersionLocked"]

log = logging.getLogger(__name__)

_CASE_FIELDS = ("person", "consents", "closing", "uid", "initiative", "decisions")


@dataclass(frozen=True)
class CaseSummary:
    """One row of the case list: no document parsed, nothing a list does not show."""

    id: int
    display_name: str
    status: CaseStatus
    protected: bool
    next_follow_up: dt.date | None
    updated_at: dt.datetime
    error_count: int | None = None  # plan-check errors of the newest plan; None = not computed


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime
    os_user: str
    action: str
    detail: str

    @property
    def label(self) -> str:
        """The action in the interface language (unknown actions as they are stored)."""
        text = AUDIT_ACTIONS.get(self.action)
        return _(text) if text else self.action


# What the audit trail records, as shown to the chair. "printed" and "signed" are written by the
# export features; the rest by the store and the case operations.
AUDIT_ACTIONS: dict[str, str] = {
    "created": N_("created"),
    "imported": N_("imported from a plan file"),
    "opened": N_("opened"),
    "exported": N_("exported"),
    "printed": N_("printed"),
    "signed": N_("signed"),
    "closed": N_("closed (plan ended)"),
    "deleted": N_("deleted"),
    "backed_up": N_("included in a backup"),
    "restored": N_("restored from a backup"),
    "consent_withdrawn": N_("consent withdrawn"),
    "review_saved": N_("follow-up review saved"),
    "shown on shared screen": N_("shown on the shared screen"),
}


def _case_document(case: Case, encoded: dict[str, Any] | None = None) -> str:
    from sipdesk.model import codec

    if encoded is not None:
        data = {k: encoded[k] for k in _CASE_FIELDS}
    else:  # the case's own fields only: its meetings (some perhaps not decoded) are not touched
        data = {k: codec.encode(getattr(case, k)) for k in _CASE_FIELDS}
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _meeting_document(meeting: Meeting) -> str:
    """A meeting as stored: a meeting loaded and never decoded is written back as it was read."""
    from sipdesk.model import codec
    from sipdesk.model.store import lazy

    stored = lazy.stored_document(meeting)
    if stored is not None:
        return stored
    return json.dumps(codec.encode(meeting), ensure_ascii=False, sort_keys=True)


class Store(BulkOperations):
    """An open store. `lock()` (or `close()`) drops the key; `unlock()` opens it again.

    While locked the store holds no connection, engine or URL (where the key is), so no
    operation can run and nothing in this object can give the key away.
    """

    def __init__(self, db: Database, data_dir: Path) -> None:
        self._db: Database | None = db
        self.data_dir = Path(data_dir)
        self._loaded: dict[int, str] = {}  # case id -> fingerprint as loaded or last saved
        self._writer = None

    # --- one writer per store, and faults by name ----------------------------------------

    def hold_writer(self) -> None:
        """Take the store's writer lock for as long as this Store is open (the window; a
        command that changes the store). Raises StoreBusy, naming who holds it."""
        from sipdesk.model.store.writer import WriterLock

        if self._writer is None:
            self._writer = WriterLock(self.data_dir).acquire()

    def may_write(self) -> bool:
        """Whether this Store holds the writer lock now – taken if free. False while another
        SipDesk holds it: a write that is only a convenience (part 5 filled before paper, the
        calendar entry remembered) is then left out rather than refuse that SipDesk's next save
        as "changed elsewhere"."""
        from sipdesk.model.store.faults import StoreBusy

        try:
            self.hold_writer()
        except StoreBusy as exc:
            log.info("the store's writer is %s: a convenience write left out", exc.holder)
            return False
        return True

    def release_writer(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.release()

    def _fault(self, exc: BaseException) -> faults.StoreFault | None:
        db_path = self._db.path if self._db is not None else None
        if faults._sqlite_code(exc) == faults.SQLITE_NOTADB and self._db is not None:
            verdict = self._db.opens_with_its_key()
            if verdict == "key":
                # the key is not ours any more: drop it; the window locks, edits kept in memory
                self.lock()
                return faults.KeyChangedElsewhere()
            self._db.reset()
            return faults.StoreDamaged(self.data_dir)
        fault = faults.classify(exc, self.data_dir, db_path)
        if isinstance(fault, faults.StoreDamaged) and self._db is not None:
            self._db.reset()
        return fault

    def check_integrity(self) -> IntegrityReport:
        """SQLCipher's page check (every page's HMAC), SQLite's structure check, and every case
        read back: what is damaged and what can still be read."""
        from sipdesk.model.store.integrity import check

        return check(self)

    def _database(self) -> Database:
        if self._db is None:
            raise StoreLocked(_("The store is locked. Unlock it to go on."))
        return self._db

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made on first use."""
        return self._database().engine

    def _raw(self) -> sqlcipher3.Connection:
        return self._database().raw()

    @guarded
    def over_connection(self, read: Callable[[sqlcipher3.Connection], T]) -> T:
        """`read(conn)` over the store's plain connection, its driver errors raised as the named
        fault they are (damaged, full, busy …) – the one door for reads that skip the ORM."""
        return read(self._raw())

    @property
    def is_locked(self) -> bool:
        return self._db is None

    def warm_up(self) -> None:
        """Import the ORM and open the engine ahead of need (e.g. in a thread after start-up)."""
        _orm()
        db = self._db
        if db is not None:
            with db.engine.connect():
                pass

    def lock(self) -> None:
        """Close every connection and forget the key; safe to call twice."""
        db, self._db = self._db, None
        if db is not None:
            db.dispose()
            log.info("store locked")

    def close(self) -> None:
        """Lock and let go of the writer lock: this Store is done."""
        self.lock()
        self.release_writer()

    def unlock(self, prompt: PassphrasePrompt | None = None) -> None:
        """Open the database again with the key from the keyring or the passphrase.

        Raises WrongKey, KeyUnavailable or PassphraseRequired; the store stays locked then.
        """
        if self._db is not None:
            return
        from sipdesk.model.store.opening import open_existing_database

        self._db = open_existing_database(self.data_dir, prompt)
        log.info("store unlocked")

    def replace_database(self, db: Database) -> None:
        """Use `db` from now on (after a key change); the old one is closed."""
        old, self._db = self._db, db
        if old is not None:
            old.dispose()

    # --- reading -------------------------------------------------------------------------

    @guarded
    def list_cases(
        self, search: str = "", status: CaseStatus | None = None
    ) -> Sequence[CaseSummary]:
        """The case list in one query, newest first; `search` matches the displayed name."""
        from sipdesk.model.store.case_window import COLUMNS, ORDER, list_filter

        where, params = list_filter(search, status.value if status is not None else None)
        sql = f"SELECT {COLUMNS} FROM cases{where} ORDER BY {ORDER}"
        with reads._LOCK:
            rows = self._raw().execute(sql, params).fetchall()
        return reads.CaseRows(rows)  # a CaseSummary made per row only when looked at

    @guarded
    def count_cases(self) -> int:
        return self._raw().execute("SELECT count(*) FROM cases").fetchone()[0]

    @guarded
    def load_case(self, case_id: int, *, lazy: bool = True) -> Case:
        """The case as stored. With `lazy`, earlier meetings are decoded on first use (a chain of
        versions costs what is shown of it – see lazy.py); the case and its newest meeting are
        decoded here, so a damaged document there is a StoreDamaged now, not later."""
        from sipdesk.model import codec
        from sipdesk.model.entities import Case

        found = reads.case_rows(self._raw(), case_id)  # two queries, no ORM
        if found is None:
            raise CaseNotFound(_("There is no case {id}.").format(id=case_id))
        case_doc, rows = found
        stamp = _fingerprint(case_doc, [row[0] for row in rows])
        try:
            data = json.loads(case_doc)
            data["meetings"] = []
            case = codec.decode(Case, data, "case")
            where = (self.data_dir, case_id)
            last = len(rows) - 1
            case.meetings = [
                self._stored_meeting(row, where, decode=not lazy or seq == last)
                for seq, row in enumerate(rows)
            ]
        except (ValueError, TypeError) as exc:  # DecodeError is a ValueError
            log.info("case %s does not read back: %s", case_id, type(exc).__name__)
            raise faults.StoreDamaged(
                self.data_dir, _("case {id} does not read back").format(id=case_id)
            ) from exc
        self._loaded[case_id] = stamp
        return case

    @staticmethod
    def _stored_meeting(row: tuple, where: tuple, *, decode: bool) -> Meeting:
        """A meeting row as a Meeting: decoded now, or lazily from its document with what a list
        of versions shows or finds one by (kind, date, status, start time, place, plan version,
        id) read from the row (decoded now when one of those is missing or does not read)."""
        from sipdesk.model import codec
        from sipdesk.model.store import lazy

        document, kind, date, status, start_time, place, version, meeting_id = row
        if not decode and None not in (place, version, meeting_id):
            try:
                return lazy.lazy_meeting(
                    document,
                    {
                        "kind": codec.decode(MeetingKind, kind, "meeting.kind"),
                        "date": codec.decode(
                            dt.date | None, None if date is None else str(date), "meeting.date"
                        ),
                        "status": codec.decode(MeetingStatus, status, "meeting.status"),
                        "start_time": codec.decode(dt.time | None, start_time, "meeting.time"),
                        "place": codec.decode(str, place, "meeting.place"),
                        "id": codec.decode(str, meeting_id, "meeting.id"),
                    },
                    codec.decode(int, version, "meeting.plan.version"),
                    where,
                )
            except codec.DecodeError:
                pass
        return lazy.decode_meeting(document, "case.meetings")

    def find_uid(self, uid: str) -> int | None:
        sa, Session, t = _orm()
        with Session(self.engine) as session:
            return session.scalar(sa.select(t.CaseRecord.id).where(t.CaseRecord.uid == uid))

    # --- writing -------------------------------------------------------------------------

    @guarded
    def add_case(self, case: Case) -> int:
        sa, Session, t = _orm()
        now = _now()
        with Session(self.engine) as session, session.begin():
            record = t.CaseRecord(created_at=now, **self._columns(case, now))
            record.meetings = [self._meeting_record(i, m, now) for i, m in enumerate(case.meetings)]
            session.add(record)
            session.flush()
            case_id = record.id
            self._audit(session, case_id, "created")
            stamp = _fingerprint(record.document, [m.document for m in record.meetings])
        self._loaded[case_id] = stamp
        log.info("case %s created", case_id)
        return case_id

    @guarded
    def save_case(self, case_id: int, case: Case) -> None:
        """Write the case in one transaction; earlier plan versions must be unchanged."""
        sa, Session, t = _orm()
        now = _now()
        with Session(self.engine) as session, session.begin():
            record = session.get(t.CaseRecord, case_id)
            if record is None:
                raise CaseNotFound(_("There is no case {id}.").format(id=case_id))
            loaded = self._loaded.get(case_id)
            if loaded is not None and loaded != _fingerprint(
                record.document, [m.document for m in record.meetings]
            ):
                raise faults.CaseChangedElsewhere(case_id)
            columns = self._columns(case, now)
            was_closed = record.status == CaseStatus.CLOSED.value
            if was_closed and record.document != columns["document"]:
                raise VersionLocked(_("The plan is closed and can no longer be changed."))
            for key, value in columns.items():
                setattr(record, key, value)
            stored = {m.seq: m for m in record.meetings}
            last = len(case.meetings) - 1
            for seq, meeting in enumerate(case.meetings):
                doc = _meeting_document(meeting)
                existing = stored.pop(seq, None)
                if existing is None:
                    record.meetings.append(self._meeting_record(seq, meeting, now, doc))
                elif existing.document != doc:
                    if seq != last or record.status == CaseStatus.CLOSED.value:
                        raise VersionLocked(
                            _("Plan version {v} is fixed and cannot be changed.").format(v=seq + 1)
                        )
                    existing.document = doc
                    existing.kind = meeting.kind.value
                    existing.date = meeting.date
                    existing.status = meeting.status.value
                    existing.updated_at = now
            if stored:
                raise VersionLocked(_("A plan version cannot be removed."))
            if case.closing is not None and not was_closed:
                self._audit(session, case_id, "closed", case.closing.reason.value)
            stamp = _fingerprint(
                columns["document"], [m.document for m in sorted(record.meetings, key=_seq)]
            )
        self._loaded[case_id] = stamp

    @guarded
    def delete_case(self, case_id: int) -> None:
        """Delete a case for real: its rows, and every copy of its pages the files still hold.

        `secure_delete` zeroes the freed cells and pages as the rows go; the checkpoint then
        copies those zeroed pages into the database file and truncates the WAL, whose older
        frames would otherwise still hold the case (encrypted, but recoverable with the key).
        """
        sa, Session, t = _orm()
        with Session(self.engine) as session, session.begin():
            deleted = session.execute(
                sa.delete(t.CaseRecord).where(t.CaseRecord.id == case_id)
            ).rowcount
            if not deleted:
                raise CaseNotFound(_("There is no case {id}.").format(id=case_id))
            self._audit(session, case_id, "deleted")
        self.purge_freed_pages()
        log.info("case %s deleted", case_id)

    @guarded
    def purge_freed_pages(self) -> None:
        """Checkpoint and truncate the WAL so no old copy of a deleted page is left in it."""
        with self.engine.connect() as conn:
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
            if busy and busy[0]:
                log.warning("checkpoint after delete was blocked by a reader")

    @guarded
    def refresh_error_counts(self) -> int:
        """Compute the error count of cases saved before it was kept; returns how many."""
        ids = [r[0] for r in self._raw().execute("SELECT id FROM cases WHERE error_count IS NULL")]
        if not ids:
            return 0  # the usual case: start-up stays free of the ORM
        from sipdesk.model import quality

        sa, Session, t = _orm()
        for case_id in ids:
            try:
                count = quality.error_count(self.load_case(case_id))
            except ValueError:  # an unreadable document stays "not computed"; load shows why
                log.warning("case %s: error count not computed", case_id)
                continue
            with Session(self.engine) as session, session.begin():
                record = session.get(t.CaseRecord, case_id)
                if record is not None:
                    record.error_count = count
        return len(ids)

    # --- post-meeting evaluations (no link to any case) ----------------------------------

    @guarded
    def add_evaluation(
        self, answered_on: dt.date, meeting_kind: str, role: str, answers: dict
    ) -> None:
        """Keep one survey response. It carries no case id, name or free text by design."""
        sa, Session, t = _orm()
        with Session(self.engine) as session, session.begin():
            session.add(
                t.EvaluationRecord(
                    answered_on=answered_on,
                    meeting_kind=meeting_kind,
                    role=role,
                    answers=json.dumps(answers, sort_keys=True),
                )
            )

    @guarded
    def evaluations(
        self, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[tuple[dt.date, str, str, dict]]:
        """Responses answered between `start` and `end` (inclusive): (day, kind, role, answers)."""
        sa, Session, t = _orm()
        stmt = sa.select(t.EvaluationRecord).order_by(t.EvaluationRecord.id)
        if start is not None:
            stmt = stmt.where(t.EvaluationRecord.answered_on >= start)
        if end is not None:
            stmt = stmt.where(t.EvaluationRecord.answered_on <= end)
        with Session(self.engine) as session:
            return [
                (r.answered_on, r.meeting_kind, r.role, json.loads(r.answers))
                for r in session.scalars(stmt)
            ]

    # --- audit trail and preferences -----------------------------------------------------

    @guarded
    def audit(self, case_id: int | None, action: str, detail: str = "") -> None:
        """Record an action on a case. `detail` must carry no personal data."""
        from sipdesk.model.protection import mask_shapes

        detail = mask_shapes(detail)  # the one masking, as a net under "no personal data"
        reads.add_audit(self._raw(), case_id, _now(), _os_user(), action, detail)  # no ORM

    @guarded
    def audit_log(self, case_id: int) -> list[AuditEntry]:
        sa, Session, t = _orm()
        stmt = (
            sa.select(t.AuditRecord)
            .where(t.AuditRecord.case_id == case_id)
            .order_by(t.AuditRecord.id)
        )
        with Session(self.engine) as session:
            return [AuditEntry(r.at, r.os_user, r.action, r.detail) for r in session.scalars(stmt)]

    @guarded
    def get_preference(self, key: str, default: str = "") -> str:
        value = reads.preference(self._raw(), key)  # no ORM
        return default if value is None else value

    @guarded
    def preferences(self) -> dict[str, str]:
        sa, Session, t = _orm()
        with Session(self.engine) as session:
            return {r.key: r.value for r in session.scalars(sa.select(t.PreferenceRecord))}

    @guarded
    def set_preference(self, key: str, value: str) -> None:
        reads.set_preference(self._raw(), key, value)  # no ORM

    # --- helpers -------------------------------------------------------------------------

    @staticmethod
    def _columns(
        case: Case, now: dt.datetime, encoded: dict[str, Any] | None = None
    ) -> dict[str, object]:
        from sipdesk.model import quality

        name = case.person.display_name
        return {
            "uid": case.uid,
            "display_name": name,
            "search_name": name.casefold(),
            "status": case.status.value,
            "protected": case.person.protected_identity,
            "next_follow_up": case.next_follow_up,
            "error_count": quality.error_count(case),
            "document": _case_document(case, encoded),
            "updated_at": now,
        }

    @staticmethod
    def _meeting_record(
        seq: int, meeting: Meeting, now: dt.datetime, doc: str | None = None
    ) -> MeetingRecord:
        sa, Session, t = _orm()
        return t.MeetingRecord(
            seq=seq,
            kind=meeting.kind.value,
            date=meeting.date,
            status=meeting.status.value,
            document=doc if doc is not None else _meeting_document(meeting),
            updated_at=now,
        )

    @staticmethod
    def _audit(session: Session, case_id: int | None, action: str, detail: str = "") -> None:
        sa, Session, t = _orm()
        session.add(
            t.AuditRecord(
                case_id=case_id, at=_now(), os_user=_os_user(), action=action, detail=detail
            )
        )
