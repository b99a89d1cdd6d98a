"""The preparation's parts for the SIP variants: who asked for the SIP and when, the discharge
details with the three-day countdown, a care decision (LVU) kept apart from consents, and the
state agencies the social welfare board asked to take part."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel

from sipdesk.i18n import _, ngettext
from sipdesk.model import variant_editing as ved
from sipdesk.model import variants
from sipdesk.model.enums import AGENCIES, AgencyAnswer, DecisionKind, InitiatedBy, MeetingKind
from sipdesk.ui.chair.sections import RowSection
from sipdesk.ui.controller import Controller
from sipdesk.ui.widgets.fields import Binder, DateEdit, TimeEdit, combo, line


def _value(member):
    return member.value if member is not None else None


class InitiativeBox(QGroupBox):
    """Requested or initiated by whom and when; the days from there to the first meeting."""

    def __init__(self, controller: Controller, b: Binder) -> None:
        super().__init__(_("Request for the SIP"))
        c = self.controller = controller
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)

        def get(attr):
            return lambda: getattr(c.case.initiative, attr) if c.case.initiative else (
                None if attr == "on" else ""
            )

        def put(attr):
            return lambda case, m, v: ved.set_initiative_value(case, attr, v)

        self.by = b.bind(line(_("Requested or initiated by"), _("e.g. the preschool, the mother")),
                         get("by"), put("by"), "initiative.by", _("Requested by"),
                         ("person", "initiative"))
        form.addRow(_("Requested by"), self.by)
        self.organisation = b.bind(line(_("Organisation of whoever asked")), get("organisation"),
                                   put("organisation"), "initiative.org", _("Organisation"),
                                   ("person", "initiative"))
        form.addRow(_("Organisation"), self.organisation)
        self.kind = b.bind(
            combo([(None, _("(not said)"))] + [(k.value, k.label) for k in InitiatedBy],
                  _("Kind of initiator")),
            lambda: _value(c.case.initiative.kind) if c.case.initiative else None, put("kind"),
            "initiative.kind", _("Kind of initiator"), ("person", "initiative"))
        self.kind.setToolTip(_("Counted in the figures (no name): who asks for SIPs"))
        # the longest kind must not widen the page at 150 %: the box shows what fits, the list all
        self.kind.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(12)
        form.addRow(_("Kind of initiator"), self.kind)
        self.on = b.bind(DateEdit(), get("on"), put("on"), "initiative.on", _("Requested on"),
                         ("person", "initiative"))
        form.addRow(_("Requested on"), self.on)
        self.days = QLabel()
        form.addRow("", self.days)
        controller.changed.connect(self.refresh)
        self.refresh()

    def refresh(self, _change=None) -> None:
        if self.controller.case is None:
            return
        days = self.controller.case.days_to_first_meeting()
        self.days.setText(
            "" if days is None
            else ngettext("{n} day from the request to the first meeting",
                          "{n} days from the request to the first meeting", days).format(n=days)
        )


class DischargeBox(QGroupBox):
    """SIP vid utskrivning: ready for discharge (date, time, unit), the day the meeting was
    called, and the countdown to the three-day limit. Shown for a discharge meeting only."""

    def __init__(self, controller: Controller, b: Binder) -> None:
        super().__init__(_("SIP at discharge"))
        c = self.controller = controller
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)

        def get(attr):
            return lambda: getattr(c.meeting.discharge, attr) if c.meeting.discharge else (
                "" if attr == "reported_by" else None
            )

        def put(attr):
            return lambda case, m, v: ved.set_discharge_value(m, attr, v)

        self.ready_date = b.bind(DateEdit(), get("ready_date"), put("ready_date"),
                                 "discharge.ready_date", _("Ready for discharge"),
                                 ("meeting", "discharge"))
        self.ready_time = b.bind(TimeEdit(), get("ready_time"), put("ready_time"),
                                 "discharge.ready_time", _("Ready for discharge at"),
                                 ("meeting", "discharge"))
        when = QHBoxLayout()
        when.addWidget(self.ready_date)
        when.addWidget(QLabel(_("at")))
        when.addWidget(self.ready_time)
        when.addStretch(1)
        form.addRow(_("Ready for discharge"), when)
        self.reported_by = b.bind(line(_("Unit that reported it"), _("e.g. Avdelning 95")),
                                  get("reported_by"), put("reported_by"),
                                  "discharge.reported_by", _("Reported by (unit)"),
                                  ("meeting", "discharge"))
        form.addRow(_("Reported by (unit)"), self.reported_by)
        self.called_on = b.bind(DateEdit(), get("called_on"), put("called_on"),
                                "discharge.called_on", _("Meeting called on"),
                                ("meeting", "discharge"))
        form.addRow(_("Meeting called on"), self.called_on)
        self.countdown = QLabel()
        self.countdown.setWordWrap(True)
        self.countdown.setAccessibleName(_("Three-day limit"))
        form.addRow(_("Three-day limit"), self.countdown)
        hint = QLabel(_("The fast vårdkontakt calls the meeting within three days. Fill in the "
                        "fast vårdkontakt and the kontaktplats in the plan, and book the "
                        "follow-up SIP at home."))
        hint.setWordWrap(True)
        form.addRow("", hint)
        controller.changed.connect(self.refresh)
        self.refresh()

    def refresh(self, _change=None, today: dt.date | None = None) -> None:
        c = self.controller
        if c.case is None or c.meeting is None:
            return
        self.setVisible(c.meeting.kind is MeetingKind.DISCHARGE)
        self.countdown.setText(countdown_text(c.meeting, today or dt.date.today()))


def countdown_text(meeting, today: dt.date) -> str:
    """The three-day limit in words: days left, passed, or met."""
    deadline = variants.call_deadline(meeting)
    if deadline is None:
        return _("Enter when the patient was ready for discharge.")
    called = meeting.discharge.called_on
    if called is not None:
        if called <= deadline:
            return _("Called on {date} – within three days.").format(date=called.isoformat())
        return _("Called on {date} – after the limit {limit}.").format(
            date=called.isoformat(), limit=deadline.isoformat()
        )
    left = (deadline - today).days
    if left < 0:
        return _("The limit passed on {limit}. Call the meeting now.").format(
            limit=deadline.isoformat()
        )
    return ngettext("{n} day left to call the meeting (by {limit}).",
                    "{n} days left to call the meeting (by {limit}).", left).format(
        n=left, limit=deadline.isoformat()
    )


class DecisionsSection(RowSection):
    """A care decision (LVU) that is the plan's basis: recorded as a decision, not a consent."""

    AREA = "consent"

    def __init__(self, controller: Controller, binder: Binder) -> None:
        super().__init__(controller, binder, _("Decision instead of consent (LVU)"),
                         _("New decision"))
        c = controller

        def find(did):
            return next((x for x in c.case.decisions if x.id == did), None)

        def get(attr):
            return lambda did: getattr(find(did), attr) if find(did) else None

        def put(attr):
            return lambda case, m, did, v: ved.set_decision_value(case, did, attr, v)

        self.field(_("Decision"), combo([(k.value, k.label) for k in DecisionKind], _("Decision")),
                   lambda did: find(did).kind.value if find(did) else None, put("kind"), "kind")
        self.field(_("Decided by"), line(_("Decided by"), _("e.g. Socialnämnden")),
                   get("decided_by"), put("decided_by"), "by")
        self.field(_("Decided on"), DateEdit(), get("decided_on"), put("decided_on"), "on")
        self.field(_("Ended on"), DateEdit(), get("ended_on"), put("ended_on"), "ended")
        self.field(_("Note"), line(_("Note on the decision")), get("note"), put("note"), "note")

    def rows(self):
        return [
            (d.id, ", ".join(x for x in (d.kind.label, d.decided_by) if x))
            for d in self.controller.case.decisions
        ]

    def add_op(self):
        return lambda case, m: ved.add_decision(case, _("Socialnämnden"))

    def delete_op(self, item_id):
        return lambda case, m: ved.delete_decision(case, item_id)


class AgenciesSection(RowSection):
    """State agencies the social welfare board asked to take part: the request, the answer,
    and who came for them (Försäkringskassan, Arbetsförmedlingen; SiS, Kriminalvården)."""

    AREA = "agency"

    def __init__(self, controller: Controller, binder: Binder) -> None:
        super().__init__(controller, binder, _("State agencies asked to take part"),
                         _("New request"))
        c = controller

        def find(rid):
            return next((x for x in c.meeting.agencies if x.id == rid), None)

        def get(attr):
            return lambda rid: getattr(find(rid), attr) if find(rid) else None

        def put(attr):
            return lambda case, m, rid, v: ved.set_agency_value(m, rid, attr, v)

        self.field(_("Agency"), combo([(a.value, a.label) for a in AGENCIES], _("Agency")),
                   lambda rid: find(rid).agency.value if find(rid) else None, put("agency"),
                   "agency")
        self.field(_("Requested on"), DateEdit(), get("requested_on"), put("requested_on"), "on")
        self.field(_("Requested by"), line(_("Requested by"), _("e.g. Socialnämnden")),
                   get("requested_by"), put("requested_by"), "by")
        self.field(_("Answer"),
                   combo([(None, _("(no answer yet)"))] + [(a.value, a.label) for a in AgencyAnswer],
                         _("The agency's answer")),
                   lambda rid: _value(find(rid).answer) if find(rid) else None, put("answer"),
                   "answer")
        self.field(_("Answered on"), DateEdit(), get("answered_on"), put("answered_on"), "ans_on")
        self.who = combo([], _("Who takes part for the agency"))
        self.field(_("Takes part"), self.who,
                   lambda rid: find(rid).participant_id if find(rid) else None,
                   put("participant_id"), "who")

    def refresh(self, change=None):
        c = self.controller
        if c.case is not None and c.meeting is not None:
            items = [(None, _("(nobody yet)"))] + [(p.id, p.name) for p in c.meeting.participants]
            current = [(self.who.itemData(i), self.who.itemText(i)) for i in range(self.who.count())]
            if current != items:
                self.who.blockSignals(True)
                self.who.clear()
                for value, label in items:
                    self.who.addItem(label, value)
                self.who.blockSignals(False)
                self.binder.refresh()
        super().refresh(change)

    def rows(self):
        out = []
        for r in self.controller.meeting.agencies:
            answer = r.answer.label if r.answer else _("no answer yet")
            out.append((r.id, f"{r.agency.label} · {answer}"))
        return out

    def add_op(self):
        return lambda case, m: ved.add_agency_request(m, AGENCIES[0].value, None,
                                                      _("Socialnämnden"))

    def delete_op(self, item_id):
        return lambda case, m: ved.delete_agency_request(m, item_id)
