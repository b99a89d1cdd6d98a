"""A read-only view of a case: the person, consent, meetings and the plan in the order of SIP.md §4."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QTextBrowser, QWidget

from sipdesk.i18n import _, format_date, format_time
from sipdesk.model.entities import Case, Meeting, Plan
from sipdesk.model.protection import Redactor
from sipdesk.model.store.lazy import plan_version
from sipdesk.model.variants import principal_or_actor_heading

_CSS = """
body { font-size: 10.5pt; }
h1 { font-size: 17pt; margin-bottom: 2px; }
h2 { font-size: 12.5pt; color: #1f3a5f; margin-top: 16px; margin-bottom: 4px; }
p.meta { color: #555; margin-top: 0; }
p.protected { background: #fde8e8; color: #7a0000; padding: 6px; font-weight: bold; }
p.row { margin-top: 2px; margin-bottom: 6px; }
span.meta { color: #444; }
.empty { color: #888; font-style: italic; }
"""


class _Enough(Exception):
    """The first screenful is built (see `case_html`'s `first_blocks`)."""


class _Html:
    def __init__(self, redact: Redactor, first_blocks: int | None = None) -> None:
        self.parts: list[str] = []
        self.redact = redact
        self.room = first_blocks  # blocks still wanted; None: all

    def count(self, blocks: int = 1) -> None:
        """Count paragraphs about to be added; stop once the first screenful is there."""
        if self.room is not None:
            if self.room <= 0:
                raise _Enough
            self.room -= blocks

    def t(self, value: str) -> str:
        return escape(self.redact.text(value)).replace("\n", "<br>")

    def heading(self, text: str) -> None:
        self.count()
        self.parts.append(f"<h2>{escape(text)}</h2>")

    def para(self, value: str) -> None:
        self.count()
        if value.strip():
            self.parts.append(f"<p>{self.t(value)}</p>")
        else:
            # outside the f-string: Babel does not extract calls inside f-strings
            empty = escape(_("Not filled in"))
            self.parts.append(f"<p class='empty'>{empty}</p>")

    def items(self, values: list[str]) -> None:
        if not values:
            self.para("")
            return
        self.count(len(values))
        self.parts.append("<ul>" + "".join(f"<li>{self.t(v)}</li>" for v in values) + "</ul>")

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        """Each row a paragraph: the first column in bold, then "Header: value" for the rest.
        Not a rich-text table: a table is never narrower than its columns' longest words side by
        side, and beside the case list the view is narrow (about 350 px at 150 % scaling) – the
        chair would have to scroll sideways."""
        if not rows:
            self.para("")
            return
        for row in rows:
            self.count()
            rest = " · ".join(
                f"{escape(h)}: {self.t(c)}" for h, c in zip(header[1:], row[1:], strict=False)
                if c.strip()
            )
            more = f"<br><span class='meta'>{rest}</span>" if rest else ""
            first = self.t(row[0])
            if row[0].strip().isdigit():  # "Version 2", not a bare "2"
                first = f"{escape(header[0])} {first}"
            self.parts.append(f"<p class='row'><b>{first}</b>{more}</p>")


def case_html(case: Case, first_blocks: int | None = None) -> str:
    """The case as HTML for the chair's read-only view (every value escaped).

    With `first_blocks`, only the beginning: about that many paragraphs, headings and list
    items from the top (what a screen shows first), or the whole case when it is that short."""
    return _case_html(case, first_blocks)[0]


def _case_html(case: Case, first_blocks: int | None = None) -> tuple[str, bool]:
    """(the HTML, whether it is only the beginning of the case)."""
    out = _Html(Redactor.for_person(case.person), first_blocks)
    try:
        _case(out, case)
    except _Enough:
        out.parts.append("</body></html>")
        return "".join(out.parts), True
    return "".join(out.parts), False


def _case(out: _Html, case: Case) -> None:
    person = case.person
    out.parts.append(f"<html><head><style>{_CSS}</style></head><body>")
    out.parts.append(f"<h1>{escape(person.display_name)}</h1>")
    out.parts.append(f"<p class='meta'>{escape(case.status.label)}</p>")
    if person.protected_identity:
        out.parts.append(
            "<p class='protected'>"
            + escape(
                _(
                    "Protected personal data. Shown under a pseudonym; the plan is handled by the "
                    "manual routine and never entered into shared systems."
                )
            )
            + "</p>"
        )
    out.heading(_("Personal details"))
    details = []
    if not person.protected_identity and person.personnummer:
        details.append(_("Personal identity number: {pnr}").format(pnr=person.personnummer))
    if person.interpreter_needed:
        details.append(
            _("Interpreter needed: {lang}").format(lang=person.interpreter_language or "?")
        )
    if person.school:
        details.append(_("Preschool/school: {school}").format(school=person.school))
    if person.minors_affected is not None:
        details.append(
            _("Minors affected: {answer}").format(
                answer=_("yes, {n}").format(n=person.minors_count or "?")
                if person.minors_affected
                else _("no")
            )
        )
    days = case.days_to_first_meeting()
    if case.initiative is not None:
        kind = case.initiative.kind.label if case.initiative.kind else ""
        who = ", ".join(x for x in (case.initiative.by, case.initiative.organisation) if x) or kind
        details.append(
            _("Requested by {who} on {date}").format(
                who=who or "?", date=format_date(case.initiative.on) or "?"
            )
        )
    if days is not None:
        details.append(_("Days from request to first meeting: {n}").format(n=days))
    out.items(details)
    if case.decisions:
        out.heading(_("Decision the plan rests on"))
        out.items(
            [
                ", ".join(x for x in (d.kind.label, d.decided_by, format_date(d.decided_on)) if x)
                for d in case.decisions
            ]
        )
    out.heading(_("Consent"))
    out.table(
        [_("Given by"), _("Form"), _("Date"), _("Scope"), _("Valid until")],
        [
            [
                f"{c.given_by} ({c.relation})" if c.relation else c.given_by,
                c.form.label,
                format_date(c.given_on),
                c.scope
                + (
                    "\n" + _("Excluded: {info}").format(info=c.excluded_info)
                    if c.excluded_info
                    else ""
                ),
                _("Withdrawn {date}").format(date=format_date(c.withdrawn_on))
                if c.withdrawn_on
                else format_date(c.valid_until),
            ]
            for c in case.consents
        ],
    )
    meeting = case.current_meeting
    if meeting is None:
        out.heading(_("Meetings"))
        out.para("")
    else:
        _meetings(out, case)
        _review(out, case, meeting)
        _plan(out, meeting, meeting.plan, person.protected_identity)
        if meeting.handouts:  # who received a printed copy (issue 10)
            from sipdesk.export.printset import describe

            out.heading(_("Printed copies"))
            out.items([describe(h) for h in meeting.handouts])
    if case.closing:
        out.heading(_("Closing"))
        out.para(
            f"{format_date(case.closing.date)} – {case.closing.reason.label}\n{case.closing.note}"
        )
        if case.closing.told:
            out.para(_("Told: {names}").format(names=", ".join(case.closing.told)))
    out.parts.append("</body></html>")


def _review(out: _Html, case: Case, meeting: Meeting) -> None:
    """The follow-up's review of the previous plan (sipdesk.model.review), when there is one."""
    from sipdesk.model import review

    if meeting.review is None:
        return
    out.heading(_("Follow-up of plan version {v}").format(v=meeting.review.of_version))
    rows = review.review_rows(case, meeting)
    out.table(
        list(review.review_headers()),
        [[("" if r.kind == "goal" else "– ") + r.text, r.responsible, r.outcome, r.comment]
         for r in rows],
    )  # fmt: skip
    decision = meeting.review.decision
    out.para(
        _("Decision: {decision}").format(decision=decision.label if decision else "—")
        + (f"\n{meeting.review.note}" if meeting.review.note else "")
    )


def _meetings(out: _Html, case: Case) -> None:
    out.heading(_("Meetings"))
    protected = case.person.protected_identity
    out.table(
        [_("Version"), _("Kind"), _("Date"), _("Place"), _("Status")],
        [
            [
                str(plan_version(m)),
                m.kind.label,
                f"{format_date(m.date)} {format_time(m.start_time)}".strip(),
                _("(protected)") if protected else m.place,
                m.status.label,
            ]
            for m in case.meetings
        ],
    )


def _plan(out: _Html, meeting: Meeting, plan: Plan, protected: bool) -> None:
    out.heading(_("Participants"))
    out.table(
        [_("Name"), _("Title"), _("Organisation"), principal_or_actor_heading(meeting),
         _("Took part")],  # fmt: skip
        [
            [
                p.name,
                p.title,
                p.organisation,
                (p.principal or p.actor).label if (p.principal or p.actor) else "",
                p.attendance.label,
            ]
            for p in meeting.participants
        ],
    )
    out.heading(_("Questions for the meeting"))
    out.items(meeting.questions)
    out.heading(_("Why is a SIP made?"))
    out.para(plan.reason)
    if plan.care_contact or plan.contact_place:
        out.heading(_("Permanent care contact and contact place"))
        out.para(f"{plan.care_contact}\n{plan.contact_place}".strip())
    out.heading(_("Current situation and needs assessment"))
    out.para(plan.current_situation)
    out.heading(_("What works well (strengths)"))
    out.para(plan.strengths)
    out.heading(_("Needs"))
    out.items([n.text for n in plan.needs])
    out.heading(_("Long-term goals"))
    out.items([g.text for g in plan.long_term_goals])
    out.heading(_("Goals and planning"))
    # each goal a paragraph with its interventions listed under it, not a table: Qt lays out a
    # rich-text table row by row at every show (300 goals: ≈0.5 s), paragraphs in ≈30 ms
    if not plan.goals:
        out.para("")
    labels = (_("Responsible"), principal_or_actor_heading(meeting), _("Time plan"))
    for goal in plan.goals:
        out.count(1 + len(goal.interventions))
        out.parts.append(f"<p><b>{out.t(goal.text)}</b>{_reached_html(goal)}</p>")
        items = []
        for item in goal.interventions:
            details = [
                (labels[0], ", ".join(r.name for r in item.responsible)),
                (labels[1], (item.principal or item.actor).label if (item.principal or item.actor) else ""),
                (labels[2], item.time_plan),
            ]
            shown = " · ".join(f"{escape(k)}: {out.t(v)}" for k, v in details if v)
            meta = f"<br><span style='color:#555'>{shown}</span>" if shown else ""
            items.append(f"<li>{out.t(item.what)}{meta}</li>")
        if items:
            out.parts.append("<ul>" + "".join(items) + "</ul>")
    out.heading(_("What the person does themselves"))
    out.para(plan.person_does_self)
    if plan.others_measures:
        out.heading(_("Measures by others than the municipality and the region"))
        out.para(plan.others_measures)
    out.heading(_("The person's own view of the interventions"))
    out.para(plan.own_view)
    out.heading(_("Guardians' or relatives' view of the interventions"))
    out.para(plan.relatives_view)
    if plan.disagreements:
        out.heading(_("Disagreements"))
        out.items([f"{d.who}: {d.about}" for d in plan.disagreements])
    out.heading(_("Main responsible for the plan"))
    main = meeting.main_responsible
    out.para(", ".join(x for x in (main.name, main.title, main.organisation) if x) if main else "")
    out.heading(_("Follow-up"))
    follow = plan.follow_up
    if follow is None:
        out.para("")
    else:
        place = _("(protected)") if protected and follow.place else follow.place
        out.para(
            "\n".join(
                x
                for x in (
                    f"{format_date(follow.date)} {format_time(follow.time)}".strip(),
                    place,
                    _("Called by {name}").format(name=follow.called_by) if follow.called_by else "",
                    follow.note,
                )
                if x
            )
        )
    out.heading(_("Copy to"))
    out.items(plan.copies_to)
    out.heading(_("Original kept by"))
    out.para(plan.original_kept_by)


# paragraphs, headings and list items shown at once when a case is chosen: more than a tall
# screen shows; the rest follows right after the first paint (issue 19: a 300-goal case)
FIRST_BLOCKS = 120
_AT_LATEST_MS = 100  # the whole case then, even if the view has not been painted


class CaseView(QTextBrowser):
    """Shows one case, read-only.

    A long case is shown in two steps (issue 19): its first screenful at once – what the chair
    looks at when choosing a case in the list –, then, right after that has been painted, the
    whole case (Qt's rich-text import of a 300-goal plan costs about as much as everything else
    on the way). The scroll position is kept; `toPlainText`, `toHtml` and `document` give the
    whole case at any time, and the view shows the same as one `setHtml` of the whole case."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        # a word longer than the line (an e-mail address, a long compound) breaks rather than
        # pushing the text out sideways
        self.setWordWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        self.setAccessibleName(_("Case"))
        self._pending: Case | None = None  # shown in part; the whole case follows
        self._shown = 0  # cases shown so far: a completion asked for an earlier one is dropped
        self._scheduled = -1  # the case whose completion the first paint has asked for

    def show_case(self, case: Case | None) -> None:
        self._pending = None
        self._shown += 1
        if case is None:
            hint = escape(_("Choose a case in the list."))
            self.setHtml(f"<p class='empty'>{hint}</p>")
            return
        first, cut = _case_html(case, FIRST_BLOCKS)
        self.setHtml(first)
        if cut:
            self._pending = case  # completed after the first paint, or when read
            # and in any case soon, painted or not (a hidden view, a window not exposed)
            shown = self._shown
            QTimer.singleShot(_AT_LATEST_MS, self, lambda: self._complete(shown))

    @property
    def complete(self) -> bool:
        """Whether the whole case is shown (not only its first screenful)."""
        return self._pending is None

    def finish(self) -> None:
        """Show the whole case now, keeping the scroll position."""
        case, self._pending = self._pending, None
        if case is None:
            return
        bar = self.verticalScrollBar()
        at = bar.value()
        self.setHtml(case_html(case))
        bar.setValue(at)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self._pending is not None and self._scheduled != self._shown:
            self._scheduled = shown = self._shown
            QTimer.singleShot(0, self, lambda: self._complete(shown))

    def _complete(self, shown: int) -> None:
        if shown == self._shown:  # still the case it was asked for
            self.finish()

    # what reads the view's content reads the whole case
    def toPlainText(self) -> str:  # noqa: N802 - Qt's name
        self.finish()
        return super().toPlainText()

    def toHtml(self) -> str:  # noqa: N802 - Qt's name
        self.finish()
        return super().toHtml()

    def document(self):
        self.finish()
        return super().document()


def _reached_html(goal) -> str:
    """A reached goal's mark after its text, in words ("✓ Uppnått 15 mars 2027")."""
    from sipdesk.model.reached import reached_text, with_check

    text = reached_text(goal)
    return f"<br>{escape(with_check(text, True))}" if text else ""
