"""Who received a printed copy of a meeting's plan: kept with the meeting (one record per print
or save), so the plan itself says which parties have their copy. The audit trail records the same
event without names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Handout:
    """One print (or save as PDFs) of the meeting's documents.

    `recipients` are the marked copies' parties as written on the plan's *Kopia till* list (the
    store is encrypted; printed marks go through the Redactor). `how`: "printer" or "pdf".
    """

    on: dt.date | None = None
    original: bool = False
    recipients: list[str] = field(default_factory=list)
    own_copy: bool = False
    invitation: bool = False
    how: str = "printer"
