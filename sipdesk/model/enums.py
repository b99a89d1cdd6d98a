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
    """Who a participant or an intervention belongs to (SIP.md §1: law points 2 and 3)."""

    KOMMUN = "kommun"
    REGION = "region"
    OTHER = "other"
    PERSON = "person"
    RELATIVE = "relative"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "kommun": N_("Municipality"),
            "region": N_("Region"),
            "other": N_("Other actor"),
            "person": N_("The person"),
            "relative": N_("Relative or guardian"),
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
