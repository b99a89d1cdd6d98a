"""Every action the audit trail records is shown in the interface language (issue 18, item 6):
found by reading every `audit(…, "action")` call in the source, so a new one cannot be missed."""

from __future__ import annotations

import re
from pathlib import Path

from sipdesk import i18n
from sipdesk.model.store import AuditEntry
from sipdesk.model.store.repository import AUDIT_ACTIONS

ROOT = Path(__file__).resolve().parent.parent
CALL = re.compile(r"\baudit\(\s*[\w.]+\s*,\s*(?:[\w.]+\s*,\s*)?\"([^\"]+)\"")


def recorded_actions() -> set[str]:
    found = set()
    for path in (ROOT / "sipdesk").rglob("*.py"):
        found.update(CALL.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_recorded_action_has_a_label():
    actions = recorded_actions()
    assert {"consent_withdrawn", "shown on shared screen", "opened"} <= actions
    assert actions - set(AUDIT_ACTIONS) == set()


def test_labels_are_swedish():
    i18n.set_language("sv")
    for action in recorded_actions():
        entry = AuditEntry.__new__(AuditEntry)
        object.__setattr__(entry, "action", action)
        assert entry.label != AUDIT_ACTIONS[action], f"{action}: no Swedish label"
