"""The shared screen on real (simulated) displays: default choice, unplug, replug, remembered choice.

Runs the scenario in a fresh interpreter because the offscreen plugin takes its screen layout
only when the QApplication starts (`QT_QPA_PLATFORM=offscreen:configfile=...`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import DEMO, ROOT

LAPTOP = {"name": "Laptop", "x": 0, "y": 0, "width": 1366, "height": 768}
PROJECTOR = {"name": "Projector", "x": 1366, "y": 0, "width": 1920, "height": 1080}
TV = {"name": "TV", "x": 3286, "y": 0, "width": 1280, "height": 720}


def run_scenario(tmp_path, screens: list[dict]) -> dict:
    layout = tmp_path / "screens.json"
    layout.write_text(
        json.dumps({"screens": [dict(s, logicalDpiX=96, logicalDpiY=96) for s in screens]})
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={layout}")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.ui.live_screens_scenario",
            str(DEMO / "3-kasim.json"),
            str(tmp_path / "settings.json"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def two_screens(tmp_path):
    return run_scenario(tmp_path, [LAPTOP, PROJECTOR])


def test_opens_full_screen_on_the_first_screen_that_is_not_the_chairs(two_screens):
    assert two_screens["screens"] == ["Laptop", "Projector"]
    opened = two_screens["opened"]
    assert opened["screen"] == "Projector" and opened["full"] and opened["separate"]
    assert two_screens["notices_after_open"] == []
    assert two_screens["rendered_has_plan"]


def test_unplugging_brings_it_back_as_a_window_and_replugging_restores_it(two_screens):
    unplugged = two_screens["unplugged"]
    assert unplugged["visible"] and unplugged["screen"] == "Laptop"
    assert not unplugged["full"] and not unplugged["separate"]  # never covers the chair's work
    assert "kopplades bort" in two_screens["notices_after_unplug"][-1]
    replugged = two_screens["replugged"]
    assert replugged["screen"] == "Projector" and replugged["full"]


def test_with_three_screens_the_choice_is_remembered(tmp_path):
    result = run_scenario(tmp_path, [LAPTOP, PROJECTOR, TV])
    assert result["unplugged"]["screen"] == "TV" and result["unplugged"]["full"]
    assert result["replugged"]["screen"] == "Projector"
    assert result["chose_tv"]["screen"] == "TV" and result["chose_tv"]["full"]
    assert result["remembered"] == "TV"
    assert result["reopened"]["screen"] == "TV" and result["reopened"]["full"]
