"""The bytecode cache of dataclasses' generated methods changes nothing but the time: for every
kind of dataclass (each option of `@dataclass` and `field`, inheritance, postponed annotations)
and every dataclass that SipDesk, pyHanko and the libraries they load define, the methods are
the code Python makes itself – compiled by the cache, or loaded from its file in a later process
– and a damaged, foreign or unwritable cache is compiled around, never an error."""

from __future__ import annotations

import json
import marshal
import os
import random
import re
import subprocess
import sys
import textwrap
import types
import zlib
from importlib.util import MAGIC_NUMBER

import pytest

from sipdesk import dataclass_code

# every kind of class `@dataclass` writes methods for; the module is made twice per test
KINDS = textwrap.dedent(
    """
    import dataclasses as dc
    from typing import ClassVar

    @dc.dataclass
    class Plain:
        a: int
        b: str = "x"
        c: list = dc.field(default_factory=list)

    @dc.dataclass(frozen=True, order=True)
    class FrozenOrdered:
        a: int
        b: tuple = ()

    @dc.dataclass(eq=False, repr=False)
    class NoEqNoRepr:
        a: int = 0

    @dc.dataclass(unsafe_hash=True)
    class Hashed:
        a: int
        b: int = dc.field(default=2, hash=False, compare=False)

    @dc.dataclass(slots=True, kw_only=True)
    class SlotsKwOnly:
        a: int
        b: int = 1

    @dc.dataclass
    class WithInitVar:
        a: int
        scale: dc.InitVar[int] = 1
        total: int = dc.field(init=False, default=0)
        kind: ClassVar[str] = "k"

        def __post_init__(self, scale):
            self.total = self.a * scale

    @dc.dataclass
    class Child(Plain):
        d: float = 1.5
        _: dc.KW_ONLY
        e: bool = False

    @dc.dataclass(match_args=False, init=False)
    class NoInit:
        a: int = 3
    """
)

FUTURE = "from __future__ import annotations\n" + KINDS


def _stable(value) -> str:
    """A repr without object addresses, nested code objects by their contents."""
    if isinstance(value, types.CodeType):
        return repr(_code(value))
    if isinstance(value, tuple):
        return "(" + ", ".join(_stable(v) for v in value) + ")"
    if isinstance(value, (set, frozenset)):  # their order follows the process's hash seed
        return f"{type(value).__name__}(" + ", ".join(sorted(map(_stable, value))) + ")"
    return re.sub(r" at 0x[0-9a-f]+", "", repr(value))


def _code(c: types.CodeType) -> tuple:
    return (
        c.co_code.hex(),
        _stable(c.co_consts),
        c.co_names,
        c.co_varnames,
        c.co_freevars,
        c.co_argcount,
        c.co_kwonlyargcount,
        c.co_flags,
        c.co_filename,
    )


def _shape(fn) -> tuple:
    return (
        fn.__qualname__,
        *_code(fn.__code__),
        _stable(fn.__defaults__),
        _stable(fn.__kwdefaults__),
        _stable(fn.__annotations__),
    )


def _methods(namespace: dict) -> dict[str, list[tuple]]:
    import dataclasses

    out = {}
    for name, cls in list(namespace.items()):
        if isinstance(cls, type) and dataclasses.is_dataclass(cls):
            out[name] = sorted(
                _shape(v) for v in vars(cls).values() if isinstance(v, types.FunctionType)
            )
    return out


def _define(source: str, name: str = "kinds") -> dict:
    module = types.ModuleType(name)
    sys.modules[name] = module
    try:
        exec(compile(source, f"<{name}>", "exec"), module.__dict__)  # noqa: S102
    finally:
        del sys.modules[name]
    return module.__dict__


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """The cache installed in this process with a folder of its own, as a fresh process has it;
    `fresh()` forgets what is in memory, as the next process would."""
    for name in ("_shards", "_used"):
        monkeypatch.setattr(dataclass_code, name, {})
    monkeypatch.setattr(dataclass_code, "_dirty", set())
    monkeypatch.setattr(dataclass_code, "_folder", None)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    folder = tmp_path / "__pycache__"

    class Cache:
        path = folder

        def install(self):
            assert dataclass_code.install(folder)

        def fresh(self):
            dataclass_code._shards.clear()
            dataclass_code._used.clear()
            dataclass_code._dirty.clear()

        def file(self, package="kinds"):
            return dataclass_code._path(package)

    yield Cache()
    dataclass_code.uninstall()


@pytest.mark.parametrize("source", [KINDS, FUTURE], ids=["annotations", "postponed"])
def test_every_kind_of_dataclass_gets_the_code_python_makes_cold_and_from_the_file(
    cache, source
):
    want = _methods(_define(source))
    cache.install()
    assert _methods(_define(source)) == want  # compiled by the cache
    dataclass_code.save()
    assert cache.file().exists()
    cache.fresh()
    warm = _define(source)
    assert _methods(warm) == want  # loaded from the file
    assert not dataclass_code._dirty  # nothing was compiled again
    # and they behave alike
    assert warm["WithInitVar"](2, 3).total == 6 and warm["Child"](1, e=True).e is True
    assert warm["FrozenOrdered"](1) < warm["FrozenOrdered"](2)
    with pytest.raises(TypeError):
        warm["SlotsKwOnly"](1)


def _pack(payload: bytes, magic: bytes = bytes(MAGIC_NUMBER)) -> bytes:
    """A file as the cache writes one: magic number, CRC-32 of the payload, payload."""
    return magic + zlib.crc32(payload).to_bytes(4, "big") + payload


def _damages(good: bytes) -> dict[str, bytes]:
    payload = good[8:]
    code = marshal.loads(payload)
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0x5A
    return {
        "empty": b"",
        "magic-only": good[:4],
        "another-interpreter": _pack(payload, b"\x00\x00\r\n"),
        "truncated": good[: len(good) // 2],
        "a-byte-changed": bytes(flipped),
        "random": os.urandom(4096),
        # intact (right CRC) but not what the cache writes
        "a-list": _pack(marshal.dumps([1, 2])),
        "not-code-values": _pack(marshal.dumps(dict.fromkeys(code, "x"))),
        "bytes-keys": _pack(marshal.dumps({b"k": compile("1", "<s>", "eval")})),
        "not-marshal": _pack(b"\xff" * 64),
    }


DAMAGES = ["empty", "magic-only", "another-interpreter", "truncated", "a-byte-changed", "random",
           "a-list", "not-code-values", "bytes-keys", "not-marshal"]  # fmt: skip


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_or_foreign_file_is_compiled_around_and_replaced(cache, damage):
    want = _methods(_define(KINDS))
    cache.install()
    _define(KINDS)
    dataclass_code.save()
    good = cache.file().read_bytes()
    cache.file().write_bytes(_damages(good)[damage])
    cache.fresh()
    assert _methods(_define(KINDS)) == want
    assert dataclass_code._dirty == {"kinds"}  # nothing of it was taken: compiled afresh
    dataclass_code.save()
    cache.fresh()
    assert _methods(_define(KINDS)) == want
    assert not dataclass_code._dirty  # the file was written again, whole


def test_any_changed_byte_is_compiled_around(cache):
    """Damage anywhere – one byte changed – is found by the CRC: Python's own methods, never
    an error."""
    want = _methods(_define(KINDS))
    cache.install()
    _define(KINDS)
    dataclass_code.save()
    good = cache.file().read_bytes()
    rng = random.Random(19)
    for _ in range(100):
        damaged = bytearray(good)
        damaged[rng.randrange(len(good))] ^= rng.randrange(1, 256)
        cache.file().write_bytes(bytes(damaged))
        cache.fresh()
        assert _methods(_define(KINDS)) == want
        assert dataclass_code._dirty == {"kinds"}


def test_whatever_marshal_meets_it_is_no_error(cache):
    """Past the CRC (a file written so by hand): whatever marshal raises for the payload –
    ValueError, EOFError, TypeError, SystemError … – the file is taken as empty."""
    cache.install()
    _define(KINDS)
    dataclass_code.save()
    payload = cache.file().read_bytes()[8:]
    rng = random.Random(21)
    for _ in range(300):
        damaged = bytearray(payload)
        damaged[rng.randrange(len(payload))] = rng.randrange(256)
        cache.file().write_bytes(_pack(bytes(damaged[: rng.randrange(1, len(damaged) + 1)])))
        cache.fresh()
        assert isinstance(dataclass_code._load("kinds"), dict)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o664, 0o646, 0o666])
def test_a_file_others_could_change_is_never_loaded(cache, mode):
    cache.install()
    _define(KINDS)
    dataclass_code.save()
    cache.file().chmod(mode)
    cache.fresh()
    _define(KINDS)
    assert dataclass_code._dirty == {"kinds"}  # not taken


@pytest.mark.skipif(os.name != "posix", reason="POSIX links and FIFOs")
@pytest.mark.parametrize("kind", ["symlink", "fifo", "folder"])
def test_what_is_not_a_plain_file_is_not_read_and_never_blocks(cache, tmp_path, kind):
    cache.install()
    _define(KINDS)
    dataclass_code.save()
    real = tmp_path / "elsewhere.bin"
    os.replace(cache.file(), real)
    if kind == "symlink":
        cache.file().symlink_to(real)
    elif kind == "fifo":
        os.mkfifo(cache.file())
    else:
        cache.file().mkdir()
    cache.fresh()
    want = _methods(_define(KINDS))
    assert dataclass_code._dirty == {"kinds"} and want
    dataclass_code.save()  # cannot replace a folder; replaces a link or a FIFO by a file
    if kind != "folder":
        assert cache.file().is_file() and not cache.file().is_symlink()
        assert real.read_bytes() != b""  # the link's target was not written through


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_file_gets_the_sources_permissions_whatever_the_umask(cache):
    before = os.umask(0)
    try:
        cache.install()
        _define(KINDS)
        dataclass_code.save()
    finally:
        os.umask(before)
    source = os.stat(dataclass_code.__file__).st_mode & 0o666 | 0o200
    assert cache.file().stat().st_mode & 0o777 == source
    assert not cache.file().stat().st_mode & 0o022


def test_a_folder_that_cannot_be_written_is_no_error(cache, tmp_path):
    want = _methods(_define(KINDS))
    blocker = tmp_path / "__pycache__"
    blocker.write_text("a file where the folder would be")
    cache.install()
    assert _methods(_define(KINDS)) == want
    dataclass_code.save()  # nothing written, nothing raised
    assert blocker.read_text() == "a file where the folder would be"


def test_nothing_is_written_where_python_writes_no_bytecode(cache, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    cache.install()
    _define(KINDS)
    dataclass_code.save()
    assert not cache.path.exists()


def test_a_file_grown_too_big_is_written_again_with_what_was_used(cache, monkeypatch):
    cache.install()
    _define(KINDS)
    dataclass_code.save()
    monkeypatch.setattr(dataclass_code, "MAX_ENTRIES", 3)
    cache.fresh()
    _define("import dataclasses\n@dataclasses.dataclass\nclass One:\n    a: int\n")
    used = set(dataclass_code._used["kinds"])
    dataclass_code.save()
    kept = marshal.loads(cache.file().read_bytes()[8:])
    assert set(kept) == used and len(used) >= 3  # One's methods, nothing of KINDS
    assert all(isinstance(v, types.CodeType) for v in kept.values())


def test_the_folder_follows_pythons_own_bytecode_prefix(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix"))
    folder = dataclass_code._default_folder()
    assert folder.is_relative_to(tmp_path / "prefix")
    assert folder.parts[-1] == "sipdesk"
    monkeypatch.setattr(sys, "pycache_prefix", None)
    assert dataclass_code._default_folder().name == "__pycache__"


def test_a_class_of_no_module_is_compiled_as_dataclasses_compiles_it(cache):
    """globals without a module name (a class made by exec in a bare namespace): not cached,
    and compiled without this module's flags – its annotations are objects, not strings."""
    source = "import dataclasses\n@dataclasses.dataclass\nclass A:\n    x: int\n"
    code = compile(source, "<bare>", "exec", dont_inherit=True)  # not this file's own flags
    plain: dict = {"__name__": "ghost"}  # a module that is not in sys.modules
    exec(code, plain)  # noqa: S102
    cache.install()
    cached: dict = {"__name__": "ghost"}
    exec(code, cached)  # noqa: S102
    assert cached["A"].__init__.__annotations__ == plain["A"].__init__.__annotations__
    assert cached["A"].__init__.__annotations__["x"] is int
    assert not dataclass_code._shards


def test_install_is_once_and_leaves_a_foreign_exec_alone(cache, monkeypatch):
    import dataclasses

    cache.install()
    cache.install()
    assert dataclasses.exec is dataclass_code._exec
    dataclass_code.uninstall()
    monkeypatch.setattr(dataclasses, "exec", print, raising=False)
    assert dataclass_code.install(cache.path) is False
    assert dataclasses.exec is print


# The kind at full size: every dataclass of every module the export and the signing process load
SURVEY = """
import dataclasses, json, sys, types
if sys.argv[1] != "off":
    import pathlib
    from sipdesk import dataclass_code
    dataclass_code.install(pathlib.Path(sys.argv[3]))
import pyhanko.sign, pyhanko.sign.fields, pyhanko.stamp
import sipdesk.export.api, sipdesk.export.pdf, sipdesk.model.cases, sipdesk.export.verify
sys.path.insert(0, sys.argv[2])
from test_dataclass_code import _methods
found = {}
for name, module in list(sys.modules.items()):
    if isinstance(module, types.ModuleType):
        for cls, shapes in _methods(vars(module)).items():
            found[f"{name}.{cls}"] = shapes
if sys.argv[1] != "off":
    dataclass_code.save()
print(json.dumps(found))
"""


def test_every_dataclass_the_export_loads_is_the_same_with_the_cache(tmp_path):
    """Three processes – no cache, a cold cache (compiles, writes), a warm one (loads) – find
    the same methods in every dataclass of SipDesk, pyHanko, cryptography, … that they load."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONHASHSEED"] = "0"  # one seed: frozensets among defaults keep one order
    script = tmp_path / "survey.py"
    script.write_text(SURVEY)
    tests = os.path.dirname(__file__)

    def survey(mode: str) -> dict:
        done = subprocess.run(
            [sys.executable, str(script), mode, tests, str(tmp_path / "cache")],
            env=env, capture_output=True, text=True, check=True, timeout=300, cwd=tmp_path,
        )  # fmt: skip
        return json.loads(done.stdout)

    want = survey("off")
    assert len(want) > 200  # pyHanko's and SipDesk's classes were found
    assert survey("cold") == want
    written = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert any("pyhanko" in n for n in written) and any("sipdesk" in n for n in written)
    assert survey("warm") == want


def _cache_files(tmp_path, args: list[str], stdin: bytes = b"") -> list[str]:
    """The cache files a process leaves under its own PYTHONPYCACHEPREFIX."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "prefix")
    subprocess.run(args, env=env, input=stdin, capture_output=True, timeout=300, check=False)
    return sorted(p.name for p in (tmp_path / "prefix").rglob("dataclasses.*.bin"))


def test_the_command_line_and_the_signing_process_keep_their_classes_code(tmp_path):
    """The wiring: `sipdesk …` installs the cache and saves it at exit; the signing process –
    which ends with os._exit, past every exit handler – saves once it has imported pyHanko."""
    from sipdesk.export import sign_worker

    names = _cache_files(tmp_path, [sys.executable, "-m", "sipdesk", "check", "1"])
    assert any(n.startswith("dataclasses.sipdesk.") for n in names), names
    names = _cache_files(tmp_path, sign_worker.child_command())  # stdin closed: no request
    assert any(n.startswith("dataclasses.pyhanko.") for n in names), names


def test_optimised_bytecode_has_a_file_of_its_own(tmp_path):
    """-O compiles differently (asserts dropped): its file is named as its .pyc are."""
    program = (
        "import pathlib; from sipdesk import dataclass_code;"
        f" dataclass_code.install(pathlib.Path({str(tmp_path)!r}));"
        " import sipdesk.model.entities; dataclass_code.save()"
    )
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for flag, suffix in (([], f".{sys.implementation.cache_tag}.bin"),
                         (["-O"], f".{sys.implementation.cache_tag}.opt-1.bin")):  # fmt: skip
        subprocess.run([sys.executable, *flag, "-c", program], env=env, check=True, timeout=120)
        assert (tmp_path / f"dataclasses.sipdesk{suffix}").is_file()
