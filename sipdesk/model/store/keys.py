"""Where the store's key comes from: a random 256-bit key in the OS keyring, or a passphrase.

The choice is recorded in `store.json` beside the database (no secret and no personal data in
it). `keyrings.alt` is deliberately not used: its backends keep secrets in plaintext files.
"""

from __future__ import annotations

import json
import os
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sipdesk.i18n import _

KEYRING_SERVICE = "SipDesk"
META_NAME = "store.json"
MIN_PASSPHRASE = 8

# prompt(new_store) -> passphrase or None (cancelled)
PassphrasePrompt = Callable[[bool], "str | None"]


class StoreKeyError(Exception):
    """Base for key problems; the message says what to do."""


class KeyUnavailable(StoreKeyError):
    pass


class PassphraseRequired(StoreKeyError):
    pass


@dataclass(frozen=True)
class StoreKey:
    """What unlocks the database: a raw hex key, or a passphrase for SQLCipher's KDF."""

    mode: str  # "keyring" or "passphrase"
    secret: str

    def sqlcipher_password(self) -> str:
        return f"x'{self.secret}'" if self.mode == "keyring" else self.secret


@dataclass
class StoreMeta:
    store_id: str
    key_mode: str

    @classmethod
    def load(cls, data_dir: Path) -> StoreMeta | None:
        path = data_dir / META_NAME
        if not path.exists():
            return None
        raw = json.loads(path.read_text("utf-8"))
        return cls(store_id=str(raw["store_id"]), key_mode=str(raw["key_mode"]))

    def save(self, data_dir: Path) -> None:
        path = data_dir / META_NAME
        tmp = path.with_suffix(".tmp")
        body = {"format": "sipdesk-store", "store_id": self.store_id, "key_mode": self.key_mode}
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fp:
            json.dump(body, fp)
        os.replace(tmp, path)


def _keyring_user(store_id: str) -> str:
    return f"store-key:{store_id}"


def keyring_get(store_id: str) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, _keyring_user(store_id))
    except (KeyringError, RuntimeError, OSError):
        return None


def keyring_try_store(store_id: str, secret: str) -> bool:
    """Keep `secret` in the OS keyring; False where no working backend is there."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, _keyring_user(store_id), secret)
        return keyring.get_password(KEYRING_SERVICE, _keyring_user(store_id)) == secret
    except (KeyringError, RuntimeError, OSError):
        return False


def keyring_delete(store_id: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.delete_password(KEYRING_SERVICE, _keyring_user(store_id))
    except (KeyringError, RuntimeError, OSError):
        pass


def _passphrase(prompt: PassphrasePrompt | None, new: bool) -> str:
    env = os.environ.get("SIPDESK_PASSPHRASE")
    value = env if env else (prompt(new) if prompt else None)
    if not value:
        raise PassphraseRequired(
            _(
                "This store is protected by a passphrase. Enter it when asked, or set "
                "SIPDESK_PASSPHRASE for scripted use."
            )
        )
    if new and len(value) < MIN_PASSPHRASE:
        raise PassphraseRequired(
            _("Choose a passphrase of at least {n} characters.").format(n=MIN_PASSPHRASE)
        )
    return value


def new_store_key(prompt: PassphrasePrompt | None) -> tuple[StoreMeta, StoreKey]:
    """Make the key of a new store: the keyring when it works, else a passphrase."""
    store_id = uuid.uuid4().hex
    secret = secrets.token_hex(32)
    if os.environ.get("SIPDESK_PASSPHRASE") is None and keyring_try_store(store_id, secret):
        return StoreMeta(store_id, "keyring"), StoreKey("keyring", secret)
    return StoreMeta(store_id, "passphrase"), StoreKey("passphrase", _passphrase(prompt, new=True))


def existing_store_key(meta: StoreMeta, prompt: PassphrasePrompt | None) -> StoreKey:
    if meta.key_mode == "keyring":
        secret = keyring_get(meta.store_id)
        if not secret:
            raise KeyUnavailable(
                _(
                    "The key to this store is not in this user account's keyring. Log in as the "
                    "user who created it, or restore a backup into a new store."
                )
            )
        return StoreKey("keyring", secret)
    return StoreKey("passphrase", _passphrase(prompt, new=False))
