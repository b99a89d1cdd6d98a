"""Check a signed SipDesk PDF: is it intact, who signed, when, and with which certificate.

"Intact" is strict: the signature's digest must match, the signature must cover the whole file
(nothing appended after signing), and the unused room in the signature field must be untouched.
Whether the signer can be trusted is a separate question: a self-made identity is not in any
trust list, so the receiver compares the printed certificate fingerprint instead.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from sipdesk.export.identity import fingerprint_of
from sipdesk.i18n import _


@dataclass
class Verification:
    ok: bool  # intact, valid and covering the whole file
    signed: bool
    signer: str = ""
    signed_at: dt.datetime | None = None
    fingerprint: str = ""
    problems: list[str] = field(default_factory=list)


def verify_bytes(data: bytes) -> Verification:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as exc:  # noqa: BLE001 - a damaged file can trip anything in the parser
        return Verification(
            False,
            False,
            problems=[
                _("Not a readable PDF: {detail}").format(detail=str(exc) or type(exc).__name__)
            ],
        )
    if not signatures:
        return Verification(False, False, problems=[_("The file carries no digital signature.")])
    sig = signatures[-1]
    result = Verification(False, True)
    try:
        cert = sig.signer_cert
        result.signer = cert.subject.native.get("common_name", "") or cert.subject.human_friendly
        result.fingerprint = fingerprint_of(cert.dump())
        result.signed_at = sig.self_reported_timestamp
        # The signer's own certificate as the trust root: this checks integrity and the
        # signature's cryptography; who the signer is, is settled by comparing fingerprints.
        status = validate_pdf_signature(
            sig, ValidationContext(trust_roots=[cert], allow_fetching=False), skip_diff=False
        )
    except Exception as exc:  # noqa: BLE001 - as above: damaged input must give a verdict, not a crash
        result.problems.append(
            _("The signature could not be checked: {detail}").format(
                detail=str(exc) or type(exc).__name__
            )
        )
        return result
    if not status.intact:
        result.problems.append(_("The content has changed since it was signed."))
    if not status.valid:
        result.problems.append(_("The signature itself is broken."))
    if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        result.problems.append(_("Something was added to the file after it was signed."))
    if not _padding_untouched(sig) or not _gap_is_plain_hex(data, sig):
        result.problems.append(_("The signature field has been altered."))
    if len(signatures) > 1:
        result.problems.append(_("The file carries more than one signature."))
    result.ok = not result.problems
    return result


def _padding_untouched(sig) -> bool:
    """The room reserved for the signature beyond its DER encoding must still be zeros, and the
    signature container must be in canonical DER – exactly as SipDesk's signer wrote it.

    The container's framing (lengths, the CMS version, algorithm parameters) is not itself
    covered by the signature, so a reader could accept a changed byte there; re-encoding the
    parsed container and comparing refuses any such change."""
    from asn1crypto import cms
    from asn1crypto.core import Asn1Value

    try:
        raw = bytes(sig.sig_object["/Contents"])
        used = len(Asn1Value.load(raw, strict=False).dump())
        der = raw[:used]
        info = cms.ContentInfo.load(der)
        canonical = info.dump(force=True)
        pinned = _container_as_written(info)
    except Exception:  # noqa: BLE001 - damaged input: not intact, never a crash
        return False
    return canonical == der and pinned and not any(raw[used:])


def _container_as_written(info) -> bool:
    """The container's unsigned fields hold exactly what SipDesk's signer writes (PAdES B-B):
    a change there would leave the signature valid, so each is pinned here."""
    if info["content_type"].native != "signed_data":
        return False
    signed = info["content"]
    signer_infos = list(signed["signer_infos"])
    digests = {si["digest_algorithm"].dump() for si in signer_infos}
    return (
        signed["version"].native == "v1"
        and len(signer_infos) == 1
        and {d.dump() for d in signed["digest_algorithms"]} == digests
        and signed["encap_content_info"]["content_type"].native == "data"
        and signed["encap_content_info"]["content"].native is None
        and signer_infos[0]["version"].native == "v1"
        and not signer_infos[0]["unsigned_attrs"].native
        and not signed["crls"].native
    )


def _gap_is_plain_hex(data: bytes, sig) -> bool:
    """The unsigned gap must be exactly "<hex digits>": a reader ignores whitespace there, so a
    byte flipped into a space would otherwise go unnoticed."""
    import string

    try:
        start, first_len, second_start, _second_len = (int(x) for x in sig.sig_object["/ByteRange"])
    except Exception:  # noqa: BLE001 - damaged input: not intact, never a crash
        return False
    gap = data[start + first_len : second_start]
    # upper case only, as the signer writes it: "a" and "A" decode alike, so a flipped case bit
    # would change the file without changing the signature
    hexdigits = (string.digits + "ABCDEF").encode()
    return (
        len(gap) >= 2
        and gap[:1] == b"<"
        and gap[-1:] == b">"
        and all(c in hexdigits for c in gap[1:-1])
    )


def verify_file(path: Path) -> Verification:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return Verification(
            False,
            False,
            problems=[_("Cannot read {path}: {detail}").format(path=path, detail=exc.strerror)],
        )
    return verify_bytes(data)


def report(v: Verification) -> str:
    """The verification as lines for people (the `sipdesk verify` output)."""
    lines = []
    if v.ok:
        lines.append(_("INTACT: the file is exactly as it was signed."))
    else:
        lines.append(_("NOT INTACT or not signed – do not rely on this file."))
    lines += [f"  {p}" for p in v.problems]
    if v.signed:
        lines.append(_("Signed by: {name}").format(name=v.signer))
        if v.signed_at:
            lines.append(
                _("Signed at: {when}").format(
                    when=v.signed_at.astimezone().strftime("%Y-%m-%d %H:%M %Z")
                )
            )
        lines.append(_("Certificate SHA-256: {fp}").format(fp=v.fingerprint))
        lines.append(
            _(
                "Compare this fingerprint with the one printed under the stamp and with the one "
                "the signer gives you; only then do you know who signed."
            )
        )
    return "\n".join(lines)
