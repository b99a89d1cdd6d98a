"""Shared fixtures: every test runs with its own data dir, settings dir and in-memory keyring."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SIPDESK_LANG"] = "sv"

import keyring  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from keyring.errors import PasswordDeleteError  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo"

# One profile for the whole suite: no per-example deadline and no "too slow" health check, so a
# property test cannot fail because the machine is busy (a loaded 2-core laptop or CI runner);
# and no "data too large" check: whole generated cases are big by nature, and how many draws of a
# seed overrun the entropy budget is luck (a seed failed CI so) – overruns are skipped, not failed.
# Tests set only what is theirs (max_examples, fixture health checks), never a deadline.
settings.register_profile(
    "sipdesk",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "sipdesk"))


def also_suppress(*checks: HealthCheck) -> list[HealthCheck]:
    """The profile's suppressed health checks and `checks`: a test's own list would replace the
    profile's, and with it the tolerance of a slow machine (too_slow)."""
    return [*settings.get_profile("sipdesk").suppress_health_check, *checks]


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
    session, the full screen-size matrix) run only with SIPDESK_SLOW=1 or `-m slow`, so the
    README's test command stays within CI's time."""
    if os.environ.get("SIPDESK_SLOW") or "slow" in (config.getoption("markexpr") or ""):
        return  # asked for: SIPDESK_SLOW=1, or -m slow
    skip = pytest.mark.skip(reason="a long variant: run with SIPDESK_SLOW=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def last_lines(code: str, n: int = 2, env: dict[str, str] | None = None) -> list[str]:
    """The last `n` lines `code` prints in a fresh Python (the repository as its folder, no
    stdin): for what a fresh process imports, which this one has long since imported."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=root, stdin=subprocess.DEVNULL, timeout=300, env=env)  # fmt: skip
    return out.stdout.strip().splitlines()[-n:]
