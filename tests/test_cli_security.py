"""The security commands as a script would use them: backup, restore, delete, audit, passphrase."""

from __future__ import annotations

import pytest

from sipdesk.cli import main
from sipdesk.model.store import open_store
from tests.conftest import DEMO

BACKUP_PASS = "backup lösenfras 42"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo(capsys):
    assert run(capsys, "demo", "--no-gui")[0] == 0
    return {
        line.split("\t")[1]: line.split("\t")[0] for line in run(capsys, "list")[1].splitlines()
    }


def test_backup_and_restore_whole_store_into_a_new_data_dir(capsys, demo, tmp_path, monkeypatch):
    out = tmp_path / "alla.sipbackup"
    monkeypatch.setenv("SIPDESK_BACKUP_PASSPHRASE", BACKUP_PASS)
    code, stdout, err = run(capsys, "backup", "--out", str(out))
    assert code == 0 and stdout.strip() == str(out.resolve()) and "5 ärenden" in err
    code, stdout, err = run(capsys, "--data-dir", str(tmp_path / "ny"), "restore", str(out))
    assert code == 0 and len(stdout.split()) == 5 and "Återställde 5" in err
    names = run(capsys, "--data-dir", str(tmp_path / "ny"), "list")[1]
    assert "Josef Berg" in names and "Klient K-17" in names
    # restoring again into the same store adds nothing
    code, stdout, err = run(capsys, "--data-dir", str(tmp_path / "ny"), "restore", str(out))
    assert code == 0 and stdout == "" and "5 fanns redan" in err


def test_backup_of_one_case(capsys, demo, tmp_path, monkeypatch):
    monkeypatch.setenv("SIPDESK_BACKUP_PASSPHRASE", BACKUP_PASS)
    out = tmp_path / "josef.sipbackup"
    code, _o, err = run(capsys, "backup", "--out", str(out), "--case", demo["Josef Berg"])
    assert code == 0 and "1 ärende" in err
    assert run(capsys, "backup", "--out", str(out), "--case", "999")[0] == 1


def test_restore_with_wrong_passphrase_or_damaged_file_restores_nothing(
    capsys, demo, tmp_path, monkeypatch
):
    monkeypatch.setenv("SIPDESK_BACKUP_PASSPHRASE", BACKUP_PASS)
    out = tmp_path / "b.sipbackup"
    run(capsys, "backup", "--out", str(out))
    target = ["--data-dir", str(tmp_path / "ny")]
    monkeypatch.setenv("SIPDESK_BACKUP_PASSPHRASE", "fel lösenfras här")
    code, stdout, err = run(capsys, *target, "restore", str(out))
    assert code == 1 and stdout == "" and "Ingenting återställdes" in err
    assert not (tmp_path / "ny").exists()  # the store is not even created
    monkeypatch.setenv("SIPDESK_BACKUP_PASSPHRASE", BACKUP_PASS)
    blob = bytearray(out.read_bytes())
    blob[-40] ^= 0xFF
    out.write_bytes(bytes(blob))
    code, _o, err = run(capsys, *target, "restore", str(out))
    assert code == 1 and "Ingenting återställdes" in err
    assert run(capsys, *target, "restore", str(tmp_path / "saknas"))[0] == 1


def test_backup_needs_a_passphrase_without_a_terminal(capsys, demo, tmp_path):
    code, _o, err = run(capsys, "backup", "--out", str(tmp_path / "x"))
    assert code == 1 and "SIPDESK_BACKUP_PASSPHRASE" in err
    assert not (tmp_path / "x").exists()


def test_delete_needs_yes_names_the_case_and_removes_it(capsys, demo):
    alice = demo["Alice Lund"]
    code, _o, err = run(capsys, "delete", alice)
    assert code == 1 and "Alice Lund" in err and "--yes" in err
    assert "Alice Lund" in run(capsys, "list")[1]
    code, _o, err = run(capsys, "delete", alice, "--yes")
    assert code == 0 and "Alice Lund" in err
    assert "Alice Lund" not in run(capsys, "list")[1]
    assert run(capsys, "delete", alice, "--yes")[0] == 1
    code, out, _e = run(capsys, "audit", alice)
    assert code == 0 and out.splitlines()[-1].split("\t")[2] == "deleted"


def test_audit_lists_when_who_and_what(capsys, demo, tmp_path):
    josef = demo["Josef Berg"]
    run(capsys, "export", josef, "--out", str(tmp_path / "j.json"))
    code, out, _e = run(capsys, "audit", josef)
    rows = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and [r[2] for r in rows] == ["created", "exported"]
    assert rows[1][3] == "exporterat" and rows[1][1]  # the OS user
    assert run(capsys, "audit", "4711")[0] == 1
    assert run(capsys, "audit", "josef")[0] == 1


def test_change_passphrase_and_move_to_keyring(capsys, tmp_path, monkeypatch, memory_keyring):
    monkeypatch.setenv("SIPDESK_PASSPHRASE", "gammal lösenfras")
    run(capsys, "import", str(DEMO / "1-josef.json"))
    monkeypatch.setenv("SIPDESK_NEW_PASSPHRASE", "kort")
    code, _o, err = run(capsys, "passphrase")
    assert code == 1 and "minst 8" in err
    monkeypatch.setenv("SIPDESK_NEW_PASSPHRASE", "ny lösenfras 2")
    code, _o, err = run(capsys, "passphrase")
    assert code == 0 and "ändrades" in err
    assert run(capsys, "list")[0] == 1  # the old one no longer opens it
    monkeypatch.setenv("SIPDESK_PASSPHRASE", "ny lösenfras 2")
    assert "Josef Berg" in run(capsys, "list")[1]
    assert run(capsys, "passphrase", "--keyring")[0] == 0
    monkeypatch.delenv("SIPDESK_PASSPHRASE")
    assert "Josef Berg" in run(capsys, "list")[1]
    assert len(memory_keyring.secrets) == 1


def test_store_untouched_by_refused_commands(capsys, demo, data_dir):
    before = open_store(data_dir)
    count = before.count_cases()
    before.close()
    for args in (["delete", "x", "--yes"], ["restore", "/nonexistent"], ["audit"]):
        assert run(capsys, *args)[0] in (1, 2)
    after = open_store(data_dir)
    assert after.count_cases() == count
    after.close()
