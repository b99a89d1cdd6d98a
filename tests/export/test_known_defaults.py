"""*Kopia till* and *Originalet förvaras av* filled from what the plan knows (issue 18, item 4):
on the printed plan for every demo case in every variant, never over what the chair wrote, and for
a protected identity never with anything the masking hides."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pypdfium2 as pdfium
import pytest

from sipdesk.export import pdf
from sipdesk.export.document import plan_document
from sipdesk.model import defaults
from sipdesk.model.entities import Discharge, Participant
from sipdesk.model.enums import Actor, MeetingKind, Principal
from sipdesk.model.participation import ParticipantRole, represents
from sipdesk.model.protection import Redactor
from tests.export.helpers import DEMO, demo_case

STEMS = sorted(p.name.split(".")[0] for p in DEMO.glob("*.json"))
VARIANTS = ["standard", "discharge", "child"]


def variant(stem: str, kind: str):
    """A demo case as the standard, the discharge (utskrivning) or the child's variant. The
    child's adds a guardian and a school among the invitees: one gets a copy by name, the other
    as an organisation – except for a protected identity, where the masking hides both."""
    case = demo_case(stem)
    meeting = case.current_meeting
    if kind == "discharge":
        meeting.kind = MeetingKind.DISCHARGE
        meeting.discharge = Discharge(dt.date(2026, 11, 1), dt.time(10, 30), "Avdelning 95",
                                      dt.date(2026, 11, 2))
    elif kind == "child":
        case.person.personnummer = "20150301-0000"
        case.person.school = "Ekbackens skola"
        meeting.participants += [
            Participant("Vera Vårdnad", "Mamma", role=ParticipantRole.GUARDIAN,
                        actor=Actor.RELATIVE),
            Participant("Siv Lärare", "Mentor", "Ekbackens skola", Principal.KOMMUN,
                        actor=Actor.SCHOOL),
        ]
    return case, meeting


def pdf_text(case, meeting) -> str:
    data = pdf.render(plan_document(case, meeting)).pdf
    doc = pdfium.PdfDocument(data)
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    return unicodedata.normalize("NFKC", text).replace("\r", "")


def copies_section(text: str) -> str:
    start = text.rindex("Kopia till")
    return text[start:text.index("Dokument-id", start)]


@pytest.mark.parametrize("kind", VARIANTS)
@pytest.mark.parametrize("stem", STEMS)
def test_empty_fields_are_filled_and_printed(stem, kind):
    case, meeting = variant(stem, kind)
    plan = meeting.plan
    plan.copies_to, plan.original_kept_by = [], ""
    assert defaults.apply_closing_suggestions(meeting, case) == ["copies_to", "original"]
    main = meeting.main_responsible
    assert plan.original_kept_by == f"{main.name}, {main.organisation}"
    organisations = {p.organisation for p in meeting.participants if p.organisation}
    speaks_for = [p.name for p in meeting.participants  # guardians, god man, foster parents
                  if represents(p, case.person, meeting.date) and p.actor is not Actor.PERSON]
    if kind == "child":
        assert "Vera Vårdnad" in speaks_for
    protected = case.person.protected_identity
    if protected:
        redactor = Redactor.for_case(case)
        assert all(redactor.text(c) == c for c in plan.copies_to), plan.copies_to
        assert "Ekbackens skola" not in plan.copies_to and "Vera Vårdnad" not in plan.copies_to
        assert set(plan.copies_to) == {o for o in organisations if redactor.text(o) == o}
    else:
        assert set(plan.copies_to) == organisations | set(speaks_for)
        assert len(plan.copies_to) == len({c.casefold() for c in plan.copies_to})
    section = copies_section(pdf_text(case, meeting))
    for party in plan.copies_to:
        assert f"• {party}" in section
    assert f"Originalet förvaras av {plan.original_kept_by}" in " ".join(section.split())
    if protected:
        assert "[—]" not in section and case.person.name.split()[0] not in section


@pytest.mark.parametrize("kind", VARIANTS)
@pytest.mark.parametrize("stem", STEMS)
def test_what_the_chair_wrote_is_never_overwritten(stem, kind):
    case, meeting = variant(stem, kind)
    plan = meeting.plan
    written = (list(plan.copies_to), plan.original_kept_by)
    assert written[0] and written[1]  # every demo plan's chair wrote both
    assert defaults.apply_closing_suggestions(meeting, case) == []
    plan.copies_to = ["Bara denna mottagare"]  # one field written, the other left empty
    plan.original_kept_by = ""
    assert defaults.apply_closing_suggestions(meeting, case) == ["original"]
    assert plan.copies_to == ["Bara denna mottagare"]
    section = copies_section(pdf_text(case, meeting))
    assert "• Bara denna mottagare" in section and "• " not in section.replace(
        "• Bara denna mottagare", "")


@pytest.mark.parametrize("stem", STEMS)
def test_filled_fields_follow_a_new_huvudansvarig_until_the_chair_writes_there(stem):
    case, meeting = variant(stem, "standard")
    plan = meeting.plan
    plan.copies_to, plan.original_kept_by = [], ""
    defaults.apply_closing_suggestions(meeting, case)
    for other in list(meeting.participants):  # the invitees as they were (more are added)
        if not other.organisation or other.id == plan.main_responsible_id:
            continue
        known = defaults.known_closing(case, meeting)
        plan.main_responsible_id = other.id
        assert defaults.follow_known(case, meeting, known) == ["original"]
        assert plan.original_kept_by == f"{other.name}, {other.organisation}"
        # a new organisation among the invitees gets a copy while the list is the app's
        known = defaults.known_closing(case, meeting)
        meeting.participants.append(Participant("Ny Deltagare", "", f"Ny enhet {other.id}"))
        assert defaults.follow_known(case, meeting, known) == ["copies_to"]
        assert plan.copies_to[-1] == f"Ny enhet {other.id}"
    # the chair writes: from now on nothing follows
    plan.original_kept_by = "Arkivet, egen text"
    plan.copies_to = plan.copies_to[:1]
    first = next(p for p in meeting.participants if p.organisation)
    known = defaults.known_closing(case, meeting)
    plan.main_responsible_id = first.id
    meeting.participants.append(Participant("Till", "", "Ännu en enhet"))
    assert defaults.follow_known(case, meeting, known) == []
    assert plan.original_kept_by == "Arkivet, egen text" and len(plan.copies_to) == 1


@pytest.mark.parametrize("stem", ["1-josef", "5-skyddad"])
def test_the_cli_fills_them_before_printing_as_the_window_does(stem, capsys, tmp_path, data_dir):
    from sipdesk.cli import main
    from sipdesk.model import planfile
    from sipdesk.model.store import open_store

    case = demo_case(stem)
    case.current_meeting.plan.copies_to = []
    case.current_meeting.plan.original_kept_by = ""
    source = planfile.write(case, tmp_path / "plan.json")
    assert main(["import", str(source)]) == 0
    case_id = capsys.readouterr().out.strip()
    target = tmp_path / "plan.pdf"
    assert main(["export", case_id, "--format", "pdf", "--out", str(target)]) == 0
    store = open_store(data_dir)
    try:
        stored = store.load_case(int(case_id))
    finally:
        store.close()
    plan = stored.current_meeting.plan
    assert plan.copies_to == defaults.copies_to(stored.current_meeting, stored) != []
    assert plan.original_kept_by == defaults.original_kept_by(stored.current_meeting, stored)
    doc = pdfium.PdfDocument(target.read_bytes())
    text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    section = copies_section(unicodedata.normalize("NFKC", text).replace("\r", ""))
    assert all(f"• {party}" in section for party in plan.copies_to)
    assert "Originalet förvaras av" in section


def _emptied_import(stem, capsys, tmp_path):
    from sipdesk.cli import main
    from sipdesk.model import planfile

    case = demo_case(stem)
    case.current_meeting.plan.copies_to = []
    case.current_meeting.plan.original_kept_by = ""
    source = planfile.write(case, tmp_path / "plan.json")
    assert main(["import", str(source)]) == 0
    return capsys.readouterr().out.strip()


@pytest.mark.parametrize("fmt", ["pdf", "easy-read", "ics", "invitation"])
@pytest.mark.parametrize("why", ["exists", "window holds the store"])
def test_an_export_never_writes_the_store_when_refused_or_while_another_sipdesk_writes(
    fmt, why, capsys, tmp_path, data_dir
):
    """The store's writes that only follow an export (part 5 filled, the calendar entry
    remembered) happen once the file is written and only by the store's one writer: a refused
    export changes nothing it said it did not, and a window holding the store is never made to
    lose its next save as "changed elsewhere"."""
    from sipdesk.cli import main
    from sipdesk.model.store import open_store

    case_id = _emptied_import("1-josef", capsys, tmp_path)
    window = open_store(data_dir)
    try:
        window.hold_writer()
        held = window.load_case(int(case_id))
        target = tmp_path / "out"
        target.mkdir()
        argv = ["export", case_id, "--format", fmt, "--out", str(target)]
        if why == "exists":  # a file of that name is there already: refused, nothing written
            window.release_writer()
            existing = target / "existing.file"
            existing.write_bytes(b"not ours")
            code = main([*argv[:-1], str(existing)])
            assert code == 1 and "finns redan" in capsys.readouterr().err
            assert existing.read_bytes() == b"not ours"
            window.hold_writer()
        else:
            assert main(argv) == 0, capsys.readouterr().err
        stored = window.load_case(int(case_id))
        assert stored.current_meeting.plan.copies_to == held.current_meeting.plan.copies_to
        assert stored.current_meeting.calendar == held.current_meeting.calendar
        held.current_meeting.plan.own_view = "Jag vill bo kvar hemma."
        window.save_case(int(case_id), held)  # the window's edit is kept, never refused
    finally:
        window.close()
