"""Reading a PDF back for the paper tests: which glyph each drawn character code shows (from the
embedded font programs themselves), and the text a reader extracts – of the pages and of the
signature stamp."""

from __future__ import annotations

import io
import re
import unicodedata

import pypdfium2 as pdfium
from fontTools.ttLib import TTFont as FTFont
from pyhanko.pdf_utils.reader import PdfFileReader

_TF = re.compile(rb"/([A-Za-z0-9+_.-]+)\s+[\d.]+\s+Tf")


def _obj(x):
    return x.get_object() if hasattr(x, "get_object") else x


def _strings(content: bytes):
    """(font resource name, bytes) for every literal string a content stream shows."""
    font = None
    i, n = 0, len(content)
    depth = 0  # inside a dictionary (marked content's properties: ActualText) nothing is shown
    while i < n:
        c = content[i : i + 1]
        if content[i : i + 2] in (b"<<", b">>"):
            depth += 1 if c == b"<" else -1
            i += 2
            continue
        if c == b"/":
            m = _TF.match(content, i)
            if m:
                font = m.group(1).decode()
                i = m.end()
                continue
        if c == b"<":  # a hex string (a CID font's codes)
            j = content.index(b">", i)
            hexdigits = re.sub(rb"\s", b"", content[i + 1 : j])
            if not depth:
                yield font, bytes.fromhex((hexdigits + b"0" * (len(hexdigits) % 2)).decode())
            i = j + 1
            continue
        if c == b"(":
            depth, j, out = 1, i + 1, bytearray()
            while depth:
                ch = content[j : j + 1]
                if ch == b"\\":
                    nxt = content[j + 1 : j + 2]
                    if nxt in b"01234567" and nxt:
                        m = re.match(rb"[0-7]{1,3}", content[j + 1 : j + 4])
                        out.append(int(m.group(0), 8) & 0xFF)
                        j += 1 + len(m.group(0))
                        continue
                    out += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b",
                            b"f": b"\f"}.get(nxt, nxt)  # fmt: skip
                    j += 2
                    continue
                if ch == b"(":
                    depth += 1
                elif ch == b")":
                    depth -= 1
                    if not depth:
                        break
                out += ch
                j += 1
            if not depth:
                yield font, bytes(out)
            i = j + 1
            continue
        i += 1


def _pages(node):
    node = _obj(node)
    if node.get("/Type") == "/Pages":
        for kid in node["/Kids"]:
            yield from _pages(kid)
    else:
        yield node


def _drawn(content: bytes, resources, cmaps: dict, depth: int = 0):
    """(font name, code, glyph name) for a content stream and every form XObject it holds."""
    resources = _obj(resources) or {}
    fonts = _obj(resources.get("/Font", {}))
    for res, codes in _strings(content):
        ref = fonts.raw_get(f"/{res}") if hasattr(fonts, "raw_get") else fonts[f"/{res}"]
        font = _obj(ref)
        name = str(font["/BaseFont"]).lstrip("/")
        cid = font.get("/Subtype") == "/Type0"  # codes are glyph ids, two bytes each
        # by object, not by name: each ReportLab document names its first subset "AAAAAA+…",
        # so the stamp's fonts share their names with the page's, with other codes
        key = (ref.idnum, ref.generation) if hasattr(ref, "idnum") else (name, res)
        if key not in cmaps:
            if cid:
                font = _obj(_obj(font["/DescendantFonts"])[0])
            ff = _obj(font["/FontDescriptor"]).get("/FontFile2")
            table = {}
            if ff is not None:
                tt = FTFont(io.BytesIO(_obj(ff).data))
                if cid:
                    table = dict(enumerate(tt.getGlyphOrder()))
                    table.pop(0, None)  # glyph 0 is .notdef
                else:
                    for st in tt["cmap"].tables:
                        table.update(st.cmap)
            cmaps[key] = table
        if cid:
            codes = [int.from_bytes(codes[k : k + 2], "big") for k in range(0, len(codes), 2)]
        for code in codes:
            yield name, code, cmaps[key].get(code, ".notdef")
    if depth > 8:
        return
    for xobj in _obj(resources.get("/XObject", {})).values():
        xobj = _obj(xobj)
        if xobj.get("/Subtype") == "/Form":
            yield from _drawn(xobj.data, xobj.get("/Resources", resources), cmaps, depth + 1)


def used_glyphs(data: bytes):
    """(page, font name, code, glyph name) for every character code the pages show – their
    content streams, the form XObjects in them and the annotations' appearances (the signature
    stamp) – looked up in the embedded font program's own cmap, straight from the PDF."""
    reader = PdfFileReader(io.BytesIO(data))
    cmaps: dict = {}
    for page_no, page in enumerate(_pages(reader.root["/Pages"])):
        contents = _obj(page["/Contents"])
        streams = [_obj(s) for s in contents] if isinstance(contents, list) else [contents]
        content = b"".join(s.data for s in streams)
        for name, code, glyph in _drawn(content, page["/Resources"], cmaps):
            yield page_no, name, code, glyph
        for annot in _obj(page.get("/Annots", [])) or []:
            normal = _obj(_obj(_obj(annot).get("/AP", {})).get("/N"))
            if normal is not None and hasattr(normal, "data"):
                for name, code, glyph in _drawn(normal.data, normal.get("/Resources"), cmaps):
                    yield page_no, name, code, glyph


def missing_glyphs(data: bytes) -> list[tuple[int, str, int]]:
    """Codes drawn with the font's .notdef glyph (a box): none may be."""
    return [(p, font, code) for p, font, code, glyph in used_glyphs(data) if glyph == ".notdef"]


def page_texts(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    return [
        unicodedata.normalize("NFKC", doc[i].get_textpage().get_text_range())
        for i in range(len(doc))
    ]


def flattened_texts(data: bytes) -> list[str]:
    """Each page's text with its annotations (the signature stamp) flattened into it first, as
    pdfium reads it – a reader copying the stamp's text gets this."""
    doc = pdfium.PdfDocument(data)
    doc.init_forms()
    out = []
    for i in range(len(doc)):
        page = doc[i]
        page.flatten(pdfium.raw.FLAT_PRINT)
        page = doc[i]  # flattening invalidates the page's handles
        out.append(unicodedata.normalize("NFKC", page.get_textpage().get_text_range()))
    return out
