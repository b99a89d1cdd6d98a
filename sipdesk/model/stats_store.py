"""Figures straight from a store (SIP.md §7, §9): one pass over the stored rows – the held
meetings' cached facts (`meeting_facts`) and each case's (`case_facts`), each computed and kept
only for rows not seen before or changed since – counted without decoding a plan into objects.
`stats.compute` over decoded cases is the reference these counts are held to (tests).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from sipdesk.model import evaluation
from sipdesk.model.enums import CaseStatus, MeetingKind, MeetingStatus
from sipdesk.model.stats import (
    AGE_BANDS,
    INITIATORS,
    ON_TIME_GRACE_DAYS,
    PARTICIPATION,
    CaseFacts,
    Figures,
    MeetingFacts,
    _band,
    _day,
    _figures,
    _initiator,
    _picked_facts,
)


def store_facts(store) -> list[CaseFacts]:
    """The facts of every case that has a held meeting or a closing, over the store's plain
    connection: the held meetings' facts from the `meeting_facts` cache, computed (and cached)
    only for meetings not seen before or changed since – never decoding a plan into objects.

    Raises the store's named faults (StoreDamaged, DiskFull …) as `Store.over_connection` does."""
    return store.over_connection(_facts_over)


def _facts_over(conn) -> list[CaseFacts]:
    stored = _stored(conn)
    facts = _case_facts(*stored.rows)
    _keep(conn, stored)
    return facts


class _Stored(NamedTuple):
    held: list[tuple]  # (meeting id, case id, kind, date, cached facts) of the held meetings
    fresh: dict[int, str]  # facts made now for held meetings without (valid) cached ones
    cases: dict[int, str]  # every case's facts "born|requested|initiator" (`_case_text`)
    closings: list[tuple]  # (case id, closing date) of the closed cases
    fresh_cases: dict[int, str]  # the case facts made now

    @property
    def rows(self) -> tuple:
        return self.held, self.fresh, self.cases, self.closings


def _stored(conn) -> _Stored:
    """What the figures are made of, as stored – the cached facts of held meetings and cases,
    made now (from the documents, by SQLite's JSON functions) where there are none. Reads only:
    the new facts are cached (`_keep`) once everything was read – a store with a damaged page
    the figures need is never written to."""
    from sipdesk.model.store import reads

    held = reads.held_meetings(conn, MeetingStatus.HELD.value)
    missing = [row[0] for row in held if row[4] is None or row[4].count("|") != 8]
    fresh = {mid: _picked_facts(*values) for mid, *values in reads.picked_values(conn, missing)}
    cached = reads.case_facts(conn)
    missing = [case_id for case_id, text in cached if not _case_text_ok(text)]
    fresh_cases = {
        case_id: _case_text(*values) for case_id, *values in reads.case_values_of(conn, missing)
    }
    cases = {case_id: fresh_cases.get(case_id) or text or "||" for case_id, text in cached}
    closings = reads.closings(conn, CaseStatus.CLOSED.value)
    return _Stored(held, fresh, cases, closings, fresh_cases)


def _keep(conn, stored: _Stored) -> None:
    from sipdesk.model.store import reads

    reads.keep_facts(conn, list(stored.fresh.items()))
    reads.keep_case_facts(conn, list(stored.fresh_cases.items()))


def _case_text(personnummer, requested, initiator) -> str:
    """A case's cached facts from the values SQLite picked out of its document: the birth day
    the personnummer gives (as `participation.age_on` reads it; the day only), the initiative's
    date, the kind of initiator (INITIATORS) – "2008-05-14|2026-01-10|kommun", empty where none."""
    born, on = _born(personnummer), _day(requested)
    return f"{born.isoformat() if born else ''}|{on.isoformat() if on else ''}|{_initiator(initiator)}"


def _case_text_ok(text: str | None) -> bool:
    """A cached case text `_case_text` could have written (anything else is made again)."""
    return text is not None and text.count("|") == 2 and text.rpartition("|")[2] in INITIATORS


def _age(born: dt.date | None, day: dt.date) -> int | None:
    """`participation.age_on` from the birth day `_born` read."""
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _case_facts(held, fresh, cases, closings) -> list[CaseFacts]:
    """The stored rows as CaseFacts (the reference the quick count in `from_store` is held to)."""
    days: dict = {}  # the same dates recur across thousands of meetings: parse each once

    def day_of(text):
        if text not in days:
            days[text] = _day(text)
        return days[text]

    values = {case_id: text.split("|") for case_id, text in cases.items()}
    kinds = {k.value: k for k in MeetingKind}
    closed = {case_id: day_of(day) for case_id, day in closings}
    meetings: dict[int, list[MeetingFacts]] = {}
    for mid, case_id, kind, day, cached in held:
        when = day_of(day)
        if when is None:
            continue
        text = fresh.get(mid) or cached
        took, own, booked, answered, reached, rep, prep, received, relative = text.split("|")
        age = _age(day_of(values.get(case_id, ("",))[0] or None), when)
        meetings.setdefault(case_id, []).append(
            MeetingFacts(
                kinds.get(kind) or MeetingKind(kind or MeetingKind.FIRST.value),
                when,
                took == "1",
                own == "1",
                day_of(booked or None),
                int(answered),
                int(reached),
                rep == "1" or (relative == "1" and age is not None and age < 18),
                prep == "1",
                received == "1",
                _band(age),
            )
        )
    ids = sorted(set(meetings) | set(closed))
    none = ("", "", INITIATORS[-1])
    return [
        CaseFacts(tuple(meetings.get(i, ())), closed.get(i),
                  day_of(values.get(i, none)[1] or None), values.get(i, none)[2])
        for i in ids
    ]  # fmt: skip


def from_store(store, start=None, end=None, today=None) -> Figures:
    """The figures over every case in the store and the evaluations of the period: what
    `compute(store_facts(store), …)` gives, counted straight from the stored rows (`_count`)."""
    stored = store.over_connection(_stored)
    responses = evaluation.load(store, start, end)
    figures = _count(*stored.rows, start, end, today or dt.date.today(), responses)
    if stored.fresh or stored.fresh_cases:  # everything read: now new facts may be cached
        store.over_connection(lambda conn: _keep(conn, stored))
    return figures


def _born(pnr) -> dt.date | None:
    """The birth day `participation.age_on` counts from (None where it gives no age)."""
    if not pnr or len(pnr) < 8:
        return None
    try:
        year, month, dd = int(pnr[:4]), int(pnr[4:6]), int(pnr[6:8])
        return dt.date(year, month, dd - 60 if dd > 60 else dd)
    except ValueError:
        return None


def _count(held, fresh, cases, closings, start, end, today, responses) -> Figures:
    """`compute` over `_case_facts(held, fresh, values, closings)`, in one pass over the rows:
    no MeetingFacts or CaseFacts made, each distinct date and facts text read once, the
    participation tallied as one total and five counts per group. The same rules line by line
    as `compute` and `_count_on_time` (tests/model/test_stats_fast.py holds it to them)."""
    days: dict = {}

    def day_of(text):
        if text not in days:
            days[text] = _day(text)
        return days[text]

    parsed: dict[str, tuple] = {}

    def facts_of(text):
        got = parsed.get(text)
        if got is None:
            took, own, booked, answered, reached, rep, prep, received, relative = text.split("|")
            got = parsed[text] = (
                took == "1", own == "1", day_of(booked or None), int(answered), int(reached),
                rep == "1", prep == "1", received == "1", relative == "1",
            )  # fmt: skip
        return got

    kinds = {k.value: k for k in MeetingKind}
    follow_kind, discharge_kind = MeetingKind.FOLLOW_UP, MeetingKind.DISCHARGE
    low, high = start or dt.date.min, end or dt.date.max
    grace = dt.timedelta(days=ON_TIME_GRACE_DAYS)
    months: dict[str, list[int]] = {}
    month_key: dict[dt.date, str] = {}
    # per group: [meetings, present, represented, own view, prepared, received]
    overall = [0] * 6
    by_age = {band: [0] * 6 for band in AGE_BANDS}
    by_initiator = {kind: [0] * 6 for kind in INITIATORS}
    sips_by_initiator = dict.fromkeys(INITIATORS, 0)
    first = discharge = follow = closed_count = 0
    booked, on_time, reached_goals = [0, 0], [0, 0], [0, 0]
    waits: list[int] = []
    closed = {case_id: day_of(day) for case_id, day in closings}
    fresh_get = fresh.get
    case_of: dict[str, tuple] = {}  # "born|requested|initiator" → (born, requested, initiator)

    # the held meetings per case, in order (the rows come ordered by case and meeting)
    per_case: dict[int, list] = {}
    for mid, case_id, kind, day, cached in held:
        when = day_of(day)
        if when is None:
            continue
        meetings = per_case.get(case_id)
        if meetings is None:
            meetings = per_case[case_id] = []
        meetings.append((kinds.get(kind) or MeetingKind(kind or MeetingKind.FIRST.value), when,
                         facts_of(fresh_get(mid) or cached)))  # fmt: skip
    for case_id in sorted(set(per_case) | set(closed)):
        meetings = per_case.get(case_id, ())
        text = cases.get(case_id, "||")
        got = case_of.get(text)
        if got is None:
            born_text, requested_text, initiator = text.split("|")
            got = case_of[text] = (day_of(born_text or None), day_of(requested_text or None),
                                   initiator)  # fmt: skip
        born, requested_on, initiator = got
        closed_on = closed.get(case_id)
        if closed_on is not None and low <= closed_on <= high:
            closed_count += 1
        if meetings and requested_on:
            kind0, day0, _facts0 = meetings[0]
            if low <= day0 <= high and kind0 is not follow_kind and day0 >= requested_on:
                waits.append((day0 - requested_on).days)
        last = len(meetings) - 1
        group_i = by_initiator[initiator]
        for i, (kind, when, facts) in enumerate(meetings):
            took, own, due, answered, reached, rep, prep, received, relative = facts
            if low <= when <= high:
                key = month_key.get(when)
                if key is None:
                    key = month_key[when] = when.strftime("%Y-%m")
                month = months.get(key)
                if month is None:
                    month = months[key] = [0, 0]
                if kind is follow_kind:
                    follow += 1
                    month[1] += 1
                    reached_goals[1] += answered
                    reached_goals[0] += reached
                else:
                    month[0] += 1
                    sips_by_initiator[initiator] += 1
                    if kind is discharge_kind:
                        discharge += 1
                    else:
                        first += 1
                if born is None:
                    age = None
                    band = AGE_BANDS[3]
                else:
                    age = when.year - born.year - (
                        (when.month, when.day) < (born.month, born.day)
                    )
                    band = AGE_BANDS[0] if age < 18 else AGE_BANDS[1] if age < 65 else AGE_BANDS[2]
                represented = rep or (relative and age is not None and age < 18)
                for group in (overall, by_age[band], group_i):
                    group[0] += 1
                    group[1] += took
                    group[2] += represented
                    group[3] += own
                    group[4] += prep
                    group[5] += received
                if not (closed_on is not None and i == last):
                    booked[1] += 1
                    booked[0] += due is not None
            # on time (`_count_on_time`)
            if due is None or not low <= due <= high:
                continue
            deadline = due + grace
            done = i < last and meetings[i + 1][1] <= deadline
            if not done and closed_on is not None and closed_on <= deadline:
                continue
            if not done and deadline >= today:
                continue
            on_time[1] += 1
            on_time[0] += done

    def tallied(group: list[int]) -> dict[str, list[int]]:
        return {key: [group[k + 1], group[0]] for k, key in enumerate(PARTICIPATION)}

    return _figures(
        start, end, responses, (first, discharge, follow, closed_count), tallied(overall),
        booked, on_time, reached_goals, months,
        {band: tallied(g) for band, g in by_age.items()},
        {kind: tallied(g) for kind, g in by_initiator.items()}, sips_by_initiator, waits,
    )  # fmt: skip
