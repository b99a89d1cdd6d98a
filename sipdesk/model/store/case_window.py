"""The case list as a window over the store: the order and the number of rows read once, the rows
themselves read a page at a time when they are shown (issue 19: 50,000 cases).

`Store.list_cases` reads every row of the list (what the command line and a backup need); the
window's table paints a few dozen. `CaseWindow` reads, at a refill, only the case ids in the
list's order and their names' lengths – one aggregate over the covering index, packed as
fixed-width hex and unpacked into arrays (≈ 15 ms of CPU for 50,000 cases, against ≈ 80–120 ms
for the rows as tuples) – and fetches the shown rows by id, a page at a time. (The aggregate
keeps the subquery's order: SQLite does not flatten an ordered subquery into an aggregate; the
tests compare the order with `list_cases` for random stores.) The ids are the list as it was at the refill,
as `list_cases` was: the order, the count and a case's row do not move when the store changes
until the next refill (a row read later shows its newest values; a case deleted since shows
as an empty row that, chosen, finds no case – the window refills then).

The filter is the same as `Store.list_cases`'s – the displayed name (a protected person's
pseudonym, never the real name) casefolded and matched with `LIKE`, the status – and the
order too; tests/model/test_case_window.py checks them against each other for random stores.
"""

from __future__ import annotations

import logging
import sys
from array import array
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sipdesk.model.store import reads
from sipdesk.model.store.base import StoreLocked
from sipdesk.model.store.faults import StoreFault

log = logging.getLogger(__name__)

T = TypeVar("T")

COLUMNS = "id, display_name, status, protected, next_follow_up, updated_at, error_count"
ORDER = "updated_at DESC, id DESC"  # the list's order: newest change first
PAGE = 128  # rows read at a time: a tall window shows about 60


def list_filter(search: str = "", status: str | None = None) -> tuple[str, list[Any]]:
    """(" WHERE …" or "", params): the case list's filter, the one `Store.list_cases` uses too."""
    where, params = [], []
    if search.strip():
        needle = search.strip().casefold()
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append("search_name LIKE ? ESCAPE '\\'")
        params.append(f"%{escaped}%")
    if status is not None:
        where.append("status = ?")
        params.append(status)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def ordered_ids(conn: Any, where: str, params: list[Any]) -> tuple[array, array]:
    """The ids of the listed cases in the list's order (64-bit integers) and the length of each
    one's displayed name (capped at 65,535), without a Python object per row.

    One aggregate over the list's covering index: SQLite writes each row as 16 hex digits of id
    (two's complement, so any rowid fits) and 4 of name length, and joins them; Python unpacks
    the columns by strided copies (≈ 15 ms for 50,000 cases, against ≈ 80–120 ms for the rows
    as tuples and ≈ 25 ms for the ids as tuples)."""
    sql = (
        "SELECT group_concat(printf('%016x%04x', id, min(length(display_name), 65535)), '') "
        f"FROM (SELECT id, display_name FROM cases{where} ORDER BY {ORDER})"
    )
    with reads._LOCK:
        packed = conn.execute(sql, params).fetchone()[0]
    data = bytes.fromhex(packed or "")
    n = len(data) // 10
    id_bytes, len_bytes = bytearray(8 * n), bytearray(2 * n)
    for k in range(8):
        id_bytes[k::8] = data[k::10]
    len_bytes[0::2], len_bytes[1::2] = data[8::10], data[9::10]
    ids, lengths = array("q", bytes(id_bytes)), array("H", bytes(len_bytes))
    if sys.byteorder == "little":  # written big-endian
        ids.byteswap()
        lengths.byteswap()
    return ids, lengths


def longest_positions(lengths: array, n: int) -> list[int]:
    """The rows of the `n` longest names, longest first and, among names as long, in the list's
    order – the rows `heapq.nlargest(n, names, key=len)` picks – found by C-level scans of the
    lengths (a handful of distinct lengths), not a comparison per row in Python."""
    out: list[int] = []
    for value in sorted(set(lengths), reverse=True):
        start = 0
        while len(out) < n:
            try:
                start = lengths.index(value, start)
            except ValueError:
                break
            out.append(start)
            start += 1
        if len(out) >= n:
            break
    return out


def rows_by_id(conn: Any, ids: Sequence[int]) -> dict[int, tuple]:
    """The list's columns of the cases `ids` (those still in the store), by id."""
    out: dict[int, tuple] = {}
    with reads._LOCK:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            sql = f"SELECT {COLUMNS} FROM cases WHERE id IN ({', '.join('?' * len(chunk))})"
            out.update((r[0], tuple(r)) for r in conn.execute(sql, chunk))
    return out


class CaseWindow(Sequence):
    """The case list's rows: the ids read at once, the rows a page at a time when looked at.

    Indexing, slicing and iterating give CaseSummary objects (None for a case deleted since the
    ids were read), as `Store.list_cases`'s rows do; `index_of_id` and `longest_names` answer
    without reading the rows. `over` runs a read over the store's connection (the store's
    `over_connection`, which names a driver's error as the store fault it is)."""

    def __init__(
        self,
        over: Callable[[Callable[[Any], T]], T],
        search: str = "",
        status: str | None = None,
    ) -> None:
        self._over = over
        self._where, self._params = list_filter(search, status)
        self._ids, self._lengths = over(lambda conn: ordered_ids(conn, self._where, self._params))
        self._pages: dict[int, list[tuple | None]] = {}
        self._made: dict[int, Any] = {}
        self._longest: dict[int, list[str]] = {}
        if self._ids:
            self._page(0)  # the first rows now: a fault of the store shows at the refill

    # --- reading --------------------------------------------------------------------------

    def _page(self, number: int) -> list[tuple | None]:
        page = self._pages.get(number)
        if page is None:
            ids = self._ids[number * PAGE : (number + 1) * PAGE]
            try:
                found = self._over(lambda conn: rows_by_id(conn, ids))
            except (StoreFault, StoreLocked) as exc:
                # asked while the table paints: the rows stay empty (and are asked again at the
                # next paint); choosing one names the fault, as choosing a damaged case does
                log.info("case list rows not read: %s", type(exc).__name__)
                return [None] * len(ids)
            page = self._pages[number] = [found.get(i) for i in ids]
        return page

    def raw(self, i: int) -> tuple | None:
        """Row `i` as read (id, display_name, status, protected, next_follow_up, updated_at,
        error_count); None for a case deleted since the ids were read."""
        return self._page(i // PAGE)[i % PAGE]

    def _make(self, i: int):
        made = self._made.get(i)
        if made is None:
            raw = self.raw(i)
            if raw is None:
                return None
            made = self._made[i] = reads.summary(raw)
        return made

    # --- the Sequence -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._make(k) for k in range(*i.indices(len(self._ids)))]
        if i < 0:
            i += len(self._ids)
        if not 0 <= i < len(self._ids):
            raise IndexError(i)
        return self._make(i)

    def __iter__(self):
        for i in range(len(self._ids)):
            yield self._make(i)

    def id_at(self, i: int) -> int:
        """The case id of row `i`, without reading the row."""
        return self._ids[i]

    def index_of_id(self, case_id: int) -> int:
        """The row of a case id, -1 if it is not listed, without reading any row."""
        try:
            return self._ids.index(case_id)
        except (ValueError, TypeError, OverflowError):
            return -1

    def longest_names(self, n: int) -> list[str]:
        """The `n` longest displayed names, as `CaseRows.longest_names` (the name column is
        sized from them at every refill): their rows found from the lengths read with the ids,
        then only those rows read."""
        found = self._longest.get(n)
        if found is None:
            rows = longest_positions(self._lengths, n)
            ids = [self._ids[i] for i in rows]
            by_id = self._over(lambda conn: rows_by_id(conn, ids))
            found = [by_id[i][1] for i in ids if i in by_id]
            self._longest[n] = found
        return found

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"CaseWindow({len(self._ids)} rows, {len(self._pages)} pages read)"


def case_window(store: Any, search: str = "", status: Any = None) -> CaseWindow:
    """The case list of `store` as `store.list_cases(search, status)` lists it, read as shown."""
    value = getattr(status, "value", status)
    return CaseWindow(store.over_connection, search, value)

