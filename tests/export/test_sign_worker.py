"""The command line's signing process (`sign_worker`): a signed PDF from it is the one signing here
would give, whatever the child does – answers, dies, hangs, answers wrongly, never starts – and the
errors are the same; the child gets its secrets only through its input and leaves nothing behind.

Also the signer's name on the stamp (`identity.signer_name_of`, read without pyHanko) is the one
pyHanko gives (`Signer.subject_name`), over generated certificate subjects."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import struct
import sys

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sipdesk.export import identity, pdf, sign_worker, verify
from sipdesk.export.document import plan_document
from sipdesk.export.printable import UnprintableText
from sipdesk.export.sign_worker import SignerProcess, frame, read_frame, signs
from sipdesk.export.signing import sign_pdf
from tests.export.helpers import demo_case
from tests.export.pki import NOW, certificate

CHILD = [sys.executable, "-m", "sipdesk.export.sign_worker"]
# a child that signs as the real one does, then answers `{spoil}` (of `signed`, `blobs`)
_SPOILER = (
    "import re, sys\n"
    "from sipdesk.export.sign_worker import read_frame, write_frame\n"
    "from sipdesk.export.pades import apply_signature\n"
    "header, blobs = read_frame(sys.stdin.buffer)\n"
    "pdf, p12, password, cert, page = blobs\n"
    "signed = apply_signature(pdf, header['page'], tuple(header['box']), p12, password, cert, page)\n"
    "write_frame(sys.stdout.buffer, {{'ok': True}}, {spoil})\n"
)
# children that do not sign: each must leave the export signing in its own process
BROKEN_CHILDREN = {
    "dies at once": [sys.executable, "-c", "import sys; sys.exit(3)"],
    "answers nonsense": [sys.executable, "-c", "import sys; sys.stdin.buffer.read(); print('ja')"],
    "answers a frame of another file": [
        sys.executable,
        "-c",
        "import sys; from sipdesk.export.sign_worker import read_frame, write_frame;"
        "read_frame(sys.stdin.buffer); write_frame(sys.stdout.buffer, {'ok': True}, b'%PDF-1.7 x')",
    ],
    "says it failed": [
        sys.executable,
        "-c",
        "import sys; from sipdesk.export.sign_worker import read_frame, write_frame;"
        "read_frame(sys.stdin.buffer); write_frame(sys.stdout.buffer, {'ok': False})",
    ],
    "never answers": [sys.executable, "-c", "import time; time.sleep(60)"],
    "answers a header nested past Python's depth": [
        sys.executable,
        "-c",
        "import struct, sys; sys.stdin.buffer.read(); h = b'[' * 100000 + b']' * 100000;"
        "sys.stdout.buffer.write(struct.pack('>I', len(h)) + h)",
    ],
    "floods its output": [sys.executable, "-c", "import sys\nwhile True: sys.stdout.write('x' * 65536)"],
    "answers and never exits": [
        sys.executable,
        "-c",
        "import sys, time; from sipdesk.export.sign_worker import read_frame, write_frame;"
        "read_frame(sys.stdin.buffer); write_frame(sys.stdout.buffer, {'ok': False});"
        "sys.stdout.close(); time.sleep(60)",
    ],
    # signs, then spoils its answer: each still begins with the file sent
    **{
        f"answers the signed file {how}": [sys.executable, "-c", _SPOILER.format(spoil=spoil)]
        for how, spoil in {
            "with bytes appended": "signed + b'%junk\\n'",
            "changed after signing": "signed.replace(b'(SipDeskSignature)', b'(SipDeskSignaturX)')",
            "without its signature": "re.sub(rb'/Contents <[0-9A-Fa-f]+>', "
            "lambda m: b'/Contents <' + b'0' * (len(m.group(0)) - 12) + b'>', signed)",
            "cut to the sent file and junk": "signed[: len(blobs[0])] + b'\\n%%EOF junk'",
            "with a byte range of 5,000 digits": "re.sub(rb'/ByteRange \\[[^\\]]*\\]', "
            "b'/ByteRange [0 ' + b'9' * 5000 + b' 1 1]', signed)",
        }.items()
    },
    "cannot be started": ["/nonexistent/sipdesk-python", "-m", "sipdesk.export.sign_worker"],
}


@pytest.fixture(scope="module")
def rendered():
    return pdf.render(plan_document(demo_case("1-josef"), stamp_caption="Signerad"))


@pytest.fixture
def ident(store, memory_keyring):
    return identity.ensure(store, "Maria Ek", "Familjebehandlare", "Socialtjänsten")


def _signed_by(data: bytes, ident) -> None:
    result = verify.verify_bytes(data)
    assert result.ok and result.signatures[0].fingerprint == ident.fingerprint


def _stamp_lines(data: bytes, page: int) -> list[str]:
    """The stamp page's text as a reader shows it, without the time (the two signings may
    fall in two minutes)."""
    from tests.export.pdfread import flattened_texts

    text = flattened_texts(data)[page]
    return [line for line in text.split("\n") if not line.startswith(("Tid:", "Time:"))]


def test_the_child_signs_as_signing_here_would(rendered, ident):
    with SignerProcess(CHILD) as child:
        there = child.sign(rendered.pdf, rendered.stamp, ident, reason="SIP")
        assert child.signed_there
    here = sign_pdf(rendered.pdf, rendered.stamp, ident, reason="SIP")
    _signed_by(there, ident)
    assert there.startswith(rendered.pdf)
    # the same stamp: name, fingerprint, the same lines
    lines = _stamp_lines(there, rendered.stamp.page)
    assert lines == _stamp_lines(here, rendered.stamp.page)
    assert any(ident.fingerprint.split()[0] in line for line in lines)
    assert any("Maria Ek" in line for line in lines)


@pytest.mark.parametrize("kind", list(BROKEN_CHILDREN))
def test_a_child_that_does_not_sign_leaves_the_signing_here(rendered, ident, kind, monkeypatch):
    monkeypatch.setattr(sign_worker, "ANSWER_TIMEOUT_S", 3.0)
    child = SignerProcess(BROKEN_CHILDREN[kind])
    proc = child._proc
    data = child.sign(rendered.pdf, rendered.stamp, ident)
    _signed_by(data, ident)
    assert not child.signed_there
    if proc is not None:  # the child is gone, whatever it did
        assert proc.poll() is not None


@pytest.mark.parametrize("via_child", [False, True], ids=["here", "child"])
def test_an_expired_certificate_is_refused_the_same_way(rendered, store, memory_keyring, via_child):
    from tests.export.pki import make_pki

    pki = make_pki("Maria Ek", not_before=NOW - dt.timedelta(days=30),
                   not_after=NOW - dt.timedelta(days=1))  # fmt: skip
    blob = pki.p12(b"pw")
    # imported while still valid would be refused too: describe it as the store would hold it
    expired = identity._describe(blob, b"pw", "own")
    with pytest.raises(identity.IdentityError):
        if via_child:
            with SignerProcess(CHILD) as child:
                child.sign(rendered.pdf, rendered.stamp, expired)
        else:
            sign_pdf(rendered.pdf, rendered.stamp, expired)


@pytest.mark.parametrize("via_child", [False, True], ids=["here", "child"])
def test_an_unprintable_signer_name_is_refused_the_same_way(rendered, via_child):
    # a certificate made elsewhere, its name in a script no embedded font has
    ident = identity._describe(_p12(cn="Maria 𓀀 Ek"), b"pw", "own")
    with pytest.raises(UnprintableText) as refused:
        if via_child:
            with SignerProcess(CHILD) as child:
                child.sign(rendered.pdf, rendered.stamp, ident)
        else:
            sign_pdf(rendered.pdf, rendered.stamp, ident)
    assert refused.value.chars == ["𓀀"]


def test_a_child_whose_working_folder_is_gone_leaves_the_signing_here(rendered, ident, monkeypatch):
    """"" on the import path stands for the working folder; removed under the export, the child's
    command cannot be made: the export signs itself."""
    monkeypatch.setattr(sys, "path", ["", *sys.path])

    def gone():
        raise FileNotFoundError("the working folder was removed")

    monkeypatch.setattr(os, "getcwd", gone)
    child = SignerProcess()
    assert child._proc is None
    _signed_by(child.sign(rendered.pdf, rendered.stamp, ident), ident)
    assert not child.signed_there


def test_a_child_never_asked_is_stopped():
    child = SignerProcess(CHILD)
    proc = child._proc
    assert proc is not None
    child.close()
    assert proc.poll() is not None


def test_the_child_gets_no_secret_on_its_command_line_and_writes_no_file(
    rendered, ident, tmp_path, monkeypatch
):
    home = tmp_path / "child-home"
    home.mkdir()
    for var in ("HOME", "TMPDIR", "TEMP", "TMP", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(var, str(home))
    monkeypatch.chdir(home)
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(sys.path))
    child = SignerProcess()
    assert child._proc is not None
    args = child._proc.args  # this Python, the module, the import path: secrets go through stdin
    assert args == sign_worker.child_command()
    assert not any(ident.password.decode() in a or ident.subject in a for a in args)
    _signed_by(child.sign(rendered.pdf, rendered.stamp, ident), ident)
    assert child.signed_there
    assert list(home.rglob("*")) == []


@settings(max_examples=60)
@given(
    header=st.dictionaries(st.text(max_size=8), st.integers() | st.text(max_size=20), max_size=4),
    blobs=st.lists(st.binary(max_size=300), max_size=5),
    cut=st.integers(1, 40),
)
def test_frames_read_back_and_a_frame_cut_short_reads_as_none(header, blobs, cut):
    """(Any byte string at all reads as a frame or as None: `test_any_bytes_read_as_a_frame_or_none`.)"""
    header.pop("blobs", None)
    data = frame(header, *blobs)
    got = read_frame(io.BytesIO(data))
    assert got is not None and got[1] == blobs
    assert {k: v for k, v in got[0].items() if k != "blobs"} == header
    assert read_frame(io.BytesIO(data[: max(0, len(data) - cut)])) is None


def _p12(cn: str | None = None, org: str | None = None, email: str | None = None) -> bytes:
    attrs = []
    if cn is not None:
        attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    if org is not None:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    if email is not None:
        attrs.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, email))
    if not attrs:
        attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = certificate(x509.Name(attrs), key)
    return pkcs12.serialize_key_and_certificates(
        b"chair", key, cert, None, BestAvailableEncryption(b"pw")
    )


_word = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), min_size=1, max_size=20
).filter(lambda s: len(s.encode()) <= 64)


@settings(max_examples=25)
@given(cn=st.none() | _word, org=st.none() | _word, email=st.none() | st.emails())
@example(cn=None, org="0", email="0@A.xn--3E0B707E")  # an international domain (found at random)
@example(cn="Maria Ek", org=None, email="maria.ek@kommun.example")
def test_the_stamps_signer_name_is_pyhankos(cn, org, email):
    from pyhanko.sign import signers

    blob = _p12(cn, org, email)
    ours = identity.signer_name_of(x509.load_der_x509_certificate(_cert_der(blob)).subject)
    if cn is None and org is None:  # pyHanko has no name to give (KeyError): the address,
        # else nothing (the stamp then shows the identity's subject)
        if email is None:
            assert ours == ""
        else:
            assert "@" in ours and ours.rsplit("@", 1)[0] == email.rsplit("@", 1)[0]
        return
    theirs = signers.SimpleSigner.load_pkcs12_data(blob, (), passphrase=b"pw").subject_name
    assert ours == theirs


def _cert_der(blob: bytes) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    _key, cert, _extra = pkcs12.load_key_and_certificates(blob, b"pw")
    assert cert is not None
    return cert.public_bytes(Encoding.DER)


@pytest.fixture
def children(monkeypatch):
    """Every SignerProcess the command line starts, to look at after it returns."""
    made: list[tuple[SignerProcess, object]] = []
    real_init = SignerProcess.__init__

    def init(self, command=None):
        real_init(self, command)
        made.append((self, self._proc))

    monkeypatch.setattr(SignerProcess, "__init__", init)
    return made


def test_the_command_lines_signed_export_is_signed_by_the_child(capsys, tmp_path, children):
    from sipdesk.cli import main
    from tests.conftest import DEMO

    assert main(["import", str(DEMO / "1-josef.json")]) == 0
    case_id = capsys.readouterr().out.strip()
    target = tmp_path / "plan.pdf"
    assert main(["export", case_id, "--format", "pdf", "--sign", "--out", str(target)]) == 0
    [(child, proc)] = children
    assert child.signed_there and proc.poll() is not None
    assert verify.verify_bytes(target.read_bytes()).ok


@pytest.mark.parametrize(
    "args",
    [
        ["export", "999", "--format", "pdf", "--sign", "--out", "{tmp}"],  # no such case
        ["export", "1", "--format", "pdf", "--sign", "--out", "{tmp}/none/x.pdf"],  # no folder
        ["export", "1", "--format", "pdf", "--sign", "--cancel", "--out", "{tmp}"],  # wrong option
        ["export", "1", "--format", "pdf", "--sign", "--out", "{tmp}/kept.pdf"],  # no --overwrite
    ],
    ids=["no-case", "no-folder", "wrong-option", "file-exists"],
)
def test_an_export_that_stops_before_signing_stops_the_child(capsys, tmp_path, children, args):
    from sipdesk.cli import main
    from tests.conftest import DEMO

    assert main(["import", str(DEMO / "1-josef.json")]) == 0
    capsys.readouterr()
    (tmp_path / "kept.pdf").write_bytes(b"%PDF- the chair's earlier file")
    code = main([a.replace("{tmp}", str(tmp_path)) for a in args])
    assert code != 0
    _out, err = capsys.readouterr()
    assert "oväntat" not in err.lower() and "unexpected" not in err.lower()
    assert (tmp_path / "kept.pdf").read_bytes() == b"%PDF- the chair's earlier file"
    assert children  # started as the export started, before anything was checked
    for child, proc in children:
        assert not child.signed_there
        assert proc is None or proc.poll() is not None


# -- the child runs the export's own code, with none of its other secrets, and never outlives it


def test_the_child_imports_nothing_from_the_working_folder(rendered, ident, tmp_path, monkeypatch):
    """A chair runs `sipdesk export` in a folder holding a `json.py` (or a `sipdesk/`): the
    export's own import path does not hold the folder (a console script's is its own), so the
    child, which is sent the key, must not import from it either."""
    folder = tmp_path / "downloads"
    marker = tmp_path / "imported"
    (folder / "sipdesk" / "export").mkdir(parents=True)
    for name in ("json.py", "struct.py", "sipdesk/__init__.py", "sipdesk/export/__init__.py"):
        (folder / name).write_text(f"open({str(marker)!r}, 'a').write({name!r})\n")
    monkeypatch.chdir(folder)
    assert str(folder) not in sys.path and "" not in sys.path
    child = SignerProcess()
    _signed_by(child.sign(rendered.pdf, rendered.stamp, ident), ident)
    assert not marker.exists()
    assert child.signed_there  # and it still signs, with the export's own sipdesk


def test_the_child_is_not_given_the_environments_passphrases(monkeypatch):
    for var in sign_worker.SECRET_ENV:
        monkeypatch.setenv(var, "hemlig-" + var)
    monkeypatch.setenv("SIPDESK_LANG", "sv")
    show = "import os, sys; sys.stdout.write(repr({k: v for k, v in os.environ.items() if 'SIPDESK' in k}))"
    with SignerProcess([sys.executable, "-c", show]) as child:
        assert child._proc is not None
        seen = child._proc.stdout.read().decode()
    assert "hemlig" not in seen and "SIPDESK_LANG" in seen


def test_ctrl_c_while_the_child_signs_stops_the_child(rendered, ident, monkeypatch):
    child = SignerProcess([sys.executable, "-c", "import time; time.sleep(60)"])
    proc = child._proc
    assert proc is not None

    def interrupted(*_a, **_k):  # Ctrl+C (SIGINT to the export alone) while it waits for the answer
        raise KeyboardInterrupt

    monkeypatch.setattr(sign_worker, "_exchange", interrupted)
    with pytest.raises(KeyboardInterrupt):
        child.sign(rendered.pdf, rendered.stamp, ident)
    child.close()  # what the export's `with` does after
    assert proc.poll() is not None


@pytest.mark.parametrize("where", ["store", "render", "signing"])
def test_ctrl_c_anywhere_in_a_signed_export_leaves_no_child(capsys, tmp_path, children, monkeypatch, where):
    from sipdesk import cli
    from sipdesk.cli import main
    from sipdesk.export import pdf as pdf_mod
    from tests.conftest import DEMO

    assert main(["import", str(DEMO / "1-josef.json")]) == 0
    case_id = capsys.readouterr().out.strip()

    def interrupted(*_a, **_k):
        raise KeyboardInterrupt

    target = {"store": (cli, "_open"), "render": (pdf_mod, "render"),
              "signing": (sign_worker, "_exchange")}[where]  # fmt: skip
    monkeypatch.setattr(*target, interrupted)
    code = main(["export", case_id, "--format", "pdf", "--sign", "--out", str(tmp_path / "p.pdf")])
    assert code != 0 and not (tmp_path / "p.pdf").exists()
    assert children
    for _child, proc in children:
        assert proc is not None and proc.poll() is not None


def test_a_flooding_child_is_not_held_in_memory(rendered, ident):
    """A child writing far more than a signed file (then exiting) is cut off at a bound of the
    answer's size: the export does not gather its output (here 128 MB) in memory."""
    import tracemalloc

    sign_pdf(rendered.pdf, rendered.stamp, ident)  # pyHanko and the fonts set up beforehand
    flood = "import sys\nfor _ in range(2048): sys.stdout.buffer.write(b'x' * 65536)"
    child = SignerProcess([sys.executable, "-c", flood])
    proc = child._proc
    tracemalloc.start()
    try:
        data = child.sign(rendered.pdf, rendered.stamp, ident)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    _signed_by(data, ident)
    assert not child.signed_there and proc is not None and proc.poll() is not None
    assert peak < 48 * 2**20


def _p12_subject(attrs: list, latin1: tuple[str, str] | None = None) -> bytes:
    """A PKCS#12 whose certificate's subject is `attrs` (NameAttribute or RDN); `latin1`
    replaces a placeholder's bytes by a name's Latin-1 bytes (what an old CA wrote in a
    TeletexString; cryptography writes UTF-8 there)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    key = ec.generate_private_key(ec.SECP256R1())
    rdns = [a if isinstance(a, x509.RelativeDistinguishedName) else x509.RelativeDistinguishedName([a])
            for a in attrs]  # fmt: skip
    name = x509.Name(rdns)
    cert = certificate(name, key)  # self-issued
    if latin1 is not None:
        placeholder, real = latin1
        der = cert.public_bytes(Encoding.DER).replace(placeholder.encode(), real.encode("latin-1"))
        cert = x509.load_der_x509_certificate(der)  # the signature no longer matches: unchecked
    return pkcs12.serialize_key_and_certificates(
        b"chair", key, cert, None, BestAvailableEncryption(b"pw")
    )


def _subjects():
    from cryptography.x509.name import _ASN1Type

    cn, o = NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME

    def attr(oid, value, kind=None):
        return x509.NameAttribute(oid, value) if kind is None else x509.NameAttribute(oid, value, kind)

    return {
        "utf8": ([attr(cn, "Åsa Öberg")], None, "Åsa Öberg"),
        "bmp": ([attr(cn, "Åsa Öberg", _ASN1Type.BMPString)], None, "Åsa Öberg"),
        "universal": ([attr(cn, "Åsa Öberg", _ASN1Type.UniversalString)], None, "Åsa Öberg"),
        "printable": ([attr(cn, "Asa Oberg", _ASN1Type.PrintableString)], None, "Asa Oberg"),
        "teletex ascii": ([attr(cn, "Asa Oberg", _ASN1Type.T61String)], None, "Asa Oberg"),
        "teletex latin-1": ([attr(cn, "Xsa Yberg", _ASN1Type.T61String)], ("Xsa Yberg", "Åsa Öberg"), None),
        "multi-valued rdn": ([x509.RelativeDistinguishedName([attr(cn, "Åsa Öberg"), attr(o, "Kommunen")])],
                             None, "Åsa Öberg"),
        "two common names": ([attr(cn, "Åsa"), attr(cn, "Öberg")], None, "Åsa, Öberg"),
        "organisation only": ([attr(o, "Socialtjänsten")], None, "Socialtjänsten"),
    }  # fmt: skip


@pytest.mark.parametrize("kind", list(_subjects()))
def test_odd_certificate_subjects_sign_alike_or_are_refused_keeping_the_identity(
    rendered, store, memory_keyring, kind
):
    """A chair's certificate from another CA, its name in each string type a subject may use:
    imported, it signs the same through the child and here, with its name on the stamp; refused,
    with a message saying why – and the identity the store had is still the one it signs with."""
    attrs, latin1, shown = _subjects()[kind]
    before = identity.ensure(store, "Maria Ek", "Familjebehandlare", "Socialtjänsten")
    if shown is None:
        with pytest.raises(identity.IdentityError) as refused:
            identity.import_pkcs12(store, _p12_subject(attrs, latin1), "pw")
        assert "UTF-8" in str(refused.value)
        assert identity.load(store).fingerprint == before.fingerprint
        return
    ident = identity.import_pkcs12(store, _p12_subject(attrs, latin1), "pw")
    assert identity.load(store).fingerprint == ident.fingerprint != before.fingerprint
    with SignerProcess(CHILD) as child:
        there = child.sign(rendered.pdf, rendered.stamp, ident)
        assert child.signed_there
    here = sign_pdf(rendered.pdf, rendered.stamp, ident)
    for data in (there, here):
        _signed_by(data, ident)
        assert shown in [line.strip() for line in _stamp_lines(data, rendered.stamp.page)]


@pytest.mark.parametrize(
    "fmt", ["json", "easy-read", "invitation", "ics", "about-sip", "about-sip-easy", "deviation"]
)
def test_sign_with_another_format_is_refused_and_starts_no_child(capsys, tmp_path, children, fmt):
    from sipdesk.cli import main
    from tests.conftest import DEMO

    assert main(["import", str(DEMO / "1-josef.json")]) == 0
    case_id = capsys.readouterr().out.strip()
    code = main(["export", case_id, "--format", fmt, "--sign", "--out", str(tmp_path / "x")])
    _out, err = capsys.readouterr()
    assert code == 1 and "--format pdf" in err and not children
    assert list(tmp_path.glob("x*")) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads /proc")
def test_the_waiting_child_holds_none_of_the_exports_files(capsys, tmp_path, monkeypatch):
    """While the export has the store open (its database, the writer's lock, the log), the
    child holds its two pipes and /dev/null, nothing else, and no passphrase in its environment."""
    from sipdesk.cli import main
    from tests.conftest import DEMO

    seen: dict[str, object] = {}
    real_sign = SignerProcess.sign

    def sign(self, *args, **kwargs):
        pid = self._proc.pid
        seen["child"] = sorted(os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd"))
        seen["env"] = open(f"/proc/{pid}/environ", "rb").read()
        return real_sign(self, *args, **kwargs)

    monkeypatch.setattr(SignerProcess, "sign", sign)
    monkeypatch.setenv("SIPDESK_BACKUP_PASSPHRASE", "hemlig-backup")
    assert main(["import", str(DEMO / "1-josef.json")]) == 0
    case_id = capsys.readouterr().out.strip()
    assert main(["export", case_id, "--format", "pdf", "--sign", "--out", str(tmp_path / "p.pdf")]) == 0
    fds = seen["child"]
    assert len(fds) == 3 and fds.count("/dev/null") == 1, fds
    assert all(fd.startswith("pipe:") for fd in fds if fd != "/dev/null"), fds
    assert b"hemlig" not in seen["env"]


@settings(max_examples=80)
@given(
    data=st.binary(max_size=200)
    | st.builds(
        lambda head, tail: struct.pack(">I", len(head)) + head + tail,
        st.one_of(
            st.binary(max_size=100),
            st.integers(1, 50_000).map(lambda n: b"[" * n + b"]" * n),
            st.integers(1, 50_000).map(lambda n: b'{"blobs": ' + b"[" * n),
            st.lists(st.integers(-(2**40), 2**40), max_size=4).map(
                lambda ns: json.dumps({"blobs": ns}).encode()
            ),
        ),
        st.binary(max_size=100),
    )
)
def test_any_bytes_read_as_a_frame_or_none(data):
    """Whatever a child answers, reading it gives a frame or None – never an exception that would
    end the export as an unexpected error."""
    got = read_frame(io.BytesIO(data))
    assert got is None or (isinstance(got[0], dict) and all(isinstance(b, bytes) for b in got[1]))


@settings(max_examples=80)
@given(
    tail=st.binary(max_size=120)
    | st.builds(
        lambda nums, contents, rest: b"/ByteRange [0 %s] /Contents <%s>%s"
        % (b" ".join(nums), contents, rest),
        st.lists(st.integers(0, 10**30).map(lambda n: str(n).encode()) | st.just(b"9" * 5000),
                 min_size=3, max_size=3),
        st.binary(max_size=40).map(bytes.hex).map(str.encode) | st.binary(max_size=40),
        st.binary(max_size=40),
    )
)  # fmt: skip
def test_any_answer_is_judged_without_an_exception(tail):
    """`signs` answers True or False to whatever follows the file sent."""
    pdf = b"%PDF-1.4\n%sent\n"
    assert signs(pdf + tail, pdf, b"cert") in (True, False)
    assert not signs(pdf + tail, pdf, b"cert")  # no messageDigest of it, no certificate


@pytest.mark.parametrize(
    "argv,started,signs",
    [
        (["export", "{id}", "--format", "pdf", "--sign", "--out", "{tmp}"], True, True),
        (["--lang", "en", "export", "{id}", "--sign", "--format=pdf", "--out", "{tmp}"], True, True),
        (["export", "{id}", "--format", "json", "--sign", "--out", "{tmp}/p.json"], False, False),
        (["export", "{id}", "--format", "pdf", "--out", "{tmp}"], False, False),
        (["list", "export", "--sign", "--format", "pdf"], False, False),  # a usage error
        (["export", "{id}", "--format", "pdf", "--sign", "--format", "ics", "--out", "{tmp}"],
         False, False),  # the last --format counts: a calendar file cannot be signed  # fmt: skip
        (["export", "{id}", "--format", "pdf", "--sign", "--include-name", "--out", "{tmp}"],
         True, True),  # fmt: skip
    ],
    ids=["signed", "options-first", "json", "unsigned", "usage-error", "format-twice", "name"],
)
def test_a_signing_process_is_started_for_a_signed_pdf_only_and_never_outlives_the_command(
    capsys, tmp_path, children, argv, started, signs
):
    from sipdesk.cli import main
    from tests.conftest import DEMO

    assert main(["import", str(DEMO / "1-josef.json")]) == 0
    case_id = capsys.readouterr().out.strip()
    children.clear()
    code = main([a.replace("{id}", case_id).replace("{tmp}", str(tmp_path)) for a in argv])
    _out, err = capsys.readouterr()
    assert "oväntat" not in err.lower() and "unexpected" not in err.lower()
    assert len(children) == (1 if started else 0)
    for child, proc in children:
        assert proc is None or proc.poll() is not None  # gone when the command line returns
        assert child.signed_there == signs
    signed = [p for p in tmp_path.glob("*.pdf") if verify.verify_bytes(p.read_bytes()).ok]
    assert (code == 0 and len(signed) == 1) == signs


def test_the_child_tells_a_waiting_request_from_none_yet():
    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "rb") as inp, os.fdopen(write_end, "wb") as out:
        assert not sign_worker._waiting(inp)  # nothing yet: it warms up while it waits
        out.write(frame({"page": 0}))
        out.flush()
        assert sign_worker._waiting(inp)  # the request is there: it signs at once
    assert not sign_worker._waiting(io.BytesIO(b"x"))  # cannot be told: as if not there


def test_a_certificate_that_names_only_an_address_stamps_the_address(rendered):
    ident = identity._describe(_p12(email="maria.ek@kommun.example"), b"pw", "own")
    assert ident.signer_name == "maria.ek@kommun.example"
    lines = _stamp_lines(sign_pdf(rendered.pdf, rendered.stamp, ident), rendered.stamp.page)
    assert any("maria.ek@kommun.example" in line for line in lines)
    assert not any("1.2.840" in line for line in lines)  # not the attribute's OID
    with SignerProcess(CHILD) as child:  # and through the signing process: signed there too
        there = child.sign(rendered.pdf, rendered.stamp, ident)
        assert child.signed_there
    assert verify.verify_bytes(there).ok
