from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sipdesk.model.personnummer import (
    InvalidPersonnummer,
    birth_date,
    is_valid,
    luhn_digit,
    normalize,
)
from tests.strategies import personnummers

TODAY = dt.date(2026, 11, 23)


def test_known_valid_number_in_all_its_forms():
    for form in ("19811218-9876", "198112189876", "811218-9876", "8112189876"):
        assert normalize(form, TODAY) == "19811218-9876"


def test_wrong_check_digit_is_refused_with_reason():
    with pytest.raises(InvalidPersonnummer, match="check digit"):
        normalize("19811218-9875", TODAY)


def test_impossible_date_is_refused():
    with pytest.raises(InvalidPersonnummer, match="date"):
        normalize("19810230-0000", TODAY)


def test_plus_means_a_hundred_years_or_more():
    nine = "201101123"
    value = f"201101+123{luhn_digit(nine)}"
    assert normalize(value, TODAY).startswith("1920")


def test_two_digit_year_is_never_in_the_future():
    nine = "300101123"
    assert normalize(f"300101-123{luhn_digit(nine)}", TODAY).startswith("1930")


def test_coordination_number_day_plus_sixty():
    nine = "811278987"  # day 18 + 60
    canonical = normalize(f"19811278-987{luhn_digit(nine)}", TODAY)
    assert birth_date(canonical) == dt.date(1981, 12, 18)


@pytest.mark.parametrize("bad", ["", "abc", "1981121-9876", "19811218_9876", "19811218-98761"])
def test_malformed_is_refused(bad):
    assert not is_valid(bad)


@given(personnummers())
def test_generated_numbers_normalize_to_themselves(value):
    assert normalize(value) == value


@given(personnummers(), st.integers(1, 9))
def test_any_changed_check_digit_is_caught(value, delta):
    changed = value[:-1] + str((int(value[-1]) + delta) % 10)
    assert not is_valid(changed)
