"""Dataclass ⇄ JSON-compatible values, driven by the dataclasses' own type hints.

One codec serves the plan file, the encrypted store and the generated JSON Schema, so the three
can never disagree about a field. Decoding checks every value and names the field of the first
fault (`case.meetings[0].plan.goals[2].text`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import re
import threading
import types
import typing
from typing import Any

MAX_TEXT = 20_000  # characters in one text field
MAX_ITEMS = 1_000  # entries in one list
MAX_INT = 10**9  # a whole number's size either way (a count, a year, minutes)
MIN_YEAR, MAX_YEAR = 1900, 2200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 and C1, but tab and newline
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class DecodeError(ValueError):
    """A value that does not fit its field. `path` names the field, `reason` says why."""

    def __init__(self, path: Any, reason: str) -> None:
        path = _render(path)
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@functools.cache
@functools.cache
def hints(cls: type) -> dict[str, Any]:
    """The field types of a dataclass, evaluated once per class (the annotations are strings:
    evaluating them at every decoded object was most of a case's load time)."""
    return typing.get_type_hints(cls)


@functools.cache
def _fields(cls: type) -> dict[str, dataclasses.Field]:
    return {f.name: f for f in dataclasses.fields(cls)}


def _split_optional(tp: Any) -> tuple[Any, bool]:
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return tp, False


def encode(value: Any) -> Any:
    """A dataclass tree as dicts, lists, strings, numbers, booleans and None."""
    cls = type(value)
    encoder = _ENCODERS.get(cls)
    if encoder is None:
        encoder = _ENCODERS[cls] = _encoder_for(cls)
    return encoder(value)


_ENCODERS: dict[type, Any] = {}  # by the value's class: what to do with it, worked out once


def _encoder_for(cls: type) -> Any:
    if dataclasses.is_dataclass(cls) and not issubclass(cls, type):
        names = tuple(f.name for f in dataclasses.fields(cls))
        return lambda value: {name: encode(getattr(value, name)) for name in names}
    if issubclass(cls, enum.Enum):
        return lambda value: value.value
    if issubclass(cls, dt.date):
        return lambda value: value.isoformat()
    if issubclass(cls, dt.time):
        return lambda value: value.strftime("%H:%M")
    if issubclass(cls, list):
        return lambda value: [encode(v) for v in value]
    return lambda value: value


def decode(tp: Any, data: Any, path: str) -> Any:
    """Build a value of type `tp` from decoded JSON, or raise DecodeError naming the field.

    A dataclass decoded often (`GENERATE_AFTER` times in this process) is first tried by its
    generated fast decoder (`_fast_decoder`), which takes only input that is already exactly right; anything else is decoded again by the general decoder,
    which alone decides what is accepted and names the first fault."""
    fast = _fast_decoder(tp)
    if fast is not None:
        try:
            return fast(data)
        except (NotFast, RecursionError):
            pass
    return _decoder(tp)(data, path)


# Each type's decoder is made once (what the type asks for – optional, dataclass fields, list
# items, enum values – worked out then, not at every value): a 300-goal plan or a 10,000-case
# restore decodes tens of thousands of values. The checks and messages are the same for every
# value as they were when `decode` worked the type out each time.


@functools.cache
def _base_decoder_of(base: Any) -> Any:
    return _base_decoder(base)


@functools.cache
def _decoder(tp: Any) -> Any:
    base, optional = _split_optional(tp)
    inner = _base_decoder_of(base)
    if optional:

        def optional_value(data: Any, path: str) -> Any:
            return None if data is None else inner(data, path)

        return optional_value

    def required_value(data: Any, path: str) -> Any:
        if data is None:
            raise DecodeError(path, "a value is required")
        return inner(data, path)

    return required_value


def _base_decoder(tp: Any) -> Any:
    if dataclasses.is_dataclass(tp):
        return _dataclass_decoder(tp)
    if typing.get_origin(tp) is list:
        return _list_decoder(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return _enum_decoder(tp)
    if tp is str:
        return _decode_text
    if tp is bool:
        return _decode_bool
    if tp is int:
        return _decode_int
    if tp is dt.date:
        return _decode_date
    if tp is dt.time:
        return _decode_time

    def no_codec(data: Any, path: str) -> Any:
        raise TypeError(f"no codec for {tp!r}")  # a programming error, not bad input

    return no_codec


# A path below the top is kept as (parent path, ".name" or list index) – a tuple, made for
# every value decoded – and written out as "case.meetings[0].plan" only for a DecodeError.


def _render(path: Any) -> str:
    steps = []
    while isinstance(path, tuple):
        path, step = path
        steps.append(f"[{step}]" if isinstance(step, int) else step)
    return str(path) + "".join(reversed(steps))


def _list_decoder(tp: Any) -> Any:
    (item_tp,) = typing.get_args(tp)
    item: list[Any] = []  # the item's decoder, made on first use (a type may contain itself)

    def decode_list(data: Any, path: Any) -> list:
        if not isinstance(data, list):
            raise DecodeError(path, "expected a list")
        if len(data) > MAX_ITEMS:
            raise DecodeError(path, f"more than {MAX_ITEMS} entries")
        if not item:
            item[:] = [_decoder(item_tp)]
        one = item[0]
        return [one(v, (path, i)) for i, v in enumerate(data)]

    return decode_list


def _enum_decoder(tp: type) -> Any:
    allowed = [m.value for m in tp]
    members = {m.value: m for m in tp}

    def decode_enum(data: Any, path: str) -> Any:
        if data not in allowed:
            raise DecodeError(path, "expected one of " + ", ".join(allowed))
        try:
            return members[data]  # what tp(data) gives, without Enum's call
        except (KeyError, TypeError):
            return tp(data)

    return decode_enum


def _decode_bool(data: Any, path: str) -> bool:
    if not isinstance(data, bool):
        raise DecodeError(path, "expected true or false")
    return data


def _decode_int(data: Any, path: str) -> int:
    if isinstance(data, bool) or not isinstance(data, int):
        raise DecodeError(path, "expected a whole number")
    if not -MAX_INT <= data <= MAX_INT:
        raise DecodeError(path, "number out of range")
    return data


def _decode_time(data: Any, path: str) -> dt.time:
    if not isinstance(data, str) or not _TIME.match(data):
        raise DecodeError(path, "expected a time as HH:MM")
    return dt.time(int(data[:2]), int(data[3:]))


def _decode_text(data: Any, path: str) -> str:
    if not isinstance(data, str):
        raise DecodeError(path, "expected text")
    if len(data) > MAX_TEXT:
        raise DecodeError(path, f"text longer than {MAX_TEXT} characters")
    # printable text has no control character (category Cc) at all: the search only when not
    if not data.isprintable() and _CONTROL.search(data):
        raise DecodeError(path, "text holds control characters")
    return data


def _decode_date(data: Any, path: str) -> dt.date:
    if not isinstance(data, str) or len(data) != 10:
        raise DecodeError(path, "expected a date as YYYY-MM-DD")
    try:
        value = dt.date.fromisoformat(data)
    except ValueError as exc:
        raise DecodeError(path, "not a real date") from exc
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise DecodeError(path, f"year outside {MIN_YEAR}–{MAX_YEAR}")
    return value


def _dataclass_decoder(cls: type) -> Any:
    known = _fields(cls)
    required = frozenset(
        name
        for name, f in known.items()
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    # (field, ".field", the value's own decoder, may it be None), made on first use (recursive
    # types); the None check is `_decoder`'s optional_value / required_value, done here inline
    plan: list[tuple[str, str, Any, bool]] = []

    def decode_dataclass(data: Any, path: Any) -> Any:
        if not isinstance(data, dict):
            raise DecodeError(path, "expected an object")
        if not plan:
            field_types = hints(cls)
            made = []
            for name in known:
                base, optional = _split_optional(field_types[name])
                made.append((name, "." + name, _base_decoder_of(base), optional))
            plan[:] = made  # at once
        if not data.keys() <= known.keys():
            unknown = sorted(set(data) - set(known))
            if unknown:
                raise DecodeError((path, f".{unknown[0]}"), "unknown field")
        kwargs: dict[str, Any] = {}
        for name, step, inner, optional in plan:
            if name in data:
                value = data[name]
                if value is None:
                    if not optional:
                        raise DecodeError((path, step), "a value is required")
                    kwargs[name] = None
                elif (
                    inner is _decode_text
                    and type(value) is str
                    and len(value) <= MAX_TEXT
                    and value.isprintable()
                ):
                    kwargs[name] = value  # what _decode_text gives it, without the call
                else:
                    kwargs[name] = inner(value, (path, step))
            elif name in required:
                raise DecodeError((path, step), "a value is required")
        return cls(**kwargs)

    return decode_dataclass


def _decode_dataclass(cls: type, data: Any, path: str) -> Any:
    return _dataclass_decoder_of(cls)(data, path)


@functools.cache
def _dataclass_decoder_of(cls: type) -> Any:
    return _dataclass_decoder(cls)


# The fast path: a decoder generated per dataclass, as `dataclasses` generates `__init__`, for
# the common case only – every field present, no unknown field, each value of its type. It
# builds the objects with straight-line code (no loop over a field plan, no keyword dict, no path
# for every value); a 10,000-case restore decodes half a million objects. Anything else – a field
# left out, an unknown one, a wrong type, None where a value is required, text too long or with
# control characters, a date out of range – raises NotFast and `decode` starts over with the
# general decoder. The fast path never decides: it accepts a subset of what the general decoder
# accepts and gives the same value for it (tests/model/test_codec_fast.py holds the two to the
# same values and the same errors over mutated plans). The generated source names only the
# dataclasses' own field names (checked to be identifiers) and constants by `repr`.


class NotFast(Exception):
    """The input is not the plain case the fast path takes: decode it the general way."""


def _leaf(decoder: Any) -> Any:
    """A general leaf decoder without a path: its value, or NotFast."""

    def leaf(value: Any) -> Any:
        try:
            return decoder(value, None)
        except DecodeError:
            raise NotFast from None

    return leaf


_fast_text = _leaf(_decode_text)  # the rare text that is not printable (a tab, a newline)


def _fast_text_list(values: Any) -> list[str]:
    if type(values) is not list or len(values) > MAX_ITEMS:
        raise NotFast
    return [
        v if type(v) is str and len(v) <= MAX_TEXT and v.isprintable() else _fast_text(v)
        for v in values
    ]


class _Unknown(Exception):
    """A shape the generator leaves to the general decoder."""


_FAST: dict[Any, Any] = {}  # by type: its fast decoder, or None (not a dataclass, unknown shape)
_MAKING: set[type] = set()  # classes being generated (a class nested in itself goes general)
_GENERATING = threading.RLock()  # one thread generates; another would see _MAKING half-filled
# Generating a case's decoders (29 classes) costs ≈ 15 ms of CPU and saves ≈ 0.1 ms a decode:
# a process that decodes a type fewer times than this (an export, opening a case) never pays
# for it; a restore of thousands of cases pays it once. The count is racy between threads and
# may be off by one or two – harmless, it only moves when generation happens.
GENERATE_AFTER = 100
_SEEN: dict[Any, int] = {}


def _fast_decoder(tp: Any) -> Any:
    """`decode`'s fast decoder for `tp`, or None: none yet (decoded fewer than GENERATE_AFTER
    times), not a dataclass, or a shape the generator leaves to the general decoder."""
    try:
        return _FAST[tp]
    except KeyError:
        pass
    seen = _SEEN.get(tp, 0) + 1
    if seen < GENERATE_AFTER and dataclasses.is_dataclass(tp):
        _SEEN[tp] = seen
        return None
    return _generated(tp)


def _generated(tp: Any) -> Any:
    """The generated fast decoder of `tp` (made now if not yet), or None where there is none."""
    try:
        return _FAST[tp]
    except KeyError:
        pass
    with _GENERATING:
        if tp in _FAST:
            return _FAST[tp]
        try:
            made = _generate(tp) if dataclasses.is_dataclass(tp) else None
        except _Unknown:
            made = None
        _FAST[tp] = made
        _SEEN.pop(tp, None)
        return made


def _generate(cls: type) -> Any:
    """The source of `decode(data) -> cls`, compiled (nested classes' decoders first)."""
    if cls in _MAKING:
        raise _Unknown(cls)
    _MAKING.add(cls)
    try:
        fields = dataclasses.fields(cls)
        if any(not f.init or f.kw_only or not f.name.isidentifier() for f in fields):
            raise _Unknown(cls)
        field_types = hints(cls)
        env: dict[str, Any] = {
            "CLS": cls,
            "KEYS": frozenset(f.name for f in fields),
            "NotFast": NotFast,
            "MAX_TEXT": MAX_TEXT,
            "MAX_ITEMS": MAX_ITEMS,
            "text": _fast_text,
            "text_list": _fast_text_list,
        }
        lines = [
            "def decode(data):",
            f"    if type(data) is not dict or len(data) != {len(fields)} or data.keys() != KEYS:",
            "        raise NotFast",
        ]
        for n, f in enumerate(fields):
            lines.append(f"    a{n} = data[{f.name!r}]")
            lines.extend("    " + line for line in _fast_lines(f"a{n}", field_types[f.name], env))
        lines.append(f"    return CLS({', '.join(f'a{n}' for n in range(len(fields)))})")
        namespace: dict[str, Any] = {}
        exec("\n".join(lines), env, namespace)  # noqa: S102 – see the comment above
        return namespace["decode"]
    finally:
        _MAKING.discard(cls)


def _fast_lines(var: str, tp: Any, env: dict[str, Any]) -> list[str]:
    """Lines that check the JSON value in `var` and leave the decoded value in it."""
    base, optional = _split_optional(tp)
    body = _fast_base_lines(var, base, env)
    if optional:
        return [f"if {var} is not None:", *("    " + line for line in body)]
    return body  # each shape's check refuses None as it refuses any other wrong type


def _fast_base_lines(var: str, base: Any, env: dict[str, Any]) -> list[str]:
    name = f"d_{var}"  # this field's helper in the namespace
    if base is str:
        return [
            f"if type({var}) is not str or len({var}) > MAX_TEXT or not {var}.isprintable():",
            f"    {var} = text({var})",
        ]
    if base is bool:
        return [f"if type({var}) is not bool:", "    raise NotFast"]
    if base is int:
        return [f"if type({var}) is not int or not {_INT_RANGE.format(var)}:", "    raise NotFast"]
    if base is dt.date or base is dt.time:
        env[name] = _leaf(_decode_date if base is dt.date else _decode_time)
        return [f"{var} = {name}({var})"]
    if isinstance(base, type) and issubclass(base, enum.Enum):
        if not all(type(m.value) is str for m in base):
            raise _Unknown(base)
        env[name] = {m.value: m for m in base}
        return [
            f"{var} = {name}.get({var}) if type({var}) is str else None",
            f"if {var} is None:",
            "    raise NotFast",
        ]
    if dataclasses.is_dataclass(base):
        env[name] = _generated(base)
        if env[name] is None:
            raise _Unknown(base)
        return [f"{var} = {name}({var})"]
    if typing.get_origin(base) is list:
        (item,) = typing.get_args(base)
        if item is str:
            return [f"{var} = text_list({var})"]
        head = [f"if type({var}) is not list or len({var}) > MAX_ITEMS:", "    raise NotFast"]
        if item is int:
            check = _INT_RANGE.format("v")
            return [
                *head,
                f"if not all(type(v) is int and {check} for v in {var}):",
                "    raise NotFast",
                f"{var} = list({var})",
            ]
        if dataclasses.is_dataclass(item):
            env[name] = _generated(item)
            if env[name] is None:
                raise _Unknown(item)
            return [*head, f"{var} = [{name}(v) for v in {var}]"]
    raise _Unknown(base)


_INT_RANGE = f"-{MAX_INT} <= {{0}} <= {MAX_INT}"  # _decode_int's range


def schema_for(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """A JSON Schema (2020-12) fragment for `tp`; dataclasses go into `defs` by name."""
    tp, optional = _split_optional(tp)
    if dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            field_types = hints(tp)
            props = {f.name: schema_for(field_types[f.name], defs) for f in dataclasses.fields(tp)}
            required = [
                f.name
                for f in dataclasses.fields(tp)
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            ]
            entry: dict[str, Any] = {
                "type": "object",
                "properties": props,
                "additionalProperties": False,
            }
            if tp.__doc__:
                entry["description"] = tp.__doc__.strip().splitlines()[0]
            if required:
                entry["required"] = required
            defs[name] = entry
        out: dict[str, Any] = {"$ref": f"#/$defs/{name}"}
    elif typing.get_origin(tp) is list:
        (item_tp,) = typing.get_args(tp)
        out = {"type": "array", "items": schema_for(item_tp, defs), "maxItems": MAX_ITEMS}
    elif isinstance(tp, type) and issubclass(tp, enum.Enum):
        out = {"enum": [m.value for m in tp]}
    elif tp is str:
        out = {"type": "string", "maxLength": MAX_TEXT}
    elif tp is bool:
        out = {"type": "boolean"}
    elif tp is int:
        out = {"type": "integer"}
    elif tp is dt.date:
        out = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    elif tp is dt.time:
        out = {"type": "string", "pattern": _TIME.pattern}
    else:
        raise TypeError(f"no schema for {tp!r}")
    if optional:
        return {"anyOf": [out, {"type": "null"}]}
    return out
