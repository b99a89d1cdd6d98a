"""A finding of the plan check: how bad, which rule (a stable `code`), where (a `path` relative to
the meeting checked, or the case), what to do, and the id of the item where there is one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    HINT = "hint"  # worth a look, nothing missing


@dataclass(frozen=True)
class Finding:
    """One thing the plan lacks: how bad, which rule, where, and what to do about it."""

    severity: Severity
    code: str
    path: str
    message: str
    item_id: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
