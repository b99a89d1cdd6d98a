"""The "Vad är SIP?" sheet: one page the person can read before the meeting and keep after it –
what a SIP is, that it is voluntary and rests on consent, who does what, how the meeting and the
follow-up work. In ordinary Swedish, and in easy Swedish (lättläst) set in large type.

Printed with the invitation and in the print set (SIP.md §2: only a quarter of the population
know what a SIP is; the person "needed to know who would come"). SipDesk does not translate:
for another language the organisation adds its own translated leaflets (printset's folder of
information sheets); the interpreter's language is named on the sheet.
"""

from __future__ import annotations

from sipdesk import i18n
from sipdesk.export.document import (
    Block,
    Bullets,
    Document,
    Paragraph,
    Section,
    chair_info,
    document_id,
    file_stem,
)
from sipdesk.i18n import _
from sipdesk.model.entities import Case, Meeting


def about_sip_document(
    case: Case,
    meeting: Meeting | None = None,
    *,
    easy: bool = False,
    preferences: dict[str, str] | None = None,
) -> Document:
    """The sheet for `case` (its interpreter language and the chair to ask); `easy`: lättläst.

    Holds no personal data but the chair's name and contact: it may travel with any copy.
    """
    meeting = meeting or case.current_meeting
    if meeting is None:
        raise ValueError(_("The case has no meeting to inform about."))
    sections = _easy(case) if easy else _ordinary(case)
    chair, title, org = chair_info(case, meeting, preferences)
    prefs = preferences or {}
    contact = [x for x in (chair, title, org, prefs.get("chair.phone", ""),
                           prefs.get("chair.email", "")) if x.strip()]  # fmt: skip
    if contact and easy:  # short: the name and how to reach them
        short = [x for x in (chair, prefs.get("chair.phone", ""), prefs.get("chair.email", ""))
                 if x.strip()]  # fmt: skip
        sections.append(Section(_("Do you want to ask something?"), (
            Paragraph(_("Ask {contact}.").format(contact=", ".join(short))),), "contact"))
    elif contact:
        sections.append(Section(_("Questions?"), (
            Paragraph(_("Ask the person who calls the meeting:")),
            Bullets((", ".join(contact),)),
        ), "contact"))  # fmt: skip
    doc_id = document_id(case, meeting)
    return Document(
        kind="about_sip",
        title=_("What is a SIP?"),
        subtitle_lines=() if easy else (_("Coordinated individual plan – for you who will have one"),),
        sections=tuple(sections),
        doc_id=doc_id,
        version=meeting.plan.version,
        language=i18n.language(),
        metadata_title=_("What is a SIP?"),
        file_stem=file_stem(case, meeting, "about_sip_easy" if easy else "about_sip"),
        large_type=easy,
    )


def _interpreter(case: Case) -> list[Block]:
    person = case.person
    if not person.interpreter_needed:
        return []
    language = person.interpreter_language.strip() or _("your language")
    return [Paragraph(_("An interpreter in {language} will be booked for the meeting.").format(
        language=language))]  # fmt: skip


def _ordinary(case: Case) -> list[Section]:
    return [
        Section(_("A plan made together"), (
            Paragraph(_(
                "A SIP (samordnad individuell plan) is a plan that the municipality and the "
                "region draw up together with you when you need support from both. The plan "
                "says what you need, who does what and when, and who is responsible for keeping "
                "the plan together.")),
            Paragraph(_(
                "The law says that a SIP is to be made when someone needs support from both "
                "(the Social Services Act, 10 ch. 8 §, and the Health and Medical Services Act, "
                "16 ch. 4 §).")),
        ), "what"),  # fmt: skip
        Section(_("It is voluntary"), (
            Paragraph(_(
                "You decide whether you want a SIP. Your consent is needed for the municipality "
                "and the region to share information about you with each other. You can say "
                "what must not be shared, and you can take your consent back at any time.")),
            Paragraph(_(
                "For a child, the guardians give consent. The child's own view counts more the "
                "older the child is; from 15 the young person's own consent is asked for too.")),
        ), "voluntary"),  # fmt: skip
        Section(_("The meeting"), (
            Paragraph(_(
                "You take part in the meeting and you are the most important person there. You "
                "may bring a relative or a support person. The meeting begins with what you think "
                "works well and what you need.")),
            Paragraph(_(
                "If you cannot come, you can send a letter, a drawing or a recording, or someone "
                "can speak for you. Afterwards you are told what was decided.")),
            *_interpreter(case),
        ), "meeting"),  # fmt: skip
        Section(_("Who does what?"), (
            Bullets((
                _("You: say what you need and what you want, and do your own part of the plan."),
                _("The chair: leads the meeting so that everyone is heard."),
                _("The one mainly responsible (huvudansvarig): keeps the plan together and "
                  "calls the follow-up."),
                _("The municipality and the region: each is responsible for its own support."),
            )),
        ), "roles"),  # fmt: skip
        Section(_("After the meeting"), (
            Paragraph(_(
                "You get the plan on paper. The plan is followed up at a new meeting: you go "
                "through whether what was decided has been done and whether it has helped, and "
                "whether coordination is still needed.")),
        ), "after"),  # fmt: skip
    ]


def _easy(case: Case) -> list[Section]:
    return [
        Section(_("A plan for you"), (
            Paragraph(_("SIP is a plan for you."), "lead"),
            Paragraph(_("You get help from the municipality and from the health care.")),
            Paragraph(_("In the plan we write what help you get, who helps you and when.")),
        ), "what"),  # fmt: skip
        Section(_("You decide"), (
            Paragraph(_("You decide if you want a SIP.")),
            Paragraph(_("You decide what we may talk about.")),
            Paragraph(_("When you say yes, it is called consent.")),
            Paragraph(_("You can change your mind.")),
        ), "voluntary"),  # fmt: skip
        Section(_("The meeting"), (
            Paragraph(_("You are the most important person at the meeting.")),
            Paragraph(_("You can bring someone you trust.")),
            Paragraph(_("If you cannot come, someone can say what you think.")),
            *_interpreter(case),
        ), "meeting"),  # fmt: skip
        Section(_("After the meeting"), (
            Paragraph(_("You get the plan on paper.")),
            Paragraph(_("Later we meet again and see if the help works.")),
        ), "after"),  # fmt: skip
    ]
