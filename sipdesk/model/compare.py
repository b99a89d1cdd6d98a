"""Two versions of a plan side by side: what was added, removed or changed between them.

Items are matched by their ids (kept from version to version by `Case.start_follow_up`), so a
goal whose wording changed shows as changed, not as one removed and one added.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sipdesk.i18n import N_, _
from sipdesk.model.entities import Goal, Intervention, Plan


class Change(StrEnum):
    SAME = "same"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class DiffRow:
    """One line of the comparison: a section, the old and the new text, and how they differ."""

    section: str
    old: str
    new: str
    change: Change
    level: int = 0  # 0 = section item, 1 = intervention under a goal


_TEXT_FIELDS = (
    ("reason", N_("Why a SIP?")),
    ("current_situation", N_("Current situation")),
    ("strengths", N_("What works well")),
    ("person_does_self", N_("What the person does themselves")),
    ("others_measures", N_("Measures by others than the municipality and the region")),
    ("own_view", N_("The person's own view")),
    ("relatives_view", N_("Relatives' view")),
    ("care_contact", N_("Named care contact")),
    ("contact_place", N_("Contact place")),
)


def _status(old: str | None, new: str | None) -> Change:
    if old is None:
        return Change.ADDED
    if new is None:
        return Change.REMOVED
    return Change.SAME if old == new else Change.CHANGED


def _row(section: str, old: str | None, new: str | None, level: int = 0) -> DiffRow:
    return DiffRow(section, old or "", new or "", _status(old, new), level)


def _paired(old: list, new: list) -> list[tuple]:
    """(old, new) pairs by id in the new version's order; a removed item follows the surviving
    item that preceded it in the old version, so it shows where it stood."""
    new_ids = {x.id for x in new}
    old_by_id = {x.id: x for x in old}
    after: dict[str | None, list] = {}
    anchor = None
    for item in old:
        if item.id in new_ids:
            anchor = item.id
        else:
            after.setdefault(anchor, []).append(item)
    pairs: list[tuple] = [(gone, None) for gone in after.get(None, [])]
    for item in new:
        pairs.append((old_by_id.get(item.id), item))
        pairs += [(gone, None) for gone in after.get(item.id, [])]
    return pairs


def _intervention_text(item: Intervention) -> str:
    who = ", ".join(r.name for r in item.responsible if r.name.strip())
    parts = [item.what]
    if item.principal is not None:
        parts.append(item.principal.label)
    if item.actor is not None:
        parts.append(item.actor.label)
    if who:
        parts.append(who)
    if item.time_plan:
        parts.append(item.time_plan)
    return " · ".join(p for p in parts if p)


def _goal_text(goal: Goal) -> str:
    parts = [goal.text]
    if goal.measure:
        parts.append(_("Measure: {m}").format(m=goal.measure))
    if goal.target_date:
        parts.append(_("By {date}").format(date=goal.target_date.isoformat()))
    if goal.reached_on:  # a reached goal is kept and compared, never shown as removed
        parts.append(_("Reached {date}").format(date=goal.reached_on.isoformat()))
    return " · ".join(parts)


def compare(old: Plan, new: Plan, names: dict[str, str] | None = None) -> list[DiffRow]:
    """All rows of the side-by-side comparison of two plan versions, in plan order."""
    rows: list[DiffRow] = []
    for name, label in _TEXT_FIELDS[:3]:
        a, b = getattr(old, name), getattr(new, name)
        if a or b:
            rows.append(_row(_(label), a, b))
    for a, b in _paired(old.needs, new.needs):
        rows.append(_row(_("Need"), a and a.text, b and b.text))
    for a, b in _paired(old.long_term_goals, new.long_term_goals):
        rows.append(_row(_("Long-term goal"), a and a.text, b and b.text))
    for a, b in _paired(old.goals, new.goals):
        rows.append(_row(_("Goal"), a and _goal_text(a), b and _goal_text(b)))
        for x, y in _paired(a.interventions if a else [], b.interventions if b else []):
            rows.append(
                _row(_("Intervention"), x and _intervention_text(x), y and _intervention_text(y), 1)
            )
    for name, label in _TEXT_FIELDS[3:]:
        a, b = getattr(old, name), getattr(new, name)
        if a or b:
            rows.append(_row(_(label), a, b))
    for a, b in _paired(old.disagreements, new.disagreements):
        rows.append(
            _row(_("Disagreement"), a and f"{a.who}: {a.about}", b and f"{b.who}: {b.about}")
        )
    # the huvudansvarig is a participant id; `names` maps the ids of both meetings to names
    names = names or {}
    main_a = names.get(old.main_responsible_id or "", old.main_responsible_id or "")
    main_b = names.get(new.main_responsible_id or "", new.main_responsible_id or "")
    if main_a or main_b:
        rows.append(_row(_("Huvudansvarig"), main_a or "", main_b or ""))
    fa = old.follow_up.date.isoformat() if old.follow_up and old.follow_up.date else ""
    fb = new.follow_up.date.isoformat() if new.follow_up and new.follow_up.date else ""
    if fa or fb:
        rows.append(_row(_("Follow-up"), fa, fb))
    return rows


def summary(rows: list[DiffRow]) -> dict[Change, int]:
    """How many rows of each kind of change."""
    out = dict.fromkeys(Change, 0)
    for row in rows:
        out[row.change] += 1
    return out
