"""Declarative settings: each is an `Option(key, type, default)`; values live in a small JSON file.

Settings are kept per machine and user in the platform's config folder and must never hold
personal data (the chair's own name and title go in the encrypted store's preferences instead).
Features declare their options in `OPTIONS` below, one line each.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any
    doc: str = ""


OPTIONS: list[Option] = [
    Option("language", str, "sv", "interface language: sv or en"),
    Option("window.geometry", str, "", "main window geometry (hex)"),
    Option("live.screen", str, "", "shared screen: the display's name; empty = first non-primary"),
    Option("live.zoom", float, 1.0, "shared screen: text size factor"),
    Option("live.high_contrast", bool, False, "shared screen: white on black"),
    Option("reminders.due_days", int, 14, "case list: remind of follow-ups due within N days"),
    Option("lock.idle_minutes", int, 5, "lock the window after this many idle minutes (0: never)"),
    Option("circle.shares", str, "10,20,45,15,10", "meeting circle: percent of time per part"),
    Option("print.leaflets", str, "", "print set: folder of information sheets, a subfolder per language"),
]


def config_path() -> Path:
    override = os.environ.get("SIPDESK_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir("SipDesk", appauthor=False)) / "settings.json"


class Settings:
    """Typed access to the options; unknown keys and values of the wrong type are ignored."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_path()
        self._options = {o.key: o for o in OPTIONS}
        self._values: dict[str, Any] = {}
        self.load()

    def load(self) -> None:
        self._values = self._read()

    def _read(self) -> dict[str, Any]:
        try:
            raw = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            raw = {}
        except (OSError, ValueError):
            log.warning("settings file unreadable; using defaults")
            raw = {}
        return {
            k: v
            for k, v in (raw.items() if isinstance(raw, dict) else [])
            if k in self._options and _fits(v, self._options[k].type)
        }

    def get(self, key: str) -> Any:
        option = self._options[key]
        return self._values.get(key, option.default)

    def set(self, key: str, value: Any) -> None:
        option = self._options[key]
        if not _fits(value, option.type):
            raise TypeError(f"{key} takes {option.type.__name__}")
        self._values[key] = value
        self.save(key)

    def save(self, key: str | None = None) -> None:
        """Write atomically, readable by this user only. With `key`, only that value is taken
        from this object and the rest from the file, so two Settings objects never undo each
        other's changes."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        values = self._values
        if key is not None:
            values = {**self._read(), key: self._values[key]}
            self._values = values
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fp:
                json.dump(values, fp, indent=2, sort_keys=True)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _fits(value: Any, tp: type) -> bool:
    if tp is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, tp)
