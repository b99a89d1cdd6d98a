"""Random case-list rows written straight into a store (issue 19): clones of the demo cases with
their own name, status, protection, follow-up, error count and time of change – what the list
shows and sorts by – without the ORM's cost per case. A protected row keeps the demo's protected
document (real name "Amira Haddad") and shows a pseudonym, as the store writes one."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from hypothesis import strategies as st

from sipdesk.model.enums import CaseStatus

REAL_NAME = "Amira Haddad"  # the protected demo person's name: in the document, never listed

# names as chairs type them and as they come from other systems: Swedish and other letters in
# both cases, combining marks, right-to-left script, LIKE's own characters, quotes, emoji
ODD = "åäöÅÄÖéüßøØłŁıİ\u0301\u0308مريمשלוםΣσς%_\\'\"😀 -"
NAME_CHARS = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc")
) | st.sampled_from(ODD)
NAMES = st.text(NAME_CHARS, min_size=1, max_size=14) | st.sampled_from(
    ["Åsa Öberg", "åsa öberg", "ÅSA ÖBERG", "Wilma Testsson", "wil", "Ärla Ek", "Straße", "STRASSE"]
)
TIMES = st.sampled_from(
    [dt.datetime(2026, 11, d, h, 0, 0) for d in (1, 2) for h in (9, 10)]  # ties: order by id
)


@dataclass(frozen=True)
class Row:
    name: str
    protected: bool
    status: CaseStatus
    updated_at: dt.datetime
    follow_up: dt.date | None
    errors: int | None


ROWS = st.builds(
    Row,
    name=NAMES,
    protected=st.booleans(),
    status=st.sampled_from(list(CaseStatus)),
    updated_at=TIMES,
    follow_up=st.none() | st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)),
    errors=st.none() | st.integers(0, 3),
)

_uids = itertools.count()


def put_rows(store, rows: list[Row]) -> list[int]:
    """Write `rows` as cases cloned from the demo store's cases; their ids in order."""
    conn = store._raw()
    templates = {
        bool(p): i for i, p in conn.execute("SELECT id, protected FROM cases WHERE uid NOT LIKE 'r-%'")
    }
    cols = [r[1] for r in conn.execute("PRAGMA table_info(cases)") if r[1] != "id"]
    varied = ("uid", "display_name", "search_name", "status", "protected", "next_follow_up",
              "error_count", "updated_at")  # fmt: skip
    picked = ", ".join("?" if c in varied else c for c in cols)
    order = [c for c in cols if c in varied]
    sql = f"INSERT INTO cases ({', '.join(cols)}) SELECT {picked} FROM cases WHERE id = ?"
    ids = []
    with conn:
        for row in rows:
            n = next(_uids)
            # a protected person is listed under a pseudonym; the document keeps the real name
            shown = f"Klient R-{n}" if row.protected else row.name  # never the demo's K-17
            values = {
                "uid": f"r-{n}",
                "display_name": shown,
                "search_name": shown.casefold(),
                "status": row.status.value,
                "protected": row.protected,
                "next_follow_up": row.follow_up.isoformat() if row.follow_up else None,
                "error_count": row.errors,
                "updated_at": row.updated_at.strftime("%Y-%m-%d %H:%M:%S.%f"),
            }
            cur = conn.execute(sql, [*(values[c] for c in order), templates[row.protected]])
            ids.append(cur.lastrowid)
    return ids


def drop_rows(store) -> None:
    conn = store._raw()
    with conn:
        conn.execute("DELETE FROM cases WHERE uid LIKE 'r-%'")
