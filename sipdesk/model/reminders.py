"""Reminders for the case list: follow-ups due soon, follow-ups overdue, plans with errors.

Computed from the list's own columns (`CaseSummary`), so 10,000 cases need no document parsed.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sipdesk.i18n import _, ngettext
from sipdesk.model.enums import CaseStatus


class Reminder(StrEnum):
    OVERDUE = "overdue"
    DUE = "due"
    ERRORS = "errors"


def reminders(row, today: dt.date, due_days: int) -> list[Reminder]:
    """What the chair should be reminded of for one case-list row (a `CaseSummary`)."""
    if row.status is CaseStatus.CLOSED:
        return []
    out = []
    follow = row.next_follow_up
    if follow is not None and follow < today:
        out.append(Reminder.OVERDUE)
    elif follow is not None and (follow - today).days <= due_days:
        out.append(Reminder.DUE)
    if row.error_count:
        out.append(Reminder.ERRORS)
    return out


def reminder_text(row, today: dt.date, due_days: int) -> str:
    """The reminders of a row as short text for the list, e.g. "Follow-up in 3 days · 2 errors"."""
    parts = []
    for reminder in reminders(row, today, due_days):
        if reminder is Reminder.OVERDUE:
            days = (today - row.next_follow_up).days
            parts.append(
                ngettext("Follow-up {n} day overdue", "Follow-up {n} days overdue", days).format(
                    n=days
                )
            )
        elif reminder is Reminder.DUE:
            days = (row.next_follow_up - today).days
            parts.append(
                _("Follow-up today")
                if days == 0
                else ngettext("Follow-up in {n} day", "Follow-up in {n} days", days).format(n=days)
            )
        else:
            n = row.error_count
            parts.append(ngettext("{n} error in the plan", "{n} errors in the plan", n).format(n=n))
    return " · ".join(parts)
