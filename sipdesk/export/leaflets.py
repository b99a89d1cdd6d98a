"""The organisation's own information sheets (*informationsblad*), as PDFs the chair adds to the
print set: their translated leaflets about SIP, the municipality's services and the like.
SipDesk does not translate (issue 17): it prints what the organisation has, by language.

The folder holds one subfolder per language, named as the chair writes the interpreter
language ("arabiska", "dari", "somaliska", "lättläst"); each PDF in it is one sheet, printed as
it is. A sheet in the person's interpreter language is chosen by default, the others offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sipdesk.i18n import _

MAX_BYTES = 20 * 1024 * 1024  # a leaflet of a few pages; a larger file is not a leaflet


class LeafletError(ValueError):
    """A sheet that cannot be printed: says which file and why."""


@dataclass(frozen=True)
class Leaflet:
    path: Path
    language: str  # the subfolder's name
    title: str  # the file name without .pdf

    @property
    def label(self) -> str:
        return f"{self.language}: {self.title}"


def leaflets_in(folder: Path | str | None) -> list[Leaflet]:
    """The sheets in `folder` by language, sorted; an empty list for no or a missing folder."""
    if not folder:
        return []
    root = Path(folder).expanduser()
    if not root.is_dir():
        return []
    out = []
    for language in sorted(p for p in root.iterdir() if p.is_dir()):
        for pdf in sorted(language.glob("*.pdf")):
            if pdf.is_file():
                out.append(Leaflet(pdf, language.name, pdf.stem))
    return out


def matches(leaflet: Leaflet, language: str) -> bool:
    """True when the sheet's language is the person's (case and spacing ignored)."""
    return bool(language.strip()) and leaflet.language.casefold() == language.strip().casefold()


def read(path: Path | str) -> tuple[bytes, int]:
    """The sheet's bytes and page count; LeafletError naming the file when it is not a
    readable PDF of sane size."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LeafletError(_("{name} is larger than 20 MB: is it really an information sheet?")
                               .format(name=path.name))  # fmt: skip
        data = path.read_bytes()
    except OSError as exc:
        raise LeafletError(_("Could not read {name}: {detail}.").format(
            name=path.name, detail=exc.strerror)) from exc  # fmt: skip
    if not data.startswith(b"%PDF"):
        raise LeafletError(_("{name} is not a PDF file.").format(name=path.name))
    import pypdfium2 as pdfium

    try:
        pages = len(pdfium.PdfDocument(data))
    except pdfium.PdfiumError as exc:
        raise LeafletError(_("{name} is a damaged PDF: open it and save it again.").format(
            name=path.name)) from exc  # fmt: skip
    return data, pages
