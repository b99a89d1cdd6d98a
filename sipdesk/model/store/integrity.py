"""The store's integrity check: every page's HMAC (SQLCipher), SQLite's structure, every case.

Run on demand (`sipdesk check-store`, *Arkiv → Kontrollera lagret*) and before a backup and a key
change, so a damaged store is never backed up or re-encrypted as if nothing were wrong. The report
says what is damaged and which cases can still be read – those can be backed up one by one.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sipdesk.model import codec
from sipdesk.model.entities import Case

if TYPE_CHECKING:
    from sipdesk.model.store.repository import Store

log = logging.getLogger(__name__)
MAX_LISTED = 20


@dataclass
class IntegrityReport:
    page_errors: list[str] = field(default_factory=list)  # "HMAC verification failed for page 51"
    structure_errors: list[str] = field(default_factory=list)
    readable: list[int] = field(default_factory=list)  # case ids that load
    unreadable: list[int] = field(default_factory=list)  # case ids that do not
    cases_listed: bool = True  # False when not even the list of cases could be read

    @property
    def ok(self) -> bool:
        return (
            not (self.page_errors or self.structure_errors or self.unreadable) and self.cases_listed
        )


def _pragma_rows(conn, pragma: str) -> list[str]:
    import sqlcipher3

    try:
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
    except sqlcipher3.Error as exc:
        return [f"{pragma}: {type(exc).__name__}"]
    return [r for r in rows if r != "ok"]


def check_pages(conn) -> tuple[list[str], list[str]]:
    """(page errors, structure errors) of an open connection; empty lists when all is well."""
    pages = _pragma_rows(conn, "cipher_integrity_check")
    structure = _pragma_rows(conn, "quick_check")
    lines = [line for row in structure for line in row.splitlines() if line.strip()]
    return pages[:MAX_LISTED], lines[:MAX_LISTED]


def _fresh(store: Store):
    db = store._database()
    db.reset()
    return db.raw()


def check(store: Store, *, cases: bool = True) -> IntegrityReport:
    import sqlcipher3

    conn = store._raw()
    report = IntegrityReport()
    report.page_errors, report.structure_errors = check_pages(conn)
    if report.page_errors or report.structure_errors:
        conn = _fresh(store)  # SQLCipher keeps a failed page check as a sticky error
    if not cases:
        return report
    try:
        ids = [r[0] for r in conn.execute("SELECT id FROM cases ORDER BY id")]
    except sqlcipher3.Error:
        report.cases_listed = False
        return report
    for case_id in ids:
        try:
            row = conn.execute("SELECT document FROM cases WHERE id = ?", (case_id,)).fetchone()
            data = json.loads(row[0])
            data["meetings"] = [
                json.loads(m[0])
                for m in conn.execute(
                    "SELECT document FROM meetings WHERE case_id = ? ORDER BY seq", (case_id,)
                )
            ]
            codec.decode(Case, data, "case")
        except (sqlcipher3.Error, ValueError, TypeError, KeyError):
            report.unreadable.append(case_id)
            conn = _fresh(store)
        else:
            report.readable.append(case_id)
    log.info(
        "integrity check: %d page, %d structure error(s); %d case(s) unreadable",
        len(report.page_errors),
        len(report.structure_errors),
        len(report.unreadable),
    )
    return report
