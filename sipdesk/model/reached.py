"""A reached goal (`Goal.reached_on`, issue 18) said in words wherever goals are listed – the
printed plan, the person's own copy, the shared screen, the case preview – never by colour alone.

Pure text: each output adds the check mark (✓) only where its font has one (`with_check`).
"""

from __future__ import annotations

from sipdesk.i18n import _, format_date
from sipdesk.model.entities import Goal

CHECK = "\u2713"  # ✓


def reached_text(goal: Goal, plain: bool = False) -> str:
    """"Uppnått 15 mars 2027" for a reached goal ('' for one not reached); `plain`: the
    person's own copy's words."""
    if goal.reached_on is None:
        return ""
    day = format_date(goal.reached_on)
    if plain:
        return _("Done – we reached this goal on {date}").format(date=day)
    return _("Reached {date}").format(date=day)


def with_check(text: str, has_check: bool) -> str:
    """The mark with a ✓ in front when the output's font has one (the words carry it alone)."""
    return f"{CHECK} {text}" if text and has_check else text
