"""Evaluation answers, coordinator figures and the store columns behind the case list."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from sipdesk.model import evaluation, planfile, stats
from sipdesk.model.entities import Closing
from sipdesk.model.enums import Attendance, ClosingReason, MeetingKind, MeetingStatus
from sipdesk.model.evaluation import Answer, Response, Role
from sipdesk.model.review import GoalOutcome, ensure_review
from sipdesk.model.store import open_store
from tests.conftest import DEMO
from tests.strategies import cases as case_strategy
from tests.strategies import dates

TODAY = dt.date(2027, 3, 31)


def demo_cases():
    return [planfile.read(p) for p in sorted(DEMO.glob("*.json"))]


def test_items_per_role_follow_the_survey():
    person = evaluation.items_for(Role.PERSON, MeetingKind.FIRST)
    professional = evaluation.items_for(Role.PROFESSIONAL, MeetingKind.FIRST)
    assert len(person) == 7 and "my_needs" in person
    assert "my_needs" not in professional and "coordination" in professional
    assert evaluation.items_for(Role.RELATIVE, MeetingKind.FIRST) == person
    follow = evaluation.items_for(Role.PERSON, MeetingKind.FOLLOW_UP)
    assert follow[-2:] == ["carried_out", "goals_reached"]
    assert evaluation.item_text("listened") == "Jag blev lyssnad på"


def test_responses_are_stored_without_any_link_and_aggregated(store):
    day = dt.date(2026, 11, 12)
    evaluation.save(
        store,
        Response(
            day,
            MeetingKind.FIRST,
            Role.PERSON,
            {"listened": Answer.FULLY, "answers": Answer.DONT_KNOW},
        ),
    )
    evaluation.save(store, Response(day, MeetingKind.FIRST, Role.RELATIVE,
                                    {"listened": Answer.PARTLY}))  # fmt: skip
    with pytest.raises(ValueError):
        evaluation.save(
            store, Response(day, MeetingKind.FIRST, Role.PERSON, {"purpose": Answer.NOT})
        )
    with pytest.raises(ValueError):
        evaluation.save(store, Response(day, MeetingKind.FIRST, Role.PERSON, {}))
    with store.engine.connect() as conn:
        columns = [r[1] for r in conn.execute(text("PRAGMA table_info(evaluations)"))]
    assert columns == ["id", "answered_on", "meeting_kind", "role", "answers"]
    loaded = evaluation.load(store)
    assert len(loaded) == 2
    assert {r.answered_on for r in loaded} == {dt.date(2026, 11, 1)}  # the month, not the day
    assert len(evaluation.load(store, start=dt.date(2026, 11, 20))) == 2
    summary = {s.code: s for s in evaluation.aggregate(loaded)}
    assert summary["listened"].average == 0.75 and summary["listened"].answered == 2
    assert summary["answers"].average is None and summary["answers"].answered == 1
    assert evaluation.aggregate(loaded, Role.PERSON)[0].average == 1.0
    assert evaluation.load(store, start=dt.date(2026, 12, 1)) == []


def test_figures_over_the_demo_cases():
    figures = stats.compute(demo_cases(), today=dt.date(2026, 11, 23))
    assert (figures.first_meetings, figures.discharge_meetings, figures.follow_ups) == (5, 0, 0)
    assert figures.own_view == stats.Share(5, 5)
    assert figures.follow_up_date_set == stats.Share(5, 5)
    # Kasim and Amira took part; Linus was invited but absent; Josef and Alice are small children
    assert figures.person_present == stats.Share(2, 5)
    assert figures.on_time == stats.Share(0, 0)  # no follow-up is due yet
    assert figures.by_month == [("2026-10", 3, 0), ("2026-11", 2, 0)]
    october = stats.compute(demo_cases(), dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert october.first_meetings == 3


def test_on_time_counts_follow_ups_held_within_the_grace():
    cases = demo_cases()
    josef, alice, kasim = cases[0], cases[1], cases[2]
    # Josef: booked 2027-02-15, held 2027-02-20 → on time; goals reviewed
    meeting = josef.start_follow_up(dt.date(2027, 2, 20))
    meeting.status = MeetingStatus.HELD
    rev = ensure_review(josef, meeting)
    rev.goals[0].outcome = GoalOutcome.REACHED
    rev.goals[1].outcome = GoalOutcome.PARTLY
    # Alice: booked 2027-02-08, held 2027-03-20 → late
    late = alice.start_follow_up(dt.date(2027, 3, 20))
    late.status = MeetingStatus.HELD
    # Kasim: booked 2026-12-21, closed before → not owed
    kasim.closing = Closing(dt.date(2026, 12, 1), ClosingReason.GOALS_MET, ["Kasim"])
    figures = stats.compute(cases, today=TODAY)
    # due: Josef (on time), Alice (late), Linus 2027-01-12 (never held), Amira 2027-02-09 (never)
    assert figures.on_time == stats.Share(1, 4)
    assert figures.follow_ups == 2 and figures.closed == 1
    assert figures.goals_reached == stats.Share(1, 2)
    # Kasim's plan ended at its only meeting: no follow-up date was needed there
    assert figures.follow_up_date_set.total == 6


def test_person_present_counts_phone_and_video_but_not_written():
    case = demo_cases()[2]  # Kasim takes part in person
    person = case.meetings[0].participants[0]
    person.attendance = Attendance.WRITTEN
    assert stats.compute([case]).person_present == stats.Share(0, 1)
    person.attendance = Attendance.VIDEO
    assert stats.compute([case]).person_present == stats.Share(1, 1)


def test_csv_and_table_hold_no_personal_data_or_free_text(demo_store):
    day = dt.date(2026, 11, 12)
    evaluation.save(
        demo_store, Response(day, MeetingKind.FIRST, Role.PERSON, {"listened": Answer.FULLY})
    )
    figures = stats.from_store(demo_store, today=dt.date(2026, 11, 23))
    out = stats.to_csv(figures) + "\n".join(" ".join(map(str, r)) for r in stats.rows(figures))
    for case in demo_cases():
        plan = case.meetings[0].plan
        secrets = [
            case.person.name,
            *case.person.name.split(),
            case.person.pseudonym,
            case.person.personnummer or "",
            case.person.address,
            case.person.phone,
            plan.reason[:20],
            plan.own_view[:20],
        ]
        secrets += [p.name for p in case.meetings[0].participants]
        secrets += [g.text[:20] for g in plan.goals]
        for secret in filter(None, secrets):
            assert secret not in out, secret
    assert "eval.listened" in out
    header, *lines = stats.to_csv(figures).splitlines()
    assert header == "metric,label,count,total,percent,from,to"
    assert all(line.split(",")[0].replace(".", "").replace("_", "").replace("-", "").isalnum()
               for line in lines)  # fmt: skip


def test_error_count_is_kept_on_save_and_listed(demo_store):
    rows = demo_store.list_cases()
    assert all(r.error_count == 0 for r in rows)
    case_id = demo_store.list_cases("josef")[0].id
    case = demo_store.load_case(case_id)
    case.meetings[-1].plan.main_responsible = None
    demo_store.save_case(case_id, case)
    assert demo_store.list_cases("josef")[0].error_count == 1


def test_migration_from_0001_fills_error_counts(data_dir):
    store = open_store(data_dir)
    case = planfile.read(DEMO / "2-alice.json")
    case.meetings[-1].plan.main_responsible = None
    case_id = store.add_case(case)
    # take it back to a store written before revision 0002 (and so test the downgrade too)
    from alembic import command
    from alembic.config import Config

    from sipdesk.model.store.engine import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
        columns = [r[1] for r in conn.execute(text("PRAGMA table_info(cases)"))]
        assert "error_count" not in columns
    store.close()
    store = open_store(data_dir)
    try:
        assert store.list_cases()[0].error_count == 1
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"
        assert store.load_case(case_id).person.name == "Alice Lund"
        json.dumps(evaluation.load(store), default=str)
    finally:
        store.close()


@settings(max_examples=60)
@given(st.lists(case_strategy(), max_size=4), st.none() | dates, st.none() | dates)
def test_figures_from_stored_documents_equal_figures_from_cases(cases, start, end):
    from sipdesk.model import codec

    today = dt.date(2030, 1, 1)
    direct = stats.compute(cases, start, end, today)
    docs = []
    for case in cases:
        data = json.loads(json.dumps(codec.encode(case)))
        docs.append(stats.facts_from_documents(data, data["meetings"]))
    assert stats.compute(docs, start, end, today) == direct
