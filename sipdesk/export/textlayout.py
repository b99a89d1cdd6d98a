"""Text on paper as the window shows it: a chain of embedded fonts, bidirectional order and
shaping for right-to-left scripts, Swedish hyphenation, and a check that names the character a
document cannot print before anything is written.

- **Fonts.** DejaVu Sans sets Latin, Greek and Cyrillic; each other character falls back to the
  first Noto font that has it (Arabic script, Hebrew, Armenian, Georgian, Ethiopic, Thai, emoji in
  monochrome Noto Emoji) – see resources/fonts/README.md. Runs of one font become `<font>` spans
  of a ReportLab paragraph.
- **Right to left.** Text with Arabic or Hebrew letters is laid out by `BidiText`: lines are
  broken in logical order, each line is reordered by the Unicode bidirectional algorithm
  (python-bidi's reference implementation gives the levels), Arabic-script runs are shaped with
  HarfBuzz (ReportLab's `shapeStr`), and the glyphs are written in logical order at their visual
  places – so the page reads right and a text extractor meets the letters in reading order.
- **Line breaks.** Breaks at spaces; a word that must break is hyphenated from pyphen's Swedish
  dictionary (ReportLab's `hyphenationLang`); never at the hyphens inside a date, a time or a
  personnummer (`embeddedHyphenation=0`).

ReportLab is imported by this module: import it only when exporting.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from dataclasses import dataclass
from functools import lru_cache
from html import escape as _html_escape

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from sipdesk.export.fontchain import (  # noqa: F401 - the chain's names, used from here too
    _PRIVATE,
    _SHAPED,
    FALLBACKS,
    FONT,
    FONT_BOLD,
    cmap_of,
    font_for,
    fonts_dir,
    register_fonts,
)

# invisible characters that steer a renderer the PDF does not have: emoji variation selectors,
# joiners outside Arabic, bidi controls (the layout below does the bidi), BOM, soft hyphen
_DROP = dict.fromkeys(
    [0xFE0E, 0xFE0F, 0x200B, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, 0x00AD]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A))
    + list(range(0x1F3FB, 0x1F400))  # skin-tone modifiers print as their own swatch otherwise
)
_BLANK_RUNS = re.compile(r"\n[ \t]*(\n[ \t]*)+\n")
# Unicode's control characters (general category Cc: U+0000–U+001F and U+007F–U+009F), but the
# line end; one regular-expression pass instead of a category lookup per character
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """The text as it is printed: line ends unified, invisible steering characters and control
    characters dropped, tabs as spaces, runs of blank lines collapsed to one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = text.translate(_DROP)
    text = _CONTROLS.sub("", text)
    if "\n\n\n" in text or "\n \n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n")


def unprintable(text: str) -> list[str]:
    """The characters of `text` (after `clean`) that no embedded font has, in order, once each."""
    text = clean(text)
    missing = {ch for ch in set(text) if ch not in "\n " and font_for(ch) is None}
    if not missing:
        return []
    out: list[str] = []
    for ch in text:  # in the order they are met
        if ch in missing and ch not in out:
            out.append(ch)
    return out


def describe_char(ch: str) -> str:
    """"'𓀀' (U+13000 EGYPTIAN HIEROGLYPH A001)" – for the message that names it."""
    name = unicodedata.name(ch, "")
    return f"'{ch}' (U+{ord(ch):04X}{' ' + name if name else ''})"


def runs(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """`text` cut into (font, text) runs; spaces and punctuation stay in the run they are in
    when its font has them. A character no font has goes to the main font (it was reported by
    `unprintable` before rendering; here it only must not stop the layout)."""
    main = FONT_BOLD if bold else FONT
    if text and set(text) <= _main_below_hebrew(bold):
        return [(main, text)]  # Latin, Greek, Cyrillic in the main font: one run (most text)
    if text and all(font_for(ch, bold) in (main, None) for ch in set(text)):
        return [(main, text)]  # every character in the main font: one run
    out: list[tuple[str, str]] = []
    for ch in text:
        current = out[-1][0] if out else None
        if current and not ch.isalnum() and unicodedata.category(ch)[0] in "ZPM":
            if ord(ch) in cmap_of(current):
                out[-1] = (current, out[-1][1] + ch)
                continue
        name = font_for(ch, bold) or main
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + ch)
        else:
            out.append((name, ch))
    return out


def markup(text: str, bold: bool = False) -> str:
    """ReportLab paragraph markup for plain `text`: escaped, line breaks as <br/>, every run
    outside the main font in a <font> span."""
    main = FONT_BOLD if bold else FONT
    parts = []
    for name, part in runs(text, bold):
        body = _html_escape(part, quote=False).replace("\n", "<br/>")
        if name == main:
            parts.append(body)
        else:
            family = name.removesuffix("-Bold")
            parts.append(f'<font face="{family}">{body}</font>')
    return "".join(parts)


_FRAG_TEMPLATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def plain_frags(marked: str, style) -> list | None:
    """ReportLab's fragments for a paragraph whose markup `marked` is plain text with at most
    line breaks (<br/>; nothing escaped, no span) – what its parser would make of it, without
    the parser (an HTML parser run per paragraph: a tenth of a long plan's layout). None for any
    other markup: ReportLab parses that itself. `Paragraph(marked, style, frags=…)` takes them."""
    if any(c in marked.replace("<br/>", "") for c in "<>&"):
        return None
    from reportlab.platypus.paragraph import cleanBlockQuotedText
    from reportlab.platypus.paraparser import ParaFrag, ParaParser

    template = _FRAG_TEMPLATES.get(style)
    if template is None:
        _style, parsed, _bullet = ParaParser().parse("x", style)
        fields = {k: v for k, v in parsed[0].__dict__.items() if k != "text"}
        lists = tuple(k for k, v in fields.items() if isinstance(v, list))  # link, us_lines
        template = _FRAG_TEMPLATES[style] = (fields, lists)
    fields, lists = template

    def frag(text: str, **extra) -> ParaFrag:
        made = ParaFrag(**(dict(fields, **extra) if extra else fields), text=text)
        for key in lists:  # each fragment its own (empty) lists, as the parser makes them
            setattr(made, key, list(fields[key]))
        return made

    out: list = []
    for i, piece in enumerate(cleanBlockQuotedText(marked).split("<br/>")):
        if i:
            out.append(frag("", lineBreak=True, __tag__="br"))
        if piece:
            out.append(frag(piece))
    return out


@lru_cache(maxsize=2)
def _main_below_hebrew(bold: bool) -> frozenset[str]:
    """The characters below U+0590 that `runs` puts in the main font (`font_for` gives it, or
    none – a control character): what a plan in Swedish, English, Greek or Cyrillic is made of.
    No character below U+0590 is right-to-left (the first is U+05BE) or of a shaped script."""
    from sipdesk.export.fontchain import _PREFERRED

    assert all(lo >= 0x0590 for (lo, _hi), _name in _PREFERRED)  # no script prefers its own font
    main = cmap_of(FONT_BOLD if bold else FONT)
    # `font_for`: a control character has none; else the main font first, when it has it
    return frozenset(
        chr(c) for c in range(0x0590) if c < 0x20 or 0x7F <= c <= 0x9F or c in main
    )


def has_rtl(text: str) -> bool:
    if not text or max(text) < "\u0590":
        return False
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in set(text))


def needs_layout(text: str) -> bool:
    """Whether `text` must be laid out by `BidiText` rather than a ReportLab paragraph: it holds
    right-to-left letters, or letters of a script that must be shaped (Thai)."""
    if not text or max(text) < "\u0590":
        return False  # nothing right-to-left, nothing to shape (see `_main_below_hebrew`)
    if has_rtl(text):
        return True
    return any(
        ord(c) >= 0x0E00 and (font_for(c) or "").removesuffix("-Bold") in _SHAPED for c in set(text)
    )


def width(text: str, font_size: float, bold: bool = False) -> float:
    """The printed width of one line of `text` (shaped where the script needs it)."""
    total = 0.0
    for name, part in runs(text, bold):
        total += _run_width(name, part, font_size)
    return total


# HarfBuzz features: kerning and the required forms (Arabic joining, rlig, marks) are always on;
# the optional ligatures are off – Noto Sans Hebrew's 'liga' turns yod + vav into the Yiddish
# digraph U+05F1, and a reader would copy a different letter than the one written
_FEATURES = {"kern": True, "liga": False, "dlig": False}


def shapeStr(text: str, font: str, size: float):  # noqa: N802 - mirrors ReportLab's name
    """ReportLab's shaping (HarfBuzz through `shapeFragWord`), with `_FEATURES`."""
    from reportlab.lib.abag import ABag
    from reportlab.pdfbase.ttfonts import shapeFragWord

    word = [pdfmetrics.stringWidth(text, font, size), (ABag(fontName=font, fontSize=size), text)]
    return shapeFragWord(word, features=_FEATURES)[1][1]


def _run_width(name: str, part: str, size: float) -> float:
    if name.removesuffix("-Bold") in _SHAPED:
        shaped = shapeStr(part, name, size)
        data = getattr(shaped, "__shapeData__", None)
        if data:
            return sum(g.x_advance for g in data) * size / 1000
    return pdfmetrics.stringWidth(part, name, size)


# --- hyphenation where a word must break -----------------------------------------------------


@lru_cache(maxsize=4)
def _hyphenator(lang: str):
    import pyphen

    return pyphen.Pyphen(lang=lang) if lang and pyphen.language_fallback(lang) else None


def hyphenate_to_fit(text: str, max_w: float, size: float, bold: bool = False,
                     lang: str = "sv_SE") -> str:
    """Break each word wider than `max_w` at its dictionary hyphenation points ("familjehems-
    enheten"), so it breaks where a reader expects; words that fit are left alone, and so are
    words with digits (dates, times, personnummer). The dictionary is loaded (≈0.15 s) only when
    a word does not fit."""
    if max_w <= 0:
        return text
    out_lines = []
    for line in text.split("\n"):
        words = line.split(" ")
        for i, word in enumerate(words):
            if len(word) < 6 or len(word) > 200 or any(c.isdigit() for c in word):
                continue
            if width(word, size, bold) <= max_w:
                continue
            hyph = _hyphenator(lang)
            if hyph is None:
                return text
            pieces, rest = [], word
            while width(rest, size, bold) > max_w:
                cuts = [p for p in hyph.positions(rest) if 0 < p < len(rest)]
                fitting = [p for p in cuts if width(rest[:p] + "-", size, bold) <= max_w]
                if not fitting:
                    break
                cut = max(fitting)
                pieces.append(rest[:cut] + "-")
                rest = rest[cut:]
            words[i] = " ".join([*pieces, rest])
        out_lines.append(" ".join(words))
    return "\n".join(out_lines)


# --- the bidirectional algorithm, per line ------------------------------------------------------


def base_rtl(text: str) -> bool:
    """The paragraph's direction as the window takes it: from its first strong letter."""
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of each character (rules X1–I2 of UAX #9, python-bidi)."""
    from bidi import algorithm as ba

    storage = ba.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    ba.get_embedding_levels(text, storage, False, False)
    ba.explicit_embed_and_overrides(storage, False)
    ba.resolve_weak_types(storage, False)
    ba.resolve_neutral_types(storage, False)
    ba.resolve_implicit_levels(storage, False)
    out = [c["level"] for c in storage["chars"]]
    if len(out) != len(text):  # a removed control (cleaned out before; defensive)
        return [1 if rtl else 0] * len(text)
    # L1: trailing whitespace takes the paragraph level
    base = 1 if rtl else 0
    i = len(text) - 1
    while i >= 0 and text[i].isspace():
        out[i] = base
        i -= 1
    return out


def visual_order(lv: list[int]) -> list[int]:
    """L2: the logical indices in visual (left-to-right) order."""
    order = list(range(len(lv)))
    if not lv:
        return order
    top = max(lv)
    lowest_odd = min(x for x in lv) | 1
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if lv[order[i]] >= level:
                j = i
                while j < len(order) and lv[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


@dataclass(frozen=True)
class _Piece:
    """A run drawn in one go: text in logical order, its font, and whether it runs right to left."""

    text: str
    font: str
    rtl: bool
    width: float


def line_pieces(line: str, rtl_base: bool, size: float, bold: bool) -> list[_Piece]:
    """One line as pieces from left to right."""
    from bidi.mirror import MIRRORED

    lv = levels(line, rtl_base)
    fonts = [name for name, part in runs(line, bold) for _c in part]
    pieces: list[_Piece] = []
    group: list[int] = []  # logical indices of the current piece, in visual order

    def flush():
        if not group:
            return
        rtl = lv[group[0]] % 2 == 1
        font = fonts[group[0]]
        if rtl and font.removesuffix("-Bold") in _SHAPED:
            text = "".join(line[i] for i in reversed(group))  # logical: HarfBuzz orders it
        elif rtl:  # drawn as it stands: visual order, brackets mirrored
            text = "".join(MIRRORED.get(line[i], line[i]) for i in group)
        else:
            text = "".join(line[i] for i in group)
        pieces.append(_Piece(text, font, rtl, _run_width(font, text, size)))
        group.clear()

    for i in visual_order(lv):
        if group:
            prev = group[-1]
            same = fonts[prev] == fonts[i] and lv[prev] == lv[i]
            adjacent = abs(prev - i) == 1
            if not (same and adjacent):
                flush()
        group.append(i)
    flush()
    return pieces


def _face(font_name: str) -> str:
    name = pdfmetrics.getFont(font_name).face.name
    return name.decode("latin-1") if isinstance(name, bytes) else name


@lru_cache(maxsize=16)
def _variants(font_name: str) -> dict[int, str]:
    """Glyph id -> character, for the glyphs a font substitutes one for one for a character it
    encodes (GSUB single substitutions, followed to the end): a Thai tone mark moved down or
    left, ญ without its tail, an Arabic letter's joined form. Such a glyph always stands for
    that character, wherever it is drawn."""
    import io

    from fontTools.ttLib import TTFont as FTFont

    face = pdfmetrics.getFont(font_name).face
    ft = FTFont(io.BytesIO(face._ttf_data), lazy=True)
    order = ft.getGlyphOrder()
    gid = {name: i for i, name in enumerate(order)}
    source = {glyph: chr(code) for code, glyph in ft.getBestCmap().items()}
    single: dict[str, str] = {}
    if "GSUB" in ft and ft["GSUB"].table.LookupList is not None:
        for lookup in ft["GSUB"].table.LookupList.Lookup:
            for sub in lookup.SubTable:
                sub = getattr(sub, "ExtSubTable", sub)
                for before, after in (getattr(sub, "mapping", None) or {}).items():
                    if isinstance(after, str):
                        single.setdefault(after, before)
    out: dict[int, str] = {}
    for after in single:
        before, hops = single[after], 0
        while before not in source and before in single and hops < 8:
            before, hops = single[before], hops + 1
        if before in source and after not in source:
            out[gid[after]] = source[before]
    return out


def _note_private(font: str, text: str, shaped, data, rtl: bool) -> None:
    starts = sorted({int(g.cluster) for g in data})
    ends = {c: (starts[i + 1] if i + 1 < len(starts) else len(text)) for i, c in enumerate(starts)}
    seen: set[int] = set()
    face = None
    for ch, g in zip(shaped, data, strict=False):
        cluster = int(g.cluster)
        first = cluster not in seen
        seen.add(cluster)
        code = ord(ch)
        if 0xE000 <= code <= 0xF8FF:
            variant = _variants(font).get(pdfmetrics.getFont(font).face.charToGlyph.get(code, -1))
            if variant is not None:
                _PRIVATE.setdefault((face or _face(font), code), variant)
                continue
        if first and 0xE000 <= code <= 0xF8FF and cluster in ends:
            face = face or _face(font)
            source = text[cluster : ends[cluster]]
            # readers (pdfium, poppler) take a glyph's characters in right-to-left text as
            # drawn, right to left: a ligature's characters go in reversed
            _PRIVATE.setdefault((face, code), source[::-1] if rtl else source)


def _actual_text(text: str) -> str:
    """The start of a marked-content span whose ActualText is `text` (UTF-16BE, hex)."""
    return f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC"


def draw_pieces(canv, x: float, y: float, pieces: list[_Piece], size: float) -> None:
    """Draw the pieces of one line from `x` on the baseline `y`."""
    for piece in pieces:
        canv.setFont(piece.font, size)
        if piece.font.removesuffix("-Bold") in _SHAPED:
            shaped = shapeStr(piece.text, piece.font, size)
            data = getattr(shaped, "__shapeData__", None)
            if data and len(data) == len(shaped):
                # glyphs come in visual order; write them in logical order at their places
                xs, cx = [], x
                for g in data:
                    xs.append(cx)
                    cx += g.x_advance * size / 1000
                _note_private(piece.font, piece.text, shaped, data, piece.rtl)
                if not piece.rtl:
                    # left to right (Thai): one text object, ReportLab placing each glyph by
                    # HarfBuzz's offsets; its text for readers as written (ActualText) – from
                    # the glyphs they would take a moved tone mark for the next cluster's
                    canv.addLiteral(_actual_text(piece.text))
                    canv.drawString(x, y, shaped)
                    canv.addLiteral("EMC")
                    x = cx
                    continue
                scale = size / 1000
                for k in range(len(shaped) - 1, -1, -1):
                    g = data[k]  # marks: HarfBuzz's offsets from their place (GPOS anchors)
                    canv.drawString(xs[k] + g.x_offset * scale, y + g.y_offset * scale, shaped[k])
                x = cx
                continue
        # unshaped: a right-to-left piece is already in visual order (reversed, mirrored)
        canv.drawString(x, y, piece.text)
        x += piece.width


def draw_line(canv, x: float, y: float, text: str, font: str, size: float,
              align: str = "left", max_width: float | None = None) -> None:
    """A single line on a canvas (running head, footer, marks) with fallback fonts and bidi;
    cut with "…" to `max_width`."""
    bold = font == FONT_BOLD
    text = " ".join(clean(text[:2000]).split())
    if max_width is not None:
        # no line on a page holds more than a few hundred characters: measure only those
        limit = int(max_width / (size * 0.2)) + 1
        cut = len(text) > limit
        text = text[:limit]
        if cut or width(text, size, bold) > max_width:
            lo, hi = 0, len(text)  # the longest start that fits with "…"
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if width(text[:mid] + "…", size, bold) <= max_width:
                    lo = mid
                else:
                    hi = mid - 1
            text = text[:lo].rstrip() + "…"
    pieces = line_pieces(text, base_rtl(text), size, bold)
    total = sum(p.width for p in pieces)
    if align == "right":
        x -= total
    elif align == "centre":
        x -= total / 2
    draw_pieces(canv, x, y, pieces, size)


# --- a paragraph with right-to-left text ------------------------------------------------------


class BidiText(Flowable):
    """A paragraph that holds right-to-left text: broken into lines in logical order, each line
    reordered and shaped. Right-aligned when its first strong letter is right-to-left, as in the
    window. Splits between lines across pages."""

    def __init__(self, text: str, style, bold: bool = False, bullet: str = "",
                 _lines: list | None = None) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.bold = bold
        self.bullet = bullet
        self._lines = _lines
        self._width = 0.0

    def _layout(self, avail: float) -> list[tuple[list[_Piece], bool, float]]:
        size = self.style.fontSize
        indent = self.style.leftIndent
        usable = max(avail - indent - self.style.rightIndent, size * 2)
        out = []
        for para in self.text.split("\n"):
            rtl = base_rtl(para)
            for line in _break(para, usable, size, self.bold):
                pieces = line_pieces(line, rtl, size, self.bold)
                out.append((pieces, rtl, sum(p.width for p in pieces)))
        return out

    def wrap(self, avail_w, avail_h):
        if self._lines is None or self._width != avail_w:
            self._lines = self._layout(avail_w)
            self._width = avail_w
        self.height = len(self._lines) * self.style.leading
        return avail_w, self.height

    def split(self, avail_w, avail_h):
        self.wrap(avail_w, avail_h)
        lines = self._lines or []
        n = int(avail_h // self.style.leading)
        if n <= 0 or n >= len(lines):
            return [] if n <= 0 else [self]
        first = BidiText(self.text, self.style, self.bold, self.bullet, lines[:n])
        rest = BidiText(self.text, self.style, self.bold, "", lines[n:])
        first._width = rest._width = avail_w
        return [first, rest]

    def getSpaceBefore(self):  # noqa: N802 - ReportLab name
        return self.style.spaceBefore

    def getSpaceAfter(self):  # noqa: N802 - ReportLab name
        return self.style.spaceAfter

    def draw(self):
        c = self.canv
        st = self.style
        c.saveState()
        c.setFillColor(st.textColor)
        y = self.height - st.fontSize
        left = st.leftIndent
        right = self._width - st.rightIndent
        if self.bullet:
            draw_line(c, st.bulletIndent, y, self.bullet, st.fontName, st.fontSize)
        # running text follows its direction, as in the window; in a table cell or a label a
        # right-to-left name starts where the column starts, like its neighbours
        flush_right = st.name not in ("cell", "cellhead", "label", "small")
        for pieces, rtl, line_w in self._lines or []:
            x = right - line_w if (rtl and flush_right) else left
            draw_pieces(c, x, y, pieces, st.fontSize)
            y -= st.leading
        c.restoreState()


def _break(para: str, usable: float, size: float, bold: bool) -> list[str]:
    """Greedy line breaking at spaces; a word wider than the line is cut by characters."""
    words = para.split(" ")
    lines: list[str] = []
    current = ""
    space = width(" ", size, bold)
    current_w = 0.0
    for word in words:
        w = width(word, size, bold)
        if current and current_w + space + w <= usable:
            current += " " + word
            current_w += space + w
            continue
        if current:
            lines.append(current)
        while w > usable and len(word) > 1:
            cut = len(word)
            while cut > 1 and width(word[:cut], size, bold) > usable:
                cut = max(1, cut * 3 // 4 if cut > 8 else cut - 1)
            while 1 < cut < len(word) and unicodedata.category(word[cut])[0] == "M":
                cut -= 1  # a mark stays with its letter (Thai vowels and tone marks)
            lines.append(word[:cut])
            word = word[cut:]
            w = width(word, size, bold)
        current, current_w = word, w
    lines.append(current)
    return lines
