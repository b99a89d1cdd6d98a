"""The SIP domain as plain dataclasses: case, person, consent, meeting, participant, plan.

Pure Python and free of storage concerns: the store and the plan file both map to and from
these objects (see `planfile.py`). SIP.md §4 (the plan's content) and §6 (consent) are modelled
in full; the field comments give the Swedish term printed on the plan.
"""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from dataclasses import dataclass, field

from sipdesk.model.calendar_entry import CalendarEntry  # issue 15: the follow-up's .ics
from sipdesk.model.enums import (
    Actor,
    AgencyAnswer,
    Attendance,
    CaseStatus,
    ClosingReason,
    ConsentForm,
    ConsentRole,
    DecisionKind,
    InitiatedBy,
    MeetingKind,
    MeetingStatus,
    Principal,
)
from sipdesk.model.handout import Handout
from sipdesk.model.meetingdata import CircleState, Preparation
from sipdesk.model.participation import OwnViewSource, ParticipantRole
from sipdesk.model.relatives import Relative
from sipdesk.model.review import Review


def new_id() -> str:
    """A short random id, unique within a case."""
    return uuid.uuid4().hex[:12]


@dataclass
class Person:
    """The person the plan is about (Personuppgifter)."""

    name: str
    personnummer: str | None = None  # canonical YYYYMMDD-NNNN, checked on entry
    protected_identity: bool = False  # skyddade personuppgifter
    pseudonym: str = ""  # shown instead of the name wherever a protected case is displayed
    address: str = ""
    phone: str = ""
    interpreter_needed: bool = False  # tolkbehov
    interpreter_language: str = ""
    school: str = ""  # förskola/skola
    minors_affected: bool | None = None  # berörda minderåriga; None = not asked
    minors_count: int | None = None
    minors_birth_years: list[int] = field(default_factory=list)  # of the OTHER minors affected
    one_guardian: bool = False  # a child with only one guardian (ensam vårdnad)
    # protected values (issue 20): masked with the name wherever typed – see protection.py
    relatives: list[Relative] = field(default_factory=list)  # närstående: name, town, contact
    protected_words: list[str] = field(default_factory=list)  # other names/places (children …)

    @property
    def display_name(self) -> str:
        """The name to show on any screen or list: the pseudonym for a protected identity."""
        if self.protected_identity:
            return self.pseudonym or "—"
        return self.name


@dataclass
class Consent:
    """A consent record (Samtycke), SIP.md §6."""

    given_by: str
    relation: str = ""  # e.g. "the person", "vårdnadshavare", "god man"
    form: ConsentForm = ConsentForm.ORAL
    given_on: dt.date | None = None
    scope: str = ""  # what may be shared, with whom
    excluded_info: str = ""  # information the person excludes
    valid_until: dt.date | None = None
    withdrawn_on: dt.date | None = None
    id: str = field(default_factory=new_id)
    role: ConsentRole | None = None  # in what capacity; None = not stated (older files)

    def valid_on(self, day: dt.date) -> bool:
        """True when this consent covers `day`: given by then, not expired, not withdrawn."""
        if self.given_on is not None and self.given_on > day:
            return False
        if self.valid_until is not None and day > self.valid_until:
            return False
        return not (self.withdrawn_on is not None and self.withdrawn_on <= day)


@dataclass
class LegalDecision:
    """A decision that is the plan's basis instead of a consent – e.g. the social welfare board's
    decision on care under LVU. Recorded and printed as a decision, never as a consent."""

    kind: DecisionKind = DecisionKind.LVU
    decided_by: str = ""  # e.g. "Socialnämnden"
    decided_on: dt.date | None = None
    ended_on: dt.date | None = None  # care ended; the decision no longer carries the plan
    note: str = ""
    id: str = field(default_factory=new_id)

    def valid_on(self, day: dt.date) -> bool:
        if self.decided_on is not None and self.decided_on > day:
            return False
        return not (self.ended_on is not None and self.ended_on <= day)


@dataclass
class Initiative:
    """Who asked for or initiated the SIP, and when (the work starts without delay)."""

    by: str = ""  # name or role, e.g. "Förskolan" or "Mamman"
    organisation: str = ""
    on: dt.date | None = None
    kind: InitiatedBy | None = None  # the closed kind the figures break down by; None: not said


def same_party(party: str) -> str:
    """A *Kopia till* party as compared: case folded, runs of spaces as one ("BUP  umeå" is
    "BUP Umeå")."""
    return " ".join(party.split()).casefold()


@dataclass
class Participant:
    """Someone invited to the meeting (Medverkande)."""

    name: str
    title: str = ""  # befattning
    organisation: str = ""
    principal: Principal | None = None  # huvudman: kommun or region only
    phone: str = ""
    email: str = ""
    attendance: Attendance = Attendance.IN_PERSON
    id: str = field(default_factory=new_id)
    actor: Actor | None = None  # for whom else they come: the person, a relative, school, FK …
    # Kopia till-parties (as written in plan.copies_to) whose copy must not show this
    # participant's phone and e-mail – e.g. a foster home's phone kept from the birth parents.
    contact_withheld_from: list[str] = field(default_factory=list)
    # who this is to the person (participation.py); None in plans written before roles existed
    role: ParticipantRole | None = None

    def withholds_from(self, party: str | None) -> bool:
        """Whether the copy for `party` (as written in *Kopia till*) must not show this
        participant's phone and e-mail; case and spacing as typed do not matter."""
        return party is not None and same_party(party) in {
            same_party(p) for p in self.contact_withheld_from
        }


@dataclass
class Responsible:
    """One party responsible for an intervention: a participant, or someone named in text."""

    name: str
    participant_id: str | None = None


@dataclass
class Intervention:
    """An intervention or activity (Insats/aktivitet) for a short-term goal."""

    what: str
    principal: Principal | None = None  # the huvudman that answers for it: kommun or region
    responsible: list[Responsible] = field(default_factory=list)
    time_plan: str = ""  # "Påbörjas omgående", "1 gång per månad", ...
    start: dt.date | None = None
    end: dt.date | None = None
    id: str = field(default_factory=new_id)
    actor: Actor | None = None  # who carries it out when not the huvudman itself (utförare)

    @property
    def by_others(self) -> bool:
        """A measure taken by someone other than the municipality and the region (law point 3)."""
        return self.principal is None and self.actor is not None


@dataclass
class Goal:
    """A short-term goal (Kortsiktigt mål / delmål) with its interventions."""

    text: str
    need_id: str | None = None
    measure: str = ""  # how success is measured (SMART: mätbart)
    target_date: dt.date | None = None  # by when (SMART: tidsbestämt)
    accepted_by_person: bool | None = None  # SMART: accepterat
    interventions: list[Intervention] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    # Uppnått (issue 18): a reached goal stays in the plan, its history and the comparison
    reached_on: dt.date | None = None


@dataclass
class TextItem:
    """A numbered piece of text with a stable id: a need or a long-term goal."""

    text: str
    id: str = field(default_factory=new_id)


@dataclass
class Disagreement:
    """A recorded disagreement (oenighet): who, about what."""

    who: str
    about: str
    noted_on: dt.date | None = None
    id: str = field(default_factory=new_id)


@dataclass
class FollowUpBooking:
    """Uppföljning av SIP: when, where and who calls it."""

    date: dt.date | None = None
    time: dt.time | None = None
    place: str = ""
    called_by: str = ""
    note: str = ""  # e.g. "earlier if circumstances change"


@dataclass
class Plan:
    """One version of the plan, written at one meeting."""

    version: int = 1
    replaces_version: int | None = None
    reason: str = ""  # Varför görs SIP?
    current_situation: str = ""  # Aktuell situation / behovsbedömning
    strengths: str = ""  # Vad fungerar bra (styrkor)
    needs: list[TextItem] = field(default_factory=list)
    long_term_goals: list[TextItem] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)  # Mål och planering
    person_does_self: str = ""  # vad jag själv gör
    own_view: str = ""  # Egen uppfattning om insatserna
    own_view_source: OwnViewSource | None = None  # whose words own_view is (None: not said)
    relatives_view: str = ""  # Vårdnadshavarnas/närståendes uppfattning
    disagreements: list[Disagreement] = field(default_factory=list)
    # Huvudansvarig för planen: exactly one participant of the meeting (law point 4)
    main_responsible_id: str | None = None
    care_contact: str = ""  # Fast vårdkontakt (discharge)
    contact_place: str = ""  # Kontaktplats (discharge)
    # Åtgärder av andra än kommun och region (law point 3), beside the rows of other actors
    others_measures: str = ""
    follow_up: FollowUpBooking | None = None
    copies_to: list[str] = field(default_factory=list)  # Kopia till
    original_kept_by: str = ""

    def interventions(self) -> list[Intervention]:
        return [i for g in self.goals for i in g.interventions]


@dataclass
class Discharge:
    """SIP vid utskrivning (lag 2017:612): when the patient was reported ready for discharge,
    by which unit, and when the fast vårdkontakt called the SIP meeting (within three days)."""

    ready_date: dt.date | None = None  # utskrivningsklar
    ready_time: dt.time | None = None
    reported_by: str = ""  # the inpatient unit (enhet) that reported it
    called_on: dt.date | None = None  # the day the meeting was called


@dataclass
class AgencyRequest:
    """The social welfare board's request that a state agency take part (Försäkringskassan,
    Arbetsförmedlingen; SiS and Kriminalvården alike), its answer and who came."""

    agency: Actor = Actor.FORSAKRINGSKASSAN
    requested_on: dt.date | None = None
    requested_by: str = ""  # e.g. "Socialnämnden"
    answer: AgencyAnswer | None = None  # None = no answer yet
    answered_on: dt.date | None = None
    participant_id: str | None = None  # the agency's participant in this meeting
    note: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class Meeting:
    """A SIP meeting – first, follow-up or at discharge – with the plan version written there."""

    kind: MeetingKind = MeetingKind.FIRST
    date: dt.date | None = None
    start_time: dt.time | None = None
    place: str = ""
    planned_minutes: int = 90
    chair: str = ""
    note_taker: str = ""
    questions: list[str] = field(default_factory=list)  # frågeställningar
    participants: list[Participant] = field(default_factory=list)
    status: MeetingStatus = MeetingStatus.PLANNED
    plan: Plan = field(default_factory=Plan)
    review: Review | None = None  # follow-up only: the previous plan reviewed (review.py)
    id: str = field(default_factory=new_id)
    preparation: Preparation = field(default_factory=Preparation)  # see meetingdata.py
    circle: CircleState = field(default_factory=CircleState)  # the meeting circle's record
    handouts: list[Handout] = field(default_factory=list)  # printed copies (handout.py)
    discharge: Discharge | None = None  # SIP vid utskrivning only
    agencies: list[AgencyRequest] = field(default_factory=list)  # state agencies asked
    # issue 15: the follow-up's calendar file as last written – its SEQUENCE (calendar_entry.py)
    calendar: CalendarEntry = field(default_factory=CalendarEntry)

    def participant(self, participant_id: str | None) -> Participant | None:
        return next((p for p in self.participants if p.id == participant_id), None)

    @property
    def main_responsible(self) -> Participant | None:
        """The plan's huvudansvarig: the participant the plan names, or None."""
        return self.participant(self.plan.main_responsible_id)


@dataclass
class Closing:
    """Avslut: when and why the plan ended, and who was told."""

    date: dt.date
    reason: ClosingReason
    told: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Case:
    """A SIP case: the person, their consents, and the meetings with their plan versions."""

    person: Person
    consents: list[Consent] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    closing: Closing | None = None
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    initiative: Initiative | None = None  # who asked for the SIP, and when
    decisions: list[LegalDecision] = field(default_factory=list)  # e.g. LVU, in place of consent

    @property
    def status(self) -> CaseStatus:
        if self.closing is not None:
            return CaseStatus.CLOSED
        if any(m.status is not MeetingStatus.PLANNED for m in self.meetings):
            return CaseStatus.ACTIVE
        return CaseStatus.PREPARING

    @property
    def current_meeting(self) -> Meeting | None:
        return self.meetings[-1] if self.meetings else None

    @property
    def current_plan(self) -> Plan | None:
        meeting = self.current_meeting
        return meeting.plan if meeting else None

    @property
    def next_follow_up(self) -> dt.date | None:
        """The booked follow-up date of the newest plan, unless the case is closed."""
        plan = self.current_plan
        if self.closing is not None or plan is None or plan.follow_up is None:
            return None
        return plan.follow_up.date

    def is_editable(self, meeting: Meeting) -> bool:
        """Only the newest meeting of an open case may change; earlier versions stay intact."""
        return self.closing is None and meeting is self.current_meeting

    def valid_consents(self, day: dt.date) -> list[Consent]:
        return [c for c in self.consents if c.valid_on(day)]

    def valid_decisions(self, day: dt.date) -> list[LegalDecision]:
        return [d for d in self.decisions if d.valid_on(day)]

    def days_to_first_meeting(self) -> int | None:
        """Days from the request (initiative) to the first meeting; None when either is unknown."""
        first = self.meetings[0].date if self.meetings else None
        if self.initiative is None or self.initiative.on is None or first is None:
            return None
        return (first - self.initiative.on).days

    def start_follow_up(self, date: dt.date | None = None) -> Meeting:
        """Add a follow-up meeting whose plan starts as a copy of the previous version.

        The previous meeting and its plan are left untouched; ids of goals and interventions
        are kept so the follow-up can review them point by point.
        """
        if self.closing is not None:
            raise ValueError("a closed case takes no new meetings")
        previous = self.current_meeting
        if previous is None:
            meeting = Meeting(kind=MeetingKind.FIRST, date=date)
            self.meetings.append(meeting)
            return meeting
        plan = copy.deepcopy(previous.plan)
        plan.version = previous.plan.version + 1
        plan.replaces_version = previous.plan.version
        plan.follow_up = None
        participants = [copy.deepcopy(p) for p in previous.participants]
        meeting = Meeting(
            kind=MeetingKind.FOLLOW_UP,
            date=date,
            place="",
            planned_minutes=previous.planned_minutes,
            chair=previous.chair,
            note_taker=previous.note_taker,
            participants=participants,
            plan=plan,
        )
        self.meetings.append(meeting)
        return meeting
