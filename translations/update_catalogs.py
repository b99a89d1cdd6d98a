"""Extract the messages from `sipdesk/` and update the catalogs; list what Swedish still lacks.

    python translations/update_catalogs.py          # update sipdesk.pot, sv and en .po
    python translations/update_catalogs.py --check  # exit 1 if a Swedish translation is missing

Uses Babel's own extraction and update (the same as `pybabel extract` / `pybabel update`), so
translators can also work with any .po editor. Compiled .mo files are built, never committed:
`pybabel compile -d translations -D sipdesk` (SipDesk also compiles a .po in memory if no .mo).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOMAIN = "sipdesk"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    catalog = Catalog(project="SipDesk", domain=DOMAIN, charset="utf-8")
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT / "sipdesk", method_map, keywords=KEYWORDS
    ):
        catalog.add(
            message,
            None,
            [(f"sipdesk/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def update(template: Catalog, lang: str) -> Catalog:
    po_path = HERE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if po_path.exists():
        with po_path.open("rb") as fp:
            catalog = read_po(fp, locale=lang, domain=DOMAIN)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, project="SipDesk", charset="utf-8")
    catalog.update(template, no_fuzzy_matching=True)
    catalog.fuzzy = False  # the header: a fresh catalog is born "fuzzy" and would not compile
    po_path.parent.mkdir(parents=True, exist_ok=True)
    with po_path.open("wb") as fp:
        write_po(fp, catalog, width=100, omit_header=False, ignore_obsolete=True)
    return catalog


def missing(catalog: Catalog) -> list[str]:
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; write nothing")
    args = parser.parse_args()
    template = extract()
    if args.check:
        with (HERE / "sv" / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as fp:
            sv = read_po(fp, locale="sv", domain=DOMAIN)
        sv.update(template, no_fuzzy_matching=True)
    else:
        with (HERE / f"{DOMAIN}.pot").open("wb") as fp:
            write_po(fp, template, width=100)
        sv = update(template, "sv")
        update(template, "en")
    gaps = missing(sv)
    for msgid in gaps:
        print(f"untranslated (sv): {msgid!r}")
    print(f"{len(template)} messages, {len(gaps)} without Swedish")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
