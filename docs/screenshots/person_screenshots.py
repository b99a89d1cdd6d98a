"""Render the pictures of the person at the centre (issue 17) into docs/screenshots/:

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/person_screenshots.py

The "Vad är SIP?" sheet in ordinary and easy Swedish (pdftoppm), the preparation page with the
person and the invitees' replies, and the figures window with the evaluation per role side by
side – from the demo cases in a throw-away store; nothing is written anywhere else.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(OUT))
    from make_screenshots import DemoWindow

    demo = DemoWindow(1.0)
    app, store, window = demo.app, demo.store, demo.window
    base = Path(demo.tmp.name)

    from sipdesk.export import api
    from sipdesk.model import evaluation
    from sipdesk.model import participation as part
    from sipdesk.model.enums import MeetingKind
    from sipdesk.model.evaluation import Answer, Response, Role
    from sipdesk.ui.lifecycle.figures import FiguresDialog

    def save(widget, name: str) -> None:
        for _ in range(3):
            app.processEvents()
        path = OUT / f"{name}.png"
        widget.grab().save(str(path), "PNG", 0)
        print(path.relative_to(ROOT))

    kasim = next(r.id for r in store.list_cases("Kasim"))

    # the sheet, for Kasim (Dari interpreter), both versions
    case = store.load_case(kasim)
    case.person.interpreter_needed, case.person.interpreter_language = True, "dari"
    store.save_case(kasim, case)
    if shutil.which("pdftoppm"):
        for fmt, name in (("about-sip", "person-about-sip"), ("about-sip-easy", "person-about-sip-easy")):
            pdf = base / f"{name}.pdf"
            api.export_case(store, kasim, fmt, pdf)
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf),
                            str(OUT / name)], check=True)  # fmt: skip
            print((OUT / f"{name}.png").relative_to(ROOT))

    # the preparation page with the person and a reply
    window.select_case(kasim)
    window.open_case(kasim)
    c = window.controller
    meeting = c.meeting
    c.apply("prep", lambda case, m: part.set_preparation_text(m, "prepared_by", "Helena Björk"))
    c.apply("prep", lambda case, m: part.set_preparation_text(
        m, "prepared_how", "hembesök med tolk, bildstöd"))  # fmt: skip
    c.apply("prep", lambda case, m: part.set_preparation_text(m, "told_after", "Gode mannen"))
    staff = next(p for p in meeting.participants if p.title == "Psykolog")
    c.apply("reply", lambda case, m: part.set_reply(m, staff.id, "reply", part.Reply.NOT_COMING))
    c.apply("reply", lambda case, m: part.set_reply(m, staff.id, "reason", "Semester"))
    window.workspace.tabs.setCurrentIndex(0)
    window.workspace.preparation.participants.list.select_id(staff.id)
    save(window, "person-preparation")

    # the figures: the evaluation per role, side by side
    day = dt.date(2026, 11, 12)
    for role, answer in ((Role.PERSON, Answer.PARTLY), (Role.PERSON, Answer.NOT),
                         (Role.RELATIVE, Answer.PARTLY), (Role.PROFESSIONAL, Answer.FULLY),
                         (Role.PROFESSIONAL, Answer.FULLY), (Role.PROFESSIONAL, Answer.PARTLY)):
        evaluation.save(store, Response(day, MeetingKind.FIRST, role,
                                        {"listened": answer, "took_part": answer}))  # fmt: skip
    figures = FiguresDialog(store, today=dt.date(2026, 11, 30))
    figures.resize(1200, 620)
    figures.show()
    save(figures, "person-figures")
    figures.tabs.setCurrentIndex(1)
    save(figures, "person-evaluation-by-role")
    figures.close()
    window.close()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
