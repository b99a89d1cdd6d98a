"""Sign a rendered PDF with pyHanko: PAdES baseline B-B, with a visible stamp in the room the
document reserved for it, set like the document itself (`stamp.py`: the embedded font chain,
bidirectional order and shaping).

Two halves: `stamp_page` (the checks and the stamp, ReportLab) and `pades.apply_signature`
(pyHanko, imported only there: `import pyhanko.sign` costs about half a second). The command line
runs the second in a process started ahead (`sign_worker`).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sipdesk.export.identity import IdentityError, SigningIdentity, check_can_sign
from sipdesk.export.pdfpage import StampPlacement
from sipdesk.i18n import _

STAMP_ZONE = ZoneInfo("Europe/Stockholm")  # the stamp shows Swedish time; the signature holds UTC


def verify_hint(fingerprint: str) -> str:
    """The one line the PDF prints on how a receiver can verify it."""
    return _(
        "Digitally signed. Verify: open the file in a PDF reader's signature panel, or run "
        "'sipdesk verify FILE.pdf'; the certificate's SHA-256 fingerprint must read {fp}."
    ).format(fp=fingerprint)


def stamp_time(when: dt.datetime) -> str:
    """The signing time as the stamp shows it: Swedish local time, with CET or CEST."""
    return when.astimezone(STAMP_ZONE).strftime("%Y-%m-%d %H:%M %Z")


def sign_pdf(
    pdf: bytes,
    stamp: StampPlacement,
    identity: SigningIdentity,
    reason: str = "",
    now: dt.datetime | None = None,
) -> bytes:
    """The PDF signed by `identity`, its stamp in `stamp`'s box. Returns the new file's bytes.

    Every certificate of the identity's archive (issuing CA, root) goes into the signature, so a
    receiver who trusts the root can build the chain. A certificate that is expired or not yet
    valid is refused (IdentityError); a signer's name no embedded font prints, UnprintableText."""
    return apply_signature(pdf, stamp, identity, stamp_page(stamp, identity, now), reason)


def apply_signature(
    pdf: bytes, stamp: StampPlacement, identity: SigningIdentity, page: bytes, reason: str = ""
) -> bytes:
    """`pades.apply_signature` for `identity`, its stamp page `page` made by `stamp_page`.
    An archive that cannot be opened (damaged, or its password changed in the keyring) is an
    IdentityError that says what to do."""
    from sipdesk.export import pades

    try:
        return pades.apply_signature(
            pdf, stamp.page, stamp.box, identity.p12, identity.password, identity.cert_der, page,
            reason, identity.signer_name or identity.subject,
        )  # fmt: skip
    except ValueError as exc:  # pyHanko: "Could not load key material from PKCS#12 data"
        raise IdentityError(
            _(
                "The signing certificate could not be opened: its password in the OS keyring "
                "does not fit, or the stored certificate is damaged. Import your certificate "
                "again, or remove the identity to let SipDesk make a new one."
            )
        ) from exc


def stamp_page(
    stamp: StampPlacement, identity: SigningIdentity, now: dt.datetime | None = None
) -> bytes:
    """The stamp's one-page PDF for `identity` signing at `now` (the half of signing that needs
    no pyHanko), after the checks that come before anything is signed: the certificate valid at
    `now` (IdentityError), the signer's name printable (UnprintableText)."""
    from sipdesk.export import pades
    from sipdesk.export import stamp as stamping

    now = now or dt.datetime.now(dt.UTC)
    check_can_sign(identity, now)
    name = identity.signer_name or identity.subject
    stamping.check_signer(name)
    lines = stamping.stamp_lines(name, stamp_time(now), identity.fingerprint)
    return stamping.stamp_pdf(lines, *pades.inner_size(stamp.box))


def reserved_for(identity: SigningIdentity) -> int:
    """Room for `identity`'s signature in the PDF, in hex digits (`pades.reserved_bytes`)."""
    from sipdesk.export import pades

    return pades.reserved_bytes(identity.p12, identity.cert_der)
