"""Faults named for what they are: a full disk, a damaged store, a read-only file or folder,
another SipDesk holding the store, a key changed elsewhere, a database that is not there.

SQLite (and the OS) report these as error codes; `classify()` turns a driver or OS error into one
of the exceptions below, whose message says what happened, that the cases are intact where they
are, and what to do. None of them is ever called a wrong passphrase.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
from pathlib import Path

from sipdesk.i18n import _

log = logging.getLogger(__name__)

# SQLite's primary result codes (https://sqlite.org/rescode.html)
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_NOTADB = 26
# below this much free space a failed write is a full disk, whatever code SQLite gave it
LOW_SPACE = 4 * 1024 * 1024


class StoreFault(Exception):
    """A fault of the store's files or of the machine; the message says what to do."""


class DiskFull(StoreFault):
    def __init__(self, folder: Path, needed: int | None = None) -> None:
        self.folder = folder
        self.needed = needed
        free = free_bytes(folder)
        room = _("about {mb} MB").format(mb=max(1, -(-(needed or LOW_SPACE) // 1_000_000)))
        super().__init__(
            _(
                "The disk holding {path} is full ({free} free). Nothing was changed – your "
                "cases are intact. Free {room} or more and try again."
            ).format(path=folder, free=_human(free), room=room)
        )


class StoreDamaged(StoreFault):
    def __init__(self, folder: Path, detail: str = "") -> None:
        self.folder = folder
        self.detail = detail
        super().__init__(
            _(
                "The store in {path} is damaged{detail}. Nothing more was written to it. Run "
                "'sipdesk check-store' to see what can still be read, make a backup of what can, "
                "and restore your latest backup into a new store."
            ).format(path=folder, detail=f" ({detail})" if detail else "")
        )


class StoreReadOnly(StoreFault):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            _(
                "{path} is read-only, so SipDesk cannot write to the store. Nothing was changed, "
                "and the permissions were left as they are. Make the store's folder and files "
                "writable for your user, or work on a copy."
            ).format(path=path)
        )


class StoreBusy(StoreFault):
    """Another SipDesk (a window or a command) holds the store for writing."""

    def __init__(self, folder: Path, holder: str = "") -> None:
        self.folder = folder
        self.holder = holder
        who = (
            _("SipDesk ({holder})").format(holder=holder)
            if holder
            else _("another SipDesk program")
        )
        super().__init__(
            _(
                "The store in {path} is in use by {who}. Nothing was changed. Finish there (close "
                "that window or let that command end), then try again."
            ).format(path=folder, who=who)
        )


class StoreMissing(StoreFault):
    """No usable database where the store should be; nothing was created or changed."""


class KeyChangedElsewhere(StoreFault):
    """The store's key was changed by another program while this one had it open."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "The store's key was changed elsewhere (in another SipDesk). Unlock to go on; "
                "your edits are kept until then."
            )
        )


class CaseChangedElsewhere(StoreFault):
    """The stored case is no longer the version this program loaded: saving would overwrite."""

    def __init__(self, case_id: int) -> None:
        self.case_id = case_id
        super().__init__(
            _(
                "Case {id} was changed elsewhere (in another SipDesk window or command) since it "
                "was opened here. Your edit was not saved, so nothing was overwritten; it is "
                "still on screen. Copy what you need, then open the case again."
            ).format(id=case_id)
        )


def _human(size: int | None) -> str:
    if size is None:
        return "?"
    if size < 1024 * 1024:
        return _("{n} KiB").format(n=size // 1024)
    return _("{n} MB").format(n=size // 1_000_000)


def free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _sqlite_code(exc: BaseException) -> int | None:
    orig = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's error
    for candidate in (exc, orig):
        code = getattr(candidate, "sqlite_errorcode", None)
        if isinstance(code, int):
            return code & 0xFF
    return None


def writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def read_only_target(folder: Path, db_path: Path | None = None) -> Path | None:
    """The file or folder that keeps SipDesk from writing, if any (permissions left alone)."""
    if not writable(folder):
        return folder
    for p in (db_path, *(_siblings(db_path) if db_path else ())):
        if p is not None and p.exists() and not writable(p):
            return p
    return None


def _siblings(db_path: Path) -> tuple[Path, Path]:
    return db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")


def classify(exc: BaseException, folder: Path, db_path: Path | None = None) -> StoreFault | None:
    """The named fault behind `exc` (a driver, SQLAlchemy or OS error), or None if it is not one.

    NOTADB on a store that was open is not decided here (it may be a key changed elsewhere or a
    damaged first page): see `Store._fault`.
    """
    if isinstance(exc, StoreFault):
        return exc
    if isinstance(exc, OSError) and not hasattr(exc, "sqlite_errorcode"):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return DiskFull(folder)
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return StoreReadOnly(Path(exc.filename) if exc.filename else folder)
        return None
    code = _sqlite_code(exc)
    if code is None:
        return None
    if code == SQLITE_FULL:
        return DiskFull(folder)
    if code in (SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN, SQLITE_IOERR):
        target = read_only_target(folder, db_path)
        if target is not None:
            return StoreReadOnly(target)
        free = free_bytes(folder)
        if free is not None and free < LOW_SPACE:
            return DiskFull(folder)
        if code == SQLITE_IOERR:
            return StoreDamaged(folder, _("the disk reported a read or write error"))
        return None
    if code == SQLITE_CORRUPT:
        return StoreDamaged(folder)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        from sipdesk.model.store.writer import holder_of

        return StoreBusy(folder, holder_of(folder))
    return None
