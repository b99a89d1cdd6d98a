"""What an operation changed: model operations return a `Change`, the GUI refreshes only that."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """One change to a case.

    `area` names what changed: "circle", "field", "goal", "intervention", "need",
    "long_term_goal", "participant", "consent", "question", "disagreement", "preparation",
    "person", "meeting". `id` names the row or field ("own_view", a goal id …) when there is one.
    """

    area: str
    id: str | None = None

    @property
    def focus(self) -> tuple[str, str | None]:
        """What the chair is editing, as the shared screen wants it: ("goal", "ab12…")."""
        return (self.area, self.id)
