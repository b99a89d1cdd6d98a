"""The neutral document tree: what a printed document says, before anyone decides how it looks.

`plan_document()` turns one meeting's plan into sections, paragraphs, tables and a signature block
in the order of SIP.md §4; `pdf.py` renders any `Document`. Keeping the content here, free of
ReportLab, lets it be golden-tested as plain text (`Document.to_text()`) and lets protection be
applied in one place: every value goes through the case's `Redactor`, and the fields a protected
identity must never show (personnummer, address, phone, places, relatives' contact details) are
left out before they reach the tree.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from sipdesk import i18n
from sipdesk.export.tree import (  # noqa: F401 - re-exported: d.X is the tree's API
    Block,
    Bullets,
    Document,
    Fields,
    Paragraph,
    Section,
    SignatureBlock,
    SignatureLine,
    StampSpace,
    Table,
    _block_text,
)
from sipdesk.i18n import _
from sipdesk.model.entities import Case, Meeting, Participant, Plan
from sipdesk.model.enums import MeetingKind, Principal
from sipdesk.model.protection import Redactor
from sipdesk.model.variants import principal_heading

# --- shared pieces -----------------------------------------------------------------------------


def document_id(case: Case, meeting: Meeting) -> str:
    """A stable id for a meeting's documents that holds no personal data ("SIP-4F2A-91C0")."""
    digest = hashlib.sha256(f"{case.uid}/{meeting.id}".encode()).hexdigest().upper()
    return f"SIP-{digest[:4]}-{digest[4:8]}"


# Cyrillic names read in Latin letters in a file name ("Ольга Петрова" -> "olga-petrova"), as
# Swedish authorities transliterate them; other scripts leave only the document id
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "ђ": "dj", "е": "e", "є": "je",
    "ё": "jo", "ж": "zj", "з": "z", "и": "i", "й": "j", "і": "i", "ї": "ji", "ј": "j", "к": "k",
    "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "ћ": "c", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "tj", "џ": "dz", "ш": "sj",
    "щ": "sjtj", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja", "đ": "dj",
}  # fmt: skip


def slug(text: str, empty: str = "plan") -> str:
    """ASCII file-name part: "Łukasz Öberg" -> "lukasz-oberg"; at most 40 characters."""
    text = "".join(_CYRILLIC.get(c, c) for c in text.lower())
    text = text.replace("ł", "l").replace("ø", "o")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40].strip("-")
    return out or empty


def file_stem(case: Case, meeting: Meeting, kind: str) -> str:
    """A suggested file name (no extension), distinct per case, meeting and version: the
    document id's eight characters always end it. Readable where the name has Latin letters;
    a protected identity's holds no name."""
    prefixes = {
        "plan": _("sip"),
        "easy_read": _("my-plan"),
        "invitation": _("invitation"),
        "follow_up": _("sip-follow-up"),
        "about_sip": _("what-is-sip"),
        "about_sip_easy": _("what-is-sip-easy"),
        "deviation": _("deviation"),
    }
    prefix = prefixes.get(kind, kind)
    day = meeting.date.isoformat() if meeting.date else ""
    short_id = document_id(case, meeting).lower().removeprefix("sip-").replace("-", "")
    name = "" if case.person.protected_identity else slug(case.person.name, "")
    parts = [prefix, name, day]
    if kind == "plan":
        parts.append(f"v{meeting.plan.version}")
    parts.append(short_id)
    return "-".join(p for p in parts if p)


def protection_notice() -> str:
    # The sources (SIP.md §8): a protected plan stays out of the *shared SIP systems* and is run
    # by the manual routine, while each party still documents in its own record – under its
    # own routine for protected personal data.
    return _(
        "PROTECTED PERSONAL DATA. This document holds protected personal data (skyddade "
        "personuppgifter). It is handled by the manual routine instead of the shared SIP "
        "systems: keep it locked away and apart, and show it only to those who must see it. "
        "Each party documents in its own record, under its routine for protected personal data."
    )


def withheld() -> str:
    return _("withheld (protected personal data)")


def yes_no(value: bool | None) -> str:
    if value is None:
        return _("not asked")
    return _("Yes") if value else _("No")


def chair_info(case: Case, meeting: Meeting, preferences: dict[str, str] | None = None):
    """(name, title, organisation) of the chair: store preferences first, else the meeting's chair.

    When only the meeting's chair name is known, title and organisation come from the participant
    of that name, if there is one.
    """
    prefs = preferences or {}
    name = prefs.get("chair.name", "").strip() or meeting.chair.strip()
    title = prefs.get("chair.title", "").strip()
    org = prefs.get("chair.organisation", "").strip()
    if not (title and org):
        match = next((p for p in meeting.participants if p.name == name), None)
        if match is not None:
            title = title or match.title
            org = org or match.organisation
    return name, title, org


def _join(*parts: str, sep: str = ", ") -> str:
    return sep.join(p for p in parts if p)


def _principal(principal: Principal | None) -> str:
    return principal.label if principal is not None else ""


def contact_hidden(case: Case, participant: Participant, for_copy: str | None = None) -> bool:
    """Contact details a print must not show: in a protected case everyone's but the staff of a
    principal (kommun, region) – a relative entered as another actor is no exception; in the copy
    for a party the participant withholds them from (`for_copy`), theirs."""
    if participant.withholds_from(for_copy):
        return True
    return case.person.protected_identity and participant.principal not in (
        Principal.KOMMUN,
        Principal.REGION,
    )


def participant_role(case: Case, participant: Participant, t) -> str:
    """Title and organisation as printed. A protected identity's relatives (and the person) are
    shown by their role only: a relative's employer or club can give away where they live."""
    from sipdesk.model import participation

    role = participation.role_of(participant)
    if case.person.protected_identity and role is not participation.ParticipantRole.PROFESSIONAL:
        return role.label
    return t(_join(participant.title, participant.organisation, sep="\n"))


def legal_basis(meeting: Meeting) -> str:
    """The law the plan is made under, printed under the title."""
    if meeting.kind is MeetingKind.DISCHARGE:
        return _(
            "Made under chapter 4, sections 1–2 of the Act (2017:612) on cooperation on "
            "discharge from inpatient health care."
        )
    return _(
        "Made under chapter 10, section 8 of the Social Services Act (2025:400) and chapter 16, "
        "section 4 of the Health and Medical Services Act (2017:30)."
    )


def closed_section(case: Case, t) -> Section | None:
    """Page 1 of a closed plan says so: when, why, who was told."""
    closing = case.closing
    if closing is None:
        return None
    reason = closing.reason.label
    if closing.note.strip():
        reason = f"{reason}: {t(closing.note.strip())}"
    items = [(_("Closed on"), i18n.format_date(closing.date)), (_("Reason"), reason)]
    told = ", ".join(t(x) for x in closing.told if x.strip())
    items.append((_("Told of the closing"), told or _("no one recorded")))
    return Section(
        _("The plan is closed"),
        (
            Paragraph(
                _("This plan no longer applies: it was closed on {date}.").format(
                    date=i18n.format_date(closing.date)
                ),
                "notice",
            ),
            Fields(tuple(items)),
        ),
        "closed",
    )


def _date_time(meeting_date, meeting_time) -> str:
    return _join(i18n.format_date(meeting_date), i18n.format_time(meeting_time), sep=" ")


# --- the plan ----------------------------------------------------------------------------------


def plan_document(
    case: Case,
    meeting: Meeting | None = None,
    *,
    preferences: dict[str, str] | None = None,
    stamp_caption: str = "",
    for_copy: str | None = None,
) -> Document:
    """The plan of `meeting` (default: the newest) as a document, in SIP.md §4's order.

    `stamp_caption` non-empty reserves room for a digital signature's visible stamp, with that
    one-line note on how to verify it.
    """
    meeting = meeting or case.current_meeting
    if meeting is None:
        raise ValueError(_("The case has no meeting, so there is no plan to print."))
    plan = meeting.plan
    red = Redactor.for_case(case)
    t = red.text
    protected = case.person.protected_identity

    closed = closed_section(case, t)
    sections: list[Section] = [closed] if closed else []
    sections += [
        _personal_section(case, t),
        _consent_section(case, t),
        _decisions_section(case, t),
        _participants_section(case, meeting, t, for_copy),
    ]
    sections += _reason_sections(case, plan, t)
    sections += _discharge_sections(meeting, t)
    # a follow-up: the previous plan reviewed point by point, before the new plan's content
    sections += review_sections(case, meeting, red)
    sections += _situation_sections(plan, t)
    sections.append(_goals_section(plan, t, meeting))
    sections += _views_sections(plan, t)
    sections.append(_main_responsible_section(case, meeting, t))
    sections.append(_signatures_section(case, meeting, t, stamp_caption))
    sections.append(_follow_up_section(case, plan, t))
    sections.append(_copies_section(plan, t, meeting))

    subtitle = [
        _join(
            meeting.kind.label,
            i18n.format_date(meeting.date),
            _("Plan version {n}").format(n=plan.version),
            sep=" · ",
        )
    ]
    if plan.replaces_version is not None:
        replaced = _previous_meeting(case, meeting)
        when = i18n.format_date(replaced.date) if replaced and replaced.date else ""
        text = _("This plan replaces plan version {n}").format(n=plan.replaces_version)
        subtitle.append(text + (f" ({when})." if when else "."))
    subtitle.append(_("Regarding: {name}").format(name=case.person.display_name))
    chair = chair_info(case, meeting, preferences)[0]
    if chair:
        subtitle.append(_("Chair: {name}").format(name=t(chair)))
    subtitle.append(legal_basis(meeting))

    return Document(
        kind="plan",
        title=_("Coordinated individual plan (SIP)"),
        subtitle_lines=tuple(subtitle),
        sections=tuple(s for s in sections if s.blocks),
        doc_id=document_id(case, meeting),
        version=plan.version,
        language=i18n.language(),
        metadata_title=_("Coordinated individual plan (SIP)"),
        file_stem=file_stem(case, meeting, "plan"),
        protected=protected,
        notice=protection_notice() if protected else "",
        extra={
            "running_head": _join(
                _("Coordinated individual plan (SIP)"), case.person.display_name, sep=" – "
            )
        },
    )


def review_sections(case: Case, meeting: Meeting, redactor: Redactor) -> list[Section]:
    """A follow-up's review of the previous plan (SIP.md §2 step 7): each goal and intervention
    with its outcome and comment, then the decision. None for a first meeting or no review."""
    from sipdesk.model import review as rv

    rows = rv.review_rows(case, meeting, redactor.text)
    if not rows:
        return []
    table_rows: list[tuple[str, ...]] = []
    starts: list[int] = []
    for row in rows:
        if row.kind == "goal":
            starts.append(len(table_rows))
            table_rows.append((row.text, "", row.outcome, row.comment))
        else:
            table_rows.append(("– " + row.text, row.responsible, row.outcome, row.comment))
    blocks: list[Block] = [
        Table(rv.review_headers(), tuple(table_rows), (0.36, 0.20, 0.16, 0.28), tuple(starts))
    ]
    decision = meeting.review.decision if meeting.review else None
    blocks.append(
        Fields(((_("Decision"), decision.label if decision else _("not decided yet")),))
    )
    previous = rv.previous_meeting(case, meeting)
    version = previous.plan.version if previous else meeting.plan.version - 1
    heading = _("Follow-up of plan version {n}").format(n=version)
    return [Section(heading, tuple(blocks), "review")]


def _previous_meeting(case: Case, meeting: Meeting) -> Meeting | None:
    index = next((i for i, m in enumerate(case.meetings) if m is meeting), None)
    if not index:
        return None
    return case.meetings[index - 1]


def _personal_section(case: Case, t) -> Section:
    person = case.person
    items: list[tuple[str, str]] = [(_("Name"), person.display_name)]
    if person.protected_identity:
        items.append((_("Personal identity number"), withheld()))
    else:
        items.append((_("Personal identity number"), person.personnummer or _("not given")))
    interpreter = yes_no(person.interpreter_needed)
    if person.interpreter_needed and person.interpreter_language:
        interpreter = f"{interpreter}, {t(person.interpreter_language)}"
    items.append((_("Interpreter need"), interpreter))
    if person.school:
        school = withheld() if person.protected_identity else t(person.school)
        items.append((_("Preschool/school"), school))
    minors = yes_no(person.minors_affected)
    if person.minors_affected:
        details = []
        if person.minors_count:
            details.append(_("{n} in number").format(n=person.minors_count))
        if person.minors_birth_years:
            years = ", ".join(str(y) for y in person.minors_birth_years)
            details.append(_("born {years}").format(years=years))
        if details:
            minors += " (" + "; ".join(details) + ")"
    items.append((_("Minors affected"), minors))
    return Section(_("Personal details"), (Fields(tuple(items)),), "personal")


def _consent_section(case: Case, t) -> Section:
    blocks: list[Block] = []
    for consent in case.consents:
        items = [(_("Given by"), t(_join(consent.given_by, consent.relation)))]
        given = consent.form.label
        if consent.given_on:
            given += ", " + i18n.format_date(consent.given_on)
        items.append((_("Form"), given))
        if consent.scope:
            items.append((_("Scope"), t(consent.scope)))
        if consent.excluded_info:
            items.append((_("Excluded information"), t(consent.excluded_info)))
        items.append(
            (
                _("Valid until"),
                i18n.format_date(consent.valid_until) or _("until further notice"),
            )
        )
        if consent.withdrawn_on:
            items.append((_("Withdrawn"), i18n.format_date(consent.withdrawn_on)))
        blocks.append(Fields(tuple(items)))
    if not blocks:
        blocks.append(Paragraph(_("No consent is recorded.")))
    return Section(_("Consent"), tuple(blocks), "consent")


def _participants_section(case: Case, meeting: Meeting, t, for_copy: str | None = None) -> Section:
    rows = []
    for p in meeting.participants:
        if p.withholds_from(for_copy):
            contact = _("not given in this copy") if (p.phone or p.email) else ""
        elif contact_hidden(case, p):
            contact = withheld() if (p.phone or p.email) else ""
        else:
            contact = _join(p.phone, p.email, sep="\n")
        rows.append(
            (
                t(p.name),
                participant_role(case, p, t),
                contact,
                p.attendance.label,
            )
        )
    columns = (_("Name"), _("Title and organisation"), _("Contact details"), _("Took part"))
    blocks: list[Block] = []
    if rows:
        blocks.append(Table(columns, tuple(rows), (0.22, 0.31, 0.32, 0.15)))
    roles = []
    if meeting.chair:
        roles.append((_("Chair"), t(meeting.chair)))
    if meeting.note_taker:
        roles.append((_("Note-taker"), t(meeting.note_taker)))
    if roles:
        blocks.append(Fields(tuple(roles)))
    return Section(_("Participants"), tuple(blocks), "participants")


def _reason_sections(case: Case, plan: Plan, t) -> list[Section]:
    out = []
    if plan.reason:
        out.append(Section(_("Why is a SIP made?"), (Paragraph(t(plan.reason)),), "reason"))
    if plan.care_contact:
        out.append(
            Section(_("Named care contact"), (Paragraph(t(plan.care_contact)),), "care_contact")
        )
    if plan.contact_place:
        value = withheld() if case.person.protected_identity else t(plan.contact_place)
        out.append(Section(_("Contact place"), (Paragraph(value),), "contact_place"))
    return out


def _paragraphs(text: str, t) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(t(part.strip())) for part in text.split("\n\n") if part.strip())


def _situation_sections(plan: Plan, t) -> list[Section]:
    situation: list[Block] = list(_paragraphs(plan.current_situation, t))
    if plan.needs:
        situation.append(Paragraph(_("Assessed needs:")))
        situation.append(Bullets(tuple(t(n.text) for n in plan.needs)))
    return [
        Section(_("Current situation and needs assessment"), tuple(situation), "situation"),
        Section(_("What works well (strengths)"), _paragraphs(plan.strengths, t), "strengths"),
        Section(
            _("Long-term goal"),
            (Bullets(tuple(t(g.text) for g in plan.long_term_goals)),)
            if plan.long_term_goals
            else (),
            "long_term_goals",
        ),
    ]


def _time_plan(intervention) -> str:
    dates = ""
    if intervention.start or intervention.end:
        dates = " – ".join(
            (i18n.format_date(intervention.start), i18n.format_date(intervention.end))
        ).strip(" –")
    return _join(intervention.time_plan, dates, sep="\n")


def reached_mark(goal, plain: bool = False) -> str:
    """A reached goal's words ("Uppnått 15 mars 2027"; `plain` for the own copy), with a ✓ when
    the embedded fonts print one; '' for a goal not reached."""
    from sipdesk.model.reached import CHECK, reached_text, with_check

    text = reached_text(goal, plain)
    if not text:
        return ""
    from sipdesk.export.textlayout import font_for  # ReportLab: only for a reached goal

    return with_check(text, font_for(CHECK) is not None)


def _goals_section(plan: Plan, t, meeting: Meeting | None = None) -> Section:
    rows: list[tuple[str, ...]] = []
    starts: list[int] = []
    for goal in plan.goals:
        goal_text = t(goal.text)
        if reached := reached_mark(goal):
            goal_text += "\n" + reached
        if goal.measure:
            goal_text += "\n" + _("Measured by: {measure}").format(measure=t(goal.measure))
        if goal.target_date:
            goal_text += "\n" + _("By: {date}").format(
                date=i18n.format_date(goal.target_date)
            )
        starts.append(len(rows))
        interventions = goal.interventions or []
        if not interventions:
            rows.append((goal_text, _("(no intervention yet)"), "", ""))
            continue
        for i, item in enumerate(interventions):
            who = ", ".join(t(r.name) for r in item.responsible)
            if item.principal is not None:  # on its own line, named: never read as the name
                label = f"{principal_heading(meeting)}: {item.principal.label}"
                responsible = _join(who, label, sep="\n")
            elif item.actor is not None:
                responsible = _join(who, item.actor.label, sep="\n")
            else:
                responsible = who
            rows.append((goal_text if i == 0 else "", t(item.what), responsible, _time_plan(item)))
    columns = (
        _("Goal (short-term)"),
        _("Intervention/activity"),
        _("Responsible"),
        _("Time plan start/end"),
    )
    blocks: list[Block] = []
    if rows:
        blocks.append(Table(columns, tuple(rows), (0.29, 0.27, 0.20, 0.24), tuple(starts)))
    else:
        blocks.append(Paragraph(_("No goals are written yet.")))
    return Section(_("Goals and planning"), tuple(blocks), "goals")


def _views_sections(plan: Plan, t) -> list[Section]:
    out = [
        Section(
            _("The person's own view of the interventions"),
            _paragraphs(plan.own_view, t),
            "own_view",
        ),
        Section(
            _("Guardians'/relatives' view of the interventions"),
            _paragraphs(plan.relatives_view, t),
            "relatives_view",
        ),
        Section(_("What I do myself"), _paragraphs(plan.person_does_self, t), "self"),
        Section(  # law point 3: its own line, not the person's heading
            _("Measures by others than the municipality and the region"),
            _paragraphs(plan.others_measures, t),
            "others_measures",
        ),
    ]
    if plan.disagreements:
        items = []
        for d in plan.disagreements:
            line = f"{t(d.who)}: {t(d.about)}"
            if d.noted_on:
                line += f" ({i18n.format_date(d.noted_on)})"
            items.append(line)
        out.append(Section(_("Disagreements"), (Bullets(tuple(items)),), "disagreements"))
    return out


def _main_responsible_section(case: Case, meeting: Meeting, t) -> Section:
    main = meeting.main_responsible
    if main is None:
        return Section(
            _("Main responsibility for the plan"),
            (Paragraph(_("Not yet appointed."), "notice"),),
            "main_responsible",
        )
    items = [(_("Name"), t(main.name))]
    if main.title or main.organisation:
        items.append((_("Title and organisation"), t(_join(main.title, main.organisation))))
    if main.principal is not None:
        items.append((principal_heading(meeting), main.principal.label))
    if main.phone or main.email:  # the huvudansvarig is a participant: their contact
        if contact_hidden(case, main):
            items.append((_("Contact details"), withheld()))
        else:
            items.append((_("Contact details"), _join(main.phone, main.email)))
    blocks: list[Block] = [
        Fields(tuple(items)),
        Paragraph(
            _(
                "The person with main responsibility calls the follow-up and keeps the coordination."
            ),
            "small",
        ),
    ]
    return Section(_("Main responsibility for the plan"), tuple(blocks), "main_responsible")


def _signatures_section(case: Case, meeting: Meeting, t, stamp_caption: str) -> Section:
    lines = []
    for p in meeting.participants:
        if not takes_part(p):
            continue  # a written statement or an absent invitee signs nothing here
        lines.append(SignatureLine(t(p.name), participant_role(case, p, t).replace("\n", ", ")))
    blocks: list[Block] = [SignatureBlock(tuple(lines))]
    if stamp_caption:
        blocks.append(StampSpace(stamp_caption))
    return Section(_("Signatures of the participants"), tuple(blocks), "signatures")


def takes_part(participant: Participant) -> bool:
    """Took part in the meeting itself (in the room, by phone or by video)."""
    return participant.attendance.value in ("in_person", "phone", "video")


def _follow_up_section(case: Case, plan: Plan, t) -> Section:
    follow = plan.follow_up
    if follow is None or follow.date is None:
        return Section(
            _("Follow-up of the SIP"),
            (Paragraph(_("No follow-up is booked yet."), "notice"),),
            "follow_up",
        )
    items = [(_("Date and time"), _date_time(follow.date, follow.time))]
    if follow.place:
        place = withheld() if case.person.protected_identity else t(follow.place)
        items.append((_("Place"), place))
    if follow.called_by:
        items.append((_("Called by"), t(follow.called_by)))
    blocks: list[Block] = [Fields(tuple(items))]
    note = follow.note or _("Earlier if circumstances change.")
    blocks.append(Paragraph(t(note)))
    return Section(_("Follow-up of the SIP"), tuple(blocks), "follow_up")


def _copies_section(plan: Plan, t, meeting: Meeting | None = None) -> Section:
    blocks: list[Block] = []
    if plan.copies_to:
        blocks.append(Bullets(tuple(t(c) for c in plan.copies_to)))
    main = meeting.main_responsible if meeting is not None else None
    kept = plan.original_kept_by or (main.name if main is not None else "")
    if kept:
        blocks.append(Fields(((_("The original is kept by"), t(kept)),)))
    if not blocks:
        blocks.append(Paragraph(_("No copies are listed.")))
    return Section(_("Copies to"), tuple(blocks), "copies")


def is_follow_up(meeting: Meeting) -> bool:
    return meeting.kind is MeetingKind.FOLLOW_UP


def _discharge_sections(meeting: Meeting, t) -> list[Section]:
    """SIP vid utskrivning: when the patient was ready for discharge and when the meeting was
    called (lag 2017:612, within three days)."""
    info = meeting.discharge
    if meeting.kind is not MeetingKind.DISCHARGE or info is None:
        return []
    items = []
    if info.ready_date:
        items.append((_("Ready for discharge"), _date_time(info.ready_date, info.ready_time)))
    if info.reported_by:
        items.append((_("Reported by (unit)"), t(info.reported_by)))
    if info.called_on:
        items.append((_("Meeting called on"), i18n.format_date(info.called_on)))
    if not items:
        return []
    return [Section(_("Discharge from inpatient care"), (Fields(tuple(items)),), "discharge")]


def _decisions_section(case: Case, t) -> Section:
    """A decision that is the plan's basis (LVU): printed as a decision, never as a consent."""
    blocks: list[Block] = []
    for decision in case.decisions:
        items = [(_("Decision"), decision.kind.label)]
        if decision.decided_by or decision.decided_on:
            items.append(
                (
                    _("Decided by"),
                    _join(t(decision.decided_by), i18n.format_date(decision.decided_on)),
                )
            )
        if decision.ended_on:
            items.append((_("Ended"), i18n.format_date(decision.ended_on)))
        if decision.note:
            items.append((_("Note"), t(decision.note)))
        blocks.append(Fields(tuple(items)))
    return Section(_("Decision the plan rests on"), tuple(blocks), "decisions")
