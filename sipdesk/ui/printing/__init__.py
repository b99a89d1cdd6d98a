"""Printing at the meeting (issue 10): the print set dialog, the printer and the PDF fallback."""

from __future__ import annotations


def install(window) -> None:
    from sipdesk.ui.printing.feature import PrintFeature

    window.print_feature = PrintFeature(window)
