from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings

from sipdesk.model import planfile
from sipdesk.model.planfile import PlanFileError
from tests.conftest import DEMO
from tests.strategies import cases


def _demo(name: str) -> dict:
    return json.loads((DEMO / name).read_text("utf-8"))


@pytest.mark.parametrize("path", sorted(DEMO.glob("*.json")), ids=lambda p: p.name)
def test_demo_plans_read_and_write_back_identically(path):
    case = planfile.read(path)
    assert planfile.dumps(case) == path.read_text("utf-8")


@settings(max_examples=60)
@given(cases())
def test_any_case_round_trips_losslessly(case):
    text = planfile.dumps(case)
    again = planfile.loads(text)
    assert again == case
    assert planfile.dumps(again) == text


def test_shipped_schema_is_the_generated_one():
    assert planfile.SCHEMA_PATH.read_text("utf-8") == planfile.schema_text()


@settings(max_examples=30)
@given(cases())
def test_written_files_satisfy_the_schema(case):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(planfile.SCHEMA_PATH.read_text("utf-8"))
    jsonschema.validate(planfile.to_document(case), schema)


def _refused(doc) -> PlanFileError:
    with pytest.raises(PlanFileError) as info:
        planfile.loads(json.dumps(doc) if not isinstance(doc, str | bytes) else doc)
    return info.value


def test_wrong_type_names_the_field():
    doc = _demo("1-josef.json")
    doc["case"]["meetings"][0]["plan"]["goals"][2]["text"] = 42
    err = _refused(doc)
    assert err.field == "case.meetings[0].plan.goals[2].text"
    assert "text förväntades" in str(err)


def test_unknown_version_is_refused():
    doc = _demo("1-josef.json")
    doc["version"] = 3
    assert _refused(doc).field == "version"


def test_wrong_format_is_refused():
    doc = _demo("1-josef.json")
    doc["format"] = "something-else"
    assert _refused(doc).field == "format"


def test_impossible_date_is_refused():
    doc = _demo("1-josef.json")
    doc["case"]["meetings"][0]["date"] = "2026-02-30"
    assert _refused(doc).field == "case.meetings[0].date"


def test_invalid_personnummer_is_refused():
    doc = _demo("5-skyddad.json")
    doc["case"]["person"]["personnummer"] = "19850610-9812"
    err = _refused(doc)
    assert err.field == "case.person.personnummer"


def test_huge_field_is_refused():
    doc = _demo("1-josef.json")
    doc["case"]["meetings"][0]["plan"]["own_view"] = "x" * 20_001
    assert _refused(doc).field == "case.meetings[0].plan.own_view"


def test_deep_nesting_is_refused_not_crashed():
    err = _refused("[" * 100_000 + "]" * 100_000)
    assert err.field == ""


def test_control_characters_are_refused():
    doc = _demo("1-josef.json")
    doc["case"]["person"]["name"] = "Jo\x00sef"
    assert _refused(doc).field == "case.person.name"


def test_unknown_field_is_refused():
    doc = _demo("1-josef.json")
    doc["case"]["person"]["shoe_size"] = 42
    assert _refused(doc).field == "case.person.shoe_size"


def test_dangling_participant_reference_is_refused():
    doc = _demo("1-josef.json")
    iv = doc["case"]["meetings"][0]["plan"]["goals"][0]["interventions"][0]
    iv["responsible"][0]["participant_id"] = "nobody"
    assert _refused(doc).field.endswith("responsible[0].participant_id")


def test_protected_identity_without_pseudonym_is_refused():
    doc = _demo("5-skyddad.json")
    doc["case"]["person"]["pseudonym"] = " "
    assert _refused(doc).field == "case.person.pseudonym"


def test_not_json_and_not_utf8_are_refused():
    assert _refused("{not json").field == ""
    assert _refused(b"\xff\xfe\x00garbage").field == ""


def test_english_messages_when_interface_is_english():
    from sipdesk import i18n

    i18n.set_language("en")
    doc = _demo("1-josef.json")
    doc["case"]["meetings"][0]["planned_minutes"] = "ninety"
    assert "expected a whole number" in str(_refused(doc))


def test_atomic_write_leaves_old_file_when_writing_fails(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "plan.json"
    case = planfile.read(DEMO / "1-josef.json")
    planfile.write(case, target)
    before = target.read_bytes()
    changed = copy.deepcopy(case)
    changed.person.name = "Someone else"

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    with pytest.raises(OSError):
        planfile.write(changed, target)
    assert target.read_bytes() == before
    assert [p.name for p in out.iterdir()] == ["plan.json"]
