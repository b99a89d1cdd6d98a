"""A small PKI made in the tests with `cryptography`: root → intermediate → the chair's certificate,
as a chair's organisation would hand it out in a PKCS#12 file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID

NOW = dt.datetime.now(dt.UTC)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _usage(ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def certificate(
    subject: str | x509.Name,
    key,
    issuer: x509.Certificate | None = None,
    issuer_key=None,
    *,
    ca: bool = False,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> x509.Certificate:
    name = subject if isinstance(subject, x509.Name) else _name(subject)
    issuer_name = issuer.subject if issuer is not None else name
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or NOW - dt.timedelta(days=1))
        .not_valid_after(not_after or NOW + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(_usage(ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.public_key()),
            critical=False,
        )
    return builder.sign(issuer_key or key, hashes.SHA256())


@dataclass
class Pki:
    root: x509.Certificate
    intermediate: x509.Certificate
    chair: x509.Certificate
    chair_key: object

    def p12(self, password: bytes, chain: bool = True) -> bytes:
        cas = [self.intermediate, self.root] if chain else None
        return pkcs12.serialize_key_and_certificates(
            b"chair", self.chair_key, self.chair, cas, BestAvailableEncryption(password)
        )


def make_pki(
    chair_name: str = "Maria Ek",
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> Pki:
    root_key = ec.generate_private_key(ec.SECP256R1())
    root = certificate(
        "Testregionen Rot-CA", root_key, ca=True, not_after=NOW + dt.timedelta(days=3650)
    )
    mid_key = ec.generate_private_key(ec.SECP256R1())
    mid = certificate(
        "Testregionen Utfärdar-CA",
        mid_key,
        root,
        root_key,
        ca=True,
        not_after=NOW + dt.timedelta(days=1800),
    )
    chair_key = ec.generate_private_key(ec.SECP256R1())
    chair = certificate(
        chair_name, chair_key, mid, mid_key, not_before=not_before, not_after=not_after
    )
    return Pki(root, mid, chair, chair_key)
