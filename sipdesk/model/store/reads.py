"""The store's hot paths through the plain DB-API connection: no SQLAlchemy import, no ORM objects.

A case's documents, one preference, one audit row – what `sipdesk export … --sign` and choosing
a case in the list need – cost a query each here, against ≈0.4 s to import SQLAlchemy's ORM in a
fresh process (the CLI) and an ORM identity map per call in the window. The plain connection is
shared between the window's thread and its export worker, so every use holds one lock.
"""

from __future__ import annotations

import datetime as dt
import heapq
import threading
from collections.abc import Sequence
from typing import Any

_LOCK = threading.RLock()

# how SQLAlchemy's SQLite dialect stores a DateTime: the ORM and these rows read each other's
SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"


def case_documents(conn: Any, case_id: int) -> tuple[str, list[str]] | None:
    """The case's own document and its meetings' documents in order; None if there is no case."""
    with _LOCK:
        row = conn.execute("SELECT document FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            return None
        meetings = conn.execute(
            "SELECT document FROM meetings WHERE case_id = ? ORDER BY seq", (case_id,)
        ).fetchall()
    return row[0], [m[0] for m in meetings]


def case_rows(conn: Any, case_id: int) -> tuple[str, list[tuple]] | None:
    """The case's own document and its meetings in order as (document, kind, date, status,
    start_time, place, plan version, id) – the columns kept beside each document and what a list
    of versions shows or finds a version by, picked out by SQLite's JSON functions; None if
    there is no case."""
    with _LOCK:
        row = conn.execute("SELECT document FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            return None
        meetings = conn.execute(
            "SELECT document, kind, date, status, json_extract(document, '$.start_time'),"
            " json_extract(document, '$.place'), json_extract(document, '$.plan.version'),"
            " json_extract(document, '$.id')"
            " FROM meetings WHERE case_id = ? ORDER BY seq",
            (case_id,),
        ).fetchall()
    return row[0], [tuple(m) for m in meetings]


def preference(conn: Any, key: str) -> str | None:
    with _LOCK:
        row = conn.execute("SELECT value FROM preferences WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def add_audit(
    conn: Any, case_id: int | None, at: dt.datetime, os_user: str, action: str, detail: str
) -> None:
    """One audit row in its own committed transaction (as the ORM's `audit` wrote it)."""
    with _LOCK:
        try:
            conn.execute(
                "INSERT INTO audit (case_id, at, os_user, action, detail) VALUES (?, ?, ?, ?, ?)",
                (case_id, at.strftime(SQLITE_DATETIME), os_user, action, detail),
            )
            conn.commit()
        except BaseException:
            conn.rollback()
            raise


class CaseRows(Sequence):
    """The case list's rows as read, each made a CaseSummary only when first looked at.

    A list of 50,000 cases costs the query and this wrapper; the window's table asks for the
    few dozen rows it paints. Iterating, indexing and slicing give CaseSummary objects as before.
    """

    __slots__ = ("_raw", "_made")

    def __init__(self, raw: list[tuple]) -> None:
        self._raw = raw
        self._made: list[Any] = [None] * len(raw)

    def __len__(self) -> int:
        return len(self._raw)

    def _make(self, i: int):
        made = self._made[i]
        if made is None:
            made = self._made[i] = summary(self._raw[i])
        return made

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._make(k) for k in range(*i.indices(len(self._raw)))]
        if i < 0:
            i += len(self._raw)
        if not 0 <= i < len(self._raw):
            raise IndexError(i)
        return self._make(i)

    def __iter__(self):
        for i in range(len(self._raw)):
            yield self._make(i)

    def index_of_id(self, case_id: int) -> int:
        """The row of a case id, -1 if absent, without making any summary."""
        return next((i for i, r in enumerate(self._raw) if r[0] == case_id), -1)

    def longest_names(self, n: int) -> list[str]:
        """The `n` longest displayed names (as `sorted(..., key=len, reverse=True)[:n]`), without
        making any summary: the list's name column is sized from them at every refill."""
        return heapq.nlargest(n, (r[1] for r in self._raw), key=len)

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"CaseRows({len(self._raw)} rows)"


def summary(r: tuple):
    """A CaseSummary from a row (id, display_name, status, protected, next_follow_up, updated_at,
    error_count) of the list query."""
    from sipdesk.model.enums import CaseStatus
    from sipdesk.model.store.repository import CaseSummary

    global _STATUS
    if _STATUS is None:
        _STATUS = {s.value: s for s in CaseStatus}  # a dict lookup, not Enum.__call__ per row
    return CaseSummary(
        r[0],
        r[1],
        _STATUS[r[2]] if r[2] in _STATUS else CaseStatus(r[2]),
        bool(r[3]),
        r[4] and dt.date.fromisoformat(r[4]),
        dt.datetime.fromisoformat(r[5]),
        r[6],
    )


_STATUS: dict | None = None


# --- the coordinator's figures (stats): held meetings with their cached facts --------------

_HELD = """
SELECT m.id, m.case_id, m.kind, m.date, f.facts
FROM meetings AS m LEFT JOIN meeting_facts AS f ON f.meeting_id = m.id
WHERE m.status = ? AND m.date IS NOT NULL
ORDER BY m.case_id, m.seq
"""
# the values the facts are made of, picked out of a meeting's document by SQLite's JSON
# functions (no plan parsed into Python objects); `stats` decides by participation's rules:
# the participants' (role, actor, principal, attendance), the own view and whose words it is,
# the booked follow-up date, the review's goal outcomes, whether the meeting was prepared with
# the person, and the print record's own copies
_PICKED = """
SELECT m.id,
  (SELECT json_group_array(json_array(json_extract(p.value, '$.role'),
                                      json_extract(p.value, '$.actor'),
                                      json_extract(p.value, '$.principal'),
                                      json_extract(p.value, '$.attendance')))
     FROM json_each(m.document, '$.participants') AS p),
  json_extract(m.document, '$.plan.own_view'),
  json_extract(m.document, '$.plan.own_view_source'),
  json_extract(m.document, '$.plan.follow_up.date'),
  (SELECT json_group_array(json_extract(g.value, '$.outcome'))
     FROM json_each(m.document, '$.review.goals') AS g),
  json_extract(m.document, '$.preparation.prepared_with_person'),
  (SELECT json_group_array(json_extract(h.value, '$.own_copy'))
     FROM json_each(m.document, '$.handouts') AS h)
FROM meetings AS m WHERE m.id IN ({ids})
"""


def held_meetings(conn: Any, held: str) -> list[tuple]:
    """(meeting id, case id, kind, date, cached facts JSON or None) of every held meeting with a
    date, in case and meeting order."""
    with _LOCK:
        return conn.execute(_HELD, (held,)).fetchall()


_CASE_VALUES = (
    "SELECT id, json_extract(document, '$.person.personnummer'), "
    "json_extract(document, '$.initiative.on'), "
    "json_extract(document, '$.initiative.kind') FROM cases"
)


def case_values(conn: Any) -> list[tuple[int, str | None, str | None, str | None]]:
    """(case id, personnummer, initiative date, initiative kind) of every case: the figures'
    age band, days from request to first meeting and "initiated by" breakdown."""
    with _LOCK:
        return conn.execute(_CASE_VALUES).fetchall()


def case_values_of(conn: Any, case_ids: list[int]) -> list[tuple]:
    """`case_values` of the cases `case_ids` only (those without cached facts)."""
    out: list[tuple] = []
    with _LOCK:
        for start in range(0, len(case_ids), 500):
            chunk = case_ids[start : start + 500]
            sql = f"{_CASE_VALUES} WHERE id IN ({', '.join('?' * len(chunk))})"
            out.extend(conn.execute(sql, chunk).fetchall())
    return out


# every case's id (from an index: no document read) with its cached facts, NULL where none
_CASE_FACTS = (
    "SELECT c.id, f.facts FROM cases AS c LEFT JOIN case_facts AS f ON f.case_id = c.id"
)


def case_facts(conn: Any) -> list[tuple[int, str | None]]:
    """(case id, cached facts "born|requested|initiator" or None) of every case."""
    with _LOCK:
        return conn.execute(_CASE_FACTS).fetchall()


def case_facts_plan(conn: Any) -> str:
    """How SQLite reads `case_facts` (its query plan's text): tests hold it to an index."""
    with _LOCK:
        rows = conn.execute("EXPLAIN QUERY PLAN " + _CASE_FACTS).fetchall()
    return " ".join(str(r[-1]) for r in rows)


def keep_case_facts(conn: Any, facts: list[tuple[int, str]]) -> None:
    """Cache case facts (case id, text); a store that cannot be written now is not cached."""
    _keep(conn, "INSERT OR REPLACE INTO case_facts (case_id, facts) VALUES (?, ?)", facts)


def picked_values(conn: Any, meeting_ids: list[int]) -> list[tuple]:
    """(meeting id, participants JSON, own view, its source, follow-up date, outcomes JSON,
    prepared with the person, own copies JSON) per meeting."""
    out: list[tuple] = []
    with _LOCK:
        for start in range(0, len(meeting_ids), 500):
            chunk = meeting_ids[start : start + 500]
            sql = _PICKED.format(ids=", ".join("?" * len(chunk)))
            out.extend(conn.execute(sql, chunk).fetchall())
    return out


def keep_facts(conn: Any, facts: list[tuple[int, str]]) -> None:
    """Cache facts (meeting id, JSON); a store that cannot be written now just is not cached."""
    _keep(conn, "INSERT OR REPLACE INTO meeting_facts (meeting_id, facts) VALUES (?, ?)", facts)


def _keep(conn: Any, sql: str, facts: list[tuple[int, str]]) -> None:
    if not facts:
        return
    with _LOCK:
        try:
            conn.executemany(sql, facts)
            conn.commit()
        except Exception as exc:  # noqa: BLE001 - a cache: the figures are right without it
            conn.rollback()
            import logging

            logging.getLogger(__name__).info("facts not cached: %s", type(exc).__name__)


def closings(conn: Any, closed: str) -> list[tuple[int, str | None]]:
    """(case id, closing date) of the closed cases; only they have a closing."""
    with _LOCK:
        return conn.execute(
            "SELECT id, json_extract(document, '$.closing.date') FROM cases WHERE status = ?",
            (closed,),
        ).fetchall()


def set_preference(conn: Any, key: str, value: str) -> None:
    """Set one preference in its own committed transaction (as the ORM's merge wrote it)."""
    with _LOCK:
        try:
            conn.execute(
                "INSERT INTO preferences (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
