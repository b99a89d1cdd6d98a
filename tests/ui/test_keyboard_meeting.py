"""Example 1 (Josef, SIP.md / examples-sv.md) from an empty case to a complete plan by keyboard.

Everything after the window opens is key presses sent to the widget that has focus: shortcuts
for actions, Tab to move between fields, typing, arrows and Space in lists and combo boxes.
`tab_to` presses Tab until the named field has focus, so the test also proves every field is
reachable in the tab order. The meeting clock is injected: the parts take 9, 18, 40, 14 and
9 minutes of a 90-minute meeting.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from sipdesk.model.enums import (
    Actor,
    Attendance,
    ConsentForm,
    ConsentRole,
    MeetingStatus,
    Principal,
)
from sipdesk.ui.main_window import MainWindow

CTRL, SHIFT, ALT = Qt.ControlModifier, Qt.ShiftModifier, Qt.AltModifier
T0 = 1_780_000_000
KOMMUN, REGION = 1, 2  # rows in the principal box (row 0: none – not kommun or region)
RELATIVE, SCHOOL = 2, 4  # rows in the "comes as" box (row 0: for the principal itself)

PARTICIPANTS = [
    # name, title, organisation, principal, comes as, planned attendance (presses of Down)
    ("Sara Berg", "Mamma", "", 0, RELATIVE, 0),
    ("Johan Berg", "Pappa", "", 0, RELATIVE, 0),
    ("Eva Nilsson", "Barnläkare", "Barnmedicinska mottagningen", REGION, 0, 0),
    ("Karin Holm", "Kurator", "Barnmedicinska mottagningen", REGION, 0, 0),
    ("Maria Ek", "Familjebehandlare", "Socialtjänsten, råd och stöd", KOMMUN, 0, 0),
    ("Łukasz Nowak", "Psykolog", "Vårdcentralen Centrum", REGION, 0, 2),  # via video
    ("Ørjan Dahl", "Förskollärare", "Förskolan Solrosen", KOMMUN, SCHOOL, 0),
]
# short-term goal, intervention, principal key, responsible participant rows, others, time plan
GOALS = [
    ("Föräldrarna har kunskap om sonens hälsotillstånd och vårdbehov",
     "Information om Josefs sjukdom", REGION, [2, 3], "", "Kallas till informationsmöte omgående"),
    ("Föräldrarna är trygga i att hantera sin oro för sonens hälsotillstånd och vårdbehov",
     "Stödsamtal på barnmedicin", REGION, [3], "",
     "1 gång per månad. Start efter informationsmötet."),
    ("BVC har den information om Josefs hälsotillstånd som de behöver",
     "Information", REGION, [], "Personal från barnmedicin", "Vid behov"),
    ("Förskolan har information om Josefs hälsotillstånd",
     "Informationsmöte tillsammans med förskolepersonal och föräldrar", REGION, [],
     "Personal från barnmedicin", "Inom en månad"),
    ("Föräldrarna är trygga i att de kan uppfylla Josefs behov av struktur i vardagen",
     "Föräldragrupp", KOMMUN, [4], "", "Anmäls till nästa inplanerade grupp"),
    ("Föräldrarna har en trygg anknytning till Josef",
     "Marte Meo-behandling", KOMMUN, [4], "",
     "Enskilda möten vid 5 tillfällen. Påbörjas efter föräldragruppen."),
    ("Pappan upplever sig vara en närvarande förälder för Josef",
     "Sömnskola och samtalsbehandling", REGION, [5], "", "Pågår"),
]


class Keyboard:
    """Key presses to whatever widget has focus – nothing else."""

    def __init__(self, qtbot) -> None:
        self.qtbot = qtbot
        self.count = 0  # key presses sent, printed at the end (pytest -s shows it)

    @property
    def focus(self):
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has keyboard focus"
        return widget

    def press(self, key, modifier=Qt.NoModifier, times: int = 1) -> None:
        for _ in range(times):
            self.count += 1
            self.qtbot.keyClick(self.focus, key, modifier)

    def type(self, text: str) -> None:
        for ch in text:
            if ch == "\n":
                self.press(Qt.Key_Return)
            elif ch.isascii():
                self.count += 1
                self.qtbot.keyClicks(self.focus, ch)
            else:  # QTest maps ASCII only: send å, ä, ö, Ł, Ø as the key events a keyboard makes
                self.count += 1
                for kind in (QEvent.KeyPress, QEvent.KeyRelease):
                    QApplication.sendEvent(self.focus, QKeyEvent(kind, 0, Qt.NoModifier, ch))

    def tab_to(self, widget, limit: int = 90) -> None:
        for _ in range(limit):
            if self.focus is widget:
                return
            self.press(Qt.Key_Tab)
        raise AssertionError(f"Tab never reached {widget.accessibleName()!r}")

    def fill(self, widget, text: str) -> None:
        self.tab_to(widget)
        self.press(Qt.Key_A, CTRL)
        self.type(text)


@pytest.fixture
def window(qtbot, store, monkeypatch):
    monkeypatch.setattr(
        "sipdesk.ui.main_window.QInputDialog.getText", lambda *a, **k: ("Josef Berg", True)
    )
    w = MainWindow(store)
    qtbot.addWidget(w)
    clock = [float(T0)]
    w.controller.clock = lambda: clock[0]
    w.clock = clock
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    w.search.setFocus()
    return w


def test_josef_from_empty_case_to_complete_plan_by_keyboard(window, store, qtbot):
    w, kb = window, Keyboard(qtbot)
    ws = w.workspace
    prep, plan, goals = ws.preparation, ws.plan, ws.plan.goals

    # --- a new case, straight into the preparation ------------------------------------
    kb.press(Qt.Key_N, CTRL)
    assert w.pages.currentIndex() == 1 and kb.focus is prep.kind
    case_id = w.controller.case_id
    kb.fill(prep.date, "2026-03-05")
    kb.fill(prep.time, "13:00")
    kb.fill(prep.place, "Barnmedicinska mottagningen, samtalsrum 2")
    kb.tab_to(prep.minutes)
    assert prep.minutes.value() == 90
    kb.fill(prep.chair, "Maria Ek")
    kb.fill(prep.note_taker, "Karin Holm")
    kb.fill(prep.school, "Förskolan Solrosen")
    kb.fill(
        prep.questions,
        "Hur kompletterar de olika stödinsatserna varandra?\n"
        "Vem ger vilket stöd till Josef och familjen?\n"
        "Vad behöver förskolan veta om Josefs hälsa?",
    )
    kb.fill(prep.adaptation_fields["partial_attendance"], "Josef är med under inledningen")
    kb.fill(prep.adaptation_fields["pauses"], "Kort paus efter 45 minuter")
    kb.tab_to(prep.prepared)
    kb.press(Qt.Key_Space)

    # invitees: Ctrl+Shift+P opens a new row with the cursor in its name
    section = prep.participants
    name_field = section.first_field
    for name, title, org, principal, actor, video in PARTICIPANTS:
        kb.press(Qt.Key_P, CTRL | SHIFT)
        assert kb.focus is name_field
        kb.type(name)
        kb.press(Qt.Key_Tab)
        kb.type(title)
        if org:
            kb.press(Qt.Key_Tab)
            kb.type(org)
            kb.press(Qt.Key_Tab)
        else:
            kb.press(Qt.Key_Tab, times=2)
        kb.press(Qt.Key_Home)
        kb.press(Qt.Key_Down, times=principal)
        kb.press(Qt.Key_Tab)  # comes as
        kb.press(Qt.Key_Home)
        kb.press(Qt.Key_Down, times=actor)
        kb.press(Qt.Key_Tab, times=4)  # phone, e-mail, contact withheld, planned attendance
        kb.press(Qt.Key_Down, times=video)

    # consent, checked against the meeting date
    kb.press(Qt.Key_K, CTRL | SHIFT)
    kb.type("Sara Berg och Johan Berg")
    kb.press(Qt.Key_Tab)
    kb.type("Vårdnadshavare, båda")
    kb.press(Qt.Key_Tab)
    kb.press(Qt.Key_Down, times=2)  # given as: guardian
    kb.press(Qt.Key_Tab)
    kb.press(Qt.Key_Down)  # written
    kb.press(Qt.Key_Tab)
    kb.type("2026-03-01")
    kb.press(Qt.Key_Tab)
    kb.type("Uppgifter om Josefs hälsa mellan de medverkande")
    assert "giltigt" in prep.consents.status.text()

    # --- the meeting: F5 starts the clock ------------------------------------------------
    kb.press(Qt.Key_2, CTRL)
    kb.press(Qt.Key_F5)
    kb.press(Qt.Key_F4, times=3)  # welcome, the person first, consent and secrecy
    kb.press(Qt.Key_F9, times=4)  # Josef, his parents, the first professional
    kb.press(Qt.Key_1, ALT)
    assert kb.focus is plan.reason
    kb.type("Föräldrarna förstår inte hur de olika stödinsatserna kompletterar varandra.")
    w.clock[0] += 9 * 60

    kb.press(Qt.Key_F8)  # part 2: current situation
    assert plan.currentIndex() == 1 and kb.focus is plan.situation
    kb.type(
        "Josefs föräldrar är väldigt oroliga för Josefs hälsa och har svårt att veta vad "
        "sonen förväntas klara av. Pappan behöver stöd för att må bättre."
    )
    kb.fill(plan.strengths, "Båda föräldrarna är mycket måna om Josef. Josef tycker om förskolan.")
    kb.press(Qt.Key_F9, times=8)
    w.clock[0] += 18 * 60

    kb.press(Qt.Key_F8)  # part 3: needs and goals
    assert plan.currentIndex() == 2
    for need in (
        "Föräldrarna behöver stöd och kunskap kring Josefs hjärtfel.",
        "Pappan behöver stöd för att må bättre.",
        "Förskolan behöver information om Josefs situation.",
    ):
        kb.press(Qt.Key_B, CTRL | SHIFT)
        assert kb.focus is plan.needs.text
        kb.type(need)
    kb.press(Qt.Key_L, CTRL | SHIFT)
    kb.type("Att Josef har en trygg omsorg och utvecklas väl utifrån sina förutsättningar.")
    for text, what, principal, rows, others, when in GOALS:
        kb.press(Qt.Key_G, CTRL)
        assert kb.focus is goals.goal_text
        kb.type(text)
        kb.press(Qt.Key_Tab)
        kb.type("Föräldrarna berättar vid uppföljningen")
        kb.press(Qt.Key_Tab)
        kb.type("2026-07-05")
        kb.press(Qt.Key_Tab)
        kb.press(Qt.Key_Down)  # accepted: yes
        kb.press(Qt.Key_G, CTRL | SHIFT)
        assert kb.focus is goals.item_what
        kb.type(what)
        kb.press(Qt.Key_Tab)
        kb.press(Qt.Key_Home)
        kb.press(Qt.Key_Down, times=principal)
        kb.press(Qt.Key_Tab, times=2)  # past "carried out by": the principal itself
        assert kb.focus is goals.responsible
        kb.press(Qt.Key_Home)
        position = 0
        for row in rows:
            row += 1  # the person (Josef) is the first participant, by construction
            kb.press(Qt.Key_Down, times=row - position)
            kb.press(Qt.Key_Space)
            position = row
        kb.press(Qt.Key_Tab)
        kb.type(others)
        kb.press(Qt.Key_Tab)
        kb.type(when)
    kb.fill(plan.others_measures, "Föräldrarna tar med frågor om Josefs hälsa till BVC.")
    kb.fill(plan.own_view, "Josef deltar i de sammanhang hans föräldrar bedömer att han ska vara med i.")
    # undo and redo: a typing burst is one step; leaving the field ends the burst
    kb.press(Qt.Key_Tab)
    kb.press(Qt.Key_Backtab)
    assert kb.focus is plan.own_view
    kb.press(Qt.Key_End, CTRL)
    kb.type(" Extra.")
    kb.press(Qt.Key_Z, CTRL)
    assert w.controller.meeting.plan.own_view.endswith("vara med i.")
    kb.press(Qt.Key_Y, CTRL)
    assert w.controller.meeting.plan.own_view.endswith("Extra.")
    kb.press(Qt.Key_Z, CTRL)
    w.clock[0] += 40 * 60

    kb.press(Qt.Key_F8)  # part 4: summary
    assert plan.currentIndex() == 3 and kb.focus is plan.appoint
    kb.press(Qt.Key_Down, times=5)  # Karin Holm, kurator (Josef is the first participant)
    kb.fill(plan.follow_date, "2026-07-05")
    kb.fill(plan.follow_time, "13:00")
    kb.fill(plan.follow_place, "Barnmedicinska mottagningen")
    kb.fill(plan.follow_called_by, "Karin Holm")
    kb.fill(plan.follow_note, "Tidigare om situationen förändras.")
    kb.fill(plan.relatives_view, "Vårdnadshavarna är positiva till insatserna.")
    kb.press(Qt.Key_F4, times=5)
    w.clock[0] += 14 * 60

    kb.press(Qt.Key_F8)  # part 5: closing
    assert plan.currentIndex() == 4 and kb.focus is plan.copies
    kb.type("Sara Berg och Johan Berg\nBarnmedicinska mottagningen\nSocialtjänsten\nPrimärvården\nBVC")
    kb.fill(plan.original, "Karin Holm, kurator barnmedicin")
    w.clock[0] += 9 * 60
    kb.press(Qt.Key_F8)  # the meeting is finished
    kb.press(Qt.Key_W, CTRL)  # close the case: saved
    assert w.pages.currentIndex() == 0
    print(f"josef_by_keyboard_key_presses {kb.count} keys")

    # --- what the store holds: every field of SIP.md §4 -----------------------------------
    case = store.load_case(case_id)
    meeting = case.current_meeting
    p = meeting.plan
    assert case.person.name == "Josef Berg" and case.person.school == "Förskolan Solrosen"
    assert meeting.date == dt.date(2026, 3, 5) and meeting.start_time == dt.time(13, 0)
    assert meeting.questions == [
        "Hur kompletterar de olika stödinsatserna varandra?",
        "Vem ger vilket stöd till Josef och familjen?",
        "Vad behöver förskolan veta om Josefs hälsa?",
    ]
    assert meeting.preparation.prepared_with_person is True
    assert meeting.preparation.adaptations.pauses == "Kort paus efter 45 minuter"
    consent = case.consents[0]
    assert consent.form is ConsentForm.WRITTEN and consent.given_on == dt.date(2026, 3, 1)
    assert case.valid_consents(meeting.date) == [consent]
    # the person comes first by construction (a new case puts them on the list), then the invitees
    assert [x.name for x in meeting.participants] == ["Josef Berg"] + [x[0] for x in PARTICIPANTS]
    by_name = {x.name: x for x in meeting.participants}
    assert by_name["Sara Berg"].principal is None and by_name["Sara Berg"].actor is Actor.RELATIVE
    assert by_name["Ørjan Dahl"].actor is Actor.SCHOOL
    assert consent.role is ConsentRole.GUARDIAN
    assert by_name["Maria Ek"].principal is Principal.KOMMUN
    assert by_name["Eva Nilsson"].organisation == "Barnmedicinska mottagningen"
    assert by_name["Łukasz Nowak"].attendance is Attendance.VIDEO
    assert p.reason and p.current_situation and p.strengths
    assert len(p.needs) == 3 and len(p.long_term_goals) == 1
    assert [g.text for g in p.goals] == [g[0] for g in GOALS]
    for goal, (_t, what, principal, rows, others, when) in zip(p.goals, GOALS, strict=True):
        assert goal.measure and goal.target_date == dt.date(2026, 7, 5)
        assert goal.accepted_by_person is True
        (item,) = goal.interventions
        assert item.what == what and item.time_plan == when
        assert item.principal is (Principal.REGION if principal == REGION else Principal.KOMMUN)
        expected = [PARTICIPANTS[r][0] for r in rows] + ([others] if others else [])
        assert [r.name.split(" (")[0] for r in item.responsible] == expected
    assert p.others_measures and not p.person_does_self
    assert p.own_view == "Josef deltar i de sammanhang hans föräldrar bedömer att han ska vara med i."
    assert p.relatives_view == "Vårdnadshavarna är positiva till insatserna."
    main = meeting.main_responsible
    assert main.name == "Karin Holm" and main.title == "Kurator"
    assert main.principal is Principal.REGION
    assert p.follow_up.date == dt.date(2026, 7, 5) and p.follow_up.called_by == "Karin Holm"
    assert p.copies_to[0] == "Sara Berg och Johan Berg" and len(p.copies_to) == 5
    assert p.original_kept_by.startswith("Karin Holm")
    # the meeting circle's record: every part's time, ticks, speakers
    assert meeting.status is MeetingStatus.HELD and meeting.circle.finished
    assert [x.spent_seconds for x in meeting.circle.parts] == [540, 1080, 2400, 840, 540]
    assert meeting.circle.parts[0].ticked == ["welcome", "person_first", "consent"]
    assert meeting.circle.parts[0].spoken[0] == "person"
    assert len(meeting.circle.parts[1].spoken) == 8
    assert len(meeting.circle.parts[3].ticked) == 5
