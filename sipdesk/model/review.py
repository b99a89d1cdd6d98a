"""The follow-up review: the previous plan gone through point by point (SIP.md §2, step 7).

For each intervention of the previous plan version: carried out, partly, not, or ongoing, with a
comment; for each goal: reached, partly or not; then the decision – continue, revise, new plan or
close. The review is kept with the follow-up meeting (`Meeting.review`), keyed by the ids of the
previous version's goals and interventions, which `Case.start_follow_up` keeps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sipdesk.i18n import N_, _
from sipdesk.model.changes import Change
from sipdesk.model.enums import _Labelled

if TYPE_CHECKING:  # entities imports this module for the Meeting.review field
    from sipdesk.model.entities import Case, Meeting, Plan


class InterventionOutcome(_Labelled):
    DONE = "done"
    PARTLY = "partly"
    NOT_DONE = "not_done"
    ONGOING = "ongoing"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "done": N_("Carried out"),
            "partly": N_("Partly carried out"),
            "not_done": N_("Not carried out"),
            "ongoing": N_("Ongoing"),
        }


class GoalOutcome(_Labelled):
    REACHED = "reached"
    PARTLY = "partly"
    NOT_REACHED = "not_reached"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "reached": N_("Reached"),
            "partly": N_("Partly reached"),
            "not_reached": N_("Not reached"),
        }


class Decision(_Labelled):
    CONTINUE = "continue"
    REVISE = "revise"
    NEW_PLAN = "new_plan"
    CLOSE = "close"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "continue": N_("Continue the plan"),
            "revise": N_("Revise the plan"),
            "new_plan": N_("Make a new plan"),
            "close": N_("Close the plan"),
        }


@dataclass
class InterventionReview:
    """Was the intervention carried out as planned?"""

    intervention_id: str
    outcome: InterventionOutcome | None = None
    comment: str = ""


@dataclass
class GoalReview:
    """Was the goal reached?"""

    goal_id: str
    outcome: GoalOutcome | None = None
    comment: str = ""


@dataclass
class Review:
    """Uppföljning: the previous plan version reviewed point by point, and the decision."""

    of_version: int | None = None
    interventions: list[InterventionReview] = field(default_factory=list)
    goals: list[GoalReview] = field(default_factory=list)
    decision: Decision | None = None
    note: str = ""

    def for_intervention(self, intervention_id: str) -> InterventionReview | None:
        return next((r for r in self.interventions if r.intervention_id == intervention_id), None)

    def for_goal(self, goal_id: str) -> GoalReview | None:
        return next((r for r in self.goals if r.goal_id == goal_id), None)


def previous_meeting(case: Case, meeting: Meeting) -> Meeting | None:
    """The meeting before `meeting` in the case, whose plan a follow-up reviews."""
    for i, m in enumerate(case.meetings):
        if m is meeting:
            return case.meetings[i - 1] if i > 0 else None
    return None


def ensure_review(case: Case, meeting: Meeting) -> Review:
    """The meeting's review with a row for every goal and intervention of the previous plan.

    Answers already given are kept; rows for items no longer in the previous plan are dropped.
    Raises ValueError for a meeting with no previous plan (a first meeting reviews nothing).
    """
    meeting.review = review_view(case, meeting)
    return meeting.review


def review_view(case: Case, meeting: Meeting) -> Review:
    """What `ensure_review` would make, without changing the meeting: for showing a review
    that has not been started yet (the first answer then goes through an edit)."""
    previous = previous_meeting(case, meeting)
    if previous is None:
        raise ValueError(_("A first meeting has no earlier plan to review."))
    old = meeting.review or Review()
    plan = previous.plan
    return Review(
        of_version=plan.version,
        goals=[old.for_goal(g.id) or GoalReview(g.id) for g in plan.goals],
        interventions=[
            old.for_intervention(i.id) or InterventionReview(i.id) for i in plan.interventions()
        ],
        decision=old.decision,
        note=old.note,
    )


# --- edits (each returns the Change, so the chair's window can run it as one undo step) ------


def _answer(case: Case, meeting: Meeting, kind: str, item_id: str):
    rev = ensure_review(case, meeting)
    answer = rev.for_goal(item_id) if kind == "goal" else rev.for_intervention(item_id)
    if answer is None:
        raise ValueError(_("That point is not in the plan under review any more."))
    return answer


def set_outcome(case: Case, meeting: Meeting, kind: str, item_id: str, value: str | None) -> Change:
    """Set how a goal ("goal") or an intervention ("intervention") of the previous plan went."""
    answer = _answer(case, meeting, kind, item_id)
    enum = GoalOutcome if kind == "goal" else InterventionOutcome
    answer.outcome = enum(value) if value else None
    return Change("review", item_id)


def set_comment(case: Case, meeting: Meeting, kind: str, item_id: str, text: str) -> Change:
    _answer(case, meeting, kind, item_id).comment = text
    return Change("review", item_id)


def set_decision(case: Case, meeting: Meeting, value: str | None) -> Change:
    """The follow-up's decision: continue, revise, new plan or close (None: not decided)."""
    ensure_review(case, meeting).decision = Decision(value) if value else None
    return Change("review", "decision")


def set_note(case: Case, meeting: Meeting, text: str) -> Change:
    ensure_review(case, meeting).note = text
    return Change("review", "note")


def unanswered(review: Review) -> int:
    """How many goals and interventions still lack an outcome, plus one for a missing decision."""
    missing = sum(r.outcome is None for r in review.goals)
    missing += sum(r.outcome is None for r in review.interventions)
    return missing + (review.decision is None)


@dataclass(frozen=True)
class ReviewRow:
    """One printable row of the review table: a goal, or an intervention under it."""

    kind: str  # "goal" or "intervention"
    text: str
    responsible: str
    outcome: str
    comment: str


def review_rows(case: Case, meeting: Meeting, redact=None) -> list[ReviewRow]:
    """The review table for print or screen, in the previous plan's order.

    `redact` (a `Redactor.text`) masks a protected person's name in the texts; the PDF passes it.
    """
    previous = previous_meeting(case, meeting)
    review = meeting.review
    if previous is None or review is None:
        return []
    mask = redact or (lambda s: s)
    rows = []
    for goal in previous.plan.goals:
        answer = review.for_goal(goal.id)
        rows.append(
            ReviewRow(
                "goal",
                mask(goal.text),
                "",
                answer.outcome.label if answer and answer.outcome else "",
                mask(answer.comment) if answer else "",
            )
        )
        for item in goal.interventions:
            answer_i = review.for_intervention(item.id)
            who = ", ".join(r.name for r in item.responsible if r.name.strip())
            if item.principal is not None:
                who = f"{who} ({item.principal.label})" if who else item.principal.label
            rows.append(
                ReviewRow(
                    "intervention",
                    mask(item.what),
                    mask(who),
                    answer_i.outcome.label if answer_i and answer_i.outcome else "",
                    mask(answer_i.comment) if answer_i else "",
                )
            )
    return rows


def review_headers() -> tuple[str, str, str, str]:
    """Column titles of the review table, translated."""
    return (_("Goal / intervention"), _("Responsible"), _("Outcome"), _("Comment"))


def goals_reached_share(review: Review) -> float | None:
    """Share of reviewed goals fully reached (SIP.md §7: 37 % nationally); None if none answered."""
    answered = [r for r in review.goals if r.outcome is not None]
    if not answered:
        return None
    return sum(r.outcome is GoalOutcome.REACHED for r in answered) / len(answered)


def plan_for_version(case: Case, version: int) -> Plan | None:
    return next((m.plan for m in case.meetings if m.plan.version == version), None)
