"""Opening a plan with a chain of versions in the chair's window, and comparing two of its
versions, decode the versions shown – not the chain (issue 19). Decodes are counted."""

from __future__ import annotations

import pytest

from sipdesk.ui.lifecycle.compare_view import CompareView
from sipdesk.ui.main_window import MainWindow
from tests.chains import chain, count_decodes


@pytest.mark.parametrize("versions", [1, 2, 7, 30])
def test_choosing_opening_and_comparing_decode_what_is_shown(qtbot, store, monkeypatch, versions):
    case_id = store.add_case(chain(versions))
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    decoded = count_decodes(monkeypatch)
    window.select_case(case_id)  # the read-only view lists every version
    assert len(decoded) == 1
    window.open_case(case_id)  # the workspace: its version list, the newest and the one reviewed
    qtbot.wait(10)
    assert window.controller.case is not None and len(window.controller.case.meetings) == versions
    assert len(decoded) <= 1 + 2
    case = store.load_case(case_id)
    before = len(decoded)
    view = CompareView(case)
    qtbot.addWidget(view)
    assert view.old.count() == versions == view.new.count()
    assert len(decoded) - before <= 2  # the newest and the one before it
    if versions > 2:
        before = len(decoded)
        view.old.setCurrentIndex(0)  # another version: that one more
        assert len(decoded) - before == 1
    window.close_workspace()
