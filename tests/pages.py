"""Read a SQLCipher store's pages decrypted, the way someone holding the key could: to show that
deleted content is gone from the files themselves, not just from query results."""

from __future__ import annotations

from pathlib import Path

PAGE = 4096
RESERVE = 80  # SQLCipher 4: 16-byte IV + 64-byte HMAC-SHA512 at the end of each page


def _decrypt(page: bytes, key: bytes, first: bool) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    start = 16 if first else 0  # page 1 begins with the file's salt
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start : PAGE - RESERVE]) + decryptor.finalize()


def decrypted_pages(db_path: Path, key_hex: str) -> list[bytes]:
    """Every page of the database file and of its WAL, decrypted with a raw 256-bit key."""
    key = bytes.fromhex(key_hex)
    pages = []
    data = db_path.read_bytes()
    for offset in range(0, len(data) - PAGE + 1, PAGE):
        pages.append(_decrypt(data[offset : offset + PAGE], key, offset == 0))
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists():
        data = wal.read_bytes()
        offset = 32  # WAL header; then frames of a 24-byte header and a page
        while offset + 24 + PAGE <= len(data):
            pgno = int.from_bytes(data[offset : offset + 4], "big")
            pages.append(_decrypt(data[offset + 24 : offset + 24 + PAGE], key, pgno == 1))
            offset += 24 + PAGE
    return pages


def holds(db_path: Path, key_hex: str, needle: str) -> bool:
    encoded = needle.encode("utf-8")
    return any(encoded in page for page in decrypted_pages(db_path, key_hex))
