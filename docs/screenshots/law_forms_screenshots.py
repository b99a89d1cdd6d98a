"""Render the forms of the law's terms and the SIP variants at 1366×768:

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/law_forms_screenshots.py [--scale 1.25]

Writes form-invitee.png (huvudman only kommun/region, "comes as", contact withheld from a copy),
form-intervention.png (principal and "carried out by"), form-discharge.png (utskrivningsklar,
three-day countdown) and form-consent-decision.png (consent role, an LVU decision apart from the
consents) from the demo cases in a throw-away store.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    from make_screenshots import DemoWindow, parse_scale

    demo = DemoWindow(parse_scale())
    store, window, shot = demo.store, demo.window, demo.shot

    def open_case(name: str):
        case_id = next(r.id for r in store.list_cases(name))
        window.select_case(case_id)
        window.open_case(case_id)
        return window.workspace, window.controller

    # Alice: the foster home's contact details withheld from the birth parents' copy
    ws, c = open_case("Alice")
    ws.tabs.setCurrentIndex(0)
    prep = ws.preparation
    foster = next(p for p in c.meeting.participants if p.contact_withheld_from)
    prep.participants.list.select_id(foster.id)
    prep.ensureWidgetVisible(prep.participants.first_field)
    shot("form-invitee")
    prep.decisions.list.setCurrentRow(0)
    prep.ensureWidgetVisible(prep.decisions.add_button)
    shot("form-consent-decision")

    # Kasim: an intervention carried out by the HVB home (a private provider, no huvudman)
    ws, c = open_case("Kasim")
    ws.tabs.setCurrentIndex(1)
    ws.plan.setCurrentIndex(2)
    item = next(i for i in c.meeting.plan.interventions() if i.actor is not None)
    ws.plan.goals.select(("intervention", item.id))
    shot("form-intervention")

    # Josef's plan as a SIP at discharge: ready yesterday, not yet called – the countdown
    import datetime as dt

    from sipdesk.model import editing as ed
    from sipdesk.model import variant_editing as ved

    today = dt.date.today()
    c.apply("screenshot", lambda case, m: ed.set_meeting_value(m, "kind", "discharge"))
    c.apply("screenshot", lambda case, m: ved.set_discharge_value(m, "ready_date", today - dt.timedelta(days=1)))
    c.apply("screenshot", lambda case, m: ved.set_discharge_value(m, "ready_time", dt.time(10, 30)))
    c.apply("screenshot", lambda case, m: ved.set_discharge_value(m, "reported_by", "Avdelning 95, Akademiska"))
    ws.tabs.setCurrentIndex(0)
    ws.preparation.ensureWidgetVisible(ws.preparation.discharge)
    shot("form-discharge")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
