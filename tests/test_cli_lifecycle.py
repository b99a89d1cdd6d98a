"""`sipdesk check` and `sipdesk stats` as a script would use them."""

from __future__ import annotations

import json

import pytest

from sipdesk.cli import main
from tests.conftest import DEMO


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _import(capsys, tmp_path, doc) -> str:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc), "utf-8")
    code, out, _err = run(capsys, "import", str(path))
    assert code == 0
    return out.strip()


def test_demo_plans_pass_the_check(capsys):
    run(capsys, "demo", "--no-gui")
    _code, listing, _err = run(capsys, "list")
    ids = [line.split("\t")[0] for line in listing.splitlines()]
    assert len(ids) == 5
    for case_id in ids:
        code, out, err = run(capsys, "check", case_id)
        assert code == 0, out
        assert "FEL" not in out and err.startswith("0 fel, ")


def _strip_1(plan):
    for goal in plan["goals"]:
        goal["interventions"] = []


def _strip_2(plan):
    for goal in plan["goals"]:
        for item in goal["interventions"]:
            item["principal"], item["actor"] = None, "other"


def _strip_3(plan):
    plan["person_does_self"] = plan["others_measures"] = ""
    for goal in plan["goals"]:
        for item in goal["interventions"]:
            if item["principal"] not in ("kommun", "region"):
                item["principal"], item["actor"] = "kommun", None


def _strip_4(plan):
    plan["main_responsible_id"] = None


@pytest.mark.parametrize(
    "strip, code, words",
    [
        (_strip_1, "law-1-interventions", "lagens punkt 1"),
        (_strip_2, "law-2-principals", "lagens punkt 2"),
        (_strip_3, "law-3-others", "lagens punkt 3"),
        (_strip_4, "law-4-main-responsible", "lagens punkt 4"),
    ],
)
def test_a_plan_stripped_of_a_legal_point_fails_with_its_message(
    capsys, tmp_path, strip, code, words
):
    doc = json.loads((DEMO / "1-josef.json").read_text("utf-8"))
    strip(doc["case"]["meetings"][-1]["plan"])
    case_id = _import(capsys, tmp_path, doc)
    exit_code, out, err = run(capsys, "check", case_id)
    assert exit_code == 1
    errors = [line.split("\t") for line in out.splitlines() if line.startswith("FEL")]
    assert [e[1] for e in errors] == [code]
    assert words in errors[0][3]
    assert err.startswith("1 fel")


def test_check_masks_a_protected_name_and_refuses_unknown_case(capsys, tmp_path):
    doc = json.loads((DEMO / "5-skyddad.json").read_text("utf-8"))
    doc["case"]["meetings"][-1]["plan"]["goals"][0]["interventions"] = []
    case_id = _import(capsys, tmp_path, doc)
    code, out, _err = run(capsys, "check", case_id)
    assert code == 0 and "Amira" not in out and "K-17" in out
    code, out, err = run(capsys, "check", "999")
    assert code == 1 and "999" in err


def test_stats_table_and_csv_without_personal_data(capsys):
    run(capsys, "demo", "--no-gui")
    code, out, _err = run(capsys, "stats", "--from", "2026-10-01", "--to", "2026-10-31")
    assert code == 0
    assert "Upprättade SIP (första möten, KVÅ AU124, KSI XAH.20.75)" in out
    first = next(line for line in out.splitlines() if "AU124" in line)
    assert first.split()[-1] == "3"
    code, out, _err = run(capsys, "stats", "--csv")
    assert code == 0 and out.startswith("metric,label,count,total,percent,from,to\n")
    for name in ("Josef", "Alice", "Kasim", "Linus", "Amira", "K-17", "Berg", "Karin"):
        assert name not in out


def test_stats_refuses_bad_dates(capsys):
    code, _out, err = run(capsys, "stats", "--from", "2026-13-01")
    assert code == 2 and "ÅÅÅÅ-MM-DD" in err
    code, _out, err = run(capsys, "stats", "--from", "2026-12-01", "--to", "2026-11-01")
    assert code == 1 and "--from" in err
