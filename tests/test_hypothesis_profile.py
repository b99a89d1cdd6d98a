"""The suite's property tests run without a time limit per example (a busy machine is no failure)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, settings

TESTS = Path(__file__).resolve().parent


def test_the_loaded_profile_has_no_deadline_and_tolerates_slow_data():
    assert settings.default.deadline is None
    assert HealthCheck.too_slow in settings.default.suppress_health_check


def test_no_test_sets_its_own_deadline_or_slowness_check():
    """A per-test deadline or too_slow override would shadow the profile again (issue 18, item 7);
    so would a test's own suppress_health_check list – it replaces the profile's, too_slow and
    all (tests.conftest.also_suppress extends it instead)."""
    offenders = []
    for path in TESTS.rglob("*.py"):
        if path.name == "conftest.py" and path.parent == TESTS:
            continue
        text = path.read_text(encoding="utf-8")
        own_list = re.search(r"suppress_health_check\s*=\s*\[", text)  # replaces the profile's
        if (re.search(r"deadline\s*=|HealthCheck\.too_slow", text) or own_list) and path != Path(
            __file__
        ):
            offenders.append(str(path.relative_to(TESTS)))
    assert offenders == []
