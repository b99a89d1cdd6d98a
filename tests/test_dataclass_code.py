"""The bytecode cache of dataclasses' generated methods changes nothing but the time: for every
kind of dataclass (each option of `@dataclass` and `field`, inheritance, postponed annotations)
and every dataclass that SipDesk, pyHanko and the libraries they load define, the methods are
the code Python makes itself – compiled by the cache, or loaded from its file in a later process
– and a damaged, foreign or unwritable cache is compiled around, never an error."""

from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys
import textwrap
import types
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


def _damages(good: bytes) -> dict[str, bytes]:
    magic = bytes(MAGIC_NUMBER)
    return {
        "empty": b"",
        "magic-only": magic,
        "another-interpreter": b"\x00\x00\r\n" + good[4:],
        "truncated": good[: len(good) // 2],
        "random": os.urandom(4096),
        "a-list": magic + marshal.dumps([1, 2]),
        "not-code-values": magic + marshal.dumps({k: "x" for k in marshal.loads(good[4:])}),
        "bytes-keys": magic + marshal.dumps({b"k": compile("1", "<s>", "eval")}),
    }


@pytest.mark.parametrize(
    "damage",
    ["empty", "magic-only", "another-interpreter", "truncated", "random", "a-list",
     "not-code-values", "bytes-keys"],  # fmt: skip
)
def test_a_damaged_or_foreign_file_is_compiled_around_and_replaced(cache, damage):
    want = _methods(_define(KINDS))
    cache.install()
    _define(KINDS)
    dataclass_code.save()
    good = cache.file().read_bytes()
    cache.file().write_bytes(_damages(good)[damage])
    cache.fresh()
    assert _methods(_define(KINDS)) == want
    dataclass_code.save()
    cache.fresh()
    assert _methods(_define(KINDS)) == want
    assert not dataclass_code._dirty  # the file was written again, whole


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
    dataclass_code.save()
    kept = marshal.loads(cache.file().read_bytes()[4:])
    assert len(kept) <= 3 and all(isinstance(v, types.CodeType) for v in kept.values())


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
