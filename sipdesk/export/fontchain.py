"""The embedded fonts as one chain: DejaVu Sans for Latin, Greek and Cyrillic, and each other
character in the first Noto font that has it (resources/fonts/README.md). The main font is
registered with ReportLab at once; a fallback family when a character first needs one, under a
lock (an export and a print may run in two threads). Also ReportLab's ToUnicode map, so a reader
copies a shaped glyph or a character beyond U+FFFF as the characters it stands for.

ReportLab is imported by this module: import it only when exporting.
"""

from __future__ import annotations

import threading
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from sipdesk import paths

FONT, FONT_BOLD = "SipDeskSans", "SipDeskSans-Bold"

# (name, regular file, bold file); the order is the fallback order after the main font
FALLBACKS = (
    ("SipDeskArabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    ("SipDeskHebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    ("SipDeskArmenian", "NotoSansArmenian-Regular.ttf", "NotoSansArmenian-Bold.ttf"),
    ("SipDeskGeorgian", "NotoSansGeorgian-Regular.ttf", "NotoSansGeorgian-Bold.ttf"),
    ("SipDeskEthiopic", "NotoSansEthiopic-Regular.ttf", "NotoSansEthiopic-Bold.ttf"),
    ("SipDeskThai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
    ("SipDeskEmoji", "NotoEmoji-Regular.ttf", "NotoEmoji-Regular.ttf"),
)
# scripts whose letters take their own font even where DejaVu has a glyph (its Arabic and Hebrew
# lack the shaping tables; the window, through the system's fonts, joins the letters)
_PREFERRED = (
    ((0x0590, 0x05FF), "SipDeskHebrew"),
    ((0xFB1D, 0xFB4F), "SipDeskHebrew"),
    ((0x0600, 0x06FF), "SipDeskArabic"),
    ((0x0750, 0x077F), "SipDeskArabic"),
    ((0x08A0, 0x08FF), "SipDeskArabic"),
    ((0xFB50, 0xFDFF), "SipDeskArabic"),
    ((0xFE70, 0xFEFF), "SipDeskArabic"),
    ((0x1F000, 0x1FAFF), "SipDeskEmoji"),
)
# fonts whose text goes through HarfBuzz: Arabic joining, Hebrew points, Thai, whose tone marks
# and vowels stack and move (a tone mark above an upper vowel, a lower vowel under ญ or ฐ
# without their tails; without shaping they overprint), and Ethiopic's combining marks.
# Armenian and Georgian need none: each letter is one glyph in its place. The test asks
# HarfBuzz which fonts of the chain change their marks (tests/export/test_shaping.py).
_SHAPED = {"SipDeskArabic", "SipDeskHebrew", "SipDeskThai", "SipDeskEthiopic"}

def fonts_dir():
    return paths.resources_dir() / "fonts"


class _Chain:
    """The registered fonts' character sets. The main font is registered at once; each
    fallback family when a character first asks for it (most plans need none of the 13 Noto
    files, whose parsing was a third of a short export's rendering)."""

    def __init__(self, cmaps: dict[str, frozenset[int]]):
        self.cmaps = cmaps

    def cmap(self, name: str) -> frozenset[int]:
        found = self.cmaps.get(name)
        if found is None:
            with _REGISTERING:  # an export in a worker thread and one in the window
                if name not in self.cmaps:
                    _register_fallback(name.removesuffix("-Bold"))
            found = self.cmaps[name]
        return found


# A joined form or a ligature has no code point of its own: ReportLab gives such a glyph one
# from the private use area, and a reader would get U+E000. What each stands for, per font.
_PRIVATE: dict[tuple[str, int], str] = {}

_chain: _Chain | None = None
_REGISTERING = threading.Lock()


def _to_unicode_cmap(fontname, subset):
    """ReportLab's ToUnicode CMap, with characters beyond U+FFFF written as UTF-16 surrogate
    pairs (ReportLab 4–5 writes "<1F3E0>", which readers cut to U+1F3E: an emoji's text came out
    as a Greek letter)."""
    face = fontname.split("+")[-1]

    def utf16(v: int) -> str:
        source = _PRIVATE.get((face, v)) if 0xE000 <= v <= 0xF8FF else None
        if source:  # a shaped glyph: the characters it stands for (a ligature: several)
            return source.encode("utf-16-be").hex().upper()
        if v > 0xFFFF:
            return chr(v).encode("utf-16-be").hex().upper()
        return f"{v:04X}"

    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({fontname})",
            f"/Ordering ({fontname})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{fontname} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<00> <%02X>" % (len(subset) - 1),
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
        ]
        + [f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)]
        + ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    )


def register_fonts() -> None:
    """Register the main font once (ReportLab embeds each font as a subset); the fallbacks
    follow when a character needs one (`_Chain.cmap`)."""
    global _chain
    if _chain is not None:
        return
    with _REGISTERING:  # two first exports at once (a worker and the window): one chain
        if _chain is not None:
            return
        from reportlab.pdfbase import ttfonts

        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        d = fonts_dir()
        pdfmetrics.registerFont(TTFont(FONT, str(d / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(d / "DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
        )
        _chain = _Chain({FONT: _cmap(FONT), FONT_BOLD: _cmap(FONT_BOLD)})


def _register_fallback(family: str) -> None:
    """Register one fallback family of FALLBACKS (regular and bold) and note its characters."""
    assert _chain is not None
    regular, bold = next((r, b) for name, r, b in FALLBACKS if name == family)
    d = fonts_dir()
    name = family
    found: dict[str, frozenset[int]] = {}  # offered (in the chain) once the whole family is there:
    # `_Chain.cmap` reads the chain without the lock, and a bold paragraph's <font face> in this
    # script would get the regular weight while the family's bold is not yet mapped
    pdfmetrics.registerFont(TTFont(name, str(d / regular)))
    found[name] = _cmap(name)
    if bold == regular:
        # one font, one name: two ReportLab fonts from one file get one PDF font name, and
        # the second's character map (ToUnicode) would be read with the first's codes
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    else:
        pdfmetrics.registerFont(TTFont(name + "-Bold", str(d / bold)))
        pdfmetrics.registerFontFamily(
            name, normal=name, bold=name + "-Bold", italic=name, boldItalic=name + "-Bold"
        )
        found[name + "-Bold"] = _cmap(name + "-Bold")
    _chain.cmaps.update(found)


def _cmap(name: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


def cmap_of(font_name: str) -> frozenset[int]:
    register_fonts()
    assert _chain is not None
    return _chain.cmap(font_name)


def _preferred(code: int) -> str | None:
    for (lo, hi), name in _PREFERRED:
        if lo <= code <= hi:
            return name
    return None


_SINGLE_WEIGHT = {name for name, regular, bold in FALLBACKS if regular == bold}


def _weight(name: str, bold: bool) -> str:
    return name + "-Bold" if bold and name not in _SINGLE_WEIGHT else name


@lru_cache(maxsize=8192)
def font_for(ch: str, bold: bool = False) -> str | None:
    """The font that prints `ch` (None: no embedded font has it)."""
    register_fonts()
    assert _chain is not None
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return None  # a control character (a line end): no font of the chain has one
    main = FONT_BOLD if bold else FONT
    order = [main] + [_weight(name, bold) for name, _r, _b in FALLBACKS]
    preferred = _preferred(code)
    if preferred:
        order.insert(0, _weight(preferred, bold))
    for name in order:
        if code in _chain.cmap(name):
            return name
    return None
