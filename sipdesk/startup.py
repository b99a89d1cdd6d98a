"""The window's start (issue 19): its command line read without the full parser, and Python's
cycle collector paused until the window's first frame.

The start-up makes ≈100,000 container objects – modules, classes, PySide's enums, the window's
widgets – that live as long as the process. Before the first frame the cycle collector would run
over them ≈50 times (≈15–20 ms of CPU) and free nothing. `pause()` stops it as the window starts;
`resume()` at the first frame – or as soon as anything waits for the chair (the welcome, the
passphrase) – freezes what the start-up made (the collector skips it, as it would have found it
alive) and turns the collector on again; `thaw()`, once the window's features are installed or
whenever the start ends otherwise, gives those objects back to the collector's oldest generation,
so from then on everything is collected as it always was. Mercurial pauses it the same way around
its big allocations (`util.nogc`).

The command line's `export` is paused the same way for its whole run (`cli.cmd_export`, thawed
as `cli.main` returns): ≈120–150 collections (≈30–60 ms) in a process of about a second that
frees next to nothing until it ends (a 200-row plan leaves ≈6,000 cyclic objects, ≈0.3 MB).
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

_state = "off"  # "paused": collector off; "frozen": on, the start-up's objects frozen


def pause() -> None:
    global _state
    if _state == "off" and gc.isenabled():
        gc.disable()
        _state = "paused"


def resume() -> None:
    global _state
    if _state == "paused":
        gc.freeze()
        gc.enable()
        _state = "frozen"


def thaw() -> None:
    global _state
    resume()
    if _state == "frozen":
        gc.unfreeze()
        _state = "off"


def window_start(argv: list[str], gui: Callable) -> argparse.Namespace | None:
    """`[--data-dir DIR] [--lang LANG] [gui]` read as the parser would (`gui`: the gui command's
    function), without building it – ≈3 ms of the window's start-up. None for anything else
    (another command, an abbreviation, an option twice, a value that starts with "-"): the parser
    reads that, and says what is wrong with it."""
    import argparse

    from sipdesk.i18n import LANGUAGES

    rest, values, i = list(argv), {}, 0
    command = rest.pop() if rest and rest[-1] == "gui" else None
    while i < len(rest):
        name, equals, value = rest[i].partition("=")
        if name not in ("--data-dir", "--lang") or name in values:
            return None
        if not equals:
            i += 1
            if i >= len(rest) or rest[i].startswith("-"):
                return None
            value = rest[i]
        values[name] = value
        i += 1
    if values.get("--lang", LANGUAGES[0]) not in LANGUAGES:
        return None
    found = {"command": command, "data_dir": values.get("--data-dir"), "lang": values.get("--lang")}
    return argparse.Namespace(**found, **({"func": gui} if command else {}))
