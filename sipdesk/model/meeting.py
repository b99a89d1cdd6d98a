"""The meeting circle (Mötescirkeln, SIP.md §3) as a state machine over a meeting's `CircleState`.

Five parts with a share of the planned time each; start, pause, next and back; the time actually
spent in each part; the chair's prompts ticked per part; speaking rounds; dated notes.

The clock is injected: every operation that needs the time takes `now`, seconds since the epoch
(the GUI passes `time.time()`, tests pass what they like). Nothing here reads the clock itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sipdesk.i18n import N_, _
from sipdesk.model.changes import Change
from sipdesk.model.entities import Case, Disagreement, Meeting
from sipdesk.model.enums import Actor, MeetingStatus
from sipdesk.model.meetingdata import (
    DEFAULT_SHARES,
    PART_KEYS,
    CircleNote,
    CircleState,
    NoteKind,
    PartRecord,
)

PART_LABELS: dict[str, str] = {
    "opening": N_("Opening"),
    "situation": N_("Current situation"),
    "needs": N_("Needs and goals"),
    "summary": N_("Summary"),
    "closing": N_("Closing of the meeting"),
}

WARNING_SHARE = 0.15  # the countdown turns amber when less than this share of the part is left
WARNING_MIN_SECONDS = 60

# The chair's prompts per part: our own wording of SIP.md §3, as a checklist. Keys are stable
# (they are stored when ticked); the text is translated where it is shown.
PROMPTS: dict[str, tuple[tuple[str, str], ...]] = {
    "opening": (
        ("welcome", N_("Welcome everyone; present yourself and who takes notes")),
        ("person_first", N_("Let the person present themselves first, then the others in turn")),
        ("consent", N_("Go through consent and professional secrecy")),
        ("purpose", N_("Say the purpose and the questions the meeting must answer")),
        ("time", N_("Say how much time is set aside; can everyone stay to the end?")),
        ("views", N_("If views differ, say so openly and how the meeting will handle it")),
    ),
    "situation": (
        ("round", N_("Go round the table: each says briefly how things are now")),
        ("strengths", N_("Ask what works well – strengths, not only problems")),
        ("short", N_("Keep each turn short")),
    ),
    "needs": (
        ("important", N_("Ask the person: What is most important to you?")),
        ("needs", N_("Turn the questions into needs, each with a goal")),
        ("long_term", N_("Agree the long-term goal, in the person's words")),
        ("short_term", N_("Agree short-term goals that can be followed up")),
        ("who_what", N_("For each intervention: who, what, when, how often, where")),
        ("self", N_("Ask what the person and the family will do themselves")),
        ("jargon", N_("Ask people to explain words and abbreviations")),
        ("own_view", N_("Ask for the person's own view of the interventions")),
    ),
    "summary": (
        ("read_back", N_("Read back who does what")),
        ("disagreements", N_("Record any disagreement in the plan")),
        (
            "main_responsible",
            N_("Ask whom the person wants as main responsible; appoint and explain the role"),
        ),
        ("understood", N_("Check that the person has understood the plan")),
        ("relatives_view", N_("Ask the guardians or relatives for their view")),
    ),
    "closing": (
        ("follow_up", N_("Book the follow-up meeting now")),
        ("copies", N_("Agree who gets a copy and who keeps the original")),
        ("satisfied", N_("Ask whether the person is satisfied with the meeting")),
        ("evaluation", N_("Short evaluation: What worked well? What could be done differently?")),
    ),
}


class CircleError(ValueError):
    """An operation the circle cannot do now; the message says what to do instead."""


@dataclass(frozen=True)
class Speaker:
    """One seat in the speaking round: the person first, then the participants in order."""

    id: str  # "person" or a participant id
    name: str
    role: str


@dataclass(frozen=True)
class CircleStatus:
    """Where the meeting stands at `now`: what the chair's clock and the shared screen show."""

    started: bool
    paused: bool
    finished: bool
    index: int
    key: str
    label: str
    budget_seconds: int
    part_elapsed_seconds: int
    seconds_left: int  # negative on overrun
    warning: bool  # near the end of the part
    overrun: bool
    next_index: int | None
    next_key: str | None
    next_label: str | None
    elapsed_seconds: int  # the whole meeting, pauses excluded
    planned_seconds: int


def part_label(key: str) -> str:
    return _(PART_LABELS[key])


def _state(meeting: Meeting) -> CircleState:
    """The meeting's circle, repaired if a file carried fewer parts or shares than five."""
    circle = meeting.circle
    have = {p.key: p for p in circle.parts}
    if [p.key for p in circle.parts] != list(PART_KEYS):
        circle.parts = [have.get(k) or PartRecord(k) for k in PART_KEYS]
    if len(circle.shares) != len(PART_KEYS) or sum(circle.shares) <= 0:
        circle.shares = list(DEFAULT_SHARES)
    circle.current = min(max(circle.current, 0), len(PART_KEYS) - 1)
    return circle


def budgets(meeting: Meeting) -> list[int]:
    """Seconds set aside for each part: the planned length split by the shares."""
    circle = _state(meeting)
    total = max(meeting.planned_minutes, 0) * 60
    weight = sum(circle.shares)
    return [round(total * s / weight) for s in circle.shares]


def _epoch(circle: CircleState) -> int:
    """When the meeting started, in seconds since the epoch (0 when not started)."""
    if not circle.started_at:
        return 0
    try:
        moment = dt.datetime.fromisoformat(circle.started_at.replace("Z", "+00:00"))
    except ValueError:
        return 0
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return int(moment.timestamp())


def _since_start(circle: CircleState, now: float) -> int:
    return int(now) - _epoch(circle)


def _running(circle: CircleState, now: float) -> int:
    if circle.running_since is None:
        return 0
    # a clock set back never gives negative time
    return max(_since_start(circle, now) - circle.running_since, 0)


def spent(meeting: Meeting, index: int, now: float) -> int:
    """Seconds spent in part `index` so far, the running stretch included."""
    circle = _state(meeting)
    extra = _running(circle, now) if index == circle.current else 0
    return circle.parts[index].spent_seconds + extra


def circle_status(meeting: Meeting, now: float) -> CircleStatus:
    """The circle's state at `now` – pure: reads the meeting, changes nothing."""
    circle = _state(meeting)
    index = circle.current
    key = PART_KEYS[index]
    budget = budgets(meeting)[index]
    part_elapsed = spent(meeting, index, now)
    left = budget - part_elapsed
    nxt = index + 1 if index + 1 < len(PART_KEYS) else None
    elapsed = sum(p.spent_seconds for p in circle.parts) + _running(circle, now)
    started = bool(circle.started_at)
    return CircleStatus(
        started=started,
        paused=started and circle.running_since is None and not circle.finished,
        finished=circle.finished,
        index=index,
        key=key,
        label=part_label(key),
        budget_seconds=budget,
        part_elapsed_seconds=part_elapsed,
        seconds_left=left,
        warning=0 <= left <= max(budget * WARNING_SHARE, WARNING_MIN_SECONDS) and started,
        overrun=left < 0,
        next_index=nxt,
        next_key=PART_KEYS[nxt] if nxt is not None else None,
        next_label=part_label(PART_KEYS[nxt]) if nxt is not None else None,
        elapsed_seconds=elapsed,
        planned_seconds=max(meeting.planned_minutes, 0) * 60,
    )


def _close_stretch(circle: CircleState, now: float) -> None:
    circle.parts[circle.current].spent_seconds += _running(circle, now)
    if circle.running_since is not None:
        circle.running_since = max(_since_start(circle, now), circle.running_since)


# --- the clock -------------------------------------------------------------------------------


def start(meeting: Meeting, now: float) -> Change:
    """Start the meeting (or resume it after a pause)."""
    circle = _state(meeting)
    if circle.finished:
        raise CircleError(_("The meeting is finished. Go back a part to continue it."))
    if not circle.started_at:
        moment = dt.datetime.fromtimestamp(int(now), dt.UTC)
        circle.started_at = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        meeting.status = MeetingStatus.IN_PROGRESS
    if circle.running_since is None:
        circle.running_since = max(_since_start(circle, now), 0)
    return Change("circle")


def pause(meeting: Meeting, now: float) -> Change:
    circle = _state(meeting)
    if circle.running_since is not None:
        _close_stretch(circle, now)
        circle.running_since = None
    return Change("circle")


def toggle(meeting: Meeting, now: float) -> Change:
    """Start, pause or resume – the one key the chair presses for the clock."""
    circle = _state(meeting)
    if circle.running_since is None:
        return start(meeting, now)
    return pause(meeting, now)


def go_to(meeting: Meeting, index: int, now: float) -> Change:
    """Move to part `index`; time runs on in the new part if it was running."""
    circle = _state(meeting)
    if not 0 <= index < len(PART_KEYS):
        raise CircleError(_("There is no such part of the meeting."))
    _close_stretch(circle, now)
    circle.current = index
    circle.finished = False
    return Change("circle")


def next_part(meeting: Meeting, now: float) -> Change:
    """The next part; after the closing part the meeting is finished and the clock stops."""
    circle = _state(meeting)
    if not circle.started_at:
        start(meeting, now)
    if circle.current + 1 < len(PART_KEYS):
        return go_to(meeting, circle.current + 1, now)
    return finish(meeting, now)


def previous_part(meeting: Meeting, now: float) -> Change:
    circle = _state(meeting)
    if circle.finished:
        circle.finished = False
        meeting.status = MeetingStatus.IN_PROGRESS
        return Change("circle")
    if circle.current == 0:
        return Change("circle")
    return go_to(meeting, circle.current - 1, now)


def finish(meeting: Meeting, now: float) -> Change:
    circle = _state(meeting)
    pause(meeting, now)
    circle.finished = True
    meeting.status = MeetingStatus.HELD
    return Change("circle")


def set_shares(meeting: Meeting, shares: Sequence[int]) -> Change:
    """Change the parts' shares of the time (percent); they must add up to 100."""
    values = [int(s) for s in shares]
    if len(values) != len(PART_KEYS) or any(v < 0 for v in values):
        raise CircleError(_("Give a share of 0–100 % for each of the five parts."))
    if sum(values) != 100:
        raise CircleError(
            _("The shares add up to {total} %; make them add up to 100 %.").format(
                total=sum(values)
            )
        )
    _state(meeting).shares = values
    return Change("circle")


def check_shares(text: str) -> list[int]:
    """Shares typed as "10, 20, 45, 15, 10"; raises CircleError saying what to write."""
    try:
        values = [int(x) for x in text.replace(";", ",").split(",") if x.strip()]
    except ValueError:
        raise CircleError(_("Write five whole numbers separated by commas, e.g. 10, 20, 45, 15, 10.")) from None
    if len(values) != len(PART_KEYS) or any(v < 0 for v in values):
        raise CircleError(_("Give a share of 0–100 % for each of the five parts."))
    if sum(values) != 100:
        raise CircleError(
            _("The shares add up to {total} %; make them add up to 100 %.").format(total=sum(values))
        )
    return values


def parse_shares(text: str) -> list[int]:
    """Shares written as "10,20,45,15,10" (the settings value); defaults when unreadable."""
    try:
        values = [int(x) for x in text.replace(";", ",").split(",")]
    except ValueError:
        return list(DEFAULT_SHARES)
    if len(values) != len(PART_KEYS) or any(v < 0 for v in values) or sum(values) != 100:
        return list(DEFAULT_SHARES)
    return values


# --- prompts and speaking rounds -------------------------------------------------------------


def prompts(key: str) -> list[tuple[str, str]]:
    """The chair's checklist for part `key`: (prompt key, translated text)."""
    return [(k, _(text)) for k, text in PROMPTS[key]]


def tick_prompt(meeting: Meeting, part_key: str, prompt_key: str, ticked: bool) -> Change:
    part = _state(meeting).parts[PART_KEYS.index(part_key)]
    if ticked and prompt_key not in part.ticked:
        part.ticked.append(prompt_key)
    elif not ticked and prompt_key in part.ticked:
        part.ticked.remove(prompt_key)
    return Change("circle")


def next_unticked_prompt(meeting: Meeting) -> str | None:
    circle = _state(meeting)
    part = circle.parts[circle.current]
    return next((k for k, _t in PROMPTS[part.key] if k not in part.ticked), None)


def speaking_order(case: Case, meeting: Meeting) -> list[Speaker]:
    """The person first, then their own side (relatives), then the professionals in list order.

    Names pass through the case's Redactor: a protected person appears under the pseudonym.
    """
    from sipdesk.model.protection import Redactor

    redact = Redactor.for_person(case.person).text
    people = [p for p in meeting.participants if p.actor is Actor.PERSON]
    relatives = [p for p in meeting.participants if p.actor is Actor.RELATIVE]
    others = [p for p in meeting.participants if p not in people and p not in relatives]
    out = []
    if not people:
        out.append(Speaker("person", case.person.display_name, _("The person")))
    for p in people + relatives + others:
        role = ", ".join(x for x in (p.title, p.organisation) if x)
        out.append(Speaker(p.id, redact(p.name), redact(role)))
    return out


def tick_speaker(meeting: Meeting, speaker_id: str, spoken: bool) -> Change:
    circle = _state(meeting)
    part = circle.parts[circle.current]
    if spoken and speaker_id not in part.spoken:
        part.spoken.append(speaker_id)
    elif not spoken and speaker_id in part.spoken:
        part.spoken.remove(speaker_id)
    return Change("circle")


def tick_next_speaker(case: Case, meeting: Meeting) -> str | None:
    """Tick the first speaker in order who has not spoken in this round; returns their id."""
    circle = _state(meeting)
    part = circle.parts[circle.current]
    for speaker in speaking_order(case, meeting):
        if speaker.id not in part.spoken:
            part.spoken.append(speaker.id)
            return speaker.id
    return None


def new_round(meeting: Meeting) -> Change:
    """Go round the table again: nobody has spoken yet in the new round."""
    circle = _state(meeting)
    part = circle.parts[circle.current]
    part.rounds += 1
    part.spoken.clear()
    return Change("circle")


# --- notes and disagreements -----------------------------------------------------------------


def _stamp(now: float) -> tuple[dt.date, dt.time]:
    moment = dt.datetime.fromtimestamp(int(now))
    return moment.date(), dt.time(moment.hour, moment.minute)


def add_note(meeting: Meeting, kind: NoteKind, text: str, now: float) -> Change:
    """A dated note: rådrum (text = the new time set), samråd offered, a pause."""
    circle = _state(meeting)
    day, at = _stamp(now)
    note = CircleNote(kind, day, at, PART_KEYS[circle.current], text.strip())
    circle.notes.append(note)
    if kind is NoteKind.PAUSE:
        pause(meeting, now)
    return Change("circle", note.id)


def record_disagreement(meeting: Meeting, who: str, about: str, now: float) -> Change:
    """Record a disagreement in the plan (it is printed there) and as a dated note."""
    who, about = who.strip(), about.strip()
    if not who or not about:
        raise CircleError(_("Write who disagrees and about what."))
    day, at = _stamp(now)
    item = Disagreement(who, about, day)
    meeting.plan.disagreements.append(item)
    circle = _state(meeting)
    circle.notes.append(
        CircleNote(NoteKind.DISAGREEMENT, day, at, PART_KEYS[circle.current], f"{who}: {about}")
    )
    return Change("disagreement", item.id)
