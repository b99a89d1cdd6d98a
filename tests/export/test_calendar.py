"""The follow-up booking as .ics: correct time, and no personal data unless the chair asks."""

from __future__ import annotations

import datetime as dt
import io

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


# --- issue 15: calendar files by the standard ---------------------------------------------------

from zoneinfo import ZoneInfo  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sipdesk.export.calendar import next_entry  # noqa: E402

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _booked(day: dt.date, at: dt.time | None = dt.time(13, 0)):
    case = demo_case("1-josef")
    follow = case.current_meeting.plan.follow_up
    follow.date, follow.time = day, at
    return case


def _own_zone(data: bytes) -> bytes:
    """The file with its zone renamed, so a parser can only use the file's own VTIMEZONE –
    never the system's time zone database."""
    return data.replace(b"Europe/Stockholm", b"SipDesk-Test/Stockholm")


def test_vtimezone_has_yearly_rules_and_onsets_at_the_local_change():
    cal = Calendar.from_ical(follow_up_ics(demo_case("1-josef")))
    (zone,) = cal.walk("VTIMEZONE")
    parts = {c.name: c for c in zone.subcomponents}
    assert set(parts) == {"DAYLIGHT", "STANDARD"}
    for part in parts.values():
        assert "RRULE" in part and "RDATE" not in part
        assert part["RRULE"]["FREQ"] == ["YEARLY"] and part["RRULE"]["BYDAY"] == ["-1SU"]
    assert parts["DAYLIGHT"]["RRULE"]["BYMONTH"] == [3]
    assert parts["STANDARD"]["RRULE"]["BYMONTH"] == [10]
    # 02:00 local becomes 03:00 in March; 03:00 local becomes 02:00 in October
    assert parts["DAYLIGHT"].decoded("dtstart").time() == dt.time(2, 0)
    assert parts["STANDARD"].decoded("dtstart").time() == dt.time(3, 0)


@pytest.mark.parametrize(
    "day,at,utc",
    [
        (dt.date(2027, 1, 18), dt.time(13, 0), dt.datetime(2027, 1, 18, 12, 0)),  # winter
        (dt.date(2027, 6, 14), dt.time(13, 0), dt.datetime(2027, 6, 14, 11, 0)),  # summer
        # the week summer time begins (Sunday 28 March 2027)
        (dt.date(2027, 3, 26), dt.time(9, 0), dt.datetime(2027, 3, 26, 8, 0)),
        (dt.date(2027, 3, 29), dt.time(9, 0), dt.datetime(2027, 3, 29, 7, 0)),
        # the week it ends (Sunday 31 October 2027)
        (dt.date(2027, 10, 29), dt.time(9, 0), dt.datetime(2027, 10, 29, 7, 0)),
        (dt.date(2027, 11, 1), dt.time(9, 0), dt.datetime(2027, 11, 1, 8, 0)),
    ],
)
def test_follow_up_resolves_to_the_right_utc_instant_by_the_files_own_zone(day, at, utc):
    from dateutil import tz as dateutil_tz

    data = _own_zone(follow_up_ics(_booked(day, at)))
    # icalendar's parser builds the zone from the VTIMEZONE (dateutil's rrule expansion)
    _cal, event = event_of(data)
    start = event.decoded("dtstart")
    assert start.astimezone(dt.UTC).replace(tzinfo=None) == utc
    assert event.decoded("dtend") - start == dt.timedelta(minutes=90)
    # and dateutil's own iCalendar zone parser agrees
    zone = dateutil_tz.tzical(io.StringIO(data.decode())).get("SipDesk-Test/Stockholm")
    assert dt.datetime.combine(day, at, tzinfo=zone).astimezone(dt.UTC).replace(tzinfo=None) == utc


def test_vtimezone_rules_agree_with_the_iana_database_for_decades():
    """Every UTC half hour around each change, 2026–2075: the file's zone gives the offset
    the IANA database gives (an onset one hour off shows here), and mid-season days too."""
    from dateutil import tz as dateutil_tz

    zone = dateutil_tz.tzical(
        io.StringIO(_own_zone(follow_up_ics(demo_case("1-josef"))).decode())
    ).get("SipDesk-Test/Stockholm")
    for year in range(2026, 2076):
        for month in (1, 3, 6, 10, 12):
            last_sunday = max(
                dt.date(year, month, d)
                for d in range(22, 32 if month != 6 else 31)
                if dt.date(year, month, d).weekday() == 6
            )
            for day in (last_sunday - dt.timedelta(days=1), last_sunday):
                for minutes in range(-120, 240, 30):
                    utc = dt.datetime.combine(day, dt.time(1, 0), tzinfo=dt.UTC) + dt.timedelta(
                        minutes=minutes
                    )
                    assert (
                        utc.astimezone(zone).utcoffset() == utc.astimezone(STOCKHOLM).utcoffset()
                    ), utc


BOOKING_CHANGES = st.sampled_from(["same", "date", "time", "place", "length", "details"])


@settings(max_examples=60)
@given(st.lists(BOOKING_CHANGES, min_size=1, max_size=12))
def test_sequence_rises_whenever_the_booking_changes(changes):
    case = demo_case("1-josef")
    meeting = case.current_meeting
    follow = meeting.plan.follow_up
    include = False
    entry = next_entry(meeting)
    meeting.calendar = entry
    last = entry.sequence
    for change in changes:
        if change == "date":
            follow.date += dt.timedelta(days=7)
        elif change == "time":
            follow.time = dt.time((follow.time.hour + 1) % 24, 0)
        elif change == "place":
            follow.place += " B"
        elif change == "length":
            meeting.planned_minutes += 15
        elif change == "details":
            include = not include
        entry = next_entry(meeting, include_name=include, include_place=include)
        data = follow_up_ics(case, include_name=include, include_place=include, entry=entry)
        _cal, event = event_of(data)
        assert event["sequence"] == entry.sequence
        assert entry.sequence == (last if change == "same" else last + 1)
        meeting.calendar, last = entry, entry.sequence


def _cli(capsys, *args):
    from sipdesk.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_rebooked_follow_up_updates_the_same_entry_with_a_higher_sequence(
    capsys, tmp_path, data_dir
):
    from sipdesk.model.store import open_store
    from tests.conftest import DEMO

    code, out, _err = _cli(capsys, "import", str(DEMO / "1-josef.json"))
    case_id = out.strip()
    files = []
    for n, move in enumerate([None, dt.date(2027, 3, 1), None, dt.date(2027, 6, 14)]):
        if move is not None:
            store = open_store(data_dir)
            case = store.load_case(int(case_id))
            case.current_meeting.plan.follow_up.date = move
            store.save_case(int(case_id), case)
            store.close()
        target = tmp_path / f"f{n}.ics"
        before = dt.datetime.now(dt.UTC).replace(microsecond=0)
        assert _cli(capsys, "export", case_id, "--format", "ics", "--out", str(target))[0] == 0
        _cal, event = event_of(target.read_bytes())
        assert before <= event.decoded("dtstamp") <= dt.datetime.now(dt.UTC)  # DTSTAMP: now
        files.append(event)
    assert len({str(e["uid"]) for e in files}) == 1
    assert [int(e["sequence"]) for e in files] == [0, 1, 1, 2]


def test_a_closed_plan_gives_a_cancellation_of_its_follow_up(capsys, tmp_path, data_dir):
    from sipdesk.model import lifecycle
    from sipdesk.model.entities import Closing
    from sipdesk.model.enums import ClosingReason
    from sipdesk.model.store import open_store
    from tests.conftest import DEMO

    case_id = _cli(capsys, "import", str(DEMO / "1-josef.json"))[1].strip()
    sent = tmp_path / "booking.ics"
    assert _cli(capsys, "export", case_id, "--format", "ics", "--out", str(sent))[0] == 0
    code, _out, err = _cli(
        capsys, "export", case_id, "--format", "pdf", "--cancel", "--out", str(tmp_path / "x.pdf")
    )
    assert code == 1 and "--cancel" in err
    store = open_store(data_dir)
    lifecycle.close_in_store(
        store,
        int(case_id),
        Closing(dt.date.today(), ClosingReason.GOALS_MET, told=["Josef", "BUP"]),
    )
    store.close()
    cancel = tmp_path / "cancel.ics"
    code, _out, err = _cli(capsys, "export", case_id, "--format", "ics", "--out", str(cancel))
    assert code == 0 and "METHOD:CANCEL" in err
    cal, event = event_of(cancel.read_bytes())
    _cal, booked = event_of(sent.read_bytes())
    assert str(cal["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == str(booked["uid"])
    assert int(event["sequence"]) > int(booked["sequence"])
    # writing it again gives the same cancellation, never a lower SEQUENCE
    again = tmp_path / "again.ics"
    assert _cli(capsys, "export", case_id, "--format", "ics", "--out", str(again))[0] == 0
    assert int(event_of(again.read_bytes())[1]["sequence"]) == int(event["sequence"])


def test_an_open_plan_can_cancel_its_follow_up_on_request():
    case = demo_case("1-josef")
    cal, event = event_of(follow_up_ics(case, cancel=True))
    assert str(cal["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) >= 1
    raw = follow_up_ics(case, cancel=True).decode()
    for word in ("Josef", "Berg", "Barnmedicinska"):
        assert word not in raw


@pytest.mark.parametrize("cancel", [False, True])
@pytest.mark.parametrize(
    ("email", "written"),
    [
        ("karin.ek@kommun.se", True),
        ("  karin.ek@kommun.se \n", True),
        ("", False),
        ("karin.ek", False),
        ("Karin <karin.ek@kommun.se>", False),
        ("a@b.se, c@d.se", False),
        ("karin.ek@kommun.se\r\nATTENDEE:mailto:x@y.se", False),
        ("mailto:karin.ek@kommun.se", True),
        ("karin.ek@kommun.se\x00", False),
        ("karin.ek@kommun.se\u200b", False),
        ("karin.ek@kommun..se", False),
        ("karin.ek@kommun.se.", False),
    ],
)
def test_the_chair_is_the_organizer_when_the_profile_has_one_address(email, written, cancel):
    """RFC 5546 asks PUBLISH and CANCEL for an ORGANIZER: the chair's profile address, with the
    chair's name as CN – written only when it is one plain address (nothing injected)."""
    case = demo_case("5-skyddad")
    data = follow_up_ics(case, cancel=cancel, organizer=("Karin\nEk\x1b", email))
    _cal, event = event_of(data)
    if written:
        assert str(event["organizer"]) == "mailto:karin.ek@kommun.se"
        assert event["organizer"].params["CN"] == "Karin Ek"
    else:
        assert "organizer" not in event
    assert data.count(b"ATTENDEE") == 0
    for word in ("Amira", "Haddad", case.person.personnummer):
        assert word.encode() not in data


def test_the_export_takes_the_organizer_from_the_chairs_profile(store, tmp_path):
    from sipdesk.export import api
    from sipdesk.model import cases
    from tests.conftest import DEMO

    cases.seed_demo(store, DEMO)
    case_id = next(r.id for r in store.list_cases("Josef"))
    store.set_preference("chair.name", "Karin Ek")
    store.set_preference("chair.email", "karin.ek@kommun.se")
    result = api.prepare(store, case_id, "ics").run(tmp_path)
    _cal, event = event_of(result.path.read_bytes())
    assert str(event["organizer"]) == "mailto:karin.ek@kommun.se"
