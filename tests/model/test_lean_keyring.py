"""keyring is imported without `urllib.request` (issue 19: start-up): the
store's key is read and written through the keyring as before, nothing imports the two modules,
and where keyring's helper library uses them they are the real ones."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import last_lines

READ_AND_WRITE = r"""
import sys
from sipdesk.model.store import keys, lean_keyring
keyring = lean_keyring.keyring()  # as the store's key is read at start-up
from keyring.backend import KeyringBackend

class Memory(KeyringBackend):
    priority = 1
    def __init__(self):
        self.kept = {}
    def get_password(self, service, user):
        return self.kept.get((service, user))
    def set_password(self, service, user, secret):
        self.kept[(service, user)] = secret
    def delete_password(self, service, user):
        self.kept.pop((service, user), None)

keyring.set_keyring(Memory())
assert lean_keyring.keyring() is keyring is sys.modules['keyring']
assert keys.keyring_try_store("store-1", "00ff" * 16)
print(keys.keyring_get("store-1") == "00ff" * 16, "urllib.request" in sys.modules,
      "http.client" in sys.modules, "importlib_metadata" in sys.modules,
      "more_itertools" in sys.modules, "subprocess" in sys.modules)
import jaraco.context as helper
request = helper.urllib.request.Request("http://127.0.0.1:9/")  # the real module, on use
import urllib.request
print(type(request) is urllib.request.Request, sys.modules["urllib"].request is urllib.request,
      helper.urllib.request is urllib.request)
"""


def test_the_keyring_works_without_importing_what_it_never_uses_here():
    root = Path(__file__).resolve().parents[2]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), "HOME": str(root / "tests")}
    first, second = last_lines(READ_AND_WRITE, env=env)
    assert first == "True False False False False False"  # the key read back; none of the helpers
    assert second == "True True True"  # where the helper uses them: the real modules


DETECT = r"""
import sys
from sipdesk.model.store import lean_keyring
keyring = lean_keyring.keyring()
import keyring.backend
# the backends keyring registers through entry points (the chainer is one of them)
found = {type(k).__module__ for k in keyring.backend.get_all_keyring()}
import importlib_metadata, more_itertools
print("keyring.backends.chainer" in found, "keyring.backends.fail" in found,
      not getattr(sys.modules["importlib_metadata"], "_sipdesk_stand_in", False),
      hasattr(importlib_metadata, "entry_points"), hasattr(more_itertools, "consume"))
"""


def test_with_no_backend_chosen_keyring_still_finds_its_backends_by_entry_points():
    """The deferred entry-point library is the real one the moment keyring asks for backends."""
    root = Path(__file__).resolve().parents[2]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), "HOME": str(root / "tests")}
    (line,) = last_lines(DETECT, n=1, env=env)
    assert line == "True True True True True"
