"""Writing files that hold personal data: atomically, and readable by this user only."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> Path:
    """Write `data` to `path` so that a crash or a full disk never leaves half a file there:
    a temporary file beside it (created 0600 by mkstemp), flushed to disk, then renamed."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".sipdesk-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fp:
            fp.write(data)
            fp.flush()
            os.fsync(fp.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
