"""The encrypted local store: open (creating it on first use), with its key from keyring or passphrase."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import sqlcipher3

from sipdesk.i18n import _
from sipdesk.model.store.engine import DB_NAME, WrongKey, open_database
from sipdesk.model.store.keys import (
    KeyUnavailable,
    PassphrasePrompt,
    PassphraseRequired,
    StoreKey,
    StoreKeyError,
    StoreMeta,
    existing_store_key,
    new_store_key,
)
from sipdesk.model.store.repository import (
    AuditEntry,
    CaseNotFound,
    CaseSummary,
    Store,
    VersionLocked,
)

__all__ = [
    "AuditEntry",
    "CaseNotFound",
    "CaseSummary",
    "KeyUnavailable",
    "PassphraseRequired",
    "Store",
    "StoreKeyError",
    "VersionLocked",
    "WrongKey",
    "ensure_private_dir",
    "open_store",
    "store_exists",
]

log = logging.getLogger(__name__)


def ensure_private_dir(path: Path) -> Path:
    """Create `path` readable by this user only (0700 on POSIX)."""
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        path.chmod(0o700)
    return path


def store_exists(data_dir: Path) -> bool:
    return (Path(data_dir) / DB_NAME).exists()


def open_store(data_dir: Path, prompt: PassphrasePrompt | None = None) -> Store:
    """Open the store in `data_dir`, creating it (and its key) on first use.

    Raises WrongKey, KeyUnavailable or PassphraseRequired with a message that says what to do;
    in each case the files on disk are left as they were.
    """
    data_dir = ensure_private_dir(Path(data_dir))
    db_path = data_dir / DB_NAME
    meta = StoreMeta.load(data_dir)
    if meta is None or not db_path.exists():
        if db_path.exists():
            raise KeyUnavailable(
                _(
                    "The file store.json is missing beside the database, so SipDesk cannot tell "
                    "how it is unlocked. Put it back from where it was, or restore a backup."
                )
            )
        meta, key = new_store_key(prompt)
        conn = _open_private(db_path, key)
        meta.save(data_dir)
        log.info("new store created (key in %s)", meta.key_mode)
    else:
        key = existing_store_key(meta, prompt)
        conn = _open_private(db_path, key)
    store = Store(conn, key, data_dir)
    store.refresh_error_counts()  # one query when nothing is missing; fills cases saved pre-0002
    return store


def _open_private(db_path: Path, key: StoreKey) -> sqlcipher3.Connection:
    """Open with a umask that keeps the database, WAL and SHM files 0600."""
    old_umask = os.umask(0o077) if os.name == "posix" else None
    try:
        return open_database(db_path, key)
    finally:
        if old_umask is not None:
            os.umask(old_umask)
