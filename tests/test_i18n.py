from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from sipdesk import i18n
from tests.conftest import ROOT


def test_swedish_catalog_is_complete():
    result = subprocess.run(
        [sys.executable, str(ROOT / "translations" / "update_catalogs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_swedish_is_the_default_and_english_the_second():
    i18n.set_language(None)
    assert i18n.language() == "sv"
    assert i18n._("Consent") == "Samtycke"
    i18n.set_language("en")
    assert i18n._("Consent") == "Consent"
    i18n.set_language("fr")
    assert i18n.language() == "sv"


def test_dates_and_numbers_follow_the_language():
    i18n.set_language("sv")
    assert i18n.format_date(dt.date(2026, 3, 5)) == "5 mars 2026"
    assert i18n.format_number(1234567.891).replace("\xa0", " ") == "1 234 567,891"
    assert i18n.ngettext("{n} case", "{n} cases", 2) == "{n} ärenden"
    i18n.set_language("en")
    assert i18n.format_date(dt.date(2026, 3, 5)) == "5 March 2026"


def test_every_translation_compiles_with_its_placeholders():
    """What `pybabel compile` checks (python-format placeholders alike in msgid and msgstr): a
    catalog that fails it is not compiled, and SipDesk falls back to reading the .po at start."""
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parent.parent / "translations"
    for lang in ("sv", "en"):
        with (root / lang / "LC_MESSAGES" / "sipdesk.po").open("rb") as fp:
            catalog = read_po(fp, locale=lang)
        errors = [(m.id, str(e)) for m in catalog if m.id for e in m.check(catalog)]
        assert errors == [], errors
