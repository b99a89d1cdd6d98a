"""The follow-up booking as an `.ics` file (icalendar) for the chair's and others' calendars.

A calendar entry travels far (synced to phones and servers), so by default it holds no personal
data: a neutral title, the time, and the document id to find the plan by. The person's name (the
pseudonym for a protected identity) and the place go in only when the chair asks for them.

By the standard (RFC 5545, and RFC 5546 for updates): one UID per meeting's follow-up, a
SEQUENCE that rises whenever the booking changes (kept on the meeting, `CalendarEntry`), DTSTAMP
the time of writing, METHOD:PUBLISH for the booking and METHOD:CANCEL (STATUS:CANCELLED) when
the plan is closed or the follow-up called off. The time zone block for Europe/Stockholm is
written with yearly rules (RRULE) – the shape every client reads – and checked against the IANA
database in the tests.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import logging
import re
from zoneinfo import ZoneInfo

from sipdesk.export.document import document_id
from sipdesk.i18n import _
from sipdesk.model.calendar_entry import CANCELLED, CalendarEntry
from sipdesk.model.entities import Case, Meeting

log = logging.getLogger(__name__)

TIMEZONE = "Europe/Stockholm"
# one plain address, nothing else (ASCII: what every calendar client takes in a mailto: URI)
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
DEFAULT_MINUTES = 90

# Europe/Stockholm under the EU summer-time rule (in force since 1996): summer time begins on
# the last Sunday of March at 02:00 local time (01:00 UTC) and ends on the last Sunday of
# October at 03:00 local summer time (01:00 UTC). The DTSTARTs are the first onsets of the rules.
VTIMEZONE_RULES = (
    # (component, DTSTART (local, of the offset before), from, to, name, month)
    ("DAYLIGHT", dt.datetime(1996, 3, 31, 2, 0), "+0100", "+0200", "CEST", 3),
    ("STANDARD", dt.datetime(1996, 10, 27, 3, 0), "+0200", "+0100", "CET", 10),
)


class NoFollowUp(ValueError):
    """The plan has no booked follow-up date, so there is nothing to put in a calendar."""


def stockholm_timezone():
    """The VTIMEZONE component for Europe/Stockholm, with yearly rules (RRULE:…BYDAY=-1SU)."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    tz = Timezone()
    tz.add("tzid", TIMEZONE)
    for kind, start, offset_from, offset_to, name, month in VTIMEZONE_RULES:
        part = TimezoneDaylight() if kind == "DAYLIGHT" else TimezoneStandard()
        part.add("dtstart", start)
        part.add("tzoffsetfrom", _offset(offset_from))
        part.add("tzoffsetto", _offset(offset_to))
        part.add("tzname", name)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1SU"})
        tz.add_component(part)
    return tz


def _offset(text: str) -> dt.timedelta:
    sign = -1 if text[0] == "-" else 1
    return sign * dt.timedelta(hours=int(text[1:3]), minutes=int(text[3:5]))


def booking_key(meeting: Meeting, include_name: bool = False, include_place: bool = False) -> str:
    """A digest of what the calendar file says about the booking (no plaintext kept)."""
    follow = meeting.plan.follow_up
    parts = [
        follow.date.isoformat() if follow and follow.date else "",
        follow.time.strftime("%H:%M") if follow and follow.time else "",
        str(meeting.planned_minutes),
        follow.place if follow else "",
        str(include_name),
        str(include_place),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


def next_entry(
    meeting: Meeting,
    *,
    cancel: bool = False,
    include_name: bool = False,
    include_place: bool = False,
) -> CalendarEntry:
    """The entry for the file about to be written (the meeting is not changed): SEQUENCE one
    higher than the last file's whenever what the file says differs; the same when it does not
    (writing the same booking twice gives the same entry)."""
    entry = copy.copy(meeting.calendar)
    entry.sequence = max(entry.sequence, 0)
    key = CANCELLED if cancel else booking_key(meeting, include_name, include_place)
    if entry.booking and entry.booking != key:
        entry.sequence += 1
    elif not entry.booking and cancel:
        entry.sequence += 1  # above anything a calendar may have from before the entry was kept
    entry.booking = key
    return entry


def is_cancellation(case: Case) -> bool:
    """A closed plan's follow-up will not happen: its calendar file is a cancellation."""
    return case.closing is not None


def follow_up_ics(
    case: Case,
    meeting: Meeting | None = None,
    *,
    include_name: bool = False,
    include_place: bool = False,
    now: dt.datetime | None = None,
    entry: CalendarEntry | None = None,
    cancel: bool = False,
    organizer: tuple[str, str] | None = None,
) -> bytes:
    """The booking (METHOD:PUBLISH) or its cancellation (METHOD:CANCEL) as an .ics file.
    `entry` gives SEQUENCE (default: `next_entry` of the meeting). `organizer`: the chair's
    (name, e-mail) from the chair's profile – written as ORGANIZER (RFC 5546 §3.2 asks for one
    in PUBLISH and CANCEL, and clients match a cancellation to its entry by it) when the e-mail
    is one address; the chair is the professional, never the person."""
    from icalendar import Calendar, Event, vCalAddress

    meeting = meeting or case.current_meeting
    follow = meeting.plan.follow_up if meeting else None
    if meeting is None or follow is None or follow.date is None:
        raise NoFollowUp(
            _(
                "No follow-up is booked in this plan. Book a date first, then export the calendar file."
            )
        )
    if entry is None:
        entry = next_entry(
            meeting, cancel=cancel, include_name=include_name, include_place=include_place
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
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "CANCEL" if cancel else "PUBLISH")
    event = Event()
    event.add("uid", f"{doc_id.lower()}-v{meeting.plan.version}-follow-up@sipdesk")
    event.add("dtstamp", (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC))
    event.add("sequence", entry.sequence)
    name, email = organizer or ("", "")
    email = email.strip().removeprefix("mailto:").removeprefix("MAILTO:")
    if EMAIL.fullmatch(email):
        address = vCalAddress("mailto:" + email)
        shown = " ".join("".join(c if c.isprintable() else " " for c in name).split())
        if shown:
            address.params["CN"] = shown
        event.add("organizer", address)
    summary = _("SIP follow-up")
    if include_name:
        summary += " – " + t(case.person.display_name)
    if cancel:
        summary = _("Cancelled: {summary}").format(summary=summary)
    event.add("summary", summary)
    timed = follow.time is not None
    if timed:
        start = dt.datetime.combine(follow.date, follow.time, tzinfo=ZoneInfo(TIMEZONE))
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=meeting.planned_minutes or DEFAULT_MINUTES))
    else:
        event.add("dtstart", follow.date)
        event.add("dtend", follow.date + dt.timedelta(days=1))
    if include_place and follow.place:
        event.add("location", t(follow.place))
    if cancel:
        event.add("status", "CANCELLED")
        description = _(
            "The follow-up of a coordinated individual plan (SIP) is cancelled. Document id {id}, "
            "plan version {n}."
        )
    else:
        event.add("status", "CONFIRMED")
        description = _(
            "Follow-up of a coordinated individual plan (SIP). Document id {id}, plan version {n}."
        )
    event.add("description", description.format(id=doc_id, n=meeting.plan.version))
    event.add("class", "CONFIDENTIAL")
    event.add("transp", "TRANSPARENT" if cancel else "OPAQUE")
    if timed:
        cal.add_component(stockholm_timezone())  # so every client agrees on the hour
    cal.add_component(event)
    return cal.to_ical()


def remember_sent(store, case_id: int, meeting_id: str, entry: CalendarEntry) -> bool:
    """Keep the written file's entry on the meeting in the store (while the meeting can still
    change; a closed plan's cancellation is not kept – writing it again gives the same file)."""
    from sipdesk.model.store import CaseNotFound, StoreLocked, VersionLocked

    try:
        if not store.may_write():  # the SEQUENCE is not kept while another SipDesk writes
            return False
        case = store.load_case(case_id)
        meeting = next((m for m in case.meetings if m.id == meeting_id), None)
        if meeting is None or not case.is_editable(meeting) or meeting.calendar == entry:
            return False
        meeting.calendar = copy.copy(entry)
        store.save_case(case_id, case)
    except (CaseNotFound, VersionLocked, StoreLocked) as exc:
        log.warning("case %s: calendar entry not kept: %s", case_id, type(exc).__name__)
        return False
    return True
