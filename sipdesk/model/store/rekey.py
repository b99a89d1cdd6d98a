"""Change the store's passphrase or rotate its key with SQLCipher's `PRAGMA rekey`, crash-safe.

The order of the steps is what makes an interruption recoverable at every point:

1. the new key is made durable where it will be looked for: a keyring key in the keyring's
   "next" slot (a passphrase lives only in the chair's head);
2. store.json records `rekey_to` (atomic replace + fsync): from now on an open tries both keys;
3. `PRAGMA rekey` re-encrypts every page in one transaction (through the WAL), so the database
   is wholly under the old key or wholly under the new one, never a mix;
4. `finish_key_change`: the keyring's main slot gets the new key, store.json drops `rekey_to`
   and names the new mode, and the leftovers (the "next" slot, a keyring key no longer used)
   are deleted.

A crash before 3 commits leaves the old key working; after it, the new one; in both cases the
next open (see `opening.py`) finds the working key and completes step 4.
"""

from __future__ import annotations

import logging
import secrets

from sipdesk.i18n import _
from sipdesk.model.store import keys
from sipdesk.model.store.engine import DB_NAME
from sipdesk.model.store.keys import KeyUnavailable, StoreKey, StoreMeta
from sipdesk.model.store.opening import finish_key_change, open_private
from sipdesk.model.store.repository import Store

log = logging.getLogger(__name__)


def _quoted(value: str) -> str:
    # the same quoting SQLAlchemy's pysqlcipher dialect uses for PRAGMA key, so the KDF sees
    # the same characters when the store is opened again
    return '"' + value.replace('"', '""') + '"'


def _undo_if_not_done(store: Store, meta: StoreMeta, new_mode: str, exc: Exception) -> None:
    """The rekey failed (a full disk, a damaged page). SQLite rolled it back when the old key
    still opens the database: then store.json loses its `rekey_to` marker again and the unused
    new key leaves the keyring, so "nothing was changed" is true. If the old key no longer opens
    it, the rekey committed: the marker stays, and the next open finishes the change."""
    from sipdesk.model.store.engine import connect

    db = store._db
    key = db._key if db is not None else None
    try:
        if key is None:
            return
        connect(db.path, key).close()
    except Exception:  # noqa: BLE001 - the old key does not open it: the change went through
        log.info("key change failed after the rekey committed (%s)", type(exc).__name__)
        return
    try:
        StoreMeta(meta.store_id, meta.key_mode, None).save(store.data_dir)
    except OSError:
        log.info("key change failed; store.json still marks it (%s)", type(exc).__name__)
        return
    if new_mode == "keyring":
        keys.keyring_delete(meta.store_id, "next")
    db.reset()
    fault = store._fault(exc)
    log.info("key change rolled back (%s)", type(fault or exc).__name__)
    if fault is not None:
        raise fault from exc


def change_key(store: Store, new_mode: str, passphrase: str | None = None) -> None:
    """Re-encrypt the open store under a new key: a new passphrase, or a new keyring key.

    `new_mode` is "passphrase" (with `passphrase`) or "keyring" (a fresh random 256-bit key,
    kept in the OS keyring). Raises PassphraseRequired or KeyUnavailable before anything is
    changed when the new key cannot be had.
    """
    data_dir = store.data_dir
    meta = StoreMeta.load(data_dir)
    if meta is None:
        raise KeyUnavailable(_("The file store.json is missing beside the database."))
    # never re-encrypt a damaged store: every page must pass its check first
    from sipdesk.model.store.faults import StoreDamaged
    from sipdesk.model.store.integrity import check

    report = check(store, cases=False)
    if report.page_errors or report.structure_errors:
        raise StoreDamaged(data_dir, (report.page_errors or report.structure_errors)[0])
    if new_mode == "passphrase":
        keys.check_new_passphrase(passphrase or "")
        new_key = StoreKey("passphrase", passphrase or "")
    elif new_mode == "keyring":
        new_key = StoreKey("keyring", secrets.token_hex(32))
        if not keys.keyring_try_store(meta.store_id, new_key.secret, "next"):
            raise KeyUnavailable(
                _("No OS keyring is available on this computer; keep the passphrase instead.")
            )
    else:
        raise ValueError(new_mode)

    StoreMeta(meta.store_id, meta.key_mode, new_mode).save(data_dir)  # step 2
    engine = store.engine
    engine.dispose()  # every other pooled connection still holds the old key
    try:
        with engine.connect() as conn:  # step 3
            conn.exec_driver_sql(f"PRAGMA rekey = {_quoted(new_key.sqlcipher_password())}")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except Exception as exc:
        _undo_if_not_done(store, meta, new_mode, exc)
        raise
    store.lock()
    store.replace_database(open_private(data_dir / DB_NAME, new_key))
    finish_key_change(data_dir, meta, new_mode, "next" if new_mode == "keyring" else "", new_key)
    log.info("store key changed (now in %s)", new_mode)
