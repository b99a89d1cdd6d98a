"""The window's net (sipdesk.ui.fault_net): a store fault raised by any action reaches the chair
as the fault's own message, never only a terminal line; anything else is logged and the chair
is told where the log is and that nothing saved changed."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from sipdesk.model.store import faults
from sipdesk.model.store.repository import StoreLocked
from sipdesk.ui import fault_net

FAULTS = [
    faults.StoreDamaged,
    faults.DiskFull,
    faults.StoreReadOnly,
    faults.KeyChangedElsewhere,
    StoreLocked,
]


def _make(kind, tmp_path):
    if kind is StoreLocked:
        return StoreLocked("Lagret är låst. Lås upp det för att fortsätta.")
    if kind is faults.KeyChangedElsewhere:
        return kind()
    return kind(tmp_path)


@pytest.fixture
def shown(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: seen.append(a[2]) or 0)
    return seen


@pytest.fixture
def net():
    uninstall = fault_net.install()
    yield
    uninstall()


@pytest.mark.parametrize("kind", FAULTS, ids=lambda k: k.__name__)
def test_a_store_fault_is_shown_as_its_own_message(qapp, tmp_path, shown, net, kind):
    exc = _make(kind, tmp_path)
    sys.excepthook(type(exc), exc, None)
    assert shown == [str(exc)]
    assert "oväntat" not in shown[0].lower() and "unexpected" not in shown[0].lower()


@pytest.mark.qt_no_exception_capture
def test_anything_else_is_logged_and_the_chair_told_where(qapp, shown, monkeypatch):
    logged = []
    monkeypatch.setattr(sys, "excepthook", lambda *a: logged.append(a))  # the scrubbed log's hook
    uninstall = fault_net.install()
    try:
        exc = ZeroDivisionError("division by zero")
        sys.excepthook(type(exc), exc, None)
    finally:
        uninstall()
    assert [entry[1] for entry in logged] == [exc]
    assert len(shown) == 1 and "ZeroDivisionError" in shown[0] and "sipdesk.log" in shown[0]
    assert "division by zero" not in shown[0]  # the text may hold personal data: never shown


def test_uninstall_puts_the_old_hook_back(qapp):
    before = sys.excepthook
    fault_net.install()()
    assert sys.excepthook is before


@pytest.mark.qt_no_exception_capture
@pytest.mark.parametrize("kind", FAULTS, ids=lambda k: k.__name__)
def test_a_menu_action_meeting_a_fault_says_it(window, tmp_path, shown, net, monkeypatch, kind):
    """Figures… over a store that fails under it: the chair reads the fault's message."""
    exc = _make(kind, tmp_path)

    def fail(*_a, **_k):
        raise exc

    monkeypatch.setattr(window.store, "over_connection", fail)
    window.lifecycle.figures_action.trigger()
    assert shown == [str(exc)]


@pytest.mark.qt_no_exception_capture
@pytest.mark.parametrize("where", ["thread", "runnable"])
def test_a_fault_in_a_worker_thread_is_shown_by_the_gui_thread(qtbot, qapp, tmp_path, monkeypatch,
                                                                where):
    """A worker (a Python thread, or a Qt pool's runnable) meeting a store fault: the message box
    is made in the GUI thread, never in the worker (Qt widgets live in one thread)."""
    import threading

    from PySide6.QtCore import QRunnable, QThread, QThreadPool

    shown: list[tuple[str, bool]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(
        (a[2], QThread.currentThread() is qapp.thread())) or 0)  # fmt: skip
    exc = faults.StoreDamaged(tmp_path)
    uninstall = fault_net.install()
    try:
        if where == "thread":
            def fail():
                raise exc

            worker = threading.Thread(target=fail)
            worker.start()
            worker.join()
        else:
            class Fail(QRunnable):
                def run(self):
                    raise exc

            QThreadPool.globalInstance().start(Fail())
            QThreadPool.globalInstance().waitForDone()
        qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    finally:
        uninstall()
    assert shown == [(str(exc), True)]
