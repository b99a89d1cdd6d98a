"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Accepted input: `YYYYMMDD-NNNC`, `YYYYMMDDNNNC`, `YYMMDD-NNNC`, `YYMMDDNNNC` and `YYMMDD+NNNC`
(the `+` marks a person aged 100 or more). The check digit C is the Luhn digit of the ten-digit
form. A coordination number has 60 added to the day. The canonical form is `YYYYMMDD-NNNC`.
"""

from __future__ import annotations

import datetime as dt
import re

_PATTERN = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$")


class InvalidPersonnummer(ValueError):
    """Raised with a reason a person can act on."""


def luhn_digit(nine_digits: str) -> int:
    """The Luhn check digit for the first nine digits of the ten-digit form."""
    total = 0
    for i, ch in enumerate(nine_digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10


def normalize(value: str, today: dt.date | None = None) -> str:
    """Return the canonical `YYYYMMDD-NNNC` form, or raise InvalidPersonnummer."""
    text = value.strip().replace(" ", "")
    m = _PATTERN.match(text)
    if not m:
        raise InvalidPersonnummer("expected YYYYMMDD-NNNN or YYMMDD-NNNN")
    century, yy, mm, dd, sep, serial, check = m.groups()
    if century is not None and sep == "+":
        raise InvalidPersonnummer("'+' is only used with a two-digit year")
    today = today or dt.date.today()
    if century is None:
        year = 2000 + int(yy)
        while year > today.year:
            year -= 100
        if sep == "+":
            year -= 100
    else:
        year = int(century + yy)
    day = int(dd)
    if day > 60:  # samordningsnummer
        day -= 60
    try:
        dt.date(year, int(mm), day)
    except ValueError as exc:
        raise InvalidPersonnummer("the date part is not a real date") from exc
    if luhn_digit(yy + mm + dd + serial) != int(check):
        raise InvalidPersonnummer("the check digit does not match")
    return f"{year:04d}{mm}{dd}-{serial}{check}"


def is_valid(value: str) -> bool:
    try:
        normalize(value)
    except InvalidPersonnummer:
        return False
    return True


def birth_date(canonical: str) -> dt.date:
    """The date of birth in a canonical number (coordination numbers included)."""
    year, month, day = int(canonical[0:4]), int(canonical[4:6]), int(canonical[6:8])
    return dt.date(year, month, day - 60 if day > 60 else day)
