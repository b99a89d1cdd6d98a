"""The bundle's recipe (packaging/): the spec carries every data file SipDesk reads at run time,
PyInstaller stays a build-time tool, and the desktop entry and icons are there.

Building the bundle takes minutes, so it is not done here: `packaging/build.py` builds it and
starts it from a copy outside the checkout (see docs/packaging.md)."""

from __future__ import annotations

import configparser
import importlib.util
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = (ROOT / "packaging" / "sipdesk.spec").read_text("utf-8")


def _build_module():
    spec = importlib.util.spec_from_file_location("sipdesk_build", ROOT / "packaging" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_spec_lists_the_data_files():
    for needed in (
        'tree("translations", "*.mo")',
        'tree("resources/fonts", "*.ttf")',
        'tree("resources/fonts", "LICENSE-*")',
        'tree("resources/demo", "*.json")',
        'tree("resources/icons", "sipdesk.svg")',
        "sipdesk/model/plan.schema.json",
        'tree("sipdesk/model/store/migrations", "*.py")',
        'tree("sipdesk/model/store/migrations", "*.mako")',
        "docs/anvandarguide.md",
        "docs/user-guide-en.md",
        "guide_pictures()",
    ):
        assert needed in SPEC, needed


def test_every_file_the_check_needs_exists_in_the_source():
    build = _build_module()
    for name in build.NEEDED:
        if name.endswith(".mo"):
            name = name[:-3] + ".po"  # compiled by build.py first
        assert (ROOT / name).exists(), name


def test_pyinstaller_is_a_build_time_tool_only():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert not any("pyinstaller" in dep.lower() for dep in project["dependencies"])
    assert any("pyinstaller" in dep.lower() for dep in project["optional-dependencies"]["bundle"])


def test_desktop_entry_and_icons():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(ROOT / "packaging" / "linux" / "sipdesk.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"].split()[0] == "SipDesk" and "%" not in desktop["Exec"]
    assert desktop["Icon"] == "sipdesk"
    icons = ROOT / "resources" / "icons"
    assert (icons / "sipdesk.svg").read_text("utf-8").lstrip().startswith("<?xml")
    assert (icons / "sipdesk.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (icons / "sipdesk.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_clean_env_holds_nothing_from_this_python(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", "/somewhere")
    monkeypatch.setenv("VIRTUAL_ENV", "/venv")
    env = _build_module().clean_env(tmp_path)
    assert "PYTHONPATH" not in env and "VIRTUAL_ENV" not in env
    assert env["HOME"] == str(tmp_path)


def test_one_command_runs_every_screenshot_script():
    """make_all.py regenerates every picture: a new screenshot script must be listed there."""
    spec = importlib.util.spec_from_file_location(
        "make_all", ROOT / "docs" / "screenshots" / "make_all.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    listed = {script for script, *_args in module.SCRIPTS}
    present = {p.name for p in (ROOT / "docs" / "screenshots").glob("*.py")} - {"make_all.py"}
    assert listed == present
