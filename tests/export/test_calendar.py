"""The follow-up booking as .ics: correct time, and no personal data unless the chair asks."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from sipdesk.export.calendar import NoFollowUp, follow_up_ics
from tests.export.helpers import demo_case


def event_of(data: bytes):
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    return cal, events[0]


def test_follow_up_event_has_time_zone_duration_and_no_personal_data():
    case = demo_case("1-josef")
    cal, event = event_of(follow_up_ics(case))
    start = event.decoded("dtstart")
    assert start == dt.datetime(2027, 2, 15, 13, 0, tzinfo=start.tzinfo)
    assert str(start.tzinfo) == "Europe/Stockholm"
    assert event.decoded("dtend") - start == dt.timedelta(minutes=90)
    assert list(cal.walk("VTIMEZONE"))
    raw = follow_up_ics(case).decode()
    for word in ("Josef", "Berg", "Barnmedicinska", "Karin"):
        assert word not in raw
    assert "SIP-uppföljning" in str(event["summary"])


def test_name_and_place_only_when_asked():
    case = demo_case("1-josef")
    _cal, event = event_of(follow_up_ics(case, include_name=True, include_place=True))
    assert "Josef Berg" in str(event["summary"])
    assert str(event["location"]) == "Barnmedicinska mottagningen"


def test_protected_case_has_no_name_and_no_place_whatever_is_asked():
    case = demo_case("5-skyddad")
    raw = follow_up_ics(case, include_name=True, include_place=True).decode()
    assert "Klient K-17" not in raw and "Amira" not in raw and "LOCATION" not in raw
    assert "SUMMARY:SIP-uppföljning\r\n" in raw


def test_date_without_time_is_an_all_day_event():
    case = demo_case("1-josef")
    case.current_meeting.plan.follow_up.time = None
    _cal, event = event_of(follow_up_ics(case))
    assert event.decoded("dtstart") == dt.date(2027, 2, 15)


def test_no_follow_up_booked_says_what_to_do():
    case = demo_case("1-josef")
    case.current_meeting.plan.follow_up = None
    with pytest.raises(NoFollowUp, match="Boka ett datum"):
        follow_up_ics(case)
