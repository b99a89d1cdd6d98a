"""The CLI as a script would use it: names, output and exit codes are relied upon."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sipdesk.cli import main
from tests.conftest import DEMO


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_list(capsys, data_dir):
    code, out, _err = run(capsys, "demo", "--no-gui")
    assert code == 0 and out.strip() == str(data_dir)
    code, out, _err = run(capsys, "list")
    lines = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and len(lines) == 5
    names = {row[1] for row in lines}
    assert {"Josef Berg", "Alice Lund", "Kasim Rahimi", "Linus Sundberg", "Klient K-17"} == names
    assert "Amira" not in out and "19850610" not in out
    josef = next(row for row in lines if row[1] == "Josef Berg")
    assert josef[2] == "Aktiv" and josef[3] == "2027-02-15"
    # running the demo again adds nothing
    run(capsys, "demo", "--no-gui")
    assert len(run(capsys, "list")[1].splitlines()) == 5


def test_import_export_round_trip(capsys, tmp_path):
    code, out, _ = run(capsys, "import", str(DEMO / "4-linus.json"))
    assert code == 0
    case_id = out.strip()
    target = tmp_path / "linus.json"
    code, out, err = run(capsys, "export", case_id, "--format", "json", "--out", str(target))
    assert code == 0 and str(target) in out and "Skrevs till" in err
    exported = json.loads(target.read_text("utf-8"))
    original = json.loads((DEMO / "4-linus.json").read_text("utf-8"))
    exported["case"]["uid"] = original["case"]["uid"] = "-"
    assert exported == original


def test_import_refuses_broken_file_with_field_and_exit_1(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    doc = json.loads((DEMO / "1-josef.json").read_text("utf-8"))
    doc["case"]["meetings"][0]["date"] = "2026-13-01"
    bad.write_text(json.dumps(doc))
    code, out, err = run(capsys, "import", str(bad))
    assert code == 1 and out == ""
    assert "case.meetings[0].date" in err
    assert run(capsys, "list")[1] == ""


def test_unknown_case_and_bad_case_id_exit_1(capsys, tmp_path):
    assert run(capsys, "export", "99", "--out", str(tmp_path / "x.json"))[0] == 1
    code, _out, err = run(capsys, "export", "josef", "--out", str(tmp_path / "x.json"))
    assert code == 1 and "sipdesk list" in err


def test_export_to_missing_folder_exits_1(capsys, tmp_path):
    run(capsys, "import", str(DEMO / "1-josef.json"))
    code, _out, err = run(capsys, "export", "1", "--out", str(tmp_path / "nope" / "x.json"))
    assert code == 1 and "finns inte" in err


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["export"],
        ["export", "1"],
        ["export", "1", "--out", "x", "--format", "docx"],
    ],
)
def test_usage_errors_exit_2(capsys, args):
    assert run(capsys, *args)[0] == 2


def test_wrong_passphrase_exits_1(capsys, monkeypatch):
    monkeypatch.setenv("SIPDESK_PASSPHRASE", "första lösenfrasen")
    assert run(capsys, "import", str(DEMO / "4-linus.json"))[0] == 0
    monkeypatch.setenv("SIPDESK_PASSPHRASE", "andra lösenfrasen")
    code, _out, err = run(capsys, "list")
    assert code == 1 and "Ingenting ändrades" in err


def test_english_interface(capsys, tmp_path):
    code, _out, err = run(capsys, "--lang", "en", "export", "x", "--out", str(tmp_path / "y"))
    assert code == 1 and "must be a case number" in err


def test_entry_point_runs_as_a_module(tmp_path):
    env_run = subprocess.run(
        [sys.executable, "-m", "sipdesk", "--version"], capture_output=True, text=True, check=False
    )
    assert env_run.returncode == 0 and "SipDesk" in env_run.stdout


def test_the_terminal_gets_no_info_chatter(tmp_path):
    """A script's stderr carries what the user must read, not the log file's INFO lines."""
    import os

    env = dict(os.environ, SIPDESK_HOME=str(tmp_path / "d"), SIPDESK_PASSPHRASE="en lång lösenfras")
    run_ = subprocess.run(
        [sys.executable, "-m", "sipdesk", "demo", "--no-gui"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run_.returncode == 0
    assert "INFO" not in run_.stderr and "Demolagringen är klar" in run_.stderr


def test_the_invitation_carries_what_is_sip_unless_left_out(capsys, tmp_path):
    """`--format invitation` of a first meeting ends with the "Vad är SIP?" page (issue 17);
    `--without-about-sip` leaves it out."""
    import pypdfium2 as pdfium

    case_id = run(capsys, "import", str(DEMO / "4-linus.json"))[1].strip()
    pages = {}
    for flags in ((), ("--without-about-sip",)):
        target = tmp_path / f"invitation{len(flags)}.pdf"
        code, _out, err = run(capsys, "export", case_id, "--format", "invitation",
                              "--out", str(target), *flags)  # fmt: skip
        assert code == 0, err
        doc = pdfium.PdfDocument(target.read_bytes())
        pages[flags] = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    with_sheet, without = pages[()], pages[("--without-about-sip",)]
    assert len(with_sheet) == len(without) + 1
    assert "Vad är SIP?" in with_sheet[-1] and not any("Vad är SIP?" in p for p in without)


@pytest.mark.parametrize("fmt", ["json", "pdf", "easy-read", "ics", "about-sip", "deviation"])
def test_without_about_sip_is_refused_for_any_other_format(capsys, tmp_path, fmt):
    """Like --cancel: an option that means nothing for the format is refused, not ignored."""
    case_id = run(capsys, "import", str(DEMO / "4-linus.json"))[1].strip()
    code, _out, err = run(capsys, "export", case_id, "--format", fmt, "--without-about-sip",
                          "--out", str(tmp_path / "x"))  # fmt: skip
    assert code == 1 and "--without-about-sip" in err and "invitation" in err
    assert not list(tmp_path.glob("x*"))


@pytest.mark.parametrize(
    "fmt",
    ["json", "pdf", "easy-read", "invitation", "ics", "about-sip", "about-sip-easy", "deviation"],
)
def test_out_ending_in_a_slash_names_a_folder_for_every_format(capsys, tmp_path, fmt):
    """`--out plans/` is a folder: when it is missing, nothing is written as a file named plans."""
    run(capsys, "import", str(DEMO / "1-josef.json"))
    missing = tmp_path / "plans"
    code, _out, err = run(capsys, "export", "1", "--format", fmt, "--out", f"{missing}/")
    assert code == 1 and "finns inte" in err and "plans" in err
    assert not missing.exists()


@pytest.mark.parametrize(
    "fmt",
    ["json", "pdf", "easy-read", "invitation", "ics", "about-sip", "about-sip-easy", "deviation"],
)
def test_every_export_that_holds_the_plan_says_it_is_not_encrypted(capsys, tmp_path, fmt):
    """The plan file holds the whole plan in plain text, a PDF the person's plan on paper: the
    chair is told to keep it safe. The calendar file holds no personal data (tested in export)."""
    plan = json.loads((DEMO / "1-josef.json").read_text("utf-8"))
    doctor = plan["case"]["meetings"][-1]["participants"][2]  # Eva Nilsson, barnläkare
    doctor["attendance"] = "absent"  # a deviation to report
    source = tmp_path / "josef.json"
    source.write_text(json.dumps(plan, ensure_ascii=False), "utf-8")
    run(capsys, "import", str(source))
    out = tmp_path / "plan.json" if fmt == "json" else tmp_path  # the plan file names a file
    code, _out, err = run(capsys, "export", "1", "--format", fmt, "--out", str(out))
    assert code == 0, err
    assert ("inte krypterad" in err) == (fmt != "ics")
