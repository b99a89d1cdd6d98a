"""The closed vocabularies of a SIP: kinds, principals, attendance, consent forms, statuses.

Each value is a stable string (used in the plan file and the store); `label` gives the
translated text for people.
"""

from __future__ import annotations

from enum import StrEnum

from sipdesk.i18n import N_, _


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _(self._labels()[self.value])

    @classmethod
    def _labels(cls) -> dict[str, str]:  # pragma: no cover - overridden
        raise NotImplementedError


class MeetingKind(_Labelled):
    FIRST = "first"
    FOLLOW_UP = "follow_up"
    DISCHARGE = "discharge"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "first": N_("First meeting"),
            "follow_up": N_("Follow-up"),
            "discharge": N_("SIP at discharge"),
        }


class MeetingStatus(_Labelled):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    HELD = "held"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"planned": N_("Planned"), "in_progress": N_("In progress"), "held": N_("Held")}


class Principal(_Labelled):
    """The huvudman an intervention or a participant belongs to: in the law only the municipality
    and the region are huvudmän (SIP.md §1, law points 2 and 4). Everyone else is an `Actor`."""

    KOMMUN = "kommun"
    REGION = "region"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"kommun": N_("Municipality"), "region": N_("Region")}


class Actor(_Labelled):
    """Who carries an intervention out, or whom an invitee represents (utförare), apart from the
    huvudman: the person, a relative, school, a state agency, a private provider … (law point 3:
    åtgärder som vidtas av någon annan)."""

    PERSON = "person"
    RELATIVE = "relative"
    GOD_MAN = "god_man"
    SCHOOL = "school"
    FORSAKRINGSKASSAN = "forsakringskassan"
    ARBETSFORMEDLINGEN = "arbetsformedlingen"
    SIS = "sis"
    KRIMINALVARDEN = "kriminalvarden"
    PRIVATE = "private"
    NGO = "ngo"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "person": N_("The person"),
            "relative": N_("Relative or guardian"),
            "god_man": N_("God man, förvaltare or ombud"),
            "school": N_("School or preschool"),
            "forsakringskassan": N_("Försäkringskassan"),
            "arbetsformedlingen": N_("Arbetsförmedlingen"),
            "sis": N_("SiS (Statens institutionsstyrelse)"),
            "kriminalvarden": N_("Kriminalvården"),
            "private": N_("Private provider"),
            "ngo": N_("Civil society organisation"),
            "other": N_("Other actor"),
        }


class InitiatedBy(_Labelled):
    """Who asked for the SIP, as a kind (the figures' "initiated by" breakdown, issue 17 after
    the Uppsala evaluation instrument): never a name, so a count per kind is no personal data.
    Either huvudman, or the person, a relative, the school, or another actor may ask (SoL 10 kap.
    8 §, HSL 16 kap. 4 §: the plan is drawn up when the huvudmän or the person see the need)."""

    PERSON = "person"
    RELATIVE = "relative"
    KOMMUN = "kommun"
    REGION = "region"
    SCHOOL = "school"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "person": N_("The person"),
            "relative": N_("Relative, guardian or family home"),
            "kommun": N_("Municipality (social services, municipal health care)"),
            "region": N_("Region (health care)"),
            "school": N_("School or preschool"),
            "other": N_("Another actor (e.g. Försäkringskassan)"),
        }


# State agencies the social welfare board can ask to take part (SIP.md §1: Försäkringskassan and
# Arbetsförmedlingen must, from 1 Feb 2027); SiS and Kriminalvården take the same shape.
AGENCIES = (Actor.FORSAKRINGSKASSAN, Actor.ARBETSFORMEDLINGEN, Actor.SIS, Actor.KRIMINALVARDEN)


class ConsentRole(_Labelled):
    """In what capacity a consent was given (SIP.md §6)."""

    PERSON = "person"
    GUARDIAN = "guardian"
    GOD_MAN = "god_man"
    FORVALTARE = "forvaltare"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "person": N_("The person themselves"),
            "guardian": N_("Guardian"),
            "god_man": N_("God man"),
            "forvaltare": N_("Förvaltare"),
            "other": N_("Other representative"),
        }


class DecisionKind(_Labelled):
    """A decision that is the plan's basis instead of a consent (care without consent)."""

    LVU = "lvu"
    LVM = "lvm"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "lvu": N_("Care under LVU"),
            "lvm": N_("Care under LVM"),
        }


class AgencyAnswer(_Labelled):
    """A state agency's answer to the social welfare board's request to take part."""

    WILL_ATTEND = "will_attend"
    WRITTEN_ONLY = "written_only"
    DECLINED = "declined"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "will_attend": N_("Will take part"),
            "written_only": N_("Sends a written statement"),
            "declined": N_("Declined"),
        }


class Attendance(_Labelled):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"
    WRITTEN = "written"
    ABSENT = "absent"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "in_person": N_("In person"),
            "phone": N_("By phone"),
            "video": N_("By video"),
            "written": N_("Written statement only"),
            "absent": N_("Invited, did not attend"),
        }


class ConsentForm(_Labelled):
    ORAL = "oral"
    WRITTEN = "written"
    PRESUMED = "presumed"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"oral": N_("Oral"), "written": N_("Written"), "presumed": N_("Presumed")}


class CaseStatus(_Labelled):
    PREPARING = "preparing"
    ACTIVE = "active"
    CLOSED = "closed"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"preparing": N_("Preparing"), "active": N_("Active"), "closed": N_("Closed")}


class ClosingReason(_Labelled):
    GOALS_MET = "goals_met"
    NO_LONGER_NEEDED = "no_longer_needed"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "goals_met": N_("Goals met"),
            "no_longer_needed": N_("Coordination no longer needed"),
            "consent_withdrawn": N_("Consent withdrawn"),
            "other": N_("Other reason"),
        }
