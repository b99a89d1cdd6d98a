"""The signature itself, with pyHanko: PAdES baseline B-B (ETSI EN 319 142-1), the stamp's page
placed in the signature field's appearance.

This is the half of signing that needs pyHanko and nothing of SipDesk's layout: plain values in
(the PDF, where the stamp goes, the PKCS#12 archive, the stamp's one-page PDF), the signed PDF
out. `signing.sign_pdf` draws the stamp and calls it; the command line's signing process
(`sign_worker`) calls it alone, having imported pyHanko while the plan was laid out.
pyHanko is imported inside the functions: `import pyhanko.sign` costs about half a second.
"""

from __future__ import annotations

import io
from functools import cache

FIELD_NAME = "SipDeskSignature"
INSET = 5  # pyHanko's margin between the stamp's border and its content


def inner_size(box: tuple[int, int, int, int]) -> tuple[float, float]:
    """The stamp page's (width, height) in points for the field `box` (x1, y1, x2, y2)."""
    return box[2] - box[0] - 2 * INSET, box[3] - box[1] - 2 * INSET


def reserved_bytes(p12: bytes, cert_der: bytes) -> int:
    """Room for the signature (CMS SignedData, hex digits) in the PDF, bounded from the identity.

    Without it pyHanko signs a dummy digest first to learn the size: a second signature per
    export. The bound: the certificates it embeds are all in the PKCS#12 archive; the signer's
    issuer and serial number appear twice more (SignerIdentifier, ESS signing-certificate-v2,
    RFC 5035), each shorter than the certificate – so the certificate's length twice (a CA with
    a long name under a short signer's name fills two copies of that name); the signature value
    (≤ 1,024 bytes, RSA-8192; its key is in the archive too), the digests and algorithm
    identifiers fit in the 1,536 bytes left. Two hex digits a byte."""
    return 2 * (len(p12) + 2 * (len(cert_der) or len(p12)) + 1536)


def apply_signature(
    pdf: bytes,
    page: int,
    box: tuple[int, int, int, int],
    p12: bytes,
    password: bytes,
    cert_der: bytes,
    stamp_pdf: bytes,
    reason: str = "",
    name: str = "",
) -> bytes:
    """`pdf` signed by the key in `p12`, in a new field `box` on `page` (0-based) showing
    `stamp_pdf`'s first page. Returns the new file's bytes (an incremental update of `pdf`).
    `name`: the signer's name in the signature (its /Name); pyHanko's own, from the certificate,
    when empty – which it cannot give for a certificate naming only an address.

    Every certificate of the archive (issuing CA, root) goes into the signature, so a receiver
    who trusts the root can build the chain. Raises ValueError when the archive cannot be read."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12_data(p12, (), passphrase=password)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    fields.append_signature_field(
        writer, sig_field_spec=fields.SigFieldSpec(FIELD_NAME, on_page=page, box=box)
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,  # PAdES; no timestamp, so baseline B-B
        reason=reason or None,
        name=name or None,
    )
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer, stamp_style=_appearance(stamp_pdf)).sign_pdf(
        writer, output=out, bytes_reserved=reserved_bytes(p12, cert_der)
    )
    return out.getvalue()


def _appearance(stamp_pdf: bytes):
    """pyHanko's stamp style: our page, centred, a thin border around it."""
    from pyhanko.pdf_utils import layout
    from pyhanko.stamp import StaticStampStyle

    return StaticStampStyle(
        background=_page_content_class()(stamp_pdf),
        background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(INSET),
        ),
        border_width=1,
    )


@cache
def _page_content_class():
    """Page 0 of a PDF held in memory, as pyHanko content (its `ImportedPdfPage` reads a file:
    the stamp holds the signer's name, and no temporary file may). Made on first use, so that
    importing this module does not import pyHanko."""
    from pyhanko.pdf_utils import content, layout
    from pyhanko.pdf_utils.reader import PdfFileReader

    class PdfPageContent(content.PdfContent):
        def __init__(self, data: bytes) -> None:
            self.data = data
            super().__init__()

        def render(self) -> bytes:
            writer = self._ensure_writer
            xobj = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data)), page_ix=0)
            name = "/SipDeskStamp"
            self.resources.xobject[name] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = layout.BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
            return name.encode("ascii") + b" Do"

    return PdfPageContent


def import_all() -> None:
    """Import what `apply_signature` needs, ahead of the call."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: F401
    from pyhanko.sign import fields, signers  # noqa: F401
    from pyhanko.stamp import StaticStampStyle  # noqa: F401

    _page_content_class()


def warm() -> None:
    """Make `apply_signature`'s next call as quick as a second one: import what it needs and
    sign a blank page once with a throwaway key (pyHanko and asn1crypto set much up on first
    use: ≈25 ms of a first signature, for ≈60 ms of this one). The signing process does this
    while it waits for its request – not when the request is already there."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, pkcs12
    from cryptography.x509.oid import NameOID
    from pyhanko.pdf_utils import generic, writer

    blank = writer.PdfFileWriter()
    stream = blank.add_object(generic.StreamObject(stream_data=b""))
    blank.insert_page(writer.PageObject(contents=stream, media_box=[0, 0, 200, 100]))
    out = io.BytesIO()
    blank.write(out)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "warm-up")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(b"warm-up", key, cert, None, NoEncryption())
    page = out.getvalue()
    apply_signature(page, 0, (10, 10, 190, 90), p12, b"", cert.public_bytes(Encoding.DER), page)
