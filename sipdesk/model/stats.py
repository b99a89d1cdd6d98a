"""Figures for coordinators (SIP.md §7, §9): counts and shares per period, with no personal data.

Everything here is a number or a fixed label; no name, personnummer or text written in a plan
ever reaches a figure. Meetings count in the period of their date and only once held.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from sipdesk.i18n import N_, _
from sipdesk.model import evaluation
from sipdesk.model.entities import Case
from sipdesk.model.enums import Actor, Attendance, MeetingKind, MeetingStatus
from sipdesk.model.review import GoalOutcome

# A follow-up counts as on time when held no later than this many days after the booked date:
# bookings move by a week or two for holidays and illness without the plan being neglected.
ON_TIME_GRACE_DAYS = 14
_TOOK_PART = (Attendance.IN_PERSON, Attendance.PHONE, Attendance.VIDEO)


@dataclass(frozen=True)
class Share:
    """`count` of `total`; `percent` is None when there is nothing to divide by."""

    count: int = 0
    total: int = 0

    @property
    def percent(self) -> float | None:
        return 100.0 * self.count / self.total if self.total else None


@dataclass(frozen=True)
class Figures:
    """The coordinator's figures for one period (either end may be open)."""

    start: dt.date | None
    end: dt.date | None
    first_meetings: int = 0  # SIPs drawn up (AU124)
    discharge_meetings: int = 0  # SIPs at discharge (AU125)
    follow_ups: int = 0  # follow-ups held (AW010)
    closed: int = 0
    person_present: Share = Share()
    own_view: Share = Share()
    follow_up_date_set: Share = Share()
    on_time: Share = Share()
    goals_reached: Share = Share()
    by_month: list[tuple[str, int, int]] = field(default_factory=list)  # (YYYY-MM, new, follow-up)
    evaluation: list[evaluation.ItemSummary] = field(default_factory=list)
    # median days from the request for a SIP to its first meeting (work starts "genast")
    days_to_first_meeting: int | None = None


def _in(day: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    if day is None:
        return False
    return (start is None or day >= start) and (end is None or day <= end)


@dataclass(frozen=True)
class MeetingFacts:
    """What the figures need from one held meeting – numbers and flags, no text."""

    kind: MeetingKind
    date: dt.date
    person_took_part: bool
    own_view: bool
    follow_up_date: dt.date | None
    goals_answered: int = 0
    goals_reached: int = 0


@dataclass(frozen=True)
class CaseFacts:
    """A case reduced to its held meetings (in order) and its closing day."""

    meetings: tuple[MeetingFacts, ...]
    closed_on: dt.date | None = None
    requested_on: dt.date | None = None  # the initiative's date


def facts(case: Case) -> CaseFacts:
    """The facts of a decoded case."""
    out = []
    for m in case.meetings:
        if m.status is not MeetingStatus.HELD or m.date is None:
            continue
        answered = [g for g in m.review.goals if g.outcome is not None] if m.review else []
        out.append(
            MeetingFacts(
                m.kind,
                m.date,
                any(
                    p.actor is Actor.PERSON and p.attendance in _TOOK_PART
                    for p in m.participants
                ),
                bool(m.plan.own_view.strip()),
                m.plan.follow_up.date if m.plan.follow_up else None,
                len(answered),
                sum(g.outcome is GoalOutcome.REACHED for g in answered),
            )
        )
    return CaseFacts(
        tuple(out),
        case.closing.date if case.closing else None,
        case.initiative.on if case.initiative else None,
    )


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def facts_from_documents(case_doc: dict, meeting_docs: list[dict]) -> CaseFacts:
    """The facts straight from the store's JSON documents (as `codec.encode` wrote them),
    without decoding the whole case: ten times cheaper over thousands of cases."""
    took_part = {a.value for a in _TOOK_PART}
    out = []
    for m in meeting_docs:
        day = _day(m.get("date"))
        if m.get("status") != MeetingStatus.HELD.value or day is None:
            continue
        plan = m.get("plan") or {}
        booking = plan.get("follow_up") or {}
        goals = ((m.get("review") or {}).get("goals")) or []
        answered = [g for g in goals if g.get("outcome")]
        out.append(
            MeetingFacts(
                MeetingKind(m.get("kind", MeetingKind.FIRST.value)),
                day,
                any(
                    p.get("actor") == Actor.PERSON.value
                    and p.get("attendance") in took_part
                    for p in m.get("participants") or []
                ),
                bool((plan.get("own_view") or "").strip()),
                _day(booking.get("date")),
                len(answered),
                sum(g.get("outcome") == GoalOutcome.REACHED.value for g in answered),
            )
        )
    closing = case_doc.get("closing") or {}
    initiative = case_doc.get("initiative") or {}
    return CaseFacts(tuple(out), _day(closing.get("date")), _day(initiative.get("on")))


def compute(
    cases: Iterable[Case | CaseFacts],
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
    responses: list[evaluation.Response] | None = None,
) -> Figures:
    """The figures over `cases` for meetings dated from `start` to `end` (inclusive)."""
    today = today or dt.date.today()
    first = discharge = follow = closed = 0
    present, own, booked, on_time, reached = [0, 0], [0, 0], [0, 0], [0, 0], [0, 0]
    months: dict[str, list[int]] = {}
    waits: list[int] = []
    for item in cases:
        case = item if isinstance(item, CaseFacts) else facts(item)
        if _in(case.closed_on, start, end):
            closed += 1
        meetings = case.meetings
        if meetings and case.requested_on and _in(meetings[0].date, start, end):
            if meetings[0].kind is not MeetingKind.FOLLOW_UP and meetings[0].date >= case.requested_on:
                waits.append((meetings[0].date - case.requested_on).days)
        for i, meeting in enumerate(meetings):
            if _in(meeting.date, start, end):
                month = months.setdefault(meeting.date.strftime("%Y-%m"), [0, 0])
                if meeting.kind is MeetingKind.FOLLOW_UP:
                    follow += 1
                    month[1] += 1
                    reached[1] += meeting.goals_answered
                    reached[0] += meeting.goals_reached
                else:
                    month[0] += 1
                    if meeting.kind is MeetingKind.DISCHARGE:
                        discharge += 1
                    else:
                        first += 1
                present[1] += 1
                present[0] += meeting.person_took_part
                own[1] += 1
                own[0] += meeting.own_view
                ends_here = case.closed_on is not None and i == len(meetings) - 1
                if not ends_here:
                    booked[1] += 1
                    booked[0] += meeting.follow_up_date is not None
            _count_on_time(case, i, start, end, today, on_time)
    responses = responses or []
    # responses are dated by month (evaluation.month_of): a period counts the months it touches
    month_start = evaluation.month_of(start) if start else None
    chosen = [r for r in responses if _in(r.answered_on, month_start, end)]
    return Figures(
        start,
        end,
        first,
        discharge,
        follow,
        closed,
        Share(*present),
        Share(*own),
        Share(*booked),
        Share(*on_time),
        Share(*reached),
        [(k, v[0], v[1]) for k, v in sorted(months.items())],
        evaluation.aggregate(chosen),
        sorted(waits)[len(waits) // 2] if waits else None,
    )


def _count_on_time(case: CaseFacts, i: int, start, end, today, tally) -> None:
    """A follow-up booked for a day in the period (and already past its grace) is due; it is on
    time when the next meeting held is by the booked day plus the grace."""
    meetings = case.meetings
    due = meetings[i].follow_up_date
    if due is None or not _in(due, start, end):
        return
    deadline = due + dt.timedelta(days=ON_TIME_GRACE_DAYS)
    following = meetings[i + 1] if i + 1 < len(meetings) else None
    done = following is not None and following.date <= deadline
    if not done and case.closed_on is not None and case.closed_on <= deadline:
        return  # closed instead: no follow-up was owed
    if not done and deadline >= today:
        return  # still within its time
    tally[1] += 1
    tally[0] += done


def from_store(store, start=None, end=None, today=None) -> Figures:
    """The figures over every case in the store and the evaluations of the period."""
    cases = (facts_from_documents(c, ms) for c, ms in store.iter_documents())
    return compute(cases, start, end, today, evaluation.load(store, start, end))


# --- output ----------------------------------------------------------------------------------

METRICS = (
    ("first_meetings", N_("SIPs drawn up (first meetings, AU124)")),
    ("discharge_meetings", N_("SIPs at discharge (AU125)")),
    ("follow_ups", N_("Follow-ups held (AW010)")),
    ("closed", N_("Plans closed")),
    ("on_time", N_("Followed up on time")),
    ("person_present", N_("The person took part in the meeting")),
    ("own_view", N_("The person's own view recorded")),
    ("follow_up_date_set", N_("Follow-up date set")),
    ("goals_reached", N_("Goals reached at follow-up")),
    ("days_to_first_meeting", N_("Days from request to first meeting (median)")),
)


def rows(figures: Figures) -> list[tuple[str, str, str, int, int | None]]:
    """(code, label, shown value, count, total or None) for each metric, then evaluation items."""
    out: list[tuple[str, str, str, int, int | None]] = []
    for code, label in METRICS:
        value = getattr(figures, code)
        if isinstance(value, Share):
            shown = "–" if value.percent is None else f"{value.percent:.0f} %"
            out.append((code, _(label), shown, value.count, value.total))
        elif value is None:  # a median of nothing
            out.append((code, _(label), "–", 0, None))
        else:
            out.append((code, _(label), str(value), value, None))
    for item in figures.evaluation:
        shown = "–" if item.average is None else f"{100 * item.average:.0f} %"
        out.append(
            (f"eval.{item.code}", evaluation.item_text(item.code), shown, item.answered, None)
        )
    return out


def to_csv(figures: Figures) -> str:
    """The figures as CSV: metric code, label, count, total, percent; one row per metric."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["metric", "label", "count", "total", "percent", "from", "to"])
    period = [
        figures.start.isoformat() if figures.start else "",
        figures.end.isoformat() if figures.end else "",
    ]
    for code, label, _shown, count, total in rows(figures):
        value = getattr(figures, code, None)
        if isinstance(value, Share):
            percent = "" if value.percent is None else f"{value.percent:.1f}"
        elif code.startswith("eval."):
            item = next(i for i in figures.evaluation if f"eval.{i.code}" == code)
            percent = "" if item.average is None else f"{100 * item.average:.1f}"
        else:
            percent = ""
        writer.writerow([code, label, count, "" if total is None else total, percent, *period])
    for month, new, follow in figures.by_month:
        writer.writerow([f"month.{month}", _("Meetings held in {month}").format(month=month),
                         new + follow, "", "", *period])  # fmt: skip
    return buf.getvalue()
