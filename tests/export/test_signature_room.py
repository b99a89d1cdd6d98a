"""The room reserved for the signature in the PDF (`signing.reserved_for`) holds the signature of
every kind of identity a chair can bring: EC and RSA keys of each usual size, with and without
the issuers' certificates, under long and many-part names – and wastes little.

Without the bound pyHanko signs twice (a dummy signature to learn the size); a bound too small
would make every export with such an identity fail."""

from __future__ import annotations

import functools
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sipdesk.export import identity, pdf, verify
from sipdesk.export.document import plan_document
from sipdesk.export.signing import reserved_for, sign_pdf
from tests.conftest import also_suppress
from tests.export.helpers import demo_case
from tests.export.pki import certificate

KEYS = {
    "ec-p256": lambda: ec.generate_private_key(ec.SECP256R1()),
    "ec-p384": lambda: ec.generate_private_key(ec.SECP384R1()),
    "ec-p521": lambda: ec.generate_private_key(ec.SECP521R1()),
    "rsa-2048": lambda: rsa.generate_private_key(65537, 2048),
    "rsa-3072": lambda: rsa.generate_private_key(65537, 3072),
    "rsa-4096": lambda: rsa.generate_private_key(65537, 4096),
}
# making three RSA-4096 keys takes 5–10 s on a loaded machine: a long variant (SIPDESK_SLOW=1)
KINDS = [pytest.param(k, marks=pytest.mark.slow) if k == "rsa-4096" else k for k in KEYS]


@pytest.fixture(scope="module")
def rendered():
    return pdf.render(plan_document(demo_case("1-josef"), stamp_caption="Signerad"))


@functools.cache
def _key(kind: str, role: str):
    """One key of `kind` per role (root, issuer, chair): RSA-4096 takes a second to make."""
    return KEYS[kind]()


def _name(cn: str, parts: int = 0, part_len: int = 8) -> x509.Name:
    """A common name and `parts` organisational units of `part_len` characters each."""
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    attrs += [
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"Enhet {i} " + "å" * part_len)
        for i in range(parts)
    ]
    return x509.Name(attrs)


def _p12(key_kind: str, chain: bool, parts: int, part_len: int) -> bytes:
    """A chair's PKCS#12: `key_kind` for every key of the chain, the names `parts` long."""
    root_key, mid_key, key = (_key(key_kind, role) for role in ("root", "issuer", "chair"))
    root_name = _name("Testregionen Rot-CA", parts, part_len)
    mid_name = _name("Testregionen Utfärdar-CA", parts, part_len)
    root = certificate(root_name, root_key, ca=True)
    mid = certificate(mid_name, mid_key, root, root_key, ca=True)
    chair = certificate(_name("Maria Ek", parts, part_len), key, mid, mid_key)
    cas = [mid, root] if chain else None
    return pkcs12.serialize_key_and_certificates(
        b"chair", key, chair, cas, BestAvailableEncryption(b"pw")
    )


def _sign_and_check(store, rendered, p12: bytes) -> None:
    ident = identity.import_pkcs12(store, p12, "pw")
    signed = sign_pdf(rendered.pdf, rendered.stamp, ident)
    result = verify.verify_bytes(signed)
    assert result.ok and result.signatures[0].fingerprint == ident.fingerprint
    # the signature fits with little to spare: the room is at most the bound, and the bound
    # is not wildly larger than what was needed (the PKCS#12 archive plus one certificate)
    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    contents = sig.sig_object["/Contents"]
    used = len(sig.signed_data.dump()) if hasattr(sig, "signed_data") else len(contents)
    assert len(contents) * 2 == reserved_for(ident)
    assert used <= len(contents)
    # (the archive holds the signer's certificate; the bound adds it twice more)
    assert reserved_for(ident) <= 2 * (3 * len(p12) + 4096)


@pytest.mark.parametrize("chain", [False, True], ids=["alone", "with-chain"])
@pytest.mark.parametrize("key_kind", KINDS)
def test_every_key_kind_with_and_without_its_chain_fits(
    store, memory_keyring, rendered, key_kind, chain
):
    _sign_and_check(store, rendered, _p12(key_kind, chain, parts=2, part_len=12))


@settings(max_examples=8, suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture))
@given(parts=st.integers(0, 12), part_len=st.integers(1, 60), chain=st.booleans())
def test_long_and_many_part_names_fit(store, memory_keyring, rendered, parts, part_len, chain):
    # names stay in the issuer and serial that the signature repeats (SignerIdentifier, ESS
    # signing-certificate-v2): the parts of a name the signature carries most often
    _sign_and_check(store, rendered, _p12("ec-p256", chain, parts, part_len))


def _p12_named(subject: x509.Name, issuer: x509.Name, chain: bool) -> bytes:
    root_key, key = _key("ec-p256", "issuer"), _key("ec-p256", "chair")
    ca = certificate(issuer, root_key, ca=True)
    chair = certificate(subject, key, ca, root_key)
    return pkcs12.serialize_key_and_certificates(
        b"chair", key, chair, [ca] if chain else None, BestAvailableEncryption(b"pw")
    )


@settings(max_examples=6, suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture))
@given(
    subject_parts=st.integers(0, 4),
    issuer_parts=st.integers(0, 40),
    part_len=st.integers(1, 60),
    chain=st.booleans(),
)
@example(subject_parts=0, issuer_parts=30, part_len=60, chain=False)  # 2 KB CA name, short signer
@example(subject_parts=0, issuer_parts=20, part_len=60, chain=True)
def test_a_long_issuer_name_over_a_short_signer_name_fits(
    store, memory_keyring, rendered, subject_parts, issuer_parts, part_len, chain
):
    # the issuer's name is in the signature twice besides the certificate (SignerIdentifier and
    # ESS signing-certificate-v2): the bound must hold it twice even when the signer's own
    # name is short and the CA's certificate is not in the archive
    subject = _name("Maria Ek", subject_parts, part_len)
    issuer = _name("Testregionen Utfärdar-CA", issuer_parts, part_len)
    _sign_and_check(store, rendered, _p12_named(subject, issuer, chain))
