"""The meeting circle: time budget, clock, parts, prompts, speaking rounds, notes."""

from __future__ import annotations

import json
import subprocess

import pytest

from sipdesk.model import meeting as circle
from sipdesk.model import planfile
from sipdesk.model.entities import Case, Meeting, Participant, Person
from sipdesk.model.enums import Actor, MeetingStatus, Principal
from sipdesk.model.meetingdata import NoteKind
from tests.conftest import DEMO, ROOT

T0 = 1_780_000_000  # an arbitrary fixed moment: the clock is injected


def _meeting(minutes: int = 100) -> Meeting:
    return Meeting(planned_minutes=minutes)


def test_budget_follows_the_default_proportions():
    assert circle.budgets(_meeting(100)) == [600, 1200, 2700, 900, 600]
    assert sum(circle.budgets(_meeting(90))) == 90 * 60


def test_not_started_meeting_shows_the_first_part_and_full_time():
    status = circle.circle_status(_meeting(), T0)
    assert not status.started and not status.paused
    assert (status.key, status.label) == ("opening", "Inledning")
    assert status.next_key == "situation" and status.next_label == "Aktuell situation"
    assert status.seconds_left == 600 and status.elapsed_seconds == 0


def test_clock_counts_down_warns_and_overruns():
    m = _meeting()
    circle.start(m, T0)
    assert m.status is MeetingStatus.IN_PROGRESS
    assert circle.circle_status(m, T0 + 100).seconds_left == 500
    near = circle.circle_status(m, T0 + 550)
    assert near.warning and not near.overrun
    over = circle.circle_status(m, T0 + 660)
    assert over.overrun and over.seconds_left == -60 and not over.warning


def test_pause_stops_the_clock_and_resume_continues():
    m = _meeting()
    circle.start(m, T0)
    circle.pause(m, T0 + 60)
    status = circle.circle_status(m, T0 + 1000)
    assert status.paused and status.part_elapsed_seconds == 60 and status.elapsed_seconds == 60
    circle.toggle(m, T0 + 1000)
    assert circle.circle_status(m, T0 + 1030).part_elapsed_seconds == 90


def test_time_spent_per_part_is_recorded_through_next_and_back():
    m = _meeting()
    circle.start(m, T0)
    circle.next_part(m, T0 + 300)
    circle.next_part(m, T0 + 900)
    circle.previous_part(m, T0 + 1000)
    status = circle.circle_status(m, T0 + 1100)
    assert status.key == "situation"
    assert [p.spent_seconds for p in m.circle.parts][:3] == [300, 600, 100]
    assert status.part_elapsed_seconds == 700 and status.elapsed_seconds == 1100


def test_next_after_the_last_part_finishes_the_meeting():
    m = _meeting()
    for i in range(5):
        circle.next_part(m, T0 + i * 10)
    status = circle.circle_status(m, T0 + 999)
    assert status.finished and not status.paused and status.next_key is None
    assert m.status is MeetingStatus.HELD
    assert status.elapsed_seconds == 40
    circle.previous_part(m, T0 + 1000)
    assert not circle.circle_status(m, T0 + 1000).finished


def test_clock_set_back_never_gives_negative_time():
    m = _meeting()
    circle.start(m, T0)
    assert circle.circle_status(m, T0 - 500).part_elapsed_seconds == 0


def test_shares_must_add_up_to_100():
    m = _meeting(100)
    circle.set_shares(m, [20, 20, 20, 20, 20])
    assert circle.budgets(m) == [1200] * 5
    with pytest.raises(circle.CircleError, match="100"):
        circle.set_shares(m, [10, 10, 10, 10, 10])
    assert circle.parse_shares("5,25,40,20,10") == [5, 25, 40, 20, 10]
    assert circle.parse_shares("nonsense") == [10, 20, 45, 15, 10]


def test_prompts_are_swedish_and_ticks_are_remembered_per_part():
    m = _meeting()
    texts = [t for _k, t in circle.prompts("needs")]
    assert "Fråga personen: Vad är viktigast för dig?" in texts
    circle.tick_prompt(m, "opening", "welcome", True)
    assert circle.next_unticked_prompt(m) == "person_first"
    circle.next_part(m, T0)
    assert m.circle.parts[0].ticked == ["welcome"] and m.circle.parts[1].ticked == []


def test_speaking_round_puts_the_person_first_and_restarts():
    case = Case(Person("Josef Berg"))
    m = Meeting(
        participants=[
            Participant("Eva Nilsson", principal=Principal.REGION),
            Participant("Sara Berg", actor=Actor.RELATIVE),
        ]
    )
    order = circle.speaking_order(case, m)
    assert [s.name for s in order] == ["Josef Berg", "Sara Berg", "Eva Nilsson"]
    assert circle.tick_next_speaker(case, m) == "person"
    assert circle.tick_next_speaker(case, m) == order[1].id
    circle.new_round(m)
    assert m.circle.parts[0].spoken == [] and m.circle.parts[0].rounds == 1


def test_notes_and_disagreements_are_dated_and_disagreements_reach_the_plan():
    m = _meeting()
    circle.start(m, T0)
    circle.add_note(m, NoteKind.RADRUM, "Ny tid 14:00", T0 + 60)
    change = circle.record_disagreement(m, "Pappan", "Antal stödsamtal", T0 + 120)
    assert change.area == "disagreement"
    assert [(d.who, d.about) for d in m.plan.disagreements] == [("Pappan", "Antal stödsamtal")]
    assert [n.kind for n in m.circle.notes] == [NoteKind.RADRUM, NoteKind.DISAGREEMENT]
    assert all(n.on is not None and n.part == "opening" for n in m.circle.notes)
    circle.add_note(m, NoteKind.PAUSE, "", T0 + 200)
    assert circle.circle_status(m, T0 + 500).paused
    with pytest.raises(circle.CircleError):
        circle.record_disagreement(m, "", "x", T0)


def test_circle_state_survives_the_plan_file():
    m = _meeting()
    circle.start(m, T0)
    circle.tick_prompt(m, "opening", "welcome", True)
    circle.next_part(m, T0 + 42)
    case = Case(Person("X"), meetings=[m])
    again = planfile.loads(planfile.dumps(case))
    assert again.meetings[0].circle == m.circle
    assert circle.circle_status(again.meetings[0], T0 + 50) == circle.circle_status(m, T0 + 50)


def test_plan_files_from_before_the_circle_still_read():
    """Demo files as the foundation wrote them (no circle, no preparation) read with defaults."""
    old = subprocess.run(
        ["git", "show", "9e10e9b:resources/demo/1-josef.json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    text = old.stdout if old.returncode == 0 else (DEMO / "1-josef.json").read_text("utf-8")
    data = json.loads(text)
    for m in data["case"]["meetings"]:
        m.pop("circle", None)
        m.pop("preparation", None)
    case = planfile.loads(json.dumps(data))
    assert case.meetings[0].circle.shares == [10, 20, 45, 15, 10]
    assert case.meetings[0].preparation.planned_attendance == []


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("current", 7, "circle.current"),
        ("started_at", "igår", "circle.started_at"),
        ("running_since", -5, "circle.running_since"),
    ],
)
def test_a_broken_circle_in_a_plan_file_is_refused_naming_the_field(field, value, where):
    data = json.loads((DEMO / "1-josef.json").read_text("utf-8"))
    data["case"]["meetings"][0]["circle"][field] = value
    with pytest.raises(planfile.PlanFileError) as info:
        planfile.loads(json.dumps(data))
    assert info.value.field == f"case.meetings[0].{where}"


def test_planned_attendance_must_name_a_participant_of_the_meeting():
    data = json.loads((DEMO / "1-josef.json").read_text("utf-8"))
    data["case"]["meetings"][0]["preparation"]["planned_attendance"] = [
        {"participant_id": "nobody000000", "attendance": "video"}
    ]
    with pytest.raises(planfile.PlanFileError) as info:
        planfile.loads(json.dumps(data))
    assert info.value.field.endswith("planned_attendance[0].participant_id")
