"""The participants' view: draws a `LiveSnapshot` in large plain type, and nothing else.

A custom widget rather than a QTextDocument so that a keystroke costs one re-layout of the one
text that changed: every piece of text is laid out once per (text, style, width) and cached;
`show_snapshot` only places the cached layouts, and painting draws the visible ones. The view
holds no editing state – what it shows is whatever snapshot it was last given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTextLayout, QTextOption
from PySide6.QtWidgets import QWidget

from sipdesk.i18n import _
from sipdesk.model.live import LiveGoal, LiveSection, LiveSnapshot

# Type scale, as multiples of the base unit (the body text's pixel size).
_ROLES = {
    "body": (1.0, False, False),
    "small": (0.78, False, False),
    "muted": (0.78, False, False),  # italics read worse from afar
    "heading": (0.92, True, False),
    "goal": (1.0, True, False),
    "band": (1.25, True, False),
    "band_small": (0.78, False, False),
    "curtain": (0.8, False, False),
}

_NORMAL = {
    "bg": "#fbfaf6",
    "text": "#161616",
    "muted": "#4a4f57",
    "heading": "#1f3a5f",
    "band_bg": "#1f3a5f",
    "band_text": "#ffffff",
    "goal_bg": "#e6edf5",
    "rule": "#c9d1da",
    "hl_bg": "#fff1a8",
    "hl_bar": "#d08a00",
    "hl_text": "#161616",
    "curtain_bg": "#dfe5e8",
    "curtain_text": "#9aa5ab",
}

_HIGH_CONTRAST = {
    "bg": "#000000",
    "text": "#ffffff",
    "muted": "#e6e6e6",
    "heading": "#ffff00",
    "band_bg": "#000000",
    "band_text": "#ffffff",
    "goal_bg": "#1c1c1c",
    "rule": "#ffffff",
    "hl_bg": "#ffff00",
    "hl_bar": "#ffffff",
    "hl_text": "#000000",
    "curtain_bg": "#000000",
    "curtain_text": "#5a5a5a",
}


@dataclass
class _Piece:
    x: float
    dy: float
    layout: QTextLayout
    role: str
    text: str


@dataclass
class _Block:
    """A horizontal strip of the page: pieces of text over an optional background."""

    y: float
    h: float
    key: str | None = None
    fill: str | None = None  # colour role of the background
    highlighted: bool = False
    rule: bool = False  # a thin line under it
    pieces: list[_Piece] = field(default_factory=list)


@dataclass
class _Group:
    """A goal's blocks with their offsets from the goal's top and their own highlight."""

    h: float = 0.0
    blocks: list[tuple[_Block, float, bool]] = field(default_factory=list)
    plain: list[_Block] = field(default_factory=list)  # the blocks alone, in order
    placed: tuple[float, bool] | None = None  # where and how it was placed last (y, section lit)

    def add(self, block: _Block, dy: float) -> None:
        self.blocks.append((block, dy, block.highlighted))
        self.plain.append(block)

    def place(self, y: float, lit: bool) -> None:
        """Put the blocks at `y`, lit by the section's highlight or by their own: a goal that
        did not move (every goal but the one typed in, and those below it when its height
        changed) costs nothing."""
        if self.placed == (y, lit):
            return
        self.placed = (y, lit)
        for block, dy, highlighted in self.blocks:
            block.y = y + dy
            block.highlighted = highlighted or lit


PRUNE_AFTER = 16  # new layouts between two prunings of the text cache (each costs one pass over it)


class _TextCache:
    """Laid-out text by (text, role, width): a keystroke re-lays out only what changed."""

    def __init__(self) -> None:
        self.fonts: dict[str, QFont] = {}
        self.unit = 0.0
        self._cache: dict[tuple[str, str, int], tuple[QTextLayout, float]] = {}
        self._added = 0  # layouts made since the cache was last pruned

    def prune(self, shown: Callable[[], Iterable[QTextLayout]]) -> None:
        """Typing leaves a layout behind for every text it went through (each longer than the
        last): every `PRUNE_AFTER` new layouts, keep only those the page shows (`shown`), so
        memory stays flat however long the chair types."""
        if self._added < PRUNE_AFTER:
            return
        self._added = 0
        keep = {id(layout) for layout in shown()}
        self._cache = {k: v for k, v in self._cache.items() if id(v[0]) in keep}

    def set_unit(self, unit: float, family: str) -> None:
        if unit == self.unit and self.fonts:
            return
        self.unit = unit
        self._cache.clear()
        for role, (scale, bold, italic) in _ROLES.items():
            font = QFont(family) if family else QFont()
            font.setPixelSize(max(8, round(unit * scale)))
            font.setBold(bold)
            font.setItalic(italic)
            self.fonts[role] = font

    def get(self, text: str, role: str, width: float) -> tuple[QTextLayout, float]:
        key = (text, role, int(width))
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        self._added += 1
        layout = QTextLayout(text.replace("\n", "\u2028"), self.fonts[role])
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.setCacheEnabled(True)
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(1.0, width))
            line.setPosition(QPointF(0, y))
            y += line.height() * 1.08
        layout.endLayout()
        hit = (layout, y)
        self._cache[key] = hit
        return hit


class LiveView(QWidget):
    """Draws snapshots for the room: large type scaled to the window, the edited row highlighted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WA_OpaquePaintEvent)
        self.setAccessibleName(_("Shared screen"))
        self.setMinimumSize(320, 200)
        self._snapshot: LiveSnapshot | None = None
        self._cache = _TextCache()
        self._family = ""
        self.zoom = 1.0
        self.high_contrast = False
        self.curtain = False
        self.scroll = 0.0
        self._band: list[_Block] = []
        self._blocks: list[_Block] = []
        self._band_h = 0.0
        self._content_h = 0.0
        self._table_header: _Block | None = None  # the goals table's column titles
        self._table_end = 0.0
        # each goal's laid-out blocks by the identity of its (immutable) entry
        self._groups: dict[int, tuple[LiveGoal, _Group]] = {}
        self._group_params: tuple[float, float, str] | None = None

    # --- what the chair controls ---------------------------------------------------------

    def show_snapshot(self, snapshot: LiveSnapshot) -> None:
        """Show this snapshot (replacing the last); draws on the next frame – only the strips
        that look different (a keystroke: the row typed in), unless the page moved."""
        self._snapshot = snapshot
        before = self._frame()
        self._layout()
        changed = self._changed_rect(before, self._frame())
        if changed is None:
            self.update()
        elif not changed.isEmpty():
            self.update(changed)

    def _frame(self) -> tuple[tuple[object, ...], set[tuple[object, ...]]]:
        """What is on screen now: the page's frame (scroll, band, the marks, the pinned titles)
        and each visible block's place and look (its pieces' layouts are cached by text, so
        the same layout object is the same text; held here, not by id, so that a layout freed
        meanwhile cannot pass for another made at its address)."""
        view_h = self.height() - self._band_h
        header = self._table_header
        pinned = header is not None and header.y < self.scroll < self._table_end - 3 * header.h
        frame = (
            self.width(),
            self.height(),
            self.scroll,
            self._band_h,
            tuple((p.layout, p.x, p.dy) for b in self._band for p in b.pieces),
            self.scroll > 1,
            self.scroll + view_h < self._content_h - 1,
            pinned,
            header.h if pinned else 0.0,
            tuple(p.layout for p in header.pieces) if pinned else (),
        )
        top, bottom = self.scroll, self.scroll + view_h
        blocks = {
            (
                b.y,
                b.h,
                b.highlighted,
                b.fill,
                b.rule,
                self._cut_at_top(b),
                tuple((p.layout, p.x, p.dy, p.role) for p in b.pieces),
            )
            for b in self._blocks
            if b.y + b.h >= top and b.y <= bottom
        }
        return frame, blocks

    def _changed_rect(self, before, after) -> QRect | None:
        """The part of the widget that looks different between two frames; None for all of it."""
        if before[0] != after[0]:
            return None
        changed = QRect()
        for y, h, *_look in before[1] ^ after[1]:
            top = int(self._band_h + y - self.scroll) - 2
            changed = changed.united(QRect(0, top, self.width(), int(h) + 5))
        return changed

    def snapshot(self) -> LiveSnapshot | None:
        return self._snapshot

    def reset_scroll(self) -> None:
        """Back to the top (a different case or meeting is shown)."""
        self.scroll = 0.0
        self.update()

    def set_curtain(self, on: bool) -> None:
        """Blank the screen to a calm neutral colour at once (repaints synchronously)."""
        self.curtain = on
        if self.isVisible():
            self.repaint()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(2.5, max(0.5, zoom))
        self._layout()
        self.update()

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        self.update()

    def unit(self) -> float:
        """The body text's pixel size: scaled to the window (about 1/24 of its height), zoomed."""
        base = min(self.height() / 24.0, self.width() / 40.0)
        return max(12.0, base * self.zoom)

    def rendered_text(self) -> str:
        """All text the view currently draws (or would draw when scrolled), one piece a line."""
        if self.curtain:
            return _("The screen is paused")
        return "\n".join(p.text for b in (*self._band, *self._blocks) for p in b.pieces)

    def visible_rect_of(self, key: str) -> QRectF | None:
        """Where the block with this key is drawn now (widget coordinates), or None."""
        for block in self._blocks:
            if block.key == key:
                return QRectF(0, self._band_h + block.y - self.scroll, self.width(), block.h)
        return None

    # --- layout --------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        self._layout()
        super().resizeEvent(event)

    def _layout(self) -> None:
        snap = self._snapshot
        u = self.unit()
        self._cache.set_unit(u, self._family)
        width = float(self.width())
        margin = 1.1 * u
        self._band, self._band_h = self._layout_band(snap, width, margin, u)
        blocks: list[_Block] = []
        self._table_header, self._table_end = None, 0.0
        y = 0.4 * u
        if snap is not None:
            for section in snap.sections:
                y = self._layout_section(blocks, section, snap, y, width, margin, u)
        self._blocks = blocks
        self._content_h = y + 1.5 * u
        self._cache.prune(
            lambda: (p.layout for b in (*self._band, *self._blocks) for p in b.pieces)
        )
        self._scroll_to_focus(snap)

    def _text(self, block: _Block, text: str, role: str, x: float, dy: float, w: float) -> float:
        layout, h = self._cache.get(text, role, w)
        block.pieces.append(_Piece(x, dy, layout, role, text))
        return h

    def _layout_band(self, snap, width, margin, u) -> tuple[list[_Block], float]:
        if snap is None:
            return [], 0.0
        top = _Block(0, 0, fill="band_bg")
        pad = 0.35 * u
        inner = width - 2 * margin
        if snap.part is not None:
            right = inner * 0.42
            h1 = self._text(top, snap.part.label, "band", margin, pad, inner - right)
            if snap.part_time:
                role = "band"
                self._text(top, snap.part_time, role, width - margin - right, pad, right)
                top.pieces[-1].x = width - margin - self._advance(snap.part_time, role)
            y2 = pad + h1 + 0.1 * u
            h2 = self._text(top, snap.title, "band_small", margin, y2, inner - right)
            if snap.part_next:
                self._text(top, snap.part_next, "band_small", width - margin - right, y2, right)
                top.pieces[-1].x = width - margin - self._advance(snap.part_next, "band_small")
        else:
            h1 = self._text(top, snap.title, "band", margin, pad, inner)
            y2 = pad + h1 + 0.1 * u
            h2 = self._text(top, snap.subtitle, "band_small", margin, y2, inner)
        top.h = y2 + h2 + pad
        return [top], top.h

    def _advance(self, text: str, role: str) -> float:
        layout, _h = self._cache.get(text, role, 100000)
        return layout.lineAt(0).naturalTextWidth() if layout.lineCount() else 0.0

    def _layout_section(self, blocks, section: LiveSection, snap, y, width, margin, u) -> float:
        inner = width - 2 * margin
        y += 0.55 * u
        first = len(blocks)
        head = _Block(y, 0, key=f"section:{section.key}")
        head.h = self._text(head, section.title, "heading", margin, 0, inner) + 0.15 * u
        blocks.append(head)
        y += head.h
        if section.goals:
            y = self._layout_goals(blocks, section, snap, y, width, margin, u)
        elif section.items:
            numbered = section.numbered and len(section.items) > 1
            indent = 1.4 * u if numbered else 0.0
            for n, item in enumerate(section.items, start=1):
                block = _Block(y, 0, key=item.key, highlighted=item.highlighted)
                h = self._text(block, item.text, "body", margin + indent, 0.1 * u, inner - indent)
                if numbered:
                    self._text(block, f"{n}.", "body", margin, 0.1 * u, indent)
                block.h = h + 0.25 * u
                blocks.append(block)
                y += block.h
        else:
            block = _Block(y, 0)
            block.h = self._text(block, section.empty_text, "muted", margin, 0.1 * u, inner)
            block.h += 0.25 * u
            blocks.append(block)
            y += block.h
        if section.highlighted:
            for block in blocks[first:]:
                block.highlighted = True
        return y

    def _columns(self, width, margin, u) -> tuple[tuple[float, float], ...]:
        inner = width - 2 * margin - 0.6 * u
        gap = 0.6 * u
        widths = (inner * 0.45, inner * 0.30, inner * 0.25)
        xs, x = [], margin + 0.6 * u
        for w in widths:
            xs.append((x, w - gap))
            x += w
        return tuple(xs)

    def _layout_goals(self, blocks, section: LiveSection, snap, y, width, margin, u) -> float:
        cols = self._columns(width, margin, u)
        header = _Block(y, 0, rule=True)
        header.h = (
            max(
                self._text(header, title, "muted", x, 0, w)
                for title, (x, w) in zip(snap.headers, cols, strict=True)
            )
            + 0.2 * u
        )
        blocks.append(header)
        self._table_header = header
        y += header.h
        params = (width, u, self._family)
        if params != self._group_params:  # another width or size: every goal afresh
            self._group_params = params
            self._groups = {}
        used: dict[int, tuple[LiveGoal, _Group]] = {}
        for goal in section.goals:
            y += 0.3 * u
            hit = self._groups.get(id(goal))
            if hit is None or hit[0] is not goal or id(goal) in used:
                hit = (goal, self._goal_group(goal, cols, width, margin, u))
            used[id(goal)] = hit
            group = hit[1]
            group.place(y, section.highlighted)
            blocks.extend(group.plain)
            y += group.h
        self._groups = used  # only what this snapshot shows: the cache follows the plan
        self._table_end = y
        return y

    def _goal_group(self, goal: LiveGoal, cols, width, margin, u) -> _Group:
        """One goal's blocks – its band and its intervention rows – laid out from y = 0: the
        same goal entry (an unchanged goal, see `SnapshotCache`) is placed, not laid out again."""
        group = _Group()
        inner = width - 2 * margin
        y = 0.0
        block = _Block(y, 0, key=goal.key, fill="goal_bg", highlighted=goal.highlighted)
        label = _("Goal {n}").format(n=goal.number)
        label_w = 3.6 * u
        # on the goal text's baseline
        lift = QFontMetricsF(self._cache.fonts["goal"]).ascent()
        lift -= QFontMetricsF(self._cache.fonts["muted"]).ascent()
        self._text(block, label, "muted", margin + 0.3 * u, 0.25 * u + lift, label_w)
        text = goal.text or _("Not written yet")
        h = self._text(
            block, text, "goal", margin + 0.3 * u + label_w, 0.25 * u, inner - label_w - 0.6 * u
        )
        if goal.detail:
            h += self._text(
                block,
                _with_check(goal.detail) if goal.reached else goal.detail,
                "small",
                margin + 0.3 * u + label_w,
                0.25 * u + h,
                inner - label_w - 0.6 * u,
            )
        block.h = h + 0.5 * u
        group.add(block, y)
        y += block.h
        if not goal.rows:
            empty = _Block(y, 0, rule=True)
            x, w = cols[0]
            empty.h = self._text(empty, _("No interventions yet"), "muted", x, 0.2 * u, w)
            empty.h += 0.4 * u
            group.add(empty, y)
            y += empty.h
        for row in goal.rows:
            rb = _Block(y, 0, key=row.key, highlighted=row.highlighted, rule=True)
            top = 0.2 * u
            (x0, w0), (x1, w1), (x2, w2) = cols
            h0 = self._text(rb, row.what or "…", "body", x0, top, w0)
            h1 = self._text(rb, row.who, "body", x1, top, w1) if row.who else 0.0
            if row.principal:
                h1 += self._text(rb, row.principal, "small", x1, top + h1, w1)
            h2 = self._text(rb, row.when, "body", x2, top, w2) if row.when else 0.0
            rb.h = max(h0, h1, h2) + 0.45 * u
            group.add(rb, y)
            y += rb.h
        group.h = y
        return group

    def _scroll_to_focus(self, snap: LiveSnapshot | None) -> None:
        view_h = max(1.0, self.height() - self._band_h)
        limit = max(0.0, self._content_h - view_h)
        if snap is not None and snap.focus_key is not None:
            hits = [i for i, b in enumerate(self._blocks) if b.highlighted]
            if hits:
                top = min(self._blocks[i].y for i in hits)
                bottom = max(self._blocks[i].y + self._blocks[i].h for i in hits)
                # an edited row is read with its goal: keep the goal's band in sight too
                for block in reversed(self._blocks[: hits[0]]):
                    if block.fill == "goal_bg" and snap.focus_key.startswith("intervention:"):
                        top = block.y
                        break
                    if block.key and block.key.startswith(("goal:", "section:")):
                        break
                pinned = self._table_header.h if self._table_header is not None else 0.0
                if top <= self._blocks[0].y + 1:
                    self.scroll = 0.0  # the focus opens the page: from the very top, no ▲
                    return
                if top - pinned < self.scroll or bottom > self.scroll + view_h:
                    if bottom - top < 0.6 * view_h:
                        # bring it in a little above the middle, with what comes before it
                        self.scroll = top - 0.3 * view_h
                    else:
                        self.scroll = top - pinned - 0.2 * self._cache.unit
                    # whole blocks from the top edge, even if that leaves room at the end
                    self.scroll = self._snap(min(max(0.0, self.scroll), limit), top)
                    return
        self.scroll = min(max(0.0, self.scroll), limit)

    def _snap(self, scroll: float, keep: float) -> float:
        """Start the view at a whole block (no half row under the top edge), not past `keep`."""
        header = self._table_header
        for block in self._blocks:
            in_table = header is not None and header.y < block.y < self._table_end
            pinned = header.h if in_table else 0.0
            if block.y - pinned >= scroll - 1:
                gap = 0.0 if pinned else 0.2 * self._cache.unit  # a breath under the band
                return min(block.y - pinned, keep - pinned) - gap if block.y <= keep else scroll
        return scroll

    # --- painting ------------------------------------------------------------------------

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        colors = _HIGH_CONTRAST if self.high_contrast else _NORMAL
        p = QPainter(self)
        try:
            if self.curtain:
                self._paint_curtain(p, colors)
                return
            p.fillRect(self.rect(), QColor(colors["bg"]))
            u = self._cache.unit
            clip = event.rect()
            top, bottom = (
                clip.top() - self._band_h + self.scroll,
                clip.bottom() - self._band_h + self.scroll,
            )
            p.save()
            p.setClipRect(QRectF(0, self._band_h, self.width(), self.height() - self._band_h))
            p.translate(0, self._band_h - self.scroll)
            header = self._table_header
            for block in self._blocks:
                if block.y + block.h < top or block.y > bottom:
                    continue
                if self._cut_at_top(block):
                    continue
                self._paint_block(p, block, colors, u)
            if header is not None and header.y < self.scroll < self._table_end - 3 * header.h:
                # scrolled into the table: keep its column titles in sight
                pinned = _Block(self.scroll, header.h, fill="bg", rule=True, pieces=header.pieces)
                self._paint_block(p, pinned, colors, u)
            p.restore()
            self._paint_more_marks(p, colors, u)
            for block in self._band:
                self._paint_band(p, block, colors)
        finally:
            p.end()

    def _cut_at_top(self, block: _Block) -> bool:
        """True for a block that would show only its lower part under the band (or under the
        table's pinned column titles): half a line is not drawn – the ▲ says more lies above.
        A block taller than the screen is drawn anyway, or it could never be read."""
        header = self._table_header
        edge = self.scroll
        if header is not None and header.y < self.scroll < self._table_end - 3 * header.h:
            if header.y < block.y < self._table_end:
                edge += header.h
        view_h = self.height() - self._band_h
        return block.y < edge - 0.5 < block.y + block.h - 0.5 and block.h < view_h

    def visible_text(self) -> str:
        """The text drawn now, whole blocks only (what the room can read at this scroll)."""
        if self.curtain:
            return _("The screen is paused")
        view_h = self.height() - self._band_h
        out = [p.text for b in self._band for p in b.pieces]
        for block in self._blocks:
            if block.y + block.h <= self.scroll or block.y >= self.scroll + view_h:
                continue
            if self._cut_at_top(block):
                continue
            out.extend(p.text for p in block.pieces)
        return "\n".join(out)

    def _paint_block(self, p: QPainter, block: _Block, colors: dict, u: float) -> None:
        rect = QRectF(0.5 * u, block.y, self.width() - u, block.h)
        if block.highlighted:
            p.fillRect(rect, QColor(colors["hl_bg"]))
            p.fillRect(QRectF(0.5 * u, block.y, 0.22 * u, block.h), QColor(colors["hl_bar"]))
        elif block.fill:
            p.fillRect(rect, QColor(colors[block.fill]))
        if block.rule:
            p.fillRect(
                QRectF(1.1 * u, block.y + block.h - 1, self.width() - 2.2 * u, max(1.0, u / 24)),
                QColor(colors["rule"]),
            )
        for piece in block.pieces:
            if block.highlighted:
                color = colors["hl_text"]
            elif piece.role == "heading":
                color = colors["heading"]
            elif piece.role in ("muted", "small"):
                color = colors["muted"]
            else:
                color = colors["text"]
            p.setPen(QColor(color))
            piece.layout.draw(p, QPointF(piece.x, block.y + piece.dy))

    def _paint_band(self, p: QPainter, block: _Block, colors: dict) -> None:
        p.fillRect(QRectF(0, 0, self.width(), block.h), QColor(colors["band_bg"]))
        if self.high_contrast:
            p.fillRect(QRectF(0, block.h - 2, self.width(), 2), QColor(colors["rule"]))
        # one colour for the time, over or not: an overrun is the chair's concern, never an
        # alarm in front of the person (issue 13)
        p.setPen(QColor(colors["band_text"]))
        for piece in block.pieces:
            piece.layout.draw(p, QPointF(piece.x, block.y + piece.dy))

    def _paint_more_marks(self, p: QPainter, colors: dict, u: float) -> None:
        """A quiet arrow where more of the plan lies above or below the screen."""
        view_h = self.height() - self._band_h
        p.setPen(QColor(colors["muted"]))
        p.setFont(self._cache.fonts.get("small", QFont()))
        x = self.width() - 1.6 * u
        if self.scroll > 1:
            p.drawText(QRectF(x, self._band_h, 1.4 * u, 1.2 * u), Qt.AlignCenter, "▲")
        if self.scroll + view_h < self._content_h - 1:
            p.drawText(QRectF(x, self.height() - 1.3 * u, 1.4 * u, 1.2 * u), Qt.AlignCenter, "▼")

    def _paint_curtain(self, p: QPainter, colors: dict) -> None:
        p.fillRect(self.rect(), QColor(colors["curtain_bg"]))
        font = QFont(self._family) if self._family else QFont()
        font.setPixelSize(max(10, round(self.unit() * 0.8)))
        p.setFont(font)
        p.setPen(QColor(colors["curtain_text"]))
        p.drawText(self.rect(), Qt.AlignCenter, _("The screen is paused"))


def _with_check(detail: str) -> str:
    """A reached goal's line starts with its words ("Uppnått …"); a ✓ goes in front of them."""
    from sipdesk.model.reached import with_check

    return with_check(detail, True)
