"""Help → About names every library SipDesk needs at run time, with its licence (issue 18)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from sipdesk.ui.everyday import about

ROOT = Path(__file__).resolve().parents[2]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set()
    for spec in project["dependencies"]:
        req = Requirement(spec)
        names.add(_norm(req.name))
        if "opentype" in req.extras and _norm(req.name) == "pyhanko":
            names.update({"fonttools", "uharfbuzz"})  # what the extra brings for the stamp
    return names


def test_about_lists_every_runtime_dependency_of_pyproject():
    listed = {_norm(name) for name, _purpose, _licence in about.LIBRARIES}
    assert runtime_dependencies() - listed == set()
    assert "pypdfium2" in listed


def test_about_shows_pdfium_with_its_licence(qtbot):
    dialog = about.AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert "pypdfium2" in text and "PDFium" in text
