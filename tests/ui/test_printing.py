"""Printing at the meeting from the window: one action, the system print dialog once, every
document page for page on the printer (Qt's PDF output stands in for it), and the PDF folder when
there is no printer or it fails."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from sipdesk.export import printset
from sipdesk.ui.printing import feature as feature_module
from sipdesk.ui.printing import raster
from sipdesk.ui.printing.dialog import PRINT, SAVE, PrintSetDialog
from tests.export.helpers import demo_case, pdf_pages_text
from tests.ui.conftest import select

SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"


def _shot(widget, name: str, tmp_path: Path) -> None:
    """Render the widget; into docs/screenshots/ only when SIPDESK_SCREENSHOTS=1 asks for it,
    so a test run leaves the repository as it was."""
    import os

    folder = SCREENSHOTS if os.environ.get("SIPDESK_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(folder / name))


DPI = 100  # the test printer's resolution, and the one the pages are compared at
# the copy mark's row, between the text and the footer rule (pdf.py: 18 mm from the bottom)
MARK_BAND = ((297 - 24) / 297, (297 - 15) / 297)


@pytest.fixture
def window(quiet_window):
    return quiet_window


class DuplexPrinter(QPrinter):
    """Qt's PDF output ignores duplex; a room printer set to two-sided says so."""

    def duplex(self):
        return QPrinter.DuplexMode.DuplexLongSide


def pdf_printer(path: Path, cls=QPrinter) -> QPrinter:
    printer = cls(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(DPI)  # enough to tell the pages apart; keeps the test file small
    return printer


def page_images(data: bytes, dpi: int = DPI) -> list[tuple[int, bytes]]:
    """Each page as (width, grey pixels row by row), rendered by PDFium."""
    pdf = pdfium.PdfDocument(data)
    try:
        out = []
        for page in pdf:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            buf, w, stride = bytes(bitmap.buffer), bitmap.width, bitmap.stride
            out.append((w, b"".join(buf[r * stride : r * stride + w] for r in range(bitmap.height))))
        return out
    finally:
        pdf.close()


def distance(a, b, band: tuple[float, float] = (0.0, 1.0)) -> float:
    """Mean grey-level difference of two page images over a band of rows (fractions of the
    page height from the top); infinite when the sizes differ."""
    (wa, pa), (wb, pb) = a, b
    if wa != wb or len(pa) != len(pb):
        return float("inf")
    rows = len(pa) // wa
    lo, hi = int(band[0] * rows) * wa, int(band[1] * rows) * wa
    return sum(abs(x - y) for x, y in zip(pa[lo:hi], pb[lo:hi], strict=True)) / (hi - lo)


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])


def test_the_action_is_in_the_case_menu_and_follows_the_selection(window):
    action = window.print_feature.action
    assert action in window.case_menu.actions()
    assert action.text() == "Skriv ut på mötet (original och exemplar)…"
    assert not action.isEnabled()
    select(window, "Josef Berg")
    assert action.isEnabled()


def test_josefs_set_prints_page_for_page_in_one_action(window, qtbot, monkeypatch, tmp_path):
    case_id = select(window, "Josef Berg")
    out = tmp_path / "printer.pdf"
    printer = pdf_printer(out)
    dialogs: list[QPrintDialog] = []
    monkeypatch.setattr(feature_module, "has_printer", lambda: True)
    monkeypatch.setattr(feature_module, "new_printer", lambda: printer)
    monkeypatch.setattr(PrintSetDialog, "exec", lambda self: PRINT)
    monkeypatch.setattr(
        QPrintDialog, "exec", lambda self: dialogs.append(self) or QDialog.Accepted
    )
    feature = window.print_feature
    with qtbot.waitSignal(feature.finished, timeout=60000) as blocker:
        window.print_feature.action.trigger()
    outcome = blocker.args[0]
    assert len(dialogs) == 1  # the system print dialog once, for the whole set
    assert outcome.how == "printer"
    kinds = [d.item.kind for d in outcome.documents]
    assert kinds == ["original"] + ["copy"] * 5 + ["own_copy", "about_sip"]
    expected = [img for d in outcome.documents for img in page_images(d.pdf)]
    assert outcome.pages == len(expected) == 6 * 4 + 2 + 1  # "Vad är SIP?" is one page
    printed = page_images(out.read_bytes())
    assert len(printed) == len(expected) == pages(out)
    # page for page: each printed page is nearer its own source page than the next one
    for i, page in enumerate(printed):
        own = distance(page, expected[i])
        neighbour = expected[i + 1] if i + 1 < len(expected) else expected[i - 1]
        assert own < distance(page, neighbour)
    # the first page of each copy differs from the original's only by its mark: the mark's row
    # of each printed first page matches its own source and no other
    first_pages = [0, 4, 8, 12, 16, 20]
    for a in first_pages:
        own = distance(printed[a], expected[a], MARK_BAND)
        for b in first_pages:
            if a != b:
                other = distance(printed[a], expected[b], MARK_BAND)
                assert other > 2 * own
    # the source PDFs carry the marks as text on every page
    for document in outcome.documents:
        for page in pdf_pages_text(document.pdf, tmp_path):
            assert document.item.mark in page
    # the print queue sees the document id, not the name
    assert printer.docName().startswith("SIP-") and "Josef" not in printer.docName()
    # recorded: counts in the audit trail, the parties on the meeting
    entry = window.store.audit_log(case_id)[-1]
    detail = "original+5 copies+own copy+what is sip (printer)"
    assert (entry.action, entry.detail) == ("printed", detail)
    handout = window.store.load_case(case_id).current_meeting.handouts[-1]
    assert handout.recipients == demo_case("1-josef").current_meeting.plan.copies_to
    assert handout.original and handout.own_copy and handout.how == "printer"
    assert "27 sidor" in window.shown_messages[-1]


def test_duplex_gives_an_odd_document_a_blank_back(qapp, tmp_path):
    case = demo_case("1-josef")
    meeting = case.current_meeting
    items = [printset.PrintItem("own_copy", mark="Exemplar för: X", copies=1)]
    documents = printset.PrintJob(case, meeting, items).build()
    # make it odd: the first page only
    pdf = pdfium.PdfDocument(documents[0].pdf)
    pdf.del_page(1)
    import io

    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    odd = printset.PrintedDocument(items[0], buf.getvalue(), 1, "x.pdf", "")
    raster.print_documents(pdf_printer(tmp_path / "simplex.pdf"), [odd, odd])
    printer = pdf_printer(tmp_path / "duplex.pdf", DuplexPrinter)
    raster.print_documents(printer, [odd, odd])
    assert pages(tmp_path / "simplex.pdf") == 2
    assert pages(tmp_path / "duplex.pdf") == 4  # each one-page copy has a blank back


def test_no_printer_saves_the_same_set_as_pdfs(window, qtbot, monkeypatch, tmp_path):
    case_id = select(window, "Josef Berg")
    monkeypatch.setattr(feature_module, "has_printer", lambda: False)
    seen: list[PrintSetDialog] = []

    def exec_(self):
        seen.append(self)
        return SAVE

    monkeypatch.setattr(PrintSetDialog, "exec", exec_)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    feature = window.print_feature
    with qtbot.waitSignal(feature.finished, timeout=60000) as blocker:
        feature.action.trigger()
    assert not seen[0].print_button.isEnabled()  # no printer: only saving is offered
    outcome = blocker.args[0]
    assert outcome.how == "pdf"
    names = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert names == [p.name for p in outcome.paths] and len(names) == 8
    probe = tmp_path.parent / (tmp_path.name + "-probe")
    probe.mkdir()
    for path, document in zip(outcome.paths, outcome.documents, strict=True):
        pages = pdf_pages_text(path.read_bytes(), probe)
        assert all(document.item.mark in page for page in pages)
    assert "Ingenting skrevs ut. 8 PDF-filer sparades" in window.shown_messages[-1]
    entry = window.store.audit_log(case_id)[-1]
    detail = "original+5 copies+own copy+what is sip (pdf)"
    assert (entry.action, entry.detail) == ("printed", detail)


def test_a_failing_printer_offers_the_pdf_folder(window, qtbot, monkeypatch, tmp_path):
    select(window, "Josef Berg")
    monkeypatch.setattr(feature_module, "has_printer", lambda: True)
    monkeypatch.setattr(feature_module, "new_printer", lambda: pdf_printer(tmp_path / "p.pdf"))
    monkeypatch.setattr(PrintSetDialog, "exec", lambda self: PRINT)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.Accepted)

    def broken(printer, documents, progress=None):
        raise raster.PrintError("Skrivaren stannade mitt i utskriften.")

    monkeypatch.setattr(raster, "print_documents", broken)
    questions: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: questions.append(a[2]) or QMessageBox.Yes
    )
    folder = tmp_path / "set"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    feature = window.print_feature
    with qtbot.waitSignal(feature.finished, timeout=60000) as blocker:
        feature.action.trigger()
    assert "Skrivaren stannade" in questions[0]
    assert blocker.args[0].how == "pdf"
    assert len(list(folder.glob("*.pdf"))) == 8


def test_cancelling_the_print_dialog_prints_and_records_nothing(window, monkeypatch):
    case_id = select(window, "Josef Berg")
    before = len(window.store.audit_log(case_id))
    monkeypatch.setattr(feature_module, "has_printer", lambda: True)
    monkeypatch.setattr(PrintSetDialog, "exec", lambda self: PRINT)
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.Rejected)
    assert not window.print_feature.start()
    assert len(window.store.audit_log(case_id)) == before


def test_the_dialog_lists_the_set_and_warns_for_protected_identity(qtbot, tmp_path):
    case = demo_case("5-skyddad")
    dialog = PrintSetDialog(
        printset.default_items(case, case.current_meeting), protected=True, has_printer=True
    )
    qtbot.addWidget(dialog)
    texts = [c.text() for c in dialog.checks]
    assert texts[0] == "Originalet för underskrift (alla underskriftsrader)"
    assert "Exemplar för: Klient K-17 (lämnas personligen)" in texts
    assert not any("Amira" in t for t in texts)
    dialog.checks[1].setChecked(False)
    dialog.counts[2].setValue(3)
    items = dialog.items()
    assert not items[1].enabled and items[2].copies == 3
    assert "manuella rutinen" in "".join(
        label.text() for label in dialog.findChildren(type(dialog.summary))
    )
    dialog.show()
    qtbot.waitExposed(dialog)
    _shot(dialog, "print-dialog-protected.png", tmp_path)


def test_screenshot_of_the_dialog(qtbot, tmp_path):
    case = demo_case("1-josef")
    dialog = PrintSetDialog(
        printset.default_items(case, case.current_meeting), protected=False, has_printer=True
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _shot(dialog, "print-dialog.png", tmp_path)


def test_the_closing_part_prints_the_workspace_meeting(window, monkeypatch):
    case_id = select(window, "Josef Berg")
    assert window.open_case(case_id)
    # an edit not saved yet reaches the printout: the workspace saves first
    plan = window.controller.case.current_meeting.plan
    window.controller.apply(
        "copies", lambda case, meeting: _set_copies(meeting, plan.copies_to + ["Habiliteringen"])
    )
    seen: list[list[printset.PrintItem]] = []
    monkeypatch.setattr(PrintSetDialog, "exec", lambda self: seen.append(self.items()) or 0)
    button = window.print_feature.closing_button
    assert button is not None and button.isEnabled()
    button.click()
    assert seen and [i.kind for i in seen[0][-4:]] == [
        "own_copy", "about_sip", "about_sip_easy", "invitation"]
    assert [i.recipient for i in seen[0] if i.kind == "copy"][-1] == "Habiliteringen"
    assert window.store.load_case(case_id).current_meeting.plan.copies_to[-1] == "Habiliteringen"


def _set_copies(meeting, copies):
    from sipdesk.model.changes import Change

    meeting.plan.copies_to = list(copies)
    return Change("field", "copies_to")


def test_saving_from_the_workspace_notes_the_copies_on_its_meeting(
    window, qtbot, monkeypatch, tmp_path
):
    case_id = select(window, "Josef Berg")
    assert window.open_case(case_id)
    monkeypatch.setattr(feature_module, "has_printer", lambda: False)

    def only_two(self):
        for check in self.checks[2:]:
            check.setChecked(False)
        return SAVE

    monkeypatch.setattr(PrintSetDialog, "exec", only_two)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    feature = window.print_feature
    with qtbot.waitSignal(feature.finished, timeout=60000):
        feature.closing_button.click()
    expected = ["Sara Berg och Johan Berg"]
    handout = window.controller.case.current_meeting.handouts[-1]
    assert handout.recipients == expected and handout.original and not handout.own_copy
    assert handout.how == "pdf"
    assert not window.controller.dirty  # written at once
    assert window.store.load_case(case_id).current_meeting.handouts[-1].recipients == expected
    assert window.store.audit_log(case_id)[-1].detail == "original+1 copy (pdf)"
    assert len(list(tmp_path.glob("*.pdf"))) == 2


def test_the_case_view_lists_the_printed_copies_redacted():
    import datetime as dt

    from sipdesk.model.handout import Handout
    from sipdesk.ui.chair.case_view import case_html

    case = demo_case("5-skyddad")
    meeting = case.current_meeting
    printset.record_handout(
        case,
        meeting,
        Handout(dt.date(2026, 11, 10), True, ["Amira (lämnas personligen)"], True, False, "pdf"),
    )
    html = case_html(case)
    assert "Utskrivna exemplar" in html
    assert (
        "10 november 2026 (sparat som PDF-filer): originalet; exemplar till Klient K-17 "
        "(lämnas personligen); egen kopia" in html
    )
    assert "Amira" not in html
