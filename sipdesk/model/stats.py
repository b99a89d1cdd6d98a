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
from sipdesk.model import participation as part
from sipdesk.model.entities import Case
from sipdesk.model.enums import InitiatedBy, MeetingKind, MeetingStatus
from sipdesk.model.review import GoalOutcome

# A follow-up counts as on time when held no later than this many days after the booked date:
# bookings move by a week or two for holidays and illness without the plan being neglected.
ON_TIME_GRACE_DAYS = 14
AGE_BANDS = ("0-17", "18-64", "65+", "unknown")  # the sources' bands; unknown: no personnummer
# who asked for the SIP, as a kind (InitiatedBy's values); unknown: the kind was not said
INITIATORS = (*(k.value for k in InitiatedBy), "unknown")


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
    person_represented: Share = Share()  # took part, or a representative did
    own_view: Share = Share()  # recorded in the person's own words, marked as such
    prepared_with_person: Share = Share()
    received_plan: Share = Share()  # an own copy printed or saved for the person
    follow_up_date_set: Share = Share()
    on_time: Share = Share()
    goals_reached: Share = Share()
    by_month: list[tuple[str, int, int]] = field(default_factory=list)  # (YYYY-MM, new, follow-up)
    evaluation: list[evaluation.ItemSummary] = field(default_factory=list)
    # the participation shares per age band: {band: {metric: Share}}
    by_age: dict[str, dict[str, Share]] = field(default_factory=dict)
    # the same per kind of initiator (INITIATORS): {kind: {metric: Share}}
    by_initiator: dict[str, dict[str, Share]] = field(default_factory=dict)
    # SIPs drawn up (first and discharge meetings held) per kind of initiator
    sips_by_initiator: dict[str, int] = field(default_factory=dict)
    # the evaluation per item, each role side by side
    evaluation_by_role: list[tuple[str, dict[evaluation.Role, evaluation.ItemSummary]]] = field(
        default_factory=list
    )
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
    represented: bool = False  # the person took part or was represented
    prepared: bool = False  # the meeting was prepared with the person
    received_plan: bool = False
    age_band: str | None = None  # AGE_BANDS, from the personnummer on the meeting's day


@dataclass(frozen=True)
class CaseFacts:
    """A case reduced to its held meetings (in order) and its closing day."""

    meetings: tuple[MeetingFacts, ...]
    closed_on: dt.date | None = None
    requested_on: dt.date | None = None  # the initiative's date
    initiated_by: str = INITIATORS[-1]  # INITIATORS: the initiative's kind, "unknown" if not said


def facts(case: Case) -> CaseFacts:
    """The facts of a decoded case (through its documents: one rule for both paths)."""
    from sipdesk.model import codec

    doc = codec.encode(case)
    meetings = doc.pop("meetings")
    return facts_from_documents(doc, meetings)


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _band(age: int | None) -> str:
    if age is None:
        return AGE_BANDS[3]
    return AGE_BANDS[0] if age < 18 else AGE_BANDS[1] if age < 65 else AGE_BANDS[2]


class _Doc:
    """Attribute access over a participant's JSON document, for participation's rules."""

    def __init__(self, data: dict) -> None:
        self.role = data.get("role")
        self.actor = data.get("actor")
        self.principal = data.get("principal")
        self.attendance = data.get("attendance")


def facts_from_documents(case_doc: dict, meeting_docs: list[dict]) -> CaseFacts:
    """The facts straight from the store's JSON documents (as `codec.encode` wrote them),
    without decoding the whole case: ten times cheaper over thousands of cases."""
    person = case_doc.get("person") or {}
    pnr = person.get("personnummer")
    minor_person = type("P", (), {"personnummer": pnr})()
    out = []
    for m in meeting_docs:
        day = _day(m.get("date"))
        if m.get("status") != MeetingStatus.HELD.value or day is None:
            continue
        plan = m.get("plan") or {}
        booking = plan.get("follow_up") or {}
        goals = ((m.get("review") or {}).get("goals")) or []
        answered = [g for g in goals if g.get("outcome")]
        present, represented = part.took_part(
            [_Doc(p) for p in m.get("participants") or []], minor_person, day
        )
        preparation = m.get("preparation") or {}
        out.append(
            MeetingFacts(
                MeetingKind(m.get("kind", MeetingKind.FIRST.value)),
                day,
                present,
                bool((plan.get("own_view") or "").strip())
                and plan.get("own_view_source") == part.OwnViewSource.PERSON.value,
                _day(booking.get("date")),
                len(answered),
                sum(g.get("outcome") == GoalOutcome.REACHED.value for g in answered),
                represented,
                preparation.get("prepared_with_person") is True,
                any(h.get("own_copy") for h in m.get("handouts") or []),
                _band(part.age_on(pnr, day)),
            )
        )
    closing = case_doc.get("closing") or {}
    initiative = case_doc.get("initiative") or {}
    return CaseFacts(
        tuple(out), _day(closing.get("date")), _day(initiative.get("on")),
        _initiator(initiative.get("kind")),
    )


def _initiator(value) -> str:
    return value if value in INITIATORS[:-1] else INITIATORS[-1]


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
    booked, on_time, reached = [0, 0], [0, 0], [0, 0]
    tallies = {key: [0, 0] for key in PARTICIPATION}
    by_age = {band: {key: [0, 0] for key in PARTICIPATION} for band in AGE_BANDS}
    by_initiator = {kind: {key: [0, 0] for key in PARTICIPATION} for kind in INITIATORS}
    sips_by_initiator = dict.fromkeys(INITIATORS, 0)
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
                    sips_by_initiator[case.initiated_by] += 1
                    if meeting.kind is MeetingKind.DISCHARGE:
                        discharge += 1
                    else:
                        first += 1
                for key, value in _participation(meeting).items():
                    tallies[key][0] += value
                    tallies[key][1] += 1
                    by_initiator[case.initiated_by][key][0] += value
                    by_initiator[case.initiated_by][key][1] += 1
                    if meeting.age_band is not None:
                        by_age[meeting.age_band][key][0] += value
                        by_age[meeting.age_band][key][1] += 1
                ends_here = case.closed_on is not None and i == len(meetings) - 1
                if not ends_here:
                    booked[1] += 1
                    booked[0] += meeting.follow_up_date is not None
            _count_on_time(case, i, start, end, today, on_time)
    return _figures(
        start, end, responses, (first, discharge, follow, closed), tallies, booked, on_time,
        reached, months, by_age, by_initiator, sips_by_initiator, waits,
    )  # fmt: skip


def _figures(
    start, end, responses, counts, tallies, booked, on_time, reached, months, by_age,
    by_initiator, sips_by_initiator, waits,
) -> Figures:  # fmt: skip
    """Figures from the tallies (`compute`'s and `from_store`'s alike) and the responses."""
    first, discharge, follow, closed = counts
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
        person_present=Share(*tallies["person_present"]),
        person_represented=Share(*tallies["person_represented"]),
        own_view=Share(*tallies["own_view"]),
        prepared_with_person=Share(*tallies["prepared_with_person"]),
        received_plan=Share(*tallies["received_plan"]),
        follow_up_date_set=Share(*booked),
        on_time=Share(*on_time),
        goals_reached=Share(*reached),
        by_month=[(k, v[0], v[1]) for k, v in sorted(months.items())],
        evaluation=evaluation.aggregate(chosen),
        by_age=_shares(by_age),
        by_initiator=_shares(by_initiator),
        sips_by_initiator={k: n for k, n in sips_by_initiator.items() if n},
        evaluation_by_role=evaluation.by_role(chosen),
        days_to_first_meeting=sorted(waits)[len(waits) // 2] if waits else None,
    )


def _shares(tallies: dict[str, dict[str, list[int]]]) -> dict[str, dict[str, Share]]:
    """{group: {metric: [count, total]}} as Shares, leaving out groups with no meeting."""
    return {
        group: {key: Share(*v) for key, v in metrics.items()}
        for group, metrics in tallies.items()
        if any(v[1] for v in metrics.values())
    }


# the kinds of initiator as a figure's label names them (short: the table's column is narrow)
INITIATOR_SHORT = {
    "person": N_("the person"),
    "relative": N_("relative"),
    "kommun": N_("municipality"),
    "region": N_("region"),
    "school": N_("school"),
    "other": N_("other actor"),
    "unknown": N_("not said"),
}

# the participation figures (SIP.md §7's baselines beside them in docs/figures.md)
PARTICIPATION = (
    "person_present",
    "person_represented",
    "own_view",
    "prepared_with_person",
    "received_plan",
)


def _participation(meeting: MeetingFacts) -> dict[str, bool]:
    return {
        "person_present": meeting.person_took_part,
        "person_represented": meeting.represented,
        "own_view": meeting.own_view,
        "prepared_with_person": meeting.prepared,
        "received_plan": meeting.received_plan,
    }


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


def _picked_facts(parts, own_view, own_source, booked, outcomes, prepared, own_copies) -> str:
    """The cached facts of a held meeting from the values SQLite picked out of its document,
    decided by the same rules as `facts_from_documents` (participation.py):
    "took part|own words|follow-up date|answered|reached|represented|prepared|received|relative"
    – flags 0/1, the date ISO or empty. The last flag (a relative without a recorded role took
    part) counts as represented for a child: the age is the case's, read with the facts."""
    import json

    people = [_Doc({"role": r, "actor": a, "principal": p, "attendance": t})
              for r, a, p, t in json.loads(parts or "[]")]  # fmt: skip
    took, represented = part.took_part(people, None, None)
    relative = any(
        p.role is None and p.attendance in TOOK_PART_VALUES
        and part.role_of(p) is part.ParticipantRole.RELATIVE
        for p in people
    )  # fmt: skip
    own = bool((own_view if isinstance(own_view, str) else "").strip()) and (
        own_source == part.OwnViewSource.PERSON.value
    )
    answered = [o for o in json.loads(outcomes or "[]") if o]
    day = _day(booked)
    reached = sum(o == GoalOutcome.REACHED.value for o in answered)
    received = any(json.loads(own_copies or "[]"))
    flags = (took, own, day.isoformat() if day else "", len(answered), reached, represented,
             prepared in (1, True), received, relative)  # fmt: skip
    return "|".join(str(int(f)) if isinstance(f, bool) else str(f) for f in flags)


TOOK_PART_VALUES = tuple(a.value for a in part.TOOK_PART)


# --- output ----------------------------------------------------------------------------------

METRICS = (
    ("first_meetings", N_("SIPs drawn up (first meetings, KVÅ AU124, KSI XAH.20.75)")),
    ("discharge_meetings", N_("SIPs at discharge (KVÅ AU125)")),
    ("follow_ups", N_("Follow-ups held (KVÅ AW010, KSI XAH.20.65)")),
    ("closed", N_("Plans closed")),
    ("on_time", N_("Followed up on time")),
    ("person_present", N_("The person took part in the meeting")),
    ("person_represented", N_("The person took part or was represented")),
    ("own_view", N_("The person's own view recorded in their own words")),
    ("prepared_with_person", N_("The meeting was prepared with the person")),
    ("received_plan", N_("The person received the plan (own copy printed)")),
    ("follow_up_date_set", N_("Follow-up date set")),
    ("goals_reached", N_("Goals reached at follow-up")),
    ("days_to_first_meeting", N_("Days from request to first meeting (median)")),
)


def rows(figures: Figures) -> list[tuple[str, str, str, int, int | None]]:
    """(code, label, shown value, count, total or None) for each metric, the participation
    metrics per age band, then each evaluation item per role (never averaged over roles)."""
    out: list[tuple[str, str, str, int, int | None]] = []
    labels = dict(METRICS)
    for code, label in METRICS:
        value = getattr(figures, code)
        if isinstance(value, Share):
            out.append((code, _(label), _shown(value.percent), value.count, value.total))
        elif value is None:  # a median of nothing
            out.append((code, _(label), "–", 0, None))
        else:
            out.append((code, _(label), str(value), value, None))
    for band, metrics in figures.by_age.items():
        for code, share in metrics.items():
            shown_band = _("unknown age") if band == AGE_BANDS[3] else band
            label = _("{metric}, age {band}").format(metric=_(labels[code]), band=shown_band)
            out.append((f"{code}.age_{band}", label, _shown(share.percent), share.count,
                        share.total))  # fmt: skip
    kinds = {kind: _(text) for kind, text in INITIATOR_SHORT.items()}
    for kind, n in figures.sips_by_initiator.items():
        label = _("SIPs drawn up, initiated by: {kind}").format(kind=kinds[kind])
        out.append((f"sips.initiated_by_{kind}", label, str(n), n, None))
    for kind, metrics in figures.by_initiator.items():
        for code, share in metrics.items():
            label = _("{metric}, initiated by: {kind}").format(metric=_(labels[code]),
                                                               kind=kinds[kind])
            out.append((f"{code}.initiated_by_{kind}", label, _shown(share.percent), share.count,
                        share.total))  # fmt: skip
    for code, per_role in figures.evaluation_by_role:
        for role, item in per_role.items():
            label = f"{evaluation.item_text(code, role)} ({role.label})"
            average = None if item.average is None else 100 * item.average
            out.append((f"eval.{code}.{role.value}", label, _shown(average), item.answered, None))
    return out


def _shown(percent: float | None) -> str:
    return "–" if percent is None else f"{percent:.0f} %"


def _percent(figures: Figures, code: str) -> float | None:
    """The percent behind a row code of `rows`."""
    if code.startswith("eval."):
        _prefix, item_code, role = code.split(".")
        per_role = dict(figures.evaluation_by_role)[item_code]
        item = per_role[evaluation.Role(role)]
        return None if item.average is None else 100 * item.average
    if ".age_" in code:
        metric, band = code.split(".age_")
        return figures.by_age[band][metric].percent
    if ".initiated_by_" in code and not code.startswith("sips."):
        metric, kind = code.split(".initiated_by_")
        return figures.by_initiator[kind][metric].percent
    value = getattr(figures, code, None)
    return value.percent if isinstance(value, Share) else None


def to_csv(figures: Figures) -> str:
    """The figures as CSV: metric code, label, count, total, percent; one row per metric, per
    metric and age band, per metric and kind of initiator (`own_view.initiated_by_school`), SIPs
    drawn up per kind of initiator (`sips.initiated_by_person`), and per evaluation item and
    role (`eval.listened.person`)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["metric", "label", "count", "total", "percent", "from", "to"])
    period = [
        figures.start.isoformat() if figures.start else "",
        figures.end.isoformat() if figures.end else "",
    ]
    for code, label, _shown_value, count, total in rows(figures):
        percent = _percent(figures, code)
        writer.writerow([code, label, count, "" if total is None else total,
                         "" if percent is None else f"{percent:.1f}", *period])  # fmt: skip
    for month, new, follow in figures.by_month:
        writer.writerow([f"month.{month}", _("Meetings held in {month}").format(month=month),
                         new + follow, "", "", *period])  # fmt: skip
    return buf.getvalue()
