"""The store's hot paths through the plain DB-API connection: no SQLAlchemy import, no ORM objects.

A case's documents, one preference, one audit row – what `sipdesk export … --sign` and choosing
a case in the list need – cost a query each here, against ≈0.4 s to import SQLAlchemy's ORM in a
fresh process (the CLI) and an ORM identity map per call in the window. The plain connection is
shared between the window's thread and its export worker, so every use holds one lock.
"""

from __future__ import annotations

import datetime as dt
import threading
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
