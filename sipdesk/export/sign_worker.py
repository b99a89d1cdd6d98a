"""Signing in a second process, for the command line's signed export.

Importing pyHanko (with the certificate validator, asn1crypto and the stamp's fonts) takes about
0.4 s – a third of a short signed export from the command line, which must import everything
afresh each time. `SignerProcess` starts this module as a child process as the export starts; the
child imports all of it on another core while the export opens the store and lays out the plan,
then signs the one PDF it is sent and exits.

What crosses: the rendered PDF and the signing identity (its PKCS#12 archive and password), over
the child's standard input – an anonymous pipe between two processes of the same user, never a
file. The child writes nothing anywhere but its standard output, keeps nothing, and exits after
one PDF or as soon as its input closes (the export stopped before signing).

Whatever goes wrong there – the child cannot start, dies, answers wrongly or too late – the
export signs in its own process instead (`SignerProcess.sign`), with the same result and the same
errors: the child only ever saves time.

Frame: a 4-byte big-endian length, a JSON header, then the blobs the header names, in order.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import struct
import sys
from typing import IO

log = logging.getLogger(__name__)

# from the request on: the child has imported pyHanko by then or soon after (≈0.5 s), and a
# 2,000-row plan signs in well under a second; a child past this is killed and the export signs
# itself – a hung child costs the chair this long, not more
ANSWER_TIMEOUT_S = 20.0
ANSWER_SLACK = 1 << 20  # the update's own objects (field, widget, page, catalog, metadata, xref)
# The child runs this module from exactly the export's own import path: `-P` keeps the working
# folder (or a script's) off it – a `json.py` or `sipdesk/` there would run in a process that is
# then sent the key – and the export's `sys.path` follows as arguments (the same sipdesk, not one
# installed elsewhere). Paths only: the secrets go through stdin.
BOOT = "import sys; sys.path[:] = sys.argv[1:]; from sipdesk.export.sign_worker import main; main()"
# secrets of the environment that the child has no use for (the store's and backups'
# passphrases, the PKCS#12 password for scripted import)
SECRET_ENV = ("SIPDESK_PASSPHRASE", "SIPDESK_BACKUP_PASSPHRASE", "SIPDESK_P12_PASSWORD")


def child_command() -> list[str]:
    """The child's command line: this Python, safe path, this process's import path."""
    path = [p or os.getcwd() for p in sys.path if isinstance(p, str)]  # "" is the working folder
    return [sys.executable, "-P", "-c", BOOT, *path]


def child_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in SECRET_ENV}


def frame(header: dict, *blobs: bytes) -> bytes:
    """One frame: the header (with the blobs' lengths added) and the blobs."""
    head = json.dumps(dict(header, blobs=[len(b) for b in blobs])).encode("utf-8")
    return b"".join([struct.pack(">I", len(head)), head, *blobs])


def write_frame(out: IO[bytes], header: dict, *blobs: bytes) -> None:
    out.write(frame(header, *blobs))
    out.flush()


def read_frame(inp: IO[bytes]) -> tuple[dict, list[bytes]] | None:
    """The next frame, or None at the end of the input (or a frame cut short)."""
    size = inp.read(4)
    if len(size) < 4:
        return None
    head = inp.read(struct.unpack(">I", size)[0])
    try:
        header = json.loads(head)
        lengths = [int(n) for n in header["blobs"]]
    except (ValueError, KeyError, TypeError, RecursionError):  # RecursionError: "[[[[…"
        return None
    blobs = [inp.read(n) for n in lengths]
    if any(len(b) != n for b, n in zip(blobs, lengths, strict=True)):
        return None
    return header, blobs


def serve(inp: IO[bytes], out: IO[bytes]) -> int:
    """Sign the one PDF the input brings; 0 when signed or when the input closed unused."""
    from sipdesk.export.pades import apply_signature

    frame = read_frame(inp)
    if frame is None:
        return 0
    header, blobs = frame
    try:
        pdf, p12, password, cert_der, stamp_pdf = blobs
        box = tuple(int(v) for v in header["box"])
        signed = apply_signature(
            pdf, int(header["page"]), box, p12, password, cert_der, stamp_pdf, header["reason"],
            header.get("name", ""),
        )
    except Exception as exc:  # the export signs in its own process and reports the error there
        write_frame(out, {"ok": False, "error": type(exc).__name__})
        return 1
    write_frame(out, {"ok": True}, signed)
    return 0


class SignerProcess:
    """A child process that signs one PDF (see the module's text); `sign` always returns the
    signed PDF – from the child when it can, else signed here."""

    def __init__(self, command: list[str] | None = None) -> None:
        """Start the child: `command`, by default this module under this Python."""
        import subprocess

        self._proc: subprocess.Popen | None = None
        self.signed_there = False  # the last `sign` used the child's signature
        if command is None and getattr(sys, "frozen", False):
            return  # a bundle has no `python -m`: sign in this process
        try:
            self._proc = subprocess.Popen(
                command or child_command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                close_fds=True,
                env=child_env(),
            )
        except OSError as exc:
            log.info("signing process not started (%s); signing in this one", type(exc).__name__)

    def sign(self, pdf: bytes, stamp, identity, reason: str = "") -> bytes:
        """`signing.sign_pdf(pdf, stamp, identity, reason)`: the checks and the stamp here (their
        errors raised here, as `sign_pdf` raises them), the signature in the child when it can."""
        from sipdesk.export.signing import apply_signature, stamp_page

        page = stamp_page(stamp, identity)
        blobs = (identity.p12, identity.password, identity.cert_der, page)
        name = identity.signer_name or identity.subject
        signed = self._sign_there(pdf, stamp, blobs, reason, name)
        self.signed_there = signed is not None
        if signed is not None:
            return signed
        return apply_signature(pdf, stamp, identity, page, reason)

    def _sign_there(
        self, pdf: bytes, stamp, blobs: tuple[bytes, ...], reason: str, name: str = ""
    ) -> bytes | None:
        import subprocess

        proc, self._proc = self._proc, None
        if proc is None:
            return None
        from sipdesk.export.pades import reserved_bytes

        header = {"page": stamp.page, "box": list(stamp.box), "reason": reason, "name": name}
        request = frame(header, pdf, *blobs)
        # the signed file is the one sent, the stamp's page and the signature's room, and an
        # update's few objects: an answer past this is no signed file (and is not all read)
        limit = len(request) + reserved_bytes(blobs[0], blobs[2]) + ANSWER_SLACK
        try:
            # the child reads after its imports; its answer comes when it has signed
            out = _exchange(proc, request, limit, ANSWER_TIMEOUT_S)
        except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
            log.info("signing process failed (%s); signing in this one", type(exc).__name__)
            _stop(proc)
            return None
        except BaseException:  # Ctrl+C while it signs: the child goes with the export
            _stop(proc)
            raise
        answer = read_frame(io.BytesIO(out))
        if answer is None or not answer[0].get("ok") or len(answer[1]) != 1:
            why = "no answer" if answer is None else answer[0].get("error", "?")
            log.info("signing process did not sign (%s); signing in this one", why)
            return None
        signed = answer[1][0]
        if not signs(signed, pdf, blobs[2]):
            log.info("signing process answered a different file; signing in this one")
            return None
        return signed

    def close(self) -> None:
        """Stop the child if it was never asked (the export ended before signing)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            _stop(proc)

    def __enter__(self) -> SignerProcess:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


# offsets of at most 15 digits: a longer one is no file's, and int() refuses past 4,300
_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*0\s+(\d{1,15})\s+(\d{1,15})\s+(\d{1,15})\s*\]")
# the CMS signed attribute messageDigest (RFC 5652 11.2): its OID, a SET of one 32-byte OCTET STRING
_MESSAGE_DIGEST = bytes.fromhex("06092a864886f70d010904" "3122" "0420")


def signs(signed: bytes, pdf: bytes, cert_der: bytes) -> bool:
    """Whether the child's answer is `pdf` with a signature over the whole of it: an incremental
    update of `pdf` (pyHanko's way), whose signature covers every byte but its own /Contents,
    states the SHA-256 of exactly those bytes and embeds the signer's certificate. A sanity check
    of what our own child answers (the signature value itself is not checked; verifying it here
    would import what the child is there to import) – anything else is signed here instead."""
    if len(signed) <= len(pdf) or signed[: len(pdf)] != pdf:
        return False
    ranges = list(_BYTE_RANGE.finditer(signed, len(pdf)))
    if len(ranges) != 1:
        return False
    start, rest, rest_len = (int(n) for n in ranges[0].groups())
    if not (len(pdf) < start < rest and rest + rest_len == len(signed)):
        return False
    if signed[start : start + 1] != b"<" or signed[rest - 1 : rest] != b">":
        return False
    try:
        contents = bytes.fromhex(signed[start + 1 : rest - 1].decode("ascii"))
    except ValueError:
        return False
    digest = hashlib.sha256(signed[:start] + signed[rest:]).digest()
    return _MESSAGE_DIGEST + digest in contents and (not cert_der or cert_der in contents)


def _exchange(proc, request: bytes, limit: int, timeout: float) -> bytes:
    """`proc.communicate(request, timeout)` that reads at most `limit` bytes of the answer:
    ValueError past it (a child that floods its output is not held in memory), TimeoutExpired
    when the child has not answered and exited by then. The caller stops the child on either."""
    import subprocess
    import threading
    import time

    deadline = time.monotonic() + timeout
    answer: list[bytes] = []

    def write() -> None:
        for step in (lambda: proc.stdin.write(request), proc.stdin.close):
            try:
                step()
            except (OSError, ValueError):  # the child is gone or stopped: its answer tells
                pass

    def read() -> None:
        try:
            answer.append(proc.stdout.read(limit + 1))
        except (OSError, ValueError):
            pass

    threads = [threading.Thread(target=f, daemon=True) for f in (write, read)]
    for thread in threads:
        thread.start()
    threads[1].join(timeout)  # the answer ends when the child exits
    if threads[1].is_alive():
        raise subprocess.TimeoutExpired(proc.args, timeout)
    if not answer or len(answer[0]) > limit:
        raise ValueError("no answer, or an answer past its bound")
    proc.wait(max(0.0, deadline - time.monotonic()))
    threads[0].join(max(0.0, deadline - time.monotonic()))
    proc.stdout.close()
    return answer[0]


def _stop(proc) -> None:
    """Kill the child (if it still runs), reap it and close its pipes – killed first, so that a
    thread of `_exchange` still blocked on a pipe returns."""
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    for stream in (proc.stdin, proc.stdout):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass


def _waiting(stream) -> bool:
    """Whether the request is already there to read (False where that cannot be told: a pipe
    on Windows, which `select` does not take)."""
    import select

    try:
        return bool(select.select([stream], [], [], 0)[0])
    except (OSError, ValueError, TypeError):
        return False


def main() -> None:
    import gc

    gc.disable()  # one PDF and out: the cycle collector would only slow it (sipdesk.startup)
    from sipdesk import dataclass_code
    from sipdesk.export import pades

    dataclass_code.install()  # pyHanko's ≈800 dataclass methods: compiled once, not per export
    pades.import_all()
    dataclass_code.save()  # this process ends with os._exit: no exit handlers
    if not _waiting(sys.stdin):  # the export still lays out its plan: spend the wait
        pades.warm()
    code = serve(sys.stdin.buffer, sys.stdout.buffer)
    # at once: the export waits for this process to end, and an interpreter's orderly exit with
    # pyHanko loaded takes tens of milliseconds (nothing is left to flush or close)
    os._exit(code)


if __name__ == "__main__":
    main()
