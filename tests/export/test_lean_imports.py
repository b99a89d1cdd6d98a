"""pyHanko's network clients (aiohttp) are imported only when used: signing and verifying offline
never import them, and the names pyHanko exports still give the real classes."""

from __future__ import annotations

from tests.conftest import last_lines

SIGN_AND_VERIFY = r"""
import sys, tempfile
from pathlib import Path
from sipdesk.export import pdf
from sipdesk.export.document import plan_document
from sipdesk.export.signing import sign_pdf, verify_hint
from sipdesk.export.verify import verify_file
from sipdesk.model import planfile
from benchmarks.export_bench import _identity
case = planfile.read(Path("resources/demo/1-josef.json"))
ident = _identity()
rendered = pdf.render(plan_document(case, stamp_caption=verify_hint(ident.fingerprint)))
signed = sign_pdf(rendered.pdf, rendered.stamp, ident)
path = Path(tempfile.mkdtemp()) / "p.pdf"
path.write_bytes(signed)
ok = verify_file(path).ok
print(ok, "aiohttp" in sys.modules)
from pyhanko.sign import timestamps
from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
stamper = timestamps.HTTPTimeStamper("http://127.0.0.1:9")
backend = AIOHttpFetcherBackend()
import pyhanko.sign.timestamps.aiohttp_client as real_ts
import pyhanko_certvalidator.fetchers.aiohttp_fetchers as real_f
print(type(stamper) is real_ts.HTTPTimeStamper, type(backend) is real_f.AIOHttpFetcherBackend,
      "aiohttp" in sys.modules)
"""


def test_signing_and_verifying_never_import_aiohttp_yet_its_clients_still_work():
    first, second = last_lines(SIGN_AND_VERIFY)
    assert first == "True False"  # signed and verified, aiohttp not imported
    assert second == "True True True"  # on use: the real classes, aiohttp imported then
