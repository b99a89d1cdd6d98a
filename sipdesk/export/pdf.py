"""Render a `Document` to an A4 PDF with ReportLab: embedded fonts, repeated table headers,
"Sida x av y" and a footer on every page that lets a swapped page show.

ReportLab is imported by this module only, and this module only when something is exported, so
starting SipDesk never pays for it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from sipdesk import __version__, paths
from sipdesk.export import document as d
from sipdesk.i18n import _

FONT, FONT_BOLD = "SipDeskSans", "SipDeskSans-Bold"
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


_registered = False


def register_fonts() -> None:
    """Register the shipped TTF (embedded, subset) once: every character of every name prints."""
    global _registered
    if _registered:
        return
    pdfmetrics.registerFont(TTFont(FONT, str(font_path())))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(font_path(bold=True))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )
    _registered = True


@dataclass(frozen=True)
class StampPlacement:
    """Where the signature stamp goes: 0-based page and a box in PDF points (x1, y1, x2, y2)."""

    page: int
    box: tuple[int, int, int, int]


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    stamp: StampPlacement | None


class _Styles:
    """Paragraph styles, scaled up for the large-type documents (the person's own copy)."""

    def __init__(self, large: bool) -> None:
        base = 14 if large else 9.5
        lead = base * 1.42
        self.body = ParagraphStyle(
            "body",
            fontName=FONT,
            bulletFontName=FONT,
            fontSize=base,
            leading=lead,
            textColor=INK,
            alignment=TA_LEFT,
            spaceAfter=base * 0.45,
        )
        self.lead = ParagraphStyle(
            "lead", parent=self.body, fontSize=base * 1.1, leading=lead * 1.1
        )
        self.small = ParagraphStyle(
            "small", parent=self.body, fontSize=base * 0.85, leading=lead * 0.85, textColor=MUTED
        )
        self.cell = ParagraphStyle(
            "cell", parent=self.body, fontSize=base * 0.92, leading=lead * 0.92, spaceAfter=0
        )
        self.cell_head = ParagraphStyle("cellhead", parent=self.cell, fontName=FONT_BOLD)
        self.label = ParagraphStyle("label", parent=self.cell, fontName=FONT_BOLD)
        self.title = ParagraphStyle(
            "title",
            parent=self.body,
            fontName=FONT_BOLD,
            fontSize=base * (1.9 if not large else 1.6),
            leading=base * (2.3 if not large else 2.0),
            spaceAfter=4,
        )
        self.subtitle = ParagraphStyle("subtitle", parent=self.body, textColor=MUTED, spaceAfter=1)
        self.heading = ParagraphStyle(
            "heading",
            parent=self.body,
            fontName=FONT_BOLD,
            fontSize=base * 1.25,
            leading=base * 1.6,
            spaceBefore=base * 1.1,
            spaceAfter=base * 0.35,
        )
        self.notice = ParagraphStyle(
            "notice",
            parent=self.body,
            textColor=ALERT,
            fontName=FONT_BOLD,
            borderColor=ALERT,
            borderWidth=1.2,
            borderPadding=6,
            spaceBefore=8,
            spaceAfter=12,
        )
        self.bullet = ParagraphStyle(
            "bullet",
            parent=self.body,
            leftIndent=base * 1.3,
            bulletIndent=base * 0.3,
            spaceAfter=base * 0.25,
        )


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class _StampBox(Flowable):
    """The reserved room for the signature stamp; remembers where it landed on which page."""

    def __init__(self, caption: str, width: float, height: float, style, sink: dict) -> None:
        super().__init__()
        self.caption = _p(caption, style)
        self.box_w, self.box_h = width, height
        self.sink = sink

    def wrap(self, avail_w, avail_h):
        self._cap_w, self._cap_h = self.caption.wrap(avail_w, avail_h)
        return avail_w, self.box_h + self._cap_h + 6

    def draw(self):
        c = self.canv
        c.saveState()
        c.setStrokeColor(RULE)
        c.setDash(2, 2)
        c.rect(0, self._cap_h + 6, self.box_w, self.box_h, stroke=1, fill=0)
        c.restoreState()
        self.caption.drawOn(c, 0, 0)
        x, y = c.absolutePosition(0, self._cap_h + 6)
        self.sink["stamp"] = StampPlacement(
            c.getPageNumber() - 1,
            (int(x), int(y), int(x + self.box_w), int(y + self.box_h)),
        )


def _fields(block: d.Fields, st: _Styles, width: float) -> RLTable:
    rows = [[_p(label, st.label), _p(value, st.cell)] for label, value in block.items]
    table = RLTable(rows, colWidths=[width * 0.28, width * 0.72], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # empty cells too: no stray Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    table.spaceAfter = 4
    return table


def _table(block: d.Table, st: _Styles, width: float, split_rows: bool = False) -> RLTable:
    data = [[_p(c, st.cell_head) for c in block.columns]]
    data += [[_p(cell, st.cell) for cell in row] for row in block.rows]
    table = RLTable(
        data,
        colWidths=[width * w for w in block.widths],
        repeatRows=1,  # the header again on each page
        splitInRow=1 if split_rows else 0,  # a row is never cut in half (unless taller than a page)
        hAlign="LEFT",
    )
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("INNERGRID", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for start in block.group_starts:
        if start > 0:
            style.append(("LINEABOVE", (0, start + 1), (-1, start + 1), 0.9, INK))
    table.setStyle(TableStyle(style))
    table.spaceAfter = 6
    return table


def _signatures(block: d.SignatureBlock, st: _Styles, width: float) -> list[Flowable]:
    cells = []
    if block.place_date:
        cells.append((_("Place and date"), ""))
    cells += [(line.name, line.title) for line in block.lines]
    col_w = (width - 12 * mm) / 2
    out: list[Flowable] = []
    for i in range(0, len(cells), 2):
        pair = cells[i : i + 2]
        row_space = [Spacer(1, 1) for _c in pair]
        row_names = [[_p(name, st.label), _p(title, st.small)] for name, title in pair]
        while len(pair) < 2:
            pair.append(("", ""))
            row_space.append(Spacer(1, 1))
            row_names.append([Spacer(1, 1)])
        table = RLTable(
            [row_space[:1] + [""] + row_space[1:2], [row_names[0], "", row_names[1]]],
            colWidths=[col_w, 12 * mm, col_w],
            rowHeights=[30, None],
            hAlign="LEFT",
        )
        style = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("LINEABOVE", (0, 1), (0, 1), 0.7, INK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 1), (-1, 1), 2),
        ]
        if pair[1][0]:
            style.append(("LINEABOVE", (2, 1), (2, 1), 0.7, INK))
        table.setStyle(TableStyle(style))
        out.append(KeepTogether([table, Spacer(1, 6)]))
    return out


def _blocks(blocks, st: _Styles, width: float, sink: dict, split_rows: bool) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        if isinstance(block, d.Paragraph):
            style = {"lead": st.lead, "small": st.small, "notice": st.notice}.get(
                block.style, st.body
            )
            out.append(_p(block.text, style))
        elif isinstance(block, d.Fields):
            out.append(_fields(block, st, width))
        elif isinstance(block, d.Bullets):
            out += [Paragraph(escape(item), st.bullet, bulletText="•") for item in block.items]
        elif isinstance(block, d.Table):
            out.append(_table(block, st, width, split_rows))
        elif isinstance(block, d.SignatureBlock):
            out += _signatures(block, st, width)
        elif isinstance(block, d.StampSpace):
            out.append(Spacer(1, 4))
            out.append(KeepTogether([_StampBox(block.caption, 100 * mm, 30 * mm, st.small, sink)]))
    return out


def _story(
    doc: d.Document, st: _Styles, width: float, sink: dict, split_rows: bool = False
) -> list[Flowable]:
    story: list[Flowable] = [_p(doc.title, st.title)]
    story += [_p(line, st.subtitle) for line in doc.subtitle_lines]
    if doc.notice:
        story.append(_p(doc.notice, st.notice))
    else:
        story.append(Spacer(1, 6))
    for section in doc.sections:
        body = _blocks(section.blocks, st, width, sink, split_rows)
        heading = _p(section.heading, st.heading)
        # a heading never ends a page alone: keep it with the first block of its section
        story.append(CondPageBreak(40 * mm if not doc.large_type else 55 * mm))
        if body and not isinstance(body[0], RLTable | KeepTogether):
            # a heading never ends a page alone: keep it with its first paragraph
            story.append(KeepTogether([heading, body[0]]))
            story += body[1:]
        else:
            # a long table splits (header repeated); the CondPageBreak above keeps its heading
            # from being stranded at the foot of a page
            story.append(heading)
            story += body
    return story


def _footer_canvas(doc: d.Document, large: bool, sink: dict):
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
                self.drawString(MARGIN, top, running_head)
            if doc.copy_mark:
                # whose copy: on every page, between the text and the footer rule
                self.setFillColor(INK)
                self.setFont(FONT_BOLD, size + 1)
                self.drawCentredString(width / 2, BOTTOM - 6 * mm, doc.copy_mark)
                self.setFont(FONT, size)
                self.setFillColor(MUTED)
            if marking:
                self.setFillColor(ALERT)
                self.setFont(FONT_BOLD, size)
                self.drawRightString(width - MARGIN, top, marking)
            self.restoreState()

    return FooterCanvas


def render(doc: d.Document) -> Rendered:
    """The document as PDF bytes, with the page count and the stamp's place (if it has one).

    Table rows are kept whole; only when one row is taller than a page (a very long text in a
    cell) is the document laid out again with rows allowed to continue on the next page.
    """
    from reportlab.platypus.doctemplate import LayoutError

    register_fonts()
    try:
        return _render(doc, split_rows=False)
    except LayoutError:
        return _render(doc, split_rows=True)


def _render(doc: d.Document, split_rows: bool) -> Rendered:
    st = _Styles(doc.large_type)
    buf = io.BytesIO()
    template = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=BOTTOM,
        # metadata: what the document is, never whom it is about
        title=doc.metadata_title,
        author="SipDesk",
        subject="",
        creator=f"SipDesk {__version__}",
        keywords="",
        lang=doc.language,
        initialFontName=FONT,  # else every page starts in Helvetica, a font not embedded
    )
    sink: dict = {}
    story = _story(doc, st, template.width, sink, split_rows)
    template.build(story, canvasmaker=_footer_canvas(doc, doc.large_type, sink))
    return Rendered(buf.getvalue(), sink["pages"], sink.get("stamp"))
