"""PySide's import hook gets the same answer, quicker (issue 19: start-up): for every module the
window and its features import, "does its source mention PySide6" is answered from the file's
bytes exactly as PySide's own inspect-based check answers it."""

from __future__ import annotations

from tests.conftest import last_lines

CHECK = r"""
import sys
from PySide6.QtWidgets import QApplication
from sipdesk.ui import pyside_hook
feature = sys.modules["shibokensupport.feature"]
original = feature._mod_uses_pyside
print(pyside_hook.lighten(), pyside_hook.lighten(), feature._mod_uses_pyside.original is original)
from json import loads  # noqa
from sipdesk.ui.main_window import MainWindow  # noqa
import sipdesk.ui.features, sipdesk.ui.chair.workspace  # noqa
import sipdesk.export.pdf, keyring, sqlalchemy.orm  # noqa
quick = feature._mod_uses_pyside
differ = [n for n, m in list(sys.modules.items()) if m is not None and quick(m) != original(m)]
uses = sum(1 for m in list(sys.modules.values()) if m is not None and quick(m))
print(differ, len(sys.modules) > 300, uses > 20)
print(feature.pyside_feature_dict.get("sipdesk.ui.main_window"),
      feature.pyside_feature_dict.get("json"))
"""


def test_the_quick_answer_is_pysides_answer_for_every_module():
    installed, same, marked = last_lines(CHECK, 3)
    assert installed == "True True True"  # once; the original kept for what has no .py file
    assert same == "[] True True"  # no module answered differently, of hundreds
    assert marked == "0 -1"  # a module that uses PySide: 0 (no feature); one that does not: -1
