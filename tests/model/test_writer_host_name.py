"""The writer lock notes the host name at every start of the window (issue 19 made it come
without the socket module). Where the system has no `os.uname` (Windows), `platform.node()`
works it out through `platform.uname()`, which runs `cmd /c ver` (Python 3.11; WMI queries
from 3.12, known to hang on some machines): a process started – a console flashing – at every
start. The host name must come from the system's call alone, on every platform."""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys

import pytest

from sipdesk.model.store.writer import LOCK_NAME, WriterLock


@pytest.mark.parametrize("system", ["posix", "windows"])
def test_the_lock_notes_the_host_without_running_a_command(tmp_path, monkeypatch, system):
    started: list[object] = []

    def no_process(*args, **kwargs):
        started.append(args)
        raise OSError("no command may be run to learn the host name")

    monkeypatch.setattr(subprocess, "check_output", no_process)
    monkeypatch.setattr(subprocess, "Popen", no_process)
    monkeypatch.setattr(platform, "_uname_cache", None)  # as in a new process
    if system == "windows":
        monkeypatch.delattr(os, "uname", raising=False)
        monkeypatch.setattr(sys, "platform", "win32")
    lock = WriterLock(tmp_path).acquire()
    try:
        host = json.loads((tmp_path / LOCK_NAME).read_text("utf-8"))["host"]
    finally:
        lock.release()
    assert started == []
    assert host == socket.gethostname()[:64]
