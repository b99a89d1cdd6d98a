"""The store's operations: list, load, add, save and delete cases; the audit trail; preferences.

Every operation is one transaction. Plan versions of earlier meetings are written once and then
never rewritten: saving a case whose earlier version differs from the stored one is refused.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from sipdesk.i18n import N_, _
from sipdesk.model import codec
from sipdesk.model.entities import Case, Meeting
from sipdesk.model.enums import CaseStatus
from sipdesk.model.store.keys import PassphrasePrompt
from sipdesk.model.store.schema import AuditRecord, CaseRecord, MeetingRecord, PreferenceRecord

log = logging.getLogger(__name__)

_CASE_FIELDS = ("person", "consents", "closing", "uid")


class CaseNotFound(LookupError):
    pass


class VersionLocked(ValueError):
    """An attempt to change a plan version that an earlier meeting already fixed."""


class StoreLocked(RuntimeError):
    """The store is locked: no key is held until it is unlocked again."""


@dataclass(frozen=True)
class CaseSummary:
    """One row of the case list: no document parsed, nothing a list does not show."""

    id: int
    display_name: str
    status: CaseStatus
    protected: bool
    next_follow_up: dt.date | None
    updated_at: dt.datetime


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
}


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


def _case_document(case: Case) -> str:
    data = codec.encode(case)
    return json.dumps({k: data[k] for k in _CASE_FIELDS}, ensure_ascii=False, sort_keys=True)


def _meeting_document(meeting: Meeting) -> str:
    return json.dumps(codec.encode(meeting), ensure_ascii=False, sort_keys=True)


class Store:
    """An open store. `lock()` (or `close()`) drops the key; `unlock()` opens it again.

    While locked the store holds neither the engine nor its URL (where the key is), so no
    operation can run and nothing in this object can give the key away.
    """

    def __init__(self, engine: Engine, data_dir: Path) -> None:
        self._engine: Engine | None = engine
        self.data_dir = Path(data_dir)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise StoreLocked(_("The store is locked. Unlock it to go on."))
        return self._engine

    @property
    def is_locked(self) -> bool:
        return self._engine is None

    def lock(self) -> None:
        """Close every connection and forget the key; safe to call twice."""
        engine, self._engine = self._engine, None
        if engine is not None:
            engine.dispose()
            log.info("store locked")

    close = lock

    def unlock(self, prompt: PassphrasePrompt | None = None) -> None:
        """Open the database again with the key from the keyring or the passphrase.

        Raises WrongKey, KeyUnavailable or PassphraseRequired; the store stays locked then.
        """
        if self._engine is not None:
            return
        from sipdesk.model.store.opening import open_existing_engine

        self._engine = open_existing_engine(self.data_dir, prompt)
        log.info("store unlocked")

    def replace_engine(self, engine: Engine) -> None:
        """Use `engine` from now on (after a key change); the old one is closed."""
        old, self._engine = self._engine, engine
        if old is not None:
            old.dispose()

    # --- reading -------------------------------------------------------------------------

    def list_cases(self, search: str = "", status: CaseStatus | None = None) -> list[CaseSummary]:
        """The case list in one query, newest first; `search` matches the displayed name."""
        stmt = select(
            CaseRecord.id,
            CaseRecord.display_name,
            CaseRecord.status,
            CaseRecord.protected,
            CaseRecord.next_follow_up,
            CaseRecord.updated_at,
        ).order_by(CaseRecord.updated_at.desc(), CaseRecord.id.desc())
        if search.strip():
            needle = search.strip().casefold()
            escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(CaseRecord.search_name.like(f"%{escaped}%", escape="\\"))
        if status is not None:
            stmt = stmt.where(CaseRecord.status == status.value)
        with Session(self.engine) as session:
            return [
                CaseSummary(r[0], r[1], CaseStatus(r[2]), r[3], r[4], r[5])
                for r in session.execute(stmt)
            ]

    def count_cases(self) -> int:
        with Session(self.engine) as session:
            return session.scalar(select(func.count(CaseRecord.id))) or 0

    def load_case(self, case_id: int) -> Case:
        with Session(self.engine) as session:
            record = session.get(CaseRecord, case_id)
            if record is None:
                raise CaseNotFound(_("There is no case {id}.").format(id=case_id))
            data = json.loads(record.document)
            data["meetings"] = [json.loads(m.document) for m in record.meetings]
            return codec.decode(Case, data, "case")

    def find_uid(self, uid: str) -> int | None:
        with Session(self.engine) as session:
            return session.scalar(select(CaseRecord.id).where(CaseRecord.uid == uid))

    # --- writing -------------------------------------------------------------------------

    def add_case(self, case: Case) -> int:
        now = _now()
        with Session(self.engine) as session, session.begin():
            record = CaseRecord(created_at=now, **self._columns(case, now))
            record.meetings = [self._meeting_record(i, m, now) for i, m in enumerate(case.meetings)]
            session.add(record)
            session.flush()
            case_id = record.id
            self._audit(session, case_id, "created")
        log.info("case %s created", case_id)
        return case_id

    def save_case(self, case_id: int, case: Case) -> None:
        """Write the case in one transaction; earlier plan versions must be unchanged."""
        now = _now()
        with Session(self.engine) as session, session.begin():
            record = session.get(CaseRecord, case_id)
            if record is None:
                raise CaseNotFound(_("There is no case {id}.").format(id=case_id))
            was_closed = record.status == CaseStatus.CLOSED.value
            for key, value in self._columns(case, now).items():
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
            if case.status is CaseStatus.CLOSED and not was_closed:
                self._audit(session, case_id, "closed")

    def delete_case(self, case_id: int) -> None:
        """Delete a case for real: its rows, and every copy of its pages the files still hold.

        `secure_delete` zeroes the freed cells and pages as the rows go; the checkpoint then
        copies those zeroed pages into the database file and truncates the WAL, whose older
        frames would otherwise still hold the case (encrypted, but recoverable with the key).
        """
        with Session(self.engine) as session, session.begin():
            deleted = session.execute(delete(CaseRecord).where(CaseRecord.id == case_id)).rowcount
            if not deleted:
                raise CaseNotFound(_("There is no case {id}.").format(id=case_id))
            self._audit(session, case_id, "deleted")
        self.purge_freed_pages()
        log.info("case %s deleted", case_id)

    def purge_freed_pages(self) -> None:
        """Checkpoint and truncate the WAL so no old copy of a deleted page is left in it."""
        with self.engine.connect() as conn:
            busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()
            if busy and busy[0]:
                log.warning("checkpoint after delete was blocked by a reader")

    def add_restored(
        self,
        items: list[tuple[Case, list[AuditEntry]]],
        preferences: dict[str, str] | None = None,
    ) -> list[int]:
        """Add cases from a backup, each with its earlier audit trail, in ONE transaction.

        Either every case (and preference) is added or none is: a failure rolls it all back.
        """
        now = _now()
        ids: list[int] = []
        with Session(self.engine) as session, session.begin():
            for key, value in (preferences or {}).items():
                session.merge(PreferenceRecord(key=key, value=value))
            for case, history in items:
                record = CaseRecord(created_at=now, **self._columns(case, now))
                record.meetings = [
                    self._meeting_record(i, m, now) for i, m in enumerate(case.meetings)
                ]
                session.add(record)
                session.flush()
                for e in history:
                    session.add(
                        AuditRecord(
                            case_id=record.id,
                            at=e.at,
                            os_user=e.os_user[:100],
                            action=e.action[:40],
                            detail=e.detail,
                        )
                    )
                self._audit(session, record.id, "restored")
                ids.append(record.id)
        log.info("%d case(s) restored", len(ids))
        return ids

    # --- audit trail and preferences -----------------------------------------------------

    def audit(self, case_id: int | None, action: str, detail: str = "") -> None:
        """Record an action on a case. `detail` must carry no personal data."""
        with Session(self.engine) as session, session.begin():
            self._audit(session, case_id, action, detail)

    def audit_log(self, case_id: int) -> list[AuditEntry]:
        stmt = select(AuditRecord).where(AuditRecord.case_id == case_id).order_by(AuditRecord.id)
        with Session(self.engine) as session:
            return [AuditEntry(r.at, r.os_user, r.action, r.detail) for r in session.scalars(stmt)]

    def get_preference(self, key: str, default: str = "") -> str:
        with Session(self.engine) as session:
            record = session.get(PreferenceRecord, key)
            return record.value if record else default

    def preferences(self) -> dict[str, str]:
        with Session(self.engine) as session:
            return {r.key: r.value for r in session.scalars(select(PreferenceRecord))}

    def set_preference(self, key: str, value: str) -> None:
        with Session(self.engine) as session, session.begin():
            session.merge(PreferenceRecord(key=key, value=value))

    # --- helpers -------------------------------------------------------------------------

    @staticmethod
    def _columns(case: Case, now: dt.datetime) -> dict[str, object]:
        name = case.person.display_name
        return {
            "uid": case.uid,
            "display_name": name,
            "search_name": name.casefold(),
            "status": case.status.value,
            "protected": case.person.protected_identity,
            "next_follow_up": case.next_follow_up,
            "document": _case_document(case),
            "updated_at": now,
        }

    @staticmethod
    def _meeting_record(
        seq: int, meeting: Meeting, now: dt.datetime, doc: str | None = None
    ) -> MeetingRecord:
        return MeetingRecord(
            seq=seq,
            kind=meeting.kind.value,
            date=meeting.date,
            status=meeting.status.value,
            document=doc if doc is not None else _meeting_document(meeting),
            updated_at=now,
        )

    @staticmethod
    def _audit(session: Session, case_id: int | None, action: str, detail: str = "") -> None:
        session.add(
            AuditRecord(
                case_id=case_id, at=_now(), os_user=_os_user(), action=action, detail=detail
            )
        )
