"""Encrypted backups of the whole store or one case, to move to a new laptop or hand to a colleague.

The file (format 2): a magic line, a small JSON header (format, version, KDF parameters, salt,
nonce prefix, chunk size – no personal data), then the content in chunks of at most 1 MiB, each
encrypted with AES-256-GCM under a key derived from the backup passphrase with scrypt. Every
chunk's associated data is the header, its number and whether it is the last one, so a changed,
swapped, dropped or truncated chunk makes the file refuse to open. The content is gzip'ed JSON
lines: one line of metadata (and the preferences of a whole-store backup), then one line per case.

Writing streams: one case at a time is read, encoded, compressed and encrypted, so a backup of
10,000 cases needs about the memory of one case; the "backed up" audit rows are one transaction.

Reading is built not to be turned against the reader: the KDF parameters must be what SipDesk
writes (a tight band) and are checked before any key derivation; decompression is bounded near
what a real store produces and parsed line by line; every case passes the plan file's checks.
Restore adds everything in ONE transaction, which a failure anywhere – a later chunk, a case that
does not pass – rolls back: nothing is half-restored. Restoring never overwrites: a case already in
the store (same uid, same content) is skipped; one with the same uid but different content is
added as a separate copy; only preferences the store lacks are added, and never the chair's
signing identity (`signing.*`), which stays on the computer it was made on.

Format 1 (one AES-GCM block over the whole gzip'ed JSON) is still read, within the same bounds.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sipdesk.i18n import _
from sipdesk.model import codec, planfile
from sipdesk.model.backup_format import (  # noqa: F401 - the backup's names, in one place
    _MIN_N,
    CHUNK,
    FLOOR,
    FORMAT,
    MAGIC,
    MAX_BACKUP_BYTES,
    MAX_CONTENT_BYTES,
    MAX_LINE,
    MIN_PASSPHRASE,
    RATIO,
    READABLE_VERSIONS,
    SCRYPT_N,
    SCRYPT_P,
    SCRYPT_R,
    SIGNING_PREFIX,
    SUFFIX,
    VERSION,
    BackupError,
    _chunk_aad,
    _chunk_nonce,
    _damaged,
    _derive,
    _wrong_passphrase,
    check_passphrase,
    header_prefix,
)
from sipdesk.model.backup_rows import is_canonical, rows_as_they_are
from sipdesk.model.backup_write import (  # noqa: F401
    BackupResult,
    _ChunkWriter,
    backup_preferences,
    collect,
    encrypt,
    write_backup,
    write_backup_checked,
)
from sipdesk.model.entities import Case
from sipdesk.model.files import write_atomic
from sipdesk.model.store import AuditEntry, Store
from sipdesk.model.store.bulk import Prepared, prepare

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreResult:
    added: list[int]  # new case ids
    skipped: int  # already in the store, unchanged
    copies: int  # same uid as a case here but different content: added as a copy
    preferences_added: list[str] = field(default_factory=list)  # keys, in order
    preferences_left: list[str] = field(default_factory=list)  # signing.* never restored


@dataclass(frozen=True)
class Header:
    version: int
    prefix: bytes  # magic + length + header bytes: the associated data
    n: int
    r: int
    p: int
    salt: bytes
    nonce: bytes
    chunk: int


def parse_header(head: bytes) -> Header:
    """Check a backup's header – every bound before any work: no key derivation, decryption or
    decompression happens for a header SipDesk would not have written."""
    if not head.startswith(MAGIC) or len(head) < len(MAGIC) + 4:
        raise _damaged()
    size = int.from_bytes(head[len(MAGIC) : len(MAGIC) + 4], "big")
    start = len(MAGIC) + 4
    if size > 4096 or start + size > len(head):
        raise _damaged()
    try:
        header = json.loads(head[start : start + size])
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ValueError("format")
        version = header.get("version")
        if version not in READABLE_VERSIONS or isinstance(version, bool):
            if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
                raise BackupError(
                    _(
                        "This backup was made by a newer SipDesk (format {v}). Update SipDesk."
                    ).format(v=version)
                )
            raise ValueError("version")
        n, r, p = header["n"], header["r"], header["p"]
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (n, r, p)):
            raise ValueError("kdf parameters")
        if header.get("kdf") != "scrypt" or header.get("cipher") != "AES-256-GCM":
            raise ValueError("algorithm")
        # SipDesk's own parameters at most: a crafted header cannot ask for more work or memory
        if not (_MIN_N <= n <= SCRYPT_N and n & (n - 1) == 0 and r == SCRYPT_R and p == SCRYPT_P):
            raise ValueError("kdf parameters")
        salt = base64.b64decode(header["salt"], validate=True)
        nonce = base64.b64decode(header["nonce"], validate=True)
        if not 16 <= len(salt) <= 64 or len(nonce) != (12 if version == 1 else 8):
            raise ValueError("nonce")
        chunk = header.get("chunk", 0) if version == 2 else 0
        if version == 2 and chunk != CHUNK:
            raise ValueError("chunk")
    except BackupError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _damaged() from exc
    return Header(version, head[: start + size], n, r, p, salt, nonce, chunk)


def _read_prefix(fp: BinaryIO) -> Header:
    head = fp.read(len(MAGIC) + 4)
    if len(head) == len(MAGIC) + 4 and head.startswith(MAGIC):
        size = int.from_bytes(head[len(MAGIC) :], "big")
        if size <= 4096:
            head += fp.read(size)
    return parse_header(head)


class _BoundedInflater:
    """gzip decompression fed piece by piece, never past `limit` bytes of output in all, and
    never more than PIECE bytes at a time in memory."""

    PIECE = 1024 * 1024

    def __init__(self, limit: int) -> None:
        self._z = zlib.decompressobj(wbits=31)
        self.limit = limit
        self.total = 0

    def feed(self, data: bytes) -> Iterator[bytes]:
        while True:
            try:
                piece = self._z.decompress(data, self.PIECE)
            except zlib.error as exc:  # decrypted but not gzip: made by something else
                raise _damaged() from exc
            self.total += len(piece)
            if self.total > self.limit:
                log.info("backup refused: content beyond %d bytes", self.limit)
                raise _damaged()
            if piece:
                yield piece
            data = self._z.unconsumed_tail
            if self._z.eof:
                if self._z.unused_data.strip(b"\x00"):
                    raise _damaged()
                return
            if not data and len(piece) < self.PIECE:  # all input used, no output held back
                return

    def finish(self) -> None:
        if not self._z.eof:
            raise _damaged()


def content_limit(file_size: int) -> int:
    """How much a backup of `file_size` bytes may decompress to: near what a real store gives."""
    return min(MAX_CONTENT_BYTES, max(FLOOR, RATIO * file_size))


class BackupReader:
    """An open backup: header checked, key derived, first chunk decrypted (the passphrase is
    right). `lines()` then yields the content's JSON objects one by one, each checked."""

    def __init__(self, path: Path, passphrase: str) -> None:
        self.path = Path(path)
        try:
            size = self.path.stat().st_size
            if size > MAX_BACKUP_BYTES:
                raise _damaged()
            self._fp: BinaryIO = open(self.path, "rb")  # noqa: SIM115 - closed by close()
        except OSError as exc:
            raise BackupError(
                _("Cannot read {path}: {detail}. Nothing was restored.").format(
                    path=self.path, detail=exc.strerror
                )
            ) from exc
        try:
            self.header = _read_prefix(self._fp)
            self._inflater = _BoundedInflater(content_limit(size))
            self._key = _derive(
                passphrase, self.header.salt, self.header.n, self.header.r, self.header.p
            )
            self._chunks = self._decrypted_chunks()
            self._first = next(self._chunks, b"")
        except BaseException:
            self._fp.close()
            raise

    def close(self) -> None:
        self._fp.close()

    def __enter__(self) -> BackupReader:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _decrypted_chunks(self) -> Iterator[bytes]:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        aead = AESGCM(self._key)
        h = self.header
        if h.version == 1:
            blob = self._fp.read(MAX_BACKUP_BYTES + 1)
            try:
                yield aead.decrypt(h.nonce, blob, h.prefix)
            except InvalidTag:
                raise _wrong_passphrase() from None
            return
        index = 0
        pending = self._read_sealed()
        if pending is None:
            raise _damaged()
        while pending is not None:
            following = self._read_sealed()
            last = following is None
            try:
                yield aead.decrypt(
                    _chunk_nonce(h.nonce, index), pending, _chunk_aad(h.prefix, index, last)
                )
            except InvalidTag:
                raise (_wrong_passphrase() if index == 0 else _damaged()) from None
            index += 1
            pending = following

    def _read_sealed(self) -> bytes | None:
        size_bytes = self._fp.read(4)
        if not size_bytes:
            return None
        if len(size_bytes) != 4:
            raise _damaged()
        size = int.from_bytes(size_bytes, "big")
        if not 16 <= size <= CHUNK + 16:
            raise _damaged()
        sealed = self._fp.read(size)
        if len(sealed) != size:
            raise _damaged()
        return sealed

    def _plain(self) -> Iterator[bytes]:
        data: bytes | None = self._first
        while data is not None:
            yield from self._inflater.feed(data)
            data = next(self._chunks, None)
        self._inflater.finish()

    def objects(self) -> Iterator[Any]:
        """The content as JSON values: format 2 line by line; format 1 as its one document."""
        if self.header.version == 1:
            raw = b"".join(self._plain())
            try:
                yield json.loads(raw)
            except ValueError as exc:
                raise _damaged() from exc
            return
        buf = bytearray()
        for piece in self._plain():
            buf += piece
            while True:
                end = buf.find(b"\n")
                if end < 0:
                    break
                line = bytes(buf[:end])
                del buf[: end + 1]
                try:
                    yield json.loads(line)
                except ValueError as exc:
                    raise _damaged() from exc
            if len(buf) > MAX_LINE:
                raise _damaged()
        if buf.strip():
            raise _damaged()

    def entries(self, *, rows: bool = False) -> tuple[dict[str, str], Iterator[tuple]]:
        """The preferences, and an iterator over the cases (number, case, audit), each checked
        like a plan file before it is yielded; with `rows`, (number, case, audit, the rows'
        documents and error count made while checking: `prepare_entry`)."""
        objects = self.objects()
        meta = next(objects, None)
        if not isinstance(meta, dict) or meta.get("format") != FORMAT + "-content":
            raise _damaged()
        prefs = meta.get("preferences") or {}
        if not isinstance(prefs, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and len(k) <= 100 for k, v in prefs.items()
        ):
            raise _damaged()
        if self.header.version == 1:
            cases = meta.get("cases")
            if not isinstance(cases, list):
                raise _damaged()
            source: Iterator[Any] = iter(cases)
        else:
            source = objects

        def parsed() -> Iterator[tuple[int, Case, list[AuditEntry]]]:
            for i, entry in enumerate(source):
                case, audit = parse_entry(i, entry)
                yield i, case, audit

        def prepared() -> Iterator[tuple[int, Case, list[AuditEntry], Prepared]]:
            for i, entry in enumerate(source):
                yield i, *prepare_entry(i, entry)

        return prefs, prepared() if rows else parsed()


def _current_format(data: Any) -> Any:
    """A case from a backup made before plan format 2, in format 2 (nothing refused or lost)."""
    from sipdesk.model import migration

    meetings = data.get("meetings") if isinstance(data, dict) else None
    if isinstance(meetings, list) and any(
        isinstance(m, dict) and migration.is_v1_meeting(m) for m in meetings
    ):
        return migration.migrate_case(data, strict=False)
    return data


def parse_entry(i: int, entry: Any) -> tuple[Case, list[AuditEntry]]:
    try:
        planfile.refuse_unencodable(entry["case"], "case")
        case = codec.decode(Case, _current_format(entry["case"]), "case")
        planfile.check(case)
        audit = _audit(entry)
    except codec.DecodeError as exc:
        raise BackupError(
            _("Case {n} in the backup is damaged ({field}). Nothing was restored.").format(
                n=i + 1, field=exc.path
            )
        ) from exc
    except planfile.PlanFileError as exc:
        raise BackupError(
            _("Case {n} in the backup is damaged ({field}). Nothing was restored.").format(
                n=i + 1, field=exc.field
            )
        ) from exc
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _damaged() from exc
    return case, audit


# at most this many plan-check errors can a backup say a case's newest plan has
MAX_ERROR_COUNT = 10_000


def prepare_entry(i: int, entry: Any) -> tuple[Case, list[AuditEntry], Prepared]:
    """`parse_entry`'s checks – the case decoded and checked like a plan file, nothing taken on
    trust – with the rows' documents made on the way instead of once more by the store.

    The documents are the codec's own encoding of the decoded case (what `add_case` writes): the
    backup's JSON as it is when `backup_rows.is_canonical` shows it is exactly that encoding
    (a backup made by this version), else the decoded case encoded again. Text the store could
    not hold (a lone surrogate) is looked for in those documents – every text of the case is in
    them – instead of in a dump of the entry made only for that; any refusal gives the same
    message, in the same order of checks, as `parse_entry`. The error count the backup carries
    (the list's, made by the plan check where the backup was made) is taken when it is a
    plausible count – a figure about the case, not its content; without one it is computed."""
    data = entry.get("case") if isinstance(entry, dict) else None
    try:
        if data is None or _current_format(data) is not data:  # damaged, or an old plan format
            case, audit = parse_entry(i, entry)  # raises if damaged
            return case, audit, prepare(case, _carried_count(entry, case))
        case = codec.decode(Case, data, "case")
        pnr = case.person.personnummer
        planfile.check(case)
        audit = _audit(entry)
        count = _carried_count(entry, case)
        if case.person.personnummer == pnr and is_canonical(case, data):
            made = rows_as_they_are(case, data, count)  # the store's own JSON: as it is
        else:
            made = prepare(case, count)
        if not _encodable(made):
            planfile.refuse_unencodable(data, "case")
    except BackupError:
        raise
    except (codec.DecodeError, planfile.PlanFileError, KeyError, TypeError, ValueError,
            AttributeError) as exc:  # fmt: skip
        parse_entry(i, entry)  # raises for the case itself: its checks in order, its message
        raise _damaged() from exc  # the entry around it (an implausible error count)
    return case, audit, made


def _encodable(made: Prepared) -> bool:
    """No lone surrogate in the rows' documents – every text of the case is in them, and the
    decode refused every control character already: nothing else `refuse_unencodable` looks
    for can be left. (UTF-8 is what the store writes; its encoder is far quicker than a regex.)"""
    try:
        made.case_doc.encode("utf-8")
        for doc in made.meeting_docs:
            doc.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _carried_count(entry: Any, case: Case) -> int | None:
    count = entry.get("error_count")
    if count is None:
        return None
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_ERROR_COUNT:
        raise ValueError("error_count")
    return 0 if case.closing is not None else count  # a closed case counts none


def _audit(entry: dict) -> list[AuditEntry]:
    trail = entry.get("audit", [])
    planfile.refuse_unencodable(trail, "audit")  # no text the store could not hold
    return [
        AuditEntry(
            dt.datetime.fromisoformat(a["at"]),
            str(a["os_user"]),
            str(a["action"]),
            str(a["detail"]),
        )
        for a in trail
    ]


def read_backup(
    path: Path, passphrase: str
) -> tuple[list[tuple[Case, list[AuditEntry]]], dict[str, str]]:
    """Read, decrypt and check every case of a backup into memory; nothing is written anywhere.

    Returns the cases with their audit trails, and the preferences (whole-store backups only).
    For large backups use `restore`, which streams.
    """
    with BackupReader(path, passphrase) as reader:
        prefs, cases = reader.entries()
        return [(case, audit) for _i, case, audit in cases], prefs


def open_backup(path: Path, passphrase: str) -> BackupReader:
    """Open a backup for restoring: bounds, key and first chunk checked (BackupError if not)."""
    return BackupReader(path, passphrase)


def restore(
    store: Store,
    path: Path | BackupReader,
    passphrase: str = "",
    *,
    progress: Callable[[int], None] | None = None,
) -> RestoreResult:
    """Restore a backup into `store` as it is read, in ONE transaction that any fault rolls back."""
    reader = path if isinstance(path, BackupReader) else BackupReader(Path(path), passphrase)
    try:
        prefs, cases = reader.entries(rows=True)
        return store_restore(store, cases, prefs, progress=progress)
    finally:
        reader.close()


def restore_items(
    store: Store, items: list[tuple[Case, list[AuditEntry]]], prefs: dict[str, str]
) -> RestoreResult:
    """Add what `read_backup` returned; never overwrites a case or a preference."""
    return store_restore(store, ((i, c, a) for i, (c, a) in enumerate(items)), prefs)


def store_restore(
    store: Store,
    cases: Iterator[tuple],
    prefs: dict[str, str],
    *,
    progress: Callable[[int], None] | None = None,
) -> RestoreResult:
    """Add (number, case, audit[, rows made]) items to `store` (see `Store.restore_cases`)."""

    def stream() -> Iterator[tuple]:
        for i, *item in cases:
            if progress is not None:
                progress(i + 1)
            yield item

    # preferences only where this store has none of its own, and never a signing identity
    own = store.preferences()
    left = sorted(k for k in prefs if k.startswith(SIGNING_PREFIX))
    missing = {k: v for k, v in prefs.items() if k not in own and not k.startswith(SIGNING_PREFIX)}
    added, skipped, copies = store.restore_cases(stream(), missing)
    log.info("restore: %d added, %d skipped, %d copies", len(added), skipped, copies)
    return RestoreResult(added, skipped, copies, sorted(missing), left)


def decrypt(blob: bytes, passphrase: str) -> dict[str, Any]:
    """Check and decrypt a format-1 backup held in memory (tests, small tools)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "b"
        write_atomic(path, blob)
        with BackupReader(path, passphrase) as reader:
            if reader.header.version != 1:
                raise _damaged()
            content = next(reader.objects())
    if not isinstance(content, dict) or content.get("format") != FORMAT + "-content":
        raise _damaged()
    return content
