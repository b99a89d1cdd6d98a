"""Evaluation answers, coordinator figures and the store columns behind the case list."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from sipdesk.model import evaluation, planfile, stats, stats_store
from sipdesk.model.entities import Closing, Initiative
from sipdesk.model.enums import Attendance, ClosingReason, InitiatedBy, MeetingKind, MeetingStatus
from sipdesk.model.evaluation import Answer, Response, Role
from sipdesk.model.review import GoalOutcome, ensure_review
from sipdesk.model.store import open_store
from tests.conftest import DEMO, also_suppress
from tests.strategies import cases as case_strategy
from tests.strategies import dates

TODAY = dt.date(2027, 3, 31)


def demo_cases():
    return [planfile.read(p) for p in sorted(DEMO.glob("*.json"))]


def test_items_per_role_follow_the_survey():
    person = evaluation.items_for(Role.PERSON, MeetingKind.FIRST)
    professional = evaluation.items_for(Role.PROFESSIONAL, MeetingKind.FIRST)
    assert len(person) == 7 and "my_needs" in person
    assert "answers" not in professional and "coordination" in professional
    assert evaluation.items_for(Role.RELATIVE, MeetingKind.FIRST) == person
    follow = evaluation.items_for(Role.PERSON, MeetingKind.FOLLOW_UP)
    assert follow[-4:] == ["received_plan", "carried_out", "goals_reached", "coordinated"]
    assert "received_plan" not in person  # only a follow-up asks for the last plan
    assert evaluation.item_text("listened") == "Jag blev lyssnad på"
    # professionals judge the person's participation, not their own
    assert evaluation.item_text("listened", Role.PROFESSIONAL) == (
        "Enligt min bedömning blev den enskilde lyssnad på"
    )
    assert "närstående" in evaluation.item_text("my_needs", Role.RELATIVE)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("kind", list(MeetingKind))
def test_every_item_a_role_is_asked_has_its_own_wording(role, kind):
    """No role gets another role's first-person text: each asked item has a text for the role,
    and a professional is never asked about "my" needs or "my" questions."""
    for code in evaluation.items_for(role, kind):
        assert role.value in evaluation.ITEMS[code]
        text = evaluation.item_text(code, role)
        assert text and text != code
        if role is Role.PROFESSIONAL and code in ("my_needs", "listened", "took_part",
                                                  "prepared", "coordinated"):  # fmt: skip
            assert text.startswith("Enligt min bedömning")


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
    # only Kasim's and Amira's own view are their own words: Josef's is his parents' judgement,
    # Alice's and Linus's say they will be told and asked later
    assert figures.own_view == stats.Share(2, 5)
    assert figures.follow_up_date_set == stats.Share(5, 5)
    # Kasim and Amira took part; Linus was invited but absent; Josef and Alice are small children
    assert figures.person_present == stats.Share(2, 5)
    # ... and every child was represented: by guardians (Josef, Linus) or foster parents (Alice)
    assert figures.person_represented == stats.Share(5, 5)
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
    figures = stats_store.from_store(demo_store, today=dt.date(2026, 11, 23))
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
    case.meetings[-1].plan.main_responsible_id = None
    demo_store.save_case(case_id, case)
    assert demo_store.list_cases("josef")[0].error_count == 1


def test_migration_from_0001_fills_error_counts(data_dir):
    store = open_store(data_dir)
    case = planfile.read(DEMO / "2-alice.json")
    case.meetings[-1].plan.main_responsible_id = None
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
            from sipdesk.model.store.engine import HEAD_REVISION

            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                HEAD_REVISION
            )
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


# --- participation figures on a generated store with known answers --------------------------


@st.composite
def participation_cases(draw):
    """A held meeting with a generated participation pattern; returns (case, expected flags)."""
    from sipdesk.model import participation as part
    from sipdesk.model.entities import Case, Meeting, Participant, Person
    from sipdesk.model.handout import Handout

    born_year = draw(st.integers(1930, 2024))
    day = dt.date(2026, draw(st.integers(1, 12)), 15)
    pnr = draw(st.none() | st.just(f"{born_year}0101-0000"))
    person_attends = draw(st.sampled_from([None, *Attendance]))
    rep_role = draw(st.none() | st.sampled_from(list(part.ParticipantRole)))
    rep_attends = draw(st.sampled_from(list(Attendance)))
    own_source = draw(st.none() | st.sampled_from(list(part.OwnViewSource)))
    own_text = draw(st.sampled_from(["", "Jag vill bo kvar hemma."]))
    prepared = draw(st.sampled_from([None, True, False]))
    own_copy = draw(st.booleans())
    kind = draw(st.none() | st.sampled_from(list(InitiatedBy)))
    meeting = Meeting(date=day, status=MeetingStatus.HELD)
    if person_attends is not None:
        meeting.participants.append(
            Participant("P", role=part.ParticipantRole.PERSON, attendance=person_attends))
    if rep_role is not None and rep_role is not part.ParticipantRole.PERSON:
        meeting.participants.append(Participant("R", role=rep_role, attendance=rep_attends))
    meeting.plan.own_view, meeting.plan.own_view_source = own_text, own_source
    meeting.preparation.prepared_with_person = prepared
    meeting.handouts.append(Handout(on=day, own_copy=own_copy))
    took = {Attendance.IN_PERSON, Attendance.PHONE, Attendance.VIDEO}
    present = person_attends in took
    representative = rep_role in (*part.REPRESENTATIVES, part.ParticipantRole.FOSTER_PARENT)
    expected = {
        "person_present": present,
        "person_represented": present or (representative and rep_attends in took),
        "own_view": bool(own_text) and own_source is part.OwnViewSource.PERSON,
        "prepared_with_person": prepared is True,
        "received_plan": own_copy,
    }
    if pnr is None:
        band = "unknown"
    else:
        age = day.year - born_year - ((day.month, day.day) < (1, 1))
        band = "0-17" if age < 18 else "18-64" if age < 65 else "65+"
    case = Case(Person("X", personnummer=pnr), meetings=[meeting])
    if kind is not None or draw(st.booleans()):
        case.initiative = Initiative(by="Förskolan Solen", kind=kind)
    expected["initiated_by"] = kind.value if kind is not None else "unknown"
    return case, expected, band


@settings(max_examples=40)
@given(st.lists(participation_cases(), min_size=1, max_size=12))
def test_participation_figures_and_csv_match_independent_counts(generated):
    cases = [c for c, _e, _b in generated]
    figures = stats.compute(cases, today=dt.date(2030, 1, 1))
    csv_rows = {row[0]: row for row in csv.reader(io.StringIO(stats.to_csv(figures)))}
    for metric in stats.PARTICIPATION:
        count = sum(e[metric] for _c, e, _b in generated)
        assert getattr(figures, metric) == stats.Share(count, len(generated)), metric
        assert csv_rows[metric][2:4] == [str(count), str(len(generated))]
        for band in stats.AGE_BANDS:
            chosen = [e for _c, e, b in generated if b == band]
            if chosen:
                want = stats.Share(sum(e[metric] for e in chosen), len(chosen))
                assert figures.by_age[band][metric] == want
                assert csv_rows[f"{metric}.age_{band}"][2:4] == [str(want.count),
                                                                  str(want.total)]  # fmt: skip
            else:
                assert band not in figures.by_age
        for kind in stats.INITIATORS:  # "initiated by", as the Uppsala instrument breaks down
            chosen = [e for _c, e, _b in generated if e["initiated_by"] == kind]
            if chosen:
                want = stats.Share(sum(e[metric] for e in chosen), len(chosen))
                assert figures.by_initiator[kind][metric] == want
                assert csv_rows[f"{metric}.initiated_by_{kind}"][2:4] == [
                    str(want.count), str(want.total)]
                assert figures.sips_by_initiator[kind] == len(chosen)
                assert csv_rows[f"sips.initiated_by_{kind}"][2] == str(len(chosen))
            else:
                assert kind not in figures.by_initiator
                assert f"sips.initiated_by_{kind}" not in csv_rows


@settings(max_examples=30)
@given(st.lists(st.tuples(st.sampled_from(list(Role)), st.sampled_from(list(Answer))),
                min_size=1, max_size=30))  # fmt: skip
def test_evaluation_per_role_side_by_side_in_csv(answers):
    """The CSV per role matches counts computed here, and no row averages over roles."""
    day = dt.date(2026, 5, 3)
    responses = [Response(day, MeetingKind.FIRST, role, {"listened": a}) for role, a in answers]
    figures = stats.compute([], responses=responses)
    rows = {row[0]: row for row in csv.reader(io.StringIO(stats.to_csv(figures)))}
    assert "eval.listened" not in rows
    for role in Role:
        mine = [a for r, a in answers if r is role]
        code = f"eval.listened.{role.value}"
        if not mine:
            assert code not in rows
            continue
        assert int(rows[code][2]) == len(mine)
        scored = [a.score for a in mine if a.score is not None]
        want = "" if not scored else f"{100 * sum(scored) / len(scored):.1f}"
        assert rows[code][4] == want


def test_a_new_case_has_the_person_first_among_the_participants():
    from sipdesk.model import editing, participation, quality

    case = editing.new_case("Sofia Ek", dt.date(2026, 12, 1))
    meeting = case.current_meeting
    person = participation.person_participant(case, meeting)
    assert person is meeting.participants[0] and person.name == "Sofia Ek"
    editing.set_person_text(case, "name", "Sofia Ekström")
    assert person.name == "Sofia Ekström"
    codes = {f.code for f in quality.check(case, today=dt.date(2026, 11, 30))}
    assert "person.not_participant" not in codes
    meeting.participants.clear()
    codes = {f.code for f in quality.check(case, today=dt.date(2026, 11, 30))}
    assert "person.not_participant" in codes
@settings(
    max_examples=30,
    suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture),
)
@given(st.lists(case_strategy(), min_size=1, max_size=4), st.none() | dates, st.none() | dates)
def test_figures_from_the_store_equal_figures_from_the_decoded_cases(tmp_path, cases, start, end):
    """stats_store.from_store picks the few values it needs out of the stored documents with SQLite's
    JSON functions and caches them per meeting: the facts – and so every figure – are those of
    the decoded cases, on the first read (filling the cache), on the second (from it) and after
    a case changed (the trigger drops the changed meetings' facts)."""
    import uuid

    store = open_store(tmp_path / uuid.uuid4().hex)
    try:
        ids = []
        for case in cases:
            case.uid = uuid.uuid4().hex
            ids.append(store.add_case(case))
        today = dt.date(2030, 1, 1)
        expected = stats.compute(cases, start, end, today)
        with_content = [stats.facts(c) for c in cases if stats.facts(c).meetings or c.closing]
        for _read in range(2):
            assert stats_store.store_facts(store) == with_content
            assert stats.compute(stats_store.store_facts(store), start, end, today) == expected
        held = [m for m in cases[0].meetings if m.status is MeetingStatus.HELD and m.date]
        if held and len(cases[0].meetings) == 1 and cases[0].closing is None:
            held[0].plan.own_view = "" if held[0].plan.own_view.strip() else "Bra."
            store.save_case(ids[0], cases[0])
            assert stats_store.store_facts(store)[0] == stats.facts(cases[0])
    finally:
        store.close()
