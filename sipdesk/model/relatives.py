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
