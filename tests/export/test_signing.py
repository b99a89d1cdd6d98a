"""Signing and verifying: the signature validates, any changed byte is caught, the key is safe."""

from __future__ import annotations

import base64

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sipdesk.export import identity, pdf, verify
from sipdesk.export.document import plan_document
from sipdesk.export.signing import sign_pdf, verify_hint
from tests.conftest import also_suppress
from tests.export.helpers import demo_case, pdf_text, squash


@pytest.fixture(scope="module")
def signed_josef(tmp_path_factory):
    """Josef's plan signed with a fresh self-made identity (built once: signing takes ~0.2 s)."""
    import keyring

    from sipdesk.model.store import open_store
    from tests.conftest import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    store = open_store(tmp_path_factory.mktemp("sign-store"))
    try:
        ident = identity.ensure(store, "Maria Ek", "Familjebehandlare", "Socialtjänsten")
        doc = plan_document(demo_case("1-josef"), stamp_caption=verify_hint(ident.fingerprint))
        rendered = pdf.render(doc)
        signed = sign_pdf(rendered.pdf, rendered.stamp, ident)
        yield signed, ident, rendered
    finally:
        store.close()
        keyring.set_keyring(previous)


def test_signed_plan_verifies_with_signer_time_and_fingerprint(signed_josef):
    data, ident, _rendered = signed_josef
    result = verify.verify_bytes(data)
    assert result.ok and result.signed and not result.problems
    assert result.signer == "Maria Ek"
    assert result.fingerprint == ident.fingerprint
    assert result.signed_at is not None
    text = verify.report(result)
    assert "OFÖRÄNDRAD" in text and ident.fingerprint in text


def test_pdf_prints_how_to_verify_and_the_fingerprint(signed_josef, tmp_path):
    data, ident, _rendered = signed_josef
    text = squash(pdf_text(data, tmp_path))
    assert "sipdesk verify" in text
    assert squash(ident.fingerprint) in text  # in the verify line
    assert "Digitalt signerad av: Maria Ek" in text  # the stamp: the name on a line of its own


def test_unsigned_pdf_does_not_verify(signed_josef):
    _data, _ident, rendered = signed_josef
    result = verify.verify_bytes(rendered.pdf)
    assert not result.ok and not result.signed


def test_appended_bytes_do_not_verify(signed_josef):
    data, _ident, _rendered = signed_josef
    result = verify.verify_bytes(data + b"\n% appended\n")
    assert not result.ok


@settings(
    max_examples=60, suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture)
)
@given(position=st.floats(0, 1, exclude_max=True), bit=st.integers(0, 7))
def test_one_changed_byte_anywhere_fails(signed_josef, position, bit):
    data, _ident, _rendered = signed_josef
    tampered = bytearray(data)
    tampered[int(position * len(data))] ^= 1 << bit
    assert not verify.verify_bytes(bytes(tampered)).ok


def test_changed_byte_in_the_signature_padding_fails(signed_josef):
    data, _ident, _rendered = signed_josef
    # the /Contents hex string ends in zero padding; flip its last digit
    end = data.index(b">", data.index(b"/Contents <") + 11)
    tampered = bytearray(data)
    tampered[end - 1] = ord("1")
    assert not verify.verify_bytes(bytes(tampered)).ok


def test_identity_is_kept_encrypted_and_reused(store, memory_keyring):
    ident = identity.ensure(store, "Maria Ek")
    blob = base64.b64decode(store.get_preference(identity.PREF_P12))
    # the archive alone does not open: its password is in the keyring, not in the store
    from cryptography.hazmat.primitives.serialization import pkcs12

    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(blob, None)
    assert store.get_preference(identity.PREF_P12_PASSWORD) == ""
    assert any(user.startswith("signing-p12:") for _s, user in memory_keyring.secrets)
    again = identity.ensure(store, "Someone Else")
    assert again.fingerprint == ident.fingerprint and again.kind == "self-signed"


def test_without_keyring_the_password_stays_inside_the_encrypted_store(store, monkeypatch):
    monkeypatch.setattr(identity, "_keyring_set", lambda user, secret: False)
    monkeypatch.setattr(identity, "_keyring_get", lambda user: None)
    ident = identity.ensure(store, "Maria Ek")
    assert store.get_preference(identity.PREF_P12_PASSWORD)
    assert identity.load(store).fingerprint == ident.fingerprint


def test_import_own_pkcs12_keeps_no_user_password(store, memory_keyring, tmp_path):
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    source = identity.create_self_signed(store, "Łukasz Nowak", "Psykolog", "Primärvården")
    key, cert, _extra = pkcs12.load_key_and_certificates(source.p12, source.password)
    own = pkcs12.serialize_key_and_certificates(
        b"own", key, cert, None, BestAvailableEncryption(b"mitt-hemliga")
    )
    identity.remove(store)
    with pytest.raises(identity.IdentityError, match="fel lösenord"):
        identity.import_pkcs12(store, own, "fel")
    imported = identity.import_pkcs12(store, own, "mitt-hemliga")
    assert imported.kind == "own" and imported.subject == "Łukasz Nowak"
    assert imported.fingerprint == source.fingerprint
    assert "mitt-hemliga" not in memory_keyring.secrets.values()
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(
            base64.b64decode(store.get_preference(identity.PREF_P12)), b"mitt-hemliga"
        )


def test_missing_keyring_password_says_what_to_do(store, memory_keyring):
    identity.ensure(store, "Maria Ek")
    memory_keyring.secrets.clear()
    with pytest.raises(identity.IdentityError, match="Importera"):
        identity.load(store)


def test_fingerprint_is_sha256_in_groups():
    fp = identity.fingerprint_of(b"x")
    assert len(fp.split(" ")) == 16 and all(len(g) == 4 for g in fp.split(" "))


def test_changes_to_the_unsigned_container_fail(signed_josef):
    """The CMS container's framing is outside what the signature covers: its version, a hex
    digit's case, a length – each must still make verification fail."""
    data, _ident, _rendered = signed_josef
    start = data.index(b"/Contents <") + len(b"/Contents <")
    # SignedData's version is the first INTEGER inside the container: "020101" -> "020111"
    version = data.index(b"020101", start)
    changed = bytearray(data)
    changed[version + 4] = ord("1")
    assert not verify.verify_bytes(bytes(changed)).ok
    # the same hex digits in lower case decode to the same bytes, but the file has changed
    letter = next(i for i in range(start, start + 200) if data[i : i + 1] in b"ABCDEF")
    changed = bytearray(data)
    changed[letter] = data[letter] | 0x20
    assert not verify.verify_bytes(bytes(changed)).ok


# --- issue 15: the chair's real PKI, validity, and what verify tells apart ----------------------

import datetime as dt  # noqa: E402
import io  # noqa: E402

from tests.export.pki import make_pki  # noqa: E402


def _asn1(cert):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def _pyhanko_status(data: bytes, roots, index: int = 0):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    sig = PdfFileReader(io.BytesIO(data)).embedded_signatures[index]
    return validate_pdf_signature(
        sig, ValidationContext(trust_roots=[_asn1(r) for r in roots], allow_fetching=False)
    )


@pytest.fixture(scope="module")
def pki_signed(signed_josef, tmp_path_factory):
    """Josef's plan signed with a chair's certificate from a PKI made here (root → intermediate →
    chair), imported from a PKCS#12 that carries the whole chain; and a second, self-made
    identity for counter-signatures and look-alikes."""
    import keyring

    from sipdesk.model.store import open_store
    from tests.conftest import MemoryKeyring

    _data, _ident, rendered = signed_josef
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    store = open_store(tmp_path_factory.mktemp("pki-store"))
    try:
        pki = make_pki("Maria Ek")
        ident = identity.import_pkcs12(store, pki.p12(b"hemligt"), "hemligt")
        signed = sign_pdf(rendered.pdf, rendered.stamp, ident)
        other = identity.create_self_signed(store, "Karin Holm", "Kurator", "Elevhälsan")
        yield signed, ident, pki, other, rendered
    finally:
        store.close()
        keyring.set_keyring(previous)


def test_imported_chain_is_embedded_and_trusted_against_the_root_alone(pki_signed, store):
    data, ident, pki, _other, rendered = pki_signed
    assert ident.chain == 2 and ident.kind == "own"
    status = _pyhanko_status(data, [pki.root])
    assert status.trusted and status.bottom_line and status.intact and status.valid
    result = verify.verify_bytes(data)
    assert result.ok and result.signatures[0].chain == 2
    assert result.signatures[0].issuer == "Testregionen Utfärdar-CA"
    # the kind of fault seen: without the chain, a receiver trusting the root gets "untrusted"
    bare = identity.import_pkcs12(store, pki.p12(b"x", chain=False), "x")
    assert bare.chain == 0
    lone = sign_pdf(rendered.pdf, rendered.stamp, bare)
    assert not _pyhanko_status(lone, [pki.root]).trusted


@pytest.mark.parametrize(
    "kind,offset",
    [("own", "after"), ("own", "before"), ("self-signed", "after"), ("self-signed", "before")],
)
def test_a_certificate_outside_its_validity_is_refused_at_signing(
    pki_signed, signed_josef, kind, offset
):
    _data, own, _pki, _other, rendered = pki_signed
    ident = own if kind == "own" else signed_josef[1]
    when = (
        ident.not_after + dt.timedelta(days=10)
        if offset == "after"
        else ident.not_before - dt.timedelta(hours=1)
    )
    with pytest.raises(identity.IdentityError) as info:
        sign_pdf(rendered.pdf, rendered.stamp, ident, now=when)
    message = str(info.value)
    assert "ingenting signerades" in message
    if offset == "after":
        assert "gick ut" in message
        assert ("--import" in message) if kind == "own" else ("--create" in message)
    else:
        assert "gäller först från" in message


@settings(max_examples=40)
@given(days=st.integers(-4000, 4000))
@example(days=365 - identity.WARN_DAYS)  # exactly WARN_DAYS left: warned (once found at random)
@example(days=365 - identity.WARN_DAYS - 1)
@example(days=0)
@example(days=365)
def test_signing_is_allowed_exactly_within_the_validity(days):
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    ident = identity.SigningIdentity(
        b"", b"", "own", "X", "FP", start + dt.timedelta(days=365), not_before=start
    )
    now = start + dt.timedelta(days=days)
    if 0 <= days <= 365:
        identity.check_can_sign(ident, now)
    else:
        with pytest.raises(identity.IdentityError):
            identity.check_can_sign(ident, now)
    warning = identity.validity_warning(ident, now)
    assert (warning is None) == (0 <= days < 365 - identity.WARN_DAYS)


def test_import_refuses_an_expired_certificate_and_keeps_the_present_one(store, memory_keyring):
    present = identity.ensure(store, "Maria Ek")
    expired = make_pki(
        "Maria Ek",
        not_before=dt.datetime.now(dt.UTC) - dt.timedelta(days=400),
        not_after=dt.datetime.now(dt.UTC) - dt.timedelta(days=10),
    )
    with pytest.raises(identity.IdentityError, match="gick ut"):
        identity.import_pkcs12(store, expired.p12(b"pw"), "pw")
    assert identity.load(store).fingerprint == present.fingerprint


def test_cli_import_warns_of_a_certificate_that_runs_out_soon(capsys, tmp_path, monkeypatch):
    from sipdesk.cli import main

    soon = make_pki("Maria Ek", not_after=dt.datetime.now(dt.UTC) + dt.timedelta(days=12))
    path = tmp_path / "chair.p12"
    path.write_bytes(soon.p12(b"pw"))
    monkeypatch.setenv("SIPDESK_P12_PASSWORD", "pw")
    assert main(["signing", "--import", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "Varning" in err and "går ut" in err and "utfärdarcertifikat" in err
    late = make_pki(
        "Maria Ek",
        not_before=dt.datetime.now(dt.UTC) - dt.timedelta(days=400),
        not_after=dt.datetime.now(dt.UTC) - dt.timedelta(days=10),
    )
    path.write_bytes(late.p12(b"pw"))
    assert main(["signing", "--import", str(path)]) == 1
    assert "gick ut" in capsys.readouterr().err


def test_self_made_identity_is_renewed_in_time_and_the_old_one_stays_known(store, memory_keyring):
    first = identity.ensure(store, "Maria Ek")
    early = first.not_after - dt.timedelta(days=identity.RENEW_DAYS + 1)
    assert identity.ensure(store, "Maria Ek", now=early).fingerprint == first.fingerprint
    late = first.not_after - dt.timedelta(days=identity.RENEW_DAYS - 1)
    renewed = identity.ensure(store, "Maria Ek", now=late)
    assert renewed.fingerprint != first.fingerprint and renewed.kind == "self-signed"
    assert renewed.not_after > first.not_after
    known = identity.known_certificates(store)
    assert {first.fingerprint, renewed.fingerprint} <= set(known)
    identity.remove(store)
    assert first.fingerprint in identity.known_certificates(store)


def test_stamp_shows_swedish_local_time_and_the_signature_holds_utc(signed_josef, tmp_path):
    from sipdesk.export.signing import stamp_time

    assert stamp_time(dt.datetime(2027, 1, 15, 12, 0, tzinfo=dt.UTC)) == "2027-01-15 13:00 CET"
    assert stamp_time(dt.datetime(2027, 6, 15, 12, 0, tzinfo=dt.UTC)) == "2027-06-15 14:00 CEST"
    data, _ident, _rendered = signed_josef
    text = squash(pdf_text(data, tmp_path))
    assert (" CET" in text) or (" CEST" in text)
    signed_at = verify.verify_bytes(data).signed_at
    assert signed_at is not None and signed_at.utcoffset() is not None


# --- additions a receiver's tools make: intact, and listed ------------------------------------


def _with_dss(data: bytes, pki) -> bytes:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    sig = PdfFileReader(io.BytesIO(data)).embedded_signatures[-1]
    out = io.BytesIO(data)
    DocumentSecurityStore.add_dss(
        out,
        bytes(sig.sig_object["/Contents"]).hex().encode(),
        certs=[_asn1(c) for c in (pki.chair, pki.intermediate, pki.root)],
    )
    return out.getvalue()


def _countersigned(data: bytes, other) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12_data(other.p12, (), passphrase=other.password)
    out = io.BytesIO()
    signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="Kontrasignatur", md_algorithm="sha256"),
        signer=signer,
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), output=out)
    return out.getvalue()


def _incremental(data: bytes, change) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _resave(writer) -> None:
    writer.update_root()  # what a reader's plain "save" writes: the same catalog again


ADDITIONS = {
    "dss": (lambda d, pki, other: _with_dss(d, pki), ["valideringsdata (DSS"]),
    "countersigned": (
        lambda d, pki, other: _countersigned(d, other),
        ["ytterligare en signatur av Karin Holm"],
    ),
    "countersigned then dss": (
        lambda d, pki, other: _with_dss(_countersigned(d, other), pki),
        ["ytterligare en signatur av Karin Holm", "valideringsdata (DSS"],
    ),
    "saved again": (
        lambda d, pki, other: _incremental(d, _resave),
        ["en sparning som inte ändrar något läsaren ser"],
    ),
}


@pytest.mark.parametrize("name", list(ADDITIONS))
def test_validation_data_and_further_signatures_leave_the_plan_intact(pki_signed, name):
    data, ident, pki, other, _rendered = pki_signed
    make, expected = ADDITIONS[name]
    changed = make(data, pki, other)
    assert changed != data
    result = verify.compare(verify.verify_bytes(changed), {ident.fingerprint})
    assert result.ok and not result.problems, result.problems
    assert result.signer == "Maria Ek" and result.fingerprint == ident.fingerprint
    assert [a for a in result.additions if any(e in a for e in expected)]
    assert len(result.additions) == len(expected)
    text = verify.report(result)
    lines = text.splitlines()
    assert lines[0] == "Ordförandens signatur (SipDesk):"  # the chair's first
    assert lines[-1].startswith("OFÖRÄNDRAD") and verify.exit_code(result) == 0
    assert all(e in text for e in expected)
    if "countersigned" in name:
        assert [s.signer for s in result.signatures] == ["Maria Ek", "Karin Holm"]
        assert result.signatures[1].known is False  # another party's: not this store's


# --- manipulations: each refused --------------------------------------------------------------


def _override_content(writer) -> None:
    from pyhanko.pdf_utils import generic

    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Contents"] = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1+0 40 Tf 100 400 Td (ANNAN TEXT) Tj ET")
    )
    writer.update_container(page)


def _add_annotation(writer) -> None:
    from pyhanko.pdf_utils import generic

    page = writer.root["/Pages"]["/Kids"][0].get_object()
    note = writer.add_object(
        generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/FreeText"),
                generic.pdf_name("/Rect"): generic.ArrayObject(
                    [generic.NumberObject(x) for x in (100, 100, 300, 150)]
                ),
                generic.pdf_name("/Contents"): generic.TextStringObject("Insatsen är struken"),
                generic.pdf_name("/DA"): generic.TextStringObject("/Helv 12 Tf 0 g"),
            }
        )
    )
    annots = page.get("/Annots")
    if annots is None:
        page["/Annots"] = generic.ArrayObject([note])
    else:
        annots.get_object().append(note)
    writer.update_container(page)


def _retitle(writer) -> None:
    from pyhanko.pdf_utils import generic

    info = writer.trailer["/Info"].get_object()
    info["/Title"] = generic.TextStringObject("Beslut om insats")
    writer.update_container(info)


def _zero_contents(data: bytes) -> bytes:
    start = data.index(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", start)
    return data[:start] + b"0" * (end - start) + data[end:]


def _shrink_byte_range(data: bytes) -> bytes:
    """Claim a shorter signed range (the classic trick to slip bytes past the signature)."""
    at = data.index(b"/ByteRange [")
    end = data.index(b"]", at)
    numbers = data[at + len(b"/ByteRange [") : end].split()
    numbers[3] = str(int(numbers[3]) - 40).encode()
    text = b" ".join(numbers)
    width = end - at - len(b"/ByteRange [")
    return data[: at + len(b"/ByteRange [")] + text.ljust(width) + data[end:]


MANIPULATIONS = {
    "content overridden in an incremental save": lambda d, pki, o: _incremental(
        d, _override_content
    ),
    "annotation added": lambda d, pki, o: _incremental(d, _add_annotation),
    "title changed": lambda d, pki, o: _incremental(d, _retitle),
    "bytes appended": lambda d, pki, o: d + b"\n% appended\n",
    "contents zeroed": lambda d, pki, o: _zero_contents(d),
    "byte range shrunk": lambda d, pki, o: _shrink_byte_range(d),
    "content overridden after a DSS update": lambda d, pki, o: _incremental(
        _with_dss(d, pki), _override_content
    ),
    "content overridden after a counter-signature": lambda d, pki, o: _incremental(
        _countersigned(d, o), _override_content
    ),
    "a later signature broken": lambda d, pki, o: _break_last_signature(_countersigned(d, o)),
}


def _break_last_signature(data: bytes) -> bytes:
    at = data.rindex(b"/Contents <") + len(b"/Contents <") + 200
    changed = bytearray(data)
    changed[at] = ord("A") if data[at] != ord("A") else ord("B")
    return bytes(changed)


@pytest.mark.parametrize("name", list(MANIPULATIONS))
def test_known_manipulations_are_refused(pki_signed, name):
    data, ident, pki, other, _rendered = pki_signed
    changed = MANIPULATIONS[name](data, pki, other)
    result = verify.compare(verify.verify_bytes(changed), {ident.fingerprint})
    assert not result.ok and result.problems
    assert verify.exit_code(result) == verify.EXIT_NOT_INTACT
    last = verify.report(result).splitlines()[-1]
    assert last.startswith("ÄNDRAD")


# --- what reaches the terminal ------------------------------------------------------------------

HOSTILE = "Maria Ek\x1b[1A\x1b[2K\r\u202eDARDNÄRÖFO\x07"


@settings(max_examples=80)
@given(st.text(max_size=80))
def test_safe_leaves_nothing_a_terminal_or_bidi_would_act_on(text):
    import unicodedata

    shown = verify.safe(text)
    assert all(
        ch == " " or (ch.isprintable() and unicodedata.category(ch) not in ("Cf", "Co", "Cn"))
        for ch in shown
    )
    if all(ch.isalnum() or ch == " " for ch in text):
        assert shown == text


def test_hostile_signer_name_is_escaped_and_the_verdict_is_last(
    signed_josef, store, memory_keyring, tmp_path, capsys
):
    from sipdesk.cli import main

    _data, _ident, rendered = signed_josef
    hostile = identity.create_self_signed(store, HOSTILE)
    tampered = sign_pdf(rendered.pdf, rendered.stamp, hostile) + b"\n% appended\n"
    path = tmp_path / "hostile.pdf"
    path.write_bytes(tampered)
    store.close()
    assert main(["verify", str(path)]) == 1
    out, err = capsys.readouterr()
    for bad in ("\x1b", "\r", "\u202e", "\x07"):
        assert bad not in out and bad not in err
    assert "\\x1b[1A" in out and "\\u202e" in out
    assert out.rstrip("\n").splitlines()[-1].startswith("ÄNDRAD")


def test_a_plan_re_signed_by_an_unknown_look_alike_is_not_reported_as_known(
    signed_josef, tmp_path, capsys
):
    """The store's own identity signs one plan; a self-made certificate carrying the same
    name signs another: intact both, but only the first is known (exit 0 vs 3)."""
    from sipdesk.cli import main
    from sipdesk.model.store import open_store
    from tests.conftest import DEMO

    _data, _ident, rendered = signed_josef
    assert main(["import", str(DEMO / "1-josef.json")]) == 0
    case_id = capsys.readouterr().out.strip()
    ours = tmp_path / "ours.pdf"
    assert main(["export", case_id, "--format", "pdf", "--sign", "--out", str(ours)]) == 0
    capsys.readouterr()
    # the look-alike is made elsewhere (another store), with the chair's name
    elsewhere = open_store(tmp_path / "elsewhere")
    look_alike = identity.create_self_signed(elsewhere, "Maria Ek")
    elsewhere.close()
    theirs = tmp_path / "theirs.pdf"
    theirs.write_bytes(sign_pdf(rendered.pdf, rendered.stamp, look_alike))

    assert main(["verify", str(ours)]) == verify.EXIT_KNOWN
    assert "signerar med" in capsys.readouterr().out.splitlines()[-1]
    assert main(["verify", str(theirs)]) == verify.EXIT_UNKNOWN
    out = capsys.readouterr().out
    assert "inte känner till" in out.splitlines()[-1] and look_alike.fingerprint in out
    assert "Maria Ek" in out
    # scripts: --expect settles it by the fingerprint alone
    assert main(["verify", str(theirs), "--expect", look_alike.fingerprint.lower()]) == 0
    capsys.readouterr()
    ours_fp = identity.fingerprint_of(b"")  # any other fingerprint
    assert main(["verify", str(ours), "--expect", ours_fp]) == verify.EXIT_UNKNOWN
    assert "ANNAT certifikat" in capsys.readouterr().out.splitlines()[-1]
    assert main(["verify", str(ours), "--expect", "1234"]) == 1
    assert "64 hexadecimala" in capsys.readouterr().err


def test_verify_without_a_store_still_gives_a_verdict(signed_josef, tmp_path, capsys):
    from sipdesk.cli import main

    data, _ident, _rendered = signed_josef
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    empty = tmp_path / "no-store"
    assert main(["--data-dir", str(empty), "verify", str(path)]) == verify.EXIT_UNKNOWN
    out = capsys.readouterr().out
    assert "inget SipDesk-lager" in out and out.splitlines()[-1].startswith("OFÖRÄNDRAD")
    assert not empty.exists() or not any(empty.iterdir())  # verify made no store


def test_library_logging_stays_off_the_terminal(pki_signed, tmp_path):
    import os
    import subprocess
    import sys

    data, _ident, _pki, _other, _rendered = pki_signed
    path = tmp_path / "changed.pdf"
    path.write_bytes(_incremental(data, _override_content))
    env = dict(os.environ, SIPDESK_HOME=str(tmp_path / "data"), SIPDESK_LANG="sv")
    done = subprocess.run(
        [sys.executable, "-m", "sipdesk", "verify", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr == "", done.stderr
    assert "Traceback" not in done.stdout
    assert done.stdout.rstrip("\n").splitlines()[-1].startswith("ÄNDRAD")


def test_verify_with_a_store_that_cannot_be_opened_says_it_could_not_compare(
    signed_josef, store, memory_keyring, tmp_path, capsys
):
    from sipdesk.cli import main

    store.close()
    memory_keyring.secrets.clear()  # the store's key is gone from the keyring
    data, _ident, _rendered = signed_josef
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    assert main(["verify", str(path)]) == verify.EXIT_UNKNOWN
    out, err = capsys.readouterr()
    assert "lagret kunde inte öppnas" in out and out.splitlines()[-1].startswith("OFÖRÄNDRAD")
    assert "Traceback" not in out + err


def test_signed_export_with_a_not_yet_valid_certificate_stops_and_writes_nothing(
    capsys, tmp_path, monkeypatch
):
    from sipdesk.cli import main
    from tests.conftest import DEMO

    assert main(["import", str(DEMO / "1-josef.json")]) == 0
    case_id = capsys.readouterr().out.strip()
    future = make_pki(
        "Maria Ek",
        not_before=dt.datetime.now(dt.UTC) + dt.timedelta(days=3),
        not_after=dt.datetime.now(dt.UTC) + dt.timedelta(days=400),
    )
    p12 = tmp_path / "chair.p12"
    p12.write_bytes(future.p12(b"pw"))
    monkeypatch.setenv("SIPDESK_P12_PASSWORD", "pw")
    assert main(["signing", "--import", str(p12)]) == 0
    assert "gäller först från" in capsys.readouterr().err  # warned at import
    target = tmp_path / "plan.pdf"
    assert main(["export", case_id, "--format", "pdf", "--sign", "--out", str(target)]) == 1
    err = capsys.readouterr().err
    assert "gäller först från" in err and "ingenting signerades" in err
    assert not target.exists()
