"""The neutral document tree: golden text for the demo plans, §4 order, protection, follow-ups."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sipdesk.export.document import Table, document_id, plan_document
from sipdesk.export.easyread import easy_read_document
from sipdesk.export.invitation import invitation_document
from sipdesk.model.enums import Actor
from tests import strategies
from tests.export.helpers import demo_case

GOLDEN = Path(__file__).with_name("golden")
UPDATE = os.environ.get("SIPDESK_UPDATE_GOLDEN") == "1"

BUILDERS = {
    "plan": lambda case: plan_document(case),
    "easy-read": easy_read_document,
    "invitation": invitation_document,
}


@pytest.mark.parametrize("kind", sorted(BUILDERS))
@pytest.mark.parametrize("stem", ["1-josef", "5-skyddad"])
def test_golden(stem, kind):
    """The whole content, as text. To accept a deliberate change: SIPDESK_UPDATE_GOLDEN=1."""
    text = BUILDERS[kind](demo_case(stem)).to_text()
    path = GOLDEN / f"{stem}.{kind}.txt"
    if UPDATE:
        path.write_text(text, "utf-8")
    assert text == path.read_text("utf-8")


def test_plan_follows_the_guides_order():
    doc = plan_document(demo_case("1-josef"))
    keys = [s.key for s in doc.sections]
    expected = [
        "personal",
        "consent",
        "participants",
        "reason",
        "situation",
        "strengths",
        "long_term_goals",
        "goals",
        "own_view",
        "relatives_view",
        "others_measures",
        "main_responsible",
        "signatures",
        "follow_up",
        "copies",
    ]
    assert keys == expected
    headings = [s.heading for s in doc.sections]
    assert headings[:3] == ["Personuppgifter", "Samtycke", "Medverkande"]
    assert "Mål och planering" in headings and "Kopia till" in headings


def test_goals_table_has_every_intervention_and_marks_each_goal():
    case = demo_case("4-linus")
    plan = case.current_meeting.plan
    table = next(b for b in plan_document(case).section("goals").blocks if isinstance(b, Table))
    assert len(table.rows) == len(plan.interventions())
    assert len(table.group_starts) == len(plan.goals)
    for goal, start in zip(plan.goals, table.group_starts, strict=True):
        assert table.rows[start][0].startswith(goal.text)


def test_follow_up_plan_says_which_version_it_replaces():
    case = demo_case("1-josef")
    case.start_follow_up()
    doc = plan_document(case)
    assert doc.version == 2
    assert any("ersätter planversion 1" in line.lower() for line in doc.subtitle_lines)
    assert "v2" in doc.file_stem
    # the first plan's document still prints as version 1, replacing nothing
    first = plan_document(case, case.meetings[0])
    assert first.version == 1 and not any("ersätter" in x.lower() for x in first.subtitle_lines)


def test_fingerprint_changes_with_any_content_and_the_id_holds_no_name():
    case = demo_case("1-josef")
    before = plan_document(case).fingerprint()
    case.current_meeting.plan.goals[0].interventions[0].time_plan += "!"
    assert plan_document(case).fingerprint() != before
    assert "josef" not in document_id(case, case.current_meeting).lower()


def test_chair_from_preferences_overrides_the_meeting():
    case = demo_case("1-josef")
    doc = plan_document(case, preferences={"chair.name": "Nguyễn Thị Lan"})
    assert "Ordförande: Nguyễn Thị Lan" in doc.subtitle_lines


PROTECTED_SECRETS = (
    "Amira",
    "Haddad",
    "19850610",
    "9811",
    "Storgatan",
    "073-900 11 22",
    "Kvinnojourens lokal",
    "Åsgatan",
    "Skyddad mötesplats",
)


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_protected_case_documents_hold_no_protected_value(kind):
    case = demo_case("5-skyddad")
    doc = BUILDERS[kind](case)
    text = doc.to_text()
    for secret in PROTECTED_SECRETS:
        assert secret.lower() not in text.lower(), secret
    assert doc.protected and "SKYDDADE PERSONUPPGIFTER" in doc.notice
    assert "amira" not in doc.file_stem and "haddad" not in doc.file_stem
    assert "Klient K-17" not in doc.file_stem and "Amira" not in doc.metadata_title


SECRET = "QX7SECRET"


@settings(max_examples=40)
@given(case=strategies.cases(), kind=st.sampled_from(sorted(BUILDERS)))
def test_any_protected_case_keeps_its_secrets(case, kind):
    """Whatever the plan says, a protected identity's identifiers and places never print."""
    if not case.meetings:
        return
    person = case.person
    person.protected_identity = True
    person.name = "Qxname Qxsurname"
    person.pseudonym = "Klient Q"
    person.personnummer = "19850610-9811"
    person.address, person.phone = SECRET + "ADDR", SECRET + "PHONE"
    meeting = case.current_meeting
    meeting.place = SECRET + "PLACE"
    meeting.plan.contact_place = SECRET + "CONTACT"
    meeting.plan.current_situation += " Qxname bor på " + person.address
    if meeting.plan.follow_up is not None:
        meeting.plan.follow_up.place = SECRET + "FOLLOW"
    for p in meeting.participants:
        if p.principal is None and p.actor in (Actor.PERSON, Actor.RELATIVE, None):
            p.phone, p.email = SECRET + "RELPHONE", SECRET + "RELMAIL"
    text = BUILDERS[kind](case).to_text()
    assert SECRET not in text
    assert "Qxname" not in text and "Qxsurname" not in text
    assert "198506109811" not in text.replace("-", "")


def test_follow_up_plan_prints_the_review_table(tmp_path):
    """Josef's follow-up: every goal and intervention of version 1 with outcome, comment and the
    decision, in the plan document and in the PDF's text."""
    import subprocess

    from sipdesk.export.pdf import render
    from sipdesk.model import review as rv

    case = demo_case("1-josef")
    follow = case.start_follow_up()
    rev = rv.ensure_review(case, follow)
    first_goal = case.meetings[0].plan.goals[0]
    first_item = first_goal.interventions[0]
    rev.for_goal(first_goal.id).outcome = rv.GoalOutcome.PARTLY
    rev.for_goal(first_goal.id).comment = "Mamman vet mer, pappan behöver ett samtal till"
    rev.for_intervention(first_item.id).outcome = rv.InterventionOutcome.DONE
    rev.decision = rv.Decision.REVISE
    doc = plan_document(case)
    section = doc.section("review")
    assert section is not None and "version 1" in section.heading
    text = doc.to_text()
    for goal in case.meetings[0].plan.goals:
        assert goal.text in text
    assert "pappan behöver ett samtal till" in text
    assert rv.Decision.REVISE.label in text and rv.GoalOutcome.PARTLY.label in text
    keys = [s.key for s in doc.sections]
    assert keys.index("review") < keys.index("goals")
    pdf = tmp_path / "follow.pdf"
    pdf.write_bytes(render(doc).pdf)
    extracted = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Uppföljning av planversion 1" in extracted
    assert "Mamman vet mer" in " ".join(extracted.split())


def test_first_meeting_has_no_review_section():
    assert plan_document(demo_case("1-josef")).section("review") is None
