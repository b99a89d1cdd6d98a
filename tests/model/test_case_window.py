"""The case list read as shown (`CaseWindow`, issue 19) lists exactly what the full query lists:
the same rows in the same order, for every search and status filter, for random stores with
protected identities, ties in the time of change and odd Unicode names – whichever rows are
looked at first and however small the pages. And it is the list as it was at the refill."""

from __future__ import annotations

import datetime as dt
import heapq

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sipdesk.model.enums import CaseStatus
from sipdesk.model.store import case_window as cw
from tests.conftest import also_suppress
from tests.model.case_list_rows import REAL_NAME, ROWS, Row, drop_rows, put_rows

SEARCHES = st.sampled_from(
    ["", "  ", "a", "å", "Å", "ö", "ÖBERG", "wil", "WIL", "k-1", "Klient", "amira", REAL_NAME,
     "haddad", "%", "_", "\\", "'", "ss", "ß", "e\u0301", "مر", "😀", "x y"]
)  # fmt: skip


def searches_for(rows):
    """A filter's search: fixed ones (Swedish letters in either case, the protected person's
    real name, LIKE's own characters) or a piece of a generated name in another case."""
    pieces = st.sampled_from([r.name for r in rows]) if rows else st.just("x")
    cut = pieces.flatmap(
        lambda name: st.tuples(st.integers(0, len(name)), st.integers(0, len(name))).map(
            lambda ab: name[min(ab) : max(ab)]
        )
    )
    return SEARCHES | cut | cut.map(str.upper)


@settings(max_examples=60, suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture))
@given(data=st.data(), rows=st.lists(ROWS, max_size=40), page=st.integers(1, 7))
def test_the_window_lists_what_the_full_query_lists(demo_store, monkeypatch, data, rows, page):
    monkeypatch.setattr(cw, "PAGE", page)  # pages of a few rows: every boundary is crossed
    drop_rows(demo_store)
    put_rows(demo_store, rows)
    search = data.draw(searches_for(rows), label="search")
    status = data.draw(st.none() | st.sampled_from(list(CaseStatus)), label="status")

    full = list(demo_store.list_cases(search, status))
    window = cw.case_window(demo_store, search, status)
    assert len(window) == len(full)
    # rows looked at in any order (the table paints from anywhere: End, a scroll bar dragged)
    order = data.draw(st.permutations(range(len(full))), label="looked at")
    seen = {i: window[i] for i in order}
    assert [seen[i] for i in range(len(full))] == full
    assert list(window) == full and window[:] == full
    for i, row in enumerate(full):
        assert window.index_of_id(row.id) == i and window.id_at(i) == row.id
    assert window.index_of_id(-5) == -1
    names = [r.display_name for r in full]
    for n in (0, 1, 3, 20):
        assert window.longest_names(n) == heapq.nlargest(n, names, key=len)
    # a protected person is listed and found by the pseudonym only
    assert not any(REAL_NAME.split()[0].casefold() in r.display_name.casefold() for r in window)


@pytest.mark.parametrize("search", ["amira", "Amira Haddad", "HADDAD", "19850610"])
def test_a_protected_persons_real_name_finds_nothing(demo_store, search):
    assert len(cw.case_window(demo_store, search)) == 0
    assert [r.display_name for r in cw.case_window(demo_store, "k-17")] == ["Klient K-17"]


@pytest.mark.parametrize(
    ("search", "found"),
    [("ÅSA", {"Åsa Öberg", "åsa öberg"}), ("öberg", {"Åsa Öberg", "åsa öberg"}),
     ("Ö", {"Åsa Öberg", "åsa öberg", "Björn"}), ("o", set()), ("ss", {"Straße"})],
)  # fmt: skip
def test_the_search_ignores_case_also_for_swedish_letters(demo_store, search, found):
    at = dt.datetime(2026, 11, 1)
    put_rows(demo_store, [Row(n, False, CaseStatus.ACTIVE, at, None, None)
                          for n in ("Åsa Öberg", "åsa öberg", "Björn", "Straße")])  # fmt: skip
    names = {r.display_name for r in cw.case_window(demo_store, search)}
    assert names - {"Josef Berg", "Alice Lund", "Kasim Rahimi", "Linus Sundberg"} == found


def test_the_window_is_the_list_as_it_was_at_the_refill(demo_store, monkeypatch):
    """Cases changed or deleted after the refill do not move rows or the count until the next
    refill (as the full list read at the refill did); a deleted case's row is empty."""
    monkeypatch.setattr(cw, "PAGE", 2)
    with demo_store._raw() as conn:  # changed long ago: a save now is the newest change
        conn.execute("UPDATE cases SET updated_at = '2020-01-0' || id || ' 10:00:00.000000'")
    before = list(demo_store.list_cases())
    window = cw.case_window(demo_store)
    last = before[-1]
    demo_store.save_case(last.id, demo_store.load_case(last.id))  # now the newest change
    demo_store.delete_case(before[2].id)  # on a page not read yet (the first is read at once)
    assert len(window) == len(before)
    assert [window.id_at(i) for i in range(len(window))] == [r.id for r in before]
    assert window[2] is None and window.index_of_id(before[2].id) == 2
    assert window[-1].id == last.id and window[-1].updated_at > last.updated_at  # read now
    fresh = cw.case_window(demo_store)
    assert [r.id for r in fresh] == [last.id] + [r.id for r in before if r.id not in
                                                 (last.id, before[2].id)]  # fmt: skip


def test_only_the_rows_looked_at_are_read(demo_store, monkeypatch):
    monkeypatch.setattr(cw, "PAGE", 2)
    put_rows(demo_store, [])
    window = cw.case_window(demo_store)
    assert len(window) == 5 and len(window._pages) == 1  # the first page, read at the refill
    window[4]
    assert sorted(window._pages) == [0, 2]


def test_a_store_fault_while_the_table_paints_leaves_the_rows_empty_until_asked_again(
    demo_store, monkeypatch
):
    from sipdesk.model.store.faults import StoreDamaged

    monkeypatch.setattr(cw, "PAGE", 2)
    full = list(demo_store.list_cases())
    window = cw.case_window(demo_store)
    real = window._over
    window._over = lambda read: (_ for _ in ()).throw(StoreDamaged(demo_store.data_dir, "x"))
    assert window[3] is None and window.id_at(3) == full[3].id  # no exception in the paint
    window._over = real
    assert window[3] == full[3]  # asked again at the next paint
