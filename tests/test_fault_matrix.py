"""The fault matrix (issue 21): every command that opens the store × every fault of its files.

Faults: a damaged store (a later page, the first page, a truncated file), a full disk, a read-only
file, a read-only folder, a locked keyring, another SipDesk holding the store, a missing and an
empty database. For each pair the command must end with exit 0 or 1, one line naming the fault
(never a wrong passphrase, never "oväntat fel", never a traceback), and – where it fails – leave
every file of the store byte-identical and the folder's permissions as the user set them.
The table in SECURITY.md ("Faults and what SipDesk says") is this test's expectations.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from keyring.errors import KeyringLocked

from sipdesk.cli import main
from sipdesk.model import cases
from sipdesk.model.store import engine as store_engine
from sipdesk.model.store import faults, open_store
from sipdesk.model.store.writer import LOCK_NAME, WriterLock
from tests.conftest import DEMO

BACKUP_PASS = "matrisens backup-fras"

# command -> (argv, writes the store)
COMMANDS: dict[str, tuple[list[str], bool]] = {
    "list": (["list"], False),
    "check": (["check", "1"], False),
    "stats": (["stats"], False),
    "audit": (["audit", "1"], False),
    "export": (["export", "1", "--format", "json", "--out", "{tmp}/out.json"], False),
    "signing": (["signing"], False),
    "backup": (["backup", "--out", "{tmp}/b.sipbackup"], False),
    "check-store": (["check-store"], False),
    "import": (["import", str(DEMO / "4-linus.json")], True),
    "restore": (["restore", "{tmp}/ok.sipbackup"], True),
    "delete": (["delete", "1", "--yes"], True),
    "passphrase": (["passphrase"], True),
}

# what the message must say, per fault (Swedish interface)
SAYS = {
    "damaged": "skadat",
    "disk_full": "full",
    "read_only": "skrivskydd",
    "keyring_locked": "nyckelringen",
    "busy": "används av",
    "missing": "saknas",
    "empty": "tom",
}
NEVER = ("lösenfrasen eller nyckeln öppnar inte", "oväntat", "unexpected", "Traceback")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != LOCK_NAME
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """Built once: a checkpointed demo store, a backup holding one case the store lacks, and
    the keyring secret that opens the store (copied into each test's own keyring)."""
    import keyring

    from sipdesk.model import backup
    from tests.conftest import MemoryKeyring

    root = tmp_path_factory.mktemp("matrix")
    ring, previous = MemoryKeyring(), keyring.get_keyring()
    keyring.set_keyring(ring)
    try:
        store = open_store(root / "data")
        cases.seed_demo(store, DEMO)
        backup.write_backup(store, root / "ok.sipbackup", BACKUP_PASS, n=2**10)
        store.delete_case(5)  # so a restore has a case to add (and must grow the database)
        # grow the store over many pages, so a "later page" is a page of case data
        case = store.load_case(1)
        case.meetings[-1].plan.strengths = "Styrka " * 2500
        store.save_case(1, case)
        store.purge_freed_pages()
        store.close()
    finally:
        keyring.set_keyring(previous)
    return root, dict(ring.secrets)


@pytest.fixture
def seeded(template, tmp_path, data_dir, memory_keyring, monkeypatch):
    """A copy of the template store for this test, and the environment for every command."""
    root, secrets = template
    shutil.copytree(root / "data", data_dir)
    shutil.copy(root / "ok.sipbackup", tmp_path / "ok.sipbackup")
    memory_keyring.secrets.update(secrets)
    monkeypatch.setenv("SIPDESK_BACKUP_PASSPHRASE", BACKUP_PASS)
    monkeypatch.setenv("SIPDESK_NEW_PASSPHRASE", "en ny lösenfras för lagret")
    return tmp_path


def _argv(name: str, tmp: Path) -> list[str]:
    return [a.replace("{tmp}", str(tmp)) for a in COMMANDS[name][0]]


def _run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _flip(db: Path, offset: int) -> None:
    blob = bytearray(db.read_bytes())
    blob[offset] ^= 0x5A
    db.write_bytes(bytes(blob))


def _damage(data_dir: Path, how: str) -> None:
    db = data_dir / "sipdesk.db"
    size = db.stat().st_size
    if how == "later_page":
        _flip(db, (size // 4096 // 2) * 4096 + 1000)
    elif how == "first_page":
        _flip(db, 2000)
    else:  # truncated in the middle of a page
        with open(db, "r+b") as fp:
            fp.truncate(size // 2 + 1234)


def _read_only_as_mode(monkeypatch) -> None:
    """root may write to a 0400 file: judge writability by the mode bits, as for any user."""
    if os.geteuid() == 0:
        monkeypatch.setattr(
            faults, "writable", lambda p: bool(Path(p).stat().st_mode & stat.S_IWUSR)
        )


def _disk_full(monkeypatch, data_dir: Path) -> None:
    """A deterministic full disk: the database may not grow by one page (SQLITE_FULL), and no
    file SipDesk writes itself (backup, export) gets more than its first bytes."""
    pages = (data_dir / "sipdesk.db").stat().st_size // 4096
    real = store_engine.apply_pragmas

    def full(conn):
        real(conn)
        conn.execute(f"PRAGMA max_page_count = {pages}").fetchall()

    monkeypatch.setattr(store_engine, "apply_pragmas", full)
    monkeypatch.setattr(faults, "free_bytes", lambda folder: 12 * 1024)


# --- the matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("how", ["later_page", "first_page", "truncated"])
def test_damaged_store(seeded, data_dir, capsys, command, how):
    _damage(data_dir, how)
    before = _snapshot(data_dir)
    code, _out, err = _run(capsys, _argv(command, seeded))
    assert code in (0, 1), err
    assert not any(n in err for n in NEVER), err
    assert len(err.strip().splitlines()) <= 3, err
    writes = COMMANDS[command][1]
    if writes or command == "check-store" or how == "first_page":
        # nothing is ever written into a damaged store; the check says it is damaged
        assert code == 1 and SAYS["damaged"] in err, err
    if code == 1:
        assert _snapshot(data_dir) == before
    if command == "backup" and code == 0:
        assert (seeded / "b.sipbackup").exists()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_disk_full(seeded, data_dir, capsys, monkeypatch, command):
    _disk_full(monkeypatch, data_dir)
    before = _snapshot(data_dir)
    code, _out, err = _run(capsys, _argv(command, seeded))
    assert code in (0, 1), err
    assert not any(n in err for n in NEVER), err
    if code == 1:
        assert SAYS["disk_full"] in err and "intakta" in err, err
        assert _snapshot(data_dir) == before
    if command in ("import", "restore"):  # they must grow the database: refused
        assert code == 1


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("what", ["file", "folder"])
def test_read_only(seeded, data_dir, capsys, monkeypatch, command, what):
    _read_only_as_mode(monkeypatch)
    target = data_dir / "sipdesk.db" if what == "file" else data_dir
    mode = 0o400 if what == "file" else 0o500
    target.chmod(mode)
    try:
        before = _snapshot(data_dir)
        code, _out, err = _run(capsys, _argv(command, seeded))
        assert code == 1, err
        assert SAYS["read_only"] in err and str(target) in err, err
        assert not any(n in err for n in NEVER), err
        assert _snapshot(data_dir) == before
        assert stat.S_IMODE(target.stat().st_mode) == mode  # left as the user set it
        assert not list(data_dir.glob("sipdesk.db-*"))  # no WAL files made read-only
    finally:
        target.chmod(0o700 if what == "folder" else 0o600)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_keyring_locked(seeded, data_dir, capsys, memory_keyring, monkeypatch, command):
    def locked(*_a, **_k):
        raise KeyringLocked("locked")

    monkeypatch.setattr(memory_keyring, "get_password", locked)
    before = _snapshot(data_dir)
    code, _out, err = _run(capsys, _argv(command, seeded))
    assert code == 1, err
    assert SAYS["keyring_locked"] in err and "låst" in err and "nytt lager" in err, err
    assert "finns inte i" not in err  # not called a missing key
    assert not any(n in err for n in NEVER), err
    assert _snapshot(data_dir) == before


@pytest.mark.parametrize("command", list(COMMANDS))
def test_another_sipdesk_holds_the_store(seeded, data_dir, capsys, command):
    before = _snapshot(data_dir)
    with WriterLock(data_dir):  # as a window (or a command in another process) does
        code, _out, err = _run(capsys, _argv(command, seeded))
    assert not any(n in err for n in NEVER), err
    if COMMANDS[command][1]:
        assert code == 1 and SAYS["busy"] in err and f"process {os.getpid()}" in err, err
        assert _snapshot(data_dir) == before
    else:
        assert code in (0, 1) and SAYS["busy"] not in err, err  # readers go on


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("how", ["missing", "empty"])
def test_missing_or_empty_database_is_never_replaced(seeded, data_dir, capsys, command, how):
    db = data_dir / "sipdesk.db"
    if how == "missing":
        db.unlink()
    else:
        db.write_bytes(b"")
    before = _snapshot(data_dir)
    code, _out, err = _run(capsys, _argv(command, seeded))
    assert code == 1, err
    assert SAYS[how] in err and str(db) in err, err
    assert not any(n in err for n in NEVER), err
    assert _snapshot(data_dir) == before
    assert json.loads((data_dir / "store.json").read_text())["key_mode"] == "keyring"
    assert not (data_dir / "store.json.old").exists()


@pytest.mark.parametrize("command", [c for c, (_a, w) in COMMANDS.items() if not w] + ["delete"])
def test_no_store_at_all_read_commands_create_nothing(
    tmp_path, data_dir, capsys, monkeypatch, command
):
    monkeypatch.setenv("SIPDESK_BACKUP_PASSPHRASE", BACKUP_PASS)
    code, _out, err = _run(capsys, _argv(command, tmp_path))
    assert code == 1 and str(data_dir) in err and "Ingenting skapades" in err, err
    assert not data_dir.exists()


# --- a real full disk (root only: a tiny tmpfs) ----------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("mount is not permitted here (the deterministic variant above runs)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.parametrize("command", ["list", "import", "restore", "delete", "backup", "passphrase"])
def test_real_full_disk(
    template, tiny_disk, tmp_path, capsys, memory_keyring, monkeypatch, command
):
    root, secrets = template
    data_dir = tiny_disk / "data"
    shutil.copytree(root / "data", data_dir)
    shutil.copy(root / "ok.sipbackup", tmp_path / "ok.sipbackup")
    memory_keyring.secrets.update(secrets)
    monkeypatch.setenv("SIPDESK_HOME", str(data_dir))
    monkeypatch.setenv("SIPDESK_BACKUP_PASSPHRASE", BACKUP_PASS)
    monkeypatch.setenv("SIPDESK_NEW_PASSPHRASE", "en ny lösenfras för lagret")
    argv = _argv(command, tmp_path)
    if command == "backup":
        argv = ["backup", "--out", str(tiny_disk / "b.sipbackup")]
    fd = os.open(tiny_disk / "filler", os.O_WRONLY | os.O_CREAT)  # fill to the last byte
    try:
        for size in (1 << 20, 4096, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)
    before = _snapshot(data_dir)
    code, _out, err = _run(capsys, argv)
    assert code in (0, 1), err
    assert not any(n in err for n in NEVER), err
    if code == 1:
        assert SAYS["disk_full"] in err and "intakta" in err, err
        assert _snapshot(data_dir) == before
    if command in ("import", "restore", "backup"):
        assert code == 1, err
    assert not list(tiny_disk.glob(".sipdesk-*.part"))  # no half-written backup left
