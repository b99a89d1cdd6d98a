"""`import keyring` without the modules its helper libraries import for work SipDesk never asks
of them at start-up (a download, entry points of a backend already chosen, iterator helpers).

keyring imports `jaraco.context` (for `ExceptionTrap`), which imports `urllib.request` at module
level for its `tarball()` helper – with it `http.client`, `ssl`, `email` and more: ≈0.04 s of CPU
(≈0.2 s of wall time on a loaded machine) of the window's start-up, which reads the store's key
from the keyring before anything is shown. `keyring()` puts a stand-in for that module in
`sys.modules` while keyring is imported, and takes it out again after: the stand-in stays where
jaraco.context holds it (and as the package's attribute until the real module is imported), and
on first use imports the real module and hands over. Nothing of keyring changes; a module already
imported (or imported by anyone later) is the real one.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types

# urllib.request: jaraco.context's download helper; importlib_metadata: the backport (before
# Python 3.12) keyring reads its backends' entry points with – only when no backend is
# configured, on the first use; more_itertools: jaraco.functools' helpers for functions keyring
# never calls; subprocess: jaraco.context's helper that runs a command. (jaraco.context's tarfile
# and shutil are used at import: not deferred.)
_DEFERRED = ("urllib.request", "importlib_metadata", "more_itertools", "subprocess")


_HANDOVER = threading.Lock()


def _real(name: str) -> types.ModuleType:
    current = sys.modules.get(name)
    if current is not None and not getattr(current, "_sipdesk_stand_in", False):
        if not getattr(getattr(current, "__spec__", None), "_initializing", False):
            return current  # the real module, complete
    with _HANDOVER:  # only the stand-in is taken out: never a real module another thread imports
        if getattr(sys.modules.get(name), "_sipdesk_stand_in", False):
            del sys.modules[name]
    # imports it (and sets it on its parent package), or waits while another thread runs its body
    return importlib.import_module(name)


def _stand_in(name: str) -> types.ModuleType:
    stub = types.ModuleType(name, "SipDesk's stand-in: the real module is imported on first use.")
    stub._sipdesk_stand_in = True  # type: ignore[attr-defined]

    def getattr_(attr: str) -> object:
        if attr.startswith("__"):  # the import system asks for __spec__ and the like
            raise AttributeError(attr)
        return getattr(_real(name), attr)

    stub.__getattr__ = getattr_  # type: ignore[attr-defined]
    return stub


def keyring() -> types.ModuleType:
    """The `keyring` module, imported (once) without `urllib.request`."""
    module = sys.modules.get("keyring")
    if module is not None:
        return module
    placed: dict[str, types.ModuleType] = {}
    for name in _DEFERRED:
        if name in sys.modules:
            continue
        parent, _dot, child = name.rpartition(".")
        package = None
        if parent:
            try:
                package = importlib.import_module(parent)
            except ImportError:  # pragma: no cover - the standard library's own package
                continue
            if hasattr(package, child):
                continue
        elif importlib.util.find_spec(name) is None:
            continue  # not installed (importlib_metadata on Python 3.12+): nothing to defer
        stub = _stand_in(name)
        sys.modules[name] = stub
        if package is not None:
            setattr(package, child, stub)  # `urllib.request.urlopen` resolves (to the real one)
        placed[name] = stub
    try:
        import keyring as module
    finally:
        for name, stub in placed.items():
            if sys.modules.get(name) is stub:
                del sys.modules[name]  # a later import gets the real module (and sets it on
                # the package in place of the stand-in)
    return module
