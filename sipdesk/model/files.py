"""Writing files that hold personal data: atomically, and readable by this user only."""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)

PART_PREFIX, PART_SUFFIX = ".sipdesk-", ".part"
# A part file younger than this may belong to a write still under way (another SipDesk window
# exporting to the same folder); one older was left by a write that was killed.
STALE_AFTER_SECONDS = 5.0


def stale_parts(folder: Path, now: float | None = None) -> list[Path]:
    """Temporary files a killed write left in `folder` (hidden, and holding a whole plan)."""
    now = time.time() if now is None else now
    found = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        if not (name.startswith(PART_PREFIX) and name.endswith(PART_SUFFIX)):
            continue
        try:
            info = entry.lstat()
        except OSError:
            continue
        stale = now - info.st_mtime >= STALE_AFTER_SECONDS
        if stale and not entry.is_symlink() and entry.is_file():
            found.append(entry)
    return sorted(found)


def remove_stale_parts(folder: Path, now: float | None = None) -> list[Path]:
    """Remove (overwritten with zeros first, as far as the file system allows) what a killed
    write left in `folder`; returns what was removed so the caller can tell the chair."""
    removed = []
    for part in stale_parts(folder, now):
        try:
            size = part.stat().st_size
            with open(part, "r+b", buffering=0) as fp:
                fp.write(b"\0" * size)
                os.fsync(fp.fileno())
        except OSError:
            pass  # not ours to overwrite (read-only); still try to remove it
        try:
            part.unlink()
        except OSError as exc:
            log.warning("a leftover temporary file could not be removed: %s", type(exc).__name__)
            continue
        removed.append(part)
    if removed:
        log.info("removed %d leftover temporary file(s) of an interrupted write", len(removed))
    return removed


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` so that a crash or a full disk never leaves half a file there:
    a temporary file beside it (created 0600 by mkstemp), flushed to disk, then renamed.
    Leftovers of an earlier, killed write in the same folder are removed first."""
    path = Path(path)
    remove_stale_parts(path.parent)
    with atomic_output(path) as fp:
        fp.write(data)
    return path


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A file to write (streamed) that becomes `path` only when the block ends without an
    error: a temporary file beside it (0600), flushed to disk, then renamed; removed on error."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=PART_PREFIX, suffix=PART_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fp:
            yield fp
            fp.flush()
            os.fsync(fp.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
