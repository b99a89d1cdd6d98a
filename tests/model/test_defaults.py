"""What the store already knows is filled in (issue 18, item 4) – for every demo case."""

from __future__ import annotations

import datetime as dt

import pytest

from sipdesk.model import defaults, editing, lifecycle
from sipdesk.model.enums import Attendance, ClosingReason


@pytest.fixture
def demo_cases(demo_store):
    return [demo_store.load_case(r.id) for r in demo_store.list_cases("")]


def test_a_follow_up_starts_on_the_booked_day_with_attendance_reset(demo_cases):
    booked_somewhere = False
    for case in demo_cases:
        if case.closing is not None:
            continue
        previous = case.current_meeting
        booking = previous.plan.follow_up
        previous.participants[0].attendance = Attendance.ABSENT  # last time someone was away
        editing.start_follow_up(case)
        meeting = case.current_meeting
        assert meeting is not previous
        if booking is not None and booking.date is not None:
            booked_somewhere = True
            assert meeting.date == booking.date
            if booking.time is not None:
                assert meeting.start_time == booking.time
        assert all(p.attendance is Attendance.IN_PERSON for p in meeting.participants)
        assert meeting.preparation.planned_attendance == []
        assert previous.participants[0].attendance is Attendance.ABSENT  # the old one unchanged
    assert booked_somewhere


def test_a_given_date_wins_over_the_booking(demo_cases):
    case = next(c for c in demo_cases if c.current_plan.follow_up is not None)
    editing.start_follow_up(case, dt.date(2030, 1, 2))
    assert case.current_meeting.date == dt.date(2030, 1, 2)


def test_part_5_gets_the_organisations_and_the_main_responsible(demo_cases):
    for case in demo_cases:
        meeting = case.current_meeting
        meeting.plan.copies_to = []
        meeting.plan.original_kept_by = ""
        filled = defaults.apply_closing_suggestions(meeting)
        orgs = [p.organisation for p in meeting.participants if p.organisation.strip()]
        if orgs:
            assert "copies_to" in filled
            assert len(meeting.plan.copies_to) == len({o.strip().casefold() for o in orgs})
            assert set(meeting.plan.copies_to) <= {o.strip() for o in orgs}
        main = meeting.main_responsible  # the huvudansvarig participant (plan format 2)
        if main is not None and main.name:
            assert meeting.plan.original_kept_by.startswith(main.name)
        # what the chair wrote is never overwritten
        meeting.plan.copies_to = ["Bara denna"]
        meeting.plan.original_kept_by = "Någon annan"
        assert defaults.apply_closing_suggestions(meeting) == []
        assert meeting.plan.copies_to == ["Bara denna"]


def test_after_a_withdrawal_the_closing_is_the_withdrawal_and_the_party_is_told(demo_cases):
    for case in demo_cases:
        if case.closing is not None or not case.consents:
            continue
        day = max(c.given_on or dt.date(2026, 1, 1) for c in case.consents) + dt.timedelta(days=1)
        assert defaults.closing_reason(case, day) is None
        for consent in case.consents:
            if consent.withdrawn_on is None:
                lifecycle.withdraw_consent(case, consent.id, day)
        assert defaults.closing_reason(case, day) is ClosingReason.CONSENT_WITHDRAWN
        told = defaults.told_on_closing(case, ClosingReason.CONSENT_WITHDRAWN)
        for consent in case.consents:
            assert consent.given_by.strip() in told


@pytest.mark.parametrize(("stored", "before", "after"), [
    ("Anna Chair", "", "Anna Chair"),
    ("Anna Chair", "Bo Annan", "Bo Annan"),
    (None, "", ""),
    ("  ", "", ""),
])
def test_the_chair_is_the_stored_name_unless_one_is_written(stored, before, after):
    case = editing.new_case("Test Person")
    meeting = case.meetings[0]
    meeting.chair = before
    defaults.chair_for_new_meeting(meeting, stored)
    assert meeting.chair == after


@pytest.mark.parametrize(("pnr", "school", "day", "child"), [
    ("20150301-0000", "", dt.date(2026, 11, 30), True),
    ("20080301-0000", "", dt.date(2026, 3, 1), False),  # 18 today
    ("20080302-0000", "", dt.date(2026, 3, 1), True),  # 18 tomorrow
    ("19850610-9811", "Skolan", dt.date(2026, 11, 30), False),  # the number wins
    (None, "Förskolan Solrosen", dt.date(2026, 11, 30), True),
    (None, "", dt.date(2026, 11, 30), None),
])
def test_a_childs_case_is_known_by_age_or_school(pnr, school, day, child, monkeypatch):
    from sipdesk.model import personnummer

    case = editing.new_case("X")
    case.person.personnummer = pnr
    case.person.school = school
    monkeypatch.setattr(personnummer, "birth_date", lambda s: dt.date.fromisoformat(
        f"{s[:4]}-{s[4:6]}-{s[6:8]}"))
    assert defaults.is_child(case, day) is child


def test_samrad_is_offered_in_the_childrens_demo_cases_only(demo_cases):
    adults = [c for c in demo_cases if c.person.personnummer and not defaults.is_child(c)]
    assert adults and not any(defaults.offers_samrad(c) for c in adults)
    children = [c for c in demo_cases if c.person.school]
    assert children and all(defaults.offers_samrad(c) for c in children)
