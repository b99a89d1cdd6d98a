"""Input refused at the door, one line per failure, a closed pipe ends quietly (issue 21)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sipdesk.cli import main
from sipdesk.model import planfile
from tests.conftest import DEMO

ROOT = Path(__file__).resolve().parent.parent
JOSEF = json.loads((DEMO / "1-josef.json").read_text("utf-8"))


def _string_paths(value, path="case"):
    """Every (path, setter) of a string in the plan document, named as the plan file names it."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                yield f"{path}.{key}", value, key
            else:
                yield from _string_paths(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield f"{path}[{i}]", value, i
            else:
                yield from _string_paths(item, f"{path}[{i}]")


PATHS = [p for p, _c, _k in _string_paths(JOSEF["case"])]


@settings(max_examples=80)
@given(
    where=st.sampled_from(PATHS),
    bad=st.sampled_from(["\ud800", "\udfff", "\x00", "\x1b[31m", "\x7f", "\x85", "\x0b"]),
    at=st.integers(0, 3),
)
def test_lone_surrogates_and_control_characters_are_refused_naming_the_field(where, bad, at):
    doc = copy.deepcopy(JOSEF)
    for path, container, key in _string_paths(doc["case"]):
        if path == where:
            text = container[key]
            container[key] = text[:at] + bad + text[at:]
    text = json.dumps(doc, ensure_ascii=True)  # \ud800 travels as JSON's escape
    with pytest.raises(planfile.PlanFileError) as caught:
        planfile.loads(text)
    assert caught.value.field == where


def test_a_plan_file_without_a_meeting_is_refused(tmp_path, capsys):
    doc = copy.deepcopy(JOSEF)
    doc["case"]["meetings"] = []
    path = tmp_path / "no-meeting.json"
    path.write_text(json.dumps(doc), "utf-8")
    code = main(["import", str(path)])
    err = capsys.readouterr().err
    assert code == 1 and "case.meetings" in err and "första möte" in err
    assert "oväntat" not in err


def test_cli_import_of_a_lone_surrogate_names_the_field(tmp_path, capsys):
    doc = copy.deepcopy(JOSEF)
    doc["case"]["person"]["name"] = "Jo\ud800sef"
    path = tmp_path / "surrogate.json"
    path.write_text(json.dumps(doc), "utf-8")
    code = main(["import", str(path)])
    err = capsys.readouterr().err
    assert code == 1 and "case.person.name" in err and "surrogat" in err
    assert "oväntat" not in err and "UnicodeEncodeError" not in err


def test_an_unexpected_error_is_one_line_on_the_terminal(capsys, monkeypatch):
    def boom(_args):
        raise RuntimeError("a plan's text could be here")

    monkeypatch.setattr("sipdesk.cli.cmd_list", boom)
    code = main(["list"])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and "plan's text" not in err


LONG_LIST = """
import sys
import sipdesk.cli as cli

def many(_args):  # far more than a pipe's buffer: the reader is gone while this still writes
    for i in range(200_000):
        print(f"{i}\\tNamn {i}\\tactive\\t")
    return 0

cli.cmd_list = many
sys.exit(cli.main(["list"]))
"""


def test_list_into_a_closed_pipe_ends_quietly(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), SIPDESK_LANG="sv", HOME=str(tmp_path))
    script = tmp_path / "long_list.py"
    script.write_text(LONG_LIST, "utf-8")
    done = subprocess.run(
        f'{sys.executable} {script} | head -1; echo "exit=${{PIPESTATUS[0]}}"',
        shell=True,
        executable="/bin/bash",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = done.stdout.splitlines()
    assert lines[0].startswith("0\t") and lines[-1] == "exit=0", done.stdout[-200:]
    assert done.stderr == "", done.stderr


def test_broken_pipe_in_process_is_quiet(capsys, monkeypatch):
    def closed(_args):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("sipdesk.cli.cmd_list", closed)
    assert main(["list"]) == 0
    assert capsys.readouterr().err == ""
