"""Typing works on what changed (issue 19): the shared screen's snapshot made with a
`SnapshotCache` and the plan check with its per-goal findings are exactly what a fresh, full
snapshot and a full check say – after any sequence of edits, in any field, with goals and
interventions added, removed and reordered, the focus moved, the person's identity protected or
not, the language switched and the case switched – and one keystroke re-makes one goal.
"""

from __future__ import annotations

import copy
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from sipdesk import i18n
from sipdesk.model import editing as ed
from sipdesk.model import goal_checks, planfile, quality
from sipdesk.model.entities import Responsible
from sipdesk.model.enums import Actor, Principal
from sipdesk.model.live import LivePart, SnapshotCache, snapshot
from tests import strategies
from tests.conftest import DEMO

NOW = dt.datetime(2026, 10, 20, 13, 30)
TODAY = dt.date(2026, 10, 20)

# what a chair types, including what the screen must mask (the person's name is added per case)
WORDS = st.sampled_from(
    ["", "Josef sover", "utredning", "adhd", "Att få en utredning", "19800101-2380",
     "070-111 22 33", "a@b.se", "Storgatan 1", "Mötesgatan", "  ", "Kasim", "Klient X"]
)  # fmt: skip
TEXT = st.one_of(WORDS, st.text(max_size=12), st.tuples(WORDS, WORDS).map(" ".join))
DATES = st.none() | st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31))
GOAL_FIELDS = ("text", "measure")
ITEM_FIELDS = ("what", "time_plan")
KINDS = (
    "goal_text", "goal_date", "goal_reached", "item_text", "item_principal", "item_actor",
    "item_dates", "responsible", "add_goal", "delete_goal", "move_goal", "add_item",
    "delete_item", "move_item", "plan_text", "protect", "person_name", "participant_name",
    "focus", "part", "language", "switch_case", "type_burst",
)  # fmt: skip


# typing in goals and interventions is what a keystroke mostly is: drawn more often
GOAL_KINDS = (
    "goal_text", "goal_date", "goal_reached", "item_text", "item_principal", "responsible",
    "type_burst", "focus",
)  # fmt: skip


def _goal_ids(meeting) -> list[str]:
    return [g.id for g in meeting.plan.goals]


def _item_ids(meeting) -> list[str]:
    return [i.id for g in meeting.plan.goals for i in g.interventions]


def _edit(data, cases: list, state: dict) -> None:
    """One edit of the kind drawn, on the case shown (state["shown"])."""
    case = cases[state["shown"]]
    meeting = case.current_meeting
    plan = meeting.plan
    kind = data.draw(st.sampled_from(KINDS + GOAL_KINDS), label="kind")
    goals, items = _goal_ids(meeting), _item_ids(meeting)
    if kind == "goal_text" and goals:
        gid = data.draw(st.sampled_from(goals))
        ed.set_goal_value(plan, gid, data.draw(st.sampled_from(GOAL_FIELDS)), data.draw(TEXT))
    elif kind == "type_burst" and goals:
        gid = data.draw(st.sampled_from(goals))
        for letter in data.draw(st.text("asdf ", min_size=1, max_size=6)):
            goal = ed.find_goal(plan, gid)
            ed.set_goal_value(plan, gid, "text", goal.text + letter)
            _assert_same(cases, state)  # every key, not only the burst's end
    elif kind == "goal_date" and goals:
        ed.set_goal_value(plan, data.draw(st.sampled_from(goals)), "target_date", data.draw(DATES))
    elif kind == "goal_reached" and goals:
        ed.set_goal_value(plan, data.draw(st.sampled_from(goals)), "reached_on", data.draw(DATES))
    elif kind == "item_text" and items:
        iid = data.draw(st.sampled_from(items))
        ed.set_intervention_value(plan, iid, data.draw(st.sampled_from(ITEM_FIELDS)), data.draw(TEXT))
    elif kind == "item_principal" and items:
        value = data.draw(st.none() | st.sampled_from([p.value for p in Principal]))
        ed.set_intervention_value(plan, data.draw(st.sampled_from(items)), "principal", value)
    elif kind == "item_actor" and items:
        value = data.draw(st.none() | st.sampled_from([a.value for a in Actor]))
        ed.set_intervention_value(plan, data.draw(st.sampled_from(items)), "actor", value)
    elif kind == "item_dates" and items:
        item = ed.find_intervention(plan, data.draw(st.sampled_from(items)))
        item.start, item.end = data.draw(DATES), None
    elif kind == "responsible" and items:
        item = ed.find_intervention(plan, data.draw(st.sampled_from(items)))
        item.responsible = [Responsible(n) for n in data.draw(st.lists(TEXT, max_size=2))]
    elif kind == "add_goal":
        after = data.draw(st.none() | st.sampled_from(goals)) if goals else None
        ed.add_goal(plan, data.draw(TEXT), after_id=after)
    elif kind == "delete_goal" and goals:
        ed.delete_goal(plan, data.draw(st.sampled_from(goals)))
    elif kind == "move_goal" and goals:
        ed.move_goal(plan, data.draw(st.sampled_from(goals)), data.draw(st.sampled_from([-1, 1])))
    elif kind == "add_item" and goals:
        ed.add_intervention(plan, data.draw(st.sampled_from(goals)))
    elif kind == "delete_item" and items:
        ed.delete_intervention(plan, data.draw(st.sampled_from(items)))
    elif kind == "move_item" and items:
        ed.move_intervention(plan, data.draw(st.sampled_from(items)), data.draw(st.sampled_from([-1, 1])))
    elif kind == "plan_text":
        name = data.draw(st.sampled_from(["reason", "own_view", "current_situation", "strengths"]))
        ed.set_plan_text(plan, name, data.draw(TEXT))
    elif kind == "protect":
        person = case.person
        person.protected_identity = not person.protected_identity
        person.pseudonym = "Klient X" if person.protected_identity else ""
    elif kind == "person_name":
        case.person.name = data.draw(st.sampled_from(["Kasim Rahimi", "Josef Ek", "Amira Haddad"]))
    elif kind == "participant_name" and meeting.participants:
        who = data.draw(st.sampled_from(meeting.participants))
        who.name = data.draw(TEXT)
    elif kind == "focus":
        choices = [("goal", g) for g in goals] + [("intervention", i) for i in items]
        choices += [("field", "own_view"), ("field", "goals"), None]
        state["focus"] = data.draw(st.sampled_from(choices))
    elif kind == "part":
        state["part"] = data.draw(
            st.none() | st.sampled_from(["opening", "needs", "closing", "finished"])
        )
    elif kind == "language":
        i18n.set_language("en" if i18n.language() == "sv" else "sv")
    elif kind == "switch_case" and len(cases) > 1:
        state["shown"] = 1 - state["shown"]
        state["focus"] = None


def _assert_same(cases: list, state: dict) -> None:
    case = cases[state["shown"]]
    part = state["part"]
    circle = LivePart(part.title(), 300, "", part) if part else None
    cached = snapshot(case, None, NOW, state["focus"], circle, state["cache"])
    fresh = snapshot(case, None, NOW, state["focus"], circle)
    assert cached == fresh
    # the plan check with the findings kept per goal, against one that starts from nothing
    kept = quality.check(case, today=TODAY)
    goal_checks._GOAL_FINDINGS.clear()
    assert kept == quality.check(case, today=TODAY)
    # the cache holds only what the last snapshot showed
    shown = next((s for s in cached.sections if s.key == "goals"), None)
    assert len(state["cache"]._goals) == (len(shown.goals) if shown else 0)


@settings(max_examples=60)
@given(strategies.cases(), st.data())
def test_cached_snapshot_and_check_equal_fresh_ones_after_any_edits(first, data):
    language = i18n.language()
    state = {"shown": 0, "focus": None, "part": None, "cache": SnapshotCache()}
    plan = first.current_meeting.plan
    while len(plan.goals) < 2:  # goals to type in, whatever was drawn
        ed.add_intervention(plan, ed.add_goal(plan, "Josef sover").id)
    cases = [first, planfile.read(DEMO / "3-kasim.json")]
    try:
        _assert_same(cases, state)
        for _step in range(data.draw(st.integers(1, 12), label="steps")):
            _edit(data, cases, state)
            _assert_same(cases, state)
    finally:
        i18n.set_language(language)


def test_one_keystroke_re_makes_one_goal_and_the_others_are_the_same_objects():
    from benchmarks.live_bench import big_case

    case = big_case(goals=40, per_goal=2)
    cache = SnapshotCache()
    focus = ("goal", case.current_plan.goals[7].id)
    first = snapshot(case, None, NOW, focus, None, cache)
    assert cache.made == 40
    goal = case.current_plan.goals[7]
    ed.set_goal_value(case.current_plan, goal.id, "text", goal.text + "x")
    second = snapshot(case, None, NOW, focus, None, cache)
    assert cache.made == 41  # the goal typed in, nothing else
    before = next(s for s in first.sections if s.key == "goals").goals
    after = next(s for s in second.sections if s.key == "goals").goals
    assert [a is b for a, b in zip(before, after, strict=True)] == [n != 7 for n in range(40)]
    assert after[7].text.endswith("x") and after[7].highlighted
    # the focus moving to another goal re-makes the two whose highlight changed
    snapshot(case, None, NOW, ("goal", case.current_plan.goals[9].id), None, cache)
    assert cache.made == 43


def test_a_check_after_typing_in_one_goal_checks_the_others_from_their_kept_findings(monkeypatch):
    from benchmarks.live_bench import big_case

    case = big_case(goals=40, per_goal=2)
    goal_checks._GOAL_FINDINGS.clear()
    quality.check(case, today=TODAY)
    looked = []
    real = goal_checks._goal
    monkeypatch.setattr(goal_checks, "_goal", lambda g, goal: looked.append(g) or real(g, goal))
    goal = case.current_plan.goals[5]
    goal.text = "utredning"  # now reads like an intervention
    found = quality.check(case, today=TODAY)
    assert looked == [5]
    assert any(f.code == "goal-is-intervention" and f.item_id == goal.id for f in found)
    snapshot_copy = copy.deepcopy(case)
    goal_checks._GOAL_FINDINGS.clear()
    assert quality.check(snapshot_copy, today=TODAY) == found
