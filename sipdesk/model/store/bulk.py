"""The store's bulk operations: every case's documents for figures, a backup's entries read in
batches, a restore in one transaction, and one audit action on many cases. A mixin of `Store`."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

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
        one connection – no ORM, no decoding (the page check vouches for the bytes). The entry
        carries the case's error count as the list shows it ("error_count", when computed). An
        entry that does not parse is (id, None): a damaged case, left out and named."""
        conn = self._raw()
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            marks = ",".join("?" * len(chunk))
            try:
                docs: dict[int, str] = {}
                counts: dict[int, int | None] = {}
                for cid, doc, count in conn.execute(
                    f"SELECT id, document, error_count FROM cases WHERE id IN ({marks})", chunk
                ):
                    docs[cid], counts[cid] = doc, count
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
                entry = {"case": case, "audit": audits.get(cid, [])}
                if counts.get(cid) is not None:  # the list's count, so restore need not redo it
                    entry["error_count"] = counts[cid]
                yield cid, entry

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
        items: Iterable[tuple[Case, list[AuditEntry]] | tuple[Case, list[AuditEntry], Prepared]],
        preferences: dict[str, str] | None = None,
        *,
        compare: bool = True,
    ) -> tuple[list[int], int, int]:
        """Add cases from a backup, each with its earlier audit trail, in ONE transaction.

        `items` may be a stream (a backup read as it is decrypted): either every case (and
        preference) is added or none is – a failure anywhere, also in the stream, rolls it back.
        With `compare`, never a duplicate: a case already here (same uid, same content) is
        skipped, one with the same uid and other content is added as a copy with a new uid.
        An item may carry its rows already made (`prepare`, by whoever checked the case);
        otherwise they are made here. Returns (new ids, skipped, copies).

        The rows go in through the driver's cursor in batches (no SQL built per case): the
        same columns and the same stored forms as the ORM writes.
        """
        import uuid


        sa, Session, t = _orm()
        now, user = _now(), _os_user()
        stamp = _stamp(now)
        ids: list[int] = []
        skipped = copies = 0
        existing = self.uids() if compare else {}
        seen: set[str] = set()
        meetings: list[tuple] = []
        audits: list[tuple] = []
        with Session(self.engine) as session, session.begin():
            for key, value in (preferences or {}).items():
                session.merge(t.PreferenceRecord(key=key, value=value))
            session.flush()
            conn = session.connection()
            cur = conn.connection.driver_connection.cursor()
            for item in items:
                case, history = item[0], item[1]
                made: Prepared | None = item[2] if len(item) > 2 else None
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
                if made is None:
                    made = prepare(case)
                case_doc = made.case_doc
                if made.fields["uid"] != case.uid:  # a copy: its own uid in its document
                    case_doc = json.dumps(
                        {**made.fields, "uid": case.uid}, ensure_ascii=False, sort_keys=True
                    )
                name = case.person.display_name
                cur.execute(_INSERT_CASE, (
                    case.uid, name, name.casefold(), case.status.value,
                    1 if case.person.protected_identity else 0,
                    _day(case.next_follow_up), made.error_count, case_doc, stamp, stamp,
                ))  # fmt: skip
                case_id = cur.lastrowid
                meetings.extend(
                    (case_id, i, m.kind.value, _day(m.date), m.status.value, doc, stamp)
                    for i, (m, doc) in enumerate(zip(case.meetings, made.meeting_docs, strict=True))
                )
                audits.extend(
                    (case_id, _stamp(e.at), e.os_user[:100], e.action[:40], e.detail)
                    for e in history
                )
                audits.append((case_id, stamp, user, "restored", ""))
                ids.append(case_id)
                if len(meetings) >= 500 or len(audits) >= 2000:
                    _flush(cur, meetings, audits)
            _flush(cur, meetings, audits)
            cur.close()
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


class Prepared(NamedTuple):
    """A case as its rows hold it, made once: its own fields as encoded (`uid` among them), its
    document, its meetings' documents in order, and the newest plan's error count."""

    fields: dict[str, Any]
    case_doc: str
    meeting_docs: list[str]
    error_count: int


def prepare(case: Case, error_count: int | None = None) -> Prepared:
    """The rows' documents of `case` as the store writes them (`codec.encode` once, keys sorted),
    and its error count – computed by the plan check unless given."""
    from sipdesk.model import codec

    return prepared_from(case, codec.encode(case), error_count)


def prepared_from(case: Case, encoded: dict[str, Any], error_count: int | None) -> Prepared:
    """The rows' documents from `encoded`, the case as the store's encoder gives it (or JSON
    proved identical to that): its own fields and each meeting, keys sorted."""
    from sipdesk.model.store.repository import _CASE_FIELDS

    fields = {k: encoded[k] for k in _CASE_FIELDS}
    return Prepared(
        fields,
        json.dumps(fields, ensure_ascii=False, sort_keys=True),
        [json.dumps(m, ensure_ascii=False, sort_keys=True) for m in encoded["meetings"]],
        count_errors(case, error_count),
    )


def count_errors(case: Case, given: int | None = None) -> int:
    """The list's error count: `given` if there is one, else the plan check's."""
    if given is not None:
        return given
    from sipdesk.model import quality

    return quality.error_count(case)


_INSERT_CASE = (
    "INSERT INTO cases (uid, display_name, search_name, status, protected, next_follow_up,"
    " error_count, document, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_MEETINGS = (
    "INSERT INTO meetings (case_id, seq, kind, date, status, document, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_AUDIT = "INSERT INTO audit (case_id, at, os_user, action, detail) VALUES (?, ?, ?, ?, ?)"


def _flush(cur: Any, meetings: list[tuple], audits: list[tuple]) -> None:
    if meetings:
        cur.executemany(_INSERT_MEETINGS, meetings)
        meetings.clear()
    if audits:
        cur.executemany(_INSERT_AUDIT, audits)
        audits.clear()


def _stamp(value: dt.datetime) -> str:
    """A DateTime column's stored text, as SQLAlchemy's SQLite dialect writes it."""
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:"
        f"{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"
    )


def _day(value: dt.date | None) -> str | None:
    """A Date column's stored text, as SQLAlchemy's SQLite dialect writes it."""
    return None if value is None else f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
