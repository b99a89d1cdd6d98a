"""Plans with a chain of follow-up versions, and a count of the meeting documents decoded."""

from __future__ import annotations

import copy
import datetime as dt

from sipdesk.model import planfile
from sipdesk.model.entities import Case
from sipdesk.model.enums import MeetingStatus
from sipdesk.model.store import lazy
from tests.conftest import DEMO


def chain(versions: int, plan: str = "1-josef.json") -> Case:
    """A demo case whose plan went through `versions` meetings (the last one being prepared)."""
    case = planfile.read(DEMO / plan)
    day = dt.date(2024, 1, 8)
    while len(case.meetings) < versions:
        meeting = case.current_meeting
        meeting.status = MeetingStatus.HELD
        meeting.date = meeting.date or day
        day = max(day, meeting.date) + dt.timedelta(days=60)
        case.start_follow_up(day)
        case.current_meeting.plan.own_view = f"Version {len(case.meetings)}"
    return copy.deepcopy(case)


def count_decodes(monkeypatch) -> list[str]:
    """Every meeting document decoded from here on (one entry each)."""
    seen: list[str] = []
    real = lazy.decode_meeting

    def counting(document: str, path: str):
        seen.append(path)
        return real(document, path)

    monkeypatch.setattr(lazy, "decode_meeting", counting)
    return seen
