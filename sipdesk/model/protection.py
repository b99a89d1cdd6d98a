"""Protected identity (skyddade personuppgifter): what may be shown, and masking what may not.

A case with protected identity is displayed under its pseudonym. Text written during the meeting
can still hold the person's real name ("Amira sover dåligt"), so anything leaving the chair's own
eyes – a list, the shared screen, a printout meant to travel – goes through `Redactor.text()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sipdesk.model.entities import Person

_PNR = re.compile(r"\b(\d{2})?\d{6}[-+]?\d{4}\b")


@dataclass(frozen=True)
class Redactor:
    """Replaces a protected person's name and identifiers in text; passes text through otherwise."""

    active: bool
    pseudonym: str
    names: tuple[str, ...] = ()
    secrets: tuple[str, ...] = ()

    @classmethod
    def for_person(cls, person: Person) -> Redactor:
        if not person.protected_identity:
            return cls(False, "")
        full = person.name.strip()
        parts = [p for p in re.split(r"\s+", full) if len(p) >= 2]
        # longest first, so "Amira Haddad" goes before "Amira"
        names = tuple(sorted({full, *parts}, key=len, reverse=True))
        secrets = tuple(s for s in (person.personnummer or "", person.address, person.phone) if s)
        return cls(True, person.pseudonym or "—", names, secrets)

    def text(self, value: str) -> str:
        if not self.active or not value:
            return value
        out = value
        for secret in self.secrets:
            out = out.replace(secret, "[—]")
        out = _PNR.sub("[—]", out)
        for name in self.names:
            out = re.sub(
                rf"(?<!\w){re.escape(name)}(s?)(?!\w)",
                lambda m: self.pseudonym + (":s" if m.group(1) else ""),
                out,
                flags=re.I,
            )
        return out
