"""Sign a rendered PDF with pyHanko: PAdES baseline B-B, with a visible stamp in the room the
document reserved for it, set like the document itself (`stamp.py`: the embedded font chain,
bidirectional order and shaping).

pyHanko is imported inside `sign_pdf` only: `import pyhanko.sign` costs about half a second.
"""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from sipdesk.export.identity import SigningIdentity, check_can_sign
from sipdesk.export.pdfpage import StampPlacement
from sipdesk.i18n import _

FIELD_NAME = "SipDeskSignature"
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
    valid is refused (IdentityError)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from sipdesk.export import stamp as stamping

    now = now or dt.datetime.now(dt.UTC)
    check_can_sign(identity, now)
    signer = signers.SimpleSigner.load_pkcs12_data(identity.p12, (), passphrase=identity.password)
    if signer is None:  # pragma: no cover - the identity was checked when it was loaded
        raise ValueError("the signing identity could not be loaded")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    fields.append_signature_field(
        writer,
        sig_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=stamp.page, box=stamp.box),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,  # PAdES; no timestamp, so baseline B-B
        reason=reason or None,
    )
    # the name pyHanko would print (the certificate's common name), checked before signing
    signer_name = signer.subject_name or identity.subject
    stamping.check_signer(signer_name)
    style = stamping.stamp_style(
        stamping.stamp_lines(signer_name, stamp_time(now), identity.fingerprint), stamp.box
    )
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(
        writer, output=out, bytes_reserved=reserved_for(identity)
    )
    return out.getvalue()


def reserved_for(identity: SigningIdentity) -> int:
    """Room for the signature (CMS SignedData, hex digits) in the PDF, bounded from the identity.

    Without it pyHanko signs a dummy digest first to learn the size: a second signature per
    export. The bound: the certificates it embeds are all in the PKCS#12 archive; the signer's
    issuer and serial number appear twice more (SignerIdentifier, ESS signing-certificate-v2,
    RFC 5035), each shorter than the certificate; the signature value (≤ 1,024 bytes, RSA-8192),
    the digests and algorithm identifiers fit in the 1,536 bytes left. Two hex digits a byte."""
    return 2 * (len(identity.p12) + (len(identity.cert_der) or len(identity.p12)) + 1536)
