"""The plan check: each rule fires alone on a plan that breaks only it; the demo plans pass."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings

from sipdesk.model import planfile, quality
from sipdesk.model.entities import (
    Case,
    Consent,
    Disagreement,
    FollowUpBooking,
    Goal,
    Intervention,
    Meeting,
    Participant,
    Person,
    Plan,
    Responsible,
    TextItem,
)
from sipdesk.model.enums import Actor, Attendance, MeetingStatus, Principal
from sipdesk.model.participation import OwnViewSource
from tests.conftest import DEMO
from tests.strategies import cases as case_strategy
from tests.strategies import dates

TODAY = dt.date(2026, 11, 23)
MEETING_DAY = dt.date(2026, 11, 20)


def clean_case() -> Case:
    """A small plan that satisfies every rule of the check."""
    need = TextItem("Sova bättre", id="need1")

    def item(what: str, principal: Principal | None, ident: str, actor=None) -> Intervention:
        return Intervention(
            what, principal, [Responsible("Eva")], "Varje vecka", id=ident, actor=actor
        )

    goal = Goal(
        "Kim sover minst sex timmar de flesta nätter",
        need_id="need1",
        measure="Sömndagbok",
        target_date=dt.date(2027, 2, 1),
        interventions=[
            item("Samtalsbehandling", Principal.REGION, "i1"),
            item("Boendestöd", Principal.KOMMUN, "i2"),
            item("Går och lägger sig före 23", None, "i3", Actor.PERSON),
            item("Sömnskola", Principal.REGION, "i4"),
            item("Hjälp med dygnsrytmen", Principal.KOMMUN, "i5"),
        ],
        id="g1",
    )
    plan = Plan(
        reason="Kim behöver stöd från både kommun och region.",
        current_situation="Kim sover dåligt och har svårt att klara vardagen.",
        needs=[need],
        long_term_goals=[TextItem("Kim har en fungerande vardag", id="lt1")],
        goals=[goal],
        own_view="Jag vill kunna sova.",
        main_responsible_id="p-eva",
        follow_up=FollowUpBooking(date=dt.date(2027, 2, 10)),
    )
    meeting = Meeting(
        date=MEETING_DAY,
        status=MeetingStatus.HELD,
        participants=[
            Participant("Kim", actor=Actor.PERSON, id="p-kim"),
            Participant("Eva Ek", "Kurator", "Vårdcentralen", Principal.REGION, id="p-eva"),
        ],
        plan=plan,
    )
    plan.own_view_source = OwnViewSource.PERSON  # the person's own words (participation.py)
    meeting.preparation.prepared_with_person = True
    return Case(
        Person("Kim Test"),
        consents=[Consent("Kim", given_on=dt.date(2026, 11, 1))],
        meetings=[meeting],
    )


def codes(case: Case) -> set[str]:
    return {f.code for f in quality.check(case, today=TODAY)}


def test_the_clean_plan_has_no_findings():
    assert quality.check(clean_case(), today=TODAY) == []


def _plan(case: Case) -> Plan:
    return case.meetings[-1].plan


def _strip_interventions(c: Case) -> None:
    for g in _plan(c).goals:
        g.interventions = []


BREAKS = {
    # errors: the four legal points, consent, one huvudansvarig
    "law-1-interventions": lambda c: [
        setattr(i, "what", "") for i in _plan(c).interventions()
    ],
    "law-2-principals": lambda c: [
        (setattr(i, "principal", None), setattr(i, "actor", Actor.OTHER))
        for i in _plan(c).interventions()
    ],
    "law-3-others": lambda c: (setattr(_plan(c).goals[0].interventions[2], "principal",
                                       Principal.KOMMUN),
                               setattr(_plan(c).goals[0].interventions[2], "actor", None)),
    "law-4-main-responsible": lambda c: setattr(_plan(c), "main_responsible_id", None),
    "law-4-principal": lambda c: setattr(c.meetings[-1].participants[1], "principal", None),
    "main-responsible-several": lambda c: setattr(
        c.meetings[-1].participants[1], "name", "Eva Ek och Bo Ek"
    ),
    "consent": lambda c: setattr(c.consents[0], "withdrawn_on", dt.date(2026, 11, 10)),
    # warnings
    "reason": lambda c: setattr(_plan(c), "reason", " "),
    "own-view": lambda c: setattr(_plan(c), "own_view", ""),
    "follow-up-missing": lambda c: setattr(_plan(c), "follow_up", None),
    "follow-up-past": lambda c: setattr(_plan(c).follow_up, "date", dt.date(2026, 11, 22)),
    "need-without-goal": lambda c: _plan(c).needs.append(TextItem("Skola")),
    "goal-without-intervention": lambda c: _plan(c).goals.append(
        Goal("Kim går till skolan varje dag", measure="Närvaro", target_date=TODAY,
             need_id="need1")
    ),
    "intervention-no-principal": lambda c: setattr(
        _plan(c).goals[0].interventions[0], "principal", None
    ),
    "intervention-no-responsible": lambda c: setattr(
        _plan(c).goals[0].interventions[0], "responsible", []
    ),
    "intervention-no-time-plan": lambda c: setattr(
        _plan(c).goals[0].interventions[0], "time_plan", ""
    ),
    "goal-no-measure": lambda c: setattr(_plan(c).goals[0], "measure", ""),
    "goal-no-date": lambda c: setattr(_plan(c).goals[0], "target_date", None),
    "goal-is-intervention": lambda c: setattr(
        _plan(c).goals[0], "text", "Neuropsykiatrisk utredning"
    ),
    "goal-is-diagnosis": lambda c: setattr(_plan(c).goals[0], "text", "Nykterhet"),
    "disagreement-undescribed": lambda c: _plan(c).disagreements.append(
        Disagreement("Mamman", "")
    ),
    "participant-signature": lambda c: c.meetings[-1].participants.append(
        Participant("", principal=Principal.KOMMUN)
    ),
}  # fmt: skip


@pytest.mark.parametrize("code", sorted(BREAKS))
def test_a_plan_breaking_one_rule_gets_exactly_that_finding(code):
    case = clean_case()
    BREAKS[code](case)
    findings = quality.check(case, today=TODAY)
    assert {f.code for f in findings} == {code}
    for f in findings:
        assert f.message and f.path
        expected = quality.Severity.ERROR if code in ERRORS else quality.Severity.WARNING
        assert f.severity is expected


ERRORS = {
    "law-1-interventions",
    "law-2-principals",
    "law-3-others",
    "law-4-main-responsible",
    "law-4-principal",
    "main-responsible-several",
    "consent",
}


def test_paths_point_at_the_field_and_carry_the_item_id():
    case = clean_case()
    _plan(case).goals[0].interventions[1].principal = None
    (finding,) = quality.check(case, today=TODAY)
    assert finding.path == "plan.goals[0].interventions[1].principal"
    assert finding.item_id == "i2"


def test_messages_are_swedish_and_say_what_to_do():
    case = clean_case()
    _plan(case).main_responsible_id = None
    (finding,) = quality.check(case, today=TODAY)
    assert "huvudansvarig" in finding.message and "punkt 4" in finding.message


@pytest.mark.parametrize("field", ["person_does_self", "others_measures"])
def test_law_point_3_is_met_by_the_persons_own_or_its_own_line(field):
    case = clean_case()
    item = _plan(case).goals[0].interventions[2]
    item.principal, item.actor = Principal.KOMMUN, None
    assert codes(case) == {"law-3-others"}
    assert quality.check(case, today=TODAY)[0].path == "plan.others_measures"
    setattr(_plan(case), field, "Ingen annan aktör vidtar åtgärder.")
    assert codes(case) == set()


def test_consent_must_cover_the_meeting_date_not_today():
    case = clean_case()
    case.consents[0].given_on = dt.date(2026, 11, 21)  # after the meeting
    assert codes(case) == {"consent"}
    case.consents[0].given_on = dt.date(2026, 11, 1)
    case.consents[0].valid_until = dt.date(2026, 11, 19)
    assert codes(case) == {"consent"}


def test_errors_come_first_and_closed_case_needs_no_follow_up():
    case = clean_case()
    _plan(case).reason = ""
    _plan(case).main_responsible_id = None
    findings = quality.check(case, today=TODAY)
    assert [f.severity for f in findings] == [quality.Severity.ERROR, quality.Severity.WARNING]
    assert quality.error_count(case, TODAY) == 1
    case = clean_case()
    _plan(case).follow_up = None
    from sipdesk.model.entities import Closing
    from sipdesk.model.enums import ClosingReason

    case.closing = Closing(TODAY, ClosingReason.GOALS_MET)
    assert codes(case) == set()
    assert quality.error_count(case, TODAY) == 0


def test_an_absent_participant_needs_no_signature_line():
    case = clean_case()
    case.meetings[-1].participants.append(
        Participant("", principal=Principal.KOMMUN, attendance=Attendance.ABSENT)
    )
    assert codes(case) == set()


@pytest.mark.parametrize(
    "text",
    ["Neuropsykiatrisk utredning", "Att få en utredning", "Stödsamtal", "KBT", "Information",
     "Boendestöd 5 timmar/vecka"],
)  # fmt: skip
def test_intervention_like_goals_are_flagged(text):
    assert quality.goal_looks_like_intervention(Goal(text))


@pytest.mark.parametrize("text", ["Nykterhet", "ADHD-diagnos", "Drogfrihet", "Depression"])
def test_diagnosis_like_goals_are_flagged(text):
    assert quality.goal_looks_like_diagnosis(Goal(text))


@pytest.mark.parametrize(
    "text",
    ["Jesper sover på nätterna och är vaken på dagarna",
     "Föräldrarna och Linus har kunskap om diabetessjukdomen och hur den ska skötas",
     "Informationen från skolan når föräldrarna", "Kim mår bra utan droger",
     "Bättre balans", "Ökad trivsel i hemmet"],
)  # fmt: skip
def test_state_goals_are_not_flagged(text):
    goal = Goal(text)
    assert not quality.goal_looks_like_intervention(goal)
    assert not quality.goal_looks_like_diagnosis(goal)


def test_a_goal_that_repeats_its_own_intervention_is_flagged():
    goal = Goal(
        "Föräldragrupp varje tisdag", interventions=[Intervention("Föräldragrupp varje tisdag")]
    )
    assert quality.goal_looks_like_intervention(goal)


@pytest.mark.parametrize("path", sorted(DEMO.glob("*.json")), ids=lambda p: p.stem)
def test_demo_plans_have_no_errors_and_no_goal_is_misread(path):
    case = planfile.read(path)
    findings = quality.check(case, today=TODAY)
    assert [f for f in findings if f.is_error] == []
    assert not {"goal-is-intervention", "goal-is-diagnosis"} & {f.code for f in findings}


@settings(max_examples=80)
@given(case_strategy(), dates)
def test_every_finding_points_at_a_real_field(case, today):
    for meeting in case.meetings or [None]:
        for finding in quality.check(case, meeting, today):
            if finding.code == "no-plan":
                continue
            target, attribute = quality.resolve(case, meeting, finding.path)
            if attribute is not None:
                assert hasattr(target, attribute)
            if finding.item_id is not None:
                assert finding.item_id == target.id


def test_resolve_finds_the_intervention_field():
    case = clean_case()
    meeting = case.meetings[-1]
    target, attribute = quality.resolve(case, meeting, "plan.goals[0].interventions[1].principal")
    assert target is meeting.plan.goals[0].interventions[1] and attribute == "principal"
    assert quality.resolve(case, meeting, "participants[1]") == (meeting.participants[1], None)
    assert quality.resolve(case, meeting, "consents") == (case, "consents")
    with pytest.raises(LookupError):
        quality.resolve(case, meeting, "plan.goals[5].text")


# --- the rules of the law, the guide and the audits, on the guide's own four plans ----------
#
# Each new rule: a demo plan is first brought into the variant the rule is about (discharge, a
# follow-up, a state agency asked) without any new finding, then broken in exactly that rule –
# and must get exactly that one finding more than the unmutated plan.

from collections import Counter  # noqa: E402

from sipdesk.model import personnummer as pn  # noqa: E402
from sipdesk.model.entities import AgencyRequest, Discharge  # noqa: E402
from sipdesk.model.enums import AgencyAnswer, ConsentRole, MeetingKind  # noqa: E402

GUIDE_PLANS = ["1-josef", "2-alice", "3-kasim", "4-linus"]
NEW_RULES = {
    "law-2-one-principal", "needs-assessment-empty", "needs-none", "long-term-goal-missing",
    "consent-ends-before-follow-up", "follow-up-far", "review-unanswered", "consent-is-decision",
    "discharge-care-contact", "discharge-contact-place", "discharge-ready-missing",
    "discharge-three-days", "discharge-follow-up-home", "child-guardians", "child-own-consent",
    "agency-no-answer", "agency-absent",
}  # fmt: skip
NEW_ERRORS = {"discharge-care-contact", "discharge-contact-place"}
NEW_HINTS = {"follow-up-far"}


def _meeting(c: Case) -> Meeting:
    return c.meetings[-1]


def _codes(case: Case) -> Counter:
    return Counter(f.code for f in quality.check(case, today=TODAY))


def _born_years_before(c: Case, years: int) -> None:
    day = _meeting(c).date
    born = day.replace(year=day.year - years) - dt.timedelta(days=30)
    nine = born.strftime("%y%m%d") + "982"
    c.person.personnummer = born.strftime("%Y%m%d") + f"-982{pn.luhn_digit(nine)}"


def as_discharge(c: Case) -> None:
    m = _meeting(c)
    m.kind = MeetingKind.DISCHARGE
    m.plan.care_contact = "Karin Holm, kurator, 018-611 00 02"
    m.plan.contact_place = "Barnmedicinska mottagningen"
    m.discharge = Discharge(
        m.date - dt.timedelta(days=2), dt.time(10, 0), "Avdelning 95", m.date - dt.timedelta(days=1)
    )


def as_follow_up(c: Case, answered: bool = True) -> None:
    from sipdesk.model import review

    previous = _meeting(c)
    meeting = c.start_follow_up(previous.plan.follow_up.date)
    meeting.status = MeetingStatus.HELD
    meeting.plan.follow_up = FollowUpBooking(date=meeting.date + dt.timedelta(days=90))
    rev = review.ensure_review(c, meeting)
    if answered:
        for r in rev.goals:
            r.outcome = review.GoalOutcome.PARTLY
        for r in rev.interventions:
            r.outcome = review.InterventionOutcome.ONGOING
        rev.decision = review.Decision.CONTINUE


def with_agency(c: Case) -> None:
    m = _meeting(c)
    person = Participant("Lena Fors", "Handläggare", "Försäkringskassan", actor=Actor.FORSAKRINGSKASSAN)
    m.participants.append(person)
    m.agencies.append(
        AgencyRequest(Actor.FORSAKRINGSKASSAN, m.date - dt.timedelta(days=14), "Socialnämnden",
                      AgencyAnswer.WILL_ATTEND, m.date - dt.timedelta(days=10), person.id)
    )


def _no_basis_but_consent(c: Case) -> None:
    c.decisions = []


def _one_guardian_each(c: Case) -> None:
    c.decisions = []
    c.consents = [x for x in c.consents if x.role not in (ConsentRole.GOD_MAN, ConsentRole.FORVALTARE)]
    if not any(x.role is ConsentRole.GUARDIAN for x in c.consents):
        c.consents.append(Consent("Mamman", "Vårdnadshavare", role=ConsentRole.GUARDIAN,
                                  given_on=_meeting(c).date - dt.timedelta(days=5)))
    for x in c.consents:
        if x.role is ConsentRole.GUARDIAN:
            x.given_by, x.relation = "Mamman", "Vårdnadshavare"
    if not any(x.role is ConsentRole.PERSON for x in c.consents) and "kasim" in c.person.name.lower():
        pass


def _sixteen_without_own_consent(c: Case) -> None:
    c.decisions = []
    _born_years_before(c, 16)
    c.consents = [x for x in c.consents if x.role is not ConsentRole.PERSON]
    if not c.consents:
        c.consents.append(Consent("Föräldrarna", "Vårdnadshavare (båda)", role=ConsentRole.GUARDIAN))


def _one_principal(c: Case) -> None:
    for i in _meeting(c).plan.interventions():
        if i.principal is Principal.REGION:
            i.principal = Principal.KOMMUN


def _consent_ends(c: Case) -> None:
    c.decisions = []
    end = _meeting(c).plan.follow_up.date - dt.timedelta(days=1)
    for x in c.consents:
        x.valid_until = end


# code -> (bring the plan into the variant (no new finding), break exactly the rule)
DEMO_BREAKS = {
    "law-2-one-principal": (None, _one_principal),
    "needs-assessment-empty": (None, lambda c: setattr(_meeting(c).plan, "current_situation", "")),
    "needs-none": (None, lambda c: setattr(_meeting(c).plan, "needs", [])),
    "long-term-goal-missing": (None, lambda c: setattr(_meeting(c).plan, "long_term_goals", [])),
    "consent-ends-before-follow-up": (_no_basis_but_consent, _consent_ends),
    "follow-up-far": (None, lambda c: setattr(
        _meeting(c).plan.follow_up, "date", _meeting(c).date + dt.timedelta(days=200))),
    "review-unanswered": (None, lambda c: as_follow_up(c, answered=False)),
    "consent-is-decision": (None, lambda c: c.consents.append(
        Consent("Socialnämnden", "Beslut om vård enligt LVU", given_on=_meeting(c).date))),
    "discharge-care-contact": (as_discharge, lambda c: setattr(_meeting(c).plan, "care_contact", "")),
    "discharge-contact-place": (as_discharge,
                                lambda c: setattr(_meeting(c).plan, "contact_place", "")),
    "discharge-ready-missing": (as_discharge, lambda c: setattr(_meeting(c), "discharge", None)),
    "discharge-three-days": (as_discharge, lambda c: setattr(
        _meeting(c).discharge, "called_on", _meeting(c).discharge.ready_date + dt.timedelta(days=5))),
    "discharge-follow-up-home": (as_discharge, lambda c: setattr(_meeting(c).plan, "follow_up", None)),
    "child-guardians": (_no_basis_but_consent, _one_guardian_each),
    "child-own-consent": (_no_basis_but_consent, _sixteen_without_own_consent),
    "agency-no-answer": (with_agency, lambda c: setattr(_meeting(c).agencies[0], "answer", None)),
    "agency-absent": (with_agency, lambda c: setattr(
        _meeting(c).participants[-1], "attendance", Attendance.ABSENT)),
}  # fmt: skip


def test_every_new_rule_is_in_the_matrix():
    assert set(DEMO_BREAKS) == NEW_RULES


@pytest.mark.parametrize("name", GUIDE_PLANS + ["5-skyddad"])
def test_the_demo_plans_get_none_of_the_new_findings(name):
    case = planfile.read(DEMO / f"{name}.json")
    found = _codes(case)
    assert not NEW_RULES & set(found), found
    assert not any(f.is_error for f in quality.check(case, today=TODAY))


@pytest.mark.parametrize("prepare", [as_discharge, as_follow_up, with_agency],
                         ids=["discharge", "follow-up", "agency"])
@pytest.mark.parametrize("name", GUIDE_PLANS)
def test_the_variants_themselves_add_no_finding(name, prepare):
    case = planfile.read(DEMO / f"{name}.json")
    before = _codes(case)
    prepare(case)
    assert _codes(case) == before


@pytest.mark.parametrize("code", sorted(DEMO_BREAKS))
@pytest.mark.parametrize("name", GUIDE_PLANS)
def test_a_demo_plan_breaking_one_new_rule_gets_exactly_that_finding(name, code):
    case = planfile.read(DEMO / f"{name}.json")
    prepare, breaks = DEMO_BREAKS[code]
    if prepare is not None:
        prepare(case)
    before = _codes(case)
    breaks(case)
    after = _codes(case)
    assert after - before == Counter({code: 1}), (after - before)
    assert not (before - after) or code in ("needs-none",), before - after
    (finding,) = [f for f in quality.check(case, today=TODAY) if f.code == code]
    expected = (
        quality.Severity.ERROR if code in NEW_ERRORS
        else quality.Severity.HINT if code in NEW_HINTS
        else quality.Severity.WARNING
    )
    assert finding.severity is expected
    assert finding.message and "\n" not in finding.message


def test_an_lvu_decision_is_the_plans_basis_not_a_consent():
    case = planfile.read(DEMO / "2-alice.json")
    assert case.decisions and not any(x.relation.lower().count("lvu") for x in case.consents)
    case.consents = []
    assert "consent" not in _codes(case)
    case.decisions[0].ended_on = _meeting(case).date - dt.timedelta(days=1)
    assert "consent" in _codes(case)


def test_a_child_with_one_guardian_or_a_god_man_needs_no_second_consent():
    case = planfile.read(DEMO / "1-josef.json")
    _one_guardian_each(case)
    assert "child-guardians" in _codes(case)
    case.person.one_guardian = True
    assert "child-guardians" not in _codes(case)
    kasim = planfile.read(DEMO / "3-kasim.json")
    assert {x.role for x in kasim.consents} == {ConsentRole.PERSON, ConsentRole.GOD_MAN}
    assert "child-guardians" not in _codes(kasim)


def test_the_discharge_countdown():
    from sipdesk.model import variants

    case = planfile.read(DEMO / "1-josef.json")
    as_discharge(case)
    m = _meeting(case)
    m.discharge.called_on = None
    ready = m.discharge.ready_date
    assert variants.days_left_to_call(m, ready) == 3
    assert variants.days_left_to_call(m, ready + dt.timedelta(days=4)) == -1
    m.status = MeetingStatus.PLANNED
    found = Counter(f.code for f in quality.check(case, today=ready + dt.timedelta(days=4)))
    assert found["discharge-three-days"] == 1
    assert variants.principal_heading(m) == "Enhet"


def test_days_to_the_first_meeting():
    case = planfile.read(DEMO / "4-linus.json")
    assert case.days_to_first_meeting() == (case.meetings[0].date - case.initiative.on).days == 14
    case.initiative = None
    assert case.days_to_first_meeting() is None


@pytest.mark.parametrize(
    ("number", "day", "age"),
    [("20100472-9837", dt.date(2026, 10, 20), 16), ("20120208-9811", dt.date(2026, 2, 7), 13),
     ("20120208-9811", dt.date(2026, 2, 8), 14), (None, dt.date(2026, 1, 1), None),
     ("not a number", dt.date(2026, 1, 1), None)],
)  # fmt: skip
def test_age_from_the_personnummer(number, day, age):
    from sipdesk.model import variants

    if number and number[0].isdigit():
        number = number[:-1] + str(pn.luhn_digit(number[2:8] + number[9:12]))
    assert variants.age_on(number, day) == age


def test_the_figures_give_the_median_days_from_request_to_first_meeting():
    from sipdesk.model import stats

    cases = [planfile.read(p) for p in sorted(DEMO.glob("*.json"))]
    assert sorted(c.days_to_first_meeting() for c in cases) == [14, 15, 21, 21, 25]
    figures = stats.compute(cases, today=TODAY)
    assert figures.days_to_first_meeting == 21
    row = next(r for r in stats.rows(figures) if r[0] == "days_to_first_meeting")
    assert row[2] == "21"
    assert stats.compute([], today=TODAY).days_to_first_meeting is None
