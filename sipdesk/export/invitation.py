"""The invitation (*kallelse*) from the preparation data: purpose, questions, date, time, place,
invitees – so everyone can prepare. A protected identity's meeting place is withheld unless the
chair chooses to include it.
"""

from __future__ import annotations

import datetime as dt

from sipdesk import i18n
from sipdesk.export.document import (
    Block,
    Bullets,
    Document,
    Fields,
    Paragraph,
    Section,
    Table,
    chair_info,
    contact_hidden,
    document_id,
    file_stem,
    participant_role,
    protection_notice,
)
from sipdesk.i18n import _
from sipdesk.model.entities import Case, Meeting
from sipdesk.model.enums import MeetingKind
from sipdesk.model.protection import Redactor


def invitation_document(
    case: Case,
    meeting: Meeting | None = None,
    *,
    preferences: dict[str, str] | None = None,
    include_place: bool = False,
) -> Document:
    meeting = meeting or case.current_meeting
    if meeting is None:
        raise ValueError(_("The case has no meeting to invite to."))
    t = Redactor.for_case(case).text
    protected = case.person.protected_identity
    chair, chair_title, chair_org = chair_info(case, meeting, preferences)

    when: list[tuple[str, str]] = [(_("Date"), i18n.format_date(meeting.date) or _("not set yet"))]
    if meeting.start_time:
        end = (
            dt.datetime.combine(dt.date(2000, 1, 1), meeting.start_time)
            + dt.timedelta(minutes=meeting.planned_minutes)
        ).time()
        when.append((_("Time"), f"{i18n.format_time(meeting.start_time)}–{i18n.format_time(end)}"))
    if protected and not include_place:
        place = (
            _("Given to each invitee separately by {name}.").format(name=t(chair))
            if chair
            else _("Given to each invitee separately by the person who invites you.")
        )
    else:
        place = t(meeting.place) or _("not set yet")
    when.append((_("Place"), place))
    if case.person.interpreter_needed:  # the person's language, so everyone plans for it
        when.append((_("Interpreter"), case.person.interpreter_language.strip() or _("booked")))
    sections = [Section(_("Time and place"), (Fields(tuple(when)),), "when")]

    if meeting.kind is MeetingKind.FOLLOW_UP:
        purpose = _(
            "To follow up the plan point by point: has what we planned been done, has it helped, "
            "is something else needed, and is coordination still needed?"
        )
    else:
        purpose = _(
            "To make a coordinated individual plan (SIP) together with {name}: what is needed, "
            "who does what and when, and who keeps the plan together."
        ).format(name=case.person.display_name)
    purpose_blocks: list[Block] = [Paragraph(purpose)]
    if meeting.plan.reason:
        purpose_blocks.append(Paragraph(t(meeting.plan.reason)))
    sections.append(Section(_("Purpose of the meeting"), tuple(purpose_blocks), "purpose"))

    if meeting.questions:
        sections.append(
            Section(
                _("Questions the meeting is to answer"),
                (Bullets(tuple(t(q) for q in meeting.questions)),),
                "questions",
            )
        )

    rows = tuple(
        (t(p.name), participant_role(case, p, t).replace("\n", ", ")) for p in meeting.participants
    )
    if rows:
        sections.append(
            Section(
                _("Invited"),
                (Table((_("Name"), _("Title and organisation")), rows, (0.4, 0.6)),),
                "invited",
            )
        )

    think = _("Think about: What works well? What needs to change? What matters most to you?")
    if meeting.questions:
        think += " " + _("Bring what you know about the questions above.")
    sections.append(
        Section(
            _("Before the meeting"),
            (
                Paragraph(think),
                Paragraph(
                    _(
                        "Tell the person who invites you if you cannot come, or if you need an "
                        "interpreter or other support at the meeting."
                    )
                ),
            ),
            "before",
        )
    )
    prefs = preferences or {}
    inviter: list[tuple[str, str]] = []
    if chair:
        inviter.append((_("Name"), t(chair)))
    if chair_title or chair_org:
        inviter.append(
            (_("Title and organisation"), ", ".join(x for x in (chair_title, chair_org) if x))
        )
    # how to reach the convener: the chair's profile first, else the chair as a participant
    phone = prefs.get("chair.phone", "").strip()
    email = prefs.get("chair.email", "").strip()
    if not (phone or email):
        contact = next((p for p in meeting.participants if chair and p.name == chair), None)
        if contact and not contact_hidden(case, contact):
            phone, email = contact.phone, contact.email
    if phone:
        inviter.append((_("Phone"), phone))
    if email:
        inviter.append((_("E-mail"), email))
    if inviter:
        sections.append(Section(_("Invited by"), (Fields(tuple(inviter)),), "inviter"))

    return Document(
        kind="invitation",
        title=_("Invitation to a SIP meeting"),
        subtitle_lines=(
            _("Coordinated individual plan (SIP) for {name}").format(name=case.person.display_name),
            meeting.kind.label,
        ),
        sections=tuple(sections),
        doc_id=document_id(case, meeting),
        version=meeting.plan.version,
        language=i18n.language(),
        metadata_title=_("Invitation to a SIP meeting"),
        file_stem=file_stem(case, meeting, "invitation"),
        protected=protected,
        notice=protection_notice() if protected else "",
        extra={"running_head": _("Invitation to a SIP meeting")},
    )
