"""Which screen the participants' window goes on (OpenLP's rule): pure choice, easy to test."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def pick_screen(screens: Sequence[Any], primary: Any, preferred: str = "") -> tuple[Any, bool]:
    """(screen, separate): the remembered screen if connected, else the first non-primary one.

    `separate` is False when the window would share the chair's own screen – then it opens as an
    ordinary window rather than covering the chair's work. Screens are anything with `.name()`.
    """
    if not screens:
        return primary, False
    if primary not in screens:
        primary = screens[0]
    if preferred:
        for screen in screens:
            if screen.name() == preferred:
                return screen, screen is not primary and not _mirrors(screen, primary)
    for screen in screens:
        if screen is not primary and not _mirrors(screen, primary):
            return screen, True
    return primary, False


def _mirrors(screen: Any, primary: Any) -> bool:
    """A display showing the same desktop area as the chair's (a mirrored output) is no second
    screen: full screen there would cover the chair's own work too."""
    geometry = getattr(screen, "geometry", None)
    return geometry is not None and primary is not None and geometry() == primary.geometry()
