"""File dialogs start in the folder used last, not in the home folder every time (issue 18).

The folder is kept in SipDesk's own settings file (sipdesk/settings.py, no personal data): only
the folder, never a file name, and nothing at all for a case with protected identity – its folder
may say where the person's papers are.
"""

from __future__ import annotations

from pathlib import Path

from sipdesk.settings import Settings

KEY = "dialogs.folder"


def start_folder() -> Path:
    """The folder to open a file dialog in: the last one used, if it still exists, else home."""
    saved = Settings().get(KEY)
    if saved:
        folder = Path(saved)
        if folder.is_dir():
            return folder
    return Path.home()


def start_path(name: str = "") -> str:
    """`start_folder()/name` as the dialogs want it (a str)."""
    folder = start_folder()
    return str(folder / name) if name else str(folder)


def remember(chosen: str | Path | None, protected: bool = False) -> None:
    """Keep the folder of `chosen` (a file or a folder) for the next dialog; not for a protected
    case, and never the file's name."""
    if not chosen or protected:
        return
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    try:
        Settings().set(KEY, str(folder))
    except OSError:  # a read-only settings folder: the dialog starts at home next time
        pass
