"""The follow-up's calendar entry as last sent out (.ics): kept on the meeting, so that a moved
follow-up updates the entry calendars already hold instead of being ignored or doubled.

RFC 5546: an update carries the same UID and a higher SEQUENCE. `sequence` is the SEQUENCE of
the last file written; `booking` a digest of what it said (date, time, length, place, the
chosen details), or "cancelled" after a METHOD:CANCEL.
"""

from __future__ import annotations

from dataclasses import dataclass

CANCELLED = "cancelled"


@dataclass
class CalendarEntry:
    """The follow-up's calendar file as last written: its SEQUENCE and a digest of what it said."""

    sequence: int = 0
    booking: str = ""  # "" until the first file; CANCELLED after a cancellation
