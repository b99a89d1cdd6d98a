"""Every plan prints right (issue 14): any script, any length, file names that cannot collide, and
what the law and the guide ask of the paper – asserted from the PDFs themselves."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import unicodedata
from dataclasses import replace

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from sipdesk.export import api, pdf, printset
from sipdesk.export.document import plan_document
from sipdesk.export.easyread import easy_read_document
from sipdesk.export.invitation import invitation_document
from sipdesk.model import codec
from sipdesk.model.entities import Closing
from sipdesk.model.enums import Attendance, ClosingReason, MeetingKind

from .helpers import demo_case
from .pdfread import missing_glyphs, page_texts


@pytest.fixture
def out(tmp_path):
    """An empty folder to export into (tmp_path holds the test's home)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


# --- generated text from many scripts -----------------------------------------------------------

SCRIPTS = {
    "latin": "abcdefghijklmnopqrstuvwxyzåäöÅÄÖłŁőűçşğıİéèüßøæŽžČčĆćĐđ",
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщъыьэюяђјљњћџєїіґАБВЖЯ",
    "greek": "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔ",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهويپچژگکیێۆڵڕە",
    "hebrew": "אבגדהוזחטיכלמנסעפצקרשת",
    "ethiopic": "".join(chr(c) for c in range(0x1200, 0x1248)),
    "thai": "กขคงจฉชซญดตถทนบปผพฟภมยรลวศษสหอฮาเแโ",
    "armenian": "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ",
    "georgian": "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
    "emoji": "🏠💪😀👍🎉🙂🚗📅✅🌟",
}
RTL = {"arabic", "hebrew"}
SHAPED = {"thai"}  # marks that stack and move: printed shaped, read back as written

# a Thai syllable: a consonant, perhaps a vowel above or below it, perhaps a tone mark, perhaps
# a final consonant or vowel (a mark with no letter under it is no text anyone writes)
thai_syllable = st.builds(
    lambda c, v, t, f: c + v + t + f,
    st.sampled_from("กขคงจชซญฐดตถทนบปผพฟภมยรลวสหอฮ"),
    st.sampled_from(["", "ิ", "ี", "ึ", "ื", "ุ", "ู", "ั"]),
    st.sampled_from(["", "่", "้", "๊", "๋"]),
    st.sampled_from(["", "า", "ำ", "น", "ง", "ม", "ย", "ก"]),
)
_WORDS = {"thai": st.lists(thai_syllable, min_size=1, max_size=3).map("".join)}

word = st.sampled_from(sorted(SCRIPTS)).flatmap(
    lambda script: st.tuples(
        st.just(script),
        _WORDS.get(script, st.text(alphabet=SCRIPTS[script], min_size=2, max_size=7)),
    )
)
phrase = st.lists(word, min_size=1, max_size=6)


def _text(words) -> str:
    return " ".join(w for _s, w in words)


def _ordered_words(words) -> list[str]:
    """The words whose reading order the layout itself produces: right to left, or shaped."""
    return [w for script, w in words if script in RTL | SHAPED]


def _documents(case):
    meeting = case.current_meeting
    yield "plan", plan_document(case)
    yield "easy-read", easy_read_document(case)
    yield "invitation", invitation_document(case)
    for item in printset.default_items(case, meeting):
        if item.kind == "copy":
            yield "copy", printset.document_for(case, meeting, item)
            break


# which of the generated fields each document prints
PRINTS = {
    "plan": ("name", "reason", "own", "participant", "goal", "party"),
    "copy": ("name", "reason", "own", "participant", "goal", "party"),
    "easy-read": ("reason", "goal"),
    "invitation": ("name", "reason", "participant", "goal"),
}


@settings(
    max_examples=16,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),  # shrinking a PDF takes minutes
)
@given(
    kind=st.sampled_from(sorted(PRINTS)),
    fields=st.fixed_dictionaries({key: phrase for key in PRINTS["plan"]}),
)
def test_any_script_prints_with_a_glyph_and_right_to_left_in_reading_order(kind, fields):
    case = demo_case("1-josef")
    meeting = case.current_meeting
    plan = meeting.plan
    case.person.name = _text(fields["name"])
    plan.reason = _text(fields["reason"])
    plan.own_view = _text(fields["own"])
    meeting.participants[0].name = _text(fields["participant"])
    meeting.questions = [_text(fields["goal"])]
    plan.goals[0].text = _text(fields["goal"])
    plan.copies_to = [_text(fields["party"])]
    doc = dict(_documents(case))[kind]
    data = pdf.render(doc).pdf
    # no character is drawn in a font without its glyph (a box)
    assert missing_glyphs(data) == []
    # the letters of each right-to-left or shaped word come out in logical (reading) order
    text = " ".join(page_texts(data))
    for key in PRINTS[kind]:
        for w in _ordered_words(fields[key]):
            assert unicodedata.normalize("NFKC", w) in text, (key, w)


def test_the_issue_examples_print_in_order_with_emoji():
    case = demo_case("1-josef")
    case.person.name = "فاطمة حسن"
    case.current_meeting.plan.own_view = "Jag vill bo kvar hemma 🏠 och bli starkare 💪"
    data = pdf.render(plan_document(case)).pdf
    assert missing_glyphs(data) == []
    texts = page_texts(data)
    assert "فاطمة حسن" in texts[0]  # under Personuppgifter: a line of its own, whole
    assert any("hemma 🏠 och bli starkare 💪" in t for t in texts)
    # the running head of page 2 on carries the name, in reading order too
    assert "فاطمة" in texts[1] and "حسن" in texts[1]


def test_a_character_no_font_has_is_named_with_its_field_before_anything_is_written(out):
    case = demo_case("1-josef")
    case.current_meeting.plan.strengths = "Bra på att rita 𓀀"  # Egyptian hieroglyph
    job = api.ExportJob("pdf", case, case.current_meeting, api.ExportOptions())
    with pytest.raises(api.ExportError) as caught:
        job.run(out)
    message = str(caught.value)
    assert "U+13000" in message and "styrkor" in message.lower()
    assert list(out.iterdir()) == []


# --- every value the format accepts prints ------------------------------------------------------

# not free text: ids, and the strings the plan format checks against a pattern (personnummer,
# the circle's start moment, a part's key, a calendar booking's reference)
_SKIP = {"id", "uid", "participant_id", "goal_id", "intervention_id", "personnummer", "started_at",
         "key", "booking"}  # fmt: skip


def _text_fields(obj, seen=None):
    """(object, attribute) for every free-text str field in the case, recursively (enum values
    are str too, but a choice from a list, not text)."""
    seen = seen if seen is not None else set()
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, enum.Enum):
                continue
            if isinstance(value, str) and f.name not in _SKIP and not f.name.endswith("_id"):
                yield obj, f.name
            else:
                yield from _text_fields(value, seen)
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            if isinstance(value, str):
                yield obj, i
            else:
                yield from _text_fields(value, seen)


def _fill(case, make):
    for obj, attr in list(_text_fields(case)):
        if isinstance(obj, list):
            obj[attr] = make()
        else:
            setattr(obj, attr, make())
    return case


SHAPES = {
    "short-lines": lambda n: ("Ord nummer\n" * (n // 11 + 1))[:n],
    "one-long-word": lambda n: "ungdomshabilitering" * (n // 19) + "x" * (n % 19),
}


def _print_all(case):
    meeting = case.current_meeting
    out = {}
    for kind, doc in _documents(case):
        out[kind] = pdf.render(doc)
    job = printset.PrintJob(case, meeting, printset.default_items(case, meeting))
    out["print-set"] = job.build()
    return out


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_field_at_the_formats_maximum_prints_in_every_document(shape):
    """CI size: the person's name, a participant's title and name, a goal, the reason – each at
    the 20,000 characters the format accepts."""
    case = demo_case("1-josef")
    meeting = case.current_meeting
    n = codec.MAX_TEXT
    make = SHAPES[shape]
    case.person.name = make(n)
    meeting.participants[0].title = make(n)
    meeting.participants[1].name = make(n)
    meeting.plan.goals[0].text = make(n)
    meeting.plan.goals[0].interventions[0].what = make(n)
    meeting.plan.reason = make(n)
    meeting.plan.copies_to = [make(n)]
    for kind, rendered in _print_all(case).items():
        if kind == "print-set":
            assert all(d.pages >= 1 for d in rendered)
        else:
            assert rendered.pages >= 1 and rendered.pdf.startswith(b"%PDF")


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_text_field_at_the_maximum_prints_in_every_document(shape):
    n = codec.MAX_TEXT
    case = _fill(demo_case("1-josef"), lambda: SHAPES[shape](n))
    for kind, rendered in _print_all(case).items():
        if kind != "print-set":
            assert rendered.pages >= 1, kind


def test_a_reason_of_twenty_thousand_newlines_prints_in_one_page_or_two():
    case = demo_case("1-josef")
    case.current_meeting.plan.reason = "\n" * codec.MAX_TEXT
    case.current_meeting.questions = ["\n" * codec.MAX_TEXT]
    assert pdf.render(plan_document(case)).pages <= 6
    assert pdf.render(invitation_document(case)).pages <= 3


def test_a_field_too_long_for_a_cell_continues_in_a_note_with_a_visible_marker(out):
    case = demo_case("1-josef")
    case.current_meeting.participants[0].title = "\n".join(f"rad {i}" for i in range(61))
    data = pdf.render(plan_document(case)).pdf
    text = " ".join(page_texts(data))
    assert "fortsätter under tabellen, not 1" in text
    assert "rad 60" in text  # nothing is lost


def test_a_goal_continued_on_the_next_page_repeats_its_text():
    from .helpers import big_case

    data = pdf.render(plan_document(big_case(200))).pdf
    texts = page_texts(data)
    continued = [t for t in texts if "(forts.)" in t]
    assert len(continued) >= 5


def test_export_can_be_cancelled_and_writes_nothing(out):
    import threading

    from .helpers import big_case

    case = big_case(200)
    job = api.ExportJob("pdf", case, case.current_meeting, api.ExportOptions())
    job.cancel = threading.Event()
    job.cancel.set()
    with pytest.raises(api.ExportError, match="avbröts"):
        job.run(out)
    assert list(out.iterdir()) == []


# --- file names ---------------------------------------------------------------------------------


def test_three_same_day_plans_with_non_latin_names_export_to_three_files(out):
    names = ["فاطمة حسن", "Ольга Петрова", "ሰላም ገብረ"]
    paths = set()
    for name in names:
        case = demo_case("1-josef")
        case.uid = name.encode().hex()[:32]
        case.person.name = name
        job = api.ExportJob("pdf", case, case.current_meeting, api.ExportOptions())
        paths.add(job.run(out).path)
        for fmt in ("easy-read", "invitation", "ics"):
            other = api.ExportJob(fmt, case, case.current_meeting, api.ExportOptions())
            paths.add(other.run(out).path)
    assert len(paths) == 12 and len(list(out.iterdir())) == 12
    assert any("olga-petrova" in p.name for p in paths)  # readable where the name allows


def test_a_second_export_to_the_same_folder_refuses_unless_told_to_overwrite(out):
    case = demo_case("1-josef")
    for fmt in ("pdf", "easy-read", "invitation", "ics"):
        job = api.ExportJob(fmt, case, case.current_meeting, api.ExportOptions())
        first = job.run(out).path
        before = first.read_bytes()
        with pytest.raises(api.FileExists):
            job.run(out)
        assert first.read_bytes() == before
        assert job.run(out, overwrite=True).path == first


def test_the_print_set_refuses_to_replace_files_before_writing_any(out):
    case = demo_case("1-josef")
    meeting = case.current_meeting
    job = printset.PrintJob(case, meeting, printset.default_items(case, meeting))
    documents = job.build()
    paths = job.save(out, documents)
    assert [p.name for p in paths] == job.file_names()
    (out / paths[0].name).write_bytes(b"other")
    with pytest.raises(api.FileExists):
        job.save(out, documents)
    assert (out / paths[0].name).read_bytes() == b"other"
    job.save(out, documents, overwrite=True)
    assert (out / paths[0].name).read_bytes().startswith(b"%PDF")


# --- the paper the law and the guide expect -----------------------------------------------------


def test_the_plan_prints_its_legal_basis_and_the_discharge_plan_its_own():
    case = demo_case("1-josef")
    text = plan_document(case).to_text()
    assert "10 kap. 8 § socialtjänstlagen (2025:400)" in text
    assert "16 kap. 4 § hälso- och sjukvårdslagen (2017:30)" in text
    case.current_meeting.kind = MeetingKind.DISCHARGE
    text = plan_document(case).to_text()
    assert "4 kap. 1–2 §§ lagen (2017:612)" in text
    assert "Enhet: Region" in text and "Huvudman:" not in text


@pytest.mark.parametrize("attendance", [Attendance.WRITTEN, Attendance.ABSENT])
def test_no_signature_line_for_who_did_not_take_part(attendance):
    case = demo_case("1-josef")
    meeting = case.current_meeting
    meeting.participants[2].attendance = attendance
    signatures = plan_document(case).section("signatures")
    names = [line.name for line in signatures.blocks[0].lines]
    assert meeting.participants[2].name not in names
    assert meeting.participants[0].name in names


def test_the_huvudansvarig_contact_is_in_the_plan():
    case = demo_case("1-josef")
    text = plan_document(case).to_text()
    section = text.split("## Huvudansvarig för planen")[1].split("##")[0]
    assert "018-611 00 02" in section


def test_the_own_copy_is_true_to_the_meeting_and_complete_at_discharge():
    case = demo_case("1-josef")
    meeting = case.current_meeting
    assert "Vi gjorde den tillsammans" not in easy_read_document(case).to_text()
    from sipdesk.model.participation import ParticipantRole

    person = replace(meeting.participants[0], role=ParticipantRole.PERSON,
                     attendance=Attendance.IN_PERSON)
    meeting.participants.append(person)
    assert "Vi gjorde den tillsammans" in easy_read_document(case).to_text()
    meeting.plan.care_contact = "Sjuksköterska Anna, vårdcentralen"
    meeting.plan.contact_place = "Vårdcentralen Gottsunda"
    meeting.plan.goals[0].interventions[0].what = "Ta insulin."
    meeting.plan.goals[0].interventions[0].time_plan = "Varje dag."
    text = easy_read_document(case).to_text()
    assert "Sjuksköterska Anna" in text and "Vårdcentralen Gottsunda" in text
    assert ".." not in text
    assert "## Det här gör du själv" not in text


def test_the_invitation_has_no_empty_references_and_gives_the_conveners_contact():
    case = demo_case("1-josef")
    meeting = case.current_meeting
    meeting.questions = []
    meeting.chair = ""
    text = invitation_document(case).to_text()
    assert "frågorna ovan" not in text and "—" not in text
    prefs = {"chair.name": "Maria Ek", "chair.phone": "070-111 22 33", "chair.email": "m@k.se"}
    text = invitation_document(case, preferences=prefs).to_text()
    assert "070-111 22 33" in text and "m@k.se" in text


def test_one_date_style_in_every_document():
    case = demo_case("1-josef")
    plan = case.current_meeting.plan
    plan.goals[0].target_date = dt.date(2027, 3, 15)
    for build in (plan_document, easy_read_document, invitation_document):
        text = build(case).to_text()
        body = text.rsplit("[", 1)[0]
        assert "2027-03-15" not in body and "2026-10-12" not in body, build.__name__


# --- a closed plan (issue 13, item 7) -------------------------------------------------------------


def test_a_closed_plan_says_so_on_page_one_and_refuses_follow_up_exports(out):
    case = demo_case("1-josef")
    case.closing = Closing(
        dt.date(2027, 1, 20), ClosingReason.CONSENT_WITHDRAWN, told=["BUP", "Skolan"]
    )
    data = pdf.render(plan_document(case)).pdf
    first = page_texts(data)[0]
    assert "Planen är avslutad" in first and "20 januari 2027" in first
    assert "Samtycket har återkallats" in first and "BUP, Skolan" in first
    assert "Planen är avslutad" in page_texts(pdf.render(easy_read_document(case)).pdf)[0]
    job = api.ExportJob("invitation", case, case.current_meeting, api.ExportOptions())
    with pytest.raises(api.ExportError, match="avslutades"):
        job.run(out)
    assert list(out.iterdir()) == []
    # the calendar file of a closed plan is never a booking: it cancels the booked follow-up
    data, result = api.ExportJob("ics", case, case.current_meeting, api.ExportOptions()).build()
    assert result.cancelled and b"METHOD:CANCEL" in data and b"STATUS:CANCELLED" in data
    kinds = [i.kind for i in printset.default_items(case, case.current_meeting)]
    assert "invitation" not in kinds
