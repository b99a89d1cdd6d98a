"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Accepted input: `YYYYMMDD-NNNC`, `YYYYMMDDNNNC`, `YYMMDD-NNNC`, `YYMMDDNNNC` and `YYMMDD+NNNC`, in
any digit script (full-width, Arabic-Indic … are converted to ASCII), with any Unicode dash for
the hyphen and spaces anywhere. The check digit C is the Luhn digit of the ten-digit form. A
coordination number has 60 added to the day; the canonical form keeps it (`…-NNNC` with day+60).

The century of a ten-digit form comes from the whole birth date and the separator, as the
Swedish Tax Agency writes it: `-` means the person is under 100 today, `+` means 100 or more. A
birth date is never in the future. The canonical form is `YYYYMMDD-NNNC`, ASCII only. The same
`normalize` serves the plan-file import, the editor and the plan check.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from sipdesk.i18n import _

_PATTERN = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$", re.ASCII)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"


class InvalidPersonnummer(ValueError):
    """Raised with a reason a person can act on."""


def luhn_digit(nine_digits: str) -> int:
    """The Luhn check digit for the first nine digits of the ten-digit form."""
    total = 0
    for i, ch in enumerate(nine_digits):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return (10 - total % 10) % 10


def ascii_form(value: str) -> str:
    """Every decimal digit as ASCII, every dash as "-", full-width plus as "+", no spaces or
    invisible characters: the text as `normalize` reads it."""
    out = []
    for ch in value:
        digit = unicodedata.decimal(ch, None)
        if digit is not None:
            out.append(str(digit))
        elif ch in _DASHES:
            out.append("-")
        elif ch in "+\uff0b\ufe62":
            out.append("+")
        elif ch.isspace() or unicodedata.category(ch) == "Cf":
            continue
        else:
            out.append(ch)
    return "".join(out)


def _hundred_years_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 100)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 100, day=28)


def normalize(value: str, today: dt.date | None = None) -> str:
    """Return the canonical `YYYYMMDD-NNNC` form, or raise InvalidPersonnummer."""
    text = ascii_form(value.strip())
    m = _PATTERN.match(text)
    if not m:
        raise InvalidPersonnummer(_("expected YYYYMMDD-NNNN or YYMMDD-NNNN"))
    century, yy, mm, dd, sep, serial, check = m.groups()
    today = today or dt.date.today()
    day = int(dd)
    if day > 60:  # samordningsnummer
        day -= 60
    month = int(mm)

    def date_in(year: int) -> dt.date | None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None

    if century is None:
        # the latest year ending in yy whose date is not after the limit: today for "-"
        # (under 100), a hundred years ago for "+" (100 or more)
        limit = _hundred_years_before(today) if sep == "+" else today
        year = limit.year - (limit.year - int(yy)) % 100
        born = date_in(year)
        if born is not None and born > limit:
            year -= 100
            born = date_in(year)
        if born is None:
            raise InvalidPersonnummer(_("the date part is not a real date"))
    else:
        year = int(century + yy)
        born = date_in(year)
        if born is None:
            raise InvalidPersonnummer(_("the date part is not a real date"))
        if born > today:
            raise InvalidPersonnummer(_("the birth date is in the future"))
        hundred = born <= _hundred_years_before(today)
        if sep == "+" and not hundred:
            raise InvalidPersonnummer(
                _("'+' is only for a person aged 100 or more; write '-' for anyone younger")
            )
    if year < 1870:
        raise InvalidPersonnummer(_("the birth date is too far back to be a living person's"))
    if luhn_digit(yy + mm + dd + serial) != int(check):
        raise InvalidPersonnummer(_("the check digit does not match"))
    return f"{year:04d}{mm}{dd}-{serial}{check}"


def is_valid(value: str, today: dt.date | None = None) -> bool:
    try:
        normalize(value, today)
    except InvalidPersonnummer:
        return False
    return True


def birth_date(canonical: str) -> dt.date:
    """The date of birth in a canonical number (coordination numbers included)."""
    year, month, day = int(canonical[0:4]), int(canonical[4:6]), int(canonical[6:8])
    return dt.date(year, month, day - 60 if day > 60 else day)


def ten_digit_form(canonical: str, today: dt.date | None = None) -> str:
    """`YYMMDD-NNNC`, with `+` when the person is 100 or more on `today`."""
    today = today or dt.date.today()
    sep = "+" if birth_date(canonical) <= _hundred_years_before(today) else "-"
    return canonical[2:8] + sep + canonical[9:]
