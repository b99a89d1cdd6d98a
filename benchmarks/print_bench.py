"""Printing benchmarks: Josef's whole print set (original, 5 marked copies, own copy – 26 pages)
built as PDFs, and built and sent page for page to Qt's PDF printer at 300 dpi (the raster path a
room printer gets). Median of a few runs, warm.

Run alone it prints `NAME VALUE UNIT` lines:
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/print_bench.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median_ms(func, runs: int = 3) -> float:
    func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv)  # noqa: F841 - QPrinter needs one
    from PySide6.QtPrintSupport import QPrinter

    from sipdesk import i18n
    from sipdesk.export import printset
    from sipdesk.model import planfile
    from sipdesk.ui.printing.raster import print_documents

    i18n.set_language("sv")
    case = planfile.read(ROOT / "resources" / "demo" / "1-josef.json")
    meeting = case.current_meeting
    job = printset.PrintJob(case, meeting, printset.default_items(case, meeting))
    print(f"print_set_build {_median_ms(job.build):.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "printer.pdf"
        pages = 0

        def to_printer() -> None:
            nonlocal pages
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(out))
            printer.setResolution(300)
            pages = print_documents(printer, job.build())

        ms = _median_ms(to_printer, runs=2)
        print(f"print_set_pages {pages} pages")
        print(f"print_set_to_printer_300dpi {ms:.0f} ms")
        print(f"print_per_page_300dpi {ms / pages:.0f} ms")


if __name__ == "__main__":
    main()
