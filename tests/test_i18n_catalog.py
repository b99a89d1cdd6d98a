"""The catalog decoded on demand (issue 19: start-up) answers exactly as Python's GNUTranslations:
for SipDesk's own catalogs and for generated ones – any messages, plural ones, any text – every
message, every plural form, a message not there, the header, the plural rule; a file in the other
byte order or with its header elsewhere is read the standard way; a damaged one is refused."""

from __future__ import annotations

import gettext
import io
import struct

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from hypothesis import given, settings
from hypothesis import strategies as st

from sipdesk import i18n
from sipdesk.i18n_catalog import LazyTranslations


def both(data: bytes) -> tuple[gettext.GNUTranslations, LazyTranslations]:
    return gettext.GNUTranslations(io.BytesIO(data)), LazyTranslations(io.BytesIO(data))


def assert_same(data: bytes, misses=("not in the catalog", "")) -> None:
    std, lazy = both(data)
    assert lazy._info == std._info and lazy._charset == std._charset
    assert [lazy.plural(n) for n in range(30)] == [std.plural(n) for n in range(30)]
    for key, value in std._catalog.items():
        assert lazy._catalog[key] == value and key in lazy._catalog
        message = key[0] if isinstance(key, tuple) else key
        assert lazy.gettext(message) == std.gettext(message)
        for n in range(4):
            assert lazy.ngettext(message, "other", n) == std.ngettext(message, "other", n)
    for miss in misses:
        assert lazy.gettext(miss) == std.gettext(miss)
        assert lazy.ngettext(miss, miss + "s", 2) == std.ngettext(miss, miss + "s", 2)
        assert (miss in lazy._catalog) == (miss in std._catalog)
    for key in ((misses[0], 0), ("x", -1), 7, None):
        assert lazy._catalog.get(key, "none") == std._catalog.get(key, "none")


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_sipdesks_catalogs(lang):
    mo = i18n.translations_dir() / lang / "LC_MESSAGES" / "sipdesk.mo"
    if not mo.exists():  # a checkout without compiled catalogs: compile as the install does
        from babel.messages.pofile import read_po

        with mo.with_suffix(".po").open("rb") as fp:
            catalog = read_po(fp, locale=lang, domain="sipdesk")
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        data = buf.getvalue()
    else:
        data = mo.read_bytes()
    assert_same(data, misses=("not in the catalog", "", "Cases ", "cases"))
    assert isinstance(i18n._parse_catalog(lang, mo, mo.with_suffix(".po")), LazyTranslations)


texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x04"),
    min_size=1,
    max_size=30,
)


def compiled(messages, locale: str) -> bytes:
    catalog = Catalog(locale=locale)
    for msgid, msgstr, plural in messages:
        if plural is None:
            catalog.add(msgid, msgstr)
        else:
            catalog.add(
                (msgid, plural), (msgstr, msgstr + "+", msgstr + "++")[: catalog.num_plurals]
            )
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(texts, texts, st.none() | texts), max_size=25, unique_by=lambda m: m[0]),
    st.sampled_from(["sv", "en", "pl", "ja", "ar"]),
)
def test_generated_catalogs(messages, locale):
    assert_same(
        compiled(messages, locale),
        misses=("not in the catalog", "", *[m[0] + "x" for m in messages[:3]]),
    )


def _big_endian(data: bytes) -> bytes:
    """The same catalog written in the other byte order."""
    count, originals, translations = struct.unpack_from("<3I", data, 8)
    out = bytearray(data)
    words = [(0, 7)] + [(originals, 2 * count), (translations, 2 * count)]
    for at, n in words:
        values = struct.unpack_from(f"<{n}I", data, at)
        struct.pack_into(f">{n}I", out, at, *values)
    return bytes(out)


def test_other_byte_order_and_damage_as_the_standard_parser():
    data = compiled([("Case", "Ärende", None), ("{n} case", "{n} ärende", "{n} cases")], "sv")
    assert_same(_big_endian(data))
    for broken in (data[:40], data[:-3], data[:100], b"\x00" * 40, data[:4] + b"\xff" * 36):
        assert _failure(gettext.GNUTranslations, broken) == _failure(LazyTranslations, broken)
        assert _failure(LazyTranslations, broken) is not None


def _failure(parser, data: bytes):
    try:
        parser(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - which error is what is compared
        return type(exc), str(exc)
    return None
