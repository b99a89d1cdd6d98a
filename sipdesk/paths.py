"""Where SipDesk keeps things: data (the encrypted store), logs, and its own resources."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "SipDesk"


def app_root() -> Path:
    """The folder holding `sipdesk/`, `resources/` and `translations/` (a checkout or a bundle)."""
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return app_root() / "resources"


def demo_plans_dir() -> Path:
    return resources_dir() / "demo"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The store's folder: `--data-dir`, else `SIPDESK_HOME`, else the platform's data folder."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get("SIPDESK_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def demo_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The demo store: the given data dir, else a `demo` folder apart from real cases."""
    if override or os.environ.get("SIPDESK_HOME"):
        return data_dir(override)
    return data_dir() / "demo"


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
