"""The chosen case's read-only view in two steps (issue 19): a long case shows its first screenful
at once and the whole case right after the first paint. Once complete it shows exactly what one
`setHtml` of the whole case showed – for every demo case, generated cases and long plans – keeps
the scroll position, and whatever reads it (text, HTML, document) reads the whole case."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from PySide6.QtWidgets import QTextBrowser

from sipdesk.i18n import _
from sipdesk.model import planfile
from sipdesk.ui.chair import case_view
from sipdesk.ui.chair.case_view import CaseView, case_html
from tests.conftest import DEMO, also_suppress
from tests.export.helpers import big_case
from tests.strategies import cases

DEMOS = sorted(DEMO.glob("*.json"))


def as_one_document(case) -> tuple[str, str]:
    """(text, HTML) of the whole case set at once, as the view did before."""
    browser = QTextBrowser()
    browser.setHtml(case_html(case))
    return browser.toPlainText(), browser.toHtml()


def shown_complete(qtbot, view: CaseView) -> tuple[str, str]:
    """The view's own text and HTML once it has completed by itself (without a read forcing
    it), after being painted."""
    qtbot.waitUntil(lambda: view.complete, timeout=10_000)
    return QTextBrowser.toPlainText(view), QTextBrowser.toHtml(view)


@pytest.fixture
def view(qtbot):
    v = CaseView()
    qtbot.addWidget(v)
    v.resize(420, 600)
    v.show()
    qtbot.waitExposed(v)
    return v


@pytest.mark.parametrize("path", DEMOS, ids=[p.stem for p in DEMOS])
def test_every_demo_case_shows_as_before(qtbot, view, path: Path):
    case = planfile.read(path)
    view.show_case(case)
    assert shown_complete(qtbot, view) == as_one_document(case)


@pytest.mark.parametrize("goals", [1, 25, 60, 300])
def test_a_long_plan_shows_its_beginning_first_then_the_whole_plan(qtbot, view, goals):
    case = big_case(goals * 2)
    whole_text, whole_html = as_one_document(case)
    view.show_case(case)
    first = QTextBrowser.toPlainText(view)  # before any paint: the first screenful
    if goals >= 60:
        assert not view.complete and len(first) < len(whole_text)
        assert whole_text.startswith(first.rstrip("\n"))
        assert case.person.display_name in first
    assert shown_complete(qtbot, view) == (whole_text, whole_html)


@settings(max_examples=30, suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture))
@given(case=cases())
def test_generated_cases_show_as_before_when_read(qtbot, view, case):
    view.show_case(case)
    text, html = as_one_document(case)
    assert view.toPlainText() == text  # a read completes it at once
    assert view.complete and view.toHtml() == html


def test_the_scroll_position_is_kept_when_the_view_completes(qtbot, view):
    view.show_case(big_case(600))
    bar = view.verticalScrollBar()
    assert not view.complete and bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    at = bar.value()
    qtbot.waitUntil(lambda: view.complete, timeout=10_000)
    assert bar.value() == at and bar.maximum() > at * 2


def test_another_choice_before_it_completes_shows_that_choice(qtbot, view):
    josef = planfile.read(DEMOS[0])
    view.show_case(big_case(600))
    view.show_case(josef)
    assert view.complete and shown_complete(qtbot, view) == as_one_document(josef)
    view.show_case(big_case(600))
    view.show_case(None)
    assert view.complete
    qtbot.wait(50)  # the first paint's completion, if any, finds nothing left to do
    assert view.toPlainText() == _("Choose a case in the list.")


def test_a_hidden_view_completes_when_it_is_read(qtbot):
    v = CaseView()
    qtbot.addWidget(v)
    case = big_case(600)
    v.show_case(case)
    assert not v.complete
    assert v.document().toPlainText() == as_one_document(case)[0]
    assert v.complete


def test_the_first_screenful_is_a_small_part_of_a_long_plan():
    case = big_case(600)
    first, cut = case_view._case_html(case, case_view.FIRST_BLOCKS)
    assert cut and len(first) * 4 < len(case_html(case))
    assert case_view._case_html(planfile.read(DEMOS[0]), case_view.FIRST_BLOCKS)[1] is False


def test_a_view_never_painted_completes_soon_by_itself(qtbot):
    v = CaseView()  # never shown: no paint asks for the rest
    qtbot.addWidget(v)
    case = big_case(600)
    v.show_case(case)
    assert not v.complete
    qtbot.waitUntil(lambda: v.complete, timeout=10_000)
    assert QTextBrowser.toPlainText(v) == as_one_document(case)[0]
