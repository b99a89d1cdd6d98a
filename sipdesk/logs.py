"""The log file and crash reports: ids and actions only, never the data a message may carry.

SipDesk logs to `sipdesk.log` in the platform's log folder (0700, the file 0600). Messages name
case ids, never names or personnummer. An unexpected error is written as its type and the code
lines it passed through – not its message or values, which may quote a plan (SQLAlchemy puts the
statement's parameters in its error text).
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from sipdesk import paths

LOG_NAME = "sipdesk.log"
MAX_BYTES, BACKUPS = 1_000_000, 3  # sipdesk.log and three older files of at most 1 MB each


class _LogFile(logging.Handler):
    """The log file: the standard library's RotatingFileHandler once the file is full – until
    then a plain file handler writes the same lines. `logging.handlers` imports sockets, pickling
    and queues, a start-up cost for a window that logs only when its store is locked at quit; the
    file is opened at the first record."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.baseFilename = str(path)
        self._file: logging.FileHandler | None = None
        self._rotating = False
        self._failed = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            if self._failed:
                return  # said once (below); no error report per record
            try:
                self._file = _PrivateFile(Path(self.baseFilename))
            except OSError:
                self._failed = True
                self.handleError(record)
                return
            self._file.setFormatter(self.formatter)
        if not self._rotating and self._fills(record):
            # the rotating file takes over: it rotates now, as it would have, and from now on
            self._file.close()
            try:
                self._file = _rotating_file(Path(self.baseFilename))
            except OSError:
                self._file = None
                self._failed = True
                self.handleError(record)
                return
            self._file.setFormatter(self.formatter)
            self._rotating = True
        self._file.emit(record)

    def _fills(self, record: logging.LogRecord) -> bool:
        """The record would take the file to its size limit: RotatingFileHandler's own test."""
        stream = self._file.stream
        if stream is None:
            return False  # the plain file reopens it; the next record asks again
        try:
            stream.seek(0, 2)
            return stream.tell() + len(f"{self.format(record)}\n") >= MAX_BYTES
        except (OSError, ValueError):
            return False  # the plain file's write reports what is wrong

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


class _PrivateFile(logging.FileHandler):
    """The log file appended to, made for its owner alone (0600)."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, mode="a", encoding="utf-8")

    def _open(self):
        return _open_private(Path(self.baseFilename), self.encoding, self.errors)


def _open_private(path: Path, encoding: str | None, errors: str | None):
    """The log file for appending, made for its owner alone (0600) – also when set-up's file or
    its folder went away before the first record, and the new file each rotation starts."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    return os.fdopen(fd, "a", encoding=encoding, errors=errors)


def _rotating_file(path: Path) -> logging.Handler:
    from logging.handlers import RotatingFileHandler

    class _PrivateRotatingFile(RotatingFileHandler):
        def _open(self):  # the standard one makes the file with the umask's mode (0644)
            return _open_private(Path(self.baseFilename), self.encoding, self.errors)

    return _PrivateRotatingFile(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")


_handler: _LogFile | None = None
log = logging.getLogger("sipdesk")


def log_file() -> Path:
    return paths.log_dir() / LOG_NAME


def setup(level: int = logging.INFO) -> Path | None:
    """Send the `sipdesk` loggers to the log file (once per file); None if it cannot be written."""
    global _handler
    path = log_file()
    if _handler is not None and Path(_handler.baseFilename) == path:
        return path
    if _handler is not None:
        log.removeHandler(_handler)
        _handler.close()
        _handler = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            path.parent.chmod(0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.close(fd)
            path.chmod(0o600)
        handler = _LogFile(path)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(min(level, log.level or level))
    _handler = handler
    return path


def scrubbed(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    """An error report without the error's message: its type and where it happened."""
    frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
    return f"{exc_type.__module__}.{exc_type.__qualname__}\n{frames}"


def report_unexpected(exc: BaseException) -> None:
    log.error("unexpected error: %s", scrubbed(type(exc), exc.__traceback__))


def install_excepthook() -> None:
    """Route uncaught errors (also those raised in Qt slots) to the log, scrubbed."""

    def hook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.error("uncaught error: %s", scrubbed(exc_type, tb))
        print(
            f"SipDesk: unexpected error {exc_type.__name__}; see {log_file()}", file=sys.stderr
        )

    sys.excepthook = hook
