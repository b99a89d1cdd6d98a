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
    MainResponsible,
    Meeting,
    Participant,
    Person,
    Plan,
    Responsible,
    TextItem,
)
from sipdesk.model.enums import Attendance, MeetingStatus, Principal
from tests.conftest import DEMO
from tests.strategies import cases as case_strategy
from tests.strategies import dates

TODAY = dt.date(2026, 11, 23)
MEETING_DAY = dt.date(2026, 11, 20)


def clean_case() -> Case:
    """A small plan that satisfies every rule of the check."""
    need = TextItem("Sova bättre", id="need1")

    def item(what: str, principal: Principal, ident: str) -> Intervention:
        return Intervention(what, principal, [Responsible("Eva")], "Varje vecka", id=ident)

    goal = Goal(
        "Kim sover minst sex timmar de flesta nätter",
        need_id="need1",
        measure="Sömndagbok",
        target_date=dt.date(2027, 2, 1),
        interventions=[
            item("Samtalsbehandling", Principal.REGION, "i1"),
            item("Boendestöd", Principal.KOMMUN, "i2"),
            item("Går och lägger sig före 23", Principal.PERSON, "i3"),
        ],
        id="g1",
    )
    plan = Plan(
        reason="Kim behöver stöd från både kommun och region.",
        needs=[need],
        goals=[goal],
        own_view="Jag vill kunna sova.",
        main_responsible=MainResponsible("Eva Ek", "Kurator", "Vårdcentralen", Principal.REGION),
        follow_up=FollowUpBooking(date=dt.date(2027, 2, 10)),
    )
    meeting = Meeting(
        date=MEETING_DAY,
        status=MeetingStatus.HELD,
        participants=[
            Participant("Kim", principal=Principal.PERSON),
            Participant("Eva Ek", "Kurator", "Vårdcentralen", Principal.REGION),
        ],
        plan=plan,
    )
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
        setattr(i, "principal", Principal.OTHER) for i in _plan(c).interventions()
    ],
    "law-3-others": lambda c: setattr(_plan(c).goals[0].interventions[2], "principal",
                                      Principal.KOMMUN),
    "law-4-main-responsible": lambda c: setattr(_plan(c), "main_responsible", None),
    "law-4-principal": lambda c: setattr(_plan(c).main_responsible, "principal", None),
    "main-responsible-several": lambda c: setattr(
        _plan(c).main_responsible, "name", "Eva Ek och Bo Ek"
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
    _plan(case).main_responsible = None
    (finding,) = quality.check(case, today=TODAY)
    assert "huvudansvarig" in finding.message and "punkt 4" in finding.message


def test_law_point_3_is_met_by_what_the_person_does_themselves():
    case = clean_case()
    _plan(case).goals[0].interventions[2].principal = Principal.KOMMUN
    _plan(case).person_does_self = "Kim för sömndagbok."
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
    _plan(case).main_responsible = None
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
