"""A case chosen before the features are installed (issue 19: they come after the list's first
frame – and a case opened before that frame still gets them): every feature then stands as if
the case had been chosen after – its case actions enabled, the opened case among the recent ones.
A matrix over how the case was chosen, comparing every action of the window."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from sipdesk.ui.everyday.recent import recent_ids
from sipdesk.ui.main_window import MainWindow


def _actions(window) -> dict[str, bool]:
    return {a.text(): a.isEnabled() for a in window.findChildren(QAction) if a.text()}


def _choose(window, case_id: int, how: str) -> None:
    window.select_case(case_id)
    if how == "opened":
        assert window.open_case(case_id)


def _shown(qtbot, window) -> None:
    window.show()
    qtbot.waitUntil(lambda: window.features_installed, timeout=10_000)
    qtbot.wait(50)  # what the installation queued


@pytest.mark.parametrize("how", ["selected", "opened"])
def test_a_case_chosen_before_the_features_is_theirs_as_one_chosen_after(
    qtbot, demo_store, monkeypatch, how
):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    case_id = demo_store.list_cases("", None)[-1].id
    early = MainWindow(demo_store, defer_features=True)
    qtbot.addWidget(early)
    _choose(early, case_id, how)
    _shown(qtbot, early)
    before = _actions(early)
    if how == "opened":
        assert recent_ids(demo_store)[:1] == [case_id]  # the opened case is a recent one
        assert early.controller.close_case()

    late = MainWindow(demo_store, defer_features=True)
    qtbot.addWidget(late)
    _shown(qtbot, late)
    _choose(late, case_id, how)
    qtbot.wait(50)
    after = _actions(late)
    if how == "opened":
        assert late.controller.close_case()
    assert {k: (before.get(k), after.get(k)) for k in before.keys() | after.keys()
            if before.get(k) != after.get(k)} == {}  # fmt: skip
