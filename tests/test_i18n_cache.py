"""A language set again is not parsed again (start-up sets it at import and again from the
command line), and a catalog whose files changed is read afresh."""

from __future__ import annotations

import os
import shutil

from sipdesk import i18n


def test_setting_a_language_again_reads_its_catalog_once(monkeypatch):
    parsed = []
    real = i18n._parse_catalog
    monkeypatch.setattr(i18n, "_loaded", {})
    monkeypatch.setattr(i18n, "_parse_catalog", lambda *a: parsed.append(a[0]) or real(*a))
    try:
        for lang in ("sv", "sv", "en", "sv", "en"):
            i18n.set_language(lang)
        assert parsed == ["sv", "en"]
        assert i18n._("Cases") == "Cases"
        i18n.set_language("sv")
        assert i18n._("Cases") == "Ärenden" and parsed == ["sv", "en"]
    finally:
        i18n.set_language("sv")


def test_a_catalog_changed_on_disk_is_read_afresh(tmp_path, monkeypatch):
    shutil.copytree(i18n.translations_dir(), tmp_path / "translations")
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path / "translations")
    monkeypatch.setattr(i18n, "_loaded", {})
    try:
        i18n.set_language("sv")
        assert i18n._("Cases") == "Ärenden"
        po = tmp_path / "translations" / "sv" / "LC_MESSAGES" / "sipdesk.po"
        text = po.read_text("utf-8").replace('msgstr "Ärenden"', 'msgstr "Ärendena"', 1)
        po.write_text(text, "utf-8")
        for name in ("sipdesk.mo",):
            mo = po.with_name(name)
            if mo.exists():
                mo.unlink()
        stamp = po.stat().st_mtime + 5
        os.utime(po, (stamp, stamp))
        i18n.set_language("sv")
        assert i18n._("Cases") == "Ärendena"
    finally:
        monkeypatch.undo()
        i18n.set_language("sv")
