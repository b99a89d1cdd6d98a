"""Editing a case during preparation and the meeting: small operations the GUI and scripts share.

Each operation changes the case in place and returns a `Change` saying what changed (the GUI's
undo commands call these; a script can call them the same way). Text is stored as typed; dates
and times are parsed by `parse_date` / `parse_time`, which say in Swedish what to write instead.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from sipdesk.i18n import _
from sipdesk.model.changes import Change
from sipdesk.model.entities import (
    Case,
    Consent,
    FollowUpBooking,
    Goal,
    Intervention,
    Meeting,
    Participant,
    Plan,
    Responsible,
    TextItem,
    same_party,
)
from sipdesk.model.enums import Actor, Attendance, MeetingKind, Principal
from sipdesk.model.meetingdata import PlannedAttendance


class EditError(ValueError):
    """Input that cannot be taken as it is; the message says what to write instead."""


# Plain text fields of the plan and the meeting that the chair edits directly.
PLAN_TEXT_FIELDS = (
    "reason",
    "current_situation",
    "strengths",
    "person_does_self",
    "own_view",
    "relatives_view",
    "care_contact",
    "contact_place",
    "original_kept_by",
    "others_measures",
)
MEETING_TEXT_FIELDS = ("place", "chair", "note_taker")
PERSON_TEXT_FIELDS = ("name", "pseudonym", "school", "interpreter_language", "address", "phone")
ADAPTATION_FIELDS = (
    "support_person",
    "pauses",
    "partial_attendance",
    "digital_participation",
    "other",
)
PARTICIPANT_FIELDS = ("name", "title", "organisation", "phone", "email")
CONSENT_TEXT_FIELDS = ("given_by", "relation", "scope", "excluded_info")
GOAL_TEXT_FIELDS = ("text", "measure")
INTERVENTION_TEXT_FIELDS = ("what", "time_plan")
FOLLOW_UP_TEXT_FIELDS = ("place", "called_by", "note")

_DATE = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2})[:.]?(\d{2})\s*$")


def parse_date(text: str) -> dt.date | None:
    """A date written YYYY-MM-DD (or YYYYMMDD); empty text is no date."""
    if not text.strip():
        return None
    m = _DATE.match(text)
    try:
        if m is None:
            raise ValueError
        value = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise EditError(_("Write the date as YYYY-MM-DD, for example 2026-03-05.")) from None
    if not 1900 <= value.year <= 2200:
        raise EditError(_("Write a year between 1900 and 2200."))
    return value


def parse_time(text: str) -> dt.time | None:
    """A time written HH:MM (or HHMM, HH.MM); empty text is no time."""
    if not text.strip():
        return None
    m = _TIME.match(text)
    try:
        if m is None:
            raise ValueError
        return dt.time(int(m[1]), int(m[2]))
    except ValueError:
        raise EditError(_("Write the time as HH:MM, for example 13:30.")) from None


def _check_text(value: str) -> str:
    if len(value) > 20_000:
        raise EditError(_("The text is longer than 20 000 characters; shorten it."))
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", value)


def _find(items: list[Any], item_id: str, what: str) -> Any:
    for item in items:
        if item.id == item_id:
            return item
    raise EditError(_("The {what} is no longer there.").format(what=what))


def _assign(
    item: Any,
    name: str,
    value: Any,
    texts: Iterable[str] = (),
    kinds: dict[str, type] | None = None,
    optional: dict[str, type] | None = None,
    plain: Iterable[str] = (),
    strict: bool = True,
) -> bool:
    """Set `item.<name>` by the kind of field it is: a text (`_check_text`), a closed vocabulary
    (`kinds`: the enum, a value outside it raises ValueError), one that may be empty
    (`optional`: empty clears it) or a value kept as given (`plain`: dates, ids). When `name` is
    none of these: KeyError, or False with `strict=False` (the caller handles the rest)."""
    if name in texts:
        setattr(item, name, _check_text(value))
    elif kinds and name in kinds:
        setattr(item, name, kinds[name](value))
    elif optional and name in optional:
        setattr(item, name, optional[name](value) if value else None)
    elif name in plain:
        setattr(item, name, value)
    elif strict:
        raise KeyError(name)
    else:
        return False
    return True


def _add(items: list[Any], item: Any, set_value, values: dict[str, Any], area: str) -> Change:
    """Append `item` to `items`, set each of `values` through `set_value(item.id, name, value)`
    (so every rule of the setter holds for a new item too): the Change of `area`."""
    items.append(item)
    for key, value in values.items():
        set_value(item.id, key, value)
    return Change(area, item.id)


def _move(items: list[Any], item_id: str, delta: int) -> bool:
    index = next((i for i, x in enumerate(items) if x.id == item_id), None)
    if index is None:
        return False
    target = index + delta
    if not 0 <= target < len(items):
        return False
    items.insert(target, items.pop(index))
    return True


# --- plain fields --------------------------------------------------------------------------


def set_plan_text(plan: Plan, name: str, value: str) -> Change:
    if name not in PLAN_TEXT_FIELDS:
        raise KeyError(name)
    setattr(plan, name, _check_text(value))
    return Change("field", name)


def set_meeting_text(meeting: Meeting, name: str, value: str) -> Change:
    if name not in MEETING_TEXT_FIELDS:
        raise KeyError(name)
    setattr(meeting, name, _check_text(value))
    return Change("meeting", name)


def set_meeting_value(meeting: Meeting, name: str, value: Any) -> Change:
    """Date, start time, planned length or kind of the meeting."""
    if name == "date":
        meeting.date = value
    elif name == "start_time":
        meeting.start_time = value
    elif name == "planned_minutes":
        if not 5 <= int(value) <= 600:
            raise EditError(_("Plan the meeting to last between 5 and 600 minutes."))
        meeting.planned_minutes = int(value)
    elif name == "kind":
        meeting.kind = MeetingKind(value)
    else:
        raise KeyError(name)
    return Change("meeting", name)


def set_person_text(case: Case, name: str, value: str) -> Change:
    if name not in PERSON_TEXT_FIELDS:
        raise KeyError(name)
    old = getattr(case.person, name)
    setattr(case.person, name, _check_text(value))
    if name == "name":  # the person's own row on the participants list follows the name
        from sipdesk.model.participation import ParticipantRole, role_of

        for meeting in case.meetings:
            if case.is_editable(meeting):
                for p in meeting.participants:
                    if role_of(p) is ParticipantRole.PERSON and p.name in ("", old):
                        p.name = case.person.name
    return Change("person", name)


def set_person_value(case: Case, name: str, value: Any) -> Change:
    """Personnummer (checked), protected identity, interpreter need."""
    person = case.person
    if name == "personnummer":
        from sipdesk.model import personnummer

        text = str(value or "").strip()
        if not text:
            person.personnummer = None
        else:
            try:
                person.personnummer = personnummer.normalize(text)
            except ValueError as exc:
                raise EditError(
                    _(
                        "The personal identity number is not right ({why}): write YYYYMMDD-NNNN, "
                        "or YYMMDD-NNNN with '+' instead of '-' from the age of 100."
                    ).format(why=exc)
                ) from None
    elif name in ("protected_identity", "interpreter_needed"):
        setattr(person, name, bool(value))
    else:
        raise KeyError(name)
    return Change("person", name)


def set_questions(meeting: Meeting, text: str) -> Change:
    """The questions the meeting must answer, one per line, in the person's or family's words."""
    meeting.questions = [line.strip() for line in _check_text(text).splitlines() if line.strip()]
    return Change("question")


def set_adaptation(meeting: Meeting, name: str, value: str) -> Change:
    if name not in ADAPTATION_FIELDS:
        raise KeyError(name)
    setattr(meeting.preparation.adaptations, name, _check_text(value))
    return Change("preparation", name)


def set_prepared_with_person(meeting: Meeting, value: bool | None) -> Change:
    meeting.preparation.prepared_with_person = value
    return Change("preparation", "prepared_with_person")


# --- participants and their planned attendance ---------------------------------------------


def add_participant(meeting: Meeting, name: str = "", **values: Any) -> Change:
    return _add(meeting.participants, Participant(name=_check_text(name)),
                lambda pid, key, value: set_participant_value(meeting, pid, key, value), values,
                "participant")  # fmt: skip


def set_participant_value(meeting: Meeting, participant_id: str, name: str, value: Any) -> Change:
    participant = _find(meeting.participants, participant_id, _("participant"))
    if _assign(participant, name, value, PARTICIPANT_FIELDS, {"attendance": Attendance},
               {"principal": Principal, "actor": Actor}, strict=False):  # fmt: skip
        return Change("participant", participant_id)
    if name == "contact_withheld_from":
        participant.contact_withheld_from = [_check_text(v) for v in value if v.strip()]
    elif name == "planned_attendance":
        planned(meeting, participant_id).attendance = Attendance(value)
        # until the meeting is held, the way someone takes part is the way they plan to
        participant.attendance = Attendance(value)
    else:
        raise KeyError(name)
    return Change("participant", participant_id)


def planned(meeting: Meeting, participant_id: str) -> PlannedAttendance:
    """The participant's planned attendance, created on first use."""
    for item in meeting.preparation.planned_attendance:
        if item.participant_id == participant_id:
            return item
    participant = meeting.participant(participant_id)
    item = PlannedAttendance(
        participant_id, participant.attendance if participant else Attendance.IN_PERSON
    )
    meeting.preparation.planned_attendance.append(item)
    return item


def planned_or_none(meeting: Meeting, participant_id: str) -> Attendance | None:
    """The planned attendance if one was recorded (reading never creates one)."""
    for item in meeting.preparation.planned_attendance:
        if item.participant_id == participant_id:
            return item.attendance
    return None


def delete_participant(meeting: Meeting, participant_id: str) -> Change:
    participant = _find(meeting.participants, participant_id, _("participant"))
    meeting.participants.remove(participant)
    meeting.preparation.planned_attendance = [
        p for p in meeting.preparation.planned_attendance if p.participant_id != participant_id
    ]
    # keep responsibilities readable: the name stays, the link goes
    for item in meeting.plan.interventions():
        for r in item.responsible:
            if r.participant_id == participant_id:
                r.participant_id = None
    if meeting.plan.main_responsible_id == participant_id:
        meeting.plan.main_responsible_id = None
    for request in meeting.agencies:
        if request.participant_id == participant_id:
            request.participant_id = None
    return Change("participant", participant_id)


def move_participant(meeting: Meeting, participant_id: str, delta: int) -> Change:
    _move(meeting.participants, participant_id, delta)
    return Change("participant", participant_id)


# --- consent -------------------------------------------------------------------------------


def add_consent(case: Case, given_by: str = "", **values: Any) -> Change:
    return _add(case.consents, Consent(given_by=_check_text(given_by)),
                lambda cid, key, value: set_consent_value(case, cid, key, value), values,
                "consent")  # fmt: skip


def set_consent_value(case: Case, consent_id: str, name: str, value: Any) -> Change:
    from sipdesk.model.enums import ConsentForm, ConsentRole

    consent = _find(case.consents, consent_id, _("consent"))
    _assign(consent, name, value, CONSENT_TEXT_FIELDS, {"form": ConsentForm},
            {"role": ConsentRole}, ("given_on", "valid_until", "withdrawn_on"))
    return Change("consent", consent_id)


def delete_consent(case: Case, consent_id: str) -> Change:
    case.consents.remove(_find(case.consents, consent_id, _("consent")))
    return Change("consent", consent_id)


def consent_problem(case: Case, day: dt.date | None) -> str:
    """Empty when some consent covers the meeting day; otherwise what is wrong, in words."""
    if not case.consents and not case.decisions:
        return _("No consent is recorded. A SIP needs the person's consent before any work starts.")
    if day is None:
        return _("Set the meeting date to check the consent against it.")
    if not case.valid_consents(day) and not case.valid_decisions(day):
        return _(
            "No consent is valid on the meeting date: check the dates, or record a new consent."
        )
    return ""


# --- needs and long-term goals (numbered text items) ---------------------------------------

TEXT_LISTS = ("needs", "long_term_goals")
_LIST_AREA = {"needs": "need", "long_term_goals": "long_term_goal"}


def add_item(plan: Plan, list_name: str, text: str = "", after_id: str | None = None) -> Change:
    items: list[TextItem] = getattr(plan, list_name)
    item = TextItem(_check_text(text))
    index = next((i + 1 for i, x in enumerate(items) if x.id == after_id), len(items))
    items.insert(index, item)
    return Change(_LIST_AREA[list_name], item.id)


def set_item_text(plan: Plan, list_name: str, item_id: str, text: str) -> Change:
    _find(getattr(plan, list_name), item_id, _("item")).text = _check_text(text)
    return Change(_LIST_AREA[list_name], item_id)


def delete_item(plan: Plan, list_name: str, item_id: str) -> Change:
    items = getattr(plan, list_name)
    items.remove(_find(items, item_id, _("item")))
    if list_name == "needs":
        for goal in plan.goals:
            if goal.need_id == item_id:
                goal.need_id = None
    return Change(_LIST_AREA[list_name], item_id)


def move_item(plan: Plan, list_name: str, item_id: str, delta: int) -> Change:
    _move(getattr(plan, list_name), item_id, delta)
    return Change(_LIST_AREA[list_name], item_id)


# --- short-term goals and their interventions ----------------------------------------------


def add_goal(plan: Plan, text: str = "", after_id: str | None = None) -> Change:
    goal = Goal(_check_text(text))
    index = next((i + 1 for i, g in enumerate(plan.goals) if g.id == after_id), len(plan.goals))
    plan.goals.insert(index, goal)
    return Change("goal", goal.id)


def find_goal(plan: Plan, goal_id: str) -> Goal:
    return _find(plan.goals, goal_id, _("goal"))


def set_goal_value(plan: Plan, goal_id: str, name: str, value: Any) -> Change:
    goal = find_goal(plan, goal_id)
    if name in GOAL_TEXT_FIELDS:
        setattr(goal, name, _check_text(value))
    elif name == "target_date":
        goal.target_date = value
    elif name == "accepted_by_person":
        goal.accepted_by_person = value
    elif name == "reached_on":  # Uppnått: the goal stays in the plan and its history
        goal.reached_on = value
    elif name == "need_id":
        goal.need_id = value or None
    else:
        raise KeyError(name)
    return Change("goal", goal_id)


def delete_goal(plan: Plan, goal_id: str) -> Change:
    plan.goals.remove(find_goal(plan, goal_id))
    return Change("goal", goal_id)


def move_goal(plan: Plan, goal_id: str, delta: int) -> Change:
    _move(plan.goals, goal_id, delta)
    return Change("goal", goal_id)


def goal_of(plan: Plan, intervention_id: str) -> Goal:
    for goal in plan.goals:
        if any(i.id == intervention_id for i in goal.interventions):
            return goal
    raise EditError(_("The intervention is no longer there."))


def find_intervention(plan: Plan, intervention_id: str) -> Intervention:
    return _find(goal_of(plan, intervention_id).interventions, intervention_id, _("intervention"))


def add_intervention(
    plan: Plan, goal_id: str, what: str = "", after_id: str | None = None
) -> Change:
    goal = find_goal(plan, goal_id)
    item = Intervention(_check_text(what))
    index = next(
        (i + 1 for i, x in enumerate(goal.interventions) if x.id == after_id),
        len(goal.interventions),
    )
    goal.interventions.insert(index, item)
    return Change("intervention", item.id)


def set_intervention_value(plan: Plan, intervention_id: str, name: str, value: Any) -> Change:
    item = find_intervention(plan, intervention_id)
    if name in INTERVENTION_TEXT_FIELDS:
        setattr(item, name, _check_text(value))
    elif name == "principal":
        item.principal = Principal(value) if value else None
    elif name == "actor":
        item.actor = Actor(value) if value else None
    elif name in ("start", "end"):
        start = value if name == "start" else item.start
        end = value if name == "end" else item.end
        if start and end and end < start:
            raise EditError(_("The end date is before the start date."))
        setattr(item, name, value)
    else:
        raise KeyError(name)
    return Change("intervention", intervention_id)


def set_responsible(
    meeting: Meeting, intervention_id: str, participant_ids: list[str], others: str
) -> Change:
    """Who is responsible: chosen participants and further names typed, comma-separated."""
    item = find_intervention(meeting.plan, intervention_id)
    chosen = []
    for pid in participant_ids:
        participant = meeting.participant(pid)
        if participant is not None:
            label = participant.name + (f" ({participant.title})" if participant.title else "")
            chosen.append(Responsible(label, pid))
    typed = [Responsible(n.strip()) for n in _check_text(others).split(",") if n.strip()]
    item.responsible = chosen + typed
    if item.principal is None and item.actor is None:
        people = [meeting.participant(p) for p in participant_ids if meeting.participant(p)]
        principals = {p.principal for p in people} - {None}
        actors = {p.actor for p in people if p.principal is None} - {None}
        if len(principals) == 1:
            item.principal = principals.pop()
        elif not principals and len(actors) == 1:
            item.actor = actors.pop()
    return Change("intervention", intervention_id)


def delete_intervention(plan: Plan, intervention_id: str) -> Change:
    goal = goal_of(plan, intervention_id)
    goal.interventions.remove(find_intervention(plan, intervention_id))
    return Change("intervention", intervention_id)


def move_intervention(plan: Plan, intervention_id: str, delta: int) -> Change:
    _move(goal_of(plan, intervention_id).interventions, intervention_id, delta)
    return Change("intervention", intervention_id)


# --- main responsible, follow-up, copies ---------------------------------------------------


def appoint_main_responsible(meeting: Meeting, participant_id: str | None) -> Change:
    """Appoint one participant huvudansvarig (None: nobody yet)."""
    if participant_id is not None:
        _find(meeting.participants, participant_id, _("participant"))
    meeting.plan.main_responsible_id = participant_id
    return Change("field", "main_responsible_id")


def set_main_responsible_value(meeting: Meeting, name: str, value: Any) -> Change:
    """Edit the huvudansvarig's name, title, organisation or principal – the appointed
    participant's own fields. With nobody appointed, a name typed here adds that person as a
    participant and appoints them: the huvudansvarig is always one participant."""
    main = meeting.main_responsible
    if main is None:
        if not value:
            return Change("field", "main_responsible_id")
        add_participant(meeting)
        main = meeting.participants[-1]
        meeting.plan.main_responsible_id = main.id
    set_participant_value(meeting, main.id, name, value)
    return Change("field", "main_responsible_id")


def set_follow_up_value(plan: Plan, name: str, value: Any) -> Change:
    booking = plan.follow_up or FollowUpBooking()
    if name in FOLLOW_UP_TEXT_FIELDS:
        setattr(booking, name, _check_text(value))
    elif name in ("date", "time"):
        setattr(booking, name, value)
    else:
        raise KeyError(name)
    empty = FollowUpBooking()
    plan.follow_up = None if booking == empty else booking
    return Change("field", "follow_up")


def set_copies_to(plan: Plan, text: str, meeting: Meeting | None = None) -> Change:
    """Who gets a copy, one per line. A withheld party that is no longer on the list follows it
    when exactly one new line is that party written out further ("BUP" → "BUP Umeå", "Pappa" →
    "Pappa Ali") – so a phone kept from it stays kept; otherwise the withholding stays under the
    old name and the plan check names it (never moved to another party by position)."""
    old = {same_party(p) for p in plan.copies_to}
    plan.copies_to = [line.strip() for line in _check_text(text).splitlines() if line.strip()]
    if meeting is not None:
        now = {same_party(p): p for p in plan.copies_to}
        added = [key for key in now if key not in old]
        for p in meeting.participants:
            kept = []
            for party in p.contact_withheld_from:
                key = same_party(party)
                longer = [a for a in added if key and a.startswith(key) and a != key]
                kept.append(now[longer[0]] if key not in now and len(longer) == 1 else party)
            p.contact_withheld_from = kept
    return Change("field", "copies_to")


def delete_disagreement(plan: Plan, disagreement_id: str) -> Change:
    plan.disagreements.remove(_find(plan.disagreements, disagreement_id, _("disagreement")))
    return Change("disagreement", disagreement_id)


# --- meetings ------------------------------------------------------------------------------


def new_case(name: str, day: dt.date | None = None, shares: list[int] | None = None) -> Case:
    """An empty case with its first meeting, ready to prepare."""
    name = name.strip()
    if not name:
        raise EditError(_("Write the person's name."))
    from sipdesk.model.entities import Person

    case = Case(Person(_check_text(name)))
    meeting = case.start_follow_up(day)
    if shares:
        meeting.circle.shares = list(shares)
    from sipdesk.model.participation import add_person

    add_person(case, meeting)
    return case


def start_follow_up(case: Case, day: dt.date | None = None) -> Change:
    """A follow-up meeting, pre-filled from the previous plan (which stays as it was)."""
    previous = case.current_meeting
    meeting = case.start_follow_up(day)
    from sipdesk.model.defaults import follow_up_from_previous

    follow_up_from_previous(previous, meeting)  # the booked date; attendance not copied
    if previous is not None:
        meeting.preparation.adaptations = copy.deepcopy(previous.preparation.adaptations)
        meeting.circle.shares = list(previous.circle.shares)
        meeting.questions = []
    return Change("meeting", meeting.id)


def read_back(plan: Plan, meeting: Meeting | None = None) -> list[str]:
    """Who does what, one line per intervention: the summary the chair reads aloud (part 4)."""
    lines = []
    for goal in plan.goals:
        for item in goal.interventions:
            who = ", ".join(r.name for r in item.responsible) or _("(nobody yet)")
            when = f" – {item.time_plan}" if item.time_plan else ""
            lines.append(f"{who}: {item.what or _('(no intervention written)')}{when}")
        if not goal.interventions:
            lines.append(_("Goal without intervention: {goal}").format(goal=goal.text))
    main = meeting.participant(plan.main_responsible_id) if meeting is not None else None
    if main is not None:
        lines.append(_("Main responsible: {name}").format(name=main.name))
    if plan.follow_up and plan.follow_up.date:
        lines.append(_("Follow-up: {date}").format(date=plan.follow_up.date.isoformat()))
    return lines
