"""Encrypted backups of the whole store or one case, to move to a new laptop or hand to a colleague.

The file: a magic line, a small JSON header (format, version, KDF parameters, salt, nonce – no
personal data), then the gzip'ed content encrypted with AES-256-GCM under a key derived from the
backup passphrase with scrypt. The header is authenticated as GCM's associated data, so a
changed byte anywhere – header or content – makes the file refuse to open.

Restore reads, decrypts and checks every case *before* it writes anything, then adds all cases
in one transaction. Restoring never overwrites: a case already in the store (same uid, same
content) is skipped; one with the same uid but different content is added as a separate copy.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import io
import json
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sipdesk.i18n import _
from sipdesk.model import codec, planfile
from sipdesk.model.entities import Case
from sipdesk.model.files import write_atomic
from sipdesk.model.store import AuditEntry, CaseNotFound, Store

log = logging.getLogger(__name__)

MAGIC = b"SIPDESK-BACKUP\n"
FORMAT = "sipdesk-backup"
VERSION = 1
MIN_PASSPHRASE = 10
SUFFIX = ".sipbackup"
# scrypt: N=2^17, r=8 (128 MiB, ~0.3 s here) – OWASP's recommendation for password storage
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
_MAX_N, _MAX_R, _MAX_P = 2**20, 32, 16  # refuse headers that ask for absurd work
MAX_BACKUP_BYTES = 1024 * 1024 * 1024
MAX_CONTENT_BYTES = 4 * 1024 * 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says what to do."""


@dataclass(frozen=True)
class RestoreResult:
    added: list[int]  # new case ids
    skipped: int  # already in the store, unchanged
    copies: int  # same uid as a case here but different content: added as a copy


def check_passphrase(value: str) -> None:
    if len(value) < MIN_PASSPHRASE:
        raise BackupError(
            _("Choose a backup passphrase of at least {n} characters.").format(n=MIN_PASSPHRASE)
        )


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * r * n, dklen=32
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- writing ------------------------------------------------------------------------------


def collect(store: Store, case_id: int | None = None) -> dict[str, Any]:
    """The backup's content: the cases (as in the plan file) with their audit trails."""
    if case_id is not None:
        store.load_case(case_id)  # raises CaseNotFound before anything is written
        ids = [case_id]
    else:
        ids = [row.id for row in reversed(store.list_cases())]
    entries = []
    for cid in ids:
        case = store.load_case(cid)
        audit = [
            {"at": e.at.isoformat(), "os_user": e.os_user, "action": e.action, "detail": e.detail}
            for e in store.audit_log(cid)
        ]
        entries.append({"case": codec.encode(case), "audit": audit})
    content: dict[str, Any] = {"format": FORMAT + "-content", "version": VERSION, "cases": entries}
    if case_id is None:
        content["preferences"] = store.preferences()
    return content


def encrypt(content: dict[str, Any], passphrase: str, *, n: int = SCRYPT_N) -> bytes:
    check_passphrase(passphrase)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "kdf": "scrypt",
        "n": n,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": _b64(salt),
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
    }
    head = json.dumps(header, sort_keys=True).encode("ascii")
    prefix = MAGIC + len(head).to_bytes(4, "big") + head
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    plain = gzip.compress(json.dumps(content, ensure_ascii=False).encode("utf-8"), mtime=0)
    key = _derive(passphrase, salt, n, SCRYPT_R, SCRYPT_P)
    return prefix + AESGCM(key).encrypt(nonce, plain, prefix)


def write_backup(
    store: Store, out: Path, passphrase: str, case_id: int | None = None
) -> tuple[Path, int]:
    """Write an encrypted backup to `out` atomically (0600); returns the path and the case count."""
    check_passphrase(passphrase)
    out = Path(out)
    content = collect(store, case_id)
    write_atomic(out, encrypt(content, passphrase))
    count = len(content["cases"])
    for cid in [case_id] if case_id is not None else [r.id for r in store.list_cases()]:
        store.audit(cid, "backed_up")
    log.info("backup written (%d case(s))", count)
    return out, count


# --- reading ------------------------------------------------------------------------------


def _damaged() -> BackupError:
    return BackupError(
        _("The file is not a SipDesk backup, or it is damaged. Nothing was restored.")
    )


def decrypt(blob: bytes, passphrase: str) -> dict[str, Any]:
    """Check and decrypt a backup; raise BackupError (wrong passphrase / damaged) otherwise."""
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + 4:
        raise _damaged()
    size = int.from_bytes(blob[len(MAGIC) : len(MAGIC) + 4], "big")
    start = len(MAGIC) + 4
    if size > 4096 or start + size > len(blob):
        raise _damaged()
    prefix = blob[: start + size]
    try:
        header = json.loads(blob[start : start + size])
        if header.get("format") != FORMAT:
            raise ValueError("format")
        if header.get("version") != VERSION:
            raise BackupError(
                _("This backup was made by a newer SipDesk (format {v}). Update SipDesk.").format(
                    v=header.get("version")
                )
            )
        n, r, p = int(header["n"]), int(header["r"]), int(header["p"])
        salt = base64.b64decode(header["salt"], validate=True)
        nonce = base64.b64decode(header["nonce"], validate=True)
        if header.get("kdf") != "scrypt" or header.get("cipher") != "AES-256-GCM":
            raise ValueError("algorithm")
        if not (2 <= n <= _MAX_N and n & (n - 1) == 0 and 1 <= r <= _MAX_R and 1 <= p <= _MAX_P):
            raise ValueError("kdf parameters")
        if len(nonce) != 12 or len(salt) < 16:
            raise ValueError("nonce")
    except BackupError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _damaged() from exc
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _derive(passphrase, salt, n, r, p)
    try:
        plain = AESGCM(key).decrypt(nonce, blob[start + size :], prefix)
    except InvalidTag:
        raise BackupError(
            _(
                "The passphrase does not open this backup, or the file was changed or damaged. "
                "Nothing was restored."
            )
        ) from None
    try:
        content = json.loads(_gunzip(plain))
    except (OSError, EOFError, ValueError) as exc:
        raise _damaged() from exc
    if not isinstance(content, dict) or content.get("format") != FORMAT + "-content":
        raise _damaged()
    return content


def _gunzip(data: bytes) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as fp:
        out = fp.read(MAX_CONTENT_BYTES + 1)
    if len(out) > MAX_CONTENT_BYTES:
        raise ValueError("content too large")
    return out


def read_backup(
    path: Path, passphrase: str
) -> tuple[list[tuple[Case, list[AuditEntry]]], dict[str, str]]:
    """Read, decrypt and check every case of a backup; nothing is written to any store.

    Returns the cases with their audit trails, and the preferences (whole-store backups only).
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BACKUP_BYTES:
            raise _damaged()
        blob = path.read_bytes()
    except OSError as exc:
        raise BackupError(
            _("Cannot read {path}: {detail}. Nothing was restored.").format(
                path=path, detail=exc.strerror
            )
        ) from exc
    content = decrypt(blob, passphrase)
    prefs = content.get("preferences") or {}
    if not isinstance(prefs, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(k) <= 100 for k, v in prefs.items()
    ):
        raise _damaged()
    return parse_content(content), prefs


def _current_format(data: Any) -> Any:
    """A case from a backup made before plan format 2, in format 2 (nothing refused or lost)."""
    from sipdesk.model import migration

    meetings = data.get("meetings") if isinstance(data, dict) else None
    if isinstance(meetings, list) and any(
        isinstance(m, dict) and migration.is_v1_meeting(m) for m in meetings
    ):
        return migration.migrate_case(data, strict=False)
    return data


def parse_content(content: dict[str, Any]) -> list[tuple[Case, list[AuditEntry]]]:
    entries = content.get("cases")
    if not isinstance(entries, list):
        raise _damaged()
    items = []
    for i, entry in enumerate(entries):
        try:
            case = codec.decode(Case, _current_format(entry["case"]), "case")
            planfile.check(case)
            audit = [
                AuditEntry(
                    dt.datetime.fromisoformat(a["at"]),
                    str(a["os_user"]),
                    str(a["action"]),
                    str(a["detail"]),
                )
                for a in entry.get("audit", [])
            ]
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
        except (KeyError, TypeError, ValueError) as exc:
            raise _damaged() from exc
        items.append((case, audit))
    return items


def restore(store: Store, path: Path, passphrase: str) -> RestoreResult:
    """Restore a backup into `store`: check everything first, then add in one transaction."""
    items, prefs = read_backup(path, passphrase)
    return restore_items(store, items, prefs)


def restore_items(
    store: Store, items: list[tuple[Case, list[AuditEntry]]], prefs: dict[str, str]
) -> RestoreResult:
    """Add what `read_backup` returned; never overwrites a case or a preference."""
    import uuid

    to_add: list[tuple[Case, list[AuditEntry]]] = []
    skipped = copies = 0
    seen: set[str] = set()
    for case, audit in items:
        existing = store.find_uid(case.uid)
        if existing is not None:
            try:
                same = store.load_case(existing) == case
            except CaseNotFound:
                same = False
            if same:
                skipped += 1
                continue
            case.uid = uuid.uuid4().hex
            copies += 1
        elif case.uid in seen:
            case.uid = uuid.uuid4().hex
            copies += 1
        seen.add(case.uid)
        to_add.append((case, audit))
    # preferences only where this store has none of its own: never overwrite
    own = store.preferences()
    missing = {k: v for k, v in prefs.items() if k not in own}
    added = store.add_restored(to_add, missing)
    log.info("restore: %d added, %d skipped, %d copies", len(added), skipped, copies)
    return RestoreResult(added, skipped, copies)
