"""Backups that cannot be turned against the reader (issue 21).

A crafted header (no passphrase needed to make one) is refused before any key derivation; content
that decompresses beyond what a real store produces is refused before it is decompressed further;
the signing identity stays home. The tests assert what was attempted – which KDF ran, how many
bytes were decompressed – not how long it took (the figures are in benchmarks/backup_bench.py).
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import struct

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sipdesk.cli import main
from sipdesk.model import backup, backup_write
from sipdesk.model.store import open_store
from tests.backups import PASS, bomb, craft
from tests.conftest import also_suppress


@pytest.fixture
def derivations(monkeypatch):
    calls = []
    real = backup._derive

    def spy(passphrase, salt, n, r, p):
        calls.append((n, r, p))
        return real(passphrase, salt, n, r, p)

    monkeypatch.setattr(backup, "_derive", spy)
    return calls


@pytest.fixture
def inflated(monkeypatch):
    """How many bytes decompression produced in all."""
    seen = {"bytes": 0}
    real = backup._BoundedInflater.feed

    def feed(self, data):
        for piece in real(self, data):
            seen["bytes"] += len(piece)
            yield piece

    monkeypatch.setattr(backup._BoundedInflater, "feed", feed)
    return seen


@pytest.mark.parametrize(
    "over",
    [
        {"n": 2**20},  # the crafted header: 39 s and 954 MB before
        {"n": 2**18},
        {"r": 32},
        {"p": 16},
        {"n": 2**30, "r": 1024, "p": 64},  # "oväntat fel (ValueError)" before
        {"n": 2**17 + 1},
        {"n": True},
        {"n": 2.0**17},
        {"n": -1},
        {"kdf": "pbkdf2"},
        {"chunk": 2**31},
        {"version": 3, "n": 2**20},
    ],
)
def test_crafted_kdf_parameters_are_refused_before_any_key_derivation(
    tmp_path, store, derivations, over
):
    path = tmp_path / "crafted.sipbackup"
    craft(path, b"{}\n", **over)
    derivations.clear()
    with pytest.raises(backup.BackupError, match="Ingenting återställdes|nyare SipDesk"):
        backup.restore(store, path, PASS)
    assert derivations == []  # no scrypt ran at all
    assert store.count_cases() == 0


@settings(
    max_examples=60, suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture)
)
@given(
    header=st.dictionaries(
        st.sampled_from(
            ["format", "version", "kdf", "n", "r", "p", "salt", "nonce", "cipher", "chunk"]
        ),
        st.none()
        | st.booleans()
        | st.integers(-(2**64), 2**64)
        | st.floats()
        | st.text(max_size=30),
        max_size=10,
    )
)
def test_any_header_is_refused_or_within_sipdesks_own_kdf_cost(tmp_path, derivations, header):
    """The kind, not the example: whatever a header says, the reader either refuses it with a
    BackupError or derives with at most SipDesk's own N, r and p."""
    good = {
        "format": backup.FORMAT,
        "version": 2,
        "kdf": "scrypt",
        "n": 2**10,
        "r": 8,
        "p": 1,
        "salt": base64.b64encode(b"s" * 16).decode(),
        "nonce": base64.b64encode(b"n" * 8).decode(),
        "cipher": "AES-256-GCM",
        "chunk": backup.CHUNK,
    }
    good.update(header)
    head = json.dumps(good).encode()
    path = tmp_path / "h.sipbackup"
    path.write_bytes(backup.MAGIC + len(head).to_bytes(4, "big") + head + b"\0" * 64)
    derivations.clear()
    with pytest.raises(backup.BackupError):
        backup.read_backup(path, PASS)
    assert all(n <= backup.SCRYPT_N and r == backup.SCRYPT_R and p == 1 for n, r, p in derivations)


def test_decompression_bomb_is_refused_near_the_bound(tmp_path, store, inflated):
    """The issue's 2 MB → 2 GB file, scaled: the bound is near what a real store produces."""
    path = tmp_path / "bomb.sipbackup"
    plain = bomb(backup.FLOOR + 32 * 1024 * 1024)
    craft(path, plain)
    assert path.stat().st_size < 1024 * 1024
    limit = backup.content_limit(path.stat().st_size)
    with pytest.raises(backup.BackupError, match="skadad"):
        backup.restore(store, path, PASS)
    assert limit == backup.FLOOR
    assert inflated["bytes"] <= limit + backup._BoundedInflater.PIECE  # never much past it
    assert store.count_cases() == 0


def test_a_line_longer_than_any_case_is_refused(tmp_path, store, monkeypatch, inflated):
    monkeypatch.setattr(backup, "MAX_LINE", 2 * 1024 * 1024)
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0) as gz:
        gz.write(b'{"format": "sipdesk-backup-content", "version": 2, "preferences": {}}\n')
        gz.write(b'{"case": "' + b"a" * (8 * 1024 * 1024))
    path = tmp_path / "long.sipbackup"
    craft(path, buf.getvalue())
    with pytest.raises(backup.BackupError):
        backup.restore(store, path, PASS)
    assert inflated["bytes"] <= 4 * 1024 * 1024


@pytest.mark.parametrize("cut", ["last_chunk", "swap", "extra"])
def test_chunks_cannot_be_dropped_swapped_or_added(tmp_path, demo_store, cut, monkeypatch):
    for module in (backup, backup_write):  # several chunks for a small store
        monkeypatch.setattr(module, "CHUNK", 4096)
    out, _n = backup.write_backup(demo_store, tmp_path / "b.sipbackup", PASS, n=2**10)
    blob = out.read_bytes()
    size = int.from_bytes(blob[len(backup.MAGIC) : len(backup.MAGIC) + 4], "big")
    at = len(backup.MAGIC) + 4 + size
    chunks = []
    while at < len(blob):
        n = struct.unpack(">I", blob[at : at + 4])[0]
        chunks.append(blob[at : at + 4 + n])
        at += 4 + n
    assert len(chunks) >= 3
    if cut == "last_chunk":
        chunks = chunks[:-1]
    elif cut == "swap":
        chunks[1], chunks[2] = chunks[2], chunks[1]
    else:
        chunks.append(chunks[-1])
    out.write_bytes(blob[: len(backup.MAGIC) + 4 + size] + b"".join(chunks))
    target = open_store(tmp_path / "new")
    with pytest.raises(backup.BackupError, match="Ingenting återställdes"):
        backup.restore(target, out, PASS)
    assert target.count_cases() == 0 and target.preferences() == {}
    target.close()


def test_cli_restore_of_a_crafted_header_is_one_line_and_no_kdf(tmp_path, capsys, derivations):
    path = tmp_path / "crafted.sipbackup"
    craft(path, b"{}\n", n=2**20, r=32, p=16)
    derivations.clear()
    import os

    os.environ["SIPDESK_BACKUP_PASSPHRASE"] = PASS
    try:
        code = main(["restore", str(path)])
    finally:
        del os.environ["SIPDESK_BACKUP_PASSPHRASE"]
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and "oväntat" not in err
    assert derivations == []


# --- the signing key stays home ------------------------------------------------------------


def _with_signing(store):
    store.set_preference("chair.name", "Ordförande Olsson")
    store.set_preference("signing.p12", base64.b64encode(b"PRIVATE KEY BYTES").decode())
    store.set_preference("signing.p12_password", "hemligt")
    store.set_preference("signing.kind", "self-signed")


def test_whole_store_backup_leaves_the_signing_identity_out(demo_store, tmp_path):
    _with_signing(demo_store)
    out, _n = backup.write_backup(demo_store, tmp_path / "b.sipbackup", PASS, n=2**10)
    _items, prefs = backup.read_backup(out, PASS)
    assert prefs == {"chair.name": "Ordförande Olsson"}


def test_signing_identity_only_when_asked_and_restore_never_installs_it(demo_store, tmp_path):
    _with_signing(demo_store)
    out, _n = backup.write_backup(
        demo_store, tmp_path / "b.sipbackup", PASS, with_signing_key=True, n=2**10
    )
    _items, prefs = backup.read_backup(out, PASS)
    assert {"signing.p12", "signing.p12_password", "signing.kind"} <= set(prefs)
    target = open_store(tmp_path / "new")
    result = backup.restore(target, out, PASS)
    assert result.preferences_added == ["chair.name"]
    assert result.preferences_left == ["signing.kind", "signing.p12", "signing.p12_password"]
    assert not any(k.startswith("signing.") for k in target.preferences())
    target.close()


def test_cli_backup_and_restore_say_what_travels(demo_store, tmp_path, capsys, monkeypatch):
    _with_signing(demo_store)
    data_dir = demo_store.data_dir
    demo_store.close()
    monkeypatch.setenv("SIPDESK_BACKUP_PASSPHRASE", PASS)
    out = tmp_path / "b.sipbackup"
    assert main(["--data-dir", str(data_dir), "backup", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path / "new"), "restore", str(out)]) == 0
    err = capsys.readouterr().err
    assert "chair.name" in err and "signing" not in err
    assert (
        main(["--data-dir", str(data_dir), "backup", "--with-signing-key", "--out", str(out)]) == 0
    )
    assert "signeringsnyckel" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path / "third"), "restore", str(out)]) == 0
    err = capsys.readouterr().err
    assert "signing.p12" in err and "Återställdes inte" in err
    third = open_store(tmp_path / "third")
    assert not any(k.startswith("signing.") for k in third.preferences())
    third.close()
