"""Opening the store's database: a new store, an existing one, and finishing an interrupted key change.

A key change (see `rekey.py`) records `rekey_to` in store.json before it re-encrypts the
database. If the process died in between, the database is encrypted with either the old or the
new key – SQLCipher's rekey is one transaction – so opening tries both, then completes the
bookkeeping (store.json, keyring slots) for whichever key worked.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from sipdesk.i18n import _
from sipdesk.model.store import faults, keys
from sipdesk.model.store.engine import DB_NAME, Database, WrongKey, open_database
from sipdesk.model.store.keys import (
    KeyUnavailable,
    PassphrasePrompt,
    StoreKey,
    StoreMeta,
)

log = logging.getLogger(__name__)


def ensure_private_dir(path: Path, *, new_store: bool = True) -> Path:
    """Create `path` readable by this user only (0700 on POSIX).

    The permissions of a folder that already holds a store are the user's: they are never
    changed (a folder made read-only stays read-only; SipDesk then says so).
    """
    existed = path.exists()
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix" and (new_store or not existed):
        path.chmod(0o700)
    return path


def open_private(db_path: Path, key: StoreKey) -> Database:
    """Open the database with a umask that keeps the database, WAL and SHM files 0600."""
    old_umask = os.umask(0o077) if os.name == "posix" else None
    try:
        return open_database(db_path, key)
    finally:
        if old_umask is not None:
            os.umask(old_umask)


def create_new_database(data_dir: Path, prompt: PassphrasePrompt | None) -> Database:
    db_path = data_dir / DB_NAME
    meta, key = keys.new_store_key(prompt)
    # store.json first, marked "creating": a crash before the database exists leaves a marked
    # store.json, which the next deliberate start replaces; an unmarked store.json without its
    # database is never replaced (see `missing_database`). The other order would leave a
    # database nobody can tell how to open.
    meta.creating = True
    meta.save(data_dir)
    db = open_private(db_path, key)
    meta.creating = False
    meta.save(data_dir)
    log.info("new store created (key in %s)", meta.key_mode)
    return db


def missing_database(data_dir: Path) -> str | None:
    """Why `data_dir` holds no usable database: None when it has one, "new" when there is no
    store at all (or only a first start cut short, its database file perhaps made and still
    empty), "missing" when store.json names a store whose database is not there, "empty" when
    the database file of a store has 0 bytes."""
    db_path = data_dir / DB_NAME
    try:
        size = db_path.stat().st_size
    except FileNotFoundError:
        size = None
    if size:
        return None
    try:
        meta = StoreMeta.load(data_dir)
    except KeyUnavailable:
        return "empty" if size == 0 else "missing"
    if meta is not None and meta.creating:
        return "new"  # a first start cut short, also after SQLite made the (empty) file
    if size == 0:
        return "empty"
    return "new" if meta is None else "missing"


def open_existing_database(data_dir: Path, prompt: PassphrasePrompt | None) -> Database:
    """Open an existing store's database with its key; finish an interrupted key change."""
    meta = StoreMeta.load(data_dir)
    db_path = data_dir / DB_NAME
    if meta is None:
        raise KeyUnavailable(
            _(
                "The file store.json is missing beside the database, so SipDesk cannot tell "
                "how it is unlocked. Put it back from where it was, or restore a backup."
            )
        )
    if not meta.rekey_to:
        key = keys.existing_store_key(meta, prompt)
        refuse_read_only(data_dir)
        return open_private(db_path, key)
    return _open_during_key_change(data_dir, meta, prompt)


def _candidates(meta: StoreMeta, prompt: PassphrasePrompt | None):
    """The keys that may open a store whose key change was interrupted, cheapest first.

    Yields (mode, slot, key); the passphrase is asked for only when no keyring key opens it.
    """
    modes = {meta.key_mode, meta.rekey_to}
    if "keyring" in modes:
        for slot in ("", "next"):
            secret = keys.keyring_get(meta.store_id, slot)
            if secret:
                yield "keyring", slot, StoreKey("keyring", secret)
    if "passphrase" in modes:
        yield "passphrase", "", StoreKey("passphrase", keys._passphrase(prompt, new=False))


def refuse_read_only(data_dir: Path) -> None:
    """Stop before SQLite touches a read-only store: it would make its WAL files with the
    database's read-only mode, and fail on the first write anyway."""
    target = faults.read_only_target(data_dir, data_dir / DB_NAME)
    if target is not None:
        raise faults.StoreReadOnly(target)


def _open_during_key_change(
    data_dir: Path, meta: StoreMeta, prompt: PassphrasePrompt | None
) -> Database:
    db_path = data_dir / DB_NAME
    refuse_read_only(data_dir)
    for mode, slot, key in _candidates(meta, prompt):
        try:
            db = open_private(db_path, key)
        except WrongKey:
            continue
        finish_key_change(data_dir, meta, mode, slot, key)
        return db
    raise WrongKey(
        _(
            "A change of passphrase was interrupted. Enter the old or the new passphrase – one "
            "of them opens the store. Nothing was changed."
        )
    )


def finish_key_change(data_dir: Path, meta: StoreMeta, mode: str, slot: str, key: StoreKey) -> None:
    """Record that `key` (of `mode`, found in keyring `slot`) is the store's key from now on.

    Order: the keyring's main slot first (so the key is never only in the "next" slot once
    store.json stops pointing there), then store.json, then the leftovers are removed.
    """
    if mode == "keyring" and slot == "next":
        if not keys.keyring_try_store(meta.store_id, key.secret):
            raise KeyUnavailable(_("The OS keyring refused to keep the store's key."))
    done = StoreMeta(meta.store_id, mode, None)
    done.save(data_dir)
    keys.keyring_delete(meta.store_id, "next")
    if mode == "passphrase":
        keys.keyring_delete(meta.store_id)
    log.info("key change finished (key in %s)", mode)
