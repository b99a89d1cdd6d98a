"""The printed text's fast paths give what the character-by-character definitions give.

`clean`, `runs`, `unprintable`, `has_rtl` and `needs_layout` skip work for the common case (every
character in the main font, no control characters); the reference versions below are the
definitions they replaced, kept here as the oracle. Fallback fonts are registered when a
character first needs one, so a document of Latin text never parses the Noto files.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from sipdesk.export import textlayout as tl

# letters of every script the chain prints (and some it cannot), combining marks, controls,
# bidi and other invisible steering characters, spaces and punctuation, emoji with selectors
ALPHABET = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(
        list("aåäöéüßøæ Å\n\r\t.,;:-–()\"'!?")
        + list("Ωжא؟شسلاممريمአማ")
        + list("ไม้ญฐՀԱქართ😀") + ["\u0301", "\u064b", "\u05b0", "\ufe0f"]
        + ["\u200f", "\u202e", "\u2066", "\x00", "\x07", "\x1b", "\x85", "\x9f", "\u00ad"]
        + ["\U00013000", "\U0001f3fb", "\ufeff", "\u200b", "\u2028"]
    ),
)
TEXT = st.text(ALPHABET, max_size=60)

_BLANK_RUNS = re.compile(r"\n[ \t]*(\n[ \t]*)+\n")


def reference_clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = text.translate(tl._DROP)
    if any(unicodedata.category(c) == "Cc" and c != "\n" for c in text):
        text = "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")
    if "\n\n\n" in text or "\n \n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n")


def reference_unprintable(text: str) -> list[str]:
    out: list[str] = []
    for ch in reference_clean(text):
        if ch in "\n " or ch in out:
            continue
        if tl.font_for(ch) is None:
            out.append(ch)
    return out


def reference_runs(text: str, bold: bool) -> list[tuple[str, str]]:
    main = tl.FONT_BOLD if bold else tl.FONT
    out: list[tuple[str, str]] = []
    for ch in text:
        current = out[-1][0] if out else None
        if current and not ch.isalnum() and unicodedata.category(ch)[0] in "ZPM":
            if ord(ch) in tl.cmap_of(current):
                out[-1] = (current, out[-1][1] + ch)
                continue
        name = tl.font_for(ch, bold) or main
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + ch)
        else:
            out.append((name, ch))
    return out


@given(TEXT)
def test_clean_is_the_character_by_character_definition(text):
    assert tl.clean(text) == reference_clean(text)


@given(TEXT)
def test_unprintable_names_the_same_characters_in_the_same_order(text):
    assert tl.unprintable(text) == reference_unprintable(text)


@given(TEXT, st.booleans())
def test_runs_are_the_character_by_character_runs(text, bold):
    text = tl.clean(text)
    assert tl.runs(text, bold) == reference_runs(text, bold)
    assert "".join(part for _font, part in tl.runs(text, bold)) == text


@given(TEXT)
def test_layout_choice_is_the_per_character_one(text):
    text = tl.clean(text)
    assert tl.has_rtl(text) == any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
    shaped = any(
        ord(c) >= 0x0E00 and (tl.font_for(c) or "").removesuffix("-Bold") in tl._SHAPED
        for c in text
    )
    assert tl.needs_layout(text) == (tl.has_rtl(text) or shaped)


_FRESH = """
import sys
from sipdesk.export.document import plan_document
from sipdesk.export import pdf, textlayout as tl
from tests.export.helpers import demo_case
case = demo_case("1-josef")
case.person.name = sys.argv[1]
pdf.render(plan_document(case))
from sipdesk.export import fontchain
print(sorted(fontchain._chain.cmaps))
"""


def _fonts_registered_for(name: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _FRESH, name], capture_output=True, text=True, check=True
    ).stdout
    return set(eval(out))  # noqa: S307 - our own child's printed list of names


def test_a_latin_plan_registers_no_fallback_font_and_an_arabic_name_its_own():
    assert _fonts_registered_for("Josef Berg") == {tl.FONT, tl.FONT_BOLD}
    arabic = _fonts_registered_for("مريم الحسيني")
    assert {"SipDeskArabic", "SipDeskArabic-Bold"} <= arabic
    assert "SipDeskThai" not in arabic


def test_no_font_of_the_chain_has_a_control_character():
    """font_for answers None for control characters without asking the fallbacks."""
    tl.register_fonts()
    for name, _regular, _bold in tl.FALLBACKS:
        tl.cmap_of(name)
    controls = {c for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc"}
    assert controls == set(range(0x20)) | set(range(0x7F, 0xA0))
    from sipdesk.export import fontchain

    for name, cmap in fontchain._chain.cmaps.items():
        assert not controls & cmap, name


def test_reportlab_measures_text_with_its_c_accelerators():
    """rl_accel is a dependency: without it ReportLab measures every string in Python."""
    from reportlab.lib import rl_accel

    assert rl_accel.instanceStringWidthTTF.__module__ == "_rl_accel"


def _styles():
    from sipdesk.export import pdf

    tl.register_fonts()  # as a render does before its first paragraph
    st_ = pdf._Styles(large=False)
    big = pdf._Styles(large=True)
    return [st_.body, st_.cell, st_.label, big.body, big.label]


@given(text=st.one_of(TEXT, st.text(st.sampled_from(list("abc åäö  \u00a0\t\n.-–,")), max_size=80)))
def test_a_plain_paragraph_gets_the_fragments_reportlabs_parser_makes(text):
    from reportlab.platypus import Paragraph

    for style in _styles():
        marked = tl.markup(tl.clean(text), tl.FONT_BOLD == style.fontName)
        fast = tl.plain_frags(marked, style)
        if fast is None:  # markup with escapes or spans: ReportLab parses it
            assert any(c in marked.replace("<br/>", "") for c in "<>&")
            continue
        parsed = Paragraph(marked, style)
        assert [f.__dict__ for f in fast] == [f.__dict__ for f in parsed.frags]
        quick = Paragraph(marked, style, frags=fast)
        for width in (40, 120, 400):
            # fragments compare by identity: compare the lines as ReportLab writes them out
            assert repr(quick.breakLines([width]).lines) == repr(parsed.breakLines([width]).lines)


def test_a_plain_paragraph_skips_the_parser():
    from reportlab.platypus import paraparser

    from sipdesk.export import pdf

    calls = []
    real = paraparser.ParaParser.parse
    style = pdf._Styles(large=False).cell
    pdf.flow("En första text", style)  # the style's template: parsed once
    paraparser.ParaParser.parse = lambda self, *a, **k: calls.append(a) or real(self, *a, **k)
    try:
        para = [pdf.flow(text, style) for text in ("Skolan & hemmet", "Hej  på\u00a0dig",
                                                   "Karin Holm\nHuvudman: Region", "")]
    finally:
        paraparser.ParaParser.parse = real
    assert len(calls) == 1  # the "&" one only
    assert para[1].frags[0].text == "Hej på\u00a0dig"
    assert [f.text for f in para[2].frags] == ["Karin Holm", "", "Huvudman: Region"]
