"""The window imports keyring (and chooses its backend) before PySide for a store whose key is in
the keyring – what reading the key does anyway, earlier (issue 19: start-up) – and nothing of it
for a store opened with a passphrase; a store.json it cannot read is left for the opening to
report, as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import last_lines

ROOT = Path(__file__).resolve().parents[2]

PREPARE = r"""
import sys
from pathlib import Path
from sipdesk.model.store.keys import prepare_keyring
prepare_keyring(Path(sys.argv[1]) if len(sys.argv) > 1 else Path({folder!r}))
core = sys.modules.get("keyring.core")
print("keyring" in sys.modules, core is not None and core._keyring_backend is not None,
      "PySide6" in sys.modules)
"""


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"store_id": "s1", "key_mode": "keyring"}, "True True False"),
        ({"store_id": "s1", "key_mode": "passphrase"}, "False False False"),
        # a key change under way to the keyring: reading tries the keyring too
        ({"store_id": "s1", "key_mode": "passphrase", "rekey_to": "keyring"}, "True True False"),
        ({"store_id": "s1", "key_mode": "keyring", "rekey_to": "passphrase"}, "True True False"),
        (None, "False False False"),  # no store yet (the first start, the demo)
        ("{not json", "False False False"),  # damaged: the opening says so, as before
        ({"store_id": "s1", "key_mode": "telepathy"}, "False False False"),
    ],
    ids=["keyring", "passphrase", "to-keyring", "from-keyring", "none", "damaged", "unknown"],
)
def test_keyring_is_prepared_only_for_a_store_whose_key_is_there(tmp_path, meta, expected):
    folder = tmp_path / "store"
    folder.mkdir()
    if meta is not None:
        text = meta if isinstance(meta, str) else json.dumps(meta)
        (folder / "store.json").write_text(text, "utf-8")
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path / "home"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    code = PREPARE.format(folder=str(folder))
    assert last_lines(code, 1, env=env) == [expected]


def test_a_backend_that_fails_to_load_is_left_for_reading_the_key(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / "store.json").write_text(json.dumps({"store_id": "s1", "key_mode": "keyring"}))
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path / "home"),
        "PYTHON_KEYRING_BACKEND": "no_such_module.Keyring",
    }
    read = (
        "from sipdesk.model.store import keys\n"
        "try:\n    keys.keyring_get('s1', strict=True)\n"
        "except Exception as exc:\n    print(type(exc).__name__)\n"
    )
    first, prepared = last_lines(PREPARE.format(folder=str(folder)) + read, 2, env=env)
    assert first == "True False False"  # imported; no backend chosen, nothing raised
    assert last_lines(read, 1, env=env) == [prepared] == ["ModuleNotFoundError"]  # as before
