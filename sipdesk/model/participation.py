"""The person at the centre (SIP.md §2–3, §9): who the person is among the participants, who
represents them, and whether the plan was made *with* them – before, during and after the meeting.

The law's second purpose of a SIP is that the plan is drawn up together with the person
(SoL (2025:400) 10 kap. 8 §, HSL (2017:30) 16 kap. 4 §: "om det inte är obehövligt … ska den
enskilde … delta"). The audits measure where that fails: the person's own statement is documented
in 38 % of plans and participation in the preparation in 3 % (SIP.md §7). This module gives the
window, the check and the figures one answer to "did the person take part, or were they
represented, and how will they be told?".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sipdesk.i18n import N_
from sipdesk.model.enums import Attendance, _Labelled

TOOK_PART = (Attendance.IN_PERSON, Attendance.PHONE, Attendance.VIDEO)


class ParticipantRole(_Labelled):
    """Who a participant is to the person: the person, a representative, a relative, staff.

    Representatives speak for the person by law or mandate: vårdnadshavare (FB 6 kap.),
    god man and förvaltare (FB 11 kap.), personligt ombud (SoL). A relative or support person
    takes part for themselves, not in the person's place.
    """

    PERSON = "person"
    GUARDIAN = "guardian"
    GOOD_MAN = "god_man"
    ADMINISTRATOR = "forvaltare"
    PERSONAL_AGENT = "personligt_ombud"
    FOSTER_PARENT = "foster_parent"
    RELATIVE = "relative"
    SUPPORT = "support"
    PROFESSIONAL = "professional"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "person": N_("The person"),
            "guardian": N_("Guardian (vårdnadshavare)"),
            "god_man": N_("God man"),
            "forvaltare": N_("Förvaltare"),
            "personligt_ombud": N_("Personligt ombud"),
            "foster_parent": N_("Foster parent (familjehemsförälder)"),
            "relative": N_("Relative"),
            "support": N_("Support person"),
            "professional": N_("Professional"),
        }


REPRESENTATIVES = (
    ParticipantRole.GUARDIAN,
    ParticipantRole.GOOD_MAN,
    ParticipantRole.ADMINISTRATOR,
    ParticipantRole.PERSONAL_AGENT,
)


class Reply(_Labelled):
    """An invitee's answer to the invitation (kallelsen)."""

    NO_ANSWER = "no_answer"
    COMING = "coming"
    NOT_COMING = "not_coming"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "no_answer": N_("No answer yet"),
            "coming": N_("Coming"),
            "not_coming": N_("Not coming"),
        }


class Voice(_Labelled):
    """How an absent person's voice reaches the meeting."""

    LETTER = "letter"
    DRAWING = "drawing"
    RECORDING = "recording"
    SPOKESPERSON = "spokesperson"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "letter": N_("A letter or written statement"),
            "drawing": N_("A drawing or pictures"),
            "recording": N_("A recorded statement"),
            "spokesperson": N_("Someone speaks for the person"),
            "other": N_("Another way"),
        }


class OwnViewSource(_Labelled):
    """Whose words the plan's "own view" are: the audits count only the person's own words."""

    PERSON = "person"
    REPRESENTATIVE = "representative"
    LATER = "later"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "person": N_("The person's own words"),
            "representative": N_("As told by a representative or relative"),
            "later": N_("Not yet: the person will be asked later"),
        }


# --- who is who ------------------------------------------------------------------------------


def role_of(participant) -> ParticipantRole:
    """The participant's role: as recorded, else inferred from older plans' principal field.

    Plans written before roles existed marked the person with principal "person" and relatives
    and guardians with principal "relative"; anyone else is staff of an organisation.
    """
    role = getattr(participant, "role", None)
    if role is not None:
        return ParticipantRole(role)
    # plan format 2 says for whom someone comes in `actor`; older plans said it in `principal`
    for said in (getattr(participant, "actor", None), getattr(participant, "principal", None)):
        if said is not None and str(said) in _FROM_ACTOR:
            return _FROM_ACTOR[str(said)]
    return ParticipantRole.PROFESSIONAL


_FROM_ACTOR = {
    "person": ParticipantRole.PERSON,
    "relative": ParticipantRole.RELATIVE,
    "god_man": ParticipantRole.GOOD_MAN,
}


def age_on(personnummer: str | None, day: dt.date | None) -> int | None:
    """Age in whole years on `day` from a canonical personnummer (YYYYMMDD-NNNN); samordnings-
    nummer (day + 60) counts from the real day. None when either is missing or unreadable."""
    if not personnummer or day is None or len(personnummer) < 8:
        return None
    try:
        year, month, dd = int(personnummer[:4]), int(personnummer[4:6]), int(personnummer[6:8])
        born = dt.date(year, month, dd - 60 if dd > 60 else dd)
    except ValueError:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_minor(person, day: dt.date | None) -> bool:
    age = age_on(getattr(person, "personnummer", None), day)
    return age is not None and age < 18


def represents(participant, person, day: dt.date | None) -> bool:
    """True when the participant speaks for the person: a representative by role; a foster
    parent, who cares for a placed child day to day; or – for a child – a relative recorded
    before roles existed (the guardians of older plans)."""
    role = role_of(participant)
    if role in REPRESENTATIVES or role is ParticipantRole.FOSTER_PARENT:
        return True
    return (
        role is ParticipantRole.RELATIVE
        and getattr(participant, "role", None) is None
        and is_minor(person, day)
    )


def took_part(participants: Iterable, person, day: dt.date | None) -> tuple[bool, bool]:
    """(the person took part, the person took part or was represented) in a meeting."""
    present = represented = False
    for p in participants:
        if p.attendance not in TOOK_PART:
            continue
        if role_of(p) is ParticipantRole.PERSON:
            present = represented = True
        elif represents(p, person, day):
            represented = True
    return present, represented


def person_participant(case, meeting):
    """The participant who is the person, or None."""
    return next((p for p in meeting.participants if role_of(p) is ParticipantRole.PERSON), None)


def not_answered(meeting) -> list[str]:
    """Ids of invitees whose reply is still missing (for the chair to chase)."""
    replies = {pa.participant_id: pa for pa in meeting.preparation.planned_attendance}
    out = []
    for p in meeting.participants:
        if role_of(p) is ParticipantRole.PERSON:
            continue
        pa = replies.get(p.id)
        if pa is None or Reply(pa.reply) is Reply.NO_ANSWER:
            out.append(p.id)
    return out


def own_view_in_own_words(plan) -> bool:
    """The plan records the person's own view, marked as the person's own words."""
    return bool(plan.own_view.strip()) and plan.own_view_source == OwnViewSource.PERSON


def received_plan(meeting) -> bool:
    """The person (or their representative) was handed the plan: an own copy printed or saved."""
    return any(h.own_copy for h in meeting.handouts)


# --- operations (what the window and scripts call; each returns a Change) --------------------

PREPARATION_TEXTS = ("prepared_by", "prepared_how", "not_invited", "voice_note", "told_after")


def set_preparation_text(meeting, name: str, value: str):
    """One of the preparation-with-the-person texts (PREPARATION_TEXTS)."""
    from sipdesk.model.changes import Change
    from sipdesk.model.editing import _check_text

    if name not in PREPARATION_TEXTS:
        raise KeyError(name)
    setattr(meeting.preparation, name, _check_text(value))
    return Change("preparation", name)


def set_voice(meeting, value: Voice | str | None):
    from sipdesk.model.changes import Change

    meeting.preparation.voice_if_absent = Voice(value) if value else None
    return Change("preparation", "voice_if_absent")


def set_reply(meeting, participant_id: str, name: str, value):
    """An invitee's reply: `name` is "reply", "reason", "invited_on" or "left_early_at"."""
    from sipdesk.model.changes import Change
    from sipdesk.model.editing import _check_text, planned

    entry = planned(meeting, participant_id)
    if name == "reply":
        entry.reply = Reply(value) if value else Reply.NO_ANSWER
    elif name == "reason":
        entry.reason = _check_text(value)
    elif name == "invited_on":
        entry.invited_on = value
    elif name == "left_early_at":
        entry.left_early_at = value
    else:
        raise KeyError(name)
    return Change("participant", participant_id)


def set_role(meeting, participant_id: str, value: ParticipantRole | str | None):
    from sipdesk.model.changes import Change
    from sipdesk.model.editing import _find

    participant = next((p for p in meeting.participants if p.id == participant_id), None)
    if participant is None:
        _find(meeting.participants, participant_id, "participant")  # raises the usual error
    participant.role = ParticipantRole(value) if value else None
    return Change("participant", participant_id)


def set_own_view_source(plan, value: OwnViewSource | str | None):
    from sipdesk.model.changes import Change

    plan.own_view_source = OwnViewSource(value) if value else None
    return Change("field", "own_view")


def add_person(case, meeting) -> None:
    """Put the person first on the participants list unless already there (a new case, or an
    older plan opened for a new meeting): the person takes part by construction."""
    from sipdesk.model.entities import Participant

    if person_participant(case, meeting) is not None:
        return
    meeting.participants.insert(
        0, Participant(name=case.person.name, role=ParticipantRole.PERSON)
    )


# --- the check (quality.check adds these; plain tuples keep this module free of quality) ----


def findings(case, meeting, planned: bool) -> list[tuple[str, str, str, str]]:
    """(severity, code, path, message) for what the plan lacks in the person's participation.

    `planned`: the meeting has not been held yet (replies still matter).
    """
    from sipdesk.i18n import _

    out: list[tuple[str, str, str, str]] = []
    people = meeting.participants
    day = meeting.date
    has_person = any(role_of(p) is ParticipantRole.PERSON for p in people)
    has_representative = any(represents(p, case.person, day) for p in people)
    if not has_person and not has_representative:
        out.append(("warning", "person.not_participant", "participants", _(
            "Neither the person nor a representative is among the participants: add the person "
            "first on the list.")))  # fmt: skip
    present, represented = took_part(people, case.person, day)
    prep = meeting.preparation
    if (
        not planned
        and not represented
        and prep.voice_if_absent is None
        and not prep.told_after.strip()
    ):
        out.append(("warning", "person.not_heard", "preparation.told_after", _(
            "Neither the person nor a representative took part: write how the person's voice "
            "reached the meeting and how they will be told.")))  # fmt: skip
    if prep.prepared_with_person is not True and not prep.prepared_by.strip():
        out.append(("hint", "person.not_prepared", "preparation.prepared_with_person", _(
            "Nothing says the meeting was prepared with the person (3 in 100 plans do): note who "
            "prepared it with them and how.")))  # fmt: skip
    if meeting.plan.own_view.strip() and meeting.plan.own_view_source is None:
        out.append(("warning", "own_view.source", "plan.own_view", _(
            "Say whose words the own view is: the person's own, a representative's, or to be "
            "asked later.")))  # fmt: skip
    if planned:
        waiting = not_answered(meeting)
        if waiting:
            out.append(("warning", "invitees.not_answered", "participants", _(
                "{n} invitee(s) have not answered the invitation.").format(n=len(waiting))))
    return out
