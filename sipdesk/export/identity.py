"""The chair's signing identity: their own PKCS#12 certificate, or one SipDesk makes on first use.

At rest the identity is a PKCS#12 archive in the encrypted store's preferences (SQLCipher), and
the archive is itself encrypted with a random password kept in the OS keyring – so the private
key is never on disk in plaintext, and a copy of the database alone does not give the key.
Without an OS keyring (passphrase-protected stores) the random password sits beside the archive
in the same encrypted store; the store's passphrase then guards both. The chair's own PKCS#12
password is used once, at import, and not kept: the archive is re-encrypted with the random one.

`cryptography` (a pyHanko dependency) does the key work; nothing here imports pyHanko.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from sipdesk.i18n import _
from sipdesk.model.store import Store
from sipdesk.model.store.keys import KEYRING_SERVICE, StoreMeta

log = logging.getLogger(__name__)

PREF_P12 = "signing.p12"
PREF_P12_PASSWORD = "signing.p12_password"  # only when no OS keyring is available
PREF_KIND = "signing.kind"  # "own" (imported) or "self-signed"
SELF_SIGNED_YEARS = 5


class IdentityError(Exception):
    """A certificate that cannot be used; the message says what to do."""


@dataclass(frozen=True)
class SigningIdentity:
    """A loaded identity: the PKCS#12 archive and its password, in memory only."""

    p12: bytes
    password: bytes
    kind: str  # "own" or "self-signed"
    subject: str
    fingerprint: str  # SHA-256 of the certificate, "AB12 CD34 …"
    not_after: dt.datetime


def fingerprint_of(cert_der: bytes) -> str:
    """SHA-256 of a certificate in groups of four hex digits, as printed and shown everywhere."""
    digest = hashlib.sha256(cert_der).hexdigest().upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def _keyring_user(store: Store) -> str | None:
    meta = StoreMeta.load(store.data_dir)
    return f"signing-p12:{meta.store_id}" if meta else None


def _keyring_get(user: str | None) -> str | None:
    if user is None:
        return None
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, user)
    except (KeyringError, RuntimeError):
        return None


def _keyring_set(user: str | None, secret: str) -> bool:
    if user is None:
        return False
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, user, secret)
    except (KeyringError, RuntimeError):
        return False
    return True


def _describe(p12: bytes, password: bytes, kind: str) -> SigningIdentity:
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
    from cryptography.x509.oid import NameOID

    try:
        key, cert, _extra = pkcs12.load_key_and_certificates(p12, password)
    except ValueError as exc:
        raise IdentityError(
            _("The certificate file could not be opened: wrong password, or not a PKCS#12 file.")
        ) from exc
    if key is None or cert is None:
        raise IdentityError(
            _(
                "The certificate file holds no private key and certificate; export it again with both."
            )
        )
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    subject = str(names[0].value) if names else cert.subject.rfc4514_string()
    return SigningIdentity(
        p12=p12,
        password=password,
        kind=kind,
        subject=subject,
        fingerprint=fingerprint_of(cert.public_bytes(Encoding.DER)),
        not_after=cert.not_valid_after_utc,
    )


def _save(store: Store, key, cert, kind: str) -> SigningIdentity:
    """Encrypt key + certificate with a fresh random password and keep them in the store."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    password = secrets.token_hex(32)
    p12 = pkcs12.serialize_key_and_certificates(
        b"sipdesk-signing", key, cert, None, BestAvailableEncryption(password.encode())
    )
    if _keyring_set(_keyring_user(store), password):
        store.set_preference(PREF_P12_PASSWORD, "")
    else:
        store.set_preference(PREF_P12_PASSWORD, password)
    store.set_preference(PREF_P12, base64.b64encode(p12).decode("ascii"))
    store.set_preference(PREF_KIND, kind)
    log.info("signing identity saved (%s)", kind)
    return _describe(p12, password.encode(), kind)


def load(store: Store) -> SigningIdentity | None:
    """The stored identity, or None when there is none yet."""
    blob = store.get_preference(PREF_P12)
    if not blob:
        return None
    password = store.get_preference(PREF_P12_PASSWORD) or _keyring_get(_keyring_user(store))
    if not password:
        raise IdentityError(
            _(
                "The signing certificate's password is missing from the OS keyring. Import your "
                "certificate again, or remove the identity to let SipDesk make a new one."
            )
        )
    return _describe(base64.b64decode(blob), password.encode(), store.get_preference(PREF_KIND))


def import_pkcs12(store: Store, data: bytes, password: str) -> SigningIdentity:
    """Take the chair's own PKCS#12 (imported once); their password is not kept."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, cert, _extra = pkcs12.load_key_and_certificates(data, password.encode() or None)
    except ValueError as exc:
        raise IdentityError(
            _("The certificate file could not be opened: wrong password, or not a PKCS#12 file.")
        ) from exc
    if key is None or cert is None:
        raise IdentityError(
            _(
                "The certificate file holds no private key and certificate; export it again with both."
            )
        )
    return _save(store, key, cert, "own")


def create_self_signed(
    store: Store, name: str, title: str = "", organisation: str = ""
) -> SigningIdentity:
    """Make a self-signed identity for the chair (EC P-256; fast to sign with)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    if not name.strip():
        raise IdentityError(
            _(
                "The chair's name is needed for a signature: set it in the settings or on the meeting."
            )
        )
    key = ec.generate_private_key(ec.SECP256R1())
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, name.strip())]
    if title.strip():
        attrs.append(x509.NameAttribute(NameOID.TITLE, title.strip()))
    if organisation.strip():
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation.strip()[:64]))
    subject = x509.Name(attrs)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * SELF_SIGNED_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return _save(store, key, cert, "self-signed")


def ensure(store: Store, name: str, title: str = "", organisation: str = "") -> SigningIdentity:
    """The stored identity, made (self-signed, for `name`) on first use."""
    identity = load(store)
    if identity is None:
        identity = create_self_signed(store, name, title, organisation)
    return identity


def remove(store: Store) -> None:
    """Forget the identity (a new self-signed one is made at the next signed export)."""
    store.set_preference(PREF_P12, "")
    store.set_preference(PREF_P12_PASSWORD, "")
    store.set_preference(PREF_KIND, "")
