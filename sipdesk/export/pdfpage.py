"""The page around a document's text: colours and margins, the embedded fonts, the footer with
"Page x of y" on every page, and where the signature stamp goes. Split out of `pdf.py`, which
re-exports these names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas

from sipdesk import paths
from sipdesk.export import document as d
from sipdesk.export import textlayout as tl
from sipdesk.export.printable import Cancelled
from sipdesk.export.textlayout import FONT, FONT_BOLD
from sipdesk.i18n import _

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
HEAD_BG = colors.HexColor("#e6ebf0")
ALERT = colors.HexColor("#a00000")
MARGIN = 20 * mm
BOTTOM = 24 * mm


def fonts_dir() -> Path:
    return paths.resources_dir() / "fonts"


def font_path(bold: bool = False) -> Path:
    return fonts_dir() / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")


def register_fonts() -> None:
    """Register the main font and its fallbacks once (embedded, subset): see textlayout."""
    tl.register_fonts()


@dataclass(frozen=True)
class StampPlacement:
    """Where the signature stamp goes: 0-based page and a box in PDF points (x1, y1, x2, y2)."""

    page: int
    box: tuple[int, int, int, int]


def _footer_canvas(doc: d.Document, large: bool, sink: dict, cancel=None):
    """A canvas class that holds pages back until the end, to print "Page x of y" on each."""
    footer_left = "   ·   ".join(
        [
            _("Document id {id}").format(id=doc.doc_id),
            _("Plan version {n}").format(n=doc.version),
            _("Check {fingerprint}").format(fingerprint=doc.fingerprint()),
        ]
    )
    running_head = doc.extra.get("running_head", doc.title)
    marking = _("PROTECTED PERSONAL DATA") if doc.protected else ""
    size = 9 if large else 7.5

    class FooterCanvas(rl_canvas.Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 - ReportLab name
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            sink["pages"] = total
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, _height = A4
            page = self._pageNumber
            self.saveState()
            self.setFont(FONT, size)
            self.setFillColor(MUTED)
            self.setStrokeColor(RULE)
            self.line(MARGIN, BOTTOM - 8 * mm, width - MARGIN, BOTTOM - 8 * mm)
            self.drawString(MARGIN, BOTTOM - 12 * mm, footer_left)
            self.drawRightString(
                width - MARGIN,
                BOTTOM - 12 * mm,
                _("Page {page} of {pages}").format(page=page, pages=total),
            )
            top = A4[1] - 11 * mm
            if page > 1:
                head_w = width - 2 * MARGIN - (60 * mm if marking else 0)
                tl.draw_line(self, MARGIN, top, running_head, FONT, size, max_width=head_w)
            if doc.copy_mark:
                # whose copy: on every page, between the text and the footer rule
                self.setFillColor(INK)
                self.setFont(FONT_BOLD, size + 1)
                tl.draw_line(
                    self, width / 2, BOTTOM - 6 * mm, doc.copy_mark, FONT_BOLD, size + 1,
                    align="centre", max_width=width - 2 * MARGIN,
                )
                self.setFont(FONT, size)
                self.setFillColor(MUTED)
            if marking:
                self.setFillColor(ALERT)
                self.setFont(FONT_BOLD, size)
                self.drawRightString(width - MARGIN, top, marking)
            self.restoreState()

    return FooterCanvas
