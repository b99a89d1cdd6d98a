"""Editing operations shared by the GUI and scripts: each changes the case and says what changed."""

from __future__ import annotations

import datetime as dt

import pytest

from sipdesk.model import editing as ed
from sipdesk.model.entities import Goal
from sipdesk.model.enums import Attendance, Principal
from sipdesk.model.smart import goal_hints


@pytest.fixture
def case():
    return ed.new_case("Josef Berg", dt.date(2026, 3, 5))


def test_new_case_has_one_meeting_and_refuses_an_empty_name(case):
    assert case.person.name == "Josef Berg" and len(case.meetings) == 1
    with pytest.raises(ed.EditError, match="namn"):
        ed.new_case("  ")


def test_dates_and_times_parse_or_say_what_to_write():
    assert ed.parse_date("2026-03-05") == dt.date(2026, 3, 5)
    assert ed.parse_date("20260305") == dt.date(2026, 3, 5)
    assert ed.parse_date("") is None
    with pytest.raises(ed.EditError, match="ÅÅÅÅ-MM-DD"):
        ed.parse_date("5 mars")
    with pytest.raises(ed.EditError):
        ed.parse_date("2026-02-30")
    assert ed.parse_time("13.30") == dt.time(13, 30)
    with pytest.raises(ed.EditError, match="TT:MM"):
        ed.parse_time("25:00")


def test_goals_and_interventions_add_move_delete(case):
    meeting = case.current_meeting
    plan = meeting.plan
    g1 = ed.add_goal(plan, "Föräldrarna har kunskap").id
    g2 = ed.add_goal(plan, "Förskolan har information").id
    g0 = ed.add_goal(plan, "Först", after_id=None).id
    ed.move_goal(plan, g0, -2)
    assert [g.id for g in plan.goals] == [g0, g1, g2]
    change = ed.add_intervention(plan, g1, "Information om Josefs sjukdom")
    assert change.area == "intervention"
    i2 = ed.add_intervention(plan, g1, "Stödsamtal").id
    ed.move_intervention(plan, i2, -1)
    assert [i.what for i in plan.goals[1].interventions] == [
        "Stödsamtal",
        "Information om Josefs sjukdom",
    ]
    ed.delete_intervention(plan, i2)
    ed.delete_goal(plan, g0)
    assert [g.id for g in plan.goals] == [g1, g2] and len(plan.interventions()) == 1
    with pytest.raises(ed.EditError):
        ed.set_goal_value(plan, g0, "text", "x")


def test_responsible_from_participants_and_typed_names(case):
    meeting = case.current_meeting
    pid = ed.add_participant(meeting, "Karin Holm", title="Kurator", principal="region").id
    gid = ed.add_goal(meeting.plan, "Mål").id
    iid = ed.add_intervention(meeting.plan, gid, "Stödsamtal").id
    ed.set_responsible(meeting, iid, [pid], "Föräldrarna, Pappan")
    item = ed.find_intervention(meeting.plan, iid)
    assert [r.name for r in item.responsible] == ["Karin Holm (Kurator)", "Föräldrarna", "Pappan"]
    assert item.responsible[0].participant_id == pid and item.principal is Principal.REGION
    ed.delete_participant(meeting, pid)
    assert item.responsible[0].participant_id is None and item.responsible[0].name


def test_planned_attendance_is_kept_with_the_preparation(case):
    meeting = case.current_meeting
    pid = ed.add_participant(meeting, "Łukasz Nowak").id
    ed.set_participant_value(meeting, pid, "planned_attendance", "video")
    assert ed.planned(meeting, pid).attendance is Attendance.VIDEO
    assert meeting.participant(pid).attendance is Attendance.VIDEO


def test_consent_is_checked_against_the_meeting_date(case):
    day = case.current_meeting.date
    assert "samtycke" in ed.consent_problem(case, day)
    cid = ed.add_consent(case, "Båda vårdnadshavarna", given_on=dt.date(2026, 3, 1)).id
    assert ed.consent_problem(case, day) == ""
    ed.set_consent_value(case, cid, "valid_until", dt.date(2026, 3, 4))
    assert "giltigt" in ed.consent_problem(case, day)


def test_main_responsible_follow_up_and_read_back(case):
    meeting = case.current_meeting
    plan = meeting.plan
    pid = ed.add_participant(meeting, "Karin Holm", title="Kurator", organisation="Barnmedicin").id
    ed.appoint_main_responsible(meeting, pid)
    assert meeting.main_responsible.title == "Kurator" and plan.main_responsible_id == pid
    ed.set_main_responsible_value(meeting, "organisation", "Barnmedicinska mottagningen")
    assert meeting.participant(pid).organisation == "Barnmedicinska mottagningen"
    assert any("Karin Holm" in line for line in ed.read_back(plan, meeting))
    ed.delete_participant(meeting, pid)
    assert plan.main_responsible_id is None
    # with nobody appointed, typing a name adds that participant and appoints them
    ed.set_main_responsible_value(meeting, "name", "Olle Ström")
    assert meeting.main_responsible.name == "Olle Ström"
    assert meeting.participants[-1] is meeting.main_responsible
    ed.set_follow_up_value(plan, "date", dt.date(2026, 7, 5))
    assert plan.follow_up.date == dt.date(2026, 7, 5)
    ed.set_follow_up_value(plan, "date", None)
    assert plan.follow_up is None
    gid = ed.add_goal(plan, "Mål").id
    ed.add_intervention(plan, gid, "Föräldragrupp")
    assert any("Föräldragrupp" in line for line in ed.read_back(plan))


def test_follow_up_meeting_starts_from_the_previous_plan(case):
    first = case.current_meeting
    ed.add_goal(first.plan, "Mål ett")
    first.preparation.adaptations.pauses = "Paus var 30:e minut"
    ed.start_follow_up(case, dt.date(2026, 7, 5))
    follow = case.current_meeting
    assert follow is not first and follow.plan.goals[0].text == "Mål ett"
    assert follow.preparation.adaptations.pauses == "Paus var 30:e minut"
    assert not case.is_editable(first)


def test_control_characters_are_dropped_and_huge_text_refused(case):
    plan = case.current_meeting.plan
    ed.set_plan_text(plan, "own_view", "ja\x00 tack")
    assert plan.own_view == "ja tack"
    with pytest.raises(ed.EditError):
        ed.set_plan_text(plan, "own_view", "x" * 20_001)


def test_goal_hints_flag_interventions_diagnoses_and_missing_smart_parts():
    weak = goal_hints(Goal("Neuropsykiatrisk utredning"))
    assert any("insats" in h for h in weak)
    assert any("diagnos" in h for h in goal_hints(Goal("Nykterhet")))
    good = Goal(
        "Josef sover på nätterna",
        measure="Sömndagbok",
        target_date=dt.date(2026, 7, 1),
        accepted_by_person=True,
    )
    assert goal_hints(good) == []
