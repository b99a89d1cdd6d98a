"""Data kept with a meeting beyond the plan: the meeting circle's state and the preparation.

Plain dataclasses only (the logic is in `meeting.py` and `preparation.py`), so the plan file,
the store and the schema carry them like every other entity. Every field has a default, so plan
files written before these existed still read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sipdesk.i18n import N_
from sipdesk.model.enums import Attendance, _Labelled
from sipdesk.model.participation import Reply, Voice

PART_KEYS: tuple[str, ...] = ("opening", "situation", "needs", "summary", "closing")
DEFAULT_SHARES: tuple[int, ...] = (10, 20, 45, 15, 10)


def _new_id() -> str:
    import uuid

    return uuid.uuid4().hex[:12]


class NoteKind(_Labelled):
    """A dated note the chair makes during the meeting (SIP.md §3, chair techniques)."""

    RADRUM = "radrum"
    SAMRAD = "samrad"
    PAUSE = "pause"
    DISAGREEMENT = "disagreement"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "radrum": N_("Rådrum – the professionals consult"),
            "samrad": N_("Samråd offered to the parents"),
            "pause": N_("Pause"),
            "disagreement": N_("Disagreement recorded"),
        }


@dataclass
class PartRecord:
    """One part of the meeting circle: time actually spent, prompts ticked, who has spoken."""

    key: str
    spent_seconds: int = 0  # closed stretches of time; the running one is in CircleState
    ticked: list[str] = field(default_factory=list)  # prompt keys
    spoken: list[str] = field(default_factory=list)  # speaker ids in the current round
    rounds: int = 0  # completed "go round the table" rounds


@dataclass
class CircleNote:
    """A dated note: rådrum (with the new time set), samråd, a pause, a disagreement."""

    kind: NoteKind
    on: dt.date | None = None
    at: dt.time | None = None
    part: str = ""
    text: str = ""
    id: str = field(default_factory=_new_id)


def _default_parts() -> list[PartRecord]:
    return [PartRecord(key) for key in PART_KEYS]


@dataclass
class CircleState:
    """The meeting circle as it stands: shares of the time, current part, the clock's record.

    `started_at` is the moment the meeting started (UTC, ISO 8601, whole seconds);
    `running_since` counts seconds from that moment to when the running stretch began.
    """

    shares: list[int] = field(default_factory=lambda: list(DEFAULT_SHARES))  # percent per part
    current: int = 0  # index into PART_KEYS
    started_at: str = ""  # e.g. "2026-03-05T12:00:07Z"; empty until the meeting starts
    running_since: int | None = None  # seconds after started_at; None while paused
    finished: bool = False
    parts: list[PartRecord] = field(default_factory=_default_parts)
    notes: list[CircleNote] = field(default_factory=list)


@dataclass
class PlannedAttendance:
    """An invitee's invitation and reply, and how they plan to take part (the actual way is on
    the participant). `left_early_at`: the time they left, when they left before the end."""

    participant_id: str
    attendance: Attendance = Attendance.IN_PERSON
    invited_on: dt.date | None = None
    reply: Reply = Reply.NO_ANSWER
    reason: str = ""  # why not coming, in the invitee's words
    left_early_at: dt.time | None = None


@dataclass
class Adaptations:
    """What the meeting adapts for the person (SIP.md §2.3); interpreter need is on Person."""

    support_person: str = ""
    pauses: str = ""  # e.g. "a short pause every 30 minutes"
    partial_attendance: str = ""  # attending part of the meeting: which part, and why
    digital_participation: str = ""  # how the person or a relative joins from a distance
    other: str = ""


@dataclass
class Preparation:
    """The preparation before the meeting: adaptations and each invitee's planned attendance."""

    prepared_with_person: bool | None = None  # the person took part in preparing
    prepared_by: str = ""  # who prepared the meeting with the person
    prepared_how: str = ""  # e.g. "a home visit with pictures", "phone call with an interpreter"
    not_invited: str = ""  # whom the person does not want invited, in their words
    voice_if_absent: Voice | None = None  # how the person's voice reaches the meeting if absent
    voice_note: str = ""
    told_after: str = ""  # how the person will be told what was decided
    adaptations: Adaptations = field(default_factory=Adaptations)
    planned_attendance: list[PlannedAttendance] = field(default_factory=list)
