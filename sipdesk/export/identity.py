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
import json
import logging
import secrets
import warnings
from dataclasses import dataclass

from sipdesk.i18n import _
from sipdesk.model.store import Store
from sipdesk.model.store.keys import KEYRING_SERVICE, StoreMeta

log = logging.getLogger(__name__)

PREF_P12 = "signing.p12"
PREF_P12_PASSWORD = "signing.p12_password"  # only when no OS keyring is available
PREF_KIND = "signing.kind"  # "own" (imported) or "self-signed"
# What the archive holds that is not secret (the certificate, its fingerprint, names, validity),
# with the SHA-256 of the archive it was read from: a signed export reads them here and leaves
# opening the archive to the signing (PKCS#12's key derivation, and `cryptography`'s import,
# once per export instead of twice). Stale or unreadable: the archive is read as before.
PREF_FACTS = "signing.facts"
# Every certificate this store has signed with (fingerprint, name, the certificate itself – no
# key): `sipdesk verify` tells a plan signed here from one signed by a look-alike certificate,
# and a renewed identity leaves its predecessor here for verifying older plans.
PREF_KNOWN = "signing.known"
SELF_SIGNED_YEARS = 5
WARN_DAYS = 30  # warn in the window and at import this long before the certificate runs out
RENEW_DAYS = 60  # a self-made identity is replaced by a new one this long before it runs out


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
    not_before: dt.datetime | None = None
    chain: int = 0  # further certificates (intermediates, root) embedded with every signature
    cert_der: bytes = b""
    signer_name: str = ""  # the stamp's name for the signer, as pyHanko gives it (signer_name_of)


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
    from sipdesk.model.store import lean_keyring

    keyring = lean_keyring.keyring()  # without its unused download helpers (lean_keyring.py)
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, user)
    except (KeyringError, RuntimeError):
        return None


def _keyring_set(user: str | None, secret: str) -> bool:
    if user is None:
        return False
    from sipdesk.model.store import lean_keyring

    keyring = lean_keyring.keyring()
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, user, secret)
    except (KeyringError, RuntimeError):
        return False
    return True


def signer_name_of(subject) -> str:
    """The signer's name as pyHanko gives it (`Signer.subject_name`), from a `cryptography`
    x509.Name: the common name – the organisation when there is none – and " <address>" when
    the subject holds an e-mail address (its domain in Unicode, as asn1crypto decodes it).
    Several values of one attribute are joined with ", " (pyHanko would print a list). A subject
    with neither name but an address gives the address (pyHanko gives nothing); "" else."""
    from cryptography.x509.oid import NameOID

    def values(oid) -> str:
        with warnings.catch_warnings():  # a common name past 64 bytes: see _common_name
            warnings.simplefilter("ignore")
            return ", ".join(str(a.value) for a in subject.get_attributes_for_oid(oid))

    name = values(NameOID.COMMON_NAME) or values(NameOID.ORGANIZATION_NAME)
    email = values(NameOID.EMAIL_ADDRESS)
    mailbox, at, host = email.rpartition("@")
    if at:  # asn1crypto, for pyHanko, shows an international domain name in its letters
        try:
            email = mailbox + at + host.encode("ascii").decode("idna")
        except UnicodeError:
            pass
    return f"{name} <{email}>" if name and email else name or email


def _facts_key(blob: str) -> str:
    return hashlib.sha256(blob.encode("ascii")).hexdigest()


def _keep_facts(store: Store, identity: SigningIdentity, blob: str) -> None:
    facts = {
        "p12": _facts_key(blob),
        "subject": identity.subject,
        "fingerprint": identity.fingerprint,
        "not_after": identity.not_after.isoformat(),
        "not_before": identity.not_before.isoformat() if identity.not_before else None,
        "chain": identity.chain,
        "cert": base64.b64encode(identity.cert_der).decode("ascii"),
        "signer_name": identity.signer_name,
    }
    store.set_preference(PREF_FACTS, json.dumps(facts, ensure_ascii=False, sort_keys=True))


def _from_facts(store: Store, blob: str, password: bytes, kind: str) -> SigningIdentity | None:
    """The identity from PREF_FACTS, when they were read from this very archive; else None."""
    try:
        facts = json.loads(store.get_preference(PREF_FACTS) or "{}")
        if not isinstance(facts, dict) or facts.get("p12") != _facts_key(blob):
            return None
        before = facts["not_before"]
        return SigningIdentity(
            p12=base64.b64decode(blob),
            password=password,
            kind=kind,
            subject=str(facts["subject"]),
            fingerprint=str(facts["fingerprint"]),
            not_after=dt.datetime.fromisoformat(facts["not_after"]),
            not_before=dt.datetime.fromisoformat(before) if before else None,
            chain=int(facts["chain"]),
            cert_der=base64.b64decode(facts["cert"], validate=True),
            signer_name=str(facts["signer_name"]),
        )
    except (ValueError, KeyError, TypeError):
        return None


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
    try:
        with warnings.catch_warnings():  # a common name past 64 UTF-8 bytes: see _common_name
            warnings.simplefilter("ignore")
            names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
            subject = str(names[0].value) if names else cert.subject.rfc4514_string()
        signer_name = signer_name_of(cert.subject)
    except ValueError as exc:  # e.g. a TeletexString of Latin-1 bytes: cryptography reads UTF-8
        raise IdentityError(
            _(
                "The certificate holds a name SipDesk cannot read (an old text encoding). Ask "
                "the issuer for a certificate with the name in UTF-8. Nothing was changed."
            )
        ) from exc
    der = cert.public_bytes(Encoding.DER)
    return SigningIdentity(
        signer_name=signer_name,
        p12=p12,
        password=password,
        kind=kind,
        subject=subject,
        fingerprint=fingerprint_of(der),
        not_after=cert.not_valid_after_utc,
        not_before=cert.not_valid_before_utc,
        chain=len(_extra or ()),
        cert_der=der,
    )


def _save(store: Store, key, cert, kind: str, chain=()) -> SigningIdentity:
    """Encrypt key + certificate (and the issuers' certificates that came with it, so every
    signature carries the whole chain) with a fresh random password and keep them in the store."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    password = secrets.token_hex(32)
    p12 = pkcs12.serialize_key_and_certificates(
        b"sipdesk-signing",
        key,
        cert,
        list(chain) or None,
        BestAvailableEncryption(password.encode()),
    )
    identity = _describe(p12, password.encode(), kind)  # refused here: nothing is replaced
    if _keyring_set(_keyring_user(store), password):
        store.set_preference(PREF_P12_PASSWORD, "")
    else:
        store.set_preference(PREF_P12_PASSWORD, password)
    blob = base64.b64encode(p12).decode("ascii")
    store.set_preference(PREF_P12, blob)
    store.set_preference(PREF_KIND, kind)
    log.info("signing identity saved (%s)", kind)
    _keep_facts(store, identity, blob)
    remember(store, identity)
    return identity


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
    kind = store.get_preference(PREF_KIND)
    known = _from_facts(store, blob, password.encode(), kind)
    if known is not None:
        return known
    return _describe(base64.b64decode(blob), password.encode(), kind)


def _facts_missing(store: Store) -> bool:
    blob = store.get_preference(PREF_P12)
    return bool(blob) and _from_facts(store, blob, b"", "") is None


def import_pkcs12(
    store: Store, data: bytes, password: str, now: dt.datetime | None = None
) -> SigningIdentity:
    """Take the chair's own PKCS#12 (imported once) with every certificate it carries (the
    issuing CA and the root: receivers who trust the root then trust the signature); their
    password is not kept. An expired certificate is refused and the present identity kept."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password.encode() or None)
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
    now = now or dt.datetime.now(dt.UTC)
    if cert.not_valid_after_utc < now:
        raise IdentityError(
            _(
                "This certificate expired on {date} and cannot sign. Ask your organisation's "
                "certificate issuer for a renewed one and import that. Nothing was changed."
            ).format(date=_local_date(cert.not_valid_after_utc))
        )
    return _save(store, key, cert, "own", extra)


NAME_MAX = 64  # X.509's upper bound for a common name (RFC 5280, ub-common-name)


def check_signer_name(name: str) -> None:
    """Refuse, before anything is made or written, a chair's name a certificate cannot hold or
    the signature stamp cannot print – naming the field and the character."""
    from sipdesk.export import textlayout as tl

    name = name.strip()
    if len(name) > NAME_MAX:
        raise IdentityError(
            _(
                "The chair's name: {n} characters, more than the {max} a signing certificate holds. "
                "Shorten it in the chair's details and try again. Nothing was saved."
            ).format(n=len(name), max=NAME_MAX)
        )
    missing = tl.unprintable(name)
    if missing:
        raise IdentityError(
            _(
                "The chair's name: the character {chars} cannot be printed on the signature stamp "
                "– no font in SipDesk has it. Replace it and try again. Nothing was saved."
            ).format(chars=", ".join(tl.describe_char(c) for c in missing))
        )


def _common_name(name: str):
    """The certificate's common name. RFC 5280 bounds it at 64 *characters*; cryptography
    checks 64 UTF-8 *bytes*, which would refuse an Ethiopic or Thai name of 22 letters and an
    Arabic one of 33. `check_signer_name` holds the RFC's bound; past cryptography's, its own
    check is turned off (the `_validate` switch it keeps for certificates read from elsewhere)."""
    import warnings

    from cryptography import x509
    from cryptography.x509.oid import NameOID

    if len(name.encode("utf-8")) <= NAME_MAX:
        return x509.NameAttribute(NameOID.COMMON_NAME, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return x509.NameAttribute(NameOID.COMMON_NAME, name, _validate=False)
        except TypeError:  # pragma: no cover - a cryptography without the switch
            raise IdentityError(
                _(
                    "The chair's name: {n} characters, more than the {max} a signing certificate "
                    "holds. Shorten it in the chair's details and try again. Nothing was saved."
                ).format(n=len(name.encode("utf-8")), max=NAME_MAX)
            ) from None


def create_self_signed(
    store: Store,
    name: str,
    title: str = "",
    organisation: str = "",
    now: dt.datetime | None = None,
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
    check_signer_name(name)
    key = ec.generate_private_key(ec.SECP256R1())
    attrs = [_common_name(name.strip())]
    if title.strip():
        attrs.append(x509.NameAttribute(NameOID.TITLE, title.strip()))
    if organisation.strip():
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation.strip()[:64]))
    subject = x509.Name(attrs)
    now = now or dt.datetime.now(dt.UTC)
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


def ensure(
    store: Store,
    name: str,
    title: str = "",
    organisation: str = "",
    now: dt.datetime | None = None,
) -> SigningIdentity:
    """The identity to sign with: made (self-signed, for `name`) on first use, renewed when a
    self-made one is within RENEW_DAYS of running out (the old certificate stays known, for
    verifying older plans). Raises IdentityError when the certificate cannot sign now."""
    now = now or dt.datetime.now(dt.UTC)
    identity = load(store)
    if identity is not None and identity.kind == "self-signed":
        if identity.not_after - now < dt.timedelta(days=RENEW_DAYS):
            log.info("self-made signing identity renewed before it runs out")
            identity = create_self_signed(
                store, name or identity.subject, title, organisation, now=now
            )
    if identity is None:
        identity = create_self_signed(store, name, title, organisation, now=now)
    check_can_sign(identity, now)
    remember(store, identity)  # identities made before the list existed
    if _facts_missing(store):  # identities saved before the facts were kept
        _keep_facts(store, identity, store.get_preference(PREF_P12))
    return identity


def _local_date(when: dt.datetime) -> str:
    from zoneinfo import ZoneInfo

    return when.astimezone(ZoneInfo("Europe/Stockholm")).date().isoformat()


def check_can_sign(identity: SigningIdentity, now: dt.datetime | None = None) -> None:
    """Refuse a certificate that is expired or not yet valid: standard validators call such a
    signature invalid. The message says how to get a usable one."""
    now = now or dt.datetime.now(dt.UTC)
    if identity.not_after < now:
        if identity.kind == "self-signed":
            how = _(
                "Make a new one with 'sipdesk signing --create NAME' (or remove it in the window "
                "to let SipDesk make one at the next signed export)."
            )
        else:
            how = _(
                "Ask your organisation's certificate issuer for a renewed certificate and import "
                "it with 'sipdesk signing --import FILE.p12' (in the window: Case → Signing "
                "certificate…)."
            )
        raise IdentityError(
            _("The signing certificate expired on {date}; nothing was signed. {how}").format(
                date=_local_date(identity.not_after), how=how
            )
        )
    if identity.not_before is not None and identity.not_before > now:
        raise IdentityError(
            _(
                "The signing certificate is valid only from {date}; nothing was signed. Check the "
                "computer's date, or import a certificate that is valid today."
            ).format(date=_local_date(identity.not_before))
        )


def validity_warning(
    identity: SigningIdentity, now: dt.datetime | None = None, days: int = WARN_DAYS
) -> str | None:
    """A warning when the certificate cannot sign or runs out within `days`; else None."""
    now = now or dt.datetime.now(dt.UTC)
    try:
        check_can_sign(identity, now)
    except IdentityError as exc:
        return str(exc)
    left = identity.not_after - now
    if left > dt.timedelta(days=days):  # exactly `days` left is within them
        return None
    if identity.kind == "self-signed":
        return _(
            "The self-made signing certificate runs out on {date}; SipDesk makes a new one at "
            "the next signed export and keeps the old one for checking older plans."
        ).format(date=_local_date(identity.not_after))
    return _(
        "The signing certificate runs out on {date} ({n} days). Ask your organisation's "
        "certificate issuer for a renewed one in time and import it."
    ).format(date=_local_date(identity.not_after), n=max(left.days, 0))


def validity_short(identity: SigningIdentity, now: dt.datetime | None = None) -> str | None:
    """`validity_warning` in a few words, for the window's status bar; None when all is well."""
    now = now or dt.datetime.now(dt.UTC)
    if validity_warning(identity, now) is None:
        return None
    if identity.not_before is not None and identity.not_before > now:
        return _("Signing certificate valid only from {date}").format(
            date=_local_date(identity.not_before)
        )
    if identity.not_after < now:
        return _("Signing certificate expired on {date}").format(
            date=_local_date(identity.not_after)
        )
    return _("Signing certificate runs out on {date}").format(date=_local_date(identity.not_after))


def remember(store: Store, identity: SigningIdentity) -> None:
    """Add the identity's certificate to the store's list of those it has signed with."""
    known = known_certificates(store)
    if identity.fingerprint in known or not identity.cert_der:
        return
    known[identity.fingerprint] = {
        "subject": identity.subject,
        "kind": identity.kind,
        "not_after": identity.not_after.isoformat(),
        "cert": base64.b64encode(identity.cert_der).decode("ascii"),
    }
    store.set_preference(PREF_KNOWN, json.dumps(known, ensure_ascii=False, sort_keys=True))


def known_certificates(store: Store) -> dict[str, dict[str, str]]:
    """Fingerprint → what is kept of each certificate this store has signed with."""
    try:
        value = json.loads(store.get_preference(PREF_KNOWN) or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def remove(store: Store) -> None:
    """Forget the identity (a new self-signed one is made at the next signed export); its
    certificate stays in the known list, so plans it signed still verify as signed here."""
    store.set_preference(PREF_P12, "")
    store.set_preference(PREF_P12_PASSWORD, "")
    store.set_preference(PREF_KIND, "")
    store.set_preference(PREF_FACTS, "")
