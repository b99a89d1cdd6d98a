"""The SipDesk plan file: versioned JSON holding one case with all its meetings and plan versions.

`{"format": "sipdesk-plan", "version": 2, "case": {...}}` – documented in docs/plan-format.md,
described by `plan.schema.json` (generated from the dataclasses, see `schema()`). Reading checks
every field and refuses the whole file at the first fault, naming the field; nothing is half-read.
Version 1 files are read too: `migration.py` brings them into version 2 first.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sipdesk.i18n import _
from sipdesk.model import codec, migration, personnummer
from sipdesk.model.entities import Case
from sipdesk.model.files import write_atomic

FORMAT = "sipdesk-plan"
VERSION = 2
READABLE_VERSIONS = (1, 2)  # 1: before huvudman/actor and the one-participant huvudansvarig
MAX_FILE_BYTES = 5 * 1024 * 1024
SCHEMA_PATH = Path(__file__).with_name("plan.schema.json")


class PlanFileError(ValueError):
    """A plan file that cannot be read; `field` names the offending field ("" for the whole file)."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        where = _("field {field}").format(field=field) if field else _("the file")
        super().__init__(
            _("Plan file refused – {where}: {reason}").format(where=where, reason=reason)
        )


def to_document(case: Case) -> dict[str, Any]:
    """The plan file's content for a case, as JSON-ready values."""
    return {"format": FORMAT, "version": VERSION, "case": codec.encode(case)}


def dumps(case: Case) -> str:
    return json.dumps(to_document(case), ensure_ascii=False, indent=2) + "\n"


def write(case: Case, path: Path) -> Path:
    """Write the plan file atomically: a crash or full disk never leaves half a file at `path`."""
    return write_atomic(Path(path), dumps(case).encode("utf-8"))


def loads(text: str | bytes) -> Case:
    """Parse and check a plan file's text; raise PlanFileError naming the first bad field."""
    if len(text) > MAX_FILE_BYTES:
        raise PlanFileError("", _("the file is larger than 5 MB"))
    try:
        raw = json.loads(text)
    except RecursionError as exc:
        raise PlanFileError("", _("the file is nested too deeply")) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise PlanFileError("", _("not valid JSON ({detail})").format(detail=exc)) from exc
    if not isinstance(raw, dict):
        raise PlanFileError("", _("expected a JSON object"))
    if raw.get("format") != FORMAT:
        raise PlanFileError("format", _('expected "{fmt}"').format(fmt=FORMAT))
    version = raw.get("version")
    if version not in READABLE_VERSIONS or isinstance(version, bool):
        raise PlanFileError(
            "version",
            _("version {found} is not supported (this SipDesk reads version {ours})").format(
                found=json.dumps(version), ours=VERSION
            ),
        )
    extra = sorted(set(raw) - {"format", "version", "case"})
    if extra:
        raise PlanFileError(extra[0], _("unknown field"))
    data = raw.get("case")
    refuse_unencodable(data, "case")
    try:
        if version == 1:
            data = migration.migrate_case(data, strict=True)
        case = codec.decode(Case, data, "case")
    except migration.MigrationError as exc:
        raise PlanFileError(exc.path, exc.reason) from exc
    except codec.DecodeError as exc:
        raise PlanFileError(exc.path, translate_reason(exc.reason)) from exc
    check(case)
    return case


_BAD_CHAR = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _bad_char(text: str) -> str | None:
    """A lone surrogate (no character, cannot be written as UTF-8) or a control character."""
    found = _BAD_CHAR.search(text)
    if found is None:
        return None
    o = ord(found.group())
    if 0xD800 <= o <= 0xDFFF:
        return _("text holds a lone surrogate (U+{code:04X}), which is not a character").format(
            code=o
        )
    return _("text holds control characters")


# In the JSON text of a value: a control character SipDesk refuses is written as an escape (\b,
# \f, \u00XX), the others as they are. No match: nothing in the value is refused (the walk that
# names the field is done only when there may be one – a restore checks 10,000 cases).
_MAYBE_BAD = re.compile("\\\\[bfu]|[\x7f-\x9f\ud800-\udfff]")


def refuse_unencodable(value: object, path: str) -> None:
    """Refuse, naming the field, any text (or key) that SipDesk could not store or print:
    lone surrogates and control characters – at the door, before anything reads the case."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):  # the walk below says what it is
        text = None
    if text is not None and _MAYBE_BAD.search(text) is None:
        return
    _refuse_unencodable(value, path)


def _refuse_unencodable(value: object, path: str) -> None:
    if isinstance(value, str):
        if (why := _bad_char(value)) is not None:
            raise PlanFileError(path, why)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and (why := _bad_char(key)) is not None:
                raise PlanFileError(path, why)
            _refuse_unencodable(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _refuse_unencodable(item, f"{path}[{i}]")


def read(path: Path) -> Case:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PlanFileError("", _("the file is larger than 5 MB"))
        data = path.read_bytes()
    except OSError as exc:
        raise PlanFileError(
            "", _("cannot read the file ({detail})").format(detail=exc.strerror)
        ) from exc
    return loads(data)


def check(case: Case) -> None:
    """Rules the types alone cannot express: valid personnummer, consistent references and ranges."""
    person = case.person
    if not person.name.strip():
        raise PlanFileError("case.person.name", _("the person's name is empty"))
    if person.personnummer:
        try:
            canonical = personnummer.normalize(person.personnummer)
        except personnummer.InvalidPersonnummer as exc:
            raise PlanFileError(
                "case.person.personnummer", _("not a valid personnummer ({why})").format(why=exc)
            ) from exc
        person.personnummer = canonical
    if person.protected_identity and not person.pseudonym.strip():
        raise PlanFileError("case.person.pseudonym", _("a protected identity needs a pseudonym"))
    if person.minors_count is not None and not 0 <= person.minors_count <= 50:
        raise PlanFileError("case.person.minors_count", _("expected a number from 0 to 50"))
    for i, year in enumerate(person.minors_birth_years):
        if not codec.MIN_YEAR <= year <= codec.MAX_YEAR:
            raise PlanFileError(f"case.person.minors_birth_years[{i}]", _("not a plausible year"))
    if not case.meetings:  # every case has its first meeting (and plan version 1)
        raise PlanFileError("case.meetings", _("a case needs at least its first meeting"))
    for mi, meeting in enumerate(case.meetings):
        _check_meeting(meeting, f"case.meetings[{mi}]")
        if meeting.plan.version != mi + 1:
            raise PlanFileError(
                f"case.meetings[{mi}].plan.version",
                _("expected version {n} (one plan version per meeting, in order)").format(n=mi + 1),
            )


def _check_meeting(meeting: Any, path: str) -> None:
    if not 5 <= meeting.planned_minutes <= 600:
        raise PlanFileError(f"{path}.planned_minutes", _("expected 5 to 600 minutes"))
    ids = {p.id for p in meeting.participants}
    if len(ids) != len(meeting.participants):
        raise PlanFileError(f"{path}.participants", _("two participants share an id"))
    plan = meeting.plan
    need_ids = {n.id for n in plan.needs}
    for gi, goal in enumerate(plan.goals):
        gpath = f"{path}.plan.goals[{gi}]"
        if goal.need_id is not None and goal.need_id not in need_ids:
            raise PlanFileError(f"{gpath}.need_id", _("refers to a need that is not in the plan"))
        for ii, item in enumerate(goal.interventions):
            ipath = f"{gpath}.interventions[{ii}]"
            if item.start and item.end and item.end < item.start:
                raise PlanFileError(f"{ipath}.end", _("ends before it starts"))
            for ri, resp in enumerate(item.responsible):
                if resp.participant_id is not None and resp.participant_id not in ids:
                    raise PlanFileError(
                        f"{ipath}.responsible[{ri}].participant_id",
                        _("refers to a participant who is not in the meeting"),
                    )
    if plan.main_responsible_id is not None and plan.main_responsible_id not in ids:
        raise PlanFileError(
            f"{path}.plan.main_responsible_id",
            _("refers to a participant who is not in the meeting"),
        )
    for ai, request in enumerate(meeting.agencies):
        if request.participant_id is not None and request.participant_id not in ids:
            raise PlanFileError(
                f"{path}.agencies[{ai}].participant_id",
                _("refers to a participant who is not in the meeting"),
            )
    for ai, planned in enumerate(meeting.preparation.planned_attendance):
        if planned.participant_id not in ids:
            raise PlanFileError(
                f"{path}.preparation.planned_attendance[{ai}].participant_id",
                _("refers to a participant who is not in the meeting"),
            )
    _check_circle(meeting.circle, f"{path}.circle")


def _check_circle(circle: Any, path: str) -> None:
    import datetime as dt

    if not 0 <= circle.current < 5:
        raise PlanFileError(f"{path}.current", _("expected a part number from 0 to 4"))
    if circle.started_at:
        try:
            dt.datetime.strptime(circle.started_at, "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            raise PlanFileError(
                f"{path}.started_at", _("expected a moment as YYYY-MM-DDTHH:MM:SSZ")
            ) from None
    if circle.running_since is not None and circle.running_since < 0:
        raise PlanFileError(f"{path}.running_since", _("expected zero or more seconds"))


def translate_reason(reason: str) -> str:
    """The codec's English reasons, in the interface language."""
    table = {
        "a value is required": _("a value is required"),
        "expected a list": _("expected a list"),
        "expected text": _("expected text"),
        "expected true or false": _("expected true or false"),
        "expected a whole number": _("expected a whole number"),
        "number out of range": _("number out of range"),
        "expected a time as HH:MM": _("expected a time as HH:MM"),
        "text holds control characters": _("text holds control characters"),
        "expected a date as YYYY-MM-DD": _("expected a date as YYYY-MM-DD"),
        "not a real date": _("not a real date"),
        "expected an object": _("expected an object"),
        "unknown field": _("unknown field"),
    }
    if reason in table:
        return table[reason]
    if reason.startswith("expected one of "):
        return _("expected one of {values}").format(values=reason.removeprefix("expected one of "))
    if reason.startswith("more than "):
        return _("too many entries (at most {n})").format(n=codec.MAX_ITEMS)
    if reason.startswith("text longer than"):
        return _("text longer than {n} characters").format(n=codec.MAX_TEXT)
    if reason.startswith("year outside"):
        return _("the year must be between {a} and {b}").format(a=codec.MIN_YEAR, b=codec.MAX_YEAR)
    return reason


def schema() -> dict[str, Any]:
    """The JSON Schema of the plan file, generated from the dataclasses."""
    defs: dict[str, Any] = {}
    case_ref = codec.schema_for(Case, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://sipdesk.example/plan.schema.json",
        "title": "SipDesk plan file",
        "description": "One SIP case: the person, consents, meetings and one plan version per meeting.",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            "case": case_ref,
        },
        "required": ["format", "version", "case"],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2) + "\n"
