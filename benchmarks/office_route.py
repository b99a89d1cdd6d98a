"""The office route, the anchor of the CLI export: the plan written as a Word document with
python-docx, then converted to PDF by LibreOffice headless – how chairs produce a plan today.

    python benchmarks/office_route.py PLAN-DOC.json OUT.docx
    soffice --headless --norestore --convert-to pdf --outdir DIR OUT.docx

PLAN-DOC.json is SipDesk's own document tree of the same plan (sections, paragraphs, fields,
tables), written beforehand by office_bench.py, so both routes print the same content. This
script imports nothing of SipDesk: the route pays only for python-docx and LibreOffice.
"""

from __future__ import annotations

import json
import sys


def build(tree: dict, out: str) -> None:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(tree["title"], 0)
    for line in tree["subtitle_lines"]:
        doc.add_paragraph(line)
    if tree.get("notice"):
        doc.add_paragraph(tree["notice"]).runs[0].bold = True
    for section in tree["sections"]:
        doc.add_heading(section["heading"], 1)
        for block in section["blocks"]:
            kind = block["kind"]
            if kind == "Paragraph":
                doc.add_paragraph(block["text"])
            elif kind == "Fields":
                for label, value in block["items"]:
                    p = doc.add_paragraph()
                    p.add_run(f"{label}: ").bold = True
                    p.add_run(value)
            elif kind == "Bullets":
                for item in block["items"]:
                    doc.add_paragraph(item, style="List Bullet")
            elif kind == "Table":
                table = doc.add_table(rows=1, cols=len(block["columns"]))
                table.style = "Table Grid"
                for cell, text in zip(table.rows[0].cells, block["columns"], strict=True):
                    cell.text = text
                for row in block["rows"]:
                    for cell, text in zip(table.add_row().cells, row, strict=True):
                        cell.text = text
            elif kind == "SignatureBlock":
                for line in block["lines"]:
                    doc.add_paragraph("\n______________________________")
                    doc.add_paragraph(f"{line['name']}, {line['title']}")
    doc.save(out)


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as fp:
        build(json.load(fp), sys.argv[2])
