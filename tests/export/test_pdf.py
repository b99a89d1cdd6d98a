"""The rendered PDFs, read back as text the way a receiver's reader would."""

from __future__ import annotations

import re
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sipdesk.export import pdf
from sipdesk.export.document import plan_document
from sipdesk.export.easyread import easy_read_document
from sipdesk.export.invitation import invitation_document
from tests import strategies
from tests.export.helpers import big_case, demo_case, pdf_pages_text, pdf_text, squash


@pytest.fixture(scope="module")
def josef():
    return demo_case("1-josef")


def test_plan_pdf_holds_every_heading_goal_row_and_participant(josef, tmp_path):
    doc = plan_document(josef)
    rendered = pdf.render(doc)
    text = squash(pdf_text(rendered.pdf, tmp_path))
    for section in doc.sections:
        assert squash(section.heading) in text, section.heading
    plan = josef.current_meeting.plan
    for goal in plan.goals:
        assert squash(goal.text) in text
        for item in goal.interventions:
            assert squash(item.what) in text
            assert squash(item.time_plan) in text
    for p in josef.current_meeting.participants:
        assert p.name in text  # Łukasz Nowak and Ørjan Dahl too: the font covers them
    assert "Kopia till" in text and "Originalet förvaras av" in text


def test_names_outside_latin1_render_as_text_with_embedded_fonts(josef, tmp_path):
    josef.current_meeting.participants[0].name = "Nguyễn Özdemir"
    rendered = pdf.render(plan_document(josef))
    assert "Nguyễn Özdemir" in pdf_text(rendered.pdf, tmp_path)
    path = tmp_path / "fonts.pdf"
    path.write_bytes(rendered.pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows)  # every font embedded
    assert not any("Helvetica" in row for row in rows)


def test_every_page_has_the_footer_with_id_version_page_and_fingerprint(josef, tmp_path):
    doc = plan_document(josef)
    rendered = pdf.render(doc)
    pages = pdf_pages_text(rendered.pdf, tmp_path)
    assert len(pages) == rendered.pages >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in page
        assert doc.doc_id in page and f"Planversion {doc.version}" in page
        assert doc.fingerprint() in page


def test_metadata_holds_no_personal_data(tmp_path):
    case = demo_case("5-skyddad")
    for doc in (plan_document(case), easy_read_document(case), invitation_document(case)):
        path = tmp_path / "meta.pdf"
        path.write_bytes(pdf.render(doc).pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
        for word in ("Amira", "Haddad", "K-17", "Cecilia", "19850610"):
            assert word not in info.stdout
        assert "Title:" in info.stdout and "SipDesk" in info.stdout


def test_protected_plan_pdf_is_marked_and_holds_no_protected_value(tmp_path):
    case = demo_case("5-skyddad")
    for doc in (plan_document(case), easy_read_document(case), invitation_document(case)):
        pages = pdf_pages_text(pdf.render(doc).pdf, tmp_path)
        assert "SKYDDADE PERSONUPPGIFTER" in pages[0]
        text = " ".join(pages)
        for secret in (
            "Amira",
            "Haddad",
            "19850610",
            "Storgatan",
            "073-900",
            "Kvinnojourens lokal",
            "Åsgatan",
            "Skyddad mötesplats",
        ):
            assert secret not in text, secret


def test_200_rows_paginate_with_header_repeated_and_no_row_split(tmp_path):
    case = big_case(200)
    rendered = pdf.render(plan_document(case))
    pages = pdf_pages_text(rendered.pdf, tmp_path)
    assert rendered.pages >= 8
    table_pages = [p for p in pages if re.search(r"Insats R\d{3}", p)]
    assert len(table_pages) >= 6
    for page in table_pages:
        assert "Insats/aktivitet" in page and "Tidsplan" in page  # the header on each page
    for i in range(100):
        for k in "ab":
            tag = f"Insats R{i:03d}{k}"
            holding = [n for n, p in enumerate(pages) if tag in p]
            assert len(holding) == 1, tag
            # the row's last word is on the same page as its first: it was not cut in half
            assert f"END-R{i:03d}{k}" in pages[holding[0]]


def test_easy_read_is_in_large_type(josef, tmp_path):
    plan_pdf = tmp_path / "plan.pdf"
    easy_pdf = tmp_path / "easy.pdf"
    plan_pdf.write_bytes(pdf.render(plan_document(josef)).pdf)
    easy_pdf.write_bytes(pdf.render(easy_read_document(josef)).pdf)

    def body_size(path):
        # pdftotext -bbox gives each word's box; the median height stands for the body size
        out = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        heights = sorted(
            float(m.group(2)) - float(m.group(1))
            for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', out)
        )
        return heights[len(heights) // 2]

    assert body_size(easy_pdf) > 1.3 * body_size(plan_pdf)
    text = squash(pdf_text(easy_pdf.read_bytes(), tmp_path))
    for heading in ("Min plan", "Vem gör vad", "Har du frågor? Ring", "När vi ses nästa gång"):
        assert heading in text
    assert "018-611 00 02" in text  # whom to call


def test_invitation_pdf_has_purpose_questions_and_invitees(josef, tmp_path):
    text = squash(pdf_text(pdf.render(invitation_document(josef)).pdf, tmp_path))
    meeting = josef.current_meeting
    assert "Kallelse till SIP-möte" in text and "13:00–14:30" in text
    assert meeting.place in text
    for question in meeting.questions:
        assert squash(question) in text
    for p in meeting.participants:
        assert p.name in text


def test_a_row_taller_than_a_page_still_prints_all_of_it(tmp_path):
    case = demo_case("1-josef")
    long_text = " ".join(f"ord{i}" for i in range(2500)) + " SLUTORD"
    case.current_meeting.plan.goals[0].interventions[0].what = long_text
    rendered = pdf.render(plan_document(case))
    text = pdf_text(rendered.pdf, tmp_path)
    assert "ord0 " in text and "SLUTORD" in text and "Kopia till" in text


@settings(max_examples=15)
@given(case=strategies.cases(), kind=st.sampled_from(["plan", "easy-read", "invitation"]))
def test_any_case_renders_with_markup_characters_kept_as_text(case, kind):
    if not case.meetings:
        return
    case.current_meeting.plan.strengths = "<b>fet?</b> & <br/> 5 < 6"
    build = {
        "plan": plan_document,
        "easy-read": easy_read_document,
        "invitation": invitation_document,
    }
    try:
        rendered = pdf.render(build[kind](case))
    except pdf.UnprintableText as exc:
        # generated text reaches code points no font prints (private use, unassigned, CJK):
        # the export names them instead of printing boxes
        from sipdesk.export import textlayout as tl

        assert exc.chars and all(tl.font_for(c) is None for c in exc.chars)
        assert all(f"U+{ord(c):04X}" in str(exc) for c in exc.chars)
        return
    assert rendered.pdf.startswith(b"%PDF") and rendered.pages >= 1


def test_markup_in_plan_text_prints_literally(tmp_path):
    case = demo_case("1-josef")
    case.current_meeting.plan.strengths = "Han säger <b>nej</b> & menar 5 < 6"
    text = pdf_text(pdf.render(plan_document(case)).pdf, tmp_path)
    assert "Han säger <b>nej</b> & menar 5 < 6" in text
