"""What the room sees (issue 13): no half rows under the header band, no alarm colours, the
meeting's moments – the review point, the closing summary – and the part's section in focus."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sipdesk.model import planfile, review
from sipdesk.model.editing import start_follow_up
from sipdesk.model.live import PART_SECTIONS, LivePart, snapshot
from sipdesk.model.meetingdata import PART_KEYS
from sipdesk.ui.live.view import LiveView
from tests.conftest import DEMO, also_suppress

NOW = dt.datetime(2026, 10, 20, 13, 30)


def load(name: str):
    return planfile.read(DEMO / f"{name}.json")


@settings(max_examples=25, suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture))
@given(name=st.sampled_from(["1-josef", "3-kasim", "2-alice"]), share=st.floats(0, 1))
def test_no_block_is_drawn_cut_under_the_band(view, monkeypatch, name, share):
    view.show_snapshot(snapshot(load(name), None, NOW, circle=LivePart("Behov", 300, "Sammanfattning")))
    view_h = view.height() - view._band_h
    view.scroll = share * max(0.0, view._content_h - view_h)
    drawn = []
    real = LiveView._paint_block
    monkeypatch.setattr(LiveView, "_paint_block", lambda s, p, b, c, u: drawn.append(b) or real(s, p, b, c, u))
    view.grab()
    header = view._table_header
    in_table = header is not None and header.y < view.scroll < view._table_end - 3 * header.h
    for block in drawn:
        if block.pieces is (header.pieces if header else None):
            continue  # the pinned column titles themselves
        edge = view.scroll + (header.h if in_table and header.y < block.y < view._table_end else 0)
        # nothing starts above the visible edge unless it is taller than the screen
        assert block.y >= edge - 0.5 or block.h >= view_h or block.y + block.h <= edge


def band_pixels(view):
    image = view.grab().toImage()
    band = int(view._band_h)
    return {
        image.pixelColor(x, y).getRgb()[:3]
        for x in range(0, image.width(), 3)
        for y in range(0, band, 2)
    }


def test_an_overrun_is_not_shown_in_alarm_colours(view):
    case = load("3-kasim")
    view.show_snapshot(snapshot(case, None, NOW, circle=LivePart("Behov", -600, "Sammanfattning")))
    assert "10 minuter över tiden" in view.rendered_text()
    # the band is its blue and white and what lies between: no orange or red anywhere
    assert all(b + 8 >= r for r, g, b in band_pixels(view))


@pytest.mark.parametrize("part", [*PART_KEYS, "finished"])
def test_the_part_puts_its_section_in_focus(part):
    case = load("3-kasim")
    snap = snapshot(case, None, NOW, focus=("part", part), circle=LivePart("x", 60, "", part))
    wanted = PART_SECTIONS[part]
    assert snap.focus_key == f"section:{wanted}"
    assert any(s.key == wanted and s.highlighted for s in snap.sections)


@pytest.mark.parametrize("name", ["3-kasim", "1-josef", "5-skyddad"])
def test_the_closing_part_shows_who_does_what_the_main_responsible_and_the_follow_up(name):
    case = load(name)
    plan = case.current_plan
    snap = snapshot(case, None, NOW, circle=LivePart("Avslut", 60, "", "closing"))
    summary = snap.sections[0]
    assert summary.key == "summary"
    text = "\n".join(i.text for i in summary.items)
    for item in plan.interventions():
        if item.what.strip():
            assert item.what.strip()[:20] in text or case.person.protected_identity
    assert "Huvudansvarig för planen" in text and "Uppföljning:" in text
    if case.person.protected_identity and plan.follow_up is not None and plan.follow_up.place:
        assert plan.follow_up.place not in "\n".join(snap.strings())


def test_the_review_point_and_its_outcome_are_on_the_wall():
    case = load("3-kasim")
    meeting = case.current_meeting
    start_follow_up(case)
    follow = case.current_meeting
    goal = meeting.plan.goals[0]
    review.set_outcome(case, follow, "goal", goal.id, review.GoalOutcome.PARTLY.value)
    review.set_comment(case, follow, "goal", goal.id, "Närvaron är bättre")
    snap = snapshot(case, follow, NOW, focus=("review", f"goal:{goal.id}"))
    first = snap.sections[0]
    assert first.key == "review" and snap.focus_key == f"review:goal:{goal.id}"
    (point,) = [i for i in first.items if i.highlighted]
    assert review.GoalOutcome.PARTLY.label in point.text and "Närvaron är bättre" in point.text
    # without a review focus, the plan as usual
    assert snapshot(case, follow, NOW).sections[0].key != "review"
