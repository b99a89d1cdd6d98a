"""One ellipsis in the whole interface: "…" right after the word ("Nytt ärende…"), never three
dots or a space before it – menus read alike in both languages (issue 18, item 6)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def _messages(lang: str):
    with (ROOT / "translations" / lang / "LC_MESSAGES" / "sipdesk.po").open("rb") as fp:
        catalog = read_po(fp, locale=lang)
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strs = m.string if isinstance(m.string, tuple) else (m.string,)
        yield from ((i, s) for i in ids for s in strs)


def test_no_three_dots_and_no_space_before_the_ellipsis():
    bad = [
        (msgid, msgstr)
        for msgid, msgstr in _messages("sv")
        for text in (msgid, msgstr)
        if text and ("..." in text or " …" in text.replace("\n …", ""))
        and "%(prog)s" not in msgid  # argparse's usage line prints its own "..."
    ]
    assert bad == []


def test_an_ellipsis_in_the_source_is_kept_in_the_translation():
    lost = [(i, s) for i, s in _messages("sv") if s and i.rstrip().endswith("…") != s.rstrip().endswith("…")]
    assert lost == []
