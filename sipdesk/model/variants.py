"""The SIP variants as the guide describes them: at discharge, for children, with state agencies.

Pure functions over the case (no Qt): the discharge countdown (lag 2017:612 – the fast
vårdkontakt calls the SIP meeting within three days of the patient being reported ready for
discharge), a child's age from the personnummer, and the plan-check findings of each variant.
`quality.check` calls the `*_findings` functions; each finding says why in one line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import TYPE_CHECKING

from sipdesk.i18n import _
from sipdesk.model import personnummer
from sipdesk.model.enums import AgencyAnswer, Attendance, ConsentRole, MeetingKind

if TYPE_CHECKING:
    from sipdesk.model.entities import Case, Consent, Meeting
    from sipdesk.model.quality import Finding

CALL_WITHIN_DAYS = 3  # lag (2017:612) 4 kap.: the fast vårdkontakt calls within three days
ADULT_AGE = 18
OWN_CONSENT_AGE = 15  # SIP.md §6: from about 15 the guardians' consent alone is not enough


# --- time --------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(number: str | None, day: dt.date) -> int | None:
    """Whole years of age on `day` from a personnummer (or samordningsnummer); None if unknown."""
    if not number:
        return None
    try:
        born = personnummer.birth_date(personnummer.normalize(number, today=day))
    except (personnummer.InvalidPersonnummer, ValueError):
        return None
    years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return years if years >= 0 else None


def call_deadline(meeting: Meeting) -> dt.date | None:
    """The last day the fast vårdkontakt may call a discharge SIP meeting, or None."""
    info = meeting.discharge
    if meeting.kind is not MeetingKind.DISCHARGE or info is None or info.ready_date is None:
        return None
    return info.ready_date + dt.timedelta(days=CALL_WITHIN_DAYS)


def days_left_to_call(meeting: Meeting, today: dt.date) -> int | None:
    """The countdown shown while the meeting is not yet called: days left (negative = late)."""
    deadline = call_deadline(meeting)
    if deadline is None or meeting.discharge.called_on is not None:
        return None
    return (deadline - today).days


def principal_heading(meeting: Meeting | None) -> str:
    """The word for the kommun/region column: 'Enhet' in a discharge plan (lag 2017:612 speaks
    of units), 'Huvudman' otherwise."""
    if meeting is not None and meeting.kind is MeetingKind.DISCHARGE:
        return _("Unit")
    return _("Principal")


def principal_or_actor_heading(meeting: Meeting | None) -> str:
    """The column over kommun/region or another actor: 'Enhet eller aktör' in a discharge plan."""
    if meeting is not None and meeting.kind is MeetingKind.DISCHARGE:
        return _("Unit or actor")
    return _("Principal or actor")


# --- findings ------------------------------------------------------------------------------


def _finding(severity: str, code: str, path: str, message: str, item_id: str | None = None):
    from sipdesk.model.quality import Finding, Severity

    return Finding(Severity(severity), code, path, message, item_id)


def discharge_findings(case: Case, meeting: Meeting, today: dt.date) -> list[Finding]:
    """SIP vid utskrivning: fast vårdkontakt and kontaktplats, the ready date, three days."""
    if meeting.kind is not MeetingKind.DISCHARGE:
        return []
    plan = meeting.plan
    out = []
    if not plan.care_contact.strip():
        out.append(
            _finding(
                "error",
                "discharge-care-contact",
                "plan.care_contact",
                _("A SIP at discharge names the fast vårdkontakt. Write who it is."),
            )
        )
    if not plan.contact_place.strip():
        out.append(
            _finding(
                "error",
                "discharge-contact-place",
                "plan.contact_place",
                _("A SIP at discharge names the kontaktplats. Write where the person turns."),
            )
        )
    deadline = call_deadline(meeting)
    if deadline is None:
        out.append(
            _finding(
                "warning",
                "discharge-ready-missing",
                "discharge" if meeting.discharge is None else "discharge.ready_date",
                _(
                    "The date the patient was reported ready for discharge is missing. Enter "
                    "it, so the three-day limit can be followed."
                ),
            )
        )
        return out
    called = meeting.discharge.called_on
    if called is not None and called > deadline:
        out.append(
            _finding(
                "warning",
                "discharge-three-days",
                "discharge.called_on",
                _(
                    "The meeting was called on {called}, after the three-day limit ({deadline}) "
                    "for the fast vårdkontakt. Note why in the plan."
                ).format(called=called.isoformat(), deadline=deadline.isoformat()),
            )
        )
    elif called is None and today > deadline:
        out.append(
            _finding(
                "warning",
                "discharge-three-days",
                "discharge.called_on",
                _(
                    "The three-day limit to call the meeting passed on {deadline} and no call is "
                    "recorded. Call the meeting now, or enter when it was called."
                ).format(deadline=deadline.isoformat()),
            )
        )
    return out


_NAMES_SPLIT = re.compile(r"\s+(?:och|and)\s+|[,&+]", re.I)
_BOTH = re.compile(r"\bbåda\b|\bföräldrar(na)?\b|\bvårdnadshavarna\b|\bboth\b", re.I)


def guardians_in(consent: Consent) -> int:
    """How many guardians one consent record stands for ("Sara Berg och Johan Berg" → 2)."""
    if _BOTH.search(consent.given_by) or _BOTH.search(consent.relation):
        return 2
    return max(1, len([p for p in _NAMES_SPLIT.split(consent.given_by) if p.strip()]))


def looks_like_decision(consent: Consent) -> bool:
    """A consent record that is really a care decision (LVU, LVM) – a decision is no consent."""
    text = f"{consent.given_by} {consent.relation}"
    return bool(re.search(r"\b(lvu|lvm)\b", text, re.I))


def children_findings(case: Case, meeting: Meeting, today: dt.date) -> list[Finding]:
    """A child's plan: both guardians' consent, the young person's own from 15 – unless a care
    decision (LVU) is the plan's basis."""
    day = meeting.date or today
    age = age_on(case.person.personnummer, day)
    if age is None or age >= ADULT_AGE or case.valid_decisions(day):
        return []
    consents = case.valid_consents(day)
    if not consents:
        return []  # no consent at all: the consent error says so
    out = []
    representative = any(c.role in (ConsentRole.GOD_MAN, ConsentRole.FORVALTARE) for c in consents)
    guardians = sum(guardians_in(c) for c in consents if c.role is ConsentRole.GUARDIAN)
    if not representative and not case.person.one_guardian and guardians < 2:
        out.append(
            _finding(
                "warning",
                "child-guardians",
                "consents",
                _(
                    "The person is a child ({age} years) with the consent of {n} guardian(s) "
                    "recorded; as a rule both consent. Record the other's, or mark one guardian."
                ).format(age=age, n=guardians),
            )
        )
    if age >= OWN_CONSENT_AGE and not any(c.role is ConsentRole.PERSON for c in consents):
        out.append(
            _finding(
                "warning",
                "child-own-consent",
                "consents",
                _(
                    "The person is {age}: from 15 the guardians' consent alone is not enough. "
                    "Record the young person's own consent."
                ).format(age=age),
            )
        )
    return out


def agency_findings(case: Case, meeting: Meeting) -> list[Finding]:
    """State agencies the social welfare board asked: an answer, and attendance when they said yes."""
    out = []
    for a, request in enumerate(meeting.agencies):
        at = f"agencies[{a}]"
        if request.requested_on is not None and request.answer is None:
            out.append(
                _finding(
                    "warning",
                    "agency-no-answer",
                    f"{at}.answer",
                    _(
                        "{agency} has not answered the request of {date}. Ask for their answer "
                        "before the meeting."
                    ).format(agency=request.agency.label, date=request.requested_on.isoformat()),
                    request.id,
                )
            )
        elif request.answer is AgencyAnswer.WILL_ATTEND:
            who = meeting.participant(request.participant_id)
            if who is None or who.attendance is Attendance.ABSENT:
                out.append(
                    _finding(
                        "warning",
                        "agency-absent",
                        f"{at}.participant_id",
                        _(
                            "{agency} said it would take part but is not among those who came. "
                            "Add its participant, or record the answer again."
                        ).format(agency=request.agency.label),
                        request.id,
                    )
                )
    return out
