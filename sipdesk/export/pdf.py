"""Render a `Document` to an A4 PDF with ReportLab: embedded fonts, repeated table headers,
"Sida x av y" and a footer on every page that lets a swapped page show.

ReportLab is imported by this module only, and this module only when something is exported, so
starting SipDesk never pays for it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
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

from sipdesk import __version__
from sipdesk.export import document as d
from sipdesk.export import textlayout as tl
from sipdesk.export.pdfpage import (  # noqa: F401 - re-exported: pdf.X is the export API
    ALERT,
    BOTTOM,
    HEAD_BG,
    INK,
    MARGIN,
    MUTED,
    RULE,
    StampPlacement,
    _footer_canvas,
    font_path,
    fonts_dir,
    register_fonts,
)
from sipdesk.export.printable import (  # noqa: F401 - re-exported: pdf.X is the export API
    Cancelled,
    UnprintableText,
    check_printable,
    printable_fields,
)
from sipdesk.export.textlayout import FONT, FONT_BOLD
from sipdesk.i18n import _

# How much of one field goes into a table cell; the rest continues in a note under the table,
# so no row is ever taller than a page. How many lines of one field are printed at all.
CELL_LINES = 40
CELL_CHARS = 1500
FIELD_LINES = 1000
CHUNK_LINES = 40
CHUNK_CHARS = 3000


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    stamp: StampPlacement | None


def _hyphenation_lang() -> str:
    from sipdesk import i18n

    return {"sv": "sv_SE", "en": "en_US"}.get(i18n.language()[:2], "")


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
            # a word that must break is hyphenated before layout (`textlayout.hyphenate_to_fit`,
            # pyphen's dictionary); never at a hyphen it already has: dates, times, personnummer
            # stay whole. ReportLab's own hyphenation also breaks words that would fit a line.
            hyphenationLang="",
            embeddedHyphenation=0,
            uriWasteReduce=0,
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


def _bold(style: ParagraphStyle) -> bool:
    return style.fontName == FONT_BOLD


def flow(text: str, style: ParagraphStyle, bullet: str = "") -> Flowable:
    """One piece of text as a flowable: a ReportLab paragraph with fallback-font spans, or a
    `BidiText` when it holds right-to-left letters or a script that must be shaped."""
    text = tl.clean(text)
    if tl.needs_layout(text):
        return tl.BidiText(text, style, _bold(style), bullet)
    marked = tl.markup(text, _bold(style))
    if bullet:
        return Paragraph(marked, style, bulletText=bullet)
    return Paragraph(marked, style, frags=tl.plain_frags(marked, style))


_p = flow


def _capped(text: str) -> str:
    """At most FIELD_LINES lines of one field, with a visible note of how many more there are."""
    text = tl.clean(text)
    if text.count("\n") < FIELD_LINES:
        return text
    lines = text.split("\n")
    more = len(lines) - FIELD_LINES
    return "\n".join(lines[:FIELD_LINES]) + "\n" + _(
        "[… {n} more lines are not printed; they are in the plan.]"
    ).format(n=more)


def _chunks(text: str) -> list[str]:
    """A long text as pieces of at most CHUNK_LINES lines / CHUNK_CHARS characters, so a page
    break costs the layout one piece, not the whole text."""
    text = _capped(text)
    if len(text) <= CHUNK_CHARS and text.count("\n") < CHUNK_LINES:
        return [text]
    out: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        while len(line) > CHUNK_CHARS:
            cut = line.rfind(" ", 0, CHUNK_CHARS)
            cut = cut if cut > CHUNK_CHARS // 2 else CHUNK_CHARS
            if current:
                out.append("\n".join(current))
                current, size = [], 0
            out.append(line[:cut])
            line = line[cut:].lstrip(" ")
        if current and (len(current) >= CHUNK_LINES or size + len(line) > CHUNK_CHARS):
            out.append("\n".join(current))
            current, size = [], 0
        current.append(line)
        size += len(line) + 1
    if current:
        out.append("\n".join(current))
    return out


def _fit_cell(text: str) -> tuple[str, str]:
    """(what goes in the cell, what continues in a note below) for one table cell."""
    text = _capped(text)
    if len(text) <= CELL_CHARS and text.count("\n") < CELL_LINES:
        return text, ""
    head = text[:CELL_CHARS]
    lines = head.split("\n")[:CELL_LINES]
    head = "\n".join(lines)
    if len(head) == CELL_CHARS:
        cut = head.rfind(" ", CELL_CHARS // 2)
        head = head[:cut] if cut > 0 else head
    return head, text[len(head) :].lstrip(" \n")


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


class _Notes:
    """Cell text that continues below its table: "(1) Intervention, row 4: …"."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def cell(self, text: str, where: str, fit: tuple[float, float] | None = None) -> str:
        head, rest = _fit_cell(text)
        if fit is not None:
            head = tl.hyphenate_to_fit(head, fit[0] - PAD, fit[1], lang=_hyphenation_lang())
        if not rest:
            return head
        self.items.append((where, rest))
        n = len(self.items)
        return head + "\n" + _("[… continued below the table, note {n}]").format(n=n)

    def flowables(self, st: _Styles) -> list[Flowable]:
        out: list[Flowable] = []
        for n, (where, rest) in enumerate(self.items, start=1):
            out.append(_p(_("Note {n} ({where}), continued:").format(n=n, where=where), st.label))
            out += [_p(chunk, st.body) for chunk in _chunks(rest)]
        return out


def _fields(block: d.Fields, st: _Styles, width: float, split_rows: bool = False) -> list[Flowable]:
    notes = _Notes()
    label_w = max(
        (tl.width(w, st.label.fontSize, True) for label, _v in block.items for w in label.split()),
        default=0,
    )
    first = min(max(width * 0.28, label_w + 8), width * 0.45)
    fit = (width - first + PAD - 6, st.cell.fontSize)
    rows = [
        [_p(label, st.label), _p(notes.cell(value, label, fit), st.cell)]
        for label, value in block.items
    ]
    # a row taller than a page (a long value in large type) continues on the next page
    table = RLTable(rows, colWidths=[first, width - first], hAlign="LEFT",
                    splitInRow=1 if split_rows else 0)  # fmt: skip
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
    return [table, *notes.flowables(st)]


PAD = 12  # a cell's left and right padding together (ReportLab's default 6 + 6)


def content_widths(block: d.Table, width: float, size: float) -> list[float]:
    """Column widths that follow the content: each column at least as wide as its longest word
    (up to 45 % of the text width) and no wider than its longest line needs, the rest shared by
    the columns with more to say; the document's fractions are the starting point."""
    n = len(block.columns)
    rows = [block.columns, *block.rows[:300]]
    min_w = [0.0] * n
    pref_w = [0.0] * n
    for row in rows:
        for i, cell in enumerate(row[:n]):
            for line in tl.clean(cell).split("\n")[:CELL_LINES]:
                words = line.split()
                if not words:
                    continue
                longest = max(words, key=len)
                min_w[i] = max(min_w[i], tl.width(longest, size) + PAD)
                if len(line) < 400:
                    pref_w[i] = max(pref_w[i], tl.width(line, size) + PAD)
                else:
                    pref_w[i] = width
    min_w = [min(m, width * 0.45) for m in min_w]
    out = [max(min_w[i], min(block.widths[i] * width, max(pref_w[i], min_w[i]))) for i in range(n)]
    total = sum(out)
    if total > width:  # take back from the columns above their minimum
        slack = [out[i] - min_w[i] for i in range(n)]
        over = total - width
        if sum(slack) >= over:
            out = [out[i] - over * slack[i] / sum(slack) for i in range(n)]
        else:
            out = [m * width / sum(min_w) for m in min_w]
    else:  # give what is left to the columns whose text wants more room
        want = [max(0.0, pref_w[i] - out[i]) for i in range(n)]
        spare = width - total
        if sum(want) > 0:
            out = [out[i] + spare * want[i] / sum(want) for i in range(n)]
        else:
            out = [out[i] + spare / n for i in range(n)]
    return out


class _GroupTable(RLTable):
    """A table whose first column names a group (a goal) on its first row only; where a page
    break falls inside a group, the continuation repeats the group's text with "(forts.)"."""

    def set_groups(self, labels: list[str], style: ParagraphStyle, first_row: int) -> None:
        self._group_labels = labels  # per data row (after the header): the group's text
        self._group_style = style
        self._group_first = first_row  # the index in `labels` of this table's first data row

    def split(self, avail_w, avail_h):
        parts = super().split(avail_w, avail_h)
        labels = getattr(self, "_group_labels", None)
        if len(parts) != 2 or not labels:
            return parts
        head, rest = parts
        rows_before = len(head._cellvalues) - self.repeatRows
        rows_after = len(rest._cellvalues) - self.repeatRows
        mine = len(self._cellvalues) - self.repeatRows
        if rows_before + rows_after != mine:
            return parts  # a row was cut in two: its own cells continue
        index = self._group_first + rows_before
        if index < len(labels) and labels[index]:
            rest._cellvalues[self.repeatRows][0] = _p(labels[index], self._group_style)
        rest.__class__ = _GroupTable  # ReportLab builds the parts as plain tables
        rest.set_groups(labels, self._group_style, index)
        return parts


def _table(block: d.Table, st: _Styles, width: float, split_rows: bool = False) -> list[Flowable]:
    notes = _Notes()
    widths = content_widths(block, width, st.cell.fontSize)
    data = [
        [
            _p(tl.hyphenate_to_fit(c, w - PAD, st.cell.fontSize, True, _hyphenation_lang()),
               st.cell_head)
            for c, w in zip(block.columns, widths, strict=False)
        ]
    ]
    for r, row in enumerate(block.rows, start=1):
        cells = []
        for column, cell, w in zip(block.columns, row, widths, strict=False):
            where = _("{column}, row {n}").format(column=column, n=r)
            cells.append(_p(notes.cell(cell, where, (w, st.cell.fontSize)), st.cell))
        data.append(cells)
    table = _GroupTable(
        data,
        colWidths=widths,
        repeatRows=1,  # the header again on each page
        splitInRow=1 if split_rows else 0,  # a row is never cut in half (unless taller than a page)
        hAlign="LEFT",
    )
    if block.group_starts:
        labels, current = [], ""
        starts = set(block.group_starts)
        for i, row in enumerate(block.rows):
            if i in starts:
                current = tl.clean(row[0]).split("\n")[0]
                labels.append("")
            else:
                labels.append(_("{goal} (cont.)").format(goal=current) if current else "")
        table.set_groups(labels, st.cell, 0)
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
    return [table, *notes.flowables(st)]


def _short(text: str, lines: int = 3, chars: int = 160) -> str:
    """A name or title under a signature line: a few lines at most (the full text stands in the
    participants' table)."""
    text = tl.clean(text)
    parts = text.split("\n")
    short = "\n".join(parts[:lines])
    if len(short) > chars:
        short = short[:chars].rstrip()
    return short + ("…" if short != text else "")


def _signatures(block: d.SignatureBlock, st: _Styles, width: float) -> list[Flowable]:
    cells = []
    if block.place_date:
        cells.append((_("Place and date"), ""))
    cells += [(_short(line.name), _short(line.title)) for line in block.lines]
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
            out += [_p(chunk, style) for chunk in _chunks(block.text)]
        elif isinstance(block, d.Fields):
            out += _fields(block, st, width, split_rows)
        elif isinstance(block, d.Bullets):
            for item in block.items:
                chunks = _chunks(item)
                out.append(flow(chunks[0], st.bullet, bullet="•"))
                out += [_p(chunk, st.bullet) for chunk in chunks[1:]]
        elif isinstance(block, d.Table):
            out += _table(block, st, width, split_rows)
        elif isinstance(block, d.SignatureBlock):
            out += _signatures(block, st, width)
        elif isinstance(block, d.StampSpace):
            out.append(Spacer(1, 4))
            out.append(KeepTogether([_StampBox(block.caption, 100 * mm, 30 * mm, st.small, sink)]))
    return out


def _story(
    doc: d.Document, st: _Styles, width: float, sink: dict, split_rows: bool = False
) -> list[Flowable]:
    story: list[Flowable] = [_p(chunk, st.title) for chunk in _chunks(doc.title)]
    for line in doc.subtitle_lines:
        story += [_p(chunk, st.subtitle) for chunk in _chunks(line)]
    if doc.notice:
        story.append(_p(doc.notice, st.notice))
    else:
        story.append(Spacer(1, 6))
    for section in doc.sections:
        body = _blocks(section.blocks, st, width, sink, split_rows)
        heading = _p(_short(section.heading, 2, 200), st.heading)
        # a heading never ends a page alone: keep it with the first block of its section
        story.append(CondPageBreak(40 * mm if not doc.large_type else 55 * mm))
        if body and isinstance(body[0], Paragraph | tl.BidiText):
            # a heading never ends a page alone: keep it with its first paragraph
            story.append(KeepTogether([heading, body[0]]))
            story += body[1:]
        else:
            # a long table splits (header repeated); the CondPageBreak above keeps its heading
            # from being stranded at the foot of a page
            story.append(heading)
            story += body
    return story


def render(doc: d.Document, cancel=None) -> Rendered:
    """The document as PDF bytes, with the page count and the stamp's place (if it has one).

    Raises `UnprintableText` (naming the field and the character) before any layout when a
    character has no glyph in the embedded fonts; `Cancelled` at the next page once `cancel`
    (a threading.Event) is set.

    Table rows are kept whole; only when one row is taller than a page (a very long text in a
    cell) is the document laid out again with rows allowed to continue on the next page.
    """
    from reportlab.platypus.doctemplate import LayoutError

    register_fonts()
    check_printable(doc)
    try:
        return _render(doc, split_rows=False, cancel=cancel)
    except LayoutError:
        return _render(doc, split_rows=True, cancel=cancel)


def _render(doc: d.Document, split_rows: bool, cancel=None) -> Rendered:
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
    template.build(story, canvasmaker=_footer_canvas(doc, doc.large_type, sink, cancel))
    return Rendered(buf.getvalue(), sink["pages"], sink.get("stamp"))
