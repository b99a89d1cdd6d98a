"""The print set as a pure function: which documents, in which order, marked for whom – and a
protected identity's name never in a mark or a file name."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sipdesk.export import printset
from sipdesk.export.document import plan_document
from sipdesk.model import planfile
from tests.export.helpers import demo_case, pdf_pages_text

JOSEF_PARTIES = [
    "Sara Berg och Johan Berg",
    "Barnmedicinska mottagningen",
    "Socialtjänsten, råd och stöd",
    "Primärvården, Vårdcentralen Centrum",
    "Förskolan Solrosen",
]


def josef():
    case = demo_case("1-josef")
    return case, case.current_meeting


def test_josefs_defaults_are_the_original_a_copy_per_party_and_the_own_copy():
    case, meeting = josef()
    items = printset.default_items(case, meeting)
    assert [i.kind for i in items] == (
        ["original"] + ["copy"] * 5 + ["own_copy", "about_sip", "about_sip_easy", "invitation"]
    )
    assert [i.recipient for i in items if i.kind == "copy"] == JOSEF_PARTIES
    assert [i.mark for i in items if i.kind == "copy"] == [
        f"Exemplar för: {p}" for p in JOSEF_PARTIES
    ]
    assert items[0].mark == "Original för underskrift"
    # the easy "Vad är SIP?" and the follow-up invitation (a follow-up is booked) are offered,
    # not chosen by default
    assert [i.kind for i in items if not i.enabled] == ["about_sip_easy", "invitation"]
    assert all(i.copies == 1 for i in items)


def test_no_follow_up_no_invitation_and_duplicate_parties_once():
    case, meeting = josef()
    meeting.plan.follow_up = None
    meeting.plan.copies_to = ["BUP", " bup ", "", "Skolan"]
    items = printset.default_items(case, meeting)
    assert [(i.kind, i.recipient) for i in items] == [
        ("original", ""),
        ("copy", "BUP"),
        ("copy", "Skolan"),
        ("own_copy", "Josef Berg"),
        ("about_sip", ""),
        ("about_sip_easy", ""),
    ]


@pytest.mark.parametrize("name", ["1-josef", "2-alice", "3-kasim", "4-linus", "5-skyddad"])
def test_what_is_sip_goes_home_from_a_first_meeting_and_is_offered_at_a_follow_up(name):
    """Issue 17: the "Vad är SIP?" sheet is in the set at every meeting – chosen at a first
    (or discharge) meeting, listed but not chosen at a follow-up, when the person has had it."""
    from sipdesk.model.enums import MeetingKind

    case = demo_case(name)
    for meeting in case.meetings:
        items = [i for i in printset.default_items(case, meeting) if i.kind.startswith("about")]
        assert [i.kind for i in items] == ["about_sip", "about_sip_easy"]
        assert items[0].enabled is (meeting.kind is not MeetingKind.FOLLOW_UP)
        assert not items[1].enabled  # offered in easy Swedish; the chair chooses
        assert all(i.mark == "" for i in items)  # a general sheet: no one's name on it
        job = printset.PrintJob(case, meeting, [replace(i, enabled=True) for i in items])
        sheets = job.build()
        assert [d.pages for d in sheets] == [1, 1]
        assert all(case.person.name not in d.file_name for d in sheets)


def test_every_page_of_each_copy_carries_its_mark_and_the_same_fingerprint(tmp_path):
    case, meeting = josef()
    items = printset.default_items(case, meeting)
    items = [replace(i, enabled=True) for i in items]  # the offered ones chosen too
    job = printset.PrintJob(case, meeting, items)
    documents = job.build()
    assert [d.item.kind for d in documents] == [i.kind for i in items]
    plan_fp = plan_document(case, meeting).fingerprint()
    for document in documents:
        pages = pdf_pages_text(document.pdf, tmp_path)
        assert len(pages) == document.pages
        if document.item.mark:
            assert all(document.item.mark in page for page in pages), document.item.mark
        if document.item.kind in ("original", "copy"):
            # the mark is outside the fingerprint: every copy shows the original's Kontroll
            assert document.fingerprint == plan_fp
            assert all(f"Kontroll {plan_fp}" in page for page in pages)
    # the original holds every signature line (each participant who took part)
    original = "\n".join(pdf_pages_text(documents[0].pdf, tmp_path))
    for p in meeting.participants:
        if p.attendance.value != "absent":
            assert p.name in original
    # the invitation is for the booked follow-up, not the meeting just held
    invitation = "\n".join(pdf_pages_text(documents[-1].pdf, tmp_path))
    assert "15 februari 2027" in invitation and "Kallelse" in invitation
    # no copy carries another's mark
    copy_pages = pdf_pages_text(documents[1].pdf, tmp_path)
    assert not any(JOSEF_PARTIES[1] in page.split("Exemplar för:")[-1] for page in copy_pages)


def test_protected_identity_shows_nothing_protected(tmp_path):
    case = demo_case("5-skyddad")
    meeting = case.current_meeting
    items = [
        printset.PrintItem(i.kind, i.recipient, i.mark, 1, True)
        for i in printset.default_items(case, meeting)
    ]
    marks = " ".join(i.mark for i in items)
    assert "Amira" not in marks and "Haddad" not in marks
    assert "Exemplar för: Klient K-17 (lämnas personligen)" in marks
    job = printset.PrintJob(case, meeting, items)
    documents = job.build()
    for document in documents:
        assert "amira" not in document.file_name and "haddad" not in document.file_name
        for page in pdf_pages_text(document.pdf, tmp_path):
            assert "Amira" not in page and "Haddad" not in page
            assert case.person.personnummer not in page


def test_save_writes_the_set_in_order_for_the_user_only(tmp_path):
    case, meeting = josef()
    job = printset.PrintJob(case, meeting, printset.default_items(case, meeting))
    folder = tmp_path / "set"
    folder.mkdir()
    paths = job.save(folder)
    assert [p.name for p in paths] == sorted(p.name for p in folder.iterdir())
    assert len(paths) == 8
    assert paths[0].name == "01-sip-josef-berg-2026-10-12-v1-1688c834-original.pdf"
    assert paths[2].name.endswith("-exemplar-barnmedicinska-mottagningen.pdf")
    assert paths[-2].name == "07-min-plan-josef-berg-2026-10-12-1688c834-egen-kopia.pdf"
    assert paths[-1].name == "08-vad-ar-sip-josef-berg-2026-10-12-1688c834.pdf"
    if os.name == "posix":
        assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in paths)
    assert not [p for p in folder.iterdir() if p.name.startswith(".sipdesk-")]


def test_save_to_a_missing_folder_says_so(tmp_path):
    from sipdesk.export.api import ExportError

    case, meeting = josef()
    job = printset.PrintJob(case, meeting, printset.default_items(case, meeting))
    with pytest.raises(ExportError, match="finns inte"):
        job.save(tmp_path / "nope")


def test_audit_detail_counts_without_names_and_the_handout_names_the_parties():
    case, meeting = josef()
    items = printset.default_items(case, meeting)
    items[1] = printset.PrintItem("copy", items[1].recipient, items[1].mark, copies=2)
    job = printset.PrintJob(case, meeting, items)
    detail = job.audit_detail("printer")
    assert detail == "original+6 copies+own copy+what is sip (printer)"
    assert not any(word in detail for word in ("Berg", "Barnmedicinska", "Josef"))
    handout = job.handout("printer", on=dt.date(2026, 10, 12))
    assert handout.recipients == JOSEF_PARTIES and handout.original and handout.own_copy
    assert not handout.invitation
    printset.record_handout(case, meeting, handout)
    again = planfile.loads(planfile.dumps(case)).current_meeting.handouts
    assert again == [handout]


def test_older_plan_files_without_handouts_still_read():
    case, _meeting = josef()
    assert case.current_meeting.handouts == []


# words of the marks themselves are no test of the Redactor: a person named "Till" is left out
FIXED = {"till", "mamma", "bup", "lämnas", "personligen", "vårdnadshavare", "klient", "k", "17",
         "exemplar", "för", "original", "underskrift"}
NAMES = st.from_regex(r"[A-ZÅÄÖ][a-zåäö]{1,9}( [A-ZÅÄÖ][a-zåäö]{1,9}){0,2}", fullmatch=True).filter(
    lambda n: not {p.casefold() for p in n.split()} & FIXED
)


@settings(max_examples=60)
@given(
    name=NAMES,
    before=st.sampled_from(["", "Till ", "Mamma till ", "BUP / "]),
    after=st.sampled_from(["", " (lämnas personligen)", "s mamma", ", vårdnadshavare"]),
)
def test_marks_never_hold_a_protected_name(name, before, after):
    case, meeting = josef()
    case.person.name = name
    case.person.protected_identity = True
    case.person.pseudonym = "Klient K-17"
    meeting.plan.copies_to = [before + name + after, before + name.upper() + after]
    parts = {p.casefold() for p in name.split()} | {name.casefold()}
    for item in printset.default_items(case, meeting):
        words = {w.casefold() for w in re.findall(r"\w+", item.mark)}
        assert not words & parts, item.mark
        # the file name of a marked copy holds its party's slug: no name there either
        assert not set(re.findall(r"[a-z]+", printset.slug(item.mark_party))) & {
            printset.slug(p) for p in parts
        }
