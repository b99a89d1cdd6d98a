"""Help → User guide: docs/anvandarguide.md (or the English summary) rendered in a window.

The Markdown is shown with QTextDocument's own renderer; the screenshots it links to are
looked up beside the file, so the bundle carries docs/ with its pictures.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from sipdesk import i18n, paths
from sipdesk.i18n import _

GUIDES = {"sv": "anvandarguide.md", "en": "user-guide-en.md"}


def guide_path(language: str | None = None) -> Path:
    """The guide in the interface language (Swedish when there is none in that language)."""
    docs = paths.app_root() / "docs"
    name = GUIDES.get(language or i18n.language(), GUIDES["sv"])
    path = docs / name
    return path if path.exists() else docs / GUIDES["sv"]


class GuideWindow(QDialog):
    """Non-modal: the chair may keep the guide open beside the main window."""

    def __init__(self, parent=None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("SipDesk – user guide"))
        self.resize(900, 760)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)  # web links to the system's browser
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.path = path or guide_path()
        self.load(self.path)

    def load(self, path: Path) -> bool:
        try:
            text = path.read_text("utf-8")
        except OSError:
            self.browser.setPlainText(
                _("The user guide was not found at {path}. Reinstall SipDesk.").format(path=path)
            )
            return False
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
        self.browser.setMarkdown(text)
        return True
