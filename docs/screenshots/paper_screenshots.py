"""Pages of the printed documents as PNG, to look at what the paper shows (issue 14):
Josef's plan, a 200-row plan, a plan for a person whose name is in Arabic script, and the own
copy. Renders with the sipdesk on PYTHONPATH; `--before` names the files *-before.png (run it once
against the old code to keep the comparison).

    .venv/bin/python docs/screenshots/paper_screenshots.py [--before]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "tests" / "export"))


def arabic_case():
    from helpers import demo_case

    case = demo_case("1-josef")
    case.person.name = "فاطمة حسن"
    meeting = case.current_meeting
    plan = meeting.plan
    plan.own_view = (
        "Jag vill bo kvar hemma 🏠 och bli starkare 💪.\n\n"
        "أريد أن أبقى في البيت مع عائلتي وأن أذهب إلى المدرسة كل يوم."
    )
    if meeting.participants:
        meeting.participants[0].name = "عمر حداد"
        meeting.participants[0].title = "Socialsekreterare"
    if plan.goals and plan.goals[0].interventions:
        item = plan.goals[0].interventions[0]
        item.time_plan = "2026-12-07 – 2027-03-31"
    return case


def pages(name: str, data: bytes, first: int, last: int, out: Path, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "doc.pdf"
        pdf.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", str(first), "-l", str(last), str(pdf),
             str(Path(tmp) / "p")],
            check=True,
        )
        for png in sorted(Path(tmp).glob("p-*.png")):
            page = int(png.stem.split("-")[-1])
            target = out / f"paper-{name}-p{page}{suffix}.png"
            target.write_bytes(png.read_bytes())
            print(target)


THAI = "ที่นี่ น้ำ ปู่ กี่ ผู้ใหญ่ ฟ้า ปั้น ญู ฐู ปิ่น ฝั่ง จ๋า ทุ่ง"
SIGNERS = {"arabic": "مريم الحسيني", "hebrew": "דוד כהן", "thai": "สมชาย ใจดี"}


def crop(name: str, data: bytes, page: int, box, out: Path, suffix: str, dpi: int = 150) -> None:
    """One region of a page (x1, y1, x2, y2 in PDF points, from the bottom left) as a PNG."""
    x1, y1, x2, y2 = box
    scale = dpi / 72
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "doc.pdf"
        pdf.write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page + 1), "-l", str(page + 1),
             "-x", str(int(x1 * scale)), "-y", str(int((842 - y2) * scale)),
             "-W", str(int((x2 - x1) * scale)), "-H", str(int((y2 - y1) * scale)),
             "-singlefile", str(pdf), str(Path(tmp) / "c")],
            check=True,
        )
        target = out / f"paper-{name}{suffix}.png"
        target.write_bytes((Path(tmp) / "c.png").read_bytes())
        print(target)


def stamps(out: Path, suffix: str) -> None:
    """The signature stamp of Josef's plan signed by a chair whose name is in Arabic, Hebrew or
    Thai script (a self-made identity, made in memory)."""
    from helpers import demo_case

    from sipdesk.export import identity, pdf
    from sipdesk.export.document import plan_document
    from sipdesk.export.signing import sign_pdf, verify_hint

    class Prefs(dict):
        def __init__(self, folder):
            super().__init__()
            self.data_dir = Path(folder)

        def get_preference(self, key, default=""):
            return self.get(key, default)

        def set_preference(self, key, value):
            self[key] = value

    for script, name in SIGNERS.items():
        with tempfile.TemporaryDirectory() as tmp:
            ident = identity.create_self_signed(Prefs(tmp), name, "Samordnare")
        doc = plan_document(demo_case("1-josef"), stamp_caption=verify_hint(ident.fingerprint))
        rendered = pdf.render(doc)
        signed = sign_pdf(rendered.pdf, rendered.stamp, ident)
        x1, y1, x2, y2 = rendered.stamp.box
        crop(f"stamp-{script}", signed, rendered.stamp.page, (x1 - 6, y1 - 6, x2 + 6, y2 + 6),
             out, suffix)


def thai(out: Path, suffix: str) -> None:
    """A line of Thai in the person's own view: tone marks over vowels, vowels under ญ and ฐ."""
    from helpers import demo_case

    from sipdesk.export import pdf
    from sipdesk.export.document import plan_document

    case = demo_case("1-josef")
    case.person.name = "สมชาย ใจดี"
    case.current_meeting.plan.own_view = THAI
    rendered = pdf.render(plan_document(case))
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(rendered.pdf)
    for page in range(len(doc)):
        text = doc[page].get_textpage()
        at = text.get_text_range().find(THAI[:6])
        if at >= 0:
            _l, bottom, _r, top = text.get_charbox(at)
            crop("thai-own-view", rendered.pdf, page, (50, bottom - 8, 420, top + 10), out,
                 suffix, dpi=200)
            break


def main() -> int:
    from helpers import big_case, demo_case

    from sipdesk.export import pdf
    from sipdesk.export.document import plan_document
    from sipdesk.export.easyread import easy_read_document

    suffix = "-before" if "--before" in sys.argv else ""
    josef = demo_case("1-josef")
    arabic = arabic_case()
    wanted = [
        ("josef-plan", plan_document(josef), 1, 4),
        ("200rows-plan", plan_document(big_case(200)), 3, 4),
        ("own-copy", easy_read_document(josef), 1, 2),
    ]
    try:
        wanted.append(("arabic-plan", plan_document(arabic), 1, 4))
        wanted.append(("arabic-own-copy", easy_read_document(arabic), 1, 2))
        from sipdesk.export.invitation import invitation_document

        chair = {"chair.name": "Maria Ek", "chair.phone": "018-727 00 03",
                 "chair.email": "maria.ek@kommun.example"}
        wanted.append(("arabic-invitation", invitation_document(arabic, preferences=chair), 1, 1))
    except Exception as exc:  # the old code may not print it at all
        print("arabic:", exc)
    for name, doc, first, last in wanted:
        try:
            data = pdf.render(doc).pdf
        except Exception as exc:
            print(name, "failed:", exc)
            continue
        pages(name, data, first, last, HERE, suffix)
    for extra in (stamps, thai):
        try:
            extra(HERE, suffix)
        except Exception as exc:  # the old code may not have it
            print(extra.__name__, "failed:", exc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
