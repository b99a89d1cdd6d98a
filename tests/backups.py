"""Crafted backup files for the hostile-backup tests and the backup benchmark: a format-2 file
around any content with any header fields, and a decompression bomb."""

from __future__ import annotations

import base64
import gzip
import io
import json
import secrets

from sipdesk.model import backup

PASS = "en lång backup-lösenfras"


def craft(path, plain: bytes, passphrase: str = PASS, **header_over) -> None:
    """A format-2 backup around `plain` (the decompressed content), with header fields set."""
    salt, nonce8 = secrets.token_bytes(16), secrets.token_bytes(8)
    header = {
        "format": backup.FORMAT,
        "version": 2,
        "kdf": "scrypt",
        "n": 2**10,
        "r": backup.SCRYPT_R,
        "p": backup.SCRYPT_P,
        "salt": base64.b64encode(salt).decode(),
        "cipher": "AES-256-GCM",
        "nonce": base64.b64encode(nonce8).decode(),
        "chunk": backup.CHUNK,
    }
    header.update(header_over)
    head = json.dumps(header, sort_keys=True).encode()
    prefix = backup.MAGIC + len(head).to_bytes(4, "big") + head
    n = header["n"] if header["n"] in (2**10, 2**12, 2**14) and header["n"] is not True else 2**10
    key = backup._derive(passphrase, salt, n, backup.SCRYPT_R, backup.SCRYPT_P)
    with open(path, "wb") as fp:
        fp.write(prefix)
        sink = backup._ChunkWriter(fp, key, nonce8, prefix)
        sink.write(plain)
        sink.finish()


def bomb(size: int) -> bytes:
    """gzip of `size` zero bytes after a valid first line: a few hundred KB on disk."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(b'{"format": "sipdesk-backup-content", "version": 2, "preferences": {}}\n')
        block = b"\0" * (1024 * 1024)
        for _ in range(size // len(block)):
            gz.write(block)
    return buf.getvalue()
