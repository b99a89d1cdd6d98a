"""PySide's import hook, given its answer without reading every module's source through inspect.

Once PySide6.QtCore is imported, every `import` statement passes through PySide's hook (it serves
PySide's opt-in `from __feature__ import snake_case`, which SipDesk does not use): for each module
name it has not seen, it asks whether the module's source mentions "PySide6", with
`inspect.getsource` – the file read through linecache, split into lines, joined again. The window
imports ≈40 modules after PySide before its first frame: ≈10 ms of its start-up.

`lighten()` lets the hook ask the same question of the file's bytes (the same answer: "PySide6" is
ASCII, and a source file's encoding keeps ASCII as it is); a module without a `.py` file, or one
that cannot be read, gets the hook's own answer. Where PySide has no such hook (another version),
nothing is changed.
"""

from __future__ import annotations

import sys
from types import ModuleType


def lighten() -> bool:
    """Give PySide's import hook the quicker answer; True when it was installed (now or before)."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or not callable(original):
        return False
    if getattr(original, "sipdesk_quick", False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    uses_pyside.sipdesk_quick = True  # type: ignore[attr-defined]
    uses_pyside.original = original  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]
    return True
