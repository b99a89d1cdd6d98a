"""`stats_store.from_store` counts straight from the stored rows (`stats_store._count`): its figures are
exactly those of the reference – `stats.compute` over the facts (`_case_facts`, the CaseFacts
and MeetingFacts the reference builds), and `stats.compute` over the decoded cases – for every
store, period and day.

The kind: random rows as the store hands them (held meetings of every kind, dates on and around
a period's ends and a follow-up's grace, cached and fresh facts, readable and unreadable
personnummer and samordningsnummer, initiatives of every kind or none, closings before, in and
after the period), and random stores of random whole cases (protected identities among them).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sipdesk.model import evaluation, stats, stats_store
from sipdesk.model.enums import MeetingKind
from sipdesk.model.store import open_store, reads
from tests.conftest import also_suppress
from tests.strategies import cases as case_strategy

BASE = dt.date(2026, 1, 1)
# days near one another, so periods, bookings, grace and closings meet and cross
near = st.integers(-40, 400).map(lambda n: BASE + dt.timedelta(days=n))
maybe_near = st.none() | near


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


@st.composite
def personnummer(draw) -> str | None:
    born = draw(  # around the bands' edges (18 and 65 in 2026) and anywhere
        st.dates(dt.date(2007, 1, 1), dt.date(2009, 12, 31))
        | st.dates(dt.date(1960, 1, 1), dt.date(1962, 12, 31))
        | st.dates(dt.date(1925, 1, 1), dt.date(2025, 12, 31))
    )
    coordination = draw(st.booleans())
    day = born.day + 60 if coordination else born.day
    good = f"{born.year:04d}{born.month:02d}{day:02d}-1234"
    return draw(st.sampled_from([good, None, "", "1234567", "19991331-1234", "abcdefgh-1234",
                                 "20000230-0000", good[:8]]))  # fmt: skip


@st.composite
def facts_text(draw) -> str:
    flag = st.sampled_from("01")
    booked = draw(st.none() | near)
    answered = draw(st.integers(0, 5))
    parts = [
        draw(flag), draw(flag), booked.isoformat() if booked else "", str(answered),
        str(draw(st.integers(0, answered))), draw(flag), draw(flag), draw(flag), draw(flag),
    ]  # fmt: skip
    return "|".join(parts)


@st.composite
def stored_rows(draw):
    """(held, fresh, cases, closings) as `stats_store._stored` reads them from a store."""
    held, fresh, values, closings = [], {}, {}, []
    mid = 0
    for case_id in range(1, draw(st.integers(0, 7)) + 1):
        values[case_id] = stats_store._case_text(
            draw(personnummer()),
            draw(st.none() | near.map(_iso) | st.just("nej")),
            draw(st.sampled_from([*stats.INITIATORS, None, "grannen"])),
        )
        if draw(st.booleans()):
            closings.append((case_id, draw(st.none() | near.map(_iso))))
        days = sorted(draw(st.lists(near, max_size=4)))
        for day in days:
            mid += 1
            text = draw(facts_text())
            cached = draw(st.sampled_from([text, None, "1|0|"]))  # stale: fresh facts made
            if cached != text:
                fresh[mid] = text
            kind = draw(st.sampled_from([k.value for k in MeetingKind]))
            shown = draw(st.sampled_from([day.isoformat()] * 5 + ["2026-02-30"]))  # unreadable
            held.append((mid, case_id, kind, shown, cached))
    return held, fresh, values, closings


def _edges(rows) -> list[dt.date]:
    """The days where a rule turns: meeting days, bookings and their grace, closings,
    requests – and the day either side of each."""
    held, fresh, values, closings = rows
    days = set()
    for mid, _case, _kind, day, cached in held:
        text = fresh.get(mid) or cached
        booked = text.split("|")[2] if text and text.count("|") == 8 else ""
        for value in (day, booked):
            if value and (when := stats._day(value)):
                days |= {when, when + dt.timedelta(days=stats.ON_TIME_GRACE_DAYS)}
    for value in [d for _c, d in closings] + [v.split("|")[1] for v in values.values()]:
        if value and (when := stats._day(value)):
            days.add(when)
    return sorted(days | {d + dt.timedelta(days=k) for d in days for k in (-1, 1)})


@settings(max_examples=250)
@given(st.data())
def test_the_quick_count_equals_compute_over_the_facts(data):
    rows = data.draw(stored_rows())
    edges = _edges(rows)
    day = st.sampled_from(edges) | near if edges else near
    start, end, today = data.draw(st.none() | day), data.draw(st.none() | day), data.draw(day)
    expected = stats.compute(stats_store._case_facts(*rows), start, end, today)
    assert stats_store._count(*rows, start, end, today, []) == expected


@settings(max_examples=15, suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture))
@given(
    st.lists(case_strategy(), min_size=1, max_size=4),
    st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
    st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
    st.dates(dt.date(1990, 1, 1), dt.date(2100, 1, 1)),
)
def test_figures_of_a_random_store_equal_the_reference(tmp_path, cases, start, end, today):
    """Random stores of random cases: from_store == compute over the stored facts == compute
    over the decoded cases, read twice (the facts cached the second time)."""
    store = open_store(tmp_path / uuid.uuid4().hex)
    try:
        for case in cases:
            case.uid = uuid.uuid4().hex
            store.add_case(case)
        responses = evaluation.load(store, start, end)
        direct = stats.compute(cases, start, end, today, responses)
        for _read in range(2):
            assert stats_store.from_store(store, start, end, today) == direct
            reference = stats.compute(stats_store.store_facts(store), start, end, today, responses)
            assert reference == direct
    finally:
        store.close()


@settings(max_examples=200)
@given(
    st.one_of(personnummer(), st.text(max_size=14), st.text("0123456789-+", max_size=14)),
    st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)),
)
def test_the_cached_birth_day_gives_the_age_participation_gives(pnr, day):
    """The case facts keep the birth day, not the personnummer: the age from it is age_on's."""
    from sipdesk.model import participation

    text = stats_store._case_text(pnr, None, None)
    born = stats._day(text.split("|")[0] or None)
    assert stats_store._age(born, day) == participation.age_on(pnr, day)
    # a day, no day, the kind: nothing of the number itself (its serial, its check digit)
    assert re.fullmatch(r"(\d{4}-\d{2}-\d{2})?\|\|unknown", text), text


def test_case_facts_are_read_without_the_case_documents(store):
    """Every case's id comes from an index (no document page read), its facts by key."""
    plan = store.over_connection(reads.case_facts_plan)
    assert "SCAN c USING COVERING INDEX" in plan, plan
    assert "SEARCH f USING INTEGER PRIMARY KEY" in plan, plan


def _tables(conn) -> set[str]:
    return {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}


def test_a_store_from_before_the_case_facts_gets_them_and_keeps_its_figures(demo_store, data_dir):
    """Down to revision 0004 (no case facts) and opened again: the cache is made, the figures
    are equal, and a change to a case drops its cached facts (the trigger)."""
    from alembic import command
    from alembic.config import Config

    from sipdesk.model.store.engine import MIGRATIONS

    today = dt.date(2026, 11, 23)
    before = stats_store.from_store(demo_store, today=today)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with demo_store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
        assert "case_facts" not in _tables(conn) and "case_facts_stale" not in _tables(conn)
    demo_store.close()
    again = open_store(data_dir)
    try:
        with again.engine.connect() as conn:
            assert {"case_facts", "case_facts_stale"} <= _tables(conn)
        assert stats_store.from_store(again, today=today) == before
        assert again.over_connection(lambda c: c.execute(
            "SELECT count(*) FROM case_facts").fetchone()[0]) == again.count_cases()  # fmt: skip
        case_id = again.list_cases("Josef")[0].id
        case = again.load_case(case_id)
        case.person.personnummer = "20100101-0008"  # a child now: another age band
        again.save_case(case_id, case)
        assert again.over_connection(lambda c: c.execute(
            "SELECT facts FROM case_facts WHERE case_id = ?", (case_id,)).fetchone()) is None
        cases = [again.load_case(r.id) for r in again.list_cases()]
        assert stats_store.from_store(again, today=today) == stats.compute(cases, today=today)
    finally:
        again.close()
