"""The SQLCipher database: open with a key, check the key, set the pragmas, migrate.

Every connection is encrypted (SQLCipher 4, through the `sqlcipher3` wheel); the WAL is encrypted
too. Temporary tables and sorts stay in memory, deleted content is overwritten, and every commit
is durable (`synchronous=FULL`) so an acknowledged edit survives a power cut.

Opening goes through a plain DB-API connection, so start-up (check the key, read the case list)
never imports SQLAlchemy (≈0.4 s); the SQLAlchemy engine is made on first use, or warmed in the
background once the window is up.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3

from sipdesk.i18n import _
from sipdesk.model.store.keys import StoreKey

if TYPE_CHECKING:
    from sqlalchemy import Engine

log = logging.getLogger(__name__)

DB_NAME = "sipdesk.db"
HEAD_REVISION = "0003"
MIGRATIONS = Path(__file__).with_name("migrations")


class WrongKey(Exception):
    """The key or passphrase does not open this store (or the file is not a SipDesk store)."""


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def apply_pragmas(dbapi_conn: Any) -> None:
    """Settings for every connection, after the key. Reads first, so a wrong key fails before
    anything could be written to the file."""
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA cipher_log_level = NONE")
        cur.execute("SELECT count(*) FROM sqlite_master").fetchone()
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA temp_store = MEMORY")
        # a page cache that holds the case list's index at 50,000 cases (default 8 MB did not:
        # every search decrypted it again); filled only as pages are read
        cur.execute("PRAGMA cache_size = -32768")
        cur.execute("PRAGMA secure_delete = ON")
        cur.execute("PRAGMA foreign_keys = ON")
    finally:
        cur.close()


def connect(path: Path, key: StoreKey) -> sqlcipher3.Connection:
    """A DB-API connection with the key set and the pragmas applied; WrongKey if it does not open."""
    conn = sqlcipher3.connect(str(path), check_same_thread=False)
    try:
        conn.execute(f"PRAGMA key = {_quote(key.sqlcipher_password())}")
        apply_pragmas(conn)
    except sqlcipher3.DatabaseError as exc:
        conn.close()
        log.info("store did not open: %s", type(exc).__name__)
        raise WrongKey(
            _(
                "The passphrase or key does not open this store. Nothing was changed. "
                "Try again, or restore a backup."
            )
        ) from exc
    return conn


def make_engine(path: Path, key: StoreKey) -> Engine:
    """The SQLAlchemy engine over the same file and key (imports SQLAlchemy)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import URL

    url = URL.create("sqlite+pysqlcipher", password=key.sqlcipher_password(), database=str(path))
    engine = create_engine(url)
    event.listen(engine, "connect", lambda dbapi_conn, _record: apply_pragmas(dbapi_conn))
    return engine


def current_revision(conn: sqlcipher3.Connection) -> str | None:
    has = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).fetchone()
    if not has:
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


class Database:
    """One open store file: the plain connection (enough for the case list) and the SQLAlchemy
    engine, made on first use. `dispose()` closes both and forgets the key."""

    def __init__(self, path: Path, key: StoreKey, conn: sqlcipher3.Connection) -> None:
        self.path = path
        self._key: StoreKey | None = key
        self._conn: sqlcipher3.Connection | None = conn
        self._engine: Engine | None = None
        self._lock = threading.Lock()

    def raw(self) -> sqlcipher3.Connection:
        if self._conn is None:
            raise RuntimeError("the database is closed")
        return self._conn

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                if self._key is None:
                    raise RuntimeError("the database is closed")
                self._engine = make_engine(self.path, self._key)
            return self._engine

    def dispose(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            self._key = None


def open_database(path: Path, key: StoreKey) -> Database:
    """Open (or create) the store at `path`, migrated to the head revision."""
    conn = connect(path, key)
    if current_revision(conn) != HEAD_REVISION:
        engine = make_engine(path, key)
        try:
            migrate(engine)
        finally:
            engine.dispose()
    return Database(path, key, conn)


def migrate(engine: Engine) -> None:
    """Bring the schema to the head revision with Alembic (imported only when there is work)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("store migrated to %s", HEAD_REVISION)
