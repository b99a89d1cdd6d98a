"""One PDF made of several: the invitation with the "Vad är SIP?" sheet after it (issue 17).

PDFium (pypdfium2) copies the pages as they are – fonts, text and links – so each document keeps
the exact pages `pdf.render` made; the first document's information dictionary is kept.
"""

from __future__ import annotations

import io


def concatenate(first: bytes, *more: bytes) -> tuple[bytes, int]:
    """(the PDF of `first` followed by each of `more`, its page count).

    Raises ValueError when a part is not a readable PDF (PDFium's own error as its cause)."""
    import pypdfium2 as pdfium

    try:
        out = pdfium.PdfDocument(first)
        for part in more:
            out.import_pages(pdfium.PdfDocument(part))
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue(), len(out)
    except pdfium.PdfiumError as exc:
        raise ValueError(str(exc)) from exc
