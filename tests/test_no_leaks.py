"""No leaks: a whole session with canary values, then every place SipDesk writes is searched.

Data dirs, the temp dir, logs, settings, crash reports and the terminal's error output must not
hold a canary in plaintext. Where SipDesk writes plaintext on purpose (an exported plan file, the
names `sipdesk list` prints), the user asked for it; those are left out, and SECURITY.md says so.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from pathlib import Path

import pytest

from sipdesk import cli, logs
from sipdesk.model.store import open_store
from sipdesk.settings import Settings
from tests.conftest import DEMO
from tests.pages import holds

CANARY = "LÄCKTEST-9c41e"


def _needles() -> list[bytes]:
    out = []
    for text in (CANARY, CANARY.casefold()):
        out += [text.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]
    return out


def _files(*roots: Path):
    for root in roots:
        if root.is_file():
            yield root
        elif root.exists():
            yield from (p for p in root.rglob("*") if p.is_file())


def _canary_plan(path: Path) -> None:
    doc = json.loads((DEMO / "1-josef.json").read_text("utf-8"))
    doc["case"]["person"]["name"] = f"Josef {CANARY}"
    doc["case"]["person"]["address"] = f"{CANARY}gatan 1"
    doc["case"]["meetings"][0]["plan"]["own_view"] = f"Jag vill {CANARY}"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")


def test_full_session_leaves_no_plaintext_canary(
    tmp_path, monkeypatch, capsys, qtbot, memory_keyring
):
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmpdir))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setenv("SIPDESK_BACKUP_PASSPHRASE", "läcktestets backupfras")
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    inbox.mkdir()
    outbox.mkdir()
    _canary_plan(inbox / "plan.json")
    broken = json.loads((inbox / "plan.json").read_text("utf-8"))
    broken["case"]["person"]["personnummer"] = f"{CANARY}-1234"
    (inbox / "broken.json").write_text(json.dumps(broken, ensure_ascii=False), "utf-8")
    data, data2 = tmp_path / "data", tmp_path / "data2"
    errors = []

    def run(*argv: str) -> int:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        errors.append(err)
        return code, out

    # the CLI session
    code, out = run("import", str(inbox / "plan.json"))
    case_id = out.strip()
    assert code == 0
    assert run("list")[0] == 0
    assert run("list", "--search", CANARY)[0] == 0
    assert run("export", case_id, "--out", str(outbox / "plan.json"))[0] == 0
    assert run("backup", "--out", str(outbox / "all.sipbackup"))[0] == 0
    assert run("audit", case_id)[0] == 0
    assert run("import", str(inbox / "broken.json"))[0] == 1
    assert run("--data-dir", str(data2), "restore", str(outbox / "all.sipbackup"))[0] == 0
    # a crash whose message quotes personal data (as SQLAlchemy's errors do)
    with monkeypatch.context() as m:

        def boom(*_a, **_k):
            raise RuntimeError(f"INSERT ... parameters: ('Josef {CANARY}',)")

        m.setattr("sipdesk.model.cases.export_json", boom)
        assert run("export", case_id, "--out", str(outbox / "x.json"))[0] == 1
    sys.excepthook(ValueError, ValueError(f"uncaught {CANARY}"), None)
    errors.append(capsys.readouterr().err)

    # the GUI session: open the case, lock, unlock, settings written
    from sipdesk.ui.main_window import MainWindow

    store = open_store(data)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    window.select_case(int(case_id))
    assert CANARY in window.view.toPlainText()  # on the chair's screen, as it should be
    window.lock.lock()
    window.lock.unlock()
    Settings().set("window.geometry", "00ff")
    window.close()

    # where it must be: encrypted in the store (the positive control of the page scan)
    first_key = next(
        v
        for k, v in memory_keyring.secrets.items()
        if json.loads((data / "store.json").read_text())["store_id"] in k[1]
    )
    assert holds(data / "sipdesk.db", first_key, CANARY)

    home = Path(os.environ["HOME"])
    log_file = logs.log_file()
    assert log_file.exists() and f"case {case_id}" in log_file.read_text("utf-8")
    scanned = list(_files(data, data2, tmpdir, home, outbox / "all.sipbackup"))
    assert any(p.name == "settings.json" for p in scanned)
    assert log_file in scanned
    for path in scanned:
        blob = path.read_bytes()
        for needle in _needles():
            assert needle not in blob, f"canary in plaintext in {path}"
    for err in errors:
        assert CANARY not in err and CANARY.casefold() not in err
    assert "RuntimeError" in "".join(errors)  # the crash was reported – by type only

    if os.name == "posix":
        for directory in (data, data2, log_file.parent):
            assert stat.S_IMODE(directory.stat().st_mode) == 0o700, directory
        for path in [*_files(data, data2), log_file, outbox / "all.sipbackup"]:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        settings_file = next(p for p in scanned if p.name == "settings.json")
        assert stat.S_IMODE(settings_file.stat().st_mode) & 0o077 == 0


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_log_dir_and_file_are_private(capsys):
    assert cli.main(["list"]) == 1  # no store yet: says so, creates nothing – and logs it
    path = logs.log_file()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
