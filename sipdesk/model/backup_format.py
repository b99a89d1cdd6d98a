"""A SipDesk backup file's format: its constants and bounds, the header SipDesk writes, the key
derived from the backup passphrase, and each chunk's nonce and associated data (see `backup`)."""

from __future__ import annotations

import base64
import hashlib
import json
import struct

from sipdesk.i18n import _

MAGIC = b"SIPDESK-BACKUP\n"
FORMAT = "sipdesk-backup"
VERSION = 2
READABLE_VERSIONS = (1, 2)
MIN_PASSPHRASE = 10
SUFFIX = ".sipbackup"
# scrypt: N=2^17, r=8 (128 MiB, ~0.3 s here) – OWASP's recommendation for password storage
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
# what a backup may ask for: SipDesk's own parameters at most (a cheaper N only makes the file
# weaker for its maker, never costlier for the reader); checked before any derivation
_MIN_N = 2**10
MAX_BACKUP_BYTES = 1024 * 1024 * 1024
CHUNK = 1024 * 1024
# decompression: at most this many times the file's size (real stores compress 4–10x), at least
# the floor, never more than the ceiling; one line (one case) at most MAX_LINE
RATIO, FLOOR = 40, 64 * 1024 * 1024
MAX_CONTENT_BYTES = 4 * 1024 * 1024 * 1024
MAX_LINE = 16 * 1024 * 1024
SIGNING_PREFIX = "signing."


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says what to do."""


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


def _chunk_nonce(prefix8: bytes, index: int) -> bytes:
    return prefix8 + struct.pack(">I", index)


def _chunk_aad(prefix: bytes, index: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", index, 1 if last else 0)


def header_prefix(version: int, n: int, salt: bytes, nonce: bytes, **extra: int) -> bytes:
    """The file's start: magic, the header's length and the header (no personal data) – also the
    associated data every encrypted chunk is bound to."""
    header = {
        "format": FORMAT,
        "version": version,
        "kdf": "scrypt",
        "n": n,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": _b64(salt),
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
        **extra,
    }
    head = json.dumps(header, sort_keys=True).encode("ascii")
    return MAGIC + len(head).to_bytes(4, "big") + head


def _damaged() -> BackupError:
    return BackupError(
        _("The file is not a SipDesk backup, or it is damaged. Nothing was restored.")
    )


def _wrong_passphrase() -> BackupError:
    return BackupError(
        _(
            "The passphrase does not open this backup, or the file was changed or damaged. "
            "Nothing was restored."
        )
    )
