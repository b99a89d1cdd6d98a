"""`sipdesk export --format …` and `sipdesk verify`, as a script or a chair would run them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sipdesk.cli import main
from tests.conftest import DEMO
from tests.export.helpers import pdf_text


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def josef_id(capsys):
    code, out, _err = run(capsys, "import", str(DEMO / "1-josef.json"))
    assert code == 0
    return out.strip()


def test_signed_pdf_then_verify_then_tamper(capsys, tmp_path, josef_id, store_after):
    target = tmp_path / "plan.pdf"
    code, out, err = run(
        capsys, "export", josef_id, "--format", "pdf", "--sign", "--out", str(target)
    )
    assert code == 0 and out.strip() == str(target.resolve())
    assert "inte krypterad" in err and "fingeravtryck" in err
    assert target.stat().st_mode & 0o077 == 0  # the user's own file
    code, out, _err = run(capsys, "verify", str(target))
    assert code == 0 and "OFÖRÄNDRAD" in out and "Maria Ek" in out
    data = bytearray(target.read_bytes())
    data[len(data) // 4] ^= 0x01
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    code, out, _err = run(capsys, "verify", str(tampered))
    assert code == 1 and "ÄNDRAD" in out
    log = store_after().audit_log(int(josef_id))
    assert [(e.action, e.detail) for e in log][-1] == ("exported", "pdf signed")


@pytest.fixture
def store_after(data_dir):
    stores = []

    def open_():
        from sipdesk.model.store import open_store

        stores.append(open_store(data_dir))
        return stores[-1]

    yield open_
    for s in stores:
        s.close()


@pytest.mark.parametrize(
    ("fmt", "name", "needle"),
    [
        ("pdf", "sip-josef-berg-2026-10-12-v1-1688c834.pdf", "Mål och planering"),
        ("easy-read", "min-plan-josef-berg-2026-10-12-1688c834.pdf", "Vem gör vad"),
        ("invitation", "kallelse-josef-berg-2026-10-12-1688c834.pdf", "Frågor som mötet ska besvara"),
        ("ics", "sip-uppfoljning-josef-berg-2026-10-12-1688c834.ics", "BEGIN:VEVENT"),
    ],
)
def test_each_format_into_a_folder_under_its_suggested_name(
    capsys, tmp_path, josef_id, fmt, name, needle
):
    code, out, _err = run(capsys, "export", josef_id, "--format", fmt, "--out", str(tmp_path))
    assert code == 0
    written = tmp_path / name
    assert out.strip() == str(written.resolve())
    data = written.read_bytes()
    text = data.decode() if fmt == "ics" else pdf_text(data, tmp_path)
    assert needle in text


def test_protected_case_file_name_holds_no_name(capsys, tmp_path):
    code, out, _err = run(capsys, "import", str(DEMO / "5-skyddad.json"))
    case_id = out.strip()
    code, out, _err = run(capsys, "export", case_id, "--format", "pdf", "--out", str(tmp_path))
    assert code == 0
    name = out.strip().rsplit("/", 1)[-1].lower()
    assert (
        name.startswith("sip-")
        and "amira" not in name
        and "k-17" not in name
        and "klient" not in name
    )


def test_sign_is_refused_for_other_formats(capsys, tmp_path, josef_id):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, _out, err = run(
        capsys, "export", josef_id, "--format", "invitation", "--sign", "--out", str(out_dir)
    )
    assert code == 1 and "Bara planen som PDF" in err
    assert list(out_dir.iterdir()) == []


def test_ics_without_follow_up_exits_1_and_writes_nothing(capsys, tmp_path):
    from sipdesk.model import planfile

    case = planfile.read(DEMO / "1-josef.json")
    case.current_meeting.plan.follow_up = None
    path = tmp_path / "nofollow.json"
    planfile.write(case, path)
    case_id = run(capsys, "import", str(path))[1].strip()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, _out, err = run(capsys, "export", case_id, "--format", "ics", "--out", str(out_dir))
    assert code == 1 and "Ingen uppföljning är bokad" in err
    assert list(out_dir.iterdir()) == []


def test_verify_unsigned_or_missing_file_exits_1(capsys, tmp_path, josef_id):
    run(capsys, "export", josef_id, "--format", "pdf", "--out", str(tmp_path / "u.pdf"))
    code, out, _err = run(capsys, "verify", str(tmp_path / "u.pdf"))
    assert code == 1 and "ingen digital signatur" in out
    code, out, _err = run(capsys, "verify", str(tmp_path / "missing.pdf"))
    assert code == 1 and "Kan inte läsa" in out


def test_cli_start_up_does_not_import_reportlab_or_pyhanko():
    code = (
        "import sys, sipdesk.cli, sipdesk.export.api, sipdesk.export.document; "
        "print(any(m.split('.')[0] in ('reportlab', 'pyhanko') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_signing_shows_the_fingerprint_the_pdf_carries(capsys, tmp_path, josef_id):
    code, out, _err = run(capsys, "signing")
    assert code == 0 and "Ingen signeringsidentitet" in out
    target = tmp_path / "p.pdf"
    run(capsys, "export", josef_id, "--format", "pdf", "--sign", "--out", str(target))
    code, out, _err = run(capsys, "signing")
    fingerprint = out.strip().splitlines()[-1].split(": ", 1)[1]
    assert code == 0 and "Maria Ek" in out and "egensignerat" in out
    assert fingerprint in run(capsys, "verify", str(target))[1]
    assert fingerprint.replace(" ", "") in "".join(pdf_text(target.read_bytes(), tmp_path).split())


def test_signing_import_refuses_wrong_password(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SIPDESK_P12_PASSWORD", "fel")
    bogus = tmp_path / "x.p12"
    bogus.write_bytes(b"not a certificate")
    code, _out, err = run(capsys, "signing", "--import", str(bogus))
    assert code == 1 and "PKCS#12" in err


@pytest.mark.parametrize("fmt", ["json", "pdf", "easy-read", "invitation", "ics"])
def test_a_second_export_refuses_to_replace_unless_told_overwrite(capsys, tmp_path, josef_id, fmt):
    out = tmp_path / "out"
    out.mkdir()
    target = out / ("plan.json" if fmt == "json" else "")
    args = ["export", josef_id, "--format", fmt, "--out", str(target if fmt == "json" else out)]
    code, first, _err = run(capsys, *args)
    assert code == 0
    written = next(out.iterdir())
    before = written.read_bytes()
    written.write_bytes(b"another case's file")
    code, _out, err = run(capsys, *args)
    assert code == 1 and "finns redan" in err and "--overwrite" in err
    assert written.read_bytes() == b"another case's file"
    code, again, _err = run(capsys, *args, "--overwrite")
    assert code == 0 and again == first
    assert written.read_bytes()[:4] == before[:4]
