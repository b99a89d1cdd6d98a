"""The person's papers (issue 17): the "Vad är SIP?" sheet and the deviation note."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from sipdesk.export.about_sip import about_sip_document
from sipdesk.export.deviation import deviation_document, deviations
from sipdesk.model import participation as part
from sipdesk.model import planfile
from sipdesk.model.entities import Case, Meeting, Participant, Person
from sipdesk.model.enums import Attendance, MeetingStatus, Principal
from sipdesk.model.meetingdata import PlannedAttendance
from tests.conftest import DEMO

DEMOS = sorted(DEMO.glob("*.json"))


@pytest.mark.parametrize("path", DEMOS, ids=lambda p: p.stem)
@pytest.mark.parametrize("easy", [False, True])
def test_the_sheet_names_no_one_but_the_chair_and_fits_one_page(path, easy):
    from sipdesk.export import pdf

    case = planfile.read(path)
    meeting = case.current_meeting
    doc = about_sip_document(case, easy=easy)
    text = doc.to_text()
    assert "Vad är SIP?" in text and "samtycke" in text.lower()
    names = {p.name for p in meeting.participants} | {case.person.name, case.person.pseudonym}
    allowed = {meeting.chair}
    for name in filter(None, names - allowed):
        assert name not in text, name
    assert doc.large_type is easy
    assert pdf.render(doc).pages == 1


def test_the_sheet_names_the_interpreters_language():
    case = planfile.read(DEMOS[2])
    case.person.interpreter_needed, case.person.interpreter_language = True, "dari"
    assert "Vi bokar tolk på dari till mötet." in about_sip_document(case).to_text()
    case.person.interpreter_needed = False
    assert "tolk" not in about_sip_document(case).to_text()


def _meeting(status, reply, attendance, left_early):
    staff = Participant("Eva Ek", "Kurator", "Vårdcentralen", Principal.REGION,
                        attendance=attendance)  # fmt: skip
    relative = Participant("Sara", role=part.ParticipantRole.GUARDIAN, attendance=Attendance.ABSENT)
    meeting = Meeting(date=dt.date(2026, 12, 1), status=status,
                      participants=[staff, relative])  # fmt: skip
    if reply is not None:
        meeting.preparation.planned_attendance.append(
            PlannedAttendance(staff.id, reply=reply, reason="Sjuk",
                              left_early_at=dt.time(10, 30) if left_early else None))  # fmt: skip
    return Case(Person("Kim Test"), meetings=[meeting]), meeting


@pytest.mark.parametrize(
    "status,reply,attendance,left_early",
    list(itertools.product([MeetingStatus.PLANNED, MeetingStatus.HELD],
                           [None, *part.Reply], list(Attendance), [False, True])),  # fmt: skip
)
def test_a_deviation_is_absence_a_no_silence_or_leaving_early_never_a_relative(
    status, reply, attendance, left_early
):
    case, meeting = _meeting(status, reply, attendance, left_early)
    found = deviations(case, meeting)
    answer = reply or part.Reply.NO_ANSWER
    expected = (
        (reply is not None and left_early)
        or attendance is Attendance.ABSENT
        or (status is MeetingStatus.PLANNED and answer is not part.Reply.COMING)
    )
    assert bool(found) == expected
    assert all(row[0] == "Eva Ek" for row in found)  # the absent guardian is never listed
    if found:
        text = deviation_document(case).to_text()
        assert "Kim" not in text and "Sara" not in text
    else:
        with pytest.raises(ValueError):
            deviation_document(case)


def test_the_deviation_file_name_carries_no_name():
    case, _m = _meeting(MeetingStatus.HELD, part.Reply.COMING, Attendance.ABSENT, False)
    stem = deviation_document(case).file_stem
    assert stem.startswith("avvikelse-sip-") and "kim" not in stem


def test_the_sheet_prints_as_an_item_of_the_print_set():
    from sipdesk.export import printset

    case = planfile.read(DEMOS[2])
    sheet = printset.PrintItem("about_sip")
    doc = printset.document_for(case, case.current_meeting, sheet)
    assert doc.kind == "about_sip" and "Vad är SIP?" in doc.to_text()


@pytest.mark.parametrize("path", DEMOS, ids=lambda p: p.stem)
def test_the_interpreters_language_is_on_the_invitation_and_the_own_copy(path):
    from sipdesk.export.easyread import easy_read_document
    from sipdesk.export.invitation import invitation_document

    case = planfile.read(path)
    case.person.interpreter_needed, case.person.interpreter_language = True, "tigrinja"
    assert "Tolk: tigrinja" in invitation_document(case).to_text()
    assert "Tolk: tigrinja." in easy_read_document(case).to_text()
    case.person.interpreter_needed = False
    assert "tigrinja" not in invitation_document(case).to_text()


def _pdf(path, text):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawString(72, 720, text)
    c.showPage()
    c.save()


def test_information_sheets_by_language_go_into_the_print_set(tmp_path):
    """The organisation's own translated leaflets: the person's language chosen, others offered,
    printed as they are; a file that is not a PDF is named, not printed."""
    from sipdesk.export import printset
    from sipdesk.export.api import ExportError

    for language, title in (("dari", "om-sip"), ("arabiska", "om-sip"), ("Dari", "samtycke")):
        (tmp_path / "blad" / language).mkdir(parents=True, exist_ok=True)
        _pdf(tmp_path / "blad" / language / f"{title}.pdf", f"{language} {title}")
    case = planfile.read(DEMOS[2])
    case.person.interpreter_needed, case.person.interpreter_language = True, "dari"
    items = printset.default_items(case, case.current_meeting, tmp_path / "blad")
    sheets = [i for i in items if i.kind == "leaflet"]
    assert {(i.recipient, i.enabled) for i in sheets} == {
        ("dari: om-sip", True), ("Dari: samtycke", True), ("arabiska: om-sip", False)}
    job = printset.PrintJob(case, case.current_meeting, [i for i in items if i.kind == "leaflet"])
    built = job.build()
    assert [d.file_name for d in built] == job.file_names()
    assert all(d.pdf.startswith(b"%PDF") and d.pages == 1 for d in built)
    paths = job.save(tmp_path / "blad")
    assert [p.name for p in paths] == ["01-dari-samtycke.pdf", "02-dari-om-sip.pdf"]
    (tmp_path / "blad" / "dari" / "trasig.pdf").write_bytes(b"not a pdf")
    items = printset.default_items(case, case.current_meeting, tmp_path / "blad")
    broken = [i for i in items if i.kind == "leaflet" and i.source.endswith("trasig.pdf")]
    with pytest.raises(ExportError, match="trasig.pdf"):
        printset.PrintJob(case, case.current_meeting, broken).build()
    assert printset.default_items(case, case.current_meeting, tmp_path / "none") == [
        i for i in printset.default_items(case, case.current_meeting) if i.kind != "leaflet"]


@pytest.mark.parametrize("path", DEMOS, ids=lambda p: p.stem)
@pytest.mark.parametrize("kind", ["first", "discharge", "follow_up"])
@pytest.mark.parametrize("about", [True, False])
def test_the_invitation_to_a_first_sip_has_the_sheet_after_it(path, kind, about, tmp_path):
    """"Vad är SIP?" is printed with the invitation (issue 17): the invitation to a first or
    discharge meeting – from the CLI's --format invitation and the window's export alike, both
    ExportJob – is followed by the sheet, unless left out; a follow-up's invitation is not."""
    from sipdesk.export import api
    from sipdesk.model.enums import MeetingKind
    from tests.export.helpers import pdf_pages_text

    case = planfile.read(path)
    meeting = case.current_meeting
    meeting.kind = MeetingKind(kind)
    case.closing = None
    job = api.ExportJob("invitation", case, meeting, api.ExportOptions(about_sip=about))
    data, result = job.build()
    pages = pdf_pages_text(data, tmp_path)
    assert result.pages == len(pages)
    follows = about and meeting.kind is not MeetingKind.FOLLOW_UP
    assert ("Vad är SIP?" in pages[-1]) is follows
    assert "Kallelse" in pages[0]
    alone = api.ExportJob("invitation", case, meeting, api.ExportOptions(about_sip=False))
    assert len(pages) == alone.build()[1].pages + follows
    if case.person.protected_identity:  # the sheet travels too: nothing identifying on it
        for word in (case.person.name, case.person.personnummer):
            assert not any(word and word in page for page in pages)
