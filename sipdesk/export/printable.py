"""What a document prints, field by field, and the check that every character of it has a glyph
in the embedded fonts – before anything is laid out or written. Split out of `pdf.py`, which
re-exports these names.
"""

from __future__ import annotations

from sipdesk.export import document as d
from sipdesk.export import textlayout as tl
from sipdesk.i18n import _


class Cancelled(Exception):
    """The export was stopped by the chair (the cancel event was set): nothing is written."""


class UnprintableText(ValueError):
    """A character no embedded font has: the message names the field and the character."""

    def __init__(self, field: str, chars: list[str]) -> None:
        self.field = field
        self.chars = chars
        super().__init__(
            _(
                "{field}: the character {chars} cannot be printed – no font in SipDesk has it. "
                "Replace it (for example with a word) and export again. Nothing was written."
            ).format(field=field, chars=", ".join(tl.describe_char(c) for c in chars))
        )


def printable_fields(doc: d.Document):
    """Every text the document prints, with where it stands (for the message that names it)."""
    yield doc.title, doc.title
    for line in doc.subtitle_lines:
        yield doc.title, line
    yield doc.title, doc.notice
    yield doc.title, doc.copy_mark
    for value in doc.extra.values():
        yield doc.title, value
    for section in doc.sections:
        yield section.heading, section.heading
        for block in section.blocks:
            if isinstance(block, d.Paragraph):
                yield section.heading, block.text
            elif isinstance(block, d.Fields):
                for label, value in block.items:
                    yield f"{section.heading} › {label}", label + " " + value
            elif isinstance(block, d.Bullets):
                for n, item in enumerate(block.items, start=1):
                    yield f"{section.heading} ({n})", item
            elif isinstance(block, d.Table):
                for column in block.columns:
                    yield section.heading, column
                for n, row in enumerate(block.rows, start=1):
                    for column, cell in zip(block.columns, row, strict=False):
                        yield f"{section.heading} › {column} ({n})", cell
            elif isinstance(block, d.SignatureBlock):
                for line in block.lines:
                    yield section.heading, line.name + " " + line.title
            elif isinstance(block, d.StampSpace):
                yield section.heading, block.caption


def check_printable(doc: d.Document) -> None:
    """Raise `UnprintableText` for the first field holding a character no font prints."""
    tl.register_fonts()
    for where, text in printable_fields(doc):
        if text:
            missing = tl.unprintable(text)
            if missing:
                raise UnprintableText(where, missing)
