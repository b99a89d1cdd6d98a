from __future__ import annotations

import datetime as dt

import pytest

from sipdesk.model.entities import Case, Closing, Consent, Goal, Intervention, Meeting, Person, Plan
from sipdesk.model.enums import CaseStatus, ClosingReason, MeetingKind, MeetingStatus

D = dt.date


def test_consent_validity_window():
    c = Consent(given_by="Anna", given_on=D(2026, 1, 10), valid_until=D(2026, 6, 30))
    assert not c.valid_on(D(2026, 1, 9))
    assert c.valid_on(D(2026, 1, 10))
    assert c.valid_on(D(2026, 6, 30))
    assert not c.valid_on(D(2026, 7, 1))


def test_withdrawn_consent_is_not_valid_from_that_day():
    c = Consent(given_by="Anna", given_on=D(2026, 1, 10), withdrawn_on=D(2026, 3, 1))
    assert c.valid_on(D(2026, 2, 28))
    assert not c.valid_on(D(2026, 3, 1))


def test_protected_person_is_displayed_by_pseudonym():
    p = Person(name="Amira Haddad", protected_identity=True, pseudonym="K-17")
    assert p.display_name == "K-17"
    assert Person(name="Josef").display_name == "Josef"


def test_status_follows_meetings_and_closing():
    case = Case(person=Person(name="Josef"))
    assert case.status is CaseStatus.PREPARING
    case.meetings.append(Meeting(status=MeetingStatus.HELD))
    assert case.status is CaseStatus.ACTIVE
    case.closing = Closing(date=D(2027, 1, 1), reason=ClosingReason.GOALS_MET)
    assert case.status is CaseStatus.CLOSED
    assert case.next_follow_up is None


def test_follow_up_copies_the_plan_and_leaves_the_previous_intact():
    case = Case(person=Person(name="Josef"))
    first = Meeting(plan=Plan(goals=[Goal("Trygg", interventions=[Intervention("Samtal")])]))
    case.meetings.append(first)
    follow = case.start_follow_up(D(2027, 2, 15))
    assert follow.kind is MeetingKind.FOLLOW_UP
    assert follow.plan.version == 2 and follow.plan.replaces_version == 1
    assert follow.plan.goals[0].id == first.plan.goals[0].id  # reviewable point by point
    follow.plan.goals[0].text = "Ändrat"
    follow.plan.goals[0].interventions.append(Intervention("Ny"))
    assert first.plan.goals[0].text == "Trygg"
    assert len(first.plan.goals[0].interventions) == 1
    assert case.is_editable(follow) and not case.is_editable(first)


def test_closed_case_takes_no_follow_up():
    case = Case(person=Person(name="Josef"), meetings=[Meeting()])
    case.closing = Closing(date=D(2027, 1, 1), reason=ClosingReason.CONSENT_WITHDRAWN)
    with pytest.raises(ValueError):
        case.start_follow_up()
    assert not case.is_editable(case.meetings[0])
