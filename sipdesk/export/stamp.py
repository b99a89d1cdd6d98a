"""The signature's visible stamp, set like the rest of the document: the same embedded font chain,
bidirectional order and HarfBuzz shaping (`textlayout`), so a signer named "مريم الحسيني" or
"דוד כהן" reads on the stamp as in the window.

pyHanko's own text stamp lays a line out in one font, shaped as one run in one direction, without
the bidirectional algorithm: a right-to-left name came out with its words in left-to-right order
and a name in a script the stamp font lacks as boxes. So the stamp is drawn here with ReportLab as
a one-page PDF the size of the stamp, and pyHanko places that page in the signature's appearance
(`pades`, `StaticStampStyle`). Imported by `signing` only: it loads ReportLab (not pyHanko).
"""

from __future__ import annotations

import io

from reportlab.pdfgen import canvas as rl_canvas

from sipdesk.export import textlayout as tl
from sipdesk.export.printable import UnprintableText
from sipdesk.export.textlayout import FONT
from sipdesk.i18n import _

FONT_SIZE = 7
LEADING = 9.5
PAD = 4  # from the content's edge to the text
NAME_LINES = 2  # a long name wraps to at most this many lines, the last cut with "…"


def signer_field() -> str:
    return _("Signer's name (signing certificate)")


def check_signer(name: str) -> None:
    """Raise `UnprintableText`, naming the field and the characters, when the signer's name holds a
    character no embedded font prints – before anything is signed or written."""
    missing = tl.unprintable(name)
    if missing:
        raise UnprintableText(signer_field(), missing)


def stamp_lines(signer: str, when: str, fingerprint: str) -> list[str]:
    """The stamp's lines, in logical order: who, when, the certificate's fingerprint. The name
    has a line of its own: a line of one direction reads the same in every viewer, while
    readers order the words of a right-to-left name inside a left-to-right line differently."""
    fp = fingerprint.split(" ")
    return [
        _("Digitally signed by:"),
        " ".join(tl.clean(signer).split()),
        _("Time: %(when)s") % {"when": when},
        _("Certificate SHA-256:"),
        " ".join(fp[:8]),
        " ".join(fp[8:]),
    ]


def _wrapped(name: str, usable: float) -> list[str]:
    """The name broken to the stamp's width, at most NAME_LINES lines (the last is cut with "…"
    when it is still too long)."""
    lines = tl._break(name, usable, FONT_SIZE, False)
    if len(lines) > NAME_LINES:
        lines = lines[: NAME_LINES - 1] + [" ".join(lines[NAME_LINES - 1 :])]
    return lines


def stamp_pdf(lines: list[str], width: float, height: float) -> bytes:
    """A one-page PDF of `width` × `height` points with the stamp's lines, set with the document's
    fonts; each line is laid out by `textlayout.draw_line` (fallback fonts, bidi, shaping)."""
    tl.register_fonts()
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(width, height), initialFontName=FONT)
    c.setTitle("")
    usable = width - 2 * PAD
    text = lines[:1] + _wrapped(lines[1], usable) + lines[2:]
    y = (height + len(text) * LEADING) / 2 - FONT_SIZE  # the block centred, top line first
    for line in text:
        tl.draw_line(c, PAD, y, line, FONT, FONT_SIZE, max_width=usable)
        y -= LEADING
    c.showPage()
    c.save()
    return buf.getvalue()
