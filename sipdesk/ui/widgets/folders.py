"""File dialogs start in the folder used last, not in the home folder every time (issue 18).

One memory for every dialog (`sipdesk.ui.file_dialogs`): this session only, never written to a
settings file (a folder's name can say whose papers are in it – issue 20); never a file name, and
nothing at all for a case with protected identity.
"""

from __future__ import annotations

from pathlib import Path

from sipdesk.ui import file_dialogs


def start_folder() -> Path:
    """The folder to open a file dialog in: the last one used, if it still exists, else home."""
    return file_dialogs.last_folder()


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
    file_dialogs._remember(path if path.is_dir() else path.parent)
