"""The domain and the export know no screen: importing them must not import PySide6."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "sipdesk.model.entities",
        "sipdesk.model.planfile",
        "sipdesk.model.store",
        "sipdesk.model.cases",
        "sipdesk.model.protection",
        "sipdesk.model.live",
        "sipdesk.export",
        "sipdesk.cli",
        "sipdesk.cli_security",
        "sipdesk.logs",
    ],
)
def test_module_does_not_import_qt(module):
    code = f"import sys, {module}; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_model_and_export_module_is_qt_free():
    code = (
        "import pkgutil, importlib, sys, sipdesk.model, sipdesk.export\n"
        "for pkg in (sipdesk.model, sipdesk.export):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        if '.migrations' in m.name: continue\n"
        "        importlib.import_module(m.name)\n"
        "print('PySide6' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
