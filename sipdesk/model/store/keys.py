"""Where the store's key comes from: a random 256-bit key in the OS keyring, or a passphrase.

The choice is recorded in `store.json` beside the database (no secret and no personal data in
it). `keyrings.alt` is deliberately not used: its backends keep secrets in plaintext files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sipdesk.i18n import _
from sipdesk.model.store import lean_keyring

KEYRING_SERVICE = "SipDesk"
META_NAME = "store.json"
MIN_PASSPHRASE = 8
KEY_MODES = ("keyring", "passphrase")

# prompt(new_store) -> passphrase or None (cancelled)
PassphrasePrompt = Callable[[bool], "str | None"]


class StoreKeyError(Exception):
    """Base for key problems; the message says what to do."""


class KeyUnavailable(StoreKeyError):
    pass


class PassphraseRequired(StoreKeyError):
    pass


class KeyringLocked(KeyUnavailable):
    """The OS keyring is there but locked or not answering: the key may well be in it."""


@dataclass(frozen=True)
class StoreKey:
    """What unlocks the database: a raw hex key, or a passphrase for SQLCipher's KDF."""

    mode: str  # "keyring" or "passphrase"
    secret: str

    def sqlcipher_password(self) -> str:
        return f"x'{self.secret}'" if self.mode == "keyring" else self.secret


@dataclass
class StoreMeta:
    """What `store.json` says: the store's id, how its key is kept, and a key change under way.

    `rekey_to` is set (to the new key mode) just before the database is re-encrypted and cleared
    once the change is complete, so a crash in between tells the next start to try both keys.
    """

    store_id: str
    key_mode: str
    rekey_to: str | None = None
    creating: bool = False  # written before a new store's database, cleared once it exists

    @classmethod
    def load(cls, data_dir: Path) -> StoreMeta | None:
        path = data_dir / META_NAME
        if not path.exists():
            return None
        try:
            raw = json.loads(path.read_text("utf-8"))
            meta = cls(
                store_id=str(raw["store_id"]),
                key_mode=str(raw["key_mode"]),
                rekey_to=raw.get("rekey_to"),
                creating=raw.get("creating") is True,
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyUnavailable(
                _(
                    "The file store.json beside the database is damaged. Put back a copy of it, "
                    "or restore a backup into a new store."
                )
            ) from exc
        if meta.key_mode not in KEY_MODES or meta.rekey_to not in (None, *KEY_MODES):
            raise KeyUnavailable(
                _(
                    "The file store.json beside the database is damaged. Put back a copy of it, "
                    "or restore a backup into a new store."
                )
            )
        return meta

    def save(self, data_dir: Path) -> None:
        """Write atomically and durably: a crash leaves either the old or the new file whole."""
        path = data_dir / META_NAME
        tmp = path.with_suffix(".tmp")
        body: dict[str, object] = {
            "format": "sipdesk-store",
            "store_id": self.store_id,
            "key_mode": self.key_mode,
        }
        if self.rekey_to:
            body["rekey_to"] = self.rekey_to
        if self.creating:
            body["creating"] = True
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fp:
                json.dump(body, fp)
                fp.flush()
                os.fsync(fp.fileno())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)  # a full disk leaves the old store.json, and no .tmp
            raise
        fsync_dir(data_dir)


def fsync_dir(directory: Path) -> None:
    """Make a rename in `directory` durable (POSIX; a no-op where directories cannot be opened)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _keyring_user(store_id: str, slot: str = "") -> str:
    # slot "next" holds a new key while a key change is under way
    return f"store-key:{store_id}" + (f":{slot}" if slot else "")


def prepare_keyring(data_dir: Path) -> None:
    """Import keyring and choose its backend now, for a store whose key is kept there: what
    reading the key does first anyway, done earlier. The window calls it before it imports
    PySide, whose import hook reads the source of every module imported after it (to look for
    "PySide6") – ≈6 ms of the start-up for keyring's modules. Any fault is left for reading the
    key to report, as it did before."""
    try:
        meta = StoreMeta.load(data_dir)
    except (KeyUnavailable, OSError):
        return
    if meta is None or "keyring" not in (meta.key_mode, meta.rekey_to):
        return
    try:
        lean_keyring.keyring().get_keyring()
    except Exception:  # noqa: BLE001, S110 - reading the key meets it again and says what it is
        pass


def keyring_get(store_id: str, slot: str = "", *, strict: bool = False) -> str | None:
    """The secret kept for `store_id`, None when the keyring has none.

    A keyring that is locked, refuses or does not answer is not the same as a key that is not
    there: with `strict` it raises KeyringLocked, so nobody is told to make a second store.
    """
    keyring = lean_keyring.keyring()
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, _keyring_user(store_id, slot))
    except (KeyringError, RuntimeError, OSError) as exc:
        if not strict:
            return None
        raise KeyringLocked(
            _(
                "The OS keyring did not answer or is locked ({kind}), so the store's key could "
                "not be read. Nothing was changed. Unlock the keyring (log in to the desktop "
                "session, or unlock it in the OS's password manager) and try again – do not "
                "make a new store."
            ).format(kind=type(exc).__name__)
        ) from exc


def keyring_try_store(store_id: str, secret: str, slot: str = "") -> bool:
    """Keep `secret` in the OS keyring; False where no working backend is there."""
    keyring = lean_keyring.keyring()
    from keyring.errors import KeyringError

    user = _keyring_user(store_id, slot)
    try:
        keyring.set_password(KEYRING_SERVICE, user, secret)
        return keyring.get_password(KEYRING_SERVICE, user) == secret
    except (KeyringError, RuntimeError, OSError):
        return False


def keyring_delete(store_id: str, slot: str = "") -> None:
    keyring = lean_keyring.keyring()
    from keyring.errors import KeyringError

    try:
        keyring.delete_password(KEYRING_SERVICE, _keyring_user(store_id, slot))
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
    if new:
        check_new_passphrase(value)
    return value


def check_new_passphrase(value: str) -> None:
    """Refuse a passphrase that is too short or holds characters a terminal cannot type."""
    if len(value) < MIN_PASSPHRASE:
        raise PassphraseRequired(
            _("Choose a passphrase of at least {n} characters.").format(n=MIN_PASSPHRASE)
        )
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise PassphraseRequired(_("A passphrase cannot hold control characters."))


def new_store_key(prompt: PassphrasePrompt | None) -> tuple[StoreMeta, StoreKey]:
    """Make the key of a new store: the keyring when it works, else a passphrase."""
    import secrets  # a new store only: opening one (every start) does without them
    import uuid

    store_id = uuid.uuid4().hex
    secret = secrets.token_hex(32)
    if os.environ.get("SIPDESK_PASSPHRASE") is None and keyring_try_store(store_id, secret):
        return StoreMeta(store_id, "keyring"), StoreKey("keyring", secret)
    return StoreMeta(store_id, "passphrase"), StoreKey("passphrase", _passphrase(prompt, new=True))


def existing_store_key(meta: StoreMeta, prompt: PassphrasePrompt | None) -> StoreKey:
    if meta.key_mode == "keyring":
        secret = keyring_get(meta.store_id, strict=True)
        if not secret:
            raise KeyUnavailable(
                _(
                    "The key to this store is not in this user account's keyring. Log in as the "
                    "user who created it, or restore a backup into a new store."
                )
            )
        return StoreKey("keyring", secret)
    return StoreKey("passphrase", _passphrase(prompt, new=False))
