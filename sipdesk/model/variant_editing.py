"""Edits for the SIP variants and the initiative: discharge details, state-agency requests, care
decisions (LVU) and who asked for the SIP. Each returns the `Change`, like `editing.py`, so the
chair's window runs it as one undo step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sipdesk.i18n import _
from sipdesk.model.changes import Change
from sipdesk.model.editing import EditError, _check_text, _find
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
    if name == "reported_by":
        info.reported_by = _check_text(value)
    elif name in ("ready_date", "ready_time", "called_on"):
        if name == "called_on" and value and info.ready_date and value < info.ready_date:
            raise EditError(_("The meeting cannot be called before the patient was ready."))
        setattr(info, name, value)
    else:
        raise KeyError(name)
    meeting.discharge = info
    return Change("meeting", "discharge")


def set_initiative_value(case: Case, name: str, value: Any) -> Change:
    """Who asked for or initiated the SIP (by, organisation), when (on) and as which kind
    (`kind`: an InitiatedBy, its value, or None). Raises KeyError for another name, ValueError
    for a kind outside the list."""
    item = case.initiative or Initiative()
    if name in ("by", "organisation"):
        setattr(item, name, _check_text(value))
    elif name == "on":
        setattr(item, name, value)
    elif name == "kind":
        item.kind = InitiatedBy(value) if value else None
    else:
        raise KeyError(name)
    keep = item.by or item.organisation or item.on or item.kind
    case.initiative = item if keep else None
    return Change("person", "initiative")


def add_decision(case: Case, decided_by: str = "", **values: Any) -> Change:
    decision = LegalDecision(decided_by=_check_text(decided_by))
    case.decisions.append(decision)
    for key, value in values.items():
        set_decision_value(case, decision.id, key, value)
    return Change("consent", decision.id)


def set_decision_value(case: Case, decision_id: str, name: str, value: Any) -> Change:
    decision = _find(case.decisions, decision_id, _("decision"))
    if name in ("decided_by", "note"):
        setattr(decision, name, _check_text(value))
    elif name == "kind":
        decision.kind = DecisionKind(value)
    elif name in ("decided_on", "ended_on"):
        setattr(decision, name, value)
    else:
        raise KeyError(name)
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
    if name in ("requested_by", "note"):
        setattr(request, name, _check_text(value))
    elif name == "agency":
        request.agency = Actor(value)
    elif name == "answer":
        request.answer = AgencyAnswer(value) if value else None
    elif name in ("requested_on", "answered_on"):
        setattr(request, name, value)
    elif name == "participant_id":
        if value is not None:
            _find(meeting.participants, value, _("participant"))
        request.participant_id = value
    else:
        raise KeyError(name)
    return Change("meeting", request_id)


def delete_agency_request(meeting: Meeting, request_id: str) -> Change:
    meeting.agencies.remove(_find(meeting.agencies, request_id, _("request")))
    return Change("meeting", request_id)
