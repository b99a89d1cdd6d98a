"""Help → User guide: docs/anvandarguide.md (or the English summary) rendered in a window.

The Markdown is shown with QTextDocument's own renderer; the screenshots it links to are
looked up beside the file, so the bundle carries docs/ with its pictures.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from sipdesk import i18n, paths
from sipdesk.i18n import _

IMAGE_WIDTH = 820  # wide screenshots are shown scaled down to fit the window
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
        document = self.browser.document()
        add_heading_anchors(document)
        fit_images(document, IMAGE_WIDTH)
        return True


def slug(text: str) -> str:
    """The anchor GitHub gives a heading, so the guide's table of contents works both there and
    here: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def add_heading_anchors(document: QTextDocument) -> list[str]:
    """Qt's Markdown reader gives headings no anchors; name each after its GitHub slug."""
    names = []
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0 and block.text().strip():
            name = slug(block.text())
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.EndOfBlock, QTextCursor.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setAnchor(True)
            fmt.setAnchorNames([name])
            cursor.mergeCharFormat(fmt)
            names.append(name)
        block = block.next()
    return names


def fit_images(document: QTextDocument, max_width: int) -> int:
    """Scale images wider than `max_width` down (keeping the aspect); returns how many."""
    scaled = 0
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                image_format = fmt.toImageFormat()
                image = document.resource(QTextDocument.ImageResource, QUrl(image_format.name()))
                width = image.width() if image is not None and hasattr(image, "width") else 0
                if width > max_width:
                    image_format.setWidth(max_width)
                    image_format.setHeight(image.height() * max_width / width)
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(
                        fragment.position() + fragment.length(), QTextCursor.KeepAnchor
                    )
                    cursor.setCharFormat(image_format)
                    scaled += 1
            it += 1
        block = block.next()
    return scaled
