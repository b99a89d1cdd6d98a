"""A keyring backend for benchmarks only: keeps the key in a file beside the benchmark store.

Benchmarks start SipDesk in fresh processes and need the keyring path (raw key, no KDF) that a
chair's laptop with an OS keyring takes. It is selected with PYTHON_KEYRING_BACKEND and never
used by SipDesk itself (a plaintext secret file is exactly what production must never do).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class FileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def _path(self) -> Path:
        return Path(os.environ["SIPDESK_BENCH_KEYRING"])

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self._path.read_text())
        except FileNotFoundError:
            return {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self._path.write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}/{username}", None)
        self._path.write_text(json.dumps(data))
