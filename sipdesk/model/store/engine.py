"""The SQLCipher engine: open with a key, check the key, set the pragmas, migrate.

Every connection is encrypted (SQLCipher 4, through the `sqlcipher3` wheel); the WAL is encrypted
too. Temporary tables and sorts stay in memory, deleted content is overwritten, and every commit
is durable (`synchronous=FULL`) so an acknowledged edit survives a power cut.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError

from sipdesk.i18n import _
from sipdesk.model.store.keys import StoreKey

log = logging.getLogger(__name__)

DB_NAME = "sipdesk.db"
HEAD_REVISION = "0002"
MIGRATIONS = Path(__file__).with_name("migrations")


class WrongKey(Exception):
    """The key or passphrase does not open this store (or the file is not a SipDesk store)."""


def make_engine(path: Path, key: StoreKey) -> Engine:
    url = URL.create("sqlite+pysqlcipher", password=key.sqlcipher_password(), database=str(path))
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record) -> None:  # runs after the dialect's PRAGMA key
        cur = dbapi_conn.cursor()
        try:
            cur.execute("PRAGMA cipher_log_level = NONE")
            # Reading the schema is the first real read: it fails here on a wrong key,
            # before any pragma below could write to the file.
            cur.execute("SELECT count(*) FROM sqlite_master").fetchone()
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = FULL")
            cur.execute("PRAGMA temp_store = MEMORY")
            cur.execute("PRAGMA secure_delete = ON")
            cur.execute("PRAGMA foreign_keys = ON")
        finally:
            cur.close()

    return engine


def open_engine(path: Path, key: StoreKey) -> Engine:
    """Open (or create) the store at `path`; raise WrongKey without touching the file."""
    engine = make_engine(path, key)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DatabaseError as exc:
        engine.dispose()
        log.info("store did not open: %s", type(exc.orig).__name__)
        raise WrongKey(
            _(
                "The passphrase or key does not open this store. Nothing was changed. "
                "Try again, or restore a backup."
            )
        ) from exc
    migrate(engine)
    return engine


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'")
        ).first()
        if not has:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def migrate(engine: Engine) -> None:
    """Bring the schema to the head revision; Alembic is imported only when there is work."""
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("store migrated to %s", HEAD_REVISION)
