"""The deviation note (*avvikelse*): invited parties of the principals who did not answer, did
not come or left early – for the organisation's own deviation routine (the Uppsala guideline
calls an invited party's absence a deviation; SIP.md §7: invitees not coming is a central
problem). Lists staff only: relatives and the person are never a deviation, so no private
person's name is on it.
"""

from __future__ import annotations

from sipdesk import i18n
from sipdesk.export.document import (
    Document,
    Fields,
    Paragraph,
    Section,
    Table,
    document_id,
)
from sipdesk.i18n import _
from sipdesk.model import participation as part
from sipdesk.model.entities import Case, Meeting
from sipdesk.model.enums import Attendance, MeetingStatus


def deviations(case: Case, meeting: Meeting) -> list[tuple[str, str, str, str]]:
    """(name, organisation, what happened, reason) for each staff invitee who did not answer,
    did not come or left early."""
    replies = {pa.participant_id: pa for pa in meeting.preparation.planned_attendance}
    planned = meeting.status is MeetingStatus.PLANNED  # before the meeting, replies are all we know
    out = []
    for p in meeting.participants:
        if part.role_of(p) is not part.ParticipantRole.PROFESSIONAL:
            continue
        reply = replies.get(p.id)
        answer = reply.reply if reply is not None else part.Reply.NO_ANSWER
        what = ""
        if reply is not None and reply.left_early_at is not None:
            what = _("Left early, at {time}").format(time=i18n.format_time(reply.left_early_at))
        elif p.attendance is Attendance.ABSENT:
            what = {
                part.Reply.COMING: _("Did not attend although they said they would"),
                part.Reply.NOT_COMING: _("Said no to the invitation and did not attend"),
            }.get(answer, _("Did not answer the invitation and did not attend"))
        elif planned and answer is part.Reply.NOT_COMING:
            what = _("Said no to the invitation")
        elif planned and answer is part.Reply.NO_ANSWER:
            what = _("Has not answered the invitation")
        if what:
            reason = reply.reason if reply is not None else ""
            org = ", ".join(x for x in (p.organisation, p.principal.label if p.principal else "")
                            if x)  # fmt: skip
            out.append((p.name, org, what, reason))
    return out


def deviation_document(case: Case, meeting: Meeting | None = None) -> Document:
    """The note for the meeting; raises ValueError when there is nothing to report."""
    meeting = meeting or case.current_meeting
    if meeting is None:
        raise ValueError(_("The case has no meeting."))
    rows = deviations(case, meeting)
    if not rows:
        raise ValueError(_("Every invited party answered and took part: no deviation to report."))
    doc_id = document_id(case, meeting)
    sections = (
        Section(_("The meeting"), (Fields((
            (_("Document"), doc_id),
            (_("Date"), i18n.format_date(meeting.date) or _("not set yet")),
            (_("Kind of meeting"), meeting.kind.label),
        )),), "meeting"),  # fmt: skip
        Section(_("Invited parties who did not take part as planned"), (
            Table((_("Name"), _("Organisation"), _("What happened"), _("Reason given")),
                  tuple(rows), (0.22, 0.26, 0.26, 0.26)),
            Paragraph(_("Report this by your organisation's routine for deviations. The person "
                        "the plan is about is named only by the document's id."), "small"),
        ), "deviations"),  # fmt: skip
    )
    return Document(
        kind="deviation",
        title=_("Deviation: invited party did not take part in a SIP meeting"),
        subtitle_lines=(),
        sections=sections,
        doc_id=doc_id,
        version=meeting.plan.version,
        language=i18n.language(),
        metadata_title=_("Deviation note"),
        # named by the document id only, like its text: it goes to the deviation routine
        file_stem="-".join(x for x in (_("deviation"), doc_id.lower(),
                                       meeting.date.isoformat() if meeting.date else "") if x),
    )
