"""Whether a case's JSON is already the store's own encoding of it, so a restore can write the
backup's JSON as it is instead of encoding the decoded case once more.

`codec.decode` accepts a little more than `codec.encode` writes: a field left out (its default is
taken), a date in another ISO 8601 spelling of ten characters ("2027-W05-1"), a time with a
trailing newline ("09:30\\n" – `$` matches before it), and `planfile.check` writes a personnummer
in its canonical form. `is_canonical(case, data)` walks the decoded case beside the JSON it came
from and answers True only when none of these happened: every object has all its fields, and
every date and time reads as the codec writes it. Every other value a successful decode takes
is kept as it came (texts, numbers, booleans, enum values, list order), so then
`codec.encode(case) == data`, and the JSON dumped with sorted keys is byte for byte what the
store writes for the case (tests/model/test_restore_rows.py holds both to it).

It is a proof about a case that has passed every check already, never a check in place of one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import typing
from typing import Any

from sipdesk.model import codec

# per field, what must be looked at: a nested object (or a list of them), a date, a time
_OBJECT, _OBJECTS, _DATE, _DATES, _TIME, _TIMES = range(6)


@functools.cache
def _plan(cls: type) -> tuple[int, tuple[tuple[str, int, type | None], ...]]:
    """(number of fields, the fields to look into) of a dataclass, worked out once."""
    fields = dataclasses.fields(cls)
    hints = codec.hints(cls)
    steps: list[tuple[str, int, type | None]] = []
    for name, tp in ((f.name, hints[f.name]) for f in fields):
        base, _optional = codec._split_optional(tp)
        many = typing.get_origin(base) is list
        if many:
            (base,) = typing.get_args(base)
            base, _optional = codec._split_optional(base)
        if dataclasses.is_dataclass(base):
            steps.append((name, _OBJECTS if many else _OBJECT, base))
        elif base is dt.date:
            steps.append((name, _DATES if many else _DATE, None))
        elif base is dt.time:
            steps.append((name, _TIMES if many else _TIME, None))
        elif isinstance(base, type) and issubclass(base, enum.Enum):
            # a decoded enum value is the member whose value equals the JSON's: the same text
            # only when every value is a text (JSON has no other value equal to a text)
            if not all(isinstance(m.value, str) for m in base):
                raise TypeError(f"{base!r}: only text enums are known canonical")
        elif base not in (str, int, bool):
            raise TypeError(f"no canonical rule for {base!r}")
    return len(fields), tuple(steps)


def _date_ok(value: dt.date, data: Any) -> bool:
    return value.isoformat() == data


def _time_ok(_value: dt.time, data: Any) -> bool:
    return len(data) == 5  # decode took HH:MM, maybe with a newline after it


def is_canonical(value: Any, data: Any) -> bool:
    """True when `data` (the JSON `value` was decoded from, checks passed) is exactly what
    `codec.encode(value)` gives."""
    count, steps = _plan(type(value))
    if len(data) != count:  # decode refused unknown fields: fewer means a default was taken
        return False
    for name, kind, _cls in steps:
        item = data[name]
        if item is None:
            continue
        got = getattr(value, name)
        if kind == _OBJECT:
            if not is_canonical(got, item):
                return False
        elif kind == _OBJECTS:
            for v, d in zip(got, item, strict=True):
                if d is not None and not is_canonical(v, d):
                    return False
        elif kind == _DATE:
            if not _date_ok(got, item):
                return False
        elif kind == _DATES:
            if not all(d is None or _date_ok(v, d) for v, d in zip(got, item, strict=True)):
                return False
        elif kind == _TIME:
            if not _time_ok(got, item):
                return False
        elif not all(d is None or _time_ok(v, d) for v, d in zip(got, item, strict=True)):
            return False
    return True


def rows_as_they_are(case: Any, data: dict[str, Any], error_count: int | None):
    """The rows' documents straight from `data`, a case's JSON that `is_canonical` vouched for:
    what `bulk.prepare(case, error_count)` gives, without encoding the case again."""
    from sipdesk.model.store.bulk import prepared_from

    return prepared_from(case, data, error_count)
