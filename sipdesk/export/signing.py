"""Sign a rendered PDF with pyHanko: PAdES baseline B-B, with a visible stamp in the room the
document reserved for it, set in the shipped TTF (em rescaled to 1000, see resources/fonts/).

pyHanko is imported inside `sign_pdf` only: `import pyhanko.sign` costs about half a second.
"""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from sipdesk.export.identity import SigningIdentity, check_can_sign
from sipdesk.export.pdf import StampPlacement, font_path, fonts_dir
from sipdesk.i18n import _

FIELD_NAME = "SipDeskSignature"
STAMP_ZONE = ZoneInfo("Europe/Stockholm")  # the stamp shows Swedish time; the signature holds UTC
STAMP_FONT_SIZE = 7
# The stamp font is DejaVu Sans cut to the Latin scripts (resources/fonts/README.md): pyHanko
# parses and subsets the whole font file at every signature, and the full file made signing
# four times slower. Text outside these ranges falls back to the full font.
STAMP_RANGES = ((0x20, 0x24F), (0x300, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20AC, 0x20AC))


def stamp_font(text: str) -> str:
    """The font file for a stamp showing `text`: the small Latin cut when it covers every character."""
    if all(any(lo <= ord(ch) <= hi for lo, hi in STAMP_RANGES) for ch in text if ch != "\n"):
        return str(fonts_dir() / "DejaVuSans-Stamp.ttf")
    return str(font_path())


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
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

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
    fp = identity.fingerprint.split(" ")
    stamp_text = "\n".join(
        [
            _("Digitally signed by %(signer)s"),
            _("Time: %(when)s"),
            _("Certificate SHA-256:"),
            " ".join(fp[:8]),
            " ".join(fp[8:]),
        ]
    )
    style = TextStampStyle(
        stamp_text=stamp_text,
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(
                stamp_font(stamp_text + identity.subject), font_size=STAMP_FONT_SIZE
            ),
            font_size=STAMP_FONT_SIZE,
            leading=STAMP_FONT_SIZE + 3,
        ),
        border_width=1,
        background=None,
        timestamp_format="%Y-%m-%d %H:%M %Z",
    )
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(
        writer, output=out, appearance_text_params={"when": stamp_time(now)}
    )
    return out.getvalue()
