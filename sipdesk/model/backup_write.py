"""Writing a backup (see `backup` for the file): streamed, one case at a time, into a temporary
file beside the target that is renamed into place when complete."""

from __future__ import annotations

import gzip
import io
import json
import logging
import secrets
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sipdesk.model import codec
from sipdesk.model.backup_format import (
    CHUNK,
    FORMAT,
    SCRYPT_N,
    SCRYPT_P,
    SCRYPT_R,
    SIGNING_PREFIX,
    VERSION,
    _chunk_aad,
    _chunk_nonce,
    _derive,
    check_passphrase,
    header_prefix,
)
from sipdesk.model.files import atomic_output
from sipdesk.model.store import Store, StoreFault

log = logging.getLogger("sipdesk.model.backup")


@dataclass(frozen=True)
class BackupResult:
    path: Path
    count: int
    unreadable: list[int] = field(default_factory=list)  # damaged cases left out


def _entry(store: Store, cid: int) -> dict[str, Any]:
    case = store.load_case(cid, lazy=False)  # every version: a damaged one faults here
    audit = [
        {"at": e.at.isoformat(), "os_user": e.os_user, "action": e.action, "detail": e.detail}
        for e in store.audit_log(cid)
    ]
    return {"case": codec.encode(case), "audit": audit}


def backup_preferences(store: Store, with_signing_key: bool = False) -> dict[str, str]:
    """The preferences a whole-store backup carries: the chair's signing identity (private key,
    its password, `signing.*`) only when the chair asks for it explicitly."""
    prefs = store.preferences()
    if with_signing_key:
        return prefs
    return {k: v for k, v in prefs.items() if not k.startswith(SIGNING_PREFIX)}


def collect(store: Store, case_id: int | None = None) -> dict[str, Any]:
    """The backup's content in memory (format 1's shape) – for small backups and tests."""
    if case_id is not None:
        ids = [case_id]
    else:
        ids = [row.id for row in reversed(store.list_cases())]
    content: dict[str, Any] = {
        "format": FORMAT + "-content",
        "version": 1,
        "cases": [_entry(store, cid) for cid in ids],
    }
    if case_id is None:
        content["preferences"] = backup_preferences(store)
    return content


def encrypt(content: dict[str, Any], passphrase: str, *, n: int = SCRYPT_N) -> bytes:
    """A format-1 backup of `content` (kept for tests and small tools; SipDesk writes format 2)."""
    check_passphrase(passphrase)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    prefix = header_prefix(1, n, salt, nonce)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    plain = gzip.compress(json.dumps(content, ensure_ascii=False).encode("utf-8"), mtime=0)
    key = _derive(passphrase, salt, n, SCRYPT_R, SCRYPT_P)
    return prefix + AESGCM(key).encrypt(nonce, plain, prefix)


class _ChunkWriter(io.RawIOBase):
    """A write-only stream that encrypts what it is given in numbered chunks into `out`."""

    def __init__(self, out: BinaryIO, key: bytes, nonce8: bytes, prefix: bytes) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._out, self._aead, self._nonce8, self._prefix = out, AESGCM(key), nonce8, prefix
        self._buf = bytearray()
        self._index = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buf += data
        while len(self._buf) > CHUNK:  # keep at least one byte back: the last chunk is marked
            self._emit(bytes(self._buf[:CHUNK]), last=False)
            del self._buf[:CHUNK]
        return len(data)

    def _emit(self, plain: bytes, last: bool) -> None:
        sealed = self._aead.encrypt(
            _chunk_nonce(self._nonce8, self._index),
            plain,
            _chunk_aad(self._prefix, self._index, last),
        )
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._index += 1

    def finish(self) -> None:
        self._emit(bytes(self._buf), last=True)
        self._buf.clear()


def _line(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n"


def write_backup(
    store: Store, out: Path, passphrase: str, case_id: int | None = None, **options: Any
) -> tuple[Path, int]:
    """Write an encrypted backup to `out` atomically (0600); returns the path and the case count.
    The options are `write_backup_checked`'s (with_signing_key, progress, n).

    See `write_backup_checked` for a damaged store (what could not be read is left out).
    """
    result = write_backup_checked(store, out, passphrase, case_id, **options)
    return result.path, result.count


def write_backup_checked(
    store: Store,
    out: Path,
    passphrase: str,
    case_id: int | None = None,
    *,
    with_signing_key: bool = False,
    progress: Callable[[int, int], None] | None = None,
    n: int = SCRYPT_N,
) -> BackupResult:
    """Stream a backup into a temporary file beside `out`, then rename it into place.

    The store's pages are checked first; in a damaged store every case that still reads is
    backed up and the rest are named in the result (`unreadable`) – the backup of what can
    still be read is the first help for a damaged store. One case at a time is in memory.
    """
    from sipdesk.model.store.integrity import check

    check_passphrase(passphrase)
    out = Path(out)
    if case_id is not None:
        store.load_case(case_id)  # raises CaseNotFound before anything is written
        ids = [case_id]
    else:
        ids = [row.id for row in reversed(store.list_cases())]
    report = check(store, cases=False)
    damaged = bool(report.page_errors or report.structure_errors)
    if damaged:
        log.info("backup of a damaged store: %d page error(s)", len(report.page_errors))
    prefs = backup_preferences(store, with_signing_key) if case_id is None else {}

    salt, nonce8 = secrets.token_bytes(16), secrets.token_bytes(8)
    prefix = header_prefix(VERSION, n, salt, nonce8, chunk=CHUNK)
    key = _derive(passphrase, salt, n, SCRYPT_R, SCRYPT_P)

    written: list[int] = []
    unreadable: list[int] = []
    with atomic_output(out) as fp:
        fp.write(prefix)
        sink = _ChunkWriter(fp, key, nonce8, prefix)
        with gzip.GzipFile(fileobj=sink, mode="wb", mtime=0, compresslevel=3) as gz:
            gz.write(
                _line({"format": FORMAT + "-content", "version": VERSION, "preferences": prefs})
            )
            if case_id is not None:
                # one case: read (and decoded) as the store reads it – a fault is the answer
                gz.write(_line(_entry(store, case_id)))
                written.append(case_id)
            else:
                for i, (cid, entry) in enumerate(store.iter_backup_entries(ids)):
                    if entry is None:
                        unreadable.append(cid)
                        continue
                    gz.write(_line(entry))
                    written.append(cid)
                    if progress is not None and i % 50 == 0:
                        progress(i + 1, len(ids))
        sink.finish()
    # the file is complete and in place: a failure to note it in the audit trail (a full disk)
    # does not make it a failed backup
    try:
        store.audit_many(written, "backed_up")
    except StoreFault as exc:
        log.info("backup written; audit rows not added (%s)", type(exc).__name__)
    log.info("backup written (%d case(s), %d unreadable)", len(written), len(unreadable))
    return BackupResult(out, len(written), unreadable)
