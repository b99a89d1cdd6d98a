"""Plan format 1 → 2, on the JSON values before they are decoded (plan file and store alike).

Format 2 (docs/plan-format.md) uses the law's words: *huvudman* is only the municipality or the
region, and everyone else who carries out an intervention or comes to the meeting is an `actor`;
the huvudansvarig is one participant of the meeting, referenced by id. Nothing of a version 1
file is dropped:

- `principal` of a participant or an intervention: `kommun`/`region` stay; `other`, `person`
  and `relative` move to `actor` (and `principal` becomes null) – one to one, so it can be read
  back.
- `plan.main_responsible {name, title, organisation, principal, participant_id}` becomes
  `plan.main_responsible_id`: the participant it referred to, or the participant whose name it
  is, or – for a name not among the participants – a participant added with that name, title and
  organisation and attendance `absent`. A name that holds alternatives or several people ("Anna
  Berg alternativt Olle Ström", "A / B", "A och B", two lines) is refused from a file (`strict`)
  with a message naming the field; in the store (not strict) it is kept as one participant's name
  so nothing is lost, and the plan check flags it.
- `consents[].role` is read from the free-text relation where it is clear ("Vårdnadshavare",
  "God man", "Personen själv"); the relation text is kept as it was.
"""

from __future__ import annotations

import copy
import re
import uuid
from typing import Any

from sipdesk.i18n import _

OLD_ACTORS = {"other": "other", "person": "person", "relative": "relative"}

# Alternatives: one or the other person – never one huvudansvarig.
_ALTERNATIVES = re.compile(r"\balternativt\b|\balt\.|\beller\b|\bor\b|/|\n|\r", re.I)
# Several people: "A och B", "A & B", "A + B", "A; B" – where a name (capitalised words) follows
# the joiner, so "kurator, råd och stöd" stays one title.
_SEVERAL = re.compile(r"\s(?:och|and|samt)\s|[&+;]", re.I)


def _joins_names(part: str) -> bool:
    pieces = [p.split() for p in _SEVERAL.split(part)]
    # a name after the joiner: "… och Anna Berg" (a title goes on in lower case: "råd och stöd")
    return any(
        words and all(w[0].isupper() for w in words if w[0].isalpha()) for words in pieces[1:]
    )


class MigrationError(ValueError):
    """A version 1 value that cannot be brought into the new shape; `path` names the field."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def _norm(name: str) -> str:
    return " ".join(name.casefold().replace(",", " , ").split())


def _same_name(a: str, b: str) -> bool:
    return bool(a.strip()) and _norm(a) == _norm(b)


def several_people(text: str, participant_names: list[str] = ()) -> str | None:
    """Why `text` names more than one huvudansvarig, or None when it names one person.

    A comma inside one person's name or title is fine ("Ek, Maria", "Anna Berg,
    socialsekreterare"); alternatives ("alternativt", "eller", "alt.", "/", a line break) and
    several people ("A och B", or "A, B" where both are participants) are not.
    """
    if _ALTERNATIVES.search(text):
        return _("it names alternatives – a plan has exactly one huvudansvarig")
    parts = [p for p in (s.strip() for s in text.split(",")) if p]
    if any(_joins_names(part) for part in parts):
        return _("it names more than one person – a plan has exactly one huvudansvarig")
    # "Anna Berg och kurator lisa ek": a participant's name after the joiner, however it is cased
    joined = [_norm(piece) for piece in _SEVERAL.split(text)[1:]]
    others = [_norm(n) for n in participant_names if _norm(n) and _norm(n) != _norm(text)]
    if any(re.search(rf"(?<!\w){re.escape(o)}(?!\w)", piece) for piece in joined for o in others):
        return _("it names more than one participant – a plan has exactly one huvudansvarig")
    named = [p for p in parts if any(_same_name(p, n) for n in participant_names)]
    if len(named) >= 2:
        return _("it names more than one participant – a plan has exactly one huvudansvarig")
    return None


def split_name_title(text: str) -> tuple[str, str]:
    """One person's name and the title written after a comma: "Anna Berg, socialsekreterare" →
    ("Anna Berg", "socialsekreterare"); "Ek, Maria" stays a name (the part after the comma
    starts with a capital letter: a given name, not a title)."""
    text = " ".join(text.split())
    if "," in text:
        name, rest = (s.strip() for s in text.split(",", 1))
        if name and rest and rest[0].islower():
            return name, rest
    return text, ""


def find_participant(text: str, participants: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The participant `text` names: the same name, or "Surname, Given" for "Given Surname"."""
    name, _title = split_name_title(text)
    candidates = [name, text]
    if "," in name:
        last, first = (s.strip() for s in name.split(",", 1))
        candidates.append(f"{first} {last}")
    for p in participants:
        if any(_same_name(c, p.get("name", "")) for c in candidates):
            return p
    return None


def _principal_actor(value: Any) -> tuple[Any, Any]:
    if value in OLD_ACTORS:
        return None, OLD_ACTORS[value]
    return value, None


def _role_of(relation: str) -> str | None:
    text = relation.casefold()
    if "god man" in text or "gode man" in text:
        return "god_man"
    if "förvaltare" in text:
        return "forvaltare"
    if "vårdnadshavare" in text or "förälder" in text or "föräldrar" in text:
        return "guardian"
    if text.strip() in ("personen själv", "den enskilde", "själv", "the person", "personen"):
        return "person"
    return None


def is_v1_meeting(meeting: dict[str, Any]) -> bool:
    """True for a meeting document written in format 1 (format 2 has no `main_responsible`)."""
    plan = meeting.get("plan")
    return isinstance(plan, dict) and "main_responsible" in plan


def migrate_meeting(meeting: dict[str, Any], path: str, *, strict: bool) -> dict[str, Any]:
    """A format 1 meeting document in format 2 (a new dict; the argument is left alone)."""
    if not isinstance(meeting, dict):
        return meeting  # the decoder names the fault
    meeting = copy.deepcopy(meeting)
    participants = meeting.get("participants")
    if isinstance(participants, list):
        for p in participants:
            if isinstance(p, dict) and "principal" in p:
                p["principal"], actor = _principal_actor(p["principal"])
                if actor is not None:
                    p["actor"] = actor
    else:
        participants = []
    plan = meeting.get("plan")
    if not isinstance(plan, dict):
        return meeting
    goals = plan.get("goals")
    for goal in goals if isinstance(goals, list) else []:
        items = goal.get("interventions") if isinstance(goal, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and "principal" in item:
                item["principal"], actor = _principal_actor(item["principal"])
                if actor is not None:
                    item["actor"] = actor
    if "main_responsible" in plan:
        main = plan.pop("main_responsible")
        plan["main_responsible_id"] = _main_responsible(
            main, participants, meeting, f"{path}.plan.main_responsible", strict
        )
    return meeting


def _main_responsible(
    main: Any, participants: list[Any], meeting: dict[str, Any], path: str, strict: bool
) -> str | None:
    if main is None:
        return None
    if not isinstance(main, dict):
        if strict:
            raise MigrationError(path, _("expected an object"))
        return None
    people = [p for p in participants if isinstance(p, dict)]
    if strict:
        for key in ("name", "title", "organisation"):
            if key in main and not isinstance(main[key], str):
                raise MigrationError(f"{path}.{key}", _("expected text"))
    name = main.get("name") if isinstance(main.get("name"), str) else ""
    title = main.get("title") if isinstance(main.get("title"), str) else ""
    organisation = main.get("organisation") if isinstance(main.get("organisation"), str) else ""
    principal, actor = _principal_actor(main.get("principal"))
    pid = main.get("participant_id")
    referred = next((p for p in people if pid is not None and p.get("id") == pid), None)
    if referred is not None and (not name.strip() or _same_name(name, referred.get("name", ""))):
        _fill(referred, title, organisation, principal, actor)
        return pid
    if not (name.strip() or title.strip() or organisation.strip()):
        return None
    reason = several_people(name, [p.get("name", "") for p in people if isinstance(p.get("name"), str)])
    if reason is not None:
        if strict:
            raise MigrationError(
                f"{path}.name",
                _(
                    '"{text}": {reason}. Keep one name in the file (the others can be named '
                    "as responsible for their interventions) and import it again."
                ).format(text=" ".join(name.split()), reason=reason),
            )
    else:
        found = find_participant(name, people)
        if found is not None:
            _fill(found, title, organisation, principal, actor)
            return found.get("id")
        name, parsed_title = split_name_title(name)
        title = title or parsed_title
    added = {
        "name": name,
        "title": title,
        "organisation": organisation,
        "principal": principal,
        "phone": "",
        "email": "",
        "attendance": "absent",
        "id": uuid.uuid4().hex[:12],
    }
    if actor is not None:
        added["actor"] = actor
    if isinstance(meeting.get("participants"), list):
        meeting["participants"].append(added)
    else:
        meeting["participants"] = [added]
    return added["id"]


def _fill(participant: dict[str, Any], title: str, organisation: str, principal, actor) -> None:
    """Keep what the old huvudansvarig record said that the participant lacks."""
    if title and not participant.get("title"):
        participant["title"] = title
    if organisation and not participant.get("organisation"):
        participant["organisation"] = organisation
    if principal is not None and participant.get("principal") is None:
        participant["principal"] = principal
    if actor is not None and participant.get("principal") is None and not participant.get("actor"):
        participant["actor"] = actor


def migrate_case_fields(case: dict[str, Any]) -> dict[str, Any]:
    """The case-level values of format 1 in format 2: consent roles read from the relation."""
    if not isinstance(case, dict):
        return case
    case = copy.deepcopy(case)
    consents = case.get("consents")
    for consent in consents if isinstance(consents, list) else []:
        if isinstance(consent, dict) and "role" not in consent:
            relation = consent.get("relation")
            role = _role_of(relation) if isinstance(relation, str) else None
            if role is not None:
                consent["role"] = role
    return case


def migrate_case(case: Any, *, strict: bool = True) -> Any:
    """A whole format 1 case (as in a plan file) in format 2."""
    if not isinstance(case, dict):
        return case
    case = migrate_case_fields(case)
    meetings = case.get("meetings")
    if isinstance(meetings, list):
        case["meetings"] = [
            migrate_meeting(m, f"case.meetings[{i}]", strict=strict) for i, m in enumerate(meetings)
        ]
    return case
