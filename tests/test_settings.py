from __future__ import annotations

import json

import pytest

from sipdesk.settings import Settings


def test_defaults_set_and_reload(tmp_path):
    path = tmp_path / "cfg" / "settings.json"
    s = Settings(path)
    assert s.get("language") == "sv"
    s.set("language", "en")
    assert Settings(path).get("language") == "en"


def test_wrong_types_and_unknown_keys_are_ignored(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"language": 5, "nonsense": True}))
    s = Settings(path)
    assert s.get("language") == "sv"
    with pytest.raises(TypeError):
        s.set("language", 3)


def test_broken_file_falls_back_to_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{broken")
    assert Settings(path).get("language") == "sv"


def test_two_settings_objects_do_not_undo_each_other(tmp_path):
    path = tmp_path / "settings.json"
    a, b = Settings(path), Settings(path)
    a.set("language", "en")
    b.set("window.geometry", "abcd")
    fresh = Settings(path)
    assert fresh.get("language") == "en" and fresh.get("window.geometry") == "abcd"
