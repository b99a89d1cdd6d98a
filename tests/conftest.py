"""Shared fixtures: every test runs with its own data dir, settings dir and in-memory keyring."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SIPDESK_LANG"] = "sv"

import keyring  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings as hypothesis_settings  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from keyring.errors import PasswordDeleteError  # noqa: E402

# nothing timed in tests: on a loaded 2-core machine hypothesis' 200 ms deadline fails at random
hypothesis_settings.register_profile("sipdesk", deadline=None)
hypothesis_settings.load_profile("sipdesk")

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo"


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this process only: the tests' stand-in for the OS keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Point data, settings and temp files at the test's own folder; no passphrase in the env."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("SIPDESK_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("SIPDESK_CONFIG", str(home / ".config" / "SipDesk" / "settings.json"))
    monkeypatch.delenv("SIPDESK_PASSPHRASE", raising=False)
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    from sipdesk import i18n

    i18n.set_language("sv")
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(isolated) -> MemoryKeyring:
    return isolated


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir):
    from sipdesk.model.store import open_store

    s = open_store(data_dir)
    yield s
    s.close()


@pytest.fixture
def demo_store(store):
    from sipdesk.model import cases

    cases.seed_demo(store, DEMO)
    return store


def pytest_collection_modifyitems(config, items):
    """Tests marked `slow` (the long variants of fault matrices, property tests and the real-X
    session) run only with SIPDESK_SLOW=1, so the README's test command stays within CI's time."""
    if os.environ.get("SIPDESK_SLOW"):
        return
    skip = pytest.mark.skip(reason="a long variant: run with SIPDESK_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
