"""Scripts whose letters change shape or place in context go through HarfBuzz (issue 14): a Thai
tone mark over an upper vowel, a lower vowel under ญ, Arabic joining, Hebrew points. Which fonts
need it is asked of HarfBuzz itself, for every font of the chain, so a script added later (say
Devanagari) is caught the same way."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont as FTFont
from pyhanko.pdf_utils.reader import PdfFileReader

from sipdesk.export import pdf
from sipdesk.export import textlayout as tl
from sipdesk.export.document import plan_document

from .helpers import demo_case
from .pdfread import missing_glyphs, page_texts

THAI = "ที่นี่ น้ำ ปู่ กี่ ผู้ใหญ่ ฟ้า ปั้น ญู ฐู ปิ่น ฝั่ง จ๋า ทุ่ง สมชาย ใจดี"


def _changes_with_marks(path) -> list[str]:
    """Letter + mark pairs of the font's own script that HarfBuzz draws with another glyph than
    the font's character map gives, or moves off its default place."""
    data = path.read_bytes()
    cmap = FTFont(io.BytesIO(data)).getBestCmap()
    order = FTFont(io.BytesIO(data)).getGlyphOrder()
    gid = {name: i for i, name in enumerate(order)}
    chars = [chr(c) for c in sorted(cmap) if c > 0x7F]
    marks = [c for c in chars if unicodedata.category(c) in ("Mn", "Mc")]
    letters = [c for c in chars if unicodedata.category(c) == "Lo"][:40]
    font = hb.Font(hb.Face(hb.Blob(data)))
    changed = []
    for mark in marks:
        for letter in letters[::4]:
            text = letter + mark
            buf = hb.Buffer()
            buf.add_str(text)
            buf.guess_segment_properties()
            hb.shape(font, buf, tl._FEATURES)
            want = [gid[cmap[ord(c)]] for c in text]
            got = [info.codepoint for info in buf.glyph_infos]
            moved = any(p.x_offset or p.y_offset for p in buf.glyph_positions)
            if got != want or moved:
                changed.append(text)
    return changed


@pytest.mark.parametrize("name, regular", [(n, r) for n, r, _b in tl.FALLBACKS])
def test_every_font_whose_marks_harfbuzz_moves_or_replaces_is_shaped(name, regular):
    changed = _changes_with_marks(tl.fonts_dir() / regular)
    if changed:
        assert name in tl._SHAPED, (name, changed[:5])


def _to_unicode(font) -> dict[int, str]:
    """A simple font's ToUnicode map: code -> text."""
    data = font["/ToUnicode"].get_object().data.decode("latin-1")
    out = {}
    for section in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, dest in re.findall(r"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]+)>", section):
            out[int(code, 16)] = bytes.fromhex(dest).decode("utf-16-be")
    return out


def test_thai_prints_shaped_and_reads_back_as_written():
    case = demo_case("1-josef")
    case.person.name = "สมชาย ใจดี"
    case.current_meeting.plan.own_view = THAI
    data = pdf.render(plan_document(case)).pdf
    assert missing_glyphs(data) == []
    # read back as written: the page's text and the running head
    texts = page_texts(data)
    joined = " ".join(texts)
    for word in THAI.split():
        assert unicodedata.normalize("NFKC", word) in joined, word
    assert "สมชาย ใจดี" in texts[1]
    # drawn shaped: the Thai font draws a tone mark's moved form – a second glyph that stands for
    # the same character as the one in the font's character map
    reader = PdfFileReader(io.BytesIO(data))
    thai_maps = []
    for page in reader.root["/Pages"]["/Kids"]:
        for font in page.get_object()["/Resources"]["/Font"].values():
            font = font.get_object()
            if "NotoSansThai" in str(font["/BaseFont"]):
                thai_maps.append(_to_unicode(font))
    assert thai_maps
    doubled = {
        ch
        for mapping in thai_maps
        for ch in mapping.values()
        if list(mapping.values()).count(ch) > 1
    }
    assert doubled & set("่้๊๋ิีุู"), thai_maps[0]


def test_a_thai_word_wider_than_the_line_is_never_cut_before_a_mark():
    tl.register_fonts()
    word = "ที่นี่" * 30
    for line in tl._break(word, 60, 9.5, False):
        assert unicodedata.category(line[0])[0] != "M", line
