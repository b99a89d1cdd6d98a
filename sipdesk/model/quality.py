"""The plan check: what a plan lacks, as findings a chair can act on.

Errors are what makes a plan not a SIP at all (SIP.md §1: the four points the law requires, a
valid consent, one huvudansvarig). Warnings are what the audits found missing in practice
(SIP.md §5 and §7: reason, the person's own view, follow-up, needs with goals, SMART goals).

Each finding names its rule by a stable `code` and points at the field it is about with a `path`
relative to the meeting checked ("plan.goals[2].interventions[0].principal",
"participants[1].name") or to the case ("consents"), plus the id of the item where there is one,
so a window can jump to it even after rows were reordered.
"""

from __future__ import annotations

import datetime as dt
import re

from sipdesk.i18n import _
from sipdesk.model import variants
from sipdesk.model.entities import Case, Meeting, Plan, same_party
from sipdesk.model.enums import Actor, Attendance, MeetingKind, MeetingStatus, Principal
from sipdesk.model.findings import Finding, Severity, _short  # noqa: F401 - this module's API
from sipdesk.model.goal_checks import (  # noqa: F401 - this module's API
    _goals,
    goal_looks_like_diagnosis,
    goal_looks_like_intervention,
)
from sipdesk.model.migration import several_people

PRINCIPALS = (Principal.KOMMUN, Principal.REGION)
# Actors who take part for themselves or their family, not in a professional role.
PRIVATE_ACTORS = (Actor.PERSON, Actor.RELATIVE)


# --- the check -------------------------------------------------------------------------------


def check(
    case: Case, meeting: Meeting | None = None, today: dt.date | None = None
) -> list[Finding]:
    """All findings for `meeting`'s plan (the newest meeting by default), errors first."""
    meeting = meeting if meeting is not None else case.current_meeting
    if meeting is None:
        return [
            Finding(
                Severity.ERROR,
                "no-plan",
                "meetings",
                _("There is no meeting and no plan yet. Plan the first meeting."),
            )
        ]
    today = today or dt.date.today()
    plan = meeting.plan
    out: list[Finding] = []
    out += _law_points(plan, meeting)
    out += _consent(case, meeting, today)
    out += _main_responsible(meeting)
    out += variants.discharge_findings(case, meeting, today)
    out += _basics(case, meeting, plan, today)
    out += _content(case, meeting, plan)
    out += variants.children_findings(case, meeting, today)
    out += variants.agency_findings(case, meeting)
    out += _goals(plan)
    out += _participants(meeting)
    out += _participation(case, meeting)
    out += _personnummer(case, today)
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.HINT: 2}
    out.sort(key=lambda f: order[f.severity])
    return out


def _participation(case: Case, meeting: Meeting) -> list[Finding]:
    """The person at the centre (participation.py): taking part, preparation, replies."""
    from sipdesk.model import participation
    from sipdesk.model.enums import MeetingStatus

    planned = meeting.status is MeetingStatus.PLANNED
    return [
        Finding(Severity(severity), code, path, message)
        for severity, code, path, message in participation.findings(case, meeting, planned)
    ]


def error_count(case: Case, today: dt.date | None = None) -> int:
    """How many errors the newest plan has; a closed case counts none (nothing is due)."""
    if case.closing is not None:
        return 0
    return sum(f.is_error for f in check(case, today=today))


def _law_points(plan: Plan, meeting: Meeting) -> list[Finding]:
    out = []
    interventions = [i for i in plan.interventions() if i.what.strip()]
    principals = {i.principal for i in interventions if i.principal in PRINCIPALS}
    if not interventions:
        out.append(
            Finding(
                Severity.ERROR,
                "law-1-interventions",
                "plan.goals",
                _(
                    "The plan shows no interventions (law point 1: which interventions are "
                    "needed). Add at least one intervention under a goal."
                ),
            )
        )
    elif not principals:
        out.append(
            Finding(
                Severity.ERROR,
                "law-2-principals",
                "plan.goals",
                _(
                    "No intervention is assigned to the municipality or the region (law point 2: "
                    "which interventions each principal answers for). Set the principal of each "
                    "intervention."
                ),
            )
        )
    elif len(principals) == 1:
        if Principal.KOMMUN in principals:
            text = _(
                "Only the municipality has interventions in the plan; the region has none (law "
                "point 2 – a SIP is made because both have a part). Add the region's part."
            )
        else:
            text = _(
                "Only the region has interventions in the plan; the municipality has none (law "
                "point 2 – a SIP is made because both have a part). Add the municipality's part."
            )
        out.append(Finding(Severity.WARNING, "law-2-one-principal", "plan.goals", text))
    # With no interventions at all, point 1 is the one to fix first; point 3 follows from it.
    # The person's own measures are measures by someone other than kommun and region too; the
    # point-3 line is for everyone else, or for saying that nobody else takes any.
    has_others = any(i.by_others for i in interventions) or plan.person_does_self.strip()
    if interventions and not has_others and not plan.others_measures.strip():
        out.append(
            Finding(
                Severity.ERROR,
                "law-3-others",
                "plan.others_measures",
                _(
                    "The plan does not show what others than the municipality and the region do "
                    "(law point 3). Add the measures of the person, the family, the school or "
                    "another actor as rows – or write on the line 'Measures by others than the "
                    "municipality and the region' that nobody else takes any."
                ),
            )
        )
    return out


def _consent(case: Case, meeting: Meeting, today: dt.date) -> list[Finding]:
    day = meeting.date or today
    if case.valid_consents(day) or case.valid_decisions(day):
        return []
    return [
        Finding(
            Severity.ERROR,
            "consent",
            "consents",
            _(
                "No consent is valid on the meeting date {date}. Record the consent (who gave "
                "it, how and when) before the plan is made, or check its end date."
            ).format(date=day.isoformat()),
        )
    ]


def _main_responsible(meeting: Meeting) -> list[Finding]:
    main = meeting.main_responsible
    if main is None:
        return [
            Finding(
                Severity.ERROR,
                "law-4-main-responsible",
                "plan.main_responsible_id",
                _(
                    "No huvudansvarig is named (law point 4: which principal has the overall "
                    "responsibility). Ask the person whom they want, and appoint one of the "
                    "participants."
                ),
            )
        ]
    out = []
    at = f"participants[{meeting.participants.index(main)}]"
    if several_people(main.name, [p.name for p in meeting.participants if p is not main]):
        out.append(
            Finding(
                Severity.ERROR,
                "main-responsible-several",
                f"{at}.name",
                _(
                    "More than one huvudansvarig is named. Appoint exactly one person; the "
                    "others can be named as responsible for their interventions."
                ),
                main.id,
            )
        )
    if main.principal not in PRINCIPALS:
        out.append(
            Finding(
                Severity.ERROR,
                "law-4-principal",
                f"{at}.principal",
                _(
                    "The huvudansvarig belongs to neither the municipality nor the region (law "
                    "point 4). Set their principal, or appoint someone who does."
                ),
                main.id,
            )
        )
    return out


def _basics(case: Case, meeting: Meeting, plan: Plan, today: dt.date) -> list[Finding]:
    out = []
    if not plan.reason.strip():
        out.append(
            Finding(
                Severity.WARNING,
                "reason",
                "plan.reason",
                _("The reason for the SIP is not written. Write why the plan is made."),
            )
        )
    if not plan.own_view.strip():
        out.append(
            Finding(
                Severity.WARNING,
                "own-view",
                "plan.own_view",
                _(
                    "The person's own view is not recorded. Ask the person and write it in "
                    "their own words."
                ),
            )
        )
    if case.closing is None:
        booking = plan.follow_up
        if (booking is None or booking.date is None) and meeting.kind is MeetingKind.DISCHARGE:
            out.append(
                Finding(
                    Severity.WARNING,
                    "discharge-follow-up-home",
                    "plan.follow_up",
                    _(
                        "No follow-up is booked. After a SIP at discharge, book the follow-up "
                        "SIP at home before the meeting ends."
                    ),
                )
            )
        elif booking is None or booking.date is None:
            out.append(
                Finding(
                    Severity.WARNING,
                    "follow-up-missing",
                    "plan.follow_up",
                    _("No follow-up date is set. Book the follow-up before the meeting ends."),
                )
            )
        elif booking.date < today and meeting is case.current_meeting:
            out.append(
                Finding(
                    Severity.WARNING,
                    "follow-up-past",
                    "plan.follow_up.date",
                    _(
                        "The follow-up date {date} has passed. Hold the follow-up, or book a "
                        "new date."
                    ).format(date=booking.date.isoformat()),
                )
            )
    linked = {g.need_id for g in plan.goals}
    for n, need in enumerate(plan.needs):
        if need.text.strip() and need.id not in linked:
            out.append(
                Finding(
                    Severity.WARNING,
                    "need-without-goal",
                    f"plan.needs[{n}]",
                    _(
                        'No goal is linked to the need "{need}". Link a goal to it, or add one.'
                    ).format(need=_short(need.text)),
                    need.id,
                )
            )
    for d, item in enumerate(plan.disagreements):
        if not item.about.strip() or not item.who.strip():
            out.append(
                Finding(
                    Severity.WARNING,
                    "disagreement-undescribed",
                    f"plan.disagreements[{d}]",
                    _(
                        "A disagreement is flagged but not described. Write who disagrees and "
                        "about what."
                    ),
                    item.id,
                )
            )
    return out


def _content(case: Case, meeting: Meeting, plan: Plan) -> list[Finding]:
    """What the audits count (SIP.md §7): assessed needs, a long-term goal, a consent that lasts
    to the follow-up, a follow-up not too far off, a follow-up that reviews the previous plan."""
    out = []
    if not plan.current_situation.strip():
        out.append(
            Finding(
                Severity.WARNING,
                "needs-assessment-empty",
                "plan.current_situation",
                _("The current situation and needs assessment is empty. Write what the "
                  "meeting found."),
            )
        )
    if not any(n.text.strip() for n in plan.needs):
        out.append(
            Finding(
                Severity.WARNING,
                "needs-none",
                "plan.needs",
                _("No needs are listed. Write the needs the goals answer to."),
            )
        )
    if not any(g.text.strip() for g in plan.long_term_goals):
        out.append(
            Finding(
                Severity.WARNING,
                "long-term-goal-missing",
                "plan.long_term_goals",
                _("No long-term goal is written. Ask the person what they want in the long run."),
            )
        )
    booking = plan.follow_up
    day = meeting.date
    if case.closing is None and booking is not None and booking.date is not None and day:
        consents = case.valid_consents(day)
        ends = [c.valid_until for c in consents]
        if consents and None not in ends and not case.valid_decisions(day):
            last = max(d for d in ends if d is not None)
            if last < booking.date:
                out.append(
                    Finding(
                        Severity.WARNING,
                        "consent-ends-before-follow-up",
                        "consents",
                        _(
                            "The consent ends on {end}, before the follow-up on {date}. Ask "
                            "whether it can be extended, or book the follow-up earlier."
                        ).format(end=last.isoformat(), date=booking.date.isoformat()),
                    )
                )
        if booking.date > variants.add_months(day, 6):
            out.append(
                Finding(
                    Severity.HINT,
                    "follow-up-far",
                    "plan.follow_up.date",
                    _(
                        "The follow-up on {date} is more than six months away. Consider an "
                        "earlier date, so the plan is reviewed while it is fresh."
                    ).format(date=booking.date.isoformat()),
                )
            )
    if meeting.kind is MeetingKind.FOLLOW_UP and meeting.status is MeetingStatus.HELD:
        from sipdesk.model import review

        try:
            missing = review.unanswered(review.review_view(case, meeting))
        except ValueError:  # no previous plan to review
            missing = 0
        if missing:
            out.append(
                Finding(
                    Severity.WARNING,
                    "review-unanswered",
                    "review",
                    _(
                        "The follow-up was held but {n} point(s) of the previous plan are not "
                        "reviewed. Answer them, or the follow-up becomes a new plan."
                    ).format(n=missing),
                )
            )
    for c, consent in enumerate(case.consents):
        if variants.looks_like_decision(consent):
            out.append(
                Finding(
                    Severity.WARNING,
                    "consent-is-decision",
                    f"consents[{c}]",
                    _(
                        "A decision (LVU/LVM) is recorded as a consent. Record it as a decision; "
                        "a decision is not a consent."
                    ),
                    consent.id,
                )
            )
    return out


def _participants(meeting: Meeting) -> list[Finding]:
    out = []
    for p, person in enumerate(meeting.participants):
        professional = person.principal in PRINCIPALS or (
            person.actor is not None and person.actor not in PRIVATE_ACTORS
        )
        nameless = not person.name.strip()
        no_role = professional and not (person.title.strip() or person.organisation.strip())
        if (nameless or no_role) and person.attendance is not Attendance.ABSENT:
            out.append(
                Finding(
                    Severity.WARNING,
                    "participant-signature",
                    f"participants[{p}]",
                    _(
                        "Participant {n} would get a signature line that does not say who signs "
                        "or in what role. Fill in the name, and title or organisation."
                    ).format(n=p + 1),
                    person.id,
                )
            )
        parties = {same_party(c) for c in meeting.plan.copies_to}
        for gone in [w for w in person.contact_withheld_from if same_party(w) not in parties]:
            out.append(
                Finding(
                    Severity.WARNING,
                    "withheld-party-gone",
                    f"participants[{p}]",
                    _(
                        "Participant {n}'s phone and e-mail are kept from \"{party}\", which is no "
                        "longer under Kopia till. If that party is now written differently, choose "
                        "it again, or its copy shows them."
                    ).format(n=p + 1, party=gone),
                    person.id,
                )
            )
    return out


_STEP = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


def _personnummer(case: Case, today: dt.date) -> list[Finding]:
    """The stored personnummer by the same rules as the editor and the import (issue 20): one
    stored before them may carry a guessed century or a birth date in the future."""
    from sipdesk.model import personnummer

    value = case.person.personnummer
    if not value:
        return []
    try:
        canonical = personnummer.normalize(value, today)
    except personnummer.InvalidPersonnummer as exc:
        why = str(exc)
    else:
        if canonical == value:
            return []
        why = _("not in the form YYYYMMDD-NNNN with ASCII digits")
    return [
        Finding(
            Severity.WARNING,
            "personnummer",
            "person.personnummer",
            _("The personal identity number does not follow the rules ({why}). Correct it in "
              "the preparation.").format(why=why),
        )
    ]


def resolve(case: Case, meeting: Meeting, path: str) -> tuple[object, str | None]:
    """The object a finding's `path` points into, and the attribute named last (or None when
    the path ends at a list item): ("plan.goals[2].measure") → (that Goal, "measure").

    For a window that jumps to the field. Raises LookupError for a path that no longer fits.
    """
    root: object = case if path.split(".")[0].split("[")[0] in ("consents", "meetings", "person") else meeting
    steps = path.split(".")
    for n, step in enumerate(steps):
        match = _STEP.fullmatch(step)
        if match is None or not hasattr(root, match.group(1)):
            raise LookupError(path)
        last = n == len(steps) - 1
        if last and match.group(2) is None:
            return root, match.group(1)
        value = getattr(root, match.group(1))
        if match.group(2) is not None:
            index = int(match.group(2))
            if not isinstance(value, list) or index >= len(value):
                raise LookupError(path)
            value = value[index]
            if last:
                return value, None
        root = value
    raise LookupError(path)
