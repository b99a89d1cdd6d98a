"""One writer per store: an OS file lock on `sipdesk.lock` in the store's folder.

The window holds it for as long as it runs; a command that changes the store (import, restore,
delete, key change, signing identity) holds it while it works. A second writer is refused at
once with who holds it – the lock file says which process, on which computer, since when (no
personal data). The OS drops the lock when the holder ends, even by a crash, so a stale file
never blocks: only a held lock does.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path

from sipdesk.i18n import _
from sipdesk.model.store.faults import StoreBusy, StoreReadOnly

log = logging.getLogger(__name__)

LOCK_NAME = "sipdesk.lock"


def _try_lock(fd: int) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _host_name() -> str:
    """This computer's name: POSIX's uname (no socket module at start-up), else gethostname –
    never `platform.node()`, which on Windows runs `cmd /c ver` (WMI from Python 3.12) first."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    try:
        return socket.gethostname()
    except OSError:
        return ""


def holder_of(folder: Path) -> str:
    """Who holds the store, as the lock file says: "process 123 on laptop, since 21:14"."""
    try:
        raw = json.loads((Path(folder) / LOCK_NAME).read_text("utf-8"))
        pid, host, since = int(raw["pid"]), str(raw["host"])[:64], str(raw["started"])[:32]
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    try:
        when = dt.datetime.fromisoformat(since).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        when = since
    return _("process {pid} on {host}, since {when}").format(pid=pid, host=host, when=when)


class WriterLock:
    """The store's writer lock; `acquire()` raises StoreBusy when another process holds it."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> WriterLock:
        if self._fd is not None:
            return self
        path = self.folder / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except PermissionError as exc:
            raise StoreReadOnly(self.folder) from exc
        except OSError as exc:
            if exc.errno == 30:  # EROFS
                raise StoreReadOnly(self.folder) from exc
            raise
        if not _try_lock(fd):
            os.close(fd)
            raise StoreBusy(self.folder, holder_of(self.folder))
        self._fd = fd
        body = json.dumps(
            {
                "pid": os.getpid(),
                "host": _host_name()[:64],
                "started": dt.datetime.now().replace(microsecond=0).isoformat(),
            }
        ).encode("ascii")
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, body, 0) if hasattr(os, "pwrite") else os.write(fd, body)
        except OSError:  # a full disk: the lock itself is held, the note of who holds it is not
            log.info("could not write the lock file's note")
        return self

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)
        except OSError:
            pass
        os.close(fd)  # closing drops the lock (flock / msvcrt)

    def __enter__(self) -> WriterLock:
        return self.acquire()

    def __exit__(self, *_exc) -> None:
        self.release()
