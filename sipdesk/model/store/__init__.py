"""The encrypted local store: open (creating it on first use), with its key from keyring or passphrase."""

from __future__ import annotations

import logging
from pathlib import Path

from sipdesk.i18n import _
from sipdesk.model.store.engine import DB_NAME, WrongKey
from sipdesk.model.store.faults import (
    CaseChangedElsewhere,
    DiskFull,
    KeyChangedElsewhere,
    StoreBusy,
    StoreDamaged,
    StoreFault,
    StoreMissing,
    StoreReadOnly,
)
from sipdesk.model.store.keys import (
    KeyringLocked,
    KeyUnavailable,
    PassphrasePrompt,
    PassphraseRequired,
    StoreKeyError,
)
from sipdesk.model.store.opening import (
    create_new_database,
    ensure_private_dir,
    missing_database,
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
    "CaseChangedElsewhere",
    "DiskFull",
    "KeyChangedElsewhere",
    "KeyringLocked",
    "StoreBusy",
    "StoreDamaged",
    "StoreFault",
    "StoreMissing",
    "StoreReadOnly",
    "missing_message",
    "store_present",
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


def store_present(data_dir: Path) -> bool:
    """True when `data_dir` holds a store or what is left of one (a database, or a store.json
    that is not a first start cut short): only a deliberate act may make a store there."""
    return missing_database(Path(data_dir)) != "new" or store_exists(data_dir)


def missing_message(data_dir: Path, why: str) -> str:
    if why == "empty":
        return _(
            "The store's database {path} is empty (0 bytes) – perhaps a sync or a copy is not "
            "done. Nothing was created or changed. Put back the whole file (or restore a backup "
            "into a new store in another folder)."
        ).format(path=Path(data_dir) / DB_NAME)
    if why == "missing":
        return _(
            "The store's database {path} is missing, though its store.json is there – perhaps a "
            "sync or a move is not done. Nothing was created or changed. Put the file back (or "
            "restore a backup into a new store in another folder)."
        ).format(path=Path(data_dir) / DB_NAME)
    return _(
        "There is no SipDesk store in {path}. Nothing was created. Start SipDesk ('sipdesk gui') "
        "to make one, or name the store's folder with --data-dir or SIPDESK_HOME."
    ).format(path=data_dir)


def open_store(
    data_dir: Path, prompt: PassphrasePrompt | None = None, *, create: bool = True
) -> Store:
    """Open the store in `data_dir`; with `create`, make it (and its key) when there is none.

    Raises WrongKey, KeyUnavailable, PassphraseRequired or a StoreFault (StoreMissing, DiskFull,
    StoreDamaged, StoreReadOnly) with a message that says what to do; in each case the files on
    disk are left as they were. A missing or empty database where a store was is never replaced
    by a new store, even with `create`.
    """
    data_dir = Path(data_dir)
    why = missing_database(data_dir) if data_dir.exists() else "new"
    if why is not None:
        if why != "new" or not create:
            raise StoreMissing(missing_message(data_dir, why))
        ensure_private_dir(data_dir)
        db = create_new_database(data_dir, prompt)
    else:
        db = open_existing_database(data_dir, prompt)
    store = Store(db, data_dir)
    try:
        store.refresh_error_counts()  # one query when nothing is missing; fills pre-0002 cases
    except StoreFault as exc:  # a figure for the list; the store still opens to say more
        log.info("error counts not refreshed: %s", type(exc).__name__)
    return store
