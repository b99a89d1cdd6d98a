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
from sipdesk.model.entities import Case, Meeting
from sipdesk.model.enums import Attendance, MeetingKind, MeetingStatus, Principal
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


def _in(day: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    if day is None:
        return False
    return (start is None or day >= start) and (end is None or day <= end)


def _held(meeting: Meeting) -> bool:
    return meeting.status is MeetingStatus.HELD and meeting.date is not None


def _person_took_part(meeting: Meeting) -> bool:
    return any(
        p.principal is Principal.PERSON and p.attendance in _TOOK_PART for p in meeting.participants
    )


def compute(
    cases: Iterable[Case],
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
    for case in cases:
        if case.closing is not None and _in(case.closing.date, start, end):
            closed += 1
        meetings = [m for m in case.meetings if _held(m)]
        for i, meeting in enumerate(meetings):
            if meeting.date is None:
                continue
            if _in(meeting.date, start, end):
                month = months.setdefault(meeting.date.strftime("%Y-%m"), [0, 0])
                if meeting.kind is MeetingKind.FOLLOW_UP:
                    follow += 1
                    month[1] += 1
                    if meeting.review is not None:
                        answered = [g for g in meeting.review.goals if g.outcome is not None]
                        reached[1] += len(answered)
                        reached[0] += sum(g.outcome is GoalOutcome.REACHED for g in answered)
                else:
                    month[0] += 1
                    if meeting.kind is MeetingKind.DISCHARGE:
                        discharge += 1
                    else:
                        first += 1
                present[1] += 1
                present[0] += _person_took_part(meeting)
                own[1] += 1
                own[0] += bool(meeting.plan.own_view.strip())
                ends_here = case.closing is not None and i == len(meetings) - 1
                if not ends_here:
                    booked[1] += 1
                    booked[0] += bool(meeting.plan.follow_up and meeting.plan.follow_up.date)
            _count_on_time(case, meetings, i, start, end, today, on_time)
    responses = responses or []
    chosen = [r for r in responses if _in(r.answered_on, start, end)]
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
    )


def _count_on_time(case, meetings, i, start, end, today, tally) -> None:
    """A follow-up booked for a day in the period (and already past its grace) is due; it is on
    time when the next meeting held is a follow-up by the booked day plus the grace."""
    booking = meetings[i].plan.follow_up
    due = booking.date if booking else None
    if due is None or not _in(due, start, end):
        return
    deadline = due + dt.timedelta(days=ON_TIME_GRACE_DAYS)
    following = meetings[i + 1] if i + 1 < len(meetings) else None
    done = following is not None and following.date is not None and following.date <= deadline
    if not done and case.closing is not None and case.closing.date <= deadline:
        return  # closed instead: no follow-up was owed
    if not done and deadline >= today:
        return  # still within its time
    tally[1] += 1
    tally[0] += done


def from_store(store, start=None, end=None, today=None) -> Figures:
    """The figures over every case in the store and the evaluations of the period."""
    cases = (store.load_case(row.id) for row in store.list_cases())
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
)


def rows(figures: Figures) -> list[tuple[str, str, str, int, int | None]]:
    """(code, label, shown value, count, total or None) for each metric, then evaluation items."""
    out: list[tuple[str, str, str, int, int | None]] = []
    for code, label in METRICS:
        value = getattr(figures, code)
        if isinstance(value, Share):
            shown = "–" if value.percent is None else f"{value.percent:.0f} %"
            out.append((code, _(label), shown, value.count, value.total))
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
