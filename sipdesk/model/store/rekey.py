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
    with engine.connect() as conn:  # step 3
        conn.exec_driver_sql(f"PRAGMA rekey = {_quoted(new_key.sqlcipher_password())}")
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.lock()
    store.replace_database(open_private(data_dir / DB_NAME, new_key))
    finish_key_change(data_dir, meta, new_mode, "next" if new_mode == "keyring" else "", new_key)
    log.info("store key changed (now in %s)", new_mode)
