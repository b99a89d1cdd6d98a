"""The identity's facts kept beside its archive (`identity.PREF_FACTS`): read from them it is the
identity the archive itself gives, for every kind of identity; facts that are stale, damaged or
missing are never trusted (the archive is read); an archive that cannot be opened at signing is
a clear refusal, and nothing is written."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sipdesk.export import identity
from tests.conftest import also_suppress, last_lines
from tests.export.pki import make_pki


def _described(store) -> identity.SigningIdentity:
    """The identity as the archive itself gives it (the slow way, no facts)."""
    blob = store.get_preference(identity.PREF_P12)
    password = store.get_preference(identity.PREF_P12_PASSWORD) or identity._keyring_get(
        identity._keyring_user(store)
    )
    kind = store.get_preference(identity.PREF_KIND)
    return identity._describe(base64.b64decode(blob), password.encode(), kind)


def _from_facts(store) -> identity.SigningIdentity | None:
    blob = store.get_preference(identity.PREF_P12)
    password = store.get_preference(identity.PREF_P12_PASSWORD) or identity._keyring_get(
        identity._keyring_user(store)
    )
    kind = store.get_preference(identity.PREF_KIND)
    return identity._from_facts(store, blob, password.encode(), kind)


@pytest.mark.parametrize("kind", ["self-signed", "own with chain", "own alone"])
def test_the_identity_from_its_facts_is_the_one_its_archive_gives(store, memory_keyring, kind):
    if kind == "self-signed":
        identity.ensure(store, "Maria Ek", "Familjebehandlare", "Socialtjänsten")
    else:
        pki = make_pki("Karin Holm")
        identity.import_pkcs12(store, pki.p12(b"pw", chain=kind == "own with chain"), "pw")
    fast = _from_facts(store)
    assert fast is not None  # the facts were kept when the identity was saved
    assert fast == _described(store) == identity.load(store)
    assert fast.signer_name in ("Maria Ek", "Karin Holm")


def test_facts_of_another_archive_are_not_used(store, memory_keyring):
    first = identity.ensure(store, "Maria Ek")
    facts = store.get_preference(identity.PREF_FACTS)
    second = identity.create_self_signed(store, "Karin Holm")
    assert second.fingerprint != first.fingerprint
    store.set_preference(identity.PREF_FACTS, facts)  # the first archive's facts, left behind
    assert identity.load(store) == second


@settings(max_examples=40, suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture))
@given(
    damage=st.one_of(
        st.text(max_size=30),
        st.builds(json.dumps, st.dictionaries(st.text(max_size=12), st.integers() | st.text())),
        st.sampled_from(
            ["subject", "fingerprint", "not_after", "not_before", "chain", "cert", "signer_name"]
        ).map(lambda key: ("drop", key)),  # fmt: skip
        st.sampled_from(["not_after", "chain", "cert", "not_before"]).map(lambda k: ("junk", k)),
    )
)
def test_damaged_facts_are_never_trusted(store, memory_keyring, damage):
    if not store.get_preference(identity.PREF_P12):
        identity.ensure(store, "Maria Ek")
    good = store.get_preference(identity.PREF_FACTS)
    if isinstance(damage, tuple):
        facts = json.loads(good)
        if damage[0] == "drop":
            facts.pop(damage[1])
        else:
            facts[damage[1]] = "ej ett värde ¤"
        damage = json.dumps(facts)
    store.set_preference(identity.PREF_FACTS, damage)
    try:
        assert identity.load(store) == _described(store)
    finally:
        store.set_preference(identity.PREF_FACTS, good)


def test_an_identity_saved_before_the_facts_gets_them_at_its_next_use(store, memory_keyring):
    made = identity.ensure(store, "Maria Ek")
    store.set_preference(identity.PREF_FACTS, "")  # as a store of the last version holds it
    assert _from_facts(store) is None
    assert identity.load(store) == made  # read from the archive meanwhile
    identity.ensure(store, "Maria Ek")
    assert _from_facts(store) == made


def test_removing_the_identity_removes_its_facts(store, memory_keyring):
    identity.ensure(store, "Maria Ek")
    identity.remove(store)
    assert store.get_preference(identity.PREF_FACTS) == ""
    assert identity.load(store) is None


def test_a_password_that_no_longer_opens_the_archive_refuses_the_signed_export(
    capsys, tmp_path, memory_keyring
):
    from sipdesk.cli import main
    from sipdesk.model.store import open_store
    from tests.conftest import DEMO

    assert main(["import", str(DEMO / "1-josef.json")]) == 0
    case_id = capsys.readouterr().out.strip()
    out = tmp_path / "plan.pdf"
    assert main(["export", case_id, "--format", "pdf", "--sign", "--out", str(out)]) == 0
    capsys.readouterr()
    # the keyring's entry for the archive's password replaced (another program, a restore)
    store = open_store(tmp_path / "data")
    user = identity._keyring_user(store)
    store.close()
    memory_keyring.set_password(identity.KEYRING_SERVICE, user, "fel-lösenord")
    again = tmp_path / "again.pdf"
    code = main(["export", case_id, "--format", "pdf", "--sign", "--out", str(again)])
    _out, err = capsys.readouterr()
    assert code != 0 and not again.exists()
    assert "oväntat" not in err.lower()
    assert "certifikat" in err.lower() and "importera" in err.lower()


FRESH = r"""
import sys
from pathlib import Path
import keyring
from tests.conftest import MemoryKeyring
keyring.set_keyring(MemoryKeyring())
from sipdesk.model.store import open_store
from sipdesk.export import identity
import tempfile
store = open_store(Path(tempfile.mkdtemp()))
identity.ensure(store, "Maria Ek")
for name in [m for m in sys.modules if m.startswith("cryptography")]:
    del sys.modules[name]
ident = identity.load(store)
print(ident.signer_name, "cryptography.hazmat.primitives.serialization.pkcs12" in sys.modules)
"""


def test_an_identity_with_facts_is_loaded_without_opening_the_archive():
    assert last_lines(FRESH, 1) == ["Maria Ek False"]
