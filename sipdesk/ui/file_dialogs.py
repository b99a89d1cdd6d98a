"""File dialogs for exports that leave no trace of where personal data was saved.

A platform's native dialog may add the file to the desktop's recent-files list (GTK's
recently-used.xbel, Windows' Recent Items), and Qt's own dialog writes the folders it visited
into Qt's settings file (`QtProject.conf`, group FileDialog: `history`, `lastVisited`). So SipDesk
uses Qt's dialog (never the native one), remembers the last export folder only in memory for this
session, and removes what Qt wrote after every dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from sipdesk.i18n import _, ngettext
from sipdesk.model.files import remove_stale_parts

OPTIONS = QFileDialog.Option.DontUseNativeDialog
_last_folder: Path | None = None  # this session only; never written anywhere


def last_folder() -> Path:
    if _last_folder is not None and _last_folder.is_dir():
        return _last_folder
    return Path.home()


def _remember(folder: Path) -> None:
    global _last_folder
    _last_folder = folder


def forget_qt_history() -> None:
    """Remove the visited folders Qt's file dialog keeps in Qt's own settings file."""
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    settings.beginGroup("FileDialog")
    for key in ("history", "lastVisited"):
        settings.remove(key)
    settings.endGroup()
    settings.sync()


def save_file(
    parent: QWidget, caption: str, suggested: str, filters: str, confirm_overwrite: bool = True
) -> Path | None:
    """Where to save an export: Qt's dialog, starting in this session's last export folder.
    `confirm_overwrite=False` when the caller asks itself, saying whose file it would replace."""
    options = OPTIONS if confirm_overwrite else OPTIONS | QFileDialog.Option.DontConfirmOverwrite
    try:
        path, _filter = QFileDialog.getSaveFileName(
            parent, caption, str(last_folder() / suggested), filters, options=options
        )
    finally:
        forget_qt_history()
    if not path:
        return None
    _remember(Path(path).parent)
    return Path(path)


def existing_folder(parent: QWidget, caption: str) -> Path | None:
    try:
        chosen = QFileDialog.getExistingDirectory(
            parent, caption, str(last_folder()), options=OPTIONS | QFileDialog.Option.ShowDirsOnly
        )
    finally:
        forget_qt_history()
    if not chosen:
        return None
    _remember(Path(chosen))
    return Path(chosen)


def leftovers_note(folder: Path) -> str:
    """Remove what a killed export left in `folder`; a sentence for the chair, or ""."""
    removed = remove_stale_parts(Path(folder))
    return leftovers_text(len(removed))


def leftovers_text(count: int) -> str:
    if not count:
        return ""
    return ngettext(
        "An earlier export to this folder was interrupted and had left a hidden temporary file "
        "with the plan in plain text; it has been removed.",
        "Earlier exports to this folder were interrupted and had left {n} hidden temporary "
        "files with plans in plain text; they have been removed.",
        count,
    ).format(n=count)


def protected_open_note() -> str:
    return _(
        "Protected personal data: open and print the file from its folder, not from recent "
        "files – SipDesk does not add it to any recent-files list."
    )
