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
    with pytest.raises(InvalidPersonnummer, match="kontrollsiffran"):
        normalize("19811218-9875", TODAY)


def test_impossible_date_is_refused():
    with pytest.raises(InvalidPersonnummer, match="datum"):
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


# --- the rules of issue 20: century from the whole date and the separator ----------------------

ISSUE_DAY = dt.date(2026, 11, 30)


def _number(ten_digits_without_check: str, sep: str = "-") -> str:
    """YYMMDD<sep>NNN plus its Luhn digit."""
    nine = ten_digits_without_check.replace("-", "").replace("+", "")
    return f"{nine[:6]}{sep}{nine[6:]}{luhn_digit(nine)}"


def test_a_99_year_old_with_minus_is_born_last_century_not_in_the_future():
    # the issue's example: 261215-1239 is a 99-year-old on 30 November 2026 ('-': under 100)
    assert normalize("261215-1239", ISSUE_DAY) == "19261215-1239"
    assert birth_date(normalize("261215-1239", ISSUE_DAY)) < ISSUE_DAY


@given(st.dates(min_value=dt.date(1927, 1, 1), max_value=dt.date(2026, 11, 30)))
def test_minus_gives_the_latest_birth_date_not_after_today(born):
    serial = "123"
    value = _number(born.strftime("%y%m%d") + serial)
    canonical = normalize(value, ISSUE_DAY)
    assert birth_date(canonical) == born  # every age 0..99 round-trips


@given(st.dates(min_value=dt.date(1880, 1, 1), max_value=dt.date(1926, 11, 30)))
def test_plus_means_a_centenarian(born):
    value = _number(born.strftime("%y%m%d") + "456", sep="+")
    canonical = normalize(value, ISSUE_DAY)
    assert birth_date(canonical) == born  # aged 100 to 146 on the day
    assert canonical[8] == "-" and canonical.isascii()


def test_a_centenarian_with_plus_and_the_day_they_turn_a_hundred():
    assert normalize(_number("261130123", "+"), ISSUE_DAY).startswith("19261130")
    with pytest.raises(InvalidPersonnummer):
        # born 1826 or 2026 – neither is a person aged 100 or more who can exist
        normalize(_number("261201123", "+"), ISSUE_DAY)


def test_twelve_digits_with_plus_must_be_a_hundred_or_more():
    assert normalize("19261130" + "+" + _number("261130123")[7:], ISSUE_DAY) == (
        "19261130-" + _number("261130123")[7:]
    )
    with pytest.raises(InvalidPersonnummer, match="100"):
        normalize("19850610+9811", ISSUE_DAY)


def test_a_birth_date_in_the_future_is_refused():
    future = _number("271215123")
    with pytest.raises(InvalidPersonnummer, match="framtiden"):
        normalize("20" + future, ISSUE_DAY)
    # ten digits: never the future – the century goes back instead
    assert normalize(future, ISSUE_DAY).startswith("1927")


def test_samordningsnummer_keeps_day_plus_sixty():
    value = _number("850670123")  # 10 June 1985, day + 60
    canonical = normalize(value, ISSUE_DAY)
    assert canonical.startswith("19850670-")
    assert birth_date(canonical) == dt.date(1985, 6, 10)
    assert normalize("19" + value, ISSUE_DAY) == canonical


@pytest.mark.parametrize(
    "written",
    [
        "19850610-9811",
        "１９８５０６１０－９８１１",  # full-width digits and hyphen
        "١٩٨٥٠٦١٠-٩٨١١",  # Arabic-Indic digits
        "۱۹۸۵۰۶۱۰-۹۸۱۱",  # Extended Arabic-Indic (Persian) digits
        "१९८५०६१०-९८११",  # Devanagari digits
        "19850610 – 9811",  # an en dash with spaces, as a word processor makes it
        "19850610\u2212""9811",  # a minus sign
        "850610\u00a09811",  # a no-break space, no hyphen
        "850610\u20119811",  # a non-breaking hyphen
        " 8506109811 ",
    ],
)
def test_other_digit_forms_and_dashes_become_the_ascii_canonical_form(written):
    canonical = normalize(written, ISSUE_DAY)
    assert canonical == "19850610-9811" and canonical.isascii()


def test_the_same_rules_on_import_in_the_editor_and_in_the_check():
    from sipdesk.model import editing, planfile, quality
    from sipdesk.model.editing import EditError
    from sipdesk.model.entities import Case, Person

    case = Case(Person("Test Testsson"))
    case.start_follow_up()  # a first meeting, so the check has a plan to look at
    editing.set_person_value(case, "personnummer", "261215-1239")
    assert case.person.personnummer == normalize("261215-1239")
    editing.set_person_value(case, "personnummer", "١٩٨٥٠٦١٠-٩٨١١")
    assert case.person.personnummer == "19850610-9811"
    with pytest.raises(EditError, match="100"):
        editing.set_person_value(case, "personnummer", "19850610+9811")
    # import: a plan file in other digits is stored in ASCII
    doc = planfile.to_document(case)
    doc["case"]["person"]["personnummer"] = "１９８５０６１０－９８１１"
    import json

    assert planfile.loads(json.dumps(doc)).person.personnummer == "19850610-9811"
    doc["case"]["person"]["personnummer"] = "20271215-1237"
    with pytest.raises(planfile.PlanFileError):
        planfile.loads(json.dumps(doc))
    # the check: a number stored wrong before these rules (the guessed century) is flagged
    case.person.personnummer = "20261215-1239"
    findings = quality.check(case, today=ISSUE_DAY)
    assert any(f.code == "personnummer" for f in findings)
    case.person.personnummer = "19261215-1239"
    assert not any(f.code == "personnummer" for f in quality.check(case, today=ISSUE_DAY))
