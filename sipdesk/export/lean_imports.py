"""pyHanko without its network clients, which are imported only if ever used.

Importing any pyHanko signer imports two aiohttp-based clients at module level – the timestamp
client (`pyhanko.sign.timestamps.aiohttp_client`) and the certificate/CRL/OCSP fetchers
(`pyhanko_certvalidator.fetchers.aiohttp_fetchers`) – ≈0.25 s of a ≈0.55 s `import pyhanko.sign`,
although SipDesk signs and verifies offline (PAdES B-B, no timestamp server, no fetching) and never
calls them. `defer_network_clients()` puts a stand-in for those two modules in `sys.modules`
before pyHanko is imported: every name they export still exists and, on first use, imports the
real module (and aiohttp) and hands over to it. Nothing else of pyHanko changes. It is called
when `sipdesk.export` is imported, before any pyHanko import.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types
from pathlib import Path

# module -> the names it exports that pyHanko imports at module level
_DEFERRED: dict[str, tuple[str, ...]] = {
    "pyhanko.sign.timestamps.aiohttp_client": ("HTTPTimeStamper", "AIOHttpTimeStamper"),
    "pyhanko_certvalidator.fetchers.aiohttp_fetchers": ("AIOHttpFetcherBackend",),
}


class _StandInFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Answers the import of a deferred module with a stand-in, until the real one is wanted."""

    def __init__(self) -> None:
        self.pending = set(_DEFERRED)

    def find_spec(self, fullname, path, target=None):  # noqa: ARG002 - the finder protocol
        if fullname not in self.pending:
            return None
        spec = importlib.util.spec_from_loader(fullname, self, is_package=bool(path))
        if spec is not None and path:
            # a package's submodules import as usual (and need aiohttp): give it its folder
            folder = Path(list(path)[0]) / fullname.rpartition(".")[2]
            spec.submodule_search_locations = [str(folder)] if folder.is_dir() else None
        return spec

    def create_module(self, spec):
        stub = types.ModuleType(spec.name, "SipDesk's stand-in: the real one is imported on use.")
        stub._sipdesk_stand_in = True  # type: ignore[attr-defined]
        for attr in _DEFERRED[spec.name]:
            setattr(stub, attr, _forwarder(spec.name, attr))

        def getattr_(attr: str, name: str = spec.name):
            if attr.startswith("__"):  # the import system asks for __spec__ and the like
                raise AttributeError(attr)
            return getattr(_real(name), attr)

        stub.__getattr__ = getattr_  # type: ignore[attr-defined]
        return stub

    def exec_module(self, module) -> None:
        pass


_FINDER = _StandInFinder()


def _real(name: str) -> types.ModuleType:
    """The real module, imported now; the stand-in steps aside for good."""
    _FINDER.pending.discard(name)
    current = sys.modules.get(name)
    if current is not None and not getattr(current, "_sipdesk_stand_in", False):
        return current
    sys.modules.pop(name, None)
    module = importlib.import_module(name)
    parent, _dot, child = name.rpartition(".")
    if parent in sys.modules:
        setattr(sys.modules[parent], child, module)
    return module


def _forwarder(module: str, attr: str) -> type:
    class Deferred:
        """Stands in for a pyHanko network client until one is made: then it is the real one."""

        def __new__(cls, *args, **kwargs):
            return getattr(_real(module), attr)(*args, **kwargs)

    Deferred.__name__ = Deferred.__qualname__ = attr
    return Deferred


def defer_network_clients() -> None:
    """Answer pyHanko's imports of its network clients with stand-ins (once per process);
    nothing is imported now. Modules already imported stay as they are."""
    for name in _DEFERRED:
        if name in sys.modules:
            _FINDER.pending.discard(name)
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
