"""Signing and verifying: the signature validates, any changed byte is caught, the key is safe."""

from __future__ import annotations

import base64

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sipdesk.export import identity, pdf, verify
from sipdesk.export.document import plan_document
from sipdesk.export.signing import sign_pdf, verify_hint
from tests.export.helpers import demo_case, pdf_text, squash


@pytest.fixture(scope="module")
def signed_josef(tmp_path_factory):
    """Josef's plan signed with a fresh self-made identity (built once: signing takes ~0.2 s)."""
    import keyring

    from sipdesk.model.store import open_store
    from tests.conftest import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    store = open_store(tmp_path_factory.mktemp("sign-store"))
    try:
        ident = identity.ensure(store, "Maria Ek", "Familjebehandlare", "Socialtjänsten")
        doc = plan_document(demo_case("1-josef"), stamp_caption=verify_hint(ident.fingerprint))
        rendered = pdf.render(doc)
        signed = sign_pdf(rendered.pdf, rendered.stamp, ident)
        yield signed, ident, rendered
    finally:
        store.close()
        keyring.set_keyring(previous)


def test_signed_plan_verifies_with_signer_time_and_fingerprint(signed_josef):
    data, ident, _rendered = signed_josef
    result = verify.verify_bytes(data)
    assert result.ok and result.signed and not result.problems
    assert result.signer == "Maria Ek"
    assert result.fingerprint == ident.fingerprint
    assert result.signed_at is not None
    text = verify.report(result)
    assert "OFÖRÄNDRAD" in text and ident.fingerprint in text


def test_pdf_prints_how_to_verify_and_the_fingerprint(signed_josef, tmp_path):
    data, ident, _rendered = signed_josef
    text = squash(pdf_text(data, tmp_path))
    assert "sipdesk verify" in text
    assert squash(ident.fingerprint) in text  # in the verify line
    assert "Digitalt signerad av Maria Ek" in text  # the stamp, in the TTF


def test_unsigned_pdf_does_not_verify(signed_josef):
    _data, _ident, rendered = signed_josef
    result = verify.verify_bytes(rendered.pdf)
    assert not result.ok and not result.signed


def test_appended_bytes_do_not_verify(signed_josef):
    data, _ident, _rendered = signed_josef
    result = verify.verify_bytes(data + b"\n% appended\n")
    assert not result.ok


@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.floats(0, 1, exclude_max=True), bit=st.integers(0, 7))
def test_one_changed_byte_anywhere_fails(signed_josef, position, bit):
    data, _ident, _rendered = signed_josef
    tampered = bytearray(data)
    tampered[int(position * len(data))] ^= 1 << bit
    assert not verify.verify_bytes(bytes(tampered)).ok


def test_changed_byte_in_the_signature_padding_fails(signed_josef):
    data, _ident, _rendered = signed_josef
    # the /Contents hex string ends in zero padding; flip its last digit
    end = data.index(b">", data.index(b"/Contents <") + 11)
    tampered = bytearray(data)
    tampered[end - 1] = ord("1")
    assert not verify.verify_bytes(bytes(tampered)).ok


def test_identity_is_kept_encrypted_and_reused(store, memory_keyring):
    ident = identity.ensure(store, "Maria Ek")
    blob = base64.b64decode(store.get_preference(identity.PREF_P12))
    # the archive alone does not open: its password is in the keyring, not in the store
    from cryptography.hazmat.primitives.serialization import pkcs12

    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(blob, None)
    assert store.get_preference(identity.PREF_P12_PASSWORD) == ""
    assert any(user.startswith("signing-p12:") for _s, user in memory_keyring.secrets)
    again = identity.ensure(store, "Someone Else")
    assert again.fingerprint == ident.fingerprint and again.kind == "self-signed"


def test_without_keyring_the_password_stays_inside_the_encrypted_store(store, monkeypatch):
    monkeypatch.setattr(identity, "_keyring_set", lambda user, secret: False)
    monkeypatch.setattr(identity, "_keyring_get", lambda user: None)
    ident = identity.ensure(store, "Maria Ek")
    assert store.get_preference(identity.PREF_P12_PASSWORD)
    assert identity.load(store).fingerprint == ident.fingerprint


def test_import_own_pkcs12_keeps_no_user_password(store, memory_keyring, tmp_path):
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    source = identity.create_self_signed(store, "Łukasz Nowak", "Psykolog", "Primärvården")
    key, cert, _extra = pkcs12.load_key_and_certificates(source.p12, source.password)
    own = pkcs12.serialize_key_and_certificates(
        b"own", key, cert, None, BestAvailableEncryption(b"mitt-hemliga")
    )
    identity.remove(store)
    with pytest.raises(identity.IdentityError, match="fel lösenord"):
        identity.import_pkcs12(store, own, "fel")
    imported = identity.import_pkcs12(store, own, "mitt-hemliga")
    assert imported.kind == "own" and imported.subject == "Łukasz Nowak"
    assert imported.fingerprint == source.fingerprint
    assert "mitt-hemliga" not in memory_keyring.secrets.values()
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(
            base64.b64decode(store.get_preference(identity.PREF_P12)), b"mitt-hemliga"
        )


def test_missing_keyring_password_says_what_to_do(store, memory_keyring):
    identity.ensure(store, "Maria Ek")
    memory_keyring.secrets.clear()
    with pytest.raises(identity.IdentityError, match="Importera"):
        identity.load(store)


def test_fingerprint_is_sha256_in_groups():
    fp = identity.fingerprint_of(b"x")
    assert len(fp.split(" ")) == 16 and all(len(g) == 4 for g in fp.split(" "))


def test_stamp_font_is_the_latin_cut_unless_a_name_needs_more():
    from sipdesk.export.signing import stamp_font

    assert stamp_font("Digitalt signerad av Łukasz Nguyễn Ørjan Özdemir\n12:00").endswith(
        "DejaVuSans-Stamp.ttf"
    )
    assert stamp_font("Digitalt signerad av Ольга").endswith("DejaVuSans.ttf")


def test_stamp_cut_covers_what_it_claims():
    from fontTools.ttLib import TTFont

    from sipdesk.export.pdf import fonts_dir
    from sipdesk.export.signing import STAMP_RANGES

    cmap = TTFont(fonts_dir() / "DejaVuSans-Stamp.ttf").getBestCmap()
    full = TTFont(fonts_dir() / "DejaVuSans.ttf").getBestCmap()
    wanted = {c for lo, hi in STAMP_RANGES for c in range(lo, hi + 1) if c in full}
    assert wanted <= set(cmap)


def test_changes_to_the_unsigned_container_fail(signed_josef):
    """The CMS container's framing is outside what the signature covers: its version, a hex
    digit's case, a length – each must still make verification fail."""
    data, _ident, _rendered = signed_josef
    start = data.index(b"/Contents <") + len(b"/Contents <")
    # SignedData's version is the first INTEGER inside the container: "020101" -> "020111"
    version = data.index(b"020101", start)
    changed = bytearray(data)
    changed[version + 4] = ord("1")
    assert not verify.verify_bytes(bytes(changed)).ok
    # the same hex digits in lower case decode to the same bytes, but the file has changed
    letter = next(i for i in range(start, start + 200) if data[i : i + 1] in b"ABCDEF")
    changed = bytearray(data)
    changed[letter] = data[letter] | 0x20
    assert not verify.verify_bytes(bytes(changed)).ok
