"""The window's start read without the full parser (issue 19: start-up) reads exactly what the
parser reads: for any command line, `window_start` either gives the parser's own answer or
leaves it to the parser (which then reads it, or says what is wrong)."""

from __future__ import annotations

import argparse
import contextlib
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from sipdesk import cli

TOKENS = [
    "gui", "demo", "list", "--data-dir", "--lang", "--data", "--lan", "sv", "en", "de",
    "folder", "my store", "", "-x", "-1", "--", "--help", "--version", "--no-gui",
    "--data-dir=", "--data-dir=a", "--data-dir=-a", "--data-dir=gui", "--lang=sv", "--lang=en",
    "--lang=", "--lang=fi", "--search", "gui=x",
]  # fmt: skip


def full_parse(argv: list[str]) -> dict | None:
    """What the full parser makes of `argv`; None where it stops (usage error, help, version)."""
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            return vars(cli.build_parser().parse_args(argv))
    except SystemExit:
        return None


@settings(max_examples=300)
@given(st.lists(st.sampled_from(TOKENS), max_size=6))
def test_window_start_reads_what_the_parser_reads(argv):
    quick = cli.startup.window_start(argv, cli.cmd_gui)
    if quick is not None:
        assert vars(quick) == full_parse(argv)


def test_the_window_starts_of_the_benchmark_and_the_desktop_entry_are_read_quickly():
    for argv, expected in [
        ([], {"command": None, "data_dir": None, "lang": None}),
        (["gui"], {"command": "gui", "data_dir": None, "lang": None, "func": cli.cmd_gui}),
        (["--data-dir", "/s", "gui"], {"command": "gui", "data_dir": "/s", "lang": None,
                                       "func": cli.cmd_gui}),
        (["--lang=en", "--data-dir", "x"], {"command": None, "data_dir": "x", "lang": "en"}),
    ]:  # fmt: skip
        quick = cli.startup.window_start(argv, cli.cmd_gui)
        assert isinstance(quick, argparse.Namespace) and vars(quick) == expected
        assert full_parse(argv) == expected
    for argv in (["list"], ["--data", "x"], ["--lang", "fi"], ["--data-dir"], ["gui", "x"]):
        assert cli.startup.window_start(argv, cli.cmd_gui) is None
