"""pyHanko's network clients (aiohttp) are imported only when used: signing and verifying offline
never import them, and the names pyHanko exports still give the real classes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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


URI_PATTERN = r"""
import re
import sipdesk.export
from reportlab.platypus import paragraph
from sipdesk.export.lean_imports import LazyPattern
lazy = paragraph.uri_pat
print(type(lazy) is LazyPattern, lazy._compiled is None)
# where ReportLab uses it – a URI breaking after its scheme, with hyphenation – it is its own
from reportlab.lib.styles import ParagraphStyle
style = ParagraphStyle("p", fontSize=10, hyphenationLang="sv_SE", uriWasteReduce=0.3)
uri = "https://samordnad.example.se/" + "/".join(["planer"] * 12)
lines = paragraph.Paragraph("Se " + uri, style).breakLines([120]).lines
print(lines[0][1] == ["Se", "https://"], lazy._compiled is not None)
"""


NAME_PATTERN = r"""
import sys
import sipdesk.export
from cryptography import x509
parser = x509.name._RFC4514NameParser
from sipdesk.export.lean_imports import LazyPattern
print(type(parser._STRING_RE) is LazyPattern, "importlib.abc" in sys.modules)
name = x509.Name.from_rfc4514_string("CN=Maria Ek,O=Kommunen\\, Socialtjänsten")
print(name.rfc4514_string(), type(parser._STRING_RE._compiled).__name__)
"""


def test_cryptographys_name_parser_pattern_is_compiled_only_when_used():
    first, second = last_lines(NAME_PATTERN, 2)
    assert first == "True False"  # nor importlib.abc (and importlib.resources) for the finders
    assert second == "CN=Maria Ek,O=Kommunen\\, Socialtjänsten Pattern"


def test_reportlabs_uri_pattern_is_compiled_only_when_used():
    # a fresh process: the export's imports leave the pattern uncompiled (≈45 ms saved)
    assert last_lines(URI_PATTERN, 2) == ["True True", "True True"]


@settings(max_examples=150)
@given(
    text=st.one_of(
        st.text(max_size=60),
        st.builds(
            lambda scheme, host, tail: f"{scheme}://{host}{tail}",
            st.sampled_from(["http", "https", "HTTPS", "ftp", "sip", "x-y+z"]),
            st.from_regex(r"[a-zA-Z0-9åäöÅÄÖ.-]{1,30}", fullmatch=True),
            st.text(max_size=20),
        ),
    )
)
def test_the_deferred_uri_pattern_matches_as_reportlabs_own(text):
    import re

    from reportlab.platypus import paragraph

    from sipdesk.export.lean_imports import LazyPattern

    real = re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)
    lazy = LazyPattern(re.compile, real.pattern, real.flags)  # as the deferral makes it
    got, want = lazy.match(text), real.match(text)
    assert (got is None) == (want is None)
    if got is not None:
        assert got.groups() == want.groups() and got.span() == want.span()


PIL_DEFERRED = r"""
import io, struct, sys, zlib
import sipdesk.export
from sipdesk.export import pdf
from sipdesk.export.document import plan_document
from tests.export.helpers import demo_case
pdf.render(plan_document(demo_case("1-josef")))
print("PIL.ExifTags" in sys.modules)  # a plan printed: Pillow's Image module never ran
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
out = io.BytesIO()
c = canvas.Canvas(out)
c.drawImage(ImageReader(io.BytesIO(png)), 10, 10, 20, 20)
c.save()
print(b"/Subtype /Image" in out.getvalue(), "PIL.ExifTags" in sys.modules)
"""


def test_pillows_image_module_runs_only_when_an_image_is_drawn():
    assert last_lines(PIL_DEFERRED, 2) == ["False", "True True"]


SHORT_PROCESS = r"""
import sys
from sipdesk import startup
startup.short_process()  # as the command line's export starts
from sipdesk.export import pdf, textlayout as tl
from sipdesk.export.document import plan_document
from tests.export.helpers import demo_case
pdf.render(plan_document(demo_case("1-josef")))
print(type(sys.modules["uharfbuzz"]).__name__, type(sys.modules["pyphen"]).__name__)
print(round(tl.width("مريم الحسيني", 10), 4), round(tl.width("ไม้ญฐ", 10), 4),
      type(sys.modules["uharfbuzz"]).__name__)
"""


def test_harfbuzz_and_pyphen_run_in_the_export_when_a_script_first_needs_them():
    from sipdesk.export import textlayout as tl

    latin, shaped = last_lines(SHORT_PROCESS, 2)
    assert latin == "_LazyModule _LazyModule"  # a Latin plan printed: neither ran
    # an Arabic and a Thai word: shaped as by HarfBuzz imported the usual way (this process)
    arabic, thai = round(tl.width("مريم الحسيني", 10), 4), round(tl.width("ไม้ญฐ", 10), 4)
    assert shaped == f"{arabic} {thai} module"
