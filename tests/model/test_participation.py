"""The person at the centre (issue 17): each participation rule fires alone on a case that breaks
only it, and the own copy's first line says what happened at the meeting."""

from __future__ import annotations

import datetime as dt

import pytest

from sipdesk.export.easyread import easy_read_document
from sipdesk.model import participation as part
from sipdesk.model import quality
from sipdesk.model.entities import Case, Meeting, Participant, Person
from sipdesk.model.enums import Attendance, MeetingStatus, Principal
from sipdesk.model.meetingdata import PlannedAttendance

CODES = {"person.not_participant", "person.not_heard", "person.not_prepared", "own_view.source",
         "invitees.not_answered"}  # fmt: skip
DAY = dt.date(2026, 12, 1)


def clean(status=MeetingStatus.HELD) -> Case:
    person = Participant("Kim Ek", role=part.ParticipantRole.PERSON)
    staff = Participant("Eva Berg", "Kurator", "Vårdcentralen", Principal.REGION)
    meeting = Meeting(date=DAY, status=status, participants=[person, staff])
    meeting.preparation.prepared_with_person = True
    meeting.preparation.planned_attendance = [
        PlannedAttendance(staff.id, reply=part.Reply.COMING)
    ]
    meeting.plan.own_view, meeting.plan.own_view_source = "Jag vill bo kvar.", part.OwnViewSource.PERSON
    return Case(Person("Kim Ek"), meetings=[meeting])


def codes(case: Case) -> set[str]:
    return {f.code for f in quality.check(case, today=DAY)} & CODES


def _absent(case):
    for p in case.current_meeting.participants:
        if p.role is part.ParticipantRole.PERSON:
            p.attendance = Attendance.ABSENT


def _no_person(case):
    case.current_meeting.participants = case.current_meeting.participants[1:]


def _not_prepared(case):
    case.current_meeting.preparation.prepared_with_person = None


def _unmarked(case):
    case.current_meeting.plan.own_view_source = None


def _unanswered(case):
    case.current_meeting.status = MeetingStatus.PLANNED
    case.current_meeting.preparation.planned_attendance[0].reply = part.Reply.NO_ANSWER


BREAKS = [
    (_absent, "person.not_heard"),
    (_no_person, "person.not_participant"),
    (_not_prepared, "person.not_prepared"),
    (_unmarked, "own_view.source"),
    (_unanswered, "invitees.not_answered"),
]


def test_the_clean_case_has_no_participation_finding():
    assert codes(clean()) == set()
    assert codes(clean(MeetingStatus.PLANNED)) == set()


@pytest.mark.parametrize("breaks,code", BREAKS, ids=[c for _b, c in BREAKS])
def test_each_rule_fires_alone(breaks, code):
    case = clean()
    breaks(case)
    found = codes(case)
    # removing the person from the list also leaves no one who took part: that is the same fault
    expected = {code} | ({"person.not_heard"} if code == "person.not_participant" else set())
    assert found == expected


@pytest.mark.parametrize("role", part.REPRESENTATIVES + (part.ParticipantRole.FOSTER_PARENT,))
def test_a_representative_who_took_part_is_enough(role):
    case = clean()
    _absent(case)
    case.current_meeting.participants.append(Participant("Sara Ek", role=role))
    assert codes(case) == set()


def test_a_voice_or_a_way_to_be_told_answers_not_heard():
    for how in (lambda m: setattr(m.preparation, "voice_if_absent", part.Voice.LETTER),
                lambda m: setattr(m.preparation, "told_after", "Mamma berättar")):  # fmt: skip
        case = clean()
        _absent(case)
        how(case.current_meeting)
        assert codes(case) == set()


def test_the_own_copy_says_what_happened():
    case = clean()
    assert "tillsammans" in easy_read_document(case).to_text()
    _absent(case)
    case.current_meeting.preparation.told_after = "Mamma"
    text = easy_read_document(case).to_text()
    assert "tillsammans" not in text and "utan dig; Mamma berättar" in text
    case.current_meeting.participants.append(
        Participant("Sara Ek", role=part.ParticipantRole.GUARDIAN))
    text = easy_read_document(case).to_text()
    assert "där någon som för din talan var med" in text and "tillsammans" not in text
