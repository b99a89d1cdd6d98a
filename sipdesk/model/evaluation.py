"""The post-meeting evaluation (SIP.md §9): survey items per role, answers, and their aggregate.

Answers are kept with no link to the case: the month, the kind of meeting, the respondent's role
and one answer per item code. No names and no free text, so the aggregate can be shown and
exported freely. Only the month is kept, not the day: a day would let anyone with the case list
match a response to the one or two meetings held that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sipdesk.i18n import N_, _
from sipdesk.model.enums import MeetingKind, _Labelled


class Role(_Labelled):
    PERSON = "person"
    RELATIVE = "relative"
    PROFESSIONAL = "professional"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "person": N_("The person"),
            "relative": N_("Relative or guardian"),
            "professional": N_("Professional"),
        }


class Answer(_Labelled):
    FULLY = "fully"
    PARTLY = "partly"
    NOT = "not"
    DONT_KNOW = "dont_know"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "fully": N_("Fully agree"),
            "partly": N_("Partly agree"),
            "not": N_("Do not agree"),
            "dont_know": N_("Don't know"),
        }

    @property
    def score(self) -> float | None:
        """1 for fully, ½ for partly, 0 for not; "don't know" is left out of averages."""
        return {"fully": 1.0, "partly": 0.5, "not": 0.0}.get(self.value)


# The Uppsala items (SIP.md §9), by stable code, worded for each role. The person answers in the
# first person; a relative or guardian answers about the person ("min närstående"); a
# professional answers "enligt min bedömning" about the person, so the person's and the
# professionals' answers to one code measure the same thing from two sides (the gap the sources
# report: professionals rate participation higher than the people themselves do).
# English source text; the Swedish catalog holds the wording of the survey itself.
_P, _R, _S = "person", "relative", "professional"
ITEMS: dict[str, dict[str, str]] = {
    "prepared": {
        _P: N_("I took part in preparing the meeting"),
        _R: N_("I took part in preparing the meeting"),
        _S: N_("In my judgement the person took part in preparing the meeting"),
    },
    "my_needs": {
        _P: N_("The meeting was about my needs"),
        _R: N_("The meeting was about my relative's needs"),
        _S: N_("In my judgement the meeting was about the person's needs"),
    },
    "listened": {
        _P: N_("I was listened to"),
        _R: N_("I was listened to"),
        _S: N_("In my judgement the person was listened to"),
    },
    "answers": {
        _P: N_("I got answers to my questions"),
        _R: N_("I got answers to my questions"),
    },
    "took_part": {
        _P: N_("I took part in drawing up the plan"),
        _R: N_("I took part in drawing up the plan"),
        _S: N_("In my judgement the person took part in drawing up the plan"),
    },
    "clear_decided": {
        _P: N_("It is clear to me what was decided"),
        _R: N_("It is clear to me what was decided"),
        _S: N_("It is clear to me what was decided"),
    },
    "who_does_what": {
        _P: N_("I know who is responsible for what"),
        _R: N_("I know who is responsible for what"),
        _S: N_("I know who is responsible for what"),
    },
    "purpose": {_S: N_("I knew what the purpose of the meeting was")},
    "my_measures": {_S: N_("I know which measures I am responsible for")},
    "coordination": {
        _S: N_("It is clear who has the continued responsibility for coordination"),
    },
    "follow_up_when": {_S: N_("It is clear when the follow-up meeting will be held")},
    "received_plan": {
        _P: N_("I received the plan from the last meeting"),
        _R: N_("My relative received the plan from the last meeting"),
    },
    "carried_out": {
        _P: N_("What we planned at the last SIP meeting has been carried out"),
        _R: N_("What we planned at the last SIP meeting has been carried out"),
        _S: N_("What we planned at the last SIP meeting has been carried out"),
    },
    "goals_reached": {
        _P: N_("The goals set at the last SIP meeting have been reached"),
        _R: N_("The goals set at the last SIP meeting have been reached"),
        _S: N_("The goals set at the last SIP meeting have been reached"),
    },
    "coordinated": {
        _P: N_("The SIP has meant that my support is coordinated"),
        _R: N_("The SIP has meant that my relative's support is coordinated"),
        _S: N_("In my judgement the SIP has meant that the person's support is coordinated"),
    },
}
_FOLLOW_UP_ONLY = ("received_plan", "carried_out", "goals_reached", "coordinated")


def items_for(role: Role, kind: MeetingKind) -> list[str]:
    """The item codes a respondent of `role` answers after a meeting of `kind`, in order."""
    return [
        code
        for code, texts in ITEMS.items()
        if role.value in texts
        and (kind is MeetingKind.FOLLOW_UP or code not in _FOLLOW_UP_ONLY)
    ]


def item_text(code: str, role: Role = Role.PERSON) -> str:
    """The item's wording for `role`; for an item the role is not asked, the first wording."""
    texts = ITEMS[code]
    return _(texts.get(role.value) or next(iter(texts.values())))


@dataclass(frozen=True)
class Response:
    """One respondent's answers; `answers` maps item codes to answers (unanswered items absent)."""

    answered_on: dt.date
    meeting_kind: MeetingKind
    role: Role
    answers: dict[str, Answer]


def validate(response: Response) -> None:
    """Raise ValueError when an answer is for an item this role was not asked, or none given."""
    allowed = set(items_for(response.role, response.meeting_kind))
    stray = set(response.answers) - allowed
    if stray:
        raise ValueError(f"items not asked of this role: {sorted(stray)}")
    if not response.answers:
        raise ValueError(_("Answer at least one statement, or close without saving."))


def month_of(day: dt.date) -> dt.date:
    """The first day of `day`'s month: the only date a response keeps."""
    return day.replace(day=1)


def save(store, response: Response) -> None:
    """Keep a response in the store, unlinked from any case and dated by month only."""
    validate(response)
    store.add_evaluation(
        month_of(response.answered_on),
        response.meeting_kind.value,
        response.role.value,
        {k: v.value for k, v in response.answers.items()},
    )


def load(store, start: dt.date | None = None, end: dt.date | None = None) -> list[Response]:
    """Responses of the months the period touches; rows with values this version does not
    know are skipped."""
    out = []
    for day, kind, role, answers in store.evaluations(start and month_of(start), end):
        try:
            out.append(
                Response(
                    day,
                    MeetingKind(kind),
                    Role(role),
                    {k: Answer(v) for k, v in answers.items() if k in ITEMS},
                )
            )
        except ValueError:
            continue
    return out


@dataclass(frozen=True)
class ItemSummary:
    """The aggregate of one item: counts per answer, and the average score (0–1) if any."""

    code: str
    counts: dict[Answer, int]
    average: float | None

    @property
    def answered(self) -> int:
        return sum(self.counts.values())


def aggregate(responses: list[Response], role: Role | None = None) -> list[ItemSummary]:
    """Per item (in the survey's order): counts and the average over the known answers."""
    chosen = [r for r in responses if role is None or r.role is role]
    out = []
    for code in ITEMS:
        counts = dict.fromkeys(Answer, 0)
        for r in chosen:
            if code in r.answers:
                counts[r.answers[code]] += 1
        if not sum(counts.values()):
            continue
        scored = [a.score for a, n in counts.items() for _i in range(n) if a.score is not None]
        average = sum(scored) / len(scored) if scored else None
        out.append(ItemSummary(code, counts, average))
    return out


def by_role(responses: list[Response]) -> list[tuple[str, dict[Role, ItemSummary]]]:
    """Per item (in the survey's order): the aggregate of each role that answered it, side by
    side – never one average over roles, which would hide the gap between the person's and
    the professionals' view of the same thing."""
    per_role = {role: {s.code: s for s in aggregate(responses, role)} for role in Role}
    out = []
    for code in ITEMS:
        row = {role: per_role[role][code] for role in Role if code in per_role[role]}
        if row:
            out.append((code, row))
    return out
