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
HEAD_REVISION = "0005"
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
    """A DB-API connection with the key set and the pragmas applied.

    WrongKey only when the key really does not open the file; a full disk, a read-only file or
    folder and a damaged store are raised as what they are (see `faults.py`).
    """
    from sipdesk.model.store import faults

    side = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    had = [p.exists() for p in side]
    conn = sqlcipher3.connect(str(path), check_same_thread=False)
    try:
        conn.execute(f"PRAGMA key = {_quote(key.sqlcipher_password())}")
        apply_pragmas(conn)
    except sqlcipher3.Error as exc:
        conn.close()
        _remove_new_empty(side, had)
        code = faults._sqlite_code(exc)
        log.info("store did not open: %s (%s)", type(exc).__name__, code)
        if code == faults.SQLITE_NOTADB:
            damaged = first_page_damaged(path, key)
            if damaged:
                raise faults.StoreDamaged(
                    path.parent, _("its first page does not pass its check")
                ) from exc
            raise WrongKey(
                _(
                    "The passphrase or key does not open this store. Nothing was changed. "
                    "Try again, or restore a backup."
                )
            ) from exc
        fault = faults.classify(exc, path.parent, path)
        if fault is not None:
            raise fault from exc
        raise faults.StoreDamaged(path.parent, type(exc).__name__) from exc
    return conn


def _remove_new_empty(side: list[Path], had: list[bool]) -> None:
    """A failed open leaves nothing behind: an empty WAL (and its index) that this attempt made
    are removed – only when the WAL is empty, so no other connection's data is ever touched."""
    wal, shm = side
    if had[0] or not wal.exists():
        return
    try:
        if wal.stat().st_size == 0:
            wal.unlink()
            if not had[1]:
                shm.unlink(missing_ok=True)
    except OSError:
        pass


def first_page_damaged(path: Path, key: StoreKey) -> bool:
    """True when the key opens most pages but not the first: a damaged header, not a wrong key.

    With a wrong key every page fails SQLCipher's HMAC check; with the right key and a damaged
    first page only some do. (A store of one page cannot tell the two apart: wrong key then.)
    """
    try:
        conn = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except sqlcipher3.Error:
        return False
    try:
        conn.execute(f"PRAGMA key = {_quote(key.sqlcipher_password())}")
        conn.execute("PRAGMA cipher_log_level = NONE")
        rows = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    except sqlcipher3.Error:
        return False
    finally:
        conn.close()
    failed = sum(1 for (row,) in rows if "HMAC" in str(row))
    try:
        pages = path.stat().st_size // 4096
    except OSError:
        return False
    return 0 < failed < pages


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

    def reset(self) -> None:
        """New connections after a damaged page: SQLCipher keeps a failed HMAC check as a
        sticky error on the connection, which would fail every later read, also of whole pages."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
            if self._conn is not None and self._key is not None:
                old = self._conn
                try:
                    self._conn = connect(self.path, self._key)
                except Exception:  # noqa: BLE001 - keep the old one; the fault is reported anyway
                    log.info("could not reopen the connection after a fault")
                    return
                old.close()

    def opens_with_its_key(self) -> str:
        """After SQLite said "not a database" on an open store: "ok" when a new connection with
        this store's key still opens it, "damaged" when only its first page fails, "key" when
        the key no longer opens it (changed elsewhere)."""
        if self._key is None:
            return "key"
        try:
            conn = sqlcipher3.connect(str(self.path), check_same_thread=False)
        except sqlcipher3.Error:
            return "damaged"
        try:
            conn.execute(f"PRAGMA key = {_quote(self._key.sqlcipher_password())}")
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return "ok"
        except sqlcipher3.Error:
            return "damaged" if first_page_damaged(self.path, self._key) else "key"
        finally:
            conn.close()

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
