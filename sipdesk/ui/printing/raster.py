"""Send the print set's PDFs to a QPrinter, page for page: each page rasterised by PDFium
(pypdfium2) at the printer's resolution (at most 300 dpi) and painted onto the paper at its real
size – the plan is never laid out a second time, so the paper is the PDF, fingerprint and all.

Nothing is written to disk here: the PDFs are bytes in memory, the page images live only while
they are painted. What the printer driver and the operating system's spooler keep is theirs
(see docs/printing.md).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from sipdesk.export.api import ExportError
from sipdesk.export.printset import PrintedDocument
from sipdesk.i18n import _

MAX_DPI = 300  # text stays sharp; a 300 dpi A4 page is ~35 MB in memory, freed page by page


class PrintError(ExportError):
    """The printer refused or failed; the message says what happened."""


def print_documents(
    printer: QPrinter,
    documents: list[PrintedDocument],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Print every document (each `item.copies` times) in order; returns the sheets' page count.

    With duplex on, a document with an odd page count gets a blank back, so the next one starts
    on its own sheet and no party's copy is printed on the back of another's.
    """
    import pypdfium2 as pdfium

    total = sum(d.pages * d.item.copies for d in documents)
    duplex = printer.duplex() != QPrinter.DuplexMode.DuplexNone
    dpi = min(printer.resolution(), MAX_DPI)
    printer.setFullPage(True)  # draw at paper size: the PDF's own margins are the margins
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(_("The printer could not be started. Check that it is on and connected."))
    printed = 0
    first = True
    try:
        for document in documents:
            pdf = pdfium.PdfDocument(document.pdf)
            try:
                for _copy in range(document.item.copies):
                    for index in range(len(pdf)):
                        if not first and not printer.newPage():
                            raise PrintError(_("The printer stopped in the middle of the job."))
                        first = False
                        _paint_page(painter, printer, pdf[index], dpi)
                        printed += 1
                        if progress is not None:
                            progress(printed, total)
                    if duplex and len(pdf) % 2 == 1:
                        if not printer.newPage():
                            raise PrintError(_("The printer stopped in the middle of the job."))
            finally:
                pdf.close()
    finally:
        if not painter.end():
            raise PrintError(_("The printer did not accept the job."))
    if printer.printerState() == QPrinter.PrinterState.Error:
        raise PrintError(_("The printer reported an error."))
    return printed


def _paint_page(painter: QPainter, printer: QPrinter, page, dpi: int) -> None:
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True, optimize_mode="print")
    try:
        image = QImage(
            bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888
        )
        paper = printer.paperRect(QPrinter.Unit.DevicePixel)
        # the page's real size in device pixels; fitted (never enlarged) if the paper is smaller
        width_pt, height_pt = page.get_size()
        res = printer.resolution()
        w, h = width_pt / 72 * res, height_pt / 72 * res
        fit = min(1.0, paper.width() / w, paper.height() / h)
        w, h = w * fit, h * fit
        target = QRectF((paper.width() - w) / 2, (paper.height() - h) / 2, w, h)
        painter.drawImage(target, image)
    finally:
        page.close()
        bitmap.close()
