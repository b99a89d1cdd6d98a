"""The neutral document tree's blocks: sections, paragraphs, tables and signature lines, and the
`Document` that holds them, printable as plain text. Split out of `document.py`, which builds the
plan's tree and re-exports these names.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Paragraph:
    """Running text. `style`: body, lead (larger), small, notice (boxed warning)."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Fields:
    """Label–value lines ("Tolkbehov: Nej")."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table whose header repeats on each page; `widths` are fractions of the text width.

    `group_starts` marks rows that begin a new group (a new goal), so a renderer can draw a
    stronger rule there.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    group_starts: tuple[int, ...] = ()


@dataclass(frozen=True)
class SignatureLine:
    name: str
    title: str


@dataclass(frozen=True)
class SignatureBlock:
    """A line per participant to sign by hand, name and title printed under it."""

    lines: tuple[SignatureLine, ...]
    place_date: bool = True


@dataclass(frozen=True)
class StampSpace:
    """Room for the digital signature's visible stamp (filled in when the PDF is signed)."""

    caption: str


Block = Paragraph | Fields | Bullets | Table | SignatureBlock | StampSpace


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]
    key: str = ""  # stable name for tests and for inserting sections ("goals", "review", ...)


@dataclass(frozen=True)
class Document:
    """A printable document: title lines, an optional protection notice, sections, footer data.

    `doc_id` and `version` are printed in every page's footer together with `fingerprint()`, a
    short hash of the whole content, so a page swapped in from another document shows.
    `metadata_title` is what goes into the PDF's metadata: never personal data.
    """

    kind: str  # "plan", "easy_read", "invitation"
    title: str
    subtitle_lines: tuple[str, ...]
    sections: tuple[Section, ...]
    doc_id: str
    version: int
    language: str
    metadata_title: str
    file_stem: str
    protected: bool = False
    notice: str = ""  # the protected-data marking on the first page
    large_type: bool = False
    # "Exemplar för: BUP" – whose copy this is, on every page. Not part of `to_text()` and so not
    # of the fingerprint: the original and every copy of one plan carry the same Kontroll.
    copy_mark: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def to_text(self) -> str:
        """The whole content as plain text: golden tests, the fingerprint, and text searches."""
        out = [f"# {self.title}"]
        out += list(self.subtitle_lines)
        if self.notice:
            out.append(f"[!] {self.notice}")
        for section in self.sections:
            out.append("")
            out.append(f"## {section.heading}")
            for block in section.blocks:
                out += _block_text(block)
        out.append("")
        out.append(f"[{self.doc_id} v{self.version}]")
        return "\n".join(out) + "\n"

    def fingerprint(self) -> str:
        """A short hash of the content (8 hex digits, "3F2A-91C0"), printed on every page."""
        digest = hashlib.sha256(self.to_text().encode("utf-8")).hexdigest().upper()
        return f"{digest[:4]}-{digest[4:8]}"


def _block_text(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        prefix = {"notice": "[!] ", "small": "(small) ", "lead": "(lead) "}.get(block.style, "")
        return [prefix + block.text]
    if isinstance(block, Fields):
        return [f"{label}: {value}" for label, value in block.items]
    if isinstance(block, Bullets):
        return [f"- {item}" for item in block.items]
    if isinstance(block, Table):
        lines = [" | ".join(block.columns)]
        for i, row in enumerate(block.rows):
            mark = "*" if i in block.group_starts else " "
            lines.append(mark + " " + " | ".join(cell.replace("\n", " / ") for cell in row))
        return lines
    if isinstance(block, SignatureBlock):
        return [f"____ {line.name}, {line.title}".rstrip(", ") for line in block.lines]
    if isinstance(block, StampSpace):
        return [f"[stamp] {block.caption}"]
    raise TypeError(block)  # pragma: no cover - every block type is handled above
