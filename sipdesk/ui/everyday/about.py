"""Help → About: the version, and the licences of the bundled fonts and libraries."""

from __future__ import annotations

import html
import platform
from importlib import metadata

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from sipdesk import __version__, paths
from sipdesk.i18n import N_, _

# (distribution name, what it does here, licence) – the licence as the project states it
LIBRARIES: list[tuple[str, str, str]] = [
    ("PySide6-Essentials", N_("Qt for Python"), "LGPL-3.0-only"),
    ("SQLAlchemy", N_("database access"), "MIT"),
    ("alembic", N_("store migrations"), "MIT"),
    ("sqlcipher3", N_("SQLCipher, the encrypted database"), "zlib; SQLCipher: BSD-3-Clause"),
    ("keyring", N_("OS keyring"), "MIT"),
    ("reportlab", N_("PDF documents"), "BSD-3-Clause"),
    ("rl_accel", N_("ReportLab's C accelerators"), "BSD-3-Clause"),
    ("pyHanko", N_("PDF signatures"), "MIT"),
    ("cryptography", N_("encryption"), "Apache-2.0 OR BSD-3-Clause"),
    ("fonttools", N_("reading the fonts' tables for print"), "MIT"),
    ("uharfbuzz", N_("text shaping"), "Apache-2.0; HarfBuzz: MIT"),
    ("babel", N_("dates and translations"), "BSD-3-Clause"),
    ("platformdirs", N_("folders per platform"), "MIT"),
    ("icalendar", N_("calendar invitations"), "BSD-2-Clause"),
    ("pypdfium2", N_("printing: PDFium draws the plan's PDF pages"), "Apache-2.0 OR BSD-3-Clause; PDFium: Apache-2.0 AND BSD-3-Clause"),
    ("python-bidi", N_("right-to-left text in print"), "LGPL-3.0-or-later"),
    ("pyphen", N_("Swedish hyphenation in print"), "GPL-2.0+ / LGPL-2.1+ / MPL-1.1"),
]


def library_rows() -> list[tuple[str, str, str, str]]:
    """(name, version or '–', purpose, licence) for each library; missing ones say so."""
    rows = []
    for name, purpose, licence in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "–"
        rows.append((name, version, _(purpose), licence))
    return rows


def font_licence(file: str = "LICENSE-DejaVu.txt") -> str:
    path = paths.resources_dir() / "fonts" / file
    try:
        return path.read_text("utf-8")
    except OSError:
        return _("The font licence file is missing: {path}").format(path=path)


def about_html() -> str:
    e = html.escape
    tagline = _("The chair's tool for SIP meetings – offline, encrypted.")
    licence = _("Licence: GPL-3.0-or-later.")
    libraries, fonts_head = _("Libraries"), _("Fonts")
    heads = [_("Library"), _("Version"), _("Used for"), _("Licence")]
    fonts = _("DejaVu Sans (in the PDFs and the signature stamp), under this licence:")
    noto = _(
        "Noto Sans Arabic, Hebrew, Armenian, Georgian, Ethiopic and Thai, and Noto Emoji (in the "
        "PDFs and the signature stamp, for the letters DejaVu Sans lacks), under the SIL Open Font "
        "License 1.1:"
    )
    rows = "".join(
        "<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>"
        for row in library_rows()
    )
    head = "".join(f"<th align='left'>{e(h)}</th>" for h in heads)
    return (
        f"<h2>SipDesk {e(__version__)}</h2><p>{e(tagline)}</p>"
        f"<p>{e(licence)} Python {e(platform.python_version())}.</p>"
        f"<h3>{e(libraries)}</h3>"
        f"<table cellpadding='3'><tr>{head}</tr>{rows}</table>"
        f"<h3>{e(fonts_head)}</h3><p>{e(fonts)}</p>"
        f"<pre style='white-space: pre-wrap'>{e(font_licence())}</pre>"
        f"<p>{e(noto)}</p>"
        f"<pre style='white-space: pre-wrap'>{e(font_licence('LICENSE-Noto.txt'))}</pre>"
    )


class AboutDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("About SipDesk"))
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(about_html())
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
