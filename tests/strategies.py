"""Hypothesis strategies for whole, valid SIP cases (reused by the plan-format and store tests)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from sipdesk.model import personnummer
from sipdesk.model.entities import (
    AgencyRequest,
    Case,
    Closing,
    Consent,
    Disagreement,
    Discharge,
    FollowUpBooking,
    Goal,
    Initiative,
    Intervention,
    LegalDecision,
    Meeting,
    Participant,
    Person,
    Plan,
    Responsible,
    TextItem,
)
from sipdesk.model.enums import (
    AGENCIES,
    Actor,
    AgencyAnswer,
    Attendance,
    ClosingReason,
    ConsentForm,
    ConsentRole,
    DecisionKind,
    InitiatedBy,
    MeetingKind,
    MeetingStatus,
    Principal,
)
from sipdesk.model.meetingdata import (
    PART_KEYS,
    Adaptations,
    CircleNote,
    CircleState,
    NoteKind,
    PartRecord,
    PlannedAttendance,
    Preparation,
)
from sipdesk.model.relatives import Relative
from sipdesk.model.review import (
    Decision,
    GoalOutcome,
    GoalReview,
    InterventionOutcome,
    InterventionReview,
    Review,
)

# Any printable text, Swedish and beyond, with newlines and tabs but no other control characters.
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"),
    max_size=40,
)
short = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
name = short.filter(lambda s: s.strip() != "")
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
times = st.builds(dt.time, st.integers(0, 23), st.integers(0, 59))
principals = st.none() | st.sampled_from(Principal)
actors = st.none() | st.sampled_from(Actor)
ids = st.text(alphabet="0123456789abcdef", min_size=12, max_size=12)


@st.composite
def personnummers(draw) -> str:
    born = draw(st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2025, 12, 31)))
    serial = draw(st.integers(0, 999))
    nine = born.strftime("%y%m%d") + f"{serial:03d}"
    return born.strftime("%Y%m%d") + f"-{serial:03d}{personnummer.luhn_digit(nine)}"


@st.composite
def persons(draw) -> Person:
    protected = draw(st.booleans())
    return Person(
        name=draw(name),
        personnummer=draw(st.none() | personnummers()),
        protected_identity=protected,
        pseudonym=draw(name) if protected else draw(short),
        address=draw(short),
        phone=draw(short),
        interpreter_needed=draw(st.booleans()),
        interpreter_language=draw(short),
        school=draw(short),
        minors_affected=draw(st.none() | st.booleans()),
        minors_count=draw(st.none() | st.integers(0, 50)),
        minors_birth_years=draw(st.lists(st.integers(1990, 2100), max_size=3)),
        one_guardian=draw(st.booleans()),
        relatives=draw(
            st.lists(
                st.builds(Relative, name=short, relation=short, town=short, contact=short, id=ids),
                max_size=2,
            )
        ),
        protected_words=draw(st.lists(short, max_size=2)),
    )


@st.composite
def plans(draw, participant_ids: list[str]) -> Plan:
    needs = draw(
        st.lists(st.builds(TextItem, text=text, id=ids), max_size=3, unique_by=lambda t: t.id)
    )
    need_ids = [n.id for n in needs]
    ref = st.sampled_from(participant_ids) if participant_ids else st.none()
    responsible = st.builds(Responsible, name=short, participant_id=st.none() | ref)

    @st.composite
    def interventions(draw2) -> Intervention:
        start = draw2(st.none() | dates)
        end = draw2(st.none() | dates)
        if start and end and end < start:
            start, end = end, start
        return Intervention(
            what=draw2(text),
            principal=draw2(principals),
            responsible=draw2(st.lists(responsible, max_size=3)),
            time_plan=draw2(text),
            start=start,
            end=end,
            id=draw2(ids),
            actor=draw2(actors),
        )

    goals = st.builds(
        Goal,
        text=text,
        need_id=st.none() | (st.sampled_from(need_ids) if need_ids else st.none()),
        measure=text,
        target_date=st.none() | dates,
        accepted_by_person=st.none() | st.booleans(),
        interventions=st.lists(interventions(), max_size=3),
        id=ids,
    )
    return Plan(
        reason=draw(text),
        current_situation=draw(text),
        strengths=draw(text),
        needs=needs,
        long_term_goals=draw(st.lists(st.builds(TextItem, text=text, id=ids), max_size=2)),
        goals=draw(st.lists(goals, max_size=4)),
        person_does_self=draw(text),
        own_view=draw(text),
        relatives_view=draw(text),
        disagreements=draw(
            st.lists(
                st.builds(Disagreement, who=short, about=text, noted_on=st.none() | dates, id=ids),
                max_size=2,
            )
        ),
        main_responsible_id=draw(st.none() | ref),
        care_contact=draw(short),
        contact_place=draw(short),
        others_measures=draw(text),
        follow_up=draw(
            st.none()
            | st.builds(
                FollowUpBooking,
                date=st.none() | dates,
                time=st.none() | times,
                place=short,
                called_by=short,
                note=text,
            )
        ),
        copies_to=draw(st.lists(short, max_size=3)),
        original_kept_by=draw(short),
    )


reviews = st.builds(
    Review,
    of_version=st.none() | st.integers(1, 5),
    interventions=st.lists(
        st.builds(
            InterventionReview,
            intervention_id=ids,
            outcome=st.none() | st.sampled_from(InterventionOutcome),
            comment=short,
        ),
        max_size=3,
    ),
    goals=st.lists(
        st.builds(
            GoalReview,
            goal_id=ids,
            outcome=st.none() | st.sampled_from(GoalOutcome),
            comment=short,
        ),
        max_size=3,
    ),
    decision=st.none() | st.sampled_from(Decision),
    note=short,
)


@st.composite
def meetings(draw) -> Meeting:
    participants = draw(
        st.lists(
            st.builds(
                Participant,
                name=name,
                title=short,
                organisation=short,
                principal=principals,
                phone=short,
                email=short,
                attendance=st.sampled_from(Attendance),
                id=ids,
                actor=actors,
                contact_withheld_from=st.lists(short, max_size=2),
            ),
            max_size=4,
            unique_by=lambda p: p.id,
        )
    )
    return Meeting(
        kind=draw(st.sampled_from(MeetingKind)),
        date=draw(st.none() | dates),
        start_time=draw(st.none() | times),
        place=draw(short),
        planned_minutes=draw(st.integers(5, 600)),
        chair=draw(short),
        note_taker=draw(short),
        questions=draw(st.lists(text, max_size=3)),
        participants=participants,
        status=draw(st.sampled_from(MeetingStatus)),
        plan=draw(plans([p.id for p in participants])),
        review=draw(st.none() | reviews),
        id=draw(ids),
        preparation=Preparation(
            prepared_with_person=draw(st.none() | st.booleans()),
            adaptations=draw(st.builds(Adaptations, short, short, short, short, short)),
            planned_attendance=[
                PlannedAttendance(p.id, draw(st.sampled_from(Attendance))) for p in participants
            ],
        ),
        circle=draw(circles()),
        discharge=draw(
            st.none()
            | st.builds(
                Discharge,
                ready_date=st.none() | dates,
                ready_time=st.none() | times,
                reported_by=short,
                called_on=st.none() | dates,
            )
        ),
        agencies=draw(
            st.lists(
                st.builds(
                    AgencyRequest,
                    agency=st.sampled_from(AGENCIES),
                    requested_on=st.none() | dates,
                    requested_by=short,
                    answer=st.none() | st.sampled_from(AgencyAnswer),
                    answered_on=st.none() | dates,
                    participant_id=st.none()
                    | (st.sampled_from([p.id for p in participants]) if participants else st.none()),
                    note=short,
                    id=ids,
                ),
                max_size=2,
            )
        ),
    )


@st.composite
def circles(draw) -> CircleState:
    """A meeting circle at any point: shares, clock, ticks, speakers, dated notes."""
    started = draw(st.booleans())
    return CircleState(
        shares=draw(st.lists(st.integers(0, 100), min_size=5, max_size=5)),
        current=draw(st.integers(0, 4)),
        started_at=draw(st.sampled_from(["2026-03-05T12:00:07Z", "2030-12-31T23:59:59Z"]))
        if started
        else "",
        running_since=draw(st.none() | st.integers(0, 20_000)) if started else None,
        finished=draw(st.booleans()),
        parts=[
            PartRecord(
                key,
                draw(st.integers(0, 20_000)),
                draw(st.lists(short, max_size=3)),
                draw(st.lists(ids, max_size=3)),
                draw(st.integers(0, 5)),
            )
            for key in PART_KEYS
        ],
        notes=draw(
            st.lists(
                st.builds(
                    CircleNote,
                    kind=st.sampled_from(NoteKind),
                    on=st.none() | dates,
                    at=st.none() | times,
                    part=st.sampled_from(PART_KEYS),
                    text=text,
                    id=ids,
                ),
                max_size=3,
            )
        ),
    )


@st.composite
def cases(draw) -> Case:
    ms = draw(st.lists(meetings(), min_size=1, max_size=3))  # every case has its first meeting
    for i, m in enumerate(ms):
        m.plan.version = i + 1
        m.plan.replaces_version = i if i else None
    return Case(
        person=draw(persons()),
        consents=draw(
            st.lists(
                st.builds(
                    Consent,
                    given_by=short,
                    relation=short,
                    form=st.sampled_from(ConsentForm),
                    given_on=st.none() | dates,
                    scope=text,
                    excluded_info=text,
                    valid_until=st.none() | dates,
                    withdrawn_on=st.none() | dates,
                    id=ids,
                    role=st.none() | st.sampled_from(ConsentRole),
                ),
                max_size=3,
            )
        ),
        initiative=draw(
            st.none()
            | st.builds(Initiative, by=short, organisation=short, on=st.none() | dates,
                        kind=st.none() | st.sampled_from(InitiatedBy))
        ),
        decisions=draw(
            st.lists(
                st.builds(
                    LegalDecision,
                    kind=st.sampled_from(DecisionKind),
                    decided_by=short,
                    decided_on=st.none() | dates,
                    ended_on=st.none() | dates,
                    note=text,
                    id=ids,
                ),
                max_size=2,
            )
        ),
        meetings=ms,
        closing=draw(
            st.none()
            | st.builds(
                Closing,
                date=dates,
                reason=st.sampled_from(ClosingReason),
                told=st.lists(short, max_size=2),
                note=text,
            )
        ),
        uid=draw(st.uuids().map(lambda u: u.hex)),
    )
