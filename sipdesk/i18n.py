"""Translations (gettext through Babel) and locale-aware formatting of dates and numbers.

Source strings are English; Swedish is the default interface language. Catalogs live in
`translations/<lang>/LC_MESSAGES/sipdesk.po`; a compiled `.mo` beside it is used when present and
up to date, otherwise the `.po` is compiled in memory (so a fresh checkout works without a build step).
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

# Babel (≈0.05 s to import) is imported by the functions that format, not at start-up

DOMAIN = "sipdesk"
LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
_LOCALES = {"sv": "sv_SE", "en": "en_GB"}

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def translations_dir() -> Path:
    """Where the catalogs are: `translations/` beside the package (a checkout or a bundle)."""
    override = os.environ.get("SIPDESK_TRANSLATIONS")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "translations"


def _stamp(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


# (language, catalog files and their times) -> the catalog: a language set again (at import,
# then by the command line with its --lang) is not parsed again unless its files changed
_loaded: dict[tuple, _gettext.NullTranslations] = {}


def _load_catalog(lang: str) -> _gettext.NullTranslations:
    base = translations_dir() / lang / "LC_MESSAGES"
    mo, po = base / f"{DOMAIN}.mo", base / f"{DOMAIN}.po"
    key = (lang, str(base), _stamp(mo), _stamp(po))
    found = _loaded.get(key)
    if found is None:
        found = _loaded[key] = _parse_catalog(lang, mo, po)
    return found


def _parse_catalog(lang: str, mo: Path, po: Path) -> _gettext.NullTranslations:
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fp:
            return _gettext.GNUTranslations(fp)
    if po.exists():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as fp:
            catalog = read_po(fp, locale=lang, domain=DOMAIN)
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        buf.seek(0)
        return _gettext.GNUTranslations(buf)
    return _gettext.NullTranslations()


def set_language(lang: str | None) -> str:
    """Switch the interface language ("sv" or "en"); returns the language in force."""
    global _translations, _language
    lang = (lang or DEFAULT_LANGUAGE).split("_")[0].split("-")[0].lower()
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    _translations = _load_catalog(lang)
    _language = lang
    return lang


def language() -> str:
    """The interface language in force ("sv" or "en")."""
    return _language


def locale() -> Locale:
    from babel import Locale

    return Locale.parse(_LOCALES[_language])


def _(message: str) -> str:
    """Translate a message into the interface language."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def format_date(value: dt.date | None, form: str = "long") -> str:
    """A date for people: "5 mars 2026" in Swedish; empty for None."""
    if value is None:
        return ""
    from babel.dates import format_date

    return format_date(value, form, locale=_LOCALES[_language])


def format_short_date(value: dt.date | None) -> str:
    """An unambiguous date for tables: always ISO 8601, as Swedish forms write dates."""
    return value.isoformat() if value else ""


def format_time(value: dt.time | None) -> str:
    if value is None:
        return ""
    from babel.dates import format_time

    return format_time(value, "HH:mm", locale=_LOCALES[_language])


def format_number(value: float | int) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_LOCALES[_language])


set_language(os.environ.get("SIPDESK_LANG") or DEFAULT_LANGUAGE)
