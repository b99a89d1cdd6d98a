"""Start-up (issue 19): the filled case list is drawn before the plan model, the controller, the
case view, the ORM and the log's file machinery are imported; right after the first frame
they are all there, and anything that asks for them earlier gets them at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sipdesk.model import planfile
from sipdesk.model.changes import Change
from sipdesk.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "resources" / "demo"

START = r"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from sipdesk import logs
from sipdesk.model.store import open_store
from sipdesk.ui.main_window import MainWindow

app = QApplication([])
logs.setup()
store = open_store(Path(sys.argv[1]))
window = MainWindow(store, defer_features=True)
window.show()
HEAVY = ("sqlalchemy", "sipdesk.model.entities", "sipdesk.model.codec", "sipdesk.model.quality",
         "sipdesk.ui.controller", "sipdesk.ui.chair.case_view", "sipdesk.ui.chair.workspace",
         "sipdesk.ui.features", "logging.handlers", "importlib_metadata", "pyhanko",
         "reportlab", "hashlib", "getpass")
at_first_frame = []
window.first_frame.connect(
    lambda: at_first_frame.extend(m for m in HEAVY if m in sys.modules)
)

def ready():
    print(sorted(at_first_frame))
    print(window.model.rowCount(), window._controller is not None, window._view is not None,
          window.undo_action in window.edit_menu.actions(), window.features_installed,
          window._first_frame.watched[0] is window.table.viewport())
    app.quit()

window.features_ready.connect(ready)
app.exec()
store.close()  # logs "store locked": a line in the log file, without the rotating machinery
print("logging.handlers" in sys.modules, "store locked" in logs.log_file().read_text())
"""


def test_the_list_is_drawn_first_and_the_rest_follows_at_once(tmp_path):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        SIPDESK_PASSPHRASE="a passphrase for this test",
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        XDG_STATE_HOME=str(tmp_path / "state"),
        PYTHONPATH=str(ROOT),
    )
    data = tmp_path / "data"
    make = (
        "import sys; from pathlib import Path; from sipdesk.model import planfile;"
        "from sipdesk.model.store import open_store; s = open_store(Path(sys.argv[1]));"
        "[s.add_case(planfile.read(Path(p))) for p in sys.argv[2:]]; s.close()"
    )
    plans = [str(DEMO / "1-josef.json"), str(DEMO / "3-kasim.json")]
    run = dict(capture_output=True, text=True, check=True, timeout=180, env=env,
               stdin=subprocess.DEVNULL, cwd=ROOT)  # fmt: skip
    subprocess.run([sys.executable, "-c", make, str(data), *plans], **run)
    out = subprocess.run([sys.executable, "-c", START, str(data)], **run).stdout.splitlines()
    assert out[-3] == "[]"  # nothing heavy before the first frame
    assert out[-2] == "2 True True True True True"  # then all of it; the list's viewport watched
    assert out[-1] == "False True"  # quitting writes its log line with no socket machinery


def test_what_asks_for_the_controller_or_the_view_before_the_first_frame_gets_them(qtbot, store):
    first = store.add_case(planfile.read(DEMO / "1-josef.json"))
    window = MainWindow(store, defer_features=True)
    qtbot.addWidget(window)
    assert window._controller is None and window._view is None  # not yet drawn
    window.select_case(first)  # the chair clicks a case at once: the view is built and shows it
    assert window._view is not None
    assert window.view.isVisibleTo(window.list_page) or not window.isVisible()
    assert window.list_page.widget(1) is window.view
    assert window.controller.undo_stack is not None  # and the controller with Undo/Redo
    assert window.undo_action in window.edit_menu.actions()
    assert window.open_case(first) and window.controller.case_id == first
    window.show()
    qtbot.waitUntil(lambda: window.features_installed, timeout=10_000)
    assert window.edit_menu.actions().count(window.undo_action) == 1  # built once
    assert window.controller.close_case()


def test_a_window_deleted_with_unsaved_edits_tears_down_quietly(qtbot, store):
    """The controller goes before the workspace listening to it (Qt deletes a window's children
    in the order they were made), whenever the controller was built."""
    from PySide6.QtCore import QCoreApplication, QEvent

    case_id = store.add_case(planfile.read(DEMO / "1-josef.json"))
    window = MainWindow(store, defer_features=True)
    window.show()
    qtbot.waitUntil(lambda: window.features_installed, timeout=10_000)
    assert window.open_case(case_id)
    window.controller.undo_stack.setClean()
    def longer(case, meeting):
        meeting.plan.goals[0].text += " och mer"
        return Change("goal", meeting.plan.goals[0].id)

    window.workspace  # noqa: B018 - the workspace listens to the controller's undo stack
    assert window.controller.apply("an edit", longer) is not None
    assert not window.controller.undo_stack.isClean()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    qtbot.wait(10)


def test_a_window_quit_at_its_first_frame_builds_nothing_more(qtbot, store):
    store.add_case(planfile.read(DEMO / "1-josef.json"))
    window = MainWindow(store, defer_features=True)
    qtbot.addWidget(window)
    closed = []
    # Ctrl+Q as the list appears: after the frame, before its follow-ups come round
    window.first_frame.connect(lambda: closed.append(window.close()))
    window.show()
    qtbot.waitUntil(lambda: bool(closed), timeout=10_000)
    qtbot.wait(200)  # the first frame's follow-ups come round
    assert window._controller is None and not window.features_installed
