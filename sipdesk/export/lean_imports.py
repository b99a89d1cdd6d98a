"""pyHanko without its network clients, which are imported only if ever used; ReportLab's URI
pattern compiled only if ever used; Pillow's Image module loaded only if an image is drawn.

Importing any pyHanko signer imports two aiohttp-based clients at module level – the timestamp
client (`pyhanko.sign.timestamps.aiohttp_client`) and the certificate/CRL/OCSP fetchers
(`pyhanko_certvalidator.fetchers.aiohttp_fetchers`) – ≈0.25 s of a ≈0.55 s `import pyhanko.sign`,
although SipDesk signs and verifies offline (PAdES B-B, no timestamp server, no fetching) and never
calls them. `defer_network_clients()` puts a stand-in for those two modules in `sys.modules`
before pyHanko is imported: every name they export still exists and, on first use, imports the
real module (and aiohttp) and hands over to it. Nothing else of pyHanko changes. It is called
when `sipdesk.export` is imported, before any pyHanko import.

ReportLab's `platypus.paragraph` compiles, as it is imported, a case-insensitive URI pattern
(`uri_pat`) whose character ranges up to U+FFFF make `re` fold every one of some 65,000
characters: ≈45 ms of every export's start, for a pattern used only to split long URIs when
`rl_config.uriWasteReduce` is set (SipDesk leaves it at 0). `defer_costly_patterns()` has that
one pattern compiled on first use (`LazyPattern`); the module is otherwise ReportLab's own.

ReportLab's `lib.utils` imports Pillow's `PIL.Image` (with its EXIF and TIFF tag tables, ≈10 ms)
for images, which SipDesk's documents do not have. `defer_costly_patterns()` also has that module
loaded by the standard library's `importlib.util.LazyLoader`: executed on first attribute use
(LazyLoader takes a lock for that from Python 3.12; nothing in SipDesk draws an image, in any
thread, so nothing triggers it).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from pathlib import Path

# module -> the names it exports that pyHanko imports at module level
_DEFERRED: dict[str, tuple[str, ...]] = {
    "pyhanko.sign.timestamps.aiohttp_client": ("HTTPTimeStamper", "AIOHttpTimeStamper"),
    "pyhanko_certvalidator.fetchers.aiohttp_fetchers": ("AIOHttpFetcherBackend",),
}


class _StandInFinder:  # a meta path finder and its loader (importlib.abc costs ≈15 ms)
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


# (module, the start of the pattern it compiles at import that is costly and rarely used)
_COSTLY_PATTERNS = (
    ("reportlab.platypus.paragraph", "(^(?:[a-z0-9\\.\\-\\+]*)://)"),
    ("reportlab.lib.textsplit", "([\u2e80-\uffff])"),  # its old CJK wrap recipe only (≈5 ms)
    # cryptography's parser of RFC 4514 names ("CN=…,O=…"; ≈10 ms), which SipDesk never parses
    ("cryptography.x509.name", "\n        (\n            ([\\x01-\\x1f\\x21\\x24-\\x2A"),
)


class LazyPattern:
    """A compiled regular expression that compiles on first use; then it behaves as the
    `re.Pattern` (every method and attribute is the real pattern's)."""

    def __init__(self, compile_, pattern: str, flags: int) -> None:
        self._compile, self._args, self._compiled = compile_, (pattern, flags), None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = self._compile(*self._args)
        return getattr(self._compiled, name)


class _PatternFinder:  # a meta path finder
    """Finds the modules of _COSTLY_PATTERNS as usual and runs each with `re.compile` answering
    its costly pattern with a LazyPattern (every other pattern compiles as always)."""

    def find_spec(self, fullname, path, target=None):
        starts = tuple(start for name, start in _COSTLY_PATTERNS if name == fullname)
        if not starts:
            return None
        return _wrapped_spec(self, fullname, path, target, lambda ld: _PatternLoader(ld, starts))


def _wrapped_spec(me, fullname, path, target, wrap):
    """The spec the finders after `me` give `fullname`, its loader wrapped by `wrap`."""
    for finder in sys.meta_path:
        if finder is me or not hasattr(finder, "find_spec"):
            continue
        spec = finder.find_spec(fullname, path, target)
        if spec is not None:
            if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                spec.loader = wrap(spec.loader)
            return spec
    return None


class _PatternLoader:  # a loader
    def __init__(self, loader, starts: tuple[str, ...]) -> None:
        self._loader, self._starts = loader, starts

    def __getattr__(self, name: str):  # get_source, get_code, …: the real loader's
        return getattr(self._loader, name)

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module) -> None:
        import re

        real = re.compile
        starts = self._starts

        def compile_(pattern, flags=0):
            if isinstance(pattern, str) and pattern.startswith(starts):
                return LazyPattern(real, pattern, flags)
            return real(pattern, flags)

        re.compile = compile_
        try:
            self._loader.exec_module(module)
        finally:
            re.compile = real


_PATTERNS = _PatternFinder()

_LAZY_MODULES = {"PIL.Image"}


class _LazyModuleFinder:  # a meta path finder
    """Finds the modules of _LAZY_MODULES as usual, to be executed on first attribute use."""

    def find_spec(self, fullname, path, target=None):
        if fullname not in _LAZY_MODULES:
            return None
        return _wrapped_spec(self, fullname, path, target, importlib.util.LazyLoader)


_LAZY = _LazyModuleFinder()


def load_on_use(*names: str) -> None:
    """Have the modules `names` executed on first attribute use too, when something imports
    them from now on – for a process of one thread (the command line's export): LazyLoader
    takes no lock before Python 3.12. ReportLab imports HarfBuzz (uharfbuzz, ≈17 ms) and pyphen
    (≈4 ms) as it loads, and uses them only to shape a script that needs it or to hyphenate
    with a ReportLab style's `hyphenationLang` (SipDesk hyphenates with pyphen itself)."""
    _LAZY_MODULES.update(names)
    if _LAZY not in sys.meta_path:
        sys.meta_path.insert(0, _LAZY)


def defer_costly_patterns() -> None:
    """Have the patterns of _COSTLY_PATTERNS compiled on first use and the modules of
    _LAZY_MODULES executed on first use (once per process; a module already imported stays as
    it is)."""
    for finder in (_PATTERNS, _LAZY):
        if finder not in sys.meta_path:
            sys.meta_path.insert(0, finder)
