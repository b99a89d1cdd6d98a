"""What the plan already knows, offered where the chair would otherwise type it again (issue 18).

Pure functions over the model: the UI applies them as ordinary, undoable edits.
- a new meeting's chair: the chair's own stored name;
- a follow-up meeting: the date, time and place booked in the previous plan; the invitees copied
  with their attendance back to the default (what happened last time is not what happens now);
- part 5: "Originalet förvaras av" – the huvudansvarig (name, organisation); "Kopia till" – those
  who speak for the person and the participants' organisations, each once (never what a protected
  identity's masking hides); written when the meeting ends or the plan goes on paper, and
  following the plan while it still says what was filled in;
- closing: after a withdrawn consent the reason is the withdrawal, and whoever withdrew it is among
  those to be told.
"""

from __future__ import annotations

import datetime as dt

from sipdesk.model.entities import Case, Meeting
from sipdesk.model.enums import Attendance, ClosingReason


def chair_for_new_meeting(meeting: Meeting, chair_name: str | None) -> bool:
    """Fill an empty Ordförande with the chair's stored name; True when something changed."""
    name = (chair_name or "").strip()
    if meeting.chair.strip() or not name:
        return False
    meeting.chair = name
    return True


def follow_up_from_previous(previous: Meeting | None, meeting: Meeting) -> None:
    """A follow-up starts on the day (time, place) the previous plan booked, with attendance reset."""
    if previous is not None:
        booked = previous.plan.follow_up
        if booked is not None:
            if meeting.date is None and booked.date is not None:
                meeting.date = booked.date
            if meeting.start_time is None and booked.time is not None:
                meeting.start_time = booked.time
            if not meeting.place and booked.place:
                meeting.place = booked.place
    for participant in meeting.participants:
        participant.attendance = Attendance.IN_PERSON  # the default until planned anew
    meeting.preparation.planned_attendance = []


def copies_to(meeting: Meeting, case: Case | None = None) -> list[str]:
    """Who gets a copy (SIP.md: the guardians, each organisation for its records; the person
    gets their own copy): whoever speaks for the person, by name, then each participant's
    organisation once, in the order of the invitees. For a protected identity nothing the
    masking would hide (a relative, the school, a place) – the list travels with every copy."""
    from sipdesk.model import participation as pt

    person = case.person if case is not None else None
    day = meeting.date
    names: list[str] = []
    if person is not None:
        for p in meeting.participants:
            if pt.role_of(p) is not pt.ParticipantRole.PERSON and pt.represents(p, person, day):
                names.append(p.name.strip())
    names += [p.organisation.strip() for p in meeting.participants]
    keep = _unmasked(case)
    seen: list[str] = []
    for name in names:
        if name and name.casefold() not in {s.casefold() for s in seen} and keep(name):
            seen.append(name)
    return seen


def original_kept_by(meeting: Meeting, case: Case | None = None) -> str:
    """The huvudansvarig (a participant, plan format 2) keeps the original: "Name, Organisation"."""
    main = meeting.main_responsible
    if main is None or not main.name.strip():
        return ""
    keeper = ", ".join(x for x in (main.name.strip(), main.organisation.strip()) if x)
    return keeper if _unmasked(case)(keeper) else ""


def _unmasked(case: Case | None):
    """A test for text the protected identity's masking leaves as it is (always true for
    other cases)."""
    if case is None or not case.person.protected_identity:
        return lambda text: True
    from sipdesk.model.protection import Redactor

    redactor = Redactor.for_case(case)
    return lambda text: redactor.text(text) == text


def closing_suggestions(meeting: Meeting, case: Case | None = None) -> dict[str, object]:
    """Part 5's empty fields and what they could say: {"copies_to": [...], "original": "..."}."""
    plan = meeting.plan
    out: dict[str, object] = {}
    if not plan.copies_to and (orgs := copies_to(meeting, case)):
        out["copies_to"] = orgs
    if not plan.original_kept_by.strip() and (keeper := original_kept_by(meeting, case)):
        out["original"] = keeper
    return out


def apply_closing_suggestions(meeting: Meeting, case: Case | None = None) -> list[str]:
    """Fill part 5's empty fields; returns the names of the fields filled."""
    found = closing_suggestions(meeting, case)
    if "copies_to" in found:
        meeting.plan.copies_to = list(found["copies_to"])  # type: ignore[arg-type]
    if "original" in found:
        meeting.plan.original_kept_by = str(found["original"])
    return list(found)


Known = tuple[list[str], str]
_KNOWN: dict[tuple, Known] = {}  # what the fields would say, by what it is made of (few entries)


def _inputs(case: Case, meeting: Meeting) -> tuple:
    """Everything part 5's known values are made of – the invitees, the huvudansvarig, the day,
    and for a protected identity what the masking knows – so an edit of anything else costs no
    recomputation (the masking's rules take milliseconds to build)."""
    people = tuple(
        (p.id, p.name, p.organisation, p.role, p.actor, p.phone, p.email)
        for p in meeting.participants
    )
    masked = None
    if case.person.protected_identity:
        places = tuple(
            (m.place, m.plan.follow_up.place if m.plan.follow_up else "") for m in case.meetings
        )
        masked = (repr(case.person), places)
    who = (case.person.personnummer, case.person.protected_identity)  # a minor? masked?
    return (who, people, meeting.plan.main_responsible_id, meeting.date, masked)


def _known(case: Case, meeting: Meeting, inputs: tuple) -> Known:
    known = _KNOWN.get(inputs)
    if known is None:
        if len(_KNOWN) > 16:
            _KNOWN.clear()
        known = _KNOWN[inputs] = (copies_to(meeting, case), original_kept_by(meeting, case))
    return known


def known_closing(case: Case, meeting: Meeting) -> tuple | None:
    """What part 5's fields are made of now – to compare after an edit (see `follow_known`);
    None when both fields are empty (nothing there can follow)."""
    plan = meeting.plan
    if not plan.copies_to and not plan.original_kept_by:
        return None
    inputs = _inputs(case, meeting)
    _known(case, meeting, inputs)  # what they would say, kept for the comparison
    return inputs


def follow_known(case: Case, meeting: Meeting, before: tuple | None) -> list[str]:
    """After an edit: a field that still says what the app filled in follows what it knows now
    (a new huvudansvarig keeps the original, a new organisation gets a copy); a field the chair
    has written differs from it and stays. Returns the names of the fields changed."""
    if before is None:
        return []
    inputs = _inputs(case, meeting)
    if inputs == before:
        return []  # the edit touched nothing part 5's values are made of
    was = _KNOWN.get(before)
    if was is None:
        return []
    copies, keeper = _known(case, meeting, inputs)
    plan = meeting.plan
    changed = []
    if plan.copies_to and plan.copies_to == was[0] and copies != was[0] and copies:
        plan.copies_to = list(copies)
        changed.append("copies_to")
    if plan.original_kept_by and plan.original_kept_by == was[1] and keeper != was[1]:
        if keeper:
            plan.original_kept_by = keeper
            changed.append("original")
    return changed


def closing_reason(case: Case, today: dt.date) -> ClosingReason | None:
    """Consent withdrawn when a consent has been withdrawn and none is valid today."""
    withdrawn = [c for c in case.consents if c.withdrawn_on is not None]
    if withdrawn and not case.valid_consents(today):
        return ClosingReason.CONSENT_WITHDRAWN
    return None


def told_on_closing(case: Case, reason: ClosingReason | None) -> list[str]:
    """Who must be told: the plan's Kopia till, and after a withdrawal whoever withdrew."""
    plan = case.current_plan
    told = list(plan.copies_to) if plan is not None else []
    if reason is ClosingReason.CONSENT_WITHDRAWN:
        for consent in case.consents:
            who = consent.given_by.strip()
            if consent.withdrawn_on is not None and who and who not in told:
                told.insert(0, who)
    return told


def is_child(case: Case, day: dt.date | None = None) -> bool | None:
    """Whether the plan is about a child on `day` (the meeting's date): from the personnummer
    (under 18), else a school or preschool named; None when nothing tells."""
    from sipdesk.model import personnummer

    person = case.person
    meeting = case.current_meeting
    day = day or (meeting.date if meeting and meeting.date else None) or dt.date.today()
    if person.personnummer:
        try:
            born = personnummer.birth_date(person.personnummer)
        except ValueError:
            born = None
        if born is not None:
            age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
            return age < 18
    if person.school.strip():
        return True
    return None


def offers_samrad(case: Case) -> bool:
    """Samråd with the parents is offered in a child's case, and where the age is not known;
    never in a case known to be about an adult."""
    return is_child(case) is not False
