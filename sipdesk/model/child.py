"""A second process of SipDesk's own, for work that can go on beside the main one: signing in
the command line's export (`sipdesk.export.sign_worker`) and preparing a restore's cases
(`sipdesk.model.restore_worker`).

The child runs one module's `main()` under this Python, from exactly this process's import path:
`-P` keeps the working folder (or a script's) off it – a `json.py` or `sipdesk/` there would run
in a process that is then sent a key – and this process's `sys.path` follows as arguments (the
same sipdesk, not one installed elsewhere). Paths only on the command line: secrets go through
its standard input, an anonymous pipe between two processes of the same user, never a file.
A bundle (`sys.frozen`) has no `python -c`: there, callers do the work in their own process.

Frame: a 4-byte big-endian length, a JSON header, then the blobs the header names, in order.
"""

from __future__ import annotations

import json
import os
import struct
import sys
from typing import IO

# secrets of the environment that a child has no use for (the store's and backups'
# passphrases, the PKCS#12 password for scripted import)
SECRET_ENV = ("SIPDESK_PASSPHRASE", "SIPDESK_BACKUP_PASSPHRASE", "SIPDESK_P12_PASSWORD")


def boot(module: str) -> str:
    """The `-c` program that runs `module.main()` from the import path given as arguments."""
    return f"import sys; sys.path[:] = sys.argv[1:]; from {module} import main; main()"


def command(module: str) -> list[str]:
    """The child's command line: this Python, safe path, this process's import path."""
    path = [p or os.getcwd() for p in sys.path if isinstance(p, str)]  # "" is the working folder
    return [sys.executable, "-P", "-c", boot(module), *path]


def env() -> dict[str, str]:
    """This process's environment without the secrets the child has no use for."""
    return {k: v for k, v in os.environ.items() if k not in SECRET_ENV}


def can_start() -> bool:
    """False in a bundle (no `python -c` to start)."""
    return not getattr(sys, "frozen", False)


def frame(header: dict, *blobs: bytes) -> bytes:
    """One frame: the header (with the blobs' lengths added) and the blobs."""
    head = json.dumps(dict(header, blobs=[len(b) for b in blobs])).encode("utf-8")
    return b"".join([struct.pack(">I", len(head)), head, *blobs])


def write_frame(out: IO[bytes], header: dict, *blobs: bytes) -> None:
    out.write(frame(header, *blobs))
    out.flush()


def read_frame(inp: IO[bytes]) -> tuple[dict, list[bytes]] | None:
    """The next frame, or None at the end of the input (or a frame cut short or garbled)."""
    size = inp.read(4)
    if len(size) < 4:
        return None
    head = inp.read(struct.unpack(">I", size)[0])
    try:
        header = json.loads(head)
        lengths = [int(n) for n in header["blobs"]]
    except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: "[[[[…"
        return None
    if not isinstance(header, dict) or any(n < 0 for n in lengths):
        return None
    blobs = [inp.read(n) for n in lengths]
    if any(len(b) != n for b, n in zip(blobs, lengths, strict=True)):
        return None
    return header, blobs
