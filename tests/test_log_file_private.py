"""The log file opened at its first record (issue 19) keeps what the file opened at set-up had:
only its owner reads it (0600, in a 0700 folder) whichever file the records go to – the one
set-up made, one made again because it went away before the first record, or the new one a
rotation starts – and a log folder gone after set-up costs no error report per record."""

from __future__ import annotations

import logging
import os
import shutil
import stat

import pytest

from sipdesk import logs, paths

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


@pytest.fixture
def log_at(tmp_path, monkeypatch):
    """Set the log up in a fresh folder under a permissive umask (022, the usual one)."""
    monkeypatch.setattr(paths, "log_dir", lambda: tmp_path / "logs")
    monkeypatch.setattr(logs, "_handler", None)
    old_umask = os.umask(0o022)
    try:
        yield logs.setup()
    finally:
        os.umask(old_umask)
        if logs._handler is not None:
            logs.log.removeHandler(logs._handler)
            logs._handler.close()
        logs._handler = None
        logs.log.setLevel(logging.NOTSET)


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _what_happens(log_at, before_first_record) -> None:
    before_first_record(log_at)
    line = "x" * 1000
    for i in range(2 * logs.MAX_BYTES // 1000):
        logs.log.info("record %s %s", i, line)


@pytest.mark.parametrize(
    "before_first_record",
    [
        lambda path: None,  # the file set-up made, then the new one of a rotation
        lambda path: path.unlink(),  # the file removed before the first record
        lambda path: shutil.rmtree(path.parent),  # the whole folder removed
    ],
    ids=["as-set-up", "file-removed", "folder-removed"],
)
def test_every_log_file_is_the_owners_alone(log_at, before_first_record, capsys):
    _what_happens(log_at, before_first_record)
    files = sorted(log_at.parent.iterdir())
    assert log_at in files  # the records were written
    assert {p.name: oct(_mode(p)) for p in files} == {p.name: oct(0o600) for p in files}
    assert _mode(log_at.parent) == 0o700
    assert "Logging error" not in capsys.readouterr().err


def test_a_log_that_cannot_be_written_is_no_error_report_per_record(log_at, capsys):
    shutil.rmtree(log_at.parent)
    log_at.parent.write_text("")  # a file where the folder was: it cannot be made again
    for i in range(3):
        logs.log.info("record %s", i)
    assert capsys.readouterr().err.count("Logging error") <= 1
