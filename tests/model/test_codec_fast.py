"""The codec's generated fast decoders decide nothing: for ANY input – a case the strategies make,
or its JSON after random damage – `codec.decode` gives the value the general decoder gives, or the
same error naming the same field; and the fast path takes the store's own encoding of any case
(else it would be only a slower way to the general decoder).

The kind: every dataclass the plan format has, reached through the cases and the meetings (the
two types the store and the plan file decode), with every damage `test_restore_rows.damaged`
makes (a field left out, a date or time spelt another way, a wrong type, None, an unknown field,
a lone surrogate, a control character)."""

from __future__ import annotations

import dataclasses
import json
import uuid
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sipdesk.model import codec
from sipdesk.model.entities import Case, Meeting, Person
from tests.model.test_restore_rows import damaged
from tests.strategies import cases


class _Ids:
    """uuid4 made repeatable, so defaults for left-out ids compare equal across two decodes."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> uuid.UUID:
        self.n += 1
        return uuid.UUID(int=self.n)


def _outcome(decoder, data):
    with mock.patch.object(uuid, "uuid4", _Ids()):
        try:
            return "value", decoder(data)
        except codec.DecodeError as exc:
            return "error", str(exc)


def _json(value) -> dict:
    return json.loads(json.dumps(codec.encode(value), ensure_ascii=False))


def _check(tp, path, data):
    general = codec._decoder(tp)
    got = _outcome(lambda d: codec.decode(tp, d, path), data)
    want = _outcome(lambda d: general(d, path), data)
    assert got == want
    fast = codec._generated(tp)
    try:
        taken = fast(data)
    except codec.NotFast:
        return
    assert want == ("value", taken)  # what the fast path takes, the general one takes alike


@settings(max_examples=60)
@given(cases())
def test_the_fast_path_takes_the_stores_own_encoding(case):
    for tp, value in ((Case, case), *((Meeting, m) for m in case.meetings)):
        assert codec._generated(tp)(_json(value)) == value


@settings(max_examples=150)
@given(st.data())
def test_any_damaged_case_decodes_as_the_general_decoder_decodes_it(data):
    case = data.draw(cases())
    _check(Case, "case", data.draw(damaged(_json(case))))


@settings(max_examples=80)
@given(st.data())
def test_any_damaged_meeting_decodes_as_the_general_decoder_decodes_it(data):
    case = data.draw(cases().filter(lambda c: c.meetings))
    meeting = data.draw(st.sampled_from(case.meetings))
    _check(Meeting, "meeting", data.draw(damaged(_json(meeting))))


@pytest.mark.parametrize(
    "value",
    [
        "x" * codec.MAX_TEXT,  # the longest text: fast
        "x" * (codec.MAX_TEXT + 1),  # one longer: refused, by the general decoder's words
        "rad ett\nrad två\ttab",  # not printable, but allowed
        "klocka\x07",
        "\u00a0nbsp och \u2028",
        1,
        None,
        True,
    ],
    ids=lambda v: repr(v)[:20],
)
def test_the_edges_of_a_text_field(value):
    data = _json(Person(name="Josef"))
    data["name"] = value
    _check(Person, "person", data)


@pytest.mark.parametrize(
    "value", [10**9, 10**9 + 1, -(10**9), -(10**9) - 1, True, 1.0, "3", None], ids=repr
)
def test_the_edges_of_a_number_field(value):
    data = _json(Person(name="Josef"))
    data["minors_count"] = value
    _check(Person, "person", data)
    data["minors_birth_years"] = [2010, value]
    _check(Person, "person", data)


def test_a_type_the_generator_does_not_know_goes_to_the_general_decoder():
    assert codec._generated(int) is None
    assert codec._generated(list[Case]) is None
    assert codec._fast_decoder(int) is None
    assert codec.decode(list[Person], [{"name": "A"}], "people") == [Person(name="A")]


@pytest.mark.parametrize("name", ["minors_birth_years", "relatives", "protected_words"])
@pytest.mark.parametrize("extra", [0, 1], ids=["at-the-limit", "one-over"])
def test_a_list_at_and_over_its_limit_in_every_list_shape(name, extra):
    data = _json(Person(name="Josef"))
    item = {"minors_birth_years": 2010, "relatives": {"name": "Ann"}, "protected_words": "ord"}
    data[name] = [item[name]] * (codec.MAX_ITEMS + extra)
    _check(Person, "person", data)
    if extra:
        assert _outcome(lambda d: codec.decode(Person, d, "person"), data)[0] == "error"


def test_an_object_with_one_field_swapped_for_an_unknown_one_is_refused_alike():
    """As many keys as the dataclass has fields, but one of them is not a field: the fast path
    must not take it for the right shape."""
    data = _json(Person(name="Josef"))
    data.pop("minors_count")
    data["minors_cout"] = 1
    _check(Person, "person", data)
    assert _outcome(lambda d: codec.decode(Person, d, "person"), data)[0] == "error"


@dataclasses.dataclass
class _Seldom:
    """A type no other test decodes: its count starts here."""

    name: str
    n: int = 0


def test_a_type_gets_its_fast_decoder_only_once_it_is_decoded_often():
    """Generating costs more than it saves for one case (an export, opening a case): only the
    GENERATE_AFTER-th decode of a type in a process makes its fast decoder, and every decode
    before and after gives the same value."""
    for i in range(codec.GENERATE_AFTER - 1):
        assert codec.decode(_Seldom, {"name": "a", "n": i}, "x") == _Seldom("a", i)
        assert _Seldom not in codec._FAST
    assert codec.decode(_Seldom, {"name": "b", "n": 1}, "x") == _Seldom("b", 1)
    fast = codec._FAST[_Seldom]
    assert fast is not None and fast({"name": "c", "n": 2}) == _Seldom("c", 2)
    with pytest.raises(codec.DecodeError, match="x.n"):
        codec.decode(_Seldom, {"name": "c", "n": "2"}, "x")
