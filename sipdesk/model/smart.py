"""SMART support for goals (SIP.md §5): hints, never blocks.

A goal is a state in the person's life ("Jesper sover på nätterna"), not an intervention
("stödsamtal", "utredning") or a diagnosis ("ADHD", "nykterhet"). The word lists are Swedish
because goals are written in Swedish; the hints themselves are translated.
"""

from __future__ import annotations

import re

from sipdesk.i18n import _
from sipdesk.model.entities import Goal

# Words that mark an intervention or activity rather than a state the person reaches.
_INTERVENTION_WORDS = (
    "utredning",
    "utreda",
    "kartläggning",
    "bedömning",
    "behandling",
    "samtal",
    "stödsamtal",
    "kontakt med",
    "insats",
    "placering",
    "boendestöd",
    "kontaktperson",
    "medicinering",
    "remiss",
    "informationsmöte",
    "föräldragrupp",
    "terapi",
    "ansöka",
    "ansökan",
    "anmäla",
    "besök hos",
    "träffa",
    "uppföljning",
)
# Words that name a diagnosis or an absence rather than a state in the person's life.
_DIAGNOSIS_WORDS = (
    "adhd",
    "autism",
    "add",
    "ptsd",
    "depression",
    "diagnos",
    "npf",
    "bipolär",
    "schizofreni",
    "nykterhet",
    "drogfrihet",
    "ångestsyndrom",
    "missbruk",
    "beroende",
)


def _has_word(text: str, words: tuple[str, ...]) -> str | None:
    low = text.casefold()
    for word in words:
        if re.search(rf"(?<!\w){re.escape(word)}", low):
            return word
    return None


def goal_hints(goal: Goal) -> list[str]:
    """What could make this goal clearer; empty when nothing stands out."""
    text = goal.text.strip()
    if not text:
        return []
    hints = []
    word = _has_word(text, _INTERVENTION_WORDS)
    if word:
        hints.append(
            _(
                "“{word}” sounds like an intervention. A goal says how things will be for the "
                "person; put the intervention in the row below."
            ).format(word=word)
        )
    word = _has_word(text, _DIAGNOSIS_WORDS)
    if word:
        hints.append(
            _(
                "“{word}” names a diagnosis or a state to avoid. Say what life looks like when "
                "the goal is reached."
            ).format(word=word)
        )
    if not goal.measure.strip():
        hints.append(_("Decide how you will know the goal is reached (measurable)."))
    if goal.target_date is None:
        hints.append(_("Set a date by which the goal should be reached (time-bound)."))
    if goal.accepted_by_person is not True:
        hints.append(_("Check that the person understands and accepts the goal (accepted)."))
    return hints
