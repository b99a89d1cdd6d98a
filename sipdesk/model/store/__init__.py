"""The encrypted local store: open (creating it on first use), with its key from keyring or passphrase."""

from __future__ import annotations

import logging
from pathlib import Path

from sipdesk.model.store.engine import DB_NAME, WrongKey
from sipdesk.model.store.keys import (
    KeyUnavailable,
    PassphrasePrompt,
    PassphraseRequired,
    StoreKeyError,
)
from sipdesk.model.store.opening import (
    create_new_database,
    ensure_private_dir,
    open_existing_database,
)
from sipdesk.model.store.repository import (
    AuditEntry,
    CaseNotFound,
    CaseSummary,
    Store,
    StoreLocked,
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
    "StoreLocked",
    "VersionLocked",
    "WrongKey",
    "ensure_private_dir",
    "open_store",
    "store_exists",
]

log = logging.getLogger(__name__)


def store_exists(data_dir: Path) -> bool:
    return (Path(data_dir) / DB_NAME).exists()


def open_store(data_dir: Path, prompt: PassphrasePrompt | None = None) -> Store:
    """Open the store in `data_dir`, creating it (and its key) on first use.

    Raises WrongKey, KeyUnavailable or PassphraseRequired with a message that says what to do;
    in each case the files on disk are left as they were.
    """
    data_dir = ensure_private_dir(Path(data_dir))
    if not (data_dir / DB_NAME).exists():
        meta_path = data_dir / "store.json"
        if meta_path.exists():
            # a store.json without its database (a first start cut short, or a database moved
            # away): the new store gets a new id and key; the old file is kept aside, and its
            # keyring key left alone, in case the database comes back
            meta_path.replace(data_dir / "store.json.old")
        db = create_new_database(data_dir, prompt)
    else:
        db = open_existing_database(data_dir, prompt)
    store = Store(db, data_dir)
    store.refresh_error_counts()  # one query when nothing is missing; fills cases saved pre-0002
    return store
