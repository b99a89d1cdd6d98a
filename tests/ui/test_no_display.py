"""Without a display the GUI commands say what to do instead of waiting for ever, and Ctrl+C
closes the window the way File → Quit does (issue 18, item 8)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sipdesk import app as app_module
from sipdesk import cli

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("argv", [[], ["gui"], ["demo"]])
def test_gui_commands_without_a_display_exit_1_naming_the_cli(argv, monkeypatch, capsys):
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(app_module.sys, "platform", "linux")
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert "--no-gui" in err and "sipdesk --help" in err
    assert "skärm" in err  # Swedish first
    assert not (Path(os.environ["SIPDESK_HOME"]) / "demo").exists()


@pytest.mark.parametrize("platform", ["xcb", "wayland"])
def test_an_explicit_platform_is_not_second_guessed(platform, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", platform)
    monkeypatch.delenv("DISPLAY", raising=False)
    assert not app_module.no_display()


def _sipdesk(args, env_extra, tmp_path, timeout=180):
    env = {
        k: v for k, v in os.environ.items() if k not in ("SIPDESK_PASSPHRASE", "DISPLAY")
    }
    env.update(
        QT_QPA_PLATFORM="offscreen",
        SIPDESK_HOME=str(tmp_path / "data"),
        SIPDESK_CONFIG=str(tmp_path / "settings.json"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        PYTHONPATH=str(ROOT),
        **env_extra,
    )
    return subprocess.run(
        [sys.executable, "-m", "sipdesk", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_offscreen_demo_without_a_passphrase_ends_with_a_message_not_an_invisible_dialog(tmp_path):
    done = _sipdesk(["demo"], {}, tmp_path)
    assert done.returncode == 1
    assert "SIPDESK_PASSPHRASE" in done.stderr
    assert "Traceback" not in done.stderr


def test_offscreen_demo_starts_and_closes_again(tmp_path):
    done = _sipdesk(["demo"], {"SIPDESK_PASSPHRASE": "demo demo demo"}, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "offscreen" in done.stderr and "sipdesk --help" in done.stderr
    folder = tmp_path / "data"  # SIPDESK_HOME: the demo goes there, and the message says so
    assert str(folder) in done.stderr
    listed = _sipdesk(
        ["--data-dir", str(folder), "list"],
        {"SIPDESK_PASSPHRASE": "demo demo demo"},
        tmp_path,
    )
    assert listed.returncode == 0 and "Josef" in listed.stdout


def test_offscreen_gui_without_a_store_does_not_wait_on_the_welcome(tmp_path):
    done = _sipdesk([], {}, tmp_path)
    assert done.returncode == 1
    assert "demo --no-gui" in done.stderr


def test_ctrl_c_closes_the_window_like_quit_and_saves(qtbot, demo_store, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from sipdesk.ui.main_window import MainWindow

    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    saved = []
    real_close_case = window.controller.close_case
    monkeypatch.setattr(
        window.controller, "close_case", lambda: saved.append(1) or real_close_case()
    )
    quits = []
    app = QApplication.instance()
    monkeypatch.setattr(app, "quit", lambda: quits.append(1))
    before = signal.getsignal(signal.SIGINT)  # SIG_IGN when run as a background job (CI)
    closer = app_module.SigintCloser(app)
    closer.window = window
    try:
        os.kill(os.getpid(), signal.SIGINT)  # no KeyboardInterrupt: the handler takes it
        qtbot.waitUntil(lambda: bool(quits), timeout=10_000)
    finally:
        closer.uninstall()
    assert not window.isVisible()
    assert saved == [1]
    assert signal.getsignal(signal.SIGINT) == before  # put back as it was


def test_ctrl_c_cancels_an_open_dialog_first(qtbot, monkeypatch):
    """The unlock dialog open and Ctrl+C pressed: the dialog ends as cancelled, nothing hangs."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from sipdesk.ui.dialogs.passphrase import PassphraseDialog

    app = QApplication.instance()
    quits = []
    monkeypatch.setattr(app, "quit", lambda: quits.append(1))
    closer = app_module.SigintCloser(app)
    try:
        QTimer.singleShot(300, lambda: os.kill(os.getpid(), signal.SIGINT))
        value, ok = PassphraseDialog.get_passphrase(None, False)
    finally:
        closer.uninstall()
    assert not ok and value == ""
