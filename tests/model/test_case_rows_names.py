"""The case list sizes its name column from the longest names at every refill (a search keystroke
at 50,000 cases): the store's lazy rows answer that without making a row summary (issue 19)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sipdesk.model.store.reads import CaseRows

NAMES = st.lists(st.text(min_size=0, max_size=12), max_size=60)


@given(names=NAMES, n=st.integers(0, 25))
def test_the_longest_names_are_what_sorting_every_row_gives(names, n):
    raw = [
        (i, name, "preparing", False, None, "2026-01-01 10:00:00.000000", None)
        for i, name in enumerate(names)
    ]
    rows = CaseRows(raw)
    assert rows.longest_names(n) == sorted(names, key=len, reverse=True)[:n]
    assert rows._made == [None] * len(names)  # no summary made
    assert [r.display_name for r in rows] == names  # and the rows still read as before
