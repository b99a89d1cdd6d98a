"""Edits for the SIP variants and the initiative: discharge details, state-agency requests, care
decisions (LVU) and who asked for the SIP. Each returns the `Change`, like `editing.py`, so the
chair's window runs it as one undo step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sipdesk.i18n import _
from sipdesk.model.changes import Change
from sipdesk.model.editing import EditError, _add, _assign, _check_text, _find
from sipdesk.model.entities import (
    AgencyRequest,
    Case,
    Discharge,
    Initiative,
    LegalDecision,
    Meeting,
)
from sipdesk.model.enums import Actor, AgencyAnswer, DecisionKind, InitiatedBy


def set_discharge_value(meeting: Meeting, name: str, value: Any) -> Change:
    """ready_date, ready_time, called_on or reported_by of a discharge meeting."""
    info = meeting.discharge or Discharge()
    if name == "called_on" and value and info.ready_date and value < info.ready_date:
        raise EditError(_("The meeting cannot be called before the patient was ready."))
    _assign(info, name, value, ("reported_by",), plain=("ready_date", "ready_time", "called_on"))
    meeting.discharge = info
    return Change("meeting", "discharge")


def set_initiative_value(case: Case, name: str, value: Any) -> Change:
    """Who asked for or initiated the SIP (by, organisation), when (on) and as which kind
    (`kind`: an InitiatedBy, its value, or None). Raises KeyError for another name, ValueError
    for a kind outside the list."""
    item = case.initiative or Initiative()
    _assign(item, name, value, ("by", "organisation"), optional={"kind": InitiatedBy},
            plain=("on",))  # fmt: skip
    keep = item.by or item.organisation or item.on or item.kind
    case.initiative = item if keep else None
    return Change("person", "initiative")


def add_decision(case: Case, decided_by: str = "", **values: Any) -> Change:
    return _add(case.decisions, LegalDecision(decided_by=_check_text(decided_by)),
                lambda did, key, value: set_decision_value(case, did, key, value), values,
                "consent")  # fmt: skip


def set_decision_value(case: Case, decision_id: str, name: str, value: Any) -> Change:
    decision = _find(case.decisions, decision_id, _("decision"))
    _assign(decision, name, value, ("decided_by", "note"), {"kind": DecisionKind},
            plain=("decided_on", "ended_on"))  # fmt: skip
    return Change("consent", decision_id)


def delete_decision(case: Case, decision_id: str) -> Change:
    case.decisions.remove(_find(case.decisions, decision_id, _("decision")))
    return Change("consent", decision_id)


def add_agency_request(meeting: Meeting, agency: str, requested_on: dt.date | None = None,
                       requested_by: str = "") -> Change:
    request = AgencyRequest(Actor(agency), requested_on, _check_text(requested_by))
    meeting.agencies.append(request)
    return Change("meeting", request.id)


def set_agency_value(meeting: Meeting, request_id: str, name: str, value: Any) -> Change:
    request = _find(meeting.agencies, request_id, _("request"))
    if name == "participant_id" and value is not None:
        _find(meeting.participants, value, _("participant"))  # still there, or EditError
    _assign(request, name, value, ("requested_by", "note"), {"agency": Actor},
            {"answer": AgencyAnswer}, ("requested_on", "answered_on", "participant_id"))
    return Change("meeting", request_id)


def delete_agency_request(meeting: Meeting, request_id: str) -> Change:
    meeting.agencies.remove(_find(meeting.agencies, request_id, _("request")))
    return Change("meeting", request_id)
