"""The shared screen's projection: what the room may see of a plan, as immutable values.

`snapshot(case, meeting, now, focus, circle)` is pure (no Qt, no clock of its own): the
participants' window in `sipdesk.ui.live` only draws what it returns. It is a whitelist – only the
fields named here ever reach the screen, so consent details, contact details and anything a later
version adds (the chair's notes) stay off it unless someone adds them here on purpose.

A keystroke re-makes one goal, not the plan: `SnapshotCache` keeps each goal's `LiveGoal` under
a key of everything the entry is made from (the goal's and its interventions' shown fields, its
number, whether the focus is on it, the redactor and the language), so an unchanged goal is the
same object in the next snapshot – equal to what a fresh `snapshot` makes (the tests compare
them after any edits), and the view can keep its layout by identity.

Every string taken from the case goes through a `Redactor`: for every case personnummer, the
person's address and phone, and participants' phones and e-mails are masked wherever they were
typed; for a protected identity also the real name (the pseudonym instead) and every meeting and
follow-up place.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from sipdesk.i18n import _, format_date, format_time, language, ngettext
from sipdesk.model.entities import Case, Goal, Meeting, Plan
from sipdesk.model.enums import MeetingKind
from sipdesk.model.protection import Redactor

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MASK = "[—]"


@dataclass(frozen=True)
class LivePart:
    """The meeting-circle part in progress, as the screen shows it (filled from circle_status)."""

    label: str
    seconds_left: int | None = None  # negative when the part runs over
    next_label: str = ""
    key: str = ""  # the part's key ("opening" … "closing"), "finished" after the last


@dataclass(frozen=True)
class LiveItem:
    """One line of a list or one paragraph of text."""

    key: str
    text: str
    highlighted: bool = False


@dataclass(frozen=True)
class LiveRow:
    """One intervention row of the goals table: what, who (and for which principal), when."""

    key: str
    what: str
    who: str
    principal: str
    when: str
    highlighted: bool = False


@dataclass(frozen=True)
class LiveGoal:
    """A short-term goal with its intervention rows."""

    key: str
    number: int
    text: str
    detail: str  # reached (in words), how it is measured, by when
    rows: tuple[LiveRow, ...]
    highlighted: bool = False
    reached: bool = False


@dataclass(frozen=True)
class LiveSection:
    """A titled part of the plan: list items, or (for the goals table) goals."""

    key: str
    title: str
    items: tuple[LiveItem, ...] = ()
    goals: tuple[LiveGoal, ...] = ()
    numbered: bool = False
    empty_text: str = ""  # shown while nothing is written yet
    highlighted: bool = False


@dataclass(frozen=True)
class LiveSnapshot:
    """Everything the participants' window draws, already translated and redacted."""

    title: str
    subtitle: str
    part: LivePart | None
    part_time: str  # "12 min kvar" / "3 min över tiden"; empty without a part
    part_next: str  # "Nästa: Sammanfattning" – the same word as on the chair's clock
    sections: tuple[LiveSection, ...]
    focus_key: str | None = None
    protected: bool = False
    headers: tuple[str, str, str] = field(default=("", "", ""))  # goals table column titles

    def strings(self) -> Iterator[str]:
        """Every piece of text the screen may draw (used by the tests and the view alike)."""
        yield from (self.title, self.subtitle, self.part_time, self.part_next, *self.headers)
        if self.part is not None:
            yield self.part.label
        for section in self.sections:
            yield section.title
            if not (section.items or section.goals):
                yield section.empty_text
            for item in section.items:
                yield item.text
            for goal in section.goals:
                yield from (goal.text, goal.detail)
                for row in goal.rows:
                    yield from (row.what, row.who, row.principal, row.when)


def time_left_text(seconds: int | None) -> str:
    """The time left in a part in whole minutes, rounded as the chair's clock shows them (40:16
    → 40 minutes: the minutes the chair reads); an overrun is said plainly, calmly."""
    if seconds is None:
        return ""
    n = math.floor(abs(seconds) / 60)
    if seconds >= 0:
        if n == 0:
            return _("Less than a minute left")
        return ngettext("{n} minute left", "{n} minutes left", n).format(n=n)
    if n == 0:
        return _("Just over time")
    return ngettext("{n} minute over time", "{n} minutes over time", n).format(n=n)


# The plan's section the room's eyes go to in each part of the meeting circle (SIP.md §2).
PART_SECTIONS = {
    "opening": "questions",
    "situation": "current_situation",
    "needs": "goals",
    "summary": "goals",
    "closing": "summary",
    "finished": "summary",
}


def focus_key(focus: object) -> str | None:
    """The key of the block being edited, from the workspace's focus value.

    ("goal", id) → "goal:id"; ("intervention", id) → "intervention:id"; ("field", "own_view") or
    ("field", "follow_up.date") → "section:own_view" / "section:follow_up"; ("need" |
    "long_term_goal" | "disagreement", id) → "item:id"; ("question", index) → "question:index".
    Anything else is ignored (no highlight) rather than refused: the screen must never fail.
    """
    if not isinstance(focus, tuple | list) or len(focus) < 2:
        return None
    kind, ref = focus[0], focus[1]
    if kind in ("goal", "intervention"):
        return f"{kind}:{ref}"
    if kind == "field" and isinstance(ref, str) and ref:
        return "section:" + ref.split(".", 1)[0]
    if kind in ("need", "long_term_goal", "disagreement"):
        return f"item:{ref}"
    if kind == "question":
        return f"question:{ref}"
    if kind == "part" and isinstance(ref, str) and ref in PART_SECTIONS:
        return "section:" + PART_SECTIONS[ref]
    if kind == "review" and isinstance(ref, str) and ref:
        return f"review:{ref}"
    return None


def screen_redactor(case: Case) -> Redactor:
    """The shared screen's Redactor – the one for everything that leaves the chair's eyes.

    Contact details, personnummer and addresses are masked for every case (they never belong on
    a wall), in any written form; for a protected identity also the real name (the pseudonym
    instead), school, relatives, protected words and every meeting and follow-up place.
    """
    return Redactor.outgoing(case)


@lru_cache(maxsize=8192)
def _redact(redactor: Redactor, value: str) -> str:
    # Pure, so a keystroke re-redacts only the one string that changed.
    return redactor.text(value).strip()


class _Text:
    """Applies the screen redactor (and an e-mail mask) to every string taken from the case."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor

    def __call__(self, value: str | None) -> str:
        if not value:
            return ""
        return _redact(self.redactor, value)


class SnapshotCache:
    """The goals' entries of the last snapshot, by what each is made from (see the module's
    doc). Holds only the entries the last snapshot used, so its size follows the plan shown."""

    def __init__(self) -> None:
        self._context: tuple[object, ...] | None = None
        self._goals: dict[tuple[object, ...], LiveGoal] = {}
        self._used: dict[tuple[object, ...], LiveGoal] = {}
        self.made = 0  # goal entries made (not taken from the cache), for the tests

    def begin(self, redactor: Redactor) -> Redactor:
        """A snapshot starts; returns the redactor to use – the last one when equal, so the
        strings masked by it are found again (and one object is kept, not one a keystroke)."""
        context = (redactor, language())
        if context != self._context:  # another case's masking, or another language: afresh
            self._context = context
            self._goals = {}
        self._used = {}
        return self._context[0]  # type: ignore[return-value]

    def end(self) -> None:
        self._goals = self._used
        self._used = {}

    def goal(self, number: int, goal: Goal, t: _Text, key: str | None) -> LiveGoal:
        focused = None
        if key is not None:
            if key.startswith("intervention:"):
                if any(key[13:] == item.id for item in goal.interventions):
                    focused = key
            elif key == f"goal:{goal.id}":
                focused = key
        lookup = (number, focused, _goal_content(goal))
        entry = self._goals.get(lookup)
        if entry is None:
            entry = self._used.get(lookup)
        if entry is None:
            entry = _goal(number, goal, t, key)
            self.made += 1
        self._used[lookup] = entry
        return entry


def _goal_content(goal: Goal) -> tuple[object, ...]:
    """Every field of a goal the shared screen's entry is made from."""
    return (
        goal.id,
        goal.text,
        goal.measure,
        goal.target_date,
        goal.reached_on,
        tuple(
            [
                (
                    item.id,
                    item.what,
                    tuple([r.name for r in item.responsible]),
                    item.principal,
                    item.actor,
                    item.time_plan,
                    item.start,
                    item.end,
                )
                for item in goal.interventions
            ]
        ),
    )


def snapshot(
    case: Case,
    meeting: Meeting | None = None,
    now: dt.datetime | None = None,
    focus: object = None,
    circle: LivePart | None = None,
    cache: SnapshotCache | None = None,
) -> LiveSnapshot:
    """What the shared screen shows of `meeting` (default: the case's current one) at `now`.

    `now` is accepted for symmetry with the meeting circle (the time left arrives through
    `circle`); it is not read here, so the projection stays deterministic. With a `cache`, the
    goals that did not change since the last snapshot made with it are taken from it (the same
    objects); the snapshot is equal to one made without.
    """
    del now
    meeting = meeting or case.current_meeting
    redactor = screen_redactor(case)
    if cache is not None:
        redactor = cache.begin(redactor)
    t = _Text(redactor)
    key = focus_key(focus)
    protected = case.person.protected_identity
    title = _("Coordinated individual plan for {name}").format(name=t(case.person.display_name))
    subtitle = ""
    sections: list[LiveSection] = []
    if meeting is not None:
        bits = [meeting.kind.label, format_date(meeting.date)]
        if meeting.kind is MeetingKind.FOLLOW_UP:
            bits.append(_("version {n}").format(n=meeting.plan.version))
        subtitle = " · ".join(b for b in bits if b)
        sections = _sections(meeting, meeting.plan, t, key, protected, cache)
        closing = circle is not None and PART_SECTIONS.get(circle.key) == "summary"
        if closing or _section_key(key) == "summary":
            sections.insert(0, _summary(meeting, t, protected, _section_key(key) == "summary"))
        if key is not None and key.startswith("review:"):
            review = _review_section(case, meeting, t, key)
            if review is not None:
                sections.insert(0, review)
    if cache is not None:
        cache.end()
    part_time = part_next = ""
    if circle is not None:
        circle = LivePart(
            t(circle.label), circle.seconds_left, t(circle.next_label), circle.key
        )
        part_time = time_left_text(circle.seconds_left)
        if circle.next_label:
            # the same words as the chair's clock ("Nästa: …"), not a second word for it
            part_next = _("Next: {label}").format(label=circle.next_label)
    return LiveSnapshot(
        title=title,
        subtitle=subtitle,
        part=circle,
        part_time=part_time,
        part_next=part_next,
        sections=tuple(sections),
        focus_key=key,
        protected=protected,
        headers=(_("Intervention/activity"), _("Responsible"), _("When")),
    )


def _section_key(key: str | None) -> str | None:
    return key.split(":", 1)[1] if key and key.startswith("section:") else None


def _sections(
    meeting: Meeting,
    plan: Plan,
    t: _Text,
    key: str | None,
    protected: bool,
    cache: SnapshotCache | None = None,
) -> list[LiveSection]:
    focused = _section_key(key)
    out: list[LiveSection] = []

    def text_section(name: str, title: str, value: str, always: bool = False) -> None:
        value = t(value)
        if not (value or always or focused == name):
            return
        items = (LiveItem(f"section:{name}", value),) if value else ()
        out.append(
            LiveSection(
                name, title, items, empty_text=_("Not written yet"), highlighted=focused == name
            )
        )

    def list_section(name: str, title: str, items: list[LiveItem], always: bool = False) -> None:
        hit = focused == name or any(i.highlighted for i in items)
        if not (items or always or hit):
            return
        out.append(
            LiveSection(
                name,
                title,
                tuple(items),
                numbered=True,
                empty_text=_("Not written yet"),
                highlighted=focused == name,
            )
        )

    questions = [
        LiveItem(f"question:{n}", t(q), key == f"question:{n}")
        for n, q in enumerate(meeting.questions)
        if t(q)
    ]
    list_section("questions", _("Questions for the meeting"), questions, always=True)
    text_section("reason", _("Why is a SIP made?"), plan.reason)
    care = [t(plan.care_contact)] + ([] if protected else [t(plan.contact_place)])
    text_section(
        "care_contact",
        _("Permanent care contact and contact place"),
        "\n".join(c for c in care if c),
    )
    text_section(
        "current_situation", _("Current situation and needs assessment"), plan.current_situation
    )
    text_section("strengths", _("What works well (strengths)"), plan.strengths)
    needs = [LiveItem(f"item:{n.id}", t(n.text), key == f"item:{n.id}") for n in plan.needs]
    list_section("needs", _("Needs"), [i for i in needs if i.text])
    goals_long = [
        LiveItem(f"item:{g.id}", t(g.text), key == f"item:{g.id}") for g in plan.long_term_goals
    ]
    list_section("long_term_goals", _("Long-term goals"), goals_long, always=True)
    make = cache.goal if cache is not None else _goal
    goals = tuple(make(n, g, t, key) for n, g in enumerate(plan.goals, start=1))
    out.append(
        LiveSection(
            "goals",
            _("Goals and planning"),
            goals=goals,
            empty_text=_("No goals written yet"),
            highlighted=focused == "goals",
        )
    )
    text_section("person_does_self", _("What the person does themselves"), plan.person_does_self)
    text_section(
        "others_measures",
        _("Measures by others than the municipality and the region"),
        plan.others_measures,
    )
    text_section(
        "own_view", _("The person's own view of the interventions"), plan.own_view, always=True
    )
    text_section(
        "relatives_view",
        _("Guardians' or relatives' view of the interventions"),
        plan.relatives_view,
    )
    disagreements = [
        LiveItem(
            f"item:{d.id}", ": ".join(x for x in (t(d.who), t(d.about)) if x), key == f"item:{d.id}"
        )
        for d in plan.disagreements
    ]
    list_section("disagreements", _("Disagreements"), [d for d in disagreements if d.text])
    main = meeting.participant(plan.main_responsible_id)
    main_text = (
        ", ".join(x for x in (t(main.name), t(main.title), t(main.organisation)) if x)
        if main
        else ""
    )
    text_section("main_responsible", _("Main responsible for the plan"), main_text, always=True)
    text_section("follow_up", _("Follow-up"), _follow_up_text(plan, t, protected), always=True)
    return out


def _goal(number: int, goal: Goal, t: _Text, key: str | None) -> LiveGoal:
    from sipdesk.model.reached import reached_text

    detail = []
    if goal.reached_on is not None:  # in words first: the room sees it without colour
        detail.append(reached_text(goal))
    if t(goal.measure):
        detail.append(_("Measured by: {how}").format(how=t(goal.measure)))
    if goal.target_date:
        detail.append(_("By: {date}").format(date=format_date(goal.target_date)))
    rows = []
    for item in goal.interventions:
        when = [t(item.time_plan)]
        if item.start or item.end:
            when.append(" – ".join(format_date(d) for d in (item.start, item.end) if d))
        rows.append(
            LiveRow(
                key=f"intervention:{item.id}",
                what=t(item.what),
                who=", ".join(x for x in (t(r.name) for r in item.responsible) if x),
                principal=(item.principal or item.actor).label
                if (item.principal or item.actor)
                else "",
                when="\n".join(w for w in when if w),
                highlighted=key == f"intervention:{item.id}",
            )
        )
    return LiveGoal(
        key=f"goal:{goal.id}",
        number=number,
        text=t(goal.text),
        detail=" · ".join(detail),
        rows=tuple(rows),
        highlighted=key == f"goal:{goal.id}",
        reached=goal.reached_on is not None,
    )


def _summary(meeting: Meeting, t: _Text, protected: bool, highlighted: bool) -> LiveSection:
    """The closing part's summary for the room: who does what, the huvudansvarig, and when and
    where the plan is followed up (the place masked for a protected identity, as everywhere)."""
    plan = meeting.plan
    items: list[LiveItem] = []
    for goal in plan.goals:
        for item in goal.interventions:
            who = ", ".join(x for x in (t(r.name) for r in item.responsible) if x)
            what = t(item.what)
            if not (who or what):
                continue
            when = t(item.time_plan)
            line = _("{who}: {what}").format(who=who or _("(no one yet)"), what=what or "…")
            if when:
                line += f" ({when})"
            items.append(LiveItem(f"summary:{item.id}", line))
    main = meeting.main_responsible  # the huvudansvarig participant (plan format 2)
    main_text = (
        ", ".join(x for x in (t(main.name), t(main.title), t(main.organisation)) if x)
        if main
        else ""
    )
    items.append(
        LiveItem(
            "summary:main_responsible",
            _("Main responsible for the plan: {name}").format(name=main_text or _("not chosen yet")),
        )
    )
    follow = _follow_up_text(plan, t, protected).replace("\n", ", ")
    items.append(
        LiveItem(
            "summary:follow_up",
            _("Follow-up: {when}").format(when=follow or _("not set yet")),
        )
    )
    return LiveSection(
        "summary",
        _("Summary: who does what, and when we meet again"),
        tuple(items),
        highlighted=highlighted,
    )


def _review_section(case: Case, meeting: Meeting, t: _Text, key: str) -> LiveSection | None:
    """During a follow-up review: the previous plan's points with their outcomes so far, the
    point being reviewed highlighted – the heart of a follow-up, for the person to see."""
    from sipdesk.model import review

    previous = review.previous_meeting(case, meeting)
    if previous is None:
        return None
    rev = meeting.review or review.review_view(case, meeting)
    items: list[LiveItem] = []

    def line(label: str, text: str, answer) -> str:
        out = f"{label}: {text or '…'}"
        if answer is not None and answer.outcome is not None:
            out += " — " + answer.outcome.label
        else:
            out += " — " + _("not reviewed yet")
        if answer is not None and t(answer.comment):
            out += "\n" + t(answer.comment)
        return out

    for n, goal in enumerate(previous.plan.goals, start=1):
        k = f"review:goal:{goal.id}"
        label = _("Goal {n}").format(n=n)
        items.append(LiveItem(k, line(label, t(goal.text), rev.for_goal(goal.id)), key == k))
        for item in goal.interventions:
            k = f"review:intervention:{item.id}"
            answer = rev.for_intervention(item.id)
            items.append(LiveItem(k, line(_("Intervention"), t(item.what), answer), key == k))
    if rev.decision is not None:
        items.append(
            LiveItem("review:decision", _("Decision: {d}").format(d=rev.decision.label), key == "review:decision")
        )
    return LiveSection(
        "review",
        _("Follow-up of plan version {v}").format(v=previous.plan.version),
        tuple(items),
    )


def _follow_up_text(plan: Plan, t: _Text, protected: bool) -> str:
    follow = plan.follow_up
    if follow is None or (follow.date is None and not follow.time and not follow.place):
        return ""
    when = format_date(follow.date)
    if follow.time:
        when = _("{date} at {time}").format(date=when, time=format_time(follow.time)).strip()
    lines = [when]
    if not protected:
        lines.append(t(follow.place))
    if follow.called_by:
        lines.append(_("Called by {name}").format(name=t(follow.called_by)))
    lines.append(t(follow.note))
    return "\n".join(x for x in lines if x)
