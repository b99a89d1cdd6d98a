"""Closing a plan and withdrawing consent (SIP.md §2 step 8, §6), shared by the CLI and the GUI.

A closed case is read-only: the store refuses any change to it (see `Store.save_case`), but it
stays readable and printable.
"""

from __future__ import annotations

import datetime as dt
import logging

from sipdesk.i18n import _
from sipdesk.model.entities import Case, Closing
from sipdesk.model.enums import ClosingReason

log = logging.getLogger(__name__)


class ClosingRefused(ValueError):
    """A closing that cannot be recorded as given; the message says what to change."""


def validate_closing(case: Case, closing: Closing, today: dt.date | None = None) -> None:
    """Raise ClosingRefused with a message that says what to fix; nothing is changed."""
    today = today or dt.date.today()
    if case.closing is not None:
        raise ClosingRefused(_("The plan is already closed."))
    if closing.date > today:
        raise ClosingRefused(_("The closing date cannot be in the future."))
    held = [m.date for m in case.meetings if m.date is not None and m.date <= today]
    if held and closing.date < max(held):
        raise ClosingRefused(
            _("The closing date cannot be before the last meeting ({date}).").format(
                date=max(held).isoformat()
            )
        )
    if closing.reason is ClosingReason.OTHER and not closing.note.strip():
        raise ClosingRefused(_("Write the reason for closing when it is 'Other reason'."))
    if not any(name.strip() for name in closing.told):
        raise ClosingRefused(
            _(
                "Write who was told that the plan no longer applies: the person, guardians and "
                "each organisation involved."
            )
        )


def close(case: Case, closing: Closing, today: dt.date | None = None) -> None:
    """Close the case's plan after checking the closing (raises ClosingRefused)."""
    closing.told = [name.strip() for name in closing.told if name.strip()]
    validate_closing(case, closing, today)
    case.closing = closing


def withdraw_consent(case: Case, consent_id: str, day: dt.date) -> bool:
    """Record that a consent was withdrawn on `day`.

    Returns True when no consent is valid any more from that day – the plan then ends and the
    chair should be offered to close it (SIP.md §6).
    """
    consent = next((c for c in case.consents if c.id == consent_id), None)
    if consent is None:
        raise ClosingRefused(_("That consent is not in this case."))
    if consent.withdrawn_on is not None:
        raise ClosingRefused(_("That consent is already withdrawn."))
    if consent.given_on is not None and day < consent.given_on:
        raise ClosingRefused(_("A consent cannot be withdrawn before it was given."))
    consent.withdrawn_on = day
    # a care decision (LVU) still carries the plan when the last consent goes
    return not case.valid_consents(day) and not case.valid_decisions(day)


def close_in_store(store, case_id: int, closing: Closing, today: dt.date | None = None) -> Case:
    """Load, close and save a case in the store (which audits it with the reason code only)."""
    case = store.load_case(case_id)
    close(case, closing, today)
    store.save_case(case_id, case)
    log.info("case %s closed (%s)", case_id, closing.reason.value)
    return case


def withdraw_in_store(store, case_id: int, consent_id: str, day: dt.date) -> bool:
    """Record a withdrawal in the store; True when the plan should now be closed."""
    case = store.load_case(case_id)
    if case.closing is not None:
        raise ClosingRefused(_("The plan is closed and can no longer be changed."))
    ends = withdraw_consent(case, consent_id, day)
    store.save_case(case_id, case)
    store.audit(case_id, "consent_withdrawn")
    return ends
