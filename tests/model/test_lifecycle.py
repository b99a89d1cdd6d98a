"""The plan's life: follow-up review, version comparison, closing and consent withdrawal."""

from __future__ import annotations

import datetime as dt

import pytest

from sipdesk.model import compare, lifecycle, planfile, review
from sipdesk.model.entities import Closing, Goal, Intervention
from sipdesk.model.enums import CaseStatus, ClosingReason, MeetingStatus
from sipdesk.model.protection import Redactor
from sipdesk.model.review import Decision, GoalOutcome, InterventionOutcome
from sipdesk.model.store import VersionLocked
from tests.conftest import DEMO

FOLLOW_UP_DAY = dt.date(2027, 2, 15)


def josef_with_follow_up():
    case = planfile.read(DEMO / "1-josef.json")
    meeting = case.start_follow_up(FOLLOW_UP_DAY)
    return case, meeting


def test_review_has_a_row_per_goal_and_intervention_of_the_previous_plan():
    case, meeting = josef_with_follow_up()
    rev = review.ensure_review(case, meeting)
    previous = case.meetings[0].plan
    assert rev.of_version == 1
    assert [r.goal_id for r in rev.goals] == [g.id for g in previous.goals]
    assert [r.intervention_id for r in rev.interventions] == [
        i.id for i in previous.interventions()
    ]
    assert review.unanswered(rev) == 7 + 7 + 1


def test_review_keeps_answers_when_rebuilt_and_survives_the_store(store):
    case, meeting = josef_with_follow_up()
    rev = review.ensure_review(case, meeting)
    rev.interventions[0].outcome = InterventionOutcome.DONE
    rev.interventions[0].comment = "Informationsmötet hölls i november."
    rev.goals[0].outcome = GoalOutcome.PARTLY
    rev.decision = Decision.REVISE
    again = review.ensure_review(case, meeting)
    assert again.interventions[0].outcome is InterventionOutcome.DONE
    assert again.decision is Decision.REVISE
    case_id = store.add_case(case)
    loaded = store.load_case(case_id)
    assert loaded.meetings[1].review == again
    assert loaded.meetings[0].review is None  # the first plan itself is untouched


def test_review_rows_for_print_follow_the_previous_plan_and_redact():
    case, meeting = josef_with_follow_up()
    rev = review.ensure_review(case, meeting)
    rev.goals[0].outcome = GoalOutcome.REACHED
    rev.interventions[0].outcome = InterventionOutcome.PARTLY
    rev.interventions[0].comment = "Josef var med."
    rows = review.review_rows(case, meeting)
    assert [r.kind for r in rows[:3]] == ["goal", "intervention", "goal"]
    assert rows[0].outcome == "Uppnått"
    assert rows[1].outcome == "Delvis genomförd" and "Eva Nilsson" in rows[1].responsible
    assert "Region" in rows[1].responsible
    case.person.protected_identity = True
    case.person.pseudonym = "K-1"
    masked = review.review_rows(case, meeting, Redactor.for_person(case.person).text)
    assert "Josef" not in " ".join(r.text + r.comment for r in masked)
    assert review.review_rows(case, case.meetings[0]) == []


def test_first_meeting_has_nothing_to_review():
    case = planfile.read(DEMO / "1-josef.json")
    with pytest.raises(ValueError):
        review.ensure_review(case, case.meetings[0])


def test_goals_reached_share():
    case, meeting = josef_with_follow_up()
    rev = review.ensure_review(case, meeting)
    assert review.goals_reached_share(rev) is None
    rev.goals[0].outcome = GoalOutcome.REACHED
    rev.goals[1].outcome = GoalOutcome.NOT_REACHED
    assert review.goals_reached_share(rev) == 0.5


def test_compare_matches_items_by_id():
    case, meeting = josef_with_follow_up()
    new = meeting.plan
    new.goals[0].text = "Föräldrarna känner till Josefs vårdbehov"
    removed = new.goals.pop(2)
    new.goals[0].interventions.append(Intervention("Hembesök", id="new-item"))
    new.goals.append(Goal("Josef sover hela natten", id="new-goal"))
    rows = compare.compare(case.meetings[0].plan, new)
    by_change = compare.summary(rows)
    assert by_change[compare.Change.ADDED] == 2  # the new goal and the new intervention
    changed = [r for r in rows if r.change is compare.Change.CHANGED]
    assert any("känner till" in r.new and "har kunskap" in r.old for r in changed)
    gone = [r for r in rows if r.change is compare.Change.REMOVED]
    assert gone[0].old.startswith(removed.text)
    # a removed goal stays where it stood: right after the goal that preceded it
    goal_rows = [r for r in rows if r.level == 0 and r.section == "Mål"]
    assert goal_rows[2].change is compare.Change.REMOVED
    assert any(r.change is compare.Change.ADDED and r.new.startswith("Hembesök") for r in rows)


def test_comparing_a_plan_with_itself_shows_no_change():
    case = planfile.read(DEMO / "3-kasim.json")
    plan = case.meetings[0].plan
    rows = compare.compare(plan, plan)
    assert rows and all(r.change is compare.Change.SAME for r in rows)


def test_close_needs_reason_date_and_who_was_told():
    case = planfile.read(DEMO / "1-josef.json")
    today = dt.date(2026, 11, 23)
    with pytest.raises(lifecycle.ClosingRefused, match="vem som"):
        lifecycle.close(case, Closing(today, ClosingReason.GOALS_MET, ["  "]), today)
    with pytest.raises(lifecycle.ClosingRefused, match="framtiden"):
        lifecycle.close(case, Closing(dt.date(2026, 12, 1), ClosingReason.GOALS_MET, ["A"]), today)
    with pytest.raises(lifecycle.ClosingRefused, match="före"):
        lifecycle.close(case, Closing(dt.date(2026, 10, 1), ClosingReason.GOALS_MET, ["A"]), today)
    with pytest.raises(lifecycle.ClosingRefused):
        lifecycle.close(case, Closing(today, ClosingReason.OTHER, ["A"]), today)
    assert case.closing is None
    lifecycle.close(case, Closing(today, ClosingReason.GOALS_MET, ["Sara Berg", " "]), today)
    assert case.status is CaseStatus.CLOSED and case.closing.told == ["Sara Berg"]


def test_a_closed_case_is_read_only_but_readable(demo_store):
    case_id = demo_store.find_uid("demo-josef-0001")
    closing = Closing(dt.date.today(), ClosingReason.NO_LONGER_NEEDED, ["Sara Berg"])
    lifecycle.close_in_store(demo_store, case_id, closing)
    case = demo_store.load_case(case_id)
    assert case.status is CaseStatus.CLOSED
    case.meetings[-1].plan.reason = "ändrad"
    with pytest.raises(VersionLocked):
        demo_store.save_case(case_id, case)
    case = demo_store.load_case(case_id)
    case.person.phone = "070-000 00 00"
    with pytest.raises(VersionLocked, match="avslutad"):
        demo_store.save_case(case_id, case)
    with pytest.raises(ValueError):
        case.start_follow_up()
    assert demo_store.load_case(case_id).person.phone == ""
    closed = [e for e in demo_store.audit_log(case_id) if e.action == "closed"]
    assert len(closed) == 1 and closed[0].detail == "no_longer_needed"


def test_withdrawing_the_last_consent_offers_to_close(demo_store):
    case_id = demo_store.list_cases("kasim")[0].id
    case = demo_store.load_case(case_id)
    first, second = case.consents
    day = dt.date(2026, 11, 20)
    assert lifecycle.withdraw_in_store(demo_store, case_id, first.id, day) is False
    assert lifecycle.withdraw_in_store(demo_store, case_id, second.id, day) is True
    stored = demo_store.load_case(case_id)
    assert all(c.withdrawn_on == day for c in stored.consents)
    with pytest.raises(lifecycle.ClosingRefused):
        lifecycle.withdraw_in_store(demo_store, case_id, first.id, day)
    closing = Closing(day, ClosingReason.CONSENT_WITHDRAWN, ["Bengt Olsson"])
    lifecycle.close_in_store(demo_store, case_id, closing, today=day)
    assert demo_store.load_case(case_id).status is CaseStatus.CLOSED


def test_withdrawal_before_the_consent_was_given_is_refused():
    case = planfile.read(DEMO / "1-josef.json")
    with pytest.raises(lifecycle.ClosingRefused):
        lifecycle.withdraw_consent(case, case.consents[0].id, dt.date(2020, 1, 1))
    assert case.consents[0].withdrawn_on is None


def test_follow_up_meeting_is_saved_with_its_review(demo_store):
    case_id = demo_store.list_cases("josef")[0].id
    case = demo_store.load_case(case_id)
    meeting = case.start_follow_up(FOLLOW_UP_DAY)
    meeting.status = MeetingStatus.HELD
    review.ensure_review(case, meeting).decision = Decision.CONTINUE
    demo_store.save_case(case_id, case)
    assert demo_store.load_case(case_id).meetings[1].review.decision is Decision.CONTINUE


def test_a_care_decision_carries_the_plan_when_the_last_consent_is_withdrawn():
    case = planfile.read(DEMO / "2-alice.json")
    (consent,) = case.consents
    assert lifecycle.withdraw_consent(case, consent.id, dt.date(2026, 11, 20)) is False
