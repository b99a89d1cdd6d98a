"""The signature stamp prints the signer's name as the window shows it (issue 14): any script the
chair's name may be written in – right to left included – in reading order and with a glyph for
every character, read back from the signed PDF itself; a name that cannot be printed or held by a
certificate is refused, naming the field and the character, before anything is written."""

from __future__ import annotations

import datetime as dt
import functools
import unicodedata
from pathlib import Path

import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

from sipdesk.export import api, identity, pdf
from sipdesk.export.document import plan_document
from sipdesk.export.printable import UnprintableText
from sipdesk.export.signing import sign_pdf, verify_hint
from tests.export.helpers import MemoryPreferences

from .helpers import demo_case
from .pdfread import flattened_texts, missing_glyphs

NOW = dt.datetime(2027, 1, 15, 12, 0, tzinfo=dt.UTC)

# letters of each script a chair's name may be written in (Persian: its own letters too)
NAME_SCRIPTS = {
    "latin": "abcdefghijklmnopqrstuvwxyzåäöéèüçşğıłőűøæžčćđßñãõŁÖÅÉŽČ",
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщыьэюяђјљњћџєїіґ",
    "greek": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىئء",
    "persian": "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی",
    "hebrew": "אבגדהוזחטיכלמנסעפצקרשתךםןףץ",
    "ethiopic": "".join(chr(c) for c in range(0x1200, 0x1248)),
    "armenian": "աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ",
    "georgian": "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ",
    "thai": "กขคงจฉชซญดตถทนบปผพฟภมยรลวศษสหอฮ" + "ะาิีึืุูเแโใไ่้๊๋",
}


def _word(alphabet: str):
    return st.text(alphabet=alphabet, min_size=2, max_size=9).filter(
        lambda w: not unicodedata.combining(w[0])  # a name starts with a letter, not a mark
    )


names = st.sampled_from(sorted(NAME_SCRIPTS)).flatmap(
    lambda script: st.lists(_word(NAME_SCRIPTS[script]), min_size=1, max_size=4).map(" ".join)
)


@functools.cache
def _unsigned():
    """Josef's plan, rendered once with room for the stamp (the caption's fingerprint is not
    the signer's: the stamp is what is tested)."""
    return pdf.render(plan_document(demo_case("1-josef"), stamp_caption=verify_hint("00 " * 16)))


@pytest.fixture
def unsigned():
    return _unsigned()


def _identity(tmp_path: Path, name: str, now: dt.datetime | None = NOW):
    return identity.create_self_signed(MemoryPreferences(tmp_path), name, "Samordnare", now=now)


def _stamp_text(signed: bytes, page: int) -> list[str]:
    text = flattened_texts(signed)[page]
    return [" ".join(line.split()) for line in text.replace("\r", "").split("\n")]


@settings(max_examples=20, phases=(Phase.explicit, Phase.reuse, Phase.generate))
@given(name=names)
@example(name="مريم الحسيني")
@example(name="דוד כהן")
@example(name="فاطمه رضایی")  # Persian
@example(name="Łukasz Nguyễn Ørjan Özdemir")
@example(name="สมชาย ใจดี")
@example(name="محمد بن عبد الرحمن بن عبد الله الحسيني")  # past 64 UTF-8 bytes, not 64 letters
def test_any_signer_name_stamps_in_reading_order_with_a_glyph_for_every_character(
    tmp_path_factory, name
):
    unsigned = _unsigned()  # not a fixture: hypothesis would print its bytes with each failure
    ident = _identity(tmp_path_factory.mktemp("id"), name)
    signed = sign_pdf(unsigned.pdf, unsigned.stamp, ident, now=NOW)
    # every character the pages and the stamp draw has its glyph in the embedded font
    assert missing_glyphs(signed) == []
    # the stamp's text, read back: the name on a line of its own, in logical (reading) order
    lines = _stamp_text(signed, unsigned.stamp.page)
    want = unicodedata.normalize("NFKC", " ".join(name.split()))
    assert want in lines, (name, lines)
    assert "Tid: 2027-01-15 13:00 CET" in lines


def test_a_signer_name_no_font_prints_is_refused_before_anything_is_written(
    unsigned, tmp_path, monkeypatch
):
    # the chair's profile refuses it when the identity is made ...
    with pytest.raises(identity.IdentityError) as made:
        _identity(tmp_path / "a", "Maria 𓀀 Ek")
    assert "𓀀" in str(made.value) and "U+13000" in str(made.value)
    assert "ordförande" in str(made.value).lower()
    # ... and a certificate made elsewhere (imported) is refused at signing, naming the field
    monkeypatch.setattr(identity, "check_signer_name", lambda name: None)
    ident = _identity(tmp_path / "b", "Maria 𓀀 Ek", now=None)
    with pytest.raises(UnprintableText) as signing:
        sign_pdf(unsigned.pdf, unsigned.stamp, ident, now=NOW)
    assert signing.value.chars == ["𓀀"]
    assert "signer" in str(signing.value).lower() or "undertecknar" in str(signing.value).lower()
    # through the export: a clear message, no file
    case = demo_case("1-josef")
    out = tmp_path / "out"
    out.mkdir()
    job = api.ExportJob("pdf", case, case.current_meeting, api.ExportOptions(sign=True),
                        identity=ident)  # fmt: skip
    with pytest.raises(api.ExportError) as exported:
        job.run(out)
    assert "U+13000" in str(exported.value) and "oväntat" not in str(exported.value)
    assert list(out.iterdir()) == []


def test_a_name_longer_than_a_certificate_holds_is_refused_with_the_field_named(tmp_path):
    with pytest.raises(identity.IdentityError) as exc:
        _identity(tmp_path, "Anna " + "Lindqvist-" * 7)
    assert "64" in str(exc.value)
