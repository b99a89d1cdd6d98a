"""Relatives and other people close to the person (närstående), kept as protected values.

For a protected identity their names, towns and contact details are as revealing as the person's
own address: the `Redactor` masks them wherever they are typed. Stored on `Person.relatives`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field


@dataclass
class Relative:
    """A relative or someone close (närstående): masked with the person's own details."""

    name: str
    relation: str = ""  # "syster", "mamma", "god man" …
    town: str = ""  # where they live – as revealing as the person's own address
    contact: str = ""  # phone or e-mail
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])


def as_text(relatives: list[Relative]) -> str:
    """One relative a line: "name; relation; town; contact" (empty trailing parts left out)."""
    lines = []
    for r in relatives:
        parts = [r.name, r.relation, r.town, r.contact]
        while parts and not parts[-1]:
            parts.pop()
        lines.append("; ".join(parts))
    return "\n".join(lines)


def parse(text: str, before: list[Relative] | None = None) -> list[Relative]:
    """The relatives written one a line as "name; relation; town; contact"; ids kept by line."""
    before = before or []
    out = []
    for line in (x for x in text.splitlines() if x.strip()):
        parts = [p.strip() for p in line.split(";")]
        parts += [""] * (4 - len(parts))
        name, relation, town = parts[0], parts[1], parts[2]
        contact = "; ".join(p for p in parts[3:] if p)
        relative = Relative(name, relation, town, contact)
        if len(out) < len(before):
            relative.id = before[len(out)].id
        out.append(relative)
    return out


def set_relatives(case, text: str):
    """Editor operation: the person's relatives from their one-a-line text."""
    from sipdesk.model.changes import Change
    from sipdesk.model.editing import _check_text

    person = case.person
    person.relatives = parse(_check_text(text), person.relatives)
    return Change("person", "relatives")


def set_protected_words(case, text: str):
    """Editor operation: other protected names and places, one a line (children, workplace)."""
    from sipdesk.model.changes import Change
    from sipdesk.model.editing import _check_text

    words = [line.strip() for line in _check_text(text).splitlines() if line.strip()]
    case.person.protected_words = words
    return Change("person", "protected_words")
