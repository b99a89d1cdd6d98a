"""Preparation, before the meeting: the meeting's facts, the person, the questions in their own
words, adaptations, invitees with their planned attendance, and consent checked for the day."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _
from sipdesk.model import editing as ed
from sipdesk.model import meeting as circle
from sipdesk.model.enums import Actor, Attendance, ConsentForm, ConsentRole, MeetingKind, Principal
from sipdesk.ui.chair import unit_words
from sipdesk.ui.chair.sections import RowSection
from sipdesk.ui.chair.with_person import WithPersonBox, add_reply_fields
from sipdesk.ui.controller import Controller
from sipdesk.ui.widgets.fields import Binder, DateEdit, TimeEdit, area, combo, line


def _value(member):
    return member.value if member is not None else None


def principal_items() -> list[tuple[str | None, str]]:
    """Huvudman: only the municipality or the region (or none)."""
    return [(None, _("(none – not the municipality or the region)"))] + [
        (p.value, p.label) for p in Principal
    ]


def actor_items() -> list[tuple[str | None, str]]:
    """Who else: the person, a relative, school, a state agency, a private provider …"""
    return [(None, _("(the principal itself)"))] + [(a.value, a.label) for a in Actor]


class ParticipantsSection(RowSection):
    """The invitees (medverkande): role, organisation, principal, contact, planned attendance."""

    AREA = "participant"

    def __init__(self, controller: Controller, binder: Binder) -> None:
        super().__init__(controller, binder, _("Invitees"), _("New invitee (Ctrl+Shift+P)"))
        c = controller

        def get(attr):
            return lambda pid: getattr(c.meeting.participant(pid), attr) if c.meeting.participant(pid) else None

        def put(attr):
            return lambda case, m, pid, v: ed.set_participant_value(m, pid, attr, v)

        self.field(_("Name"), line(_("Invitee's name")), get("name"), put("name"), "name")
        self.field(_("Title"), line(_("Title"), _("e.g. Kurator")), get("title"), put("title"), "title")
        self.field(_("Organisation"), line(_("Organisation")), get("organisation"), put("organisation"), "org")
        principal = self.field(
            _("Principal"),
            combo(principal_items(), _("Principal")),
            lambda pid: _value(c.meeting.participant(pid).principal)
            if c.meeting.participant(pid)
            else None,
            put("principal"),
            "principal",
        )
        unit_words.follow_meeting(c, self.form, principal)
        self.field(
            _("Comes as"),
            combo(actor_items(), _("Comes as, when not for the municipality or the region")),
            lambda pid: _value(c.meeting.participant(pid).actor)
            if c.meeting.participant(pid)
            else None,
            put("actor"),
            "actor",
        )
        self.field(_("Phone"), line(_("Phone")), get("phone"), put("phone"), "phone")
        self.field(_("E-mail"), line(_("E-mail")), get("email"), put("email"), "email")
        self.field(
            _("Contact withheld from"),
            line(
                _("Copies that must not show this participant's phone and e-mail"),
                _("parties on the copy list, separated by ;"),
            ),
            lambda pid: "; ".join(c.meeting.participant(pid).contact_withheld_from)
            if c.meeting.participant(pid)
            else None,
            lambda case, m, pid, v: ed.set_participant_value(
                m, pid, "contact_withheld_from", [x.strip() for x in v.split(";")]
            ),
            "withheld",
        )
        self.field(
            _("Planned attendance"),
            combo([(a.value, a.label) for a in Attendance], _("Planned attendance")),
            lambda pid: (
                ed.planned_or_none(c.meeting, pid) or c.meeting.participant(pid).attendance
            ).value
            if c.meeting.participant(pid)
            else None,
            put("planned_attendance"),
            "planned",
        )
        self.field(
            _("Took part"),
            combo([(a.value, a.label) for a in Attendance], _("Took part")),
            lambda pid: c.meeting.participant(pid).attendance.value
            if c.meeting.participant(pid)
            else None,
            put("attendance"),
            "attendance",
        )
        add_reply_fields(self, controller)  # role to the person, reply to the invitation

    def rows(self):
        out = []
        for p in self.controller.meeting.participants:
            role = ", ".join(x for x in (p.title, p.organisation) if x)
            planned = ed.planned_or_none(self.controller.meeting, p.id)
            how = planned.label if planned else p.attendance.label
            out.append((p.id, f"{p.name} – {role} · {how}" if role else f"{p.name} · {how}"))
        return out

    def add_op(self):
        return lambda case, m: ed.add_participant(m)

    def delete_op(self, item_id):
        return lambda case, m: ed.delete_participant(m, item_id)

    def move_op(self, item_id, delta):
        return lambda case, m: ed.move_participant(m, item_id, delta)


class ConsentsSection(RowSection):
    """Consent records (samtycke), each checked against the meeting date."""

    AREA = "consent"

    def __init__(self, controller: Controller, binder: Binder) -> None:
        super().__init__(controller, binder, _("Consent"), _("New consent (Ctrl+Shift+K)"))
        c = controller

        def find(cid):
            return next((x for x in c.case.consents if x.id == cid), None)

        def get(attr):
            return lambda cid: getattr(find(cid), attr) if find(cid) else None

        def put(attr):
            return lambda case, m, cid, v: ed.set_consent_value(case, cid, attr, v)

        self.field(_("Given by"), line(_("Consent given by")), get("given_by"), put("given_by"), "by")
        self.field(_("Relation"), line(_("Relation"), _("e.g. the person, guardian")), get("relation"), put("relation"), "rel")
        self.field(
            _("Given as"),
            combo([(None, _("(not stated)"))] + [(r.value, r.label) for r in ConsentRole],
                  _("In what capacity the consent was given")),
            lambda cid: _value(find(cid).role) if find(cid) else None,
            put("role"),
            "role",
        )
        self.field(
            _("Form"),
            combo([(f.value, f.label) for f in ConsentForm], _("Form of consent")),
            lambda cid: find(cid).form.value if find(cid) else None,
            put("form"),
            "form",
        )
        self.field(_("Given on"), DateEdit(), get("given_on"), put("given_on"), "given_on")
        self.field(_("Scope"), line(_("Scope"), _("what may be shared, with whom")), get("scope"), put("scope"), "scope")
        self.field(_("Excluded"), line(_("Excluded information")), get("excluded_info"), put("excluded_info"), "excl")
        self.field(_("Valid until"), DateEdit(), get("valid_until"), put("valid_until"), "until")
        self.field(_("Withdrawn on"), DateEdit(), get("withdrawn_on"), put("withdrawn_on"), "withdrawn")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.layout().insertWidget(1, self.status)

    def rows(self):
        day = self.controller.meeting.date
        out = []
        for x in self.controller.case.consents:
            valid = day is not None and x.valid_on(day)
            mark = "✓" if valid else "✗"
            out.append((x.id, f"{mark} {x.given_by} ({x.form.label})"))
        return out

    def refresh(self, change=None):
        super().refresh(change)
        if self.controller.case is None:
            return
        problem = ed.consent_problem(self.controller.case, self.controller.meeting.date)
        text = problem or _("Consent is valid on the meeting date.")
        style = "color: #8a1c1c; font-weight: bold;" if problem else "color: #1d5e2a;"
        if self.status.text() != text:
            self.status.setText(text)
        if self.status.styleSheet() != style:  # a style sheet set re-polishes: only on change
            self.status.setStyleSheet(style)

    def add_op(self):
        return lambda case, m: ed.add_consent(case)

    def delete_op(self, item_id):
        return lambda case, m: ed.delete_consent(case, item_id)


def _protected_values_rows(page, form: QFormLayout, b: Binder, c: Controller) -> None:
    """Address, phone, relatives and other protected words: masked wherever they are typed."""
    from sipdesk.model import relatives as rel

    page.address = b.bind(line(_("Address")), lambda: c.case.person.address,
                          lambda case, m, v: ed.set_person_text(case, "address", v),
                          "person.address", _("Address"), ("person", "address"))
    form.addRow(_("Address"), page.address)
    page.phone = b.bind(line(_("Phone")), lambda: c.case.person.phone,
                        lambda case, m, v: ed.set_person_text(case, "phone", v),
                        "person.phone", _("Phone"), ("person", "phone"))
    form.addRow(_("Phone"), page.phone)
    page.relatives = b.bind(
        area(_("Relatives"), 2, _("One a line: name; relation; town; phone or e-mail")),
        lambda: rel.as_text(c.case.person.relatives),
        lambda case, m, v: rel.set_relatives(case, v),
        "person.relatives", _("Relatives"), ("person", "relatives"))
    form.addRow(_("Relatives"), page.relatives)
    page.protected_words = b.bind(
        area(_("Other protected words"), 2, _("One a line: children's names, workplace…")),
        lambda: "\n".join(c.case.person.protected_words),
        lambda case, m, v: rel.set_protected_words(case, v),
        "person.protected_words", _("Other protected words"), ("person", "protected_words"))
    form.addRow(_("Other protected words"), page.protected_words)
    for box in (page.relatives, page.protected_words):
        box.setMaximumHeight(box.minimumHeight())
    hint = QLabel(_("Masked on the shared screen and on every printout, however they are typed."))
    hint.setWordWrap(True)
    form.addRow("", hint)


class PreparationPage(QScrollArea):
    """The preparation form in two columns that fit a 1366×768 screen."""

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self.binder = b = Binder(controller, self)
        c = controller
        self.setWidgetResizable(True)
        self.setAccessibleName(_("Preparation"))
        inner = QWidget()
        columns = QHBoxLayout(inner)

        # left: the meeting and the person --------------------------------------------------
        left = QVBoxLayout()
        box = QGroupBox(_("The meeting"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.kind = b.bind(
            combo([(k.value, k.label) for k in MeetingKind], _("Kind of meeting")),
            lambda: c.meeting.kind.value,
            lambda case, m, v: ed.set_meeting_value(m, "kind", v),
            "kind", _("Kind"), ("meeting", "kind"),
        )
        form.addRow(_("Kind"), self.kind)
        self.date = b.bind(DateEdit(), lambda: c.meeting.date,
                           lambda case, m, v: ed.set_meeting_value(m, "date", v),
                           "date", _("Date"), ("meeting", "date"))
        self.time = b.bind(TimeEdit(), lambda: c.meeting.start_time,
                           lambda case, m, v: ed.set_meeting_value(m, "start_time", v),
                           "time", _("Start time"), ("meeting", "start_time"))
        when = QHBoxLayout()
        when.addWidget(self.date)
        when.addWidget(QLabel(_("at")))
        when.addWidget(self.time)
        when.addStretch(1)
        form.addRow(_("Date"), when)
        self.place = b.bind(line(_("Place")), lambda: c.meeting.place,
                            lambda case, m, v: ed.set_meeting_text(m, "place", v),
                            "place", _("Place"), ("meeting", "place"))
        form.addRow(_("Place"), self.place)
        self.minutes = QSpinBox(minimum=5, maximum=600, singleStep=15, suffix=" min")
        b.bind(self.minutes, lambda: c.meeting.planned_minutes,
               lambda case, m, v: ed.set_meeting_value(m, "planned_minutes", v),
               "minutes", _("Planned length"), ("meeting", "planned_minutes"))
        form.addRow(_("Planned length"), self.minutes)
        self.shares = QLineEdit()
        self.shares.setAccessibleName(_("Shares of the time per part, percent"))
        self.shares.setToolTip(_("Five numbers adding up to 100, e.g. 10, 20, 45, 15, 10"))
        self.shares.editingFinished.connect(self._shares_edited)
        form.addRow(_("Shares of time (%)"), self.shares)
        self.chair = b.bind(line(_("Chair")), lambda: c.meeting.chair,
                            lambda case, m, v: ed.set_meeting_text(m, "chair", v),
                            "chair", _("Chair"), ("meeting", "chair"))
        form.addRow(_("Chair"), self.chair)
        self.note_taker = b.bind(line(_("Note-taker")), lambda: c.meeting.note_taker,
                                 lambda case, m, v: ed.set_meeting_text(m, "note_taker", v),
                                 "note_taker", _("Note-taker"), ("meeting", "note_taker"))
        form.addRow(_("Note-taker"), self.note_taker)
        left.addWidget(box)
        from sipdesk.ui.chair import variants_panel as vp

        self.discharge = vp.DischargeBox(controller, b)
        left.addWidget(self.discharge)
        self.initiative = vp.InitiativeBox(controller, b)
        left.addWidget(self.initiative)

        box = QGroupBox(_("The person"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.name = b.bind(line(_("Name")), lambda: c.case.person.name,
                           lambda case, m, v: ed.set_person_text(case, "name", v),
                           "person.name", _("Name"), ("person", "name"))
        form.addRow(_("Name"), self.name)
        self.pnr = QLineEdit()
        self.pnr.setAccessibleName(_("Personal identity number"))
        self.pnr.setPlaceholderText(_("YYYYMMDD-NNNN"))
        self.pnr.editingFinished.connect(self._pnr_edited)
        form.addRow(_("Personal identity number"), self.pnr)
        self.protected = b.bind(QCheckBox(_("Protected personal data")),
                                lambda: c.case.person.protected_identity,
                                lambda case, m, v: ed.set_person_value(case, "protected_identity", v),
                                "protected", _("Protected personal data"), ("person", "protected"))
        form.addRow("", self.protected)
        self.pseudonym = b.bind(line(_("Pseudonym")), lambda: c.case.person.pseudonym,
                                lambda case, m, v: ed.set_person_text(case, "pseudonym", v),
                                "pseudonym", _("Pseudonym"), ("person", "pseudonym"))
        form.addRow(_("Pseudonym"), self.pseudonym)
        self.school = b.bind(line(_("Preschool/school")), lambda: c.case.person.school,
                             lambda case, m, v: ed.set_person_text(case, "school", v),
                             "school", _("Preschool/school"), ("person", "school"))
        form.addRow(_("Preschool/school"), self.school)
        _protected_values_rows(self, form, b, c)
        left.addWidget(box)
        from sipdesk.ui.widgets.protected_reminder import ProtectedReminder

        self.reminder = ProtectedReminder(c)
        left.addWidget(self.reminder)

        box = QGroupBox(_("Questions the meeting must answer"))
        inner_layout = QVBoxLayout(box)
        hint = QLabel(_("One per line, in the person's or the family's own words."))
        hint.setWordWrap(True)
        inner_layout.addWidget(hint)
        self.questions = b.bind(area(_("Questions the meeting must answer"), 4),
                                lambda: "\n".join(c.meeting.questions),
                                lambda case, m, v: ed.set_questions(m, v),
                                "questions", _("Questions"), ("field", "questions"))
        inner_layout.addWidget(self.questions)
        left.addWidget(box)

        box = QGroupBox(_("Adaptations"))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)  # narrow at 150 %: fields under labels
        self.interpreter = b.bind(QCheckBox(_("Interpreter needed")),
                                  lambda: c.case.person.interpreter_needed,
                                  lambda case, m, v: ed.set_person_value(case, "interpreter_needed", v),
                                  "interp", _("Interpreter needed"), ("person", "interpreter"))
        self.language = b.bind(line(_("Interpreter language")),
                               lambda: c.case.person.interpreter_language,
                               lambda case, m, v: ed.set_person_text(case, "interpreter_language", v),
                               "lang", _("Language"), ("person", "interpreter_language"))
        interp = QHBoxLayout()
        interp.addWidget(self.interpreter)
        interp.addWidget(self.language, 1)
        form.addRow(_("Interpreter"), interp)
        self.adaptation_fields = {}
        for key, label in (
            ("support_person", _("Support person")),
            ("pauses", _("Pauses")),
            ("partial_attendance", _("Attends part of the meeting")),
            ("digital_participation", _("Digital participation")),
            ("other", _("Other adaptations")),
        ):
            w = b.bind(line(label), lambda k=key: getattr(c.meeting.preparation.adaptations, k),
                       lambda case, m, v, k=key: ed.set_adaptation(m, k, v),
                       f"adapt.{key}", label, ("preparation", key))
            self.adaptation_fields[key] = w
            form.addRow(label, w)
        self.prepared = b.bind(QCheckBox(_("The person took part in preparing the meeting")),
                               lambda: c.meeting.preparation.prepared_with_person,
                               lambda case, m, v: ed.set_prepared_with_person(m, v),
                               "prepared", _("Prepared with the person"), ("preparation", "prepared"))
        form.addRow("", self.prepared)
        left.addWidget(box)
        self.with_person = WithPersonBox(controller, b)
        left.addWidget(self.with_person)
        left.addStretch(1)

        # right: invitees and consent --------------------------------------------------------
        right = QVBoxLayout()
        self.participants = ParticipantsSection(controller, b)
        right.addWidget(self.participants)
        self.consents = ConsentsSection(controller, b)
        right.addWidget(self.consents)
        self.decisions = vp.DecisionsSection(controller, b)
        right.addWidget(self.decisions)
        self.agencies = vp.AgenciesSection(controller, b)
        right.addWidget(self.agencies)
        right.addStretch(1)

        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.setWidget(inner)
        controller.changed.connect(self.refresh)
        self.refresh()

    def sections(self) -> list[RowSection]:
        return [self.participants, self.consents, self.decisions, self.agencies]

    def refresh(self, _change=None) -> None:
        c = self.controller
        if c.case is None:
            return
        for w, text in (
            (self.shares, ", ".join(str(s) for s in c.meeting.circle.shares)),
            (self.pnr, c.case.person.personnummer or ""),
        ):
            if not w.hasFocus() and w.text() != text:
                w.setText(text)
            w.setReadOnly(not c.editable)

    def _shares_edited(self) -> None:
        if self.controller.meeting is None:
            return
        text = self.shares.text()
        if text.replace(" ", "") == ",".join(str(v) for v in self.controller.meeting.circle.shares):
            return
        self.controller.apply(
            _("Edit shares of time"),
            lambda case, m: circle.set_shares(m, circle.check_shares(text)),
        )

    def _pnr_edited(self) -> None:
        if self.controller.case is None:
            return
        text = self.pnr.text()
        if text.strip() == (self.controller.case.person.personnummer or ""):
            return
        self.controller.apply(
            _("Edit personal identity number"),
            lambda case, m: ed.set_person_value(case, "personnummer", text),
        )
