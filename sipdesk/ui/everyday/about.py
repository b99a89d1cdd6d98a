"""Help → About: the version, and the licences of the bundled fonts and libraries."""

from __future__ import annotations

import html
import platform
from importlib import metadata

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from sipdesk import __version__, paths
from sipdesk.i18n import _

# (distribution name, what it does here, licence) – the licence as the project states it
LIBRARIES: list[tuple[str, str, str]] = [
    ("PySide6-Essentials", "Qt for Python", "LGPL-3.0-only"),
    ("SQLAlchemy", "database access", "MIT"),
    ("alembic", "store migrations", "MIT"),
    ("sqlcipher3", "SQLCipher, the encrypted database", "zlib; SQLCipher: BSD-3-Clause"),
    ("keyring", "OS keyring", "MIT"),
    ("reportlab", "PDF", "BSD-3-Clause"),
    ("pyHanko", "PDF signatures", "MIT"),
    ("cryptography", "encryption", "Apache-2.0 OR BSD-3-Clause"),
    ("fonttools", "fonts in the signature stamp", "MIT"),
    ("uharfbuzz", "text shaping", "Apache-2.0; HarfBuzz: MIT"),
    ("babel", "dates and translations", "BSD-3-Clause"),
    ("platformdirs", "folders per platform", "MIT"),
    ("icalendar", "calendar invitations", "BSD-2-Clause"),
]


def library_rows() -> list[tuple[str, str, str, str]]:
    """(name, version or '–', purpose, licence) for each library; missing ones say so."""
    rows = []
    for name, purpose, licence in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "–"
        rows.append((name, version, purpose, licence))
    return rows


def font_licence() -> str:
    path = paths.resources_dir() / "fonts" / "LICENSE-DejaVu.txt"
    try:
        return path.read_text("utf-8")
    except OSError:
        return _("The font licence file is missing: {path}").format(path=path)


def about_html() -> str:
    e = html.escape
    tagline = _("The chair's tool for SIP meetings – offline, encrypted.")
    licence = _("Licence: GPL-3.0-or-later.")
    heads = [_("Library"), _("Version"), _("Used for"), _("Licence")]
    fonts = _("DejaVu Sans (in the PDFs and the signature stamp), under this licence:")
    rows = "".join(
        "<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>"
        for row in library_rows()
    )
    head = "".join(f"<th align='left'>{e(h)}</th>" for h in heads)
    return (
        f"<h2>SipDesk {e(__version__)}</h2><p>{e(tagline)}</p>"
        f"<p>{e(licence)} Python {e(platform.python_version())}.</p>"
        f"<h3>{e(_('Libraries'))}</h3>"
        f"<table cellpadding='3'><tr>{head}</tr>{rows}</table>"
        f"<h3>{e(_('Fonts'))}</h3><p>{e(fonts)}</p>"
        f"<pre style='white-space: pre-wrap'>{e(font_licence())}</pre>"
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
