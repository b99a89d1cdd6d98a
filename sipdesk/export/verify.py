"""Check a signed SipDesk PDF as a receiver's validator would: every signature, the chair's first.

The verdict has three outcomes (see `exit_code` and docs/export.md):

* NOT INTACT – the signed content changed, or something was added that may change what a
  reader sees (content, annotations, appended bytes, a tampered signature field): refused.
* INTACT – the revision the chair signed is exactly as signed; only validation data (a DSS
  update, a document time stamp), further signatures, or a save without change to the content
  came after it – each addition is listed. pyHanko's difference analysis (`DiffPolicy`,
  `ModificationLevel`) decides which later revisions are harmless; its whitelist is narrowed
  here to signature fields only (the plan has no other form fields).
* Who signed is a separate question: a certificate is *known* when this store has signed with
  it (identity.PREF_KNOWN) or it matches `--expect`; otherwise the verdict says to compare the
  fingerprint.

SipDesk's own signature is held to more than the cryptography: the unused room in its
/Contents must still be zeros and plain upper-case hex, and the CMS container exactly as
SipDesk's signer writes it (its unsigned framing is otherwise malleable).

Everything taken from the file (names, reasons) is escaped before it is shown, and the verdict
is the last line, so nothing printed before it can hide it. pyHanko's own logging goes to the
log file only, without its message arguments.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sipdesk.export.identity import fingerprint_of
from sipdesk.export.pades import FIELD_NAME as SIPDESK_FIELD
from sipdesk.i18n import _

log = logging.getLogger(__name__)

LIBRARY_LOGGERS = ("pyhanko", "pyhanko_certvalidator")

# `sipdesk verify` exit codes (documented in docs/export.md)
EXIT_KNOWN = 0  # intact, and the chair's signature is by a certificate this store knows/expected
EXIT_NOT_INTACT = 1  # changed, broken, not signed or unreadable
EXIT_UNKNOWN = 3  # intact, but signed by a certificate not known here (or not compared)


@dataclass
class SignatureInfo:
    """One signature in the file, as found."""

    field: str
    signer: str = ""
    fingerprint: str = ""
    signed_at: dt.datetime | None = None
    revision: int = 0
    timestamp: bool = False  # a document time stamp, not a person's signature
    issuer: str = ""
    chain: int = 0  # certificates embedded besides the signer's
    problems: list[str] = field(default_factory=list)
    known: bool | None = None  # None: not compared


@dataclass
class Verification:
    ok: bool  # the chair's signed revision is intact, and nothing after it changes what is seen
    signed: bool
    signer: str = ""  # the chair's (first) signature
    signed_at: dt.datetime | None = None
    fingerprint: str = ""
    problems: list[str] = field(default_factory=list)
    signatures: list[SignatureInfo] = field(default_factory=list)  # the chair's first
    additions: list[str] = field(default_factory=list)  # what came after the chair's signature
    known: bool | None = None  # the chair's certificate: known here / expected; None: not compared
    comparison: str = ""  # "store", "expect", or why no comparison was possible


def safe(text: str, limit: int = 200) -> str:
    """Text from the file, fit for a terminal or a dialog: control characters, bidi overrides
    and other invisible format characters are shown as escapes, never acted on."""
    out = []
    for ch in text[:limit]:
        if ch == " " or (ch.isprintable() and unicodedata.category(ch) not in ("Cf", "Co", "Cn")):
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out) + ("…" if len(text) > limit else "")


class _ToLogFile(logging.Handler):
    """pyHanko's records, to SipDesk's log file: the logger, the level, the fixed message and
    the error's type – never the arguments, which may quote the document."""

    def emit(self, record: logging.LogRecord) -> None:
        kind = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
        # INFO, whatever the record's level: the terminal's handler takes WARNING and above
        log.info(
            "library %s %s: %s %s",
            record.name,
            record.levelname,
            str(record.msg)[:200],
            kind,
        )


@contextlib.contextmanager
def _library_logging_to_file():
    handler = _ToLogFile()
    saved = []
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate))
        logger.addHandler(handler)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, propagate in saved:
            logger.removeHandler(handler)
            logger.propagate = propagate


def _strict_policy():
    """pyHanko's default difference policy, with form changes narrowed to signature fields."""
    from pyhanko.sign.diff_analysis import (
        CatalogModificationRule,
        DocInfoRule,
        DSSCompareRule,
        FormUpdatingRule,
        MetadataUpdateRule,
        ModificationLevel,
        ObjectStreamRule,
        SigFieldCreationRule,
        SigFieldModificationRule,
        StandardDiffPolicy,
        XrefStreamRule,
    )

    lta = ModificationLevel.LTA_UPDATES
    return StandardDiffPolicy(
        global_rules=[
            CatalogModificationRule(),
            DocInfoRule().as_qualified(lta),
            XrefStreamRule().as_qualified(lta),
            ObjectStreamRule().as_qualified(lta),
            DSSCompareRule().as_qualified(lta),
            MetadataUpdateRule().as_qualified(lta),
        ],
        form_rule=FormUpdatingRule(
            field_rules=[SigFieldCreationRule(), SigFieldModificationRule()]
        ),
    )


def verify_bytes(data: bytes) -> Verification:
    with _library_logging_to_file():
        return _verify(data)


def _verify(data: bytes) -> Verification:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = sorted(reader.embedded_signatures, key=lambda s: s.signed_revision)
    except Exception as exc:  # noqa: BLE001 - a damaged file can trip anything in the parser
        log.info("verify: not a readable PDF (%s)", type(exc).__name__)
        return Verification(False, False, problems=[_("Not a readable PDF.")])
    if not signatures:
        return Verification(False, False, problems=[_("The file carries no digital signature.")])
    chair = next((s for s in signatures if s.field_name == SIPDESK_FIELD), None)
    chair = chair or next((s for s in signatures if s.sig_object_type == "/Sig"), signatures[0])
    ordered = [chair] + [s for s in signatures if s is not chair]
    result = Verification(False, True)
    policy = _strict_policy()
    for sig in ordered:
        info = _check_signature(data, sig, policy, strict=sig.field_name == SIPDESK_FIELD)
        result.signatures.append(info)
        if sig is chair:
            result.problems += info.problems
        elif info.problems:
            result.problems += [
                _("A later signature ({who}): {problem}").format(
                    who=safe(info.signer) or _("unnamed"), problem=p
                )
                for p in info.problems
            ]
    first = result.signatures[0]
    result.signer, result.signed_at, result.fingerprint = (
        first.signer,
        first.signed_at,
        first.fingerprint,
    )
    if chair.signed_revision != signatures[0].signed_revision:
        result.problems.append(
            _("Another signature came before SipDesk's: the plan was signed over someone else's.")
        )
    if not _ends_at_last_revision(data):
        result.problems.append(_("Something was appended after the file's end."))
    try:
        result.additions = _additions(reader, chair, ordered)
        result.problems += _shown_metadata_changes(reader, chair.signed_revision)
    except Exception as exc:  # noqa: BLE001 - damaged input: not intact, never a crash
        log.info("verify: later revisions unreadable (%s)", type(exc).__name__)
        result.problems.append(_("The later additions to the file cannot be read."))
    result.ok = not result.problems
    return result


def _check_signature(data: bytes, sig, policy, strict: bool) -> SignatureInfo:
    from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    info = SignatureInfo(field=str(sig.field_name or ""), revision=sig.signed_revision)
    try:
        info.timestamp = sig.sig_object_type == "/DocTimeStamp"
        cert = sig.signer_cert
        info.signer = str(cert.subject.native.get("common_name", "") or cert.subject.human_friendly)
        info.issuer = str(cert.issuer.native.get("common_name", "") or cert.issuer.human_friendly)
        info.fingerprint = fingerprint_of(cert.dump())
        info.chain = len(sig.other_embedded_certs)
        info.signed_at = sig.self_reported_timestamp
        # The signer's own certificate as the trust root: this checks integrity and the
        # signature's cryptography; who the signer is, is settled by comparing fingerprints.
        status = validate_pdf_signature(
            sig,
            ValidationContext(trust_roots=[cert], allow_fetching=False),
            diff_policy=policy,
        )
    except Exception as exc:  # noqa: BLE001 - damaged input must give a verdict, not a crash
        log.info("verify: signature not checkable (%s)", type(exc).__name__)
        info.problems.append(_("The signature could not be checked."))
        return info
    if not status.intact:
        info.problems.append(_("The content has changed since it was signed."))
    if not status.valid:
        info.problems.append(_("The signature itself is broken."))
    if status.coverage not in (
        SignatureCoverageLevel.ENTIRE_FILE,
        SignatureCoverageLevel.ENTIRE_REVISION,
    ):
        info.problems.append(_("The signature covers only part of the file."))
    diff = status.diff_result
    if isinstance(diff, SuspiciousModification):
        info.problems.append(
            _(
                "Changed after signing in a way that may change what a reader sees ({detail})."
            ).format(detail=safe((str(diff) or type(diff).__name__).splitlines()[0], 160))
        )
    elif status.modification_level is None or status.modification_level > (
        ModificationLevel.FORM_FILLING
    ):
        info.problems.append(
            _("Changed after signing in a way that may change what a reader sees.")
        )
    elif status.docmdp_ok is False:
        info.problems.append(_("Changed after signing in a way the signer did not allow."))
    if info.signed_at is not None and not (
        cert.not_valid_before <= info.signed_at <= cert.not_valid_after
    ):
        info.problems.append(
            _(
                "The certificate was not valid at the stated signing time (expired or not yet valid)."
            )
        )
    if not _padding_untouched(sig, strict) or not _gap_is_plain_hex(data, sig, strict):
        info.problems.append(_("The signature field has been altered."))
    return info


def _ends_at_last_revision(data: bytes) -> bool:
    """Nothing but an end-of-line after the last %%EOF: bytes beyond it are no revision any
    validator looks at, and no signature covers them."""
    end = data.rfind(b"%%EOF")
    return end >= 0 and data[end + 5 :] in (b"", b"\n", b"\r\n", b"\r")


def _additions(reader, chair, ordered) -> list[str]:
    """What each revision after the chair's adds, in words."""
    by_revision = {s.signed_revision: s for s in ordered}
    out = []
    for revision in range(chair.signed_revision + 1, reader.total_revisions):
        sig = by_revision.get(revision)
        if sig is not None:
            if sig.sig_object_type == "/DocTimeStamp":
                out.append(_("a document time stamp"))
            else:
                name = sig.signer_cert.subject.native.get("common_name", "")
                out.append(
                    _("a further signature by {name}").format(name=safe(str(name)) or _("unnamed"))
                )
            continue
        if _dss_changed(reader, revision):
            out.append(_("validation data (DSS: certificates and revocation information)"))
        else:
            out.append(_("a save that changes nothing a reader sees"))
    return out


def _dss_changed(reader, revision: int) -> bool:
    """Does `revision` write the document security store (validation data)?"""
    from pyhanko.pdf_utils import generic

    def raw_dss(root):
        return root.raw_get("/DSS") if "/DSS" in root else None

    old = raw_dss(reader.get_historical_root(revision - 1))
    new = raw_dss(reader.get_historical_root(revision))
    if new is None:
        return False
    if isinstance(new, generic.IndirectObject):
        return new != old or new.reference in reader.xrefs.explicit_refs_in_revision(revision)
    return new != old


SHOWN_INFO = ("/Title", "/Author", "/Subject")


def _shown_metadata_changes(reader, signed_revision: int) -> list[str]:
    """A reader shows the document's title in its window: a later change to it is refused,
    although pyHanko's policy allows any /Info update."""

    from pyhanko.pdf_utils import generic

    def info_of(resolver) -> dict[str, str]:
        info = resolver.trailer_view.raw_get("/Info") if "/Info" in resolver.trailer_view else None
        if info is None:
            return {}
        if isinstance(info, generic.IndirectObject):
            info = resolver(info.reference)  # the object as it was in that revision
        return {k: str(info.get(k, "")) for k in SHOWN_INFO}

    if signed_revision + 1 >= reader.total_revisions:
        return []
    before = info_of(reader.get_historical_resolver(signed_revision))
    after = info_of(reader.get_historical_resolver(reader.total_revisions - 1))
    if before != after:
        return [_("The document's title, author or subject was changed after signing.")]
    return []


def _padding_untouched(sig, strict: bool = True) -> bool:
    """The room reserved for the signature beyond its DER encoding must still be zeros, and the
    signature container must be in canonical DER – exactly as SipDesk's signer wrote it.

    The container's framing (lengths, the CMS version, algorithm parameters) is not itself
    covered by the signature, so a reader could accept a changed byte there; re-encoding the
    parsed container and comparing refuses any such change. Other signers' containers (`strict`
    False) are held to the zero padding only."""
    from asn1crypto import cms
    from asn1crypto.core import Asn1Value

    try:
        raw = bytes(sig.sig_object["/Contents"])
        used = len(Asn1Value.load(raw, strict=False).dump())
        if not strict:
            return not any(raw[used:])
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


def _gap_is_plain_hex(data: bytes, sig, strict: bool = True) -> bool:
    """The unsigned gap must be exactly "<hex digits>": a reader ignores whitespace there, so a
    byte flipped into a space would otherwise go unnoticed."""
    import string

    try:
        start, first_len, second_start, _second_len = (int(x) for x in sig.sig_object["/ByteRange"])
    except Exception:  # noqa: BLE001 - damaged input: not intact, never a crash
        return False
    gap = data[start + first_len : second_start]
    # upper case only, as SipDesk's signer writes it: "a" and "A" decode alike, so a flipped
    # case bit would change the file without changing the signature. Other signers: one case.
    body = gap[1:-1]
    if strict:
        allowed = {(string.digits + "ABCDEF").encode()}
    else:
        allowed = {(string.digits + "ABCDEF").encode(), (string.digits + "abcdef").encode()}
    return (
        len(gap) >= 2
        and gap[:1] == b"<"
        and gap[-1:] == b">"
        and any(all(c in digits for c in body) for digits in allowed)
    )


def verify_file(path: Path) -> Verification:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return Verification(
            False,
            False,
            problems=[
                _("Cannot read {path}: {detail}").format(path=safe(str(path)), detail=exc.strerror)
            ],
        )
    return verify_bytes(data)


def normal_fingerprint(text: str) -> str:
    """A fingerprint as typed (any spacing, colons, case) in the shown form "AB12 CD34 …"."""
    digits = "".join(ch for ch in text.upper() if ch in "0123456789ABCDEF")
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))


def compare(
    v: Verification,
    known: set[str] | None,
    expect: str | None = None,
    reason: str = "",
) -> Verification:
    """Settle who signed: by `expect` (a fingerprint a script was given) when set, else by the
    fingerprints this store has signed with (`known`; None when the store could not be read,
    with `reason` saying why)."""
    if expect:
        wanted = normal_fingerprint(expect)
        v.comparison = "expect"
        for info in v.signatures:
            info.known = info.fingerprint == wanted
    elif known is not None:
        v.comparison = "store"
        for info in v.signatures:
            info.known = info.fingerprint in known
    else:
        v.comparison = reason or _("the store could not be opened")
    if v.signatures:
        v.known = v.signatures[0].known
    return v


def exit_code(v: Verification) -> int:
    if not v.ok:
        return EXIT_NOT_INTACT
    return EXIT_KNOWN if v.known else EXIT_UNKNOWN


def _when(value: dt.datetime) -> str:
    from zoneinfo import ZoneInfo

    return value.astimezone(ZoneInfo("Europe/Stockholm")).strftime("%Y-%m-%d %H:%M %Z")


def report(v: Verification) -> str:
    """The verification as lines for people (the `sipdesk verify` output); the verdict last."""
    lines = []
    for i, info in enumerate(v.signatures):
        if i == 0:
            lines.append(
                _("The chair's signature (SipDesk):")
                if info.field == SIPDESK_FIELD
                else _("First signature:")
            )
        else:
            lines.append(_("Document time stamp:") if info.timestamp else _("Further signature:"))
        lines.append("  " + _("Signed by: {name}").format(name=safe(info.signer)))
        if info.issuer and info.issuer != info.signer:
            lines.append("  " + _("Issued by: {name}").format(name=safe(info.issuer)))
        if info.signed_at:
            lines.append("  " + _("Signed at: {when}").format(when=_when(info.signed_at)))
        lines.append("  " + _("Certificate SHA-256: {fp}").format(fp=info.fingerprint))
        if info.known is True:
            lines.append(
                "  "
                + (
                    _("This is the expected certificate.")
                    if v.comparison == "expect"
                    else _("This store has signed with this certificate.")
                )
            )
        elif info.known is False:
            lines.append(
                "  "
                + (
                    _("This is NOT the expected certificate.")
                    if v.comparison == "expect"
                    else _("SipDesk does not know this certificate.")
                )
            )
    if v.additions and v.ok:
        lines.append(_("Added after the chair signed (they do not change the signed plan):"))
        lines += ["  – " + a for a in v.additions]
    if v.problems:
        lines.append(_("Problems:"))
        lines += ["  – " + p for p in v.problems]
    if v.signed and v.ok and v.known is None:
        lines.append(
            _("Could not compare with the certificates SipDesk has signed with: {why}.").format(
                why=v.comparison or _("not checked")
            )
        )
    lines.append(verdict(v))
    return "\n".join(lines)


def verdict(v: Verification) -> str:
    """The one line people and scripts act on (exit codes: `exit_code`)."""
    if not v.ok:
        if not v.signed:
            return _("NOT INTACT or not signed – do not rely on this file.")
        return _("NOT INTACT: changed after it was signed – do not rely on this file.")
    if v.known:
        if v.comparison == "expect":
            return _("INTACT: unchanged since it was signed, by the expected certificate.")
        return _("INTACT: unchanged since it was signed, by a certificate this SipDesk signs with.")
    if v.known is False and v.comparison == "expect":
        return _(
            "INTACT, but signed by ANOTHER certificate than the expected one – do not rely on "
            "who signed."
        )
    if v.known is None:
        return _(
            "INTACT: unchanged since it was signed – the certificate was not compared with "
            "SipDesk's: compare the fingerprint with the one the signer gives you."
        )
    return _(
        "INTACT: unchanged since it was signed – by a certificate SipDesk does not know: "
        "compare the fingerprint with the one the signer gives you."
    )
