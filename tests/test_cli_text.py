"""The command line speaks the interface language all through: argparse's own words, a
description for every command, every argument explained (issue 18, item 10)."""

from __future__ import annotations

import argparse

import pytest

from sipdesk import cli, i18n

ENGLISH_ARGPARSE = ("usage:", "positional arguments", "options:", "show this help", "error:")


def subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _help(argv, capsys) -> str:
    assert cli.main([*argv, "--help"]) == 0
    return capsys.readouterr().out


NAMES = sorted(subcommands(cli.build_parser()))


@pytest.mark.parametrize("command", [None, *NAMES])
def test_every_help_page_is_swedish_by_default(command, capsys):
    text = _help([command] if command else [], capsys)
    assert "användning: sipdesk" in text
    for word in ENGLISH_ARGPARSE:
        assert word not in text, f"{word!r} in sipdesk {command} --help"


def test_every_command_has_a_description_and_every_positional_its_explanation():
    i18n.set_language("sv")
    for name, parser in subcommands(cli.build_parser()).items():
        assert parser.description and parser.description.endswith("."), name
        for action in parser._actions:
            if not action.option_strings:  # CASE, FILE …
                assert action.help, f"{name}: {action.metavar or action.dest} unexplained"
                assert action.metavar not in ("CASE", "FILE", "FILE.json", "FILE.pdf"), name


@pytest.mark.parametrize(
    ("argv", "swedish"),
    [
        (["nope"], "ogiltigt val"),
        (["check"], "följande argument saknas: ÄRENDE"),
        (["list", "--nope"], "okända argument"),
        (["stats", "--from"], "ett värde behövs"),
        (["stats", "--from", "2026-13-40"], "är inget datum"),
    ],
)
def test_usage_errors_are_swedish_and_exit_2(argv, swedish, capsys):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert swedish in err and "sipdesk" in err
    assert "error:" not in err and "usage:" not in err


def test_english_stays_english(capsys):
    text = _help(["--lang", "en", "export"], capsys)
    assert "usage: sipdesk export" in text and "options:" in text and "CASE" in text
    i18n.set_language("sv")


def test_list_prints_the_status_in_words(capsys, data_dir):
    assert cli.main(["demo", "--no-gui"]) == 0
    capsys.readouterr()
    assert cli.main(["list"]) == 0
    statuses = {line.split("\t")[2] for line in capsys.readouterr().out.splitlines()}
    assert statuses <= {"Förberedelse", "Aktiv", "Avslutad"} and "Aktiv" in statuses
