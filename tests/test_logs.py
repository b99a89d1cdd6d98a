"""The log file is the standard library's rotating file once it is full; until then a plain file
handler writes the same lines, opened at the first record."""

from __future__ import annotations

import logging

from sipdesk import logs, paths
from tests.conftest import last_lines


def test_the_log_rotates_at_its_size_and_keeps_three_older_files(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "log_dir", lambda: tmp_path / "logs")
    monkeypatch.setattr(logs, "_handler", None)
    path = logs.setup()
    try:
        assert path == tmp_path / "logs" / logs.LOG_NAME
        line = "x" * 1000
        for i in range(5 * logs.MAX_BYTES // 1000):
            logs.log.info("case %s %s", i, line)
        files = sorted(p.name for p in path.parent.iterdir())
        assert files == [logs.LOG_NAME] + [f"{logs.LOG_NAME}.{n}" for n in (1, 2, 3)]
        assert all(p.stat().st_size <= logs.MAX_BYTES for p in path.parent.iterdir())
        last = 5 * logs.MAX_BYTES // 1000 - 1
        assert f"case {last} " in path.read_text("utf-8")  # the newest record in the newest file
    finally:
        logs.log.removeHandler(logs._handler)
        logs._handler.close()
        logs._handler = None
        logs.log.setLevel(logging.NOTSET)


def test_the_log_imports_no_socket_machinery_until_the_file_is_full(tmp_path):
    code = f"""
import sys
from sipdesk import logs, paths
from pathlib import Path
paths.log_dir = lambda: Path({str(tmp_path)!r})
logs.setup()
print("logging.handlers" in sys.modules, "socket" in sys.modules)
logs.log.info("case 7 opened")
print("logging.handlers" in sys.modules, "case 7 opened" in logs.log_file().read_text())
for i in range(logs.MAX_BYTES // 1000):
    logs.log.info("case %s %s", i, "x" * 1000)
print("logging.handlers" in sys.modules, sorted(p.name for p in logs.log_file().parent.glob("sipdesk.log*")))
"""
    assert last_lines(code, 3) == [
        "False False",
        "False True",
        "True ['sipdesk.log', 'sipdesk.log.1']",  # full: the rotating file took over, rotated
    ]
