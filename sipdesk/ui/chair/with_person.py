"""The person at the centre, in the chair's window: preparation with the person, the invitees'
replies and roles, and whose words the own view is (model: `sipdesk.model.participation`)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QVBoxLayout

from sipdesk.i18n import _
from sipdesk.model import participation as part
from sipdesk.ui.controller import Controller
from sipdesk.ui.widgets.fields import Binder, DateEdit, TimeEdit, combo, line


def _items(enum_cls, empty: str) -> list[tuple[str | None, str]]:
    return [(None, empty)] + [(m.value, m.label) for m in enum_cls]


class WithPersonBox(QGroupBox):
    """Who prepared the meeting with the person and how; whom not to invite; the person's
    voice if absent; how they will be told; and which invitees have not answered yet."""

    def __init__(self, controller: Controller, binder: Binder) -> None:
        super().__init__(_("With the person"))
        self.controller = c = controller
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        # a long label beside a long choice does not fit the column at 150 %: the field goes
        # under its label then, instead of the page scrolling sideways
        form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        layout.addLayout(form)
        self.fields = {}
        self._texts(form, binder, (
            ("prepared_by", _("Prepared with the person by"), _("Name and title")),
            ("prepared_how", _("How"), _("e.g. a home visit with pictures")),
            ("not_invited", _("Does not want invited"), _("In the person's words")),
        ))  # fmt: skip
        self.voice = binder.bind(
            combo(_items(part.Voice, _("(the person takes part)")), _("If the person is absent")),
            lambda: c.meeting.preparation.voice_if_absent.value
            if c.meeting.preparation.voice_if_absent else None,
            lambda case, m, v: part.set_voice(m, v),
            "with_person.voice", _("If the person is absent"), ("preparation", "voice_if_absent"),
        )
        form.addRow(_("If absent, the voice comes by"), self.voice)
        self._texts(form, binder, (
            ("voice_note", _("About the voice"), _("e.g. the letter is read aloud by the mother")),
            ("told_after", _("Told afterwards by"), _("Who tells the person, and how")),
        ))  # fmt: skip
        self.waiting = QLabel()
        self.waiting.setWordWrap(True)
        self.waiting.setAccessibleName(_("Invitees who have not answered"))
        layout.addWidget(self.waiting)
        controller.changed.connect(self.refresh)
        self.refresh()

    def _texts(self, form: QFormLayout, binder: Binder, rows) -> None:
        """One line field per (key, label, hint) of the preparation's texts."""
        c = self.controller
        for key, label, hint in rows:
            w = binder.bind(line(label, hint), lambda k=key: getattr(c.meeting.preparation, k),
                            lambda case, m, v, k=key: part.set_preparation_text(m, k, v),
                            f"with_person.{key}", label, ("preparation", key))  # fmt: skip
            self.fields[key] = w
            form.addRow(label, w)

    def refresh(self, _change=None) -> None:
        c = self.controller
        if c.case is None or c.meeting is None:
            self.waiting.clear()
            return
        ids = part.not_answered(c.meeting)
        names = [p.name or _("(no name)") for p in c.meeting.participants if p.id in ids]
        self.waiting.setText(
            _("Not answered yet: {names}").format(names=", ".join(names)) if names
            else _("Every invitee has answered.")
        )


def add_reply_fields(section, controller: Controller) -> None:
    """The invitee's role to the person and their reply to the invitation, on the invitee form."""
    c = controller

    def participant(pid):
        return c.meeting.participant(pid) if c.meeting is not None else None

    def entry(pid):
        return next((pa for pa in c.meeting.preparation.planned_attendance
                     if pa.participant_id == pid), None)  # fmt: skip

    section.field(
        _("Role"),
        combo(_items(part.ParticipantRole, _("(staff or not set)")), _("Role")),
        lambda pid: participant(pid).role.value if participant(pid) and participant(pid).role
        else None,
        lambda case, m, pid, v: part.set_role(m, pid, v),
        "role",
    )
    section.field(_("Invited on"), DateEdit(),
                  lambda pid: entry(pid).invited_on if entry(pid) else None,
                  lambda case, m, pid, v: part.set_reply(m, pid, "invited_on", v), "invited_on")
    reply: QComboBox = combo([(r.value, r.label) for r in part.Reply], _("Reply"))
    section.field(_("Reply"), reply,
                  lambda pid: entry(pid).reply.value if entry(pid) else part.Reply.NO_ANSWER.value,
                  lambda case, m, pid, v: part.set_reply(m, pid, "reply", v), "reply")
    section.field(_("Reason"), line(_("Reason"), _("Why not coming, in their words")),
                  lambda pid: entry(pid).reason if entry(pid) else "",
                  lambda case, m, pid, v: part.set_reply(m, pid, "reason", v), "reason")
    section.field(_("Left early at"), TimeEdit(),
                  lambda pid: entry(pid).left_early_at if entry(pid) else None,
                  lambda case, m, pid, v: part.set_reply(m, pid, "left_early_at", v), "left_early")


def own_view_source(controller: Controller, binder: Binder) -> QComboBox:
    """Whose words the own view is: the figures count only the person's own."""
    c = controller
    return binder.bind(
        combo(_items(part.OwnViewSource, _("(whose words? not said)")), _("Whose words")),
        lambda: c.meeting.plan.own_view_source.value if c.meeting.plan.own_view_source else None,
        lambda case, m, v: part.set_own_view_source(m.plan, v),
        "plan.own_view_source", _("Whose words"), ("field", "own_view"),
    )


def preparation_summary(meeting) -> str:
    """Rich text for part 1: what the preparation with the person gave (empty when nothing)."""
    from html import escape

    prep = meeting.preparation
    lines = []
    if prep.prepared_by or prep.prepared_how:
        who = ", ".join(x for x in (prep.prepared_by, prep.prepared_how) if x)
        lines.append(_("Prepared with the person: {who}").format(who=escape(who)))
    elif prep.prepared_with_person is not True:
        lines.append("<i>" + _("Nothing says the meeting was prepared with the person.") + "</i>")
    if prep.not_invited:
        lines.append(_("Does not want invited: {who}").format(who=escape(prep.not_invited)))
    if prep.voice_if_absent is not None:
        voice = prep.voice_if_absent.label + (f" – {escape(prep.voice_note)}" if prep.voice_note else "")
        lines.append(_("If absent, the voice comes by: {how}").format(how=voice))
    if prep.told_after:
        lines.append(_("Told afterwards by: {how}").format(how=escape(prep.told_after)))
    if not lines:
        return ""
    return "<b>" + _("With the person") + "</b><ul>" + "".join(f"<li>{x}</li>" for x in lines) + "</ul>"
