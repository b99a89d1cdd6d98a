"""The store's bulk operations: every case's documents for figures, a backup's entries read in
batches, a restore in one transaction, and one audit action on many cases. A mixin of `Store`."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sipdesk.model.store.base import _now, _orm, _os_user, guarded

if TYPE_CHECKING:
    from sipdesk.model.entities import Case
    from sipdesk.model.store.repository import AuditEntry

log = logging.getLogger("sipdesk.model.store.repository")


class BulkOperations:
    """Store's operations over many cases at once (see `Store`)."""

    def iter_documents(self, batch: int = 1000):
        """Every case as its raw JSON documents, (case, [meetings in order]), read in batches –
        for figures over thousands of cases without building ORM objects or dataclasses."""
        sa, Session, t = _orm()
        last = 0
        while True:
            with Session(self.engine) as session:
                cases = session.execute(
                    sa.select(t.CaseRecord.id, t.CaseRecord.document)
                    .where(t.CaseRecord.id > last)
                    .order_by(t.CaseRecord.id)
                    .limit(batch)
                ).all()
                if not cases:
                    return
                last = cases[-1][0]
                meetings: dict[int, list[str]] = {}
                for case_id, doc in session.execute(
                    sa.select(t.MeetingRecord.case_id, t.MeetingRecord.document)
                    .where(t.MeetingRecord.case_id.between(cases[0][0], last))
                    .order_by(t.MeetingRecord.case_id, t.MeetingRecord.seq)
                ):
                    meetings.setdefault(case_id, []).append(doc)
            for case_id, doc in cases:
                yield json.loads(doc), [json.loads(m) for m in meetings.get(case_id, [])]

    @guarded
    def iter_backup_entries(self, ids: list[int], batch: int = 500):
        """For a backup: (id, entry) per case in `ids` order, the entry the stored JSON as the
        plan file has it ({"case": {..., "meetings": [...]}, "audit": [...]}), read in batches on
        one connection – no ORM, no decoding (the page check vouches for the bytes). An entry that
        does not parse is (id, None): a damaged case, left out and named."""
        conn = self._raw()
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            marks = ",".join("?" * len(chunk))
            try:
                docs = dict(
                    conn.execute(f"SELECT id, document FROM cases WHERE id IN ({marks})", chunk)
                )
                meetings: dict[int, list[str]] = {}
                for cid, doc in conn.execute(
                    f"SELECT case_id, document FROM meetings WHERE case_id IN ({marks})"
                    " ORDER BY case_id, seq",
                    chunk,
                ):
                    meetings.setdefault(cid, []).append(doc)
                audits: dict[int, list[dict[str, str]]] = {}
                for cid, at, user, action, detail in conn.execute(
                    "SELECT case_id, at, os_user, action, detail FROM audit"
                    f" WHERE case_id IN ({marks}) ORDER BY id",
                    chunk,
                ):
                    audits.setdefault(cid, []).append(
                        {
                            "at": dt.datetime.fromisoformat(str(at)).isoformat(),
                            "os_user": user,
                            "action": action,
                            "detail": detail or "",
                        }
                    )
            except Exception as exc:
                fault = self._fault(exc)
                if fault is None:
                    raise
                # a damaged page in this batch: read its cases one by one to keep the others
                if len(chunk) > 1:
                    yield from self.iter_backup_entries(chunk, batch=1)
                    conn = self._raw()
                    continue
                yield chunk[0], None
                conn = self._raw()
                continue
            for cid in chunk:
                if cid not in docs:
                    continue  # deleted meanwhile
                try:
                    case = json.loads(docs[cid])
                    case["meetings"] = [json.loads(m) for m in meetings.get(cid, [])]
                except ValueError:
                    yield cid, None
                    continue
                yield cid, {"case": case, "audit": audits.get(cid, [])}

    def add_restored(
        self,
        items: Iterable[tuple[Case, list[AuditEntry]]],
        preferences: dict[str, str] | None = None,
    ) -> list[int]:
        """Add every case of `items` (no comparison with the cases here), in one transaction."""
        return self.restore_cases(items, preferences, compare=False)[0]

    @guarded
    def restore_cases(
        self,
        items: Iterable[tuple[Case, list[AuditEntry]]],
        preferences: dict[str, str] | None = None,
        *,
        compare: bool = True,
    ) -> tuple[list[int], int, int]:
        """Add cases from a backup, each with its earlier audit trail, in ONE transaction.

        `items` may be a stream (a backup read as it is decrypted): either every case (and
        preference) is added or none is – a failure anywhere, also in the stream, rolls it back.
        With `compare`, never a duplicate: a case already here (same uid, same content) is
        skipped, one with the same uid and other content is added as a copy with a new uid.
        Returns (new ids, skipped, copies).
        """
        import uuid

        from sipdesk.model import codec

        sa, Session, t = _orm()
        now, user = _now(), _os_user()
        ids: list[int] = []
        skipped = copies = 0
        existing = self.uids() if compare else {}
        seen: set[str] = set()
        cases_t, meetings_t, audit_t = (
            t.CaseRecord.__table__,
            t.MeetingRecord.__table__,
            t.AuditRecord.__table__,
        )
        with Session(self.engine) as session, session.begin():
            for key, value in (preferences or {}).items():
                session.merge(t.PreferenceRecord(key=key, value=value))
            session.flush()
            conn = session.connection()
            for case, history in items:
                here = existing.get(case.uid)
                if here is not None:
                    if self._stored_case(conn, here) == case:
                        skipped += 1
                        continue
                    case.uid = uuid.uuid4().hex
                    copies += 1
                elif compare and case.uid in seen:
                    case.uid = uuid.uuid4().hex
                    copies += 1
                seen.add(case.uid)
                encoded = codec.encode(case)  # once: the case row and every meeting row
                row = conn.execute(
                    sa.insert(cases_t).values(created_at=now, **self._columns(case, now, encoded))
                )
                case_id = row.inserted_primary_key[0]
                meetings = [
                    {
                        "case_id": case_id,
                        "seq": i,
                        "kind": m.kind.value,
                        "date": m.date,
                        "status": m.status.value,
                        "document": json.dumps(
                            encoded["meetings"][i], ensure_ascii=False, sort_keys=True
                        ),
                        "updated_at": now,
                    }
                    for i, m in enumerate(case.meetings)
                ]
                if meetings:
                    conn.execute(sa.insert(meetings_t), meetings)
                audit = [
                    {
                        "case_id": case_id,
                        "at": e.at,
                        "os_user": e.os_user[:100],
                        "action": e.action[:40],
                        "detail": e.detail,
                    }
                    for e in history
                ]
                audit.append(
                    {
                        "case_id": case_id,
                        "at": now,
                        "os_user": user,
                        "action": "restored",
                        "detail": "",
                    }
                )
                conn.execute(sa.insert(audit_t), audit)
                ids.append(case_id)
        log.info("%d case(s) restored", len(ids))
        return ids, skipped, copies

    @staticmethod
    def _stored_case(conn: Any, case_id: int) -> Case | None:
        """A case read through `conn` (inside a transaction already open on it)."""
        from sipdesk.model import codec
        from sipdesk.model.entities import Case

        row = conn.exec_driver_sql("SELECT document FROM cases WHERE id = ?", (case_id,)).first()
        if row is None:
            return None
        data = json.loads(row[0])
        data["meetings"] = [
            json.loads(m[0])
            for m in conn.exec_driver_sql(
                "SELECT document FROM meetings WHERE case_id = ? ORDER BY seq", (case_id,)
            )
        ]
        try:
            return codec.decode(Case, data, "case")
        except codec.DecodeError:
            return None

    @guarded
    def uids(self) -> dict[str, int]:
        """Every case's uid and id, in one query (restore compares against them)."""
        return {r[0]: r[1] for r in self._raw().execute("SELECT uid, id FROM cases")}

    @guarded
    def audit_many(self, case_ids: list[int], action: str, detail: str = "") -> None:
        """Record one action on many cases in ONE transaction (a whole-store backup)."""
        sa, Session, t = _orm()
        at, user = _now(), _os_user()
        with Session(self.engine) as session, session.begin():
            session.execute(
                sa.insert(t.AuditRecord),
                [
                    {"case_id": cid, "at": at, "os_user": user, "action": action, "detail": detail}
                    for cid in case_ids
                ],
            )
