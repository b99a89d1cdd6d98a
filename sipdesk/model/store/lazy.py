"""Meetings of a loaded case decoded when first used: a plan with a chain of 30 versions opens,
compares and prints at the cost of the versions it shows, not of the whole chain.

`Store.load_case` decodes the case's own document and its newest meeting; every earlier meeting
is a `LazyMeeting` holding its stored JSON and what a list of versions shows of it, read from its
row (kind, date, status, start time, place, id – fields of the meeting – and its plan's version
number, `plan_version`). The first use of any other field decodes
the document, fills the object in place and makes it a plain `Meeting` (its class is switched, so
identity, `isinstance`, equality and deep copies all behave as for a meeting decoded at load).

A `LazyMeeting` that was never decoded is saved as it was read: the repository writes its stored
document back byte for byte (`stored_document`), so the store's compare-and-swap and its "earlier
versions never change" check see exactly what they saw before.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import threading
from typing import Any

from sipdesk.model import codec
from sipdesk.model.entities import Meeting

_FIELDS = frozenset(f.name for f in dataclasses.fields(Meeting))
_RAW, _WHERE, _VERSION = "_stored_document", "_stored_where", "_stored_plan_version"
_DECODING = threading.Lock()


def decode_meeting(document: str, path: str) -> Meeting:
    """The one place a stored meeting document becomes a Meeting (tests count the calls)."""
    return codec.decode(Meeting, json.loads(document), path)


def _materialize(meeting: Meeting) -> None:
    state = object.__getattribute__(meeting, "__dict__")
    if _RAW not in state:
        return
    with _DECODING:  # the window's thread and an export worker may touch one meeting at once
        document = state.get(_RAW)
        if document is None:
            return
        where = state[_WHERE]
        try:
            full = decode_meeting(document, "meeting")
        except (ValueError, TypeError) as exc:  # DecodeError is a ValueError
            from sipdesk.i18n import _
            from sipdesk.model.store.faults import StoreDamaged

            raise StoreDamaged(
                where[0], _("case {id} does not read back").format(id=where[1])
            ) from exc
        # every field in place, and the stored document gone, before the class changes: a reader
        # never sees a field missing, and a thread that sees a plain Meeting (a deep copy
        # iterating its __dict__ without the lock) never sees that dict change size
        state.update(full.__dict__)
        for key in (_RAW, _WHERE, _VERSION):
            state.pop(key, None)
        object.__setattr__(meeting, "__class__", Meeting)


class LazyMeeting(Meeting):
    """A stored meeting not decoded yet (see the module). Never made directly: `lazy_meeting`."""

    def __getattribute__(self, name: str) -> Any:
        if name in _FIELDS and name not in object.__getattribute__(self, "__dict__"):
            _materialize(self)
        return object.__getattribute__(self, name)

    def __setattr__(self, name: str, value: Any) -> None:
        _materialize(self)
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        _materialize(self)
        object.__delattr__(self, name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Meeting):
            return NotImplemented
        mine = stored_document(self)
        if mine is not None and mine == stored_document(other):
            return True  # the same stored document: equal without decoding either
        _materialize(self)
        if type(self) is LazyMeeting:  # nothing left to decode: compare as the meeting it is
            return _fields(self) == _fields(other)
        return self == other

    __hash__ = None  # type: ignore[assignment]  # as a dataclass with eq: unhashable

    def __repr__(self) -> str:
        _materialize(self)
        if type(self) is LazyMeeting:
            return Meeting.__repr__(self)
        return repr(self)

    # copies and pickles take one consistent snapshot: another thread may be decoding this
    # meeting (filling its fields and switching its class) at the very moment
    def __copy__(self) -> Meeting:
        cls, state = _snapshot(self)
        return _rebuilt(cls, state)

    def __deepcopy__(self, memo: dict) -> Meeting:
        cls, state = _snapshot(self)
        new = object.__new__(cls)
        memo[id(self)] = new
        object.__getattribute__(new, "__dict__").update(copy.deepcopy(state, memo))
        return new

    def __reduce_ex__(self, protocol: object) -> tuple:
        return (_rebuilt, _snapshot(self))


def _snapshot(meeting: Meeting) -> tuple[type, dict[str, Any]]:
    with _DECODING:
        return object.__getattribute__(meeting, "__class__"), dict(
            object.__getattribute__(meeting, "__dict__")
        )


def _rebuilt(cls: type, state: dict[str, Any]) -> Meeting:
    new = object.__new__(cls)
    object.__getattribute__(new, "__dict__").update(state)
    return new


def _fields(meeting: Any) -> tuple:
    return tuple(getattr(meeting, f.name, None) for f in dataclasses.fields(Meeting))


def lazy_meeting(document: str, known: dict[str, Any], version: int, where: tuple) -> Meeting:
    """A meeting whose `document` is decoded on first use; `known` holds fields already read
    (from the row), `version` its plan's version number, `where` (data folder, case id) names a
    damaged case."""
    if not set(known) <= _FIELDS:
        raise ValueError(f"not fields of a meeting: {sorted(set(known) - _FIELDS)}")
    meeting = object.__new__(LazyMeeting)
    state = object.__getattribute__(meeting, "__dict__")
    state.update(known)
    state.update({_RAW: document, _WHERE: where, _VERSION: version})
    return meeting


def plan_version(meeting: Meeting) -> int:
    """The version number of the meeting's plan – without decoding a meeting not decoded yet."""
    if type(meeting) is LazyMeeting:
        version = object.__getattribute__(meeting, "__dict__").get(_VERSION)
        if version is not None:  # (None: decoded by another thread just now)
            return version
    return meeting.plan.version


def stored_document(meeting: Any) -> str | None:
    """The stored JSON of a meeting never decoded since it was loaded; None for any other."""
    if type(meeting) is not LazyMeeting:
        return None
    return object.__getattribute__(meeting, "__dict__").get(_RAW)


def is_decoded(meeting: Any) -> bool:
    return stored_document(meeting) is None
