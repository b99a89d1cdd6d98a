"""A bytecode cache for the methods `dataclasses` writes (issue 19: the command line's export).

`@dataclass` writes each class's `__init__`, `__repr__`, `__eq__`, … as Python source and
compiles it with `exec` – for every class, in every process. pyHanko defines some 800 such
methods: compiling them is ≈100 ms of the ≈300 ms its import takes in the signing process, and
SipDesk's own model and export add ≈40 ms to the export's process. Python caches the bytecode
of a module's source in `__pycache__`, but not this generated source.

`install()` gives the `dataclasses` module an `exec` of its own (its one call of `exec`, in
Python 3.11, 3.12 and 3.13 alike) that looks the source up in a cache first: the exact text as
key, the code object `compile` makes of it – the same code `exec` would have made, as `exec`
compiles it (filename "<string>", no future features: `dataclasses` imports none) – as value.
What is not found is compiled and added. `save()` (at exit, and by the signing process once it
has imported pyHanko) writes what was added.

Where and how, by the rules of Python's own bytecode cache (PEP 3147), which this extends:
- in SipDesk's `__pycache__` folder, one file per top-level package whose classes it holds
  (`dataclasses.pyhanko.cpython-311.bin`), loaded when that package first makes a dataclass;
- a file starts with the interpreter's bytecode magic number; another interpreter's, a damaged
  or an unreadable file is ignored (compiled afresh, and replaced at the next save);
- written only where Python would write its own .pyc (not with PYTHONDONTWRITEBYTECODE), to a
  temporary file renamed over the old one; a folder that cannot be written is no error;
- it holds what the classes' definitions say – field names and defaults' names –, never data.
  Whoever can write that folder can change SipDesk's .pyc files beside it as well: it adds no
  way in.
"""

from __future__ import annotations

import builtins
import marshal
import os
import sys
import threading
import types
from pathlib import Path

MAX_FILE_BYTES = 32 * 1024 * 1024  # a larger file is not read (a damaged or foreign one)
MAX_ENTRIES = 8192  # a package's file with more is written again with only what was used

_MAGIC = b""
_folder: Path | None = None
_shards: dict[str, dict[str, types.CodeType]] = {}  # by top-level package: source -> code
_used: dict[str, set[str]] = {}
_dirty: set[str] = set()
_lock = threading.Lock()


def install(folder: Path | None = None) -> bool:
    """Cache `dataclasses`' compiled methods in `folder` (default: SipDesk's `__pycache__`);
    saved at exit. True when installed (now or before); False where `dataclasses` has an `exec`
    of its own already or imports a future feature (its `exec` would compile differently)."""
    global _folder, _MAGIC
    import __future__

    import dataclasses
    from importlib.util import MAGIC_NUMBER

    current = vars(dataclasses).get("exec")
    if current is _exec:
        return True
    if current is not None or any(
        isinstance(v, __future__._Feature) for v in vars(dataclasses).values()
    ):
        return False
    _MAGIC = bytes(MAGIC_NUMBER)
    _folder = folder or Path(__file__).resolve().parent / "__pycache__"
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    import atexit

    atexit.register(save)
    return True


def uninstall() -> None:
    """Back to `dataclasses`' own `exec` (the tests' oracle); what was cached stays in memory."""
    import dataclasses

    if dataclasses.__dict__.get("exec") is _exec:
        del dataclasses.exec  # type: ignore[attr-defined]


def _exec(source, globals=None, locals=None, /):  # noqa: A002 - exec's own parameter names
    if globals is None:  # as builtins.exec would: the caller's namespace
        frame = sys._getframe(1)
        globals = frame.f_globals  # noqa: A001
        if locals is None:
            locals = frame.f_locals  # noqa: A001
    if type(source) is str and type(globals) is dict:
        source = _code(source, str(globals.get("__name__") or "").partition(".")[0])
    return builtins.exec(source, globals, locals)


def _code(source: str, package: str) -> types.CodeType | str:
    if not package.isidentifier():
        return source  # a class of no module (globals {}): compiled as dataclasses would
    shard = _shards.get(package)
    if shard is None:
        shard = _load(package)
    code = shard.get(source)
    if type(code) is not types.CodeType:
        code = compile(source, "<string>", "exec", dont_inherit=True)
        with _lock:
            shard[source] = code
            _dirty.add(package)
    _used.setdefault(package, set()).add(source)
    return code


def _path(package: str) -> Path:
    assert _folder is not None
    opt = f".opt-{sys.flags.optimize}" if sys.flags.optimize else ""  # as .pyc files are named
    return _folder / f"dataclasses.{package}.{sys.implementation.cache_tag}{opt}.bin"


def _load(package: str) -> dict[str, types.CodeType]:
    with _lock:
        if package in _shards:
            return _shards[package]
        shard: dict[str, types.CodeType] = {}
        try:
            with open(_path(package), "rb") as f:
                data = f.read(MAX_FILE_BYTES + 1)
            if len(data) <= MAX_FILE_BYTES and data[: len(_MAGIC)] == _MAGIC:
                loaded = marshal.loads(data[len(_MAGIC) :])
                if type(loaded) is dict:
                    shard = loaded  # a value that is not code is compiled afresh (`_code`)
        except (OSError, ValueError, EOFError, TypeError):
            pass  # none yet, unreadable or damaged: compiled afresh
        _shards[package] = shard
        return shard


def save() -> None:
    """Write the packages' files that gained code in this process (nothing else is written)."""
    if sys.dont_write_bytecode or _folder is None:
        return
    with _lock:
        dirty = sorted(_dirty)
        _dirty.clear()
        for package in dirty:
            shard = _shards[package]
            if len(shard) > MAX_ENTRIES:
                used = _used.get(package, set())
                shard = {k: v for k, v in shard.items() if k in used}
            _write(_path(package), _MAGIC + marshal.dumps(shard))


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
