"""Issue 14 in the window: an export never silently replaces a file – the window asks; a long
export can be cancelled and then writes nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from sipdesk.export import printset
from tests.ui.conftest import select


@pytest.fixture
def window(quiet_window):
    return quiet_window


@pytest.mark.parametrize("answer", [QMessageBox.No, QMessageBox.Yes])
def test_a_second_export_to_the_same_file_asks_before_replacing(
    window, qtbot, tmp_path, monkeypatch, answer
):
    select(window, "Josef Berg")
    target = tmp_path / "plan.pdf"
    target.write_bytes(b"another case's plan")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer)
    feature = window.export_feature
    if answer == QMessageBox.No:
        assert not feature.export("easy-read", out=target)
        assert target.read_bytes() == b"another case's plan"
    else:
        with qtbot.waitSignal(feature.finished, timeout=60000):
            assert feature.export("easy-read", out=target)
        assert target.read_bytes().startswith(b"%PDF")
    assert asked and "plan.pdf finns redan" in asked[-1]


def test_the_save_dialog_leaves_the_question_to_sipdesk(window, monkeypatch):
    select(window, "Josef Berg")
    seen = {}

    def dialog(*a, **k):
        seen.update(k)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    assert not window.export_feature.export("pdf")
    assert seen["options"] & QFileDialog.DontConfirmOverwrite


def test_a_long_export_can_be_cancelled_and_writes_nothing(window, qtbot, tmp_path, monkeypatch):
    from tests.export.helpers import big_case

    case_id = select(window, "Josef Berg")
    window.store.save_case(case_id, big_case(200))
    target = tmp_path / "big.pdf"
    feature = window.export_feature
    with qtbot.waitSignal(feature.finished, timeout=30000) as blocker:
        assert feature.export("pdf", out=target)
        assert feature.progress is not None  # with its Avbryt button
        feature.cancel()
    assert blocker.args[0] is None
    assert all(a.isEnabled() for a in feature.case_actions)  # the window is free at once
    qtbot.wait(200)
    feature.pool.waitForDone(60000)  # the worker stops at its next page
    qtbot.wait(200)
    assert not target.exists()
    assert not any("misslyckades" in m for m in window.shown_messages)


def test_the_print_sets_pdfs_ask_before_replacing(window, qtbot, tmp_path, monkeypatch):
    case_id = select(window, "Josef Berg")
    case = window.store.load_case(case_id)
    job = printset.PrintJob(
        case, case.current_meeting, printset.default_items(case, case.current_meeting)
    )
    names = job.file_names()
    (tmp_path / names[0]).write_bytes(b"keep")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.No)
    assert not window.print_feature.save_job(case_id, job, tmp_path)
    assert asked and names[0] in asked[0]
    assert (tmp_path / names[0]).read_bytes() == b"keep"
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [names[0]]
