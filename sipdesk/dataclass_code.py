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

Where and how, by the rules of Python's own bytecode cache (PEP 3147, importlib's writer):
- in SipDesk's `__pycache__` folder (under PYTHONPYCACHEPREFIX when that is set), one file per
  top-level package whose classes it holds (`dataclasses.pyhanko.cpython-311.bin`), loaded when
  that package first makes a dataclass;
- a file starts with the interpreter's bytecode magic number and a CRC-32 of the rest; another
  interpreter's, a damaged, an unreadable or a foreign file is ignored (compiled afresh, and
  replaced at the next save) – never an error;
- it is read only when it is a regular file of this user's (or the source's owner's) that no
  group or other user may write (POSIX): a file another user could change is never loaded;
- written only where Python would write its own .pyc (not with PYTHONDONTWRITEBYTECODE), with
  the source's permissions, to a new temporary file (exclusive, symbolic links not followed)
  renamed over the old one; a folder that cannot be written is no error;
- it holds what the classes' definitions say – field names and defaults' names –, never data.
  Whoever can write it can change SipDesk's .pyc files beside it as well: it adds no way in.
"""

import builtins
import marshal
import os
import stat
import sys
import threading
import types
import zlib
from pathlib import Path

MAX_FILE_BYTES = 16 * 1024 * 1024  # a larger file is not read (a damaged or foreign one)
# a package's file is written again with only what this process used when it holds this many
# entries and fewer than half of them were used (what an upgrade of a library leaves behind)
MAX_ENTRIES = 2048

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
    _folder = folder or _default_folder()
    dataclasses.exec = _exec  # type: ignore[attr-defined]
    import atexit

    atexit.register(save)
    return True


def _default_folder() -> Path:
    here = Path(__file__).resolve().parent
    if sys.pycache_prefix:  # as importlib.util.cache_from_source places .pyc files
        return Path(sys.pycache_prefix, *here.parts[1:])
    return here / "__pycache__"


def uninstall() -> None:
    """Back to `dataclasses`' own `exec` (the tests' oracle); what was cached stays in memory."""
    import dataclasses

    if vars(dataclasses).get("exec") is _exec:
        del dataclasses.exec  # type: ignore[attr-defined]


def _exec(source, globals=None, locals=None, /):  # noqa: A002 - exec's own parameter names
    if globals is None:  # as builtins.exec would: the caller's namespace
        frame = sys._getframe(1)
        globals = frame.f_globals  # noqa: A001
        if locals is None:
            locals = frame.f_locals  # noqa: A001
    if type(source) is str:
        package = globals.get("__name__") if type(globals) is dict else None
        source = _code(source, str(package or "").partition(".")[0])
    return builtins.exec(source, globals, locals)


def _compile(source: str) -> types.CodeType:
    # as exec compiles text in dataclasses, whose module imports no future feature (install
    # checks): no flags of this module's, filename "<string>", the interpreter's -O level
    return compile(source, "<string>", "exec", dont_inherit=True)


def _code(source: str, package: str) -> types.CodeType:
    if not package.isidentifier():
        return _compile(source)  # a class of no module (globals {}): not cached
    shard = _shards.get(package)
    if shard is None:
        shard = _load(package)
    code = shard.get(source)
    if type(code) is not types.CodeType:
        code = _compile(source)
        with _lock:
            shard[source] = code
            _dirty.add(package)
    _used.setdefault(package, set()).add(source)
    # a copy for each class: code objects carry the interpreter's specialisations, which two
    # classes sharing one would undo for each other
    return code.replace()


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
            data = _read(_path(package))
            if data is not None:
                loaded = marshal.loads(data)
                if type(loaded) is dict:
                    shard = loaded  # a value that is not code is compiled afresh (`_code`)
        except Exception:  # noqa: BLE001 - whatever the file holds, it is only a cache
            pass  # none yet, unreadable, damaged or foreign: compiled afresh
        _shards[package] = shard
        return shard


def _read(path: Path) -> bytes | None:
    """The file's payload when it is one this process may trust and it is intact, else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        if os.name == "posix" and not _trusted(info):
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)
    head = len(_MAGIC) + 4
    if len(data) < head or data[: len(_MAGIC)] != _MAGIC:
        return None
    payload = data[head:]
    if zlib.crc32(payload) != int.from_bytes(data[len(_MAGIC) : head], "big"):
        return None
    return payload


def _trusted(info: os.stat_result) -> bool:
    """Owned by this user or by the source's owner, and writable by no one else."""
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return False
    owners = {os.getuid()}
    try:
        owners.add(os.stat(__file__).st_uid)
    except OSError:
        pass
    return info.st_uid in owners


def save() -> None:
    """Write the packages' files that gained code in this process (nothing else is written)."""
    if sys.dont_write_bytecode or _folder is None:
        return
    with _lock:
        dirty = sorted(_dirty)
        _dirty.clear()
        for package in dirty:
            shard = _shards[package]
            used = _used.get(package, set())
            if len(shard) > MAX_ENTRIES and 2 * len(used) < len(shard):
                shard = {k: v for k, v in shard.items() if k in used}
            payload = marshal.dumps(shard)
            _write(_path(package), _MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)


def _mode() -> int:
    """The source's permissions, as importlib gives a .pyc (`_calc_mode`), never more."""
    try:
        return (os.stat(__file__).st_mode & 0o666) | 0o200
    except OSError:
        return 0o644


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        path.parent.mkdir(exist_ok=True)
        fd = os.open(tmp, flags, _mode())
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
