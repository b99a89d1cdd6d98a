"""The follow-up booking as an `.ics` file (icalendar) for the chair's and others' calendars.

A calendar entry travels far (synced to phones and servers), so by default it holds no personal
data: a neutral title, the time, and the document id to find the plan by. The person's name (the
pseudonym for a protected identity) and the place go in only when the chair asks for them.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sipdesk.export.document import document_id
from sipdesk.i18n import _
from sipdesk.model.entities import Case, Meeting

TIMEZONE = "Europe/Stockholm"
DEFAULT_MINUTES = 90


class NoFollowUp(ValueError):
    """The plan has no booked follow-up date, so there is nothing to put in a calendar."""


def follow_up_ics(
    case: Case,
    meeting: Meeting | None = None,
    *,
    include_name: bool = False,
    include_place: bool = False,
    now: dt.datetime | None = None,
) -> bytes:
    from icalendar import Calendar, Event

    meeting = meeting or case.current_meeting
    follow = meeting.plan.follow_up if meeting else None
    if meeting is None or follow is None or follow.date is None:
        raise NoFollowUp(
            _(
                "No follow-up is booked in this plan. Book a date first, then export the calendar file."
            )
        )
    doc_id = document_id(case, meeting)
    # A protected identity: no name (not even the pseudonym) and no place, whatever was asked –
    # a calendar travels to phones and servers. Every case: what goes in is masked like the
    # shared screen (personnummer, phones, e-mail, the person's address in any written form).
    from sipdesk.model.protection import Redactor

    if case.person.protected_identity:
        include_name = include_place = False
    t = Redactor.outgoing(case).text
    cal = Calendar()
    cal.add("prodid", "-//SipDesk//SipDesk//SV")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"{doc_id.lower()}-v{meeting.plan.version}-follow-up@sipdesk")
    event.add("dtstamp", now or dt.datetime.now(dt.UTC))
    summary = _("SIP follow-up")
    if include_name:
        summary += " – " + t(case.person.display_name)
    event.add("summary", summary)
    if follow.time is not None:
        start = dt.datetime.combine(follow.date, follow.time, tzinfo=ZoneInfo(TIMEZONE))
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=meeting.planned_minutes or DEFAULT_MINUTES))
    else:
        event.add("dtstart", follow.date)
        event.add("dtend", follow.date + dt.timedelta(days=1))
    if include_place and follow.place:
        event.add("location", t(follow.place))
    event.add(
        "description",
        _(
            "Follow-up of a coordinated individual plan (SIP). Document id {id}, plan version {n}."
        ).format(id=doc_id, n=meeting.plan.version),
    )
    event.add("class", "CONFIDENTIAL")
    cal.add_component(event)
    cal.add_missing_timezones()  # a VTIMEZONE for Europe/Stockholm, so every client agrees
    return cal.to_ical()
