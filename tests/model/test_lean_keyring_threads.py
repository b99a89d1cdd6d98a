"""keyring's deferred helper modules (issue 19: `subprocess`, `importlib_metadata`, …) are
stand-ins until first used. Two threads using one at once – keyring's first look for its backends
in a worker while the window uses it too – must both get the one real module, complete: not
the module while the other thread is still running its body (an AttributeError), nor a second
copy (its exception classes would not catch the first's)."""

from __future__ import annotations

import sys
import textwrap
import threading

import pytest

from sipdesk.model.store import lean_keyring

NAME = "sipdesk_review_slow_module"


@pytest.fixture
def slow_module(tmp_path, monkeypatch):
    """A module whose body takes a while (as a large one's does), with its stand-in."""
    (tmp_path / f"{NAME}.py").write_text(
        textwrap.dedent(
            """
            import time
            import builtins
            builtins._sipdesk_review_started.set()
            time.sleep(0.5)
            class Failure(Exception):
                pass
            VALUE = 42
            """
        )
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import builtins

    monkeypatch.setattr(builtins, "_sipdesk_review_started", threading.Event(), raising=False)
    sys.modules.pop(NAME, None)
    yield lean_keyring._stand_in(NAME), builtins._sipdesk_review_started
    sys.modules.pop(NAME, None)


def test_two_threads_using_a_stand_in_at_once_get_the_one_real_module(slow_module):
    stand_in, started = slow_module
    got: dict[str, object] = {}

    def use(label: str) -> None:
        try:
            got[label] = (stand_in.VALUE, stand_in.Failure)
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            got[label] = exc

    first = threading.Thread(target=use, args=("first",))
    first.start()
    assert started.wait(10)  # the first thread is running the module's body
    use("second")
    first.join(30)
    assert not isinstance(got["second"], BaseException), got["second"]
    assert not isinstance(got["first"], BaseException), got["first"]
    assert got["first"] == got["second"]  # one module: the same exception class
    assert got["first"][0] == 42 and got["first"][1] is sys.modules[NAME].Failure
