"""A reached goal (`Goal.reached_on`) is marked in words on everything that lists goals – the
printed plan and its copies, the person's own copy, the shared screen's snapshot – and a goal not
reached is not (issue 18). The ✓ goes with the words where the embedded font has it. The shared
screen as drawn and the case preview are tested in tests/ui/test_goal_reached.py."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pypdfium2 as pdfium
import pytest

from sipdesk.export import pdf
from sipdesk.export.document import plan_document
from sipdesk.export.easyread import easy_read_document
from sipdesk.export.textlayout import font_for
from sipdesk.model import live
from sipdesk.model.reached import CHECK
from tests.export.helpers import DEMO, demo_case

STEMS = sorted(p.name.split(".")[0] for p in DEMO.glob("*.json"))
DAY = dt.date(2027, 3, 15)
WORDS = "Uppnått 15 mars 2027"
PLAIN = "Klart – vi nådde det här målet den 15 mars 2027"


def _pdf_text(doc) -> str:
    data = pdf.render(doc).pdf
    pages = pdfium.PdfDocument(data)
    text = "\n".join(pages[i].get_textpage().get_text_range() for i in range(len(pages)))
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _case_with_first_goal_reached(stem):
    case = demo_case(stem)
    goals = case.current_meeting.plan.goals
    if len(goals) < 2:
        pytest.skip("needs a reached and an unreached goal")
    for goal in goals:
        goal.reached_on = None
    goals[0].reached_on = DAY
    return case, goals


def _marks(text: str, words: str) -> int:
    return text.count(words)


# each kind: (a function of the case giving the text a reader sees, the words it marks with)
KINDS = {
    "plan": (lambda case: _pdf_text(plan_document(case)), WORDS),
    "copy": (lambda case: _pdf_text(plan_document(case, for_copy="Habiliteringen")), WORDS),
    "own_copy": (lambda case: _pdf_text(easy_read_document(case)), PLAIN),
    "shared_screen": (
        lambda case: "\n".join(
            " ".join((g.text, g.detail))
            for s in live.snapshot(case).sections for g in s.goals
        ),
        WORDS,
    ),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("stem", STEMS)
def test_a_reached_goal_is_marked_and_an_unreached_one_is_not(stem, kind):
    case, goals = _case_with_first_goal_reached(stem)
    read, words = KINDS[kind]
    text = read(case)
    assert _marks(text, words) == 1, text  # one goal reached: one mark, on that goal
    if kind != "shared_screen":  # the screen draws its ✓ itself (see the UI test)
        check = font_for(CHECK) is not None
        assert (f"{CHECK} {words}" in text) is check
    if kind == "shared_screen":  # on the reached goal, not beside another
        shown = [g for s in live.snapshot(case).sections for g in s.goals]
        assert [words in g.detail for g in shown] == [g.reached_on is not None for g in goals]
    goals[0].reached_on = None
    assert _marks(read(case), words) == 0
    for goal in goals:
        goal.reached_on = DAY
    assert _marks(read(case), words) == len(goals)
