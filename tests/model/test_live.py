"""The shared screen's projection: what the room sees, and what it never sees."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sipdesk import i18n
from sipdesk.model import planfile
from sipdesk.model.entities import FollowUpBooking, Goal, Intervention, Responsible
from sipdesk.model.live import LivePart, focus_key, snapshot, time_left_text
from tests import strategies
from tests.conftest import DEMO

NOW = dt.datetime(2026, 10, 20, 13, 30)


def load(name: str):
    return planfile.read(DEMO / f"{name}.json")


def text_of(snap) -> str:
    return "\n".join(snap.strings())


def test_kasim_shows_part_questions_and_the_plan_as_it_stands():
    case = load("3-kasim")
    snap = snapshot(case, None, NOW, circle=LivePart("Behov", 754, "Sammanfattning"))
    text = text_of(snap)
    assert snap.title == "Samordnad individuell plan för Kasim Rahimi"
    assert snap.part.label == "Behov"
    assert snap.part_time == "12 minuter kvar"  # 12:34 on the chair's clock
    assert snap.part_next == "Nästa: Sammanfattning"  # the chair's word
    for expected in (
        "Hur kan Kasim klara skolan?",  # the meeting's questions
        "Att Kasims hälsa förbättras.",  # long-term goal
        "God närvaro i skolan",  # a goal ...
        "Stöd att stanna kvar i skolan, uppsöka skolkurator vid behov",  # ... what
        "Kasim Rahimi, Sofia Lindqvist",  # who
        "Kommun",  # for which principal
        "Vid behov",  # when
        "Helena Björk, Socialsekreterare, Socialtjänsten, ensamkommande barn",  # huvudansvarig
        "21 december 2026 kl. 15:00",  # follow-up date
    ):
        assert expected in text
    goals = next(s for s in snap.sections if s.key == "goals").goals
    assert [g.number for g in goals] == [1, 2, 3, 4, 5]
    assert len(goals[2].rows) == 2


@pytest.mark.parametrize("name", ["1-josef", "2-alice", "3-kasim", "4-linus", "5-skyddad"])
def test_contact_consent_and_identity_details_never_shown(name):
    case = load(name)
    text = text_of(snapshot(case, None, NOW, circle=LivePart("Inledning", 60)))
    never = [case.person.personnummer or "", case.person.address, case.person.phone]
    for meeting in case.meetings:
        never += [p.phone for p in meeting.participants] + [p.email for p in meeting.participants]
    for consent in case.consents:
        never += [consent.scope, consent.excluded_info]
    for value in filter(str.strip, never):
        assert value not in text, value


def _secrets_of_protected(case) -> list[str]:
    values = ["Amira", "Haddad", "19850610", "850610-9811", "Storgatan", "753 20", "073-900"]
    values += ["Åsgatan", "Kvinnojourens lokal", "meddelas av socialsekreteraren"]
    for meeting in case.meetings:
        values += [p.phone for p in meeting.participants if p.phone]
    for consent in case.consents:
        values += [consent.scope, consent.excluded_info]
    return values


def test_protected_case_shows_pseudonym_and_no_protected_value_even_when_typed_into_the_plan():
    case = load("5-skyddad")
    plan = case.current_plan
    # what a chair might type during the meeting
    plan.goals[0].text = "Amira Haddad sover bättre; Amiras syster ringer 073-900 11 22"
    plan.goals[0].interventions.append(
        Intervention(
            "Hembesök på Storgatan 12 efter samtal på Åsgatan 4",
            responsible=[Responsible("Amira Haddad")],
            time_plan="Vid behov, kontakt amira@example.se",
        )
    )
    plan.own_view = "Jag, Amira (19850610-9811), vill vara trygg."
    snap = snapshot(
        case, None, NOW, focus=("field", "own_view"), circle=LivePart("Behov", 30, "Avslutning")
    )
    text = text_of(snap)
    assert "Klient K-17" in snap.title
    assert "Klient K-17:s syster" in text
    assert snap.protected
    for secret in _secrets_of_protected(case) + ["amira@example.se"]:
        assert secret.lower() not in text.lower(), secret
    # the follow-up date is shown, its place is not
    assert "9 februari 2027 kl. 10:00" in text


def test_personnummer_and_email_typed_into_an_ordinary_plan_are_masked():
    case = load("3-kasim")
    case.current_plan.own_view = "Mitt personnummer är 20100514-1234, mejla kasim@example.se"
    text = text_of(snapshot(case, None, NOW))
    assert "20100514" not in text and "kasim@example.se" not in text
    assert "Mitt personnummer är [—]" in text


def test_follow_up_place_is_shown_for_an_ordinary_case():
    text = text_of(snapshot(load("3-kasim"), None, NOW))
    assert "Vårdcentralen Norra" in text and "Kallas av Helena Björk" in text


def test_focus_on_an_intervention_highlights_that_row_only():
    case = load("3-kasim")
    target = case.current_plan.goals[2].interventions[1]
    snap = snapshot(case, None, NOW, focus=("intervention", target.id))
    rows = [r for s in snap.sections for g in s.goals for r in g.rows]
    assert [r.what for r in rows if r.highlighted] == [target.what]
    assert snap.focus_key == f"intervention:{target.id}"
    assert not any(g.highlighted for s in snap.sections for g in s.goals)


def test_focus_on_a_goal_and_on_a_field():
    case = load("3-kasim")
    goal = case.current_plan.goals[1]
    snap = snapshot(case, None, NOW, focus=("goal", goal.id))
    assert [g.text for s in snap.sections for g in s.goals if g.highlighted] == [goal.text]
    snap = snapshot(case, None, NOW, focus=("field", "own_view"))
    assert [s.key for s in snap.sections if s.highlighted] == ["own_view"]
    snap = snapshot(case, None, NOW, focus=("field", "follow_up.date"))
    assert [s.key for s in snap.sections if s.highlighted] == ["follow_up"]


def test_an_empty_section_appears_while_it_is_being_written():
    case = load("3-kasim")
    case.current_plan.disagreements = []
    assert "disagreements" not in [s.key for s in snapshot(case, None, NOW).sections]
    snap = snapshot(case, None, NOW, focus=("field", "disagreements"))
    section = next(s for s in snap.sections if s.key == "disagreements")
    assert section.highlighted and not section.items
    assert "Inte skrivet ännu" in text_of(snap)


@pytest.mark.parametrize("focus", [None, "own_view", ("nonsense", 1), (), ("field", ""), 42])
def test_unknown_focus_values_highlight_nothing(focus):
    snap = snapshot(load("3-kasim"), None, NOW, focus=focus)
    assert snap.focus_key is None
    assert not any(s.highlighted for s in snap.sections)


def test_focus_key_forms():
    assert focus_key(("need", "ab")) == "item:ab"
    assert focus_key(["question", 2]) == "question:2"
    assert focus_key(("intervention", "x1")) == "intervention:x1"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (None, ""),
        (0, "Mindre än en minut kvar"),
        (59, "Mindre än en minut kvar"),
        (60, "1 minut kvar"),
        (61, "1 minut kvar"),
        (2416, "40 minuter kvar"),  # 40:16 on the chair's clock (issue 13)
        (-1, "Precis över tiden"),
        (-125, "2 minuter över tiden"),
    ],
)
def test_time_left_in_words(seconds, expected):
    assert time_left_text(seconds) == expected



def test_goal_without_interventions_and_dates_in_a_row():
    case = load("3-kasim")
    case.current_plan.goals.append(
        Goal("Kasim tränar två gånger i veckan", target_date=dt.date(2027, 3, 1))
    )
    item = case.current_plan.goals[0].interventions[0]
    item.start, item.end = dt.date(2026, 11, 1), dt.date(2027, 1, 31)
    snap = snapshot(case, None, NOW)
    goals = next(s for s in snap.sections if s.key == "goals").goals
    assert goals[-1].rows == () and goals[-1].detail == "Senast: 1 mars 2027"
    assert goals[0].rows[0].when == "Påbörjas inom 1 månad\n1 november 2026 – 31 januari 2027"


def test_no_meeting_yet_and_no_follow_up():
    case = load("3-kasim")
    case.current_plan.follow_up = FollowUpBooking()
    snap = snapshot(case, None, NOW)
    follow = next(s for s in snap.sections if s.key == "follow_up")
    assert follow.items == () and follow.empty_text == "Inte skrivet ännu"
    case.meetings = []
    assert snapshot(case, None, NOW).sections == ()


def test_language_follows_the_application():
    i18n.set_language("en")
    try:
        snap = snapshot(load("3-kasim"), None, NOW, circle=LivePart("Needs", 60))
    finally:
        i18n.set_language("sv")
    assert [s.title for s in snap.sections][:2] == [
        "Questions for the meeting",
        "Why is a SIP made?",
    ]
    assert snap.part_time == "1 minute left"


def test_snapshot_is_immutable_and_leaves_the_case_alone():
    case = load("5-skyddad")
    before = copy.deepcopy(case)
    snap = snapshot(case, None, NOW, focus=("field", "own_view"))
    assert case == before
    with pytest.raises(dataclasses.FrozenInstanceError):
        snap.title = "x"  # type: ignore[misc]


NAME = "Zorrbrand Quixby"
MARKERS = (
    "Zorrbrand",
    "Quixby",
    "Hemligvägen",
    "070-111 22 33",
    "19800101",
    "Mötesgatan",
    "Ögonvägen",
)


@settings(max_examples=60)
@given(strategies.cases(), st.data())
def test_any_protected_case_keeps_its_secrets(case, data):
    person = case.person
    person.name, person.protected_identity, person.pseudonym = NAME, True, "Klient X"
    person.personnummer, person.address = "19800101-2380", "Hemligvägen 7, 999 99 Ort"
    person.phone = "070-111 22 33"
    for meeting in case.meetings:
        meeting.place = "Mötesgatan 3"
        if meeting.plan.follow_up is not None:
            meeting.plan.follow_up.place = "Ögonvägen 9"
        # the real name and details, typed anywhere in the plan
        for goal in meeting.plan.goals:
            goal.text += " " + data.draw(
                st.sampled_from([NAME, "Quixby", "Zorrbrands", "Hemligvägen 7"])
            )
            for item in goal.interventions:
                item.responsible.append(Responsible(NAME))
        meeting.plan.own_view += f" {NAME} 070-111 22 33 Mötesgatan 3"
    text = text_of(snapshot(case, None, NOW, circle=LivePart("Behov", -5, "Sammanfattning")))
    for marker in MARKERS:
        assert marker not in text


def test_only_whitelisted_fields_reach_the_screen():
    """Whatever a later version adds to the plan (the chair's notes) stays off the screen."""
    case = load("3-kasim")
    plan = case.current_plan
    plan.chair_notes = "PRIVAT: ringa BUP om remissen"  # type: ignore[attr-defined]
    plan.copies_to = ["Kopia: Gymnasieskolan Norra"]
    plan.original_kept_by = "Originalet förvaras hos socialtjänsten"
    case.current_meeting.chair = "Ordförande Olsson"
    case.current_meeting.note_taker = "Sekreterare Svensson"
    text = text_of(snapshot(case, None, NOW, focus=("field", "chair_notes")))
    for value in ("PRIVAT", "Kopia:", "Originalet", "Ordförande Olsson", "Sekreterare Svensson"):
        assert value not in text
    assert not any(s.highlighted for s in snapshot(case, None, NOW, ("field", "x")).sections)


def test_an_ordinary_case_masks_its_address_whole_but_not_common_words_in_it():
    case = load("3-kasim")
    case.person.address = "Boendet Norra, Uppsala"
    case.current_meeting.participants[0].phone = "12"
    plan = case.current_plan
    plan.own_view = "Jag bor på Boendet Norra, Uppsala och vill flytta inom Uppsala 2026-12-12."
    text = text_of(snapshot(case, None, NOW))
    assert "Jag bor på [—] och vill flytta inom Uppsala 2026-12-12." in text
