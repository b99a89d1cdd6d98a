"""The person's own copy (*Min plan*): what we agreed, who does what and when, whom to call and
when we meet next – short sentences in large type, no jargon, and protection respected.
"""

from __future__ import annotations

from sipdesk import i18n
from sipdesk.export.document import (
    Block,
    Bullets,
    Document,
    Fields,
    Paragraph,
    Section,
    closed_section,
    contact_hidden,
    document_id,
    file_stem,
    protection_notice,
    reached_mark,
)
from sipdesk.i18n import _
from sipdesk.model.entities import Case, Meeting
from sipdesk.model.protection import Redactor


def _sentence(text: str) -> str:
    """One full stop at the end, never two ("insulin.. När:")."""
    text = text.strip()
    if not text:
        return text
    return text if text[-1] in ".!?…" else text + "."


def _intro(meeting: Meeting, case: Case | None = None, t=lambda text: text) -> str:
    """True to the meeting: "together" only when the person took part; "someone spoke for you"
    when only a representative did; otherwise made without you, and how you are told."""
    from sipdesk.export.document import takes_part
    from sipdesk.model import participation

    person = [
        p
        for p in meeting.participants
        if participation.role_of(p) is participation.ParticipantRole.PERSON
    ]
    present = any(takes_part(p) for p in person)
    date = i18n.format_date(meeting.date)
    if present:
        if date:
            return _("This is your plan. We made it together at the meeting on {date}.").format(
                date=date
            )
        return _("This is your plan. We made it together at the meeting.")
    on = _(" on {date}").format(date=date) if date else ""
    if case is not None:
        _took, represented = participation.took_part(meeting.participants, case.person, meeting.date)
        if represented:
            return _("This is your plan. It was made at the meeting{on}, where someone who "
                     "speaks for you took part.").format(on=on)  # fmt: skip
        told = t(meeting.preparation.told_after.strip())
        if told:
            return _("This is your plan. It was made at the meeting{on} without you; {who} tells "
                     "you what was decided.").format(on=on, who=told)  # fmt: skip
    if date:
        return _("This is your plan. It was made at the meeting on {date}.").format(date=date)
    return _("This is your plan. It was made at the meeting.")


def easy_read_document(case: Case, meeting: Meeting | None = None) -> Document:
    meeting = meeting or case.current_meeting
    if meeting is None:
        raise ValueError(_("The case has no meeting, so there is no plan to print."))
    plan = meeting.plan
    t = Redactor.for_case(case).text
    protected = case.person.protected_identity
    sections: list[Section] = []

    closed = closed_section(case, t)
    if closed is not None:
        sections.append(closed)
    intro = _intro(meeting, case, t)
    intro_blocks: list[Block] = [Paragraph(intro, "lead")]
    if case.person.interpreter_needed and case.person.interpreter_language.strip():
        intro_blocks.append(Paragraph(_("Interpreter: {language}. Ask for an interpreter when you "
                                        "call about the plan.").format(
            language=case.person.interpreter_language.strip())))  # fmt: skip
    if plan.reason:
        intro_blocks.append(Paragraph(t(plan.reason)))
    sections.append(Section(_("Why we met"), tuple(intro_blocks), "why"))

    aims = [t(g.text) for g in plan.long_term_goals] + [
        "\n".join(x for x in (t(g.text), reached_mark(g, plain=True)) if x) for g in plan.goals
    ]
    if aims:
        sections.append(Section(_("What we want to achieve"), (Bullets(tuple(aims)),), "aims"))

    who_does: list[str] = []
    for goal in plan.goals:
        for item in goal.interventions:
            who = ", ".join(t(r.name) for r in item.responsible) or _("Someone not yet named")
            line = f"{who}: {_sentence(t(item.what))}"
            if item.time_plan:
                line += " " + _("When: {when}").format(when=_sentence(t(item.time_plan)))
            who_does.append(line)
    if who_does:
        sections.append(Section(_("Who does what"), (Bullets(tuple(who_does)),), "who"))

    if plan.person_does_self:
        # the person's own words, in the first person: the heading speaks with their voice
        sections.append(
            Section(_("What I do myself"), (Paragraph(t(plan.person_does_self)),), "self")
        )
    # a discharge plan: the named care contact and where to turn (lag 2017:612)
    if plan.care_contact:
        sections.append(
            Section(
                _("Your named care contact"), (Paragraph(t(plan.care_contact)),), "care_contact"
            )
        )
    if plan.contact_place:
        place = (
            _("You will be told where by the person who calls you.")
            if protected
            else t(plan.contact_place)
        )
        sections.append(Section(_("Where you can turn"), (Paragraph(place),), "contact_place"))

    main = meeting.main_responsible
    if main is not None:
        items = [(_("Name"), t(main.name))]
        if main.title or main.organisation:
            items.append(
                (_("Works as"), t(", ".join(x for x in (main.title, main.organisation) if x)))
            )
        contact = main
        if contact and contact.phone and not contact_hidden(case, contact):
            items.append((_("Phone"), contact.phone))
        sections.append(
            Section(
                _("If you have questions, call"),
                (
                    Paragraph(_("This person keeps the plan together and calls the next meeting.")),
                    Fields(tuple(items)),
                ),
                "call",
            )
        )

    follow = plan.follow_up
    if follow is not None and follow.date is not None:
        when = i18n.format_date(follow.date)
        if follow.time:
            when += " " + _("at {time}").format(time=i18n.format_time(follow.time))
        items = [(_("When"), when)]
        if follow.place:
            if protected:
                items.append((_("Where"), _("You will be told where by the person who calls you.")))
            else:
                items.append((_("Where"), t(follow.place)))
        blocks: list[Block] = [
            Fields(tuple(items)),
            Paragraph(_("We can meet earlier if something changes.")),
        ]
    else:
        blocks = [Paragraph(_("The next meeting is not booked yet. You will be told when it is."))]
    sections.append(Section(_("When we meet next"), tuple(blocks), "next"))

    sections.append(
        Section(
            _("Good to know"),
            (
                Bullets(
                    (
                        _("You can always ask for something in the plan to be changed."),
                        _("You can take back your consent at any time. Then the plan ends."),
                        _(
                            "The full plan, with everyone's signatures, is kept by the person named above."
                        ),
                    )
                ),
            ),
            "know",
        )
    )
    return Document(
        kind="easy_read",
        title=_("My plan"),
        subtitle_lines=(_("Coordinated individual plan (SIP), in brief"),),
        sections=tuple(sections),
        doc_id=document_id(case, meeting),
        version=plan.version,
        language=i18n.language(),
        metadata_title=_("My plan"),
        file_stem=file_stem(case, meeting, "easy_read"),
        protected=protected,
        notice=protection_notice() if protected else "",
        large_type=True,
        extra={"running_head": _("My plan")},
    )
