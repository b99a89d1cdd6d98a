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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
