"""The plan editor beside the meeting circle: one tab per part, turned to the part in hand.

Every field can be reached at any time (Alt+1 … Alt+5 or the tabs); when the chair moves to the
next part of the meeting, the editor turns to that part's fields by itself.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _, format_date
from sipdesk.model import editing as ed
from sipdesk.model.changes import Change
from sipdesk.model.meetingdata import PART_KEYS
from sipdesk.ui.chair import unit_words
from sipdesk.ui.chair.goals import GoalsPanel
from sipdesk.ui.chair.preparation import principal_items
from sipdesk.ui.chair.sections import RowSection
from sipdesk.ui.chair.with_person import own_view_source, preparation_summary
from sipdesk.ui.controller import Controller
from sipdesk.ui.widgets.fields import Binder, DateEdit, TimeEdit, area, combo, line
from sipdesk.ui.widgets.responsive import ResponsiveSplitter

# the person's and relatives' own words stand out by a tint, not by a dark frame: a frame that is
# always there looks like the focus and hides where the cursor really is (issue 18)
_PROMINENT = (
    "QPlainTextEdit { background: #f4f9fc; border: 1px solid #a9c3d3; }"
    "QPlainTextEdit:focus { border: 2px solid #2a6f97; }"
)


class TextItemsSection(RowSection):
    """Needs or long-term goals: numbered text items."""

    def __init__(self, controller, binder, list_name: str, area_key: str, title: str, add: str):
        self.list_name = list_name
        self.AREA = area_key
        super().__init__(controller, binder, title, add)
        self.list.setMaximumHeight(100)
        self.text = self.field(
            _("Text"),
            area(title, 2),
            lambda iid: next((x.text for x in self._items() if x.id == iid), None),
            lambda case, m, iid, v: ed.set_item_text(m.plan, list_name, iid, v),
            "text",
        )

    def _items(self):
        return getattr(self.controller.meeting.plan, self.list_name)

    def rows(self):
        return [(x.id, f"{i}. {x.text}") for i, x in enumerate(self._items(), 1)]

    def add_op(self):
        after = self.current_id
        return lambda case, m: ed.add_item(m.plan, self.list_name, after_id=after)

    def delete_op(self, item_id):
        return lambda case, m: ed.delete_item(m.plan, self.list_name, item_id)

    def move_op(self, item_id, delta):
        return lambda case, m: ed.move_item(m.plan, self.list_name, item_id, delta)


def _scroll(widget: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(widget)
    scroll.setFrameShape(QScrollArea.NoFrame)
    return scroll


class PlanEditor(QTabWidget):
    """The plan's fields in five tabs that follow the meeting circle's parts."""

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = c = controller
        self.binder = b = Binder(controller, self)
        self.setAccessibleName(_("Plan editor"))
        self.setDocumentMode(True)
        # at 125–150 % the part titles shorten ("3 Beh…") rather than scroll the last tab away
        self.setUsesScrollButtons(False)
        self.setElideMode(Qt.ElideRight)

        def plan_text(name: str, label: str, lines: int = 3, prominent: bool = False, hint: str = ""):
            w = area(label, lines, hint)
            if lines == 1:
                w.setMaximumHeight(w.minimumHeight())
            if prominent:
                w.setStyleSheet(_PROMINENT)
            return b.bind(
                w,
                lambda: getattr(c.meeting.plan, name),
                lambda case, m, v: ed.set_plan_text(m.plan, name, v),
                f"plan.{name}",
                label,
                ("field", name),
            )

        # 1 opening: why a SIP, discharge details --------------------------------------------
        page = QWidget()
        form = QVBoxLayout(page)
        self.questions_view = QLabel()
        self.questions_view.setWordWrap(True)
        self.questions_view.setTextFormat(Qt.RichText)
        self.questions_view.setAccessibleName(_("The questions the meeting must answer"))
        form.addWidget(self.questions_view)
        form.addWidget(QLabel(_("Why is a SIP made?")))
        self.reason = plan_text("reason", _("Why is a SIP made?"), 3)
        form.addWidget(self.reason)
        discharge = QGroupBox(_("At discharge from inpatient care"))
        dform = QFormLayout(discharge)
        self.care_contact = plan_text("care_contact", _("Permanent care contact"), 1)
        dform.addRow(_("Permanent care contact"), self.care_contact)
        self.contact_place = plan_text("contact_place", _("Contact place"), 1)
        dform.addRow(_("Contact place"), self.contact_place)
        form.addWidget(discharge)
        form.addStretch(1)
        self.addTab(_scroll(page), _("1 Opening"))

        # 2 current situation and strengths ---------------------------------------------------
        page = QWidget()
        form = QVBoxLayout(page)
        form.addWidget(QLabel(_("Current situation and needs assessment")))
        self.situation = plan_text("current_situation", _("Current situation"), 7)
        form.addWidget(self.situation, 2)
        form.addWidget(QLabel(_("What works well (strengths)")))
        self.strengths = plan_text("strengths", _("Strengths"), 5)
        form.addWidget(self.strengths, 1)
        self.addTab(_scroll(page), _("2 Situation"))

        # 3 needs and goals -----------------------------------------------------------------
        page = QWidget()
        cols = QHBoxLayout(page)
        cols.setContentsMargins(4, 4, 4, 4)
        side = QVBoxLayout()
        self.needs = TextItemsSection(c, b, "needs", "need", _("Needs"), _("New need (Ctrl+Shift+B)"))
        side.addWidget(self.needs)
        self.long_term = TextItemsSection(
            c, b, "long_term_goals", "long_term_goal", _("Long-term goals"),
            _("New long-term goal (Ctrl+Shift+L)"),
        )
        side.addWidget(self.long_term)
        side.addWidget(QLabel(_("What the person does themselves")))
        self.person_does_self = plan_text("person_does_self", _("What the person does themselves"), 2)
        side.addWidget(self.person_does_self)
        # law point 3 on its own line: what others than kommun and region do (or that nobody does)
        side.addWidget(QLabel(_("Measures by others than the municipality and the region")))
        self.others_measures = plan_text(
            "others_measures", _("Measures by others than the municipality and the region"), 2,
            False, _("e.g. the school, Försäkringskassan – or: no one else takes measures"),
        )
        side.addWidget(self.others_measures)
        side.addWidget(QLabel("<b>" + _("The person's own view of the interventions") + "</b>"))
        self.own_view = plan_text(
            "own_view", _("The person's own view"), 3, True, _("In the person's own words")
        )
        side.addWidget(self.own_view)
        self.own_view_source = own_view_source(c, b)
        side.addWidget(self.own_view_source)
        side_widget = QWidget()
        side_widget.setLayout(side)
        self.goals = GoalsPanel(c, b)
        split = ResponsiveSplitter(760)  # needs above goals when the two do not fit side by side
        side_scroll = _scroll(side_widget)
        side_scroll.setMinimumWidth(220)
        side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        split.addWidget(side_scroll)
        split.addWidget(self.goals)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([380, 560])
        split.setChildrenCollapsible(False)
        cols.addWidget(split)
        self.addTab(page, _("3 Needs and goals"))

        # 4 summary -------------------------------------------------------------------------
        page = QWidget()
        cols = QHBoxLayout(page)
        left = QVBoxLayout()
        box = QGroupBox(_("Main responsible for the plan"))
        mform = QFormLayout(box)
        mform.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.appoint = combo([], _("Appoint main responsible from the participants"))
        self.appoint.activated.connect(self._appoint)
        mform.addRow(_("Appoint"), self.appoint)

        def main(attr):
            return lambda: getattr(c.meeting.main_responsible, attr) if c.meeting.main_responsible else ""

        for attr, label in (("name", _("Name")), ("title", _("Title")), ("organisation", _("Organisation"))):
            w = b.bind(line(_("Main responsible: {f}").format(f=label)), main(attr),
                       lambda case, m, v, a=attr: ed.set_main_responsible_value(m, a, v),
                       f"main.{attr}", label, ("field", "main_responsible"))
            mform.addRow(label, w)
            setattr(self, f"main_{attr}", w)
        self.main_principal = b.bind(
            combo(principal_items(), _("Principal of the main responsible")),
            lambda: (c.meeting.main_responsible.principal.value
                     if c.meeting.main_responsible and c.meeting.main_responsible.principal
                     else None),
            lambda case, m, v: ed.set_main_responsible_value(m, "principal", v),
            "main.principal", _("Principal"), ("field", "main_responsible"),
        )
        mform.addRow(_("Principal"), self.main_principal)
        unit_words.follow_meeting(c, mform, self.main_principal)
        left.addWidget(box)

        box = QGroupBox(_("Follow-up"))
        fform = QFormLayout(box)
        fform.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)

        def follow(attr):
            return lambda: getattr(c.meeting.plan.follow_up, attr) if c.meeting.plan.follow_up else (
                None if attr in ("date", "time") else ""
            )

        def follow_set(attr):
            return lambda case, m, v: ed.set_follow_up_value(m.plan, attr, v)

        self.follow_date = b.bind(DateEdit(), follow("date"), follow_set("date"), "follow.date",
                                  _("Follow-up date"), ("field", "follow_up"))
        self.follow_time = b.bind(TimeEdit(), follow("time"), follow_set("time"), "follow.time",
                                  _("Follow-up time"), ("field", "follow_up"))
        when = QHBoxLayout()
        when.addWidget(self.follow_date)
        when.addWidget(self.follow_time)
        when.addStretch(1)
        fform.addRow(_("Date and time"), when)
        self.follow_place = b.bind(line(_("Follow-up place")), follow("place"), follow_set("place"),
                                   "follow.place", _("Place"), ("field", "follow_up"))
        fform.addRow(_("Place"), self.follow_place)
        self.follow_called_by = b.bind(line(_("Who calls the follow-up")), follow("called_by"),
                                       follow_set("called_by"), "follow.called_by",
                                       _("Called by"), ("field", "follow_up"))
        fform.addRow(_("Called by"), self.follow_called_by)
        self.follow_note = b.bind(
            line(_("Follow-up note"), _("e.g. earlier if circumstances change")),
            follow("note"), follow_set("note"), "follow.note", _("Note"), ("field", "follow_up"),
        )
        fform.addRow(_("Note"), self.follow_note)
        left.addWidget(box)
        left.addWidget(QLabel("<b>" + _("Guardians' or relatives' view of the interventions") + "</b>"))
        self.relatives_view = plan_text("relatives_view", _("Relatives' view"), 3, True)
        left.addWidget(self.relatives_view)
        left.addWidget(QLabel("<b>" + _("The person's own view of the interventions") + "</b>"))
        self.own_view_4 = plan_text("own_view", _("The person's own view (summary)"), 3, True)
        left.addWidget(self.own_view_4)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>" + _("Read back: who does what") + "</b>"))
        self.read_back = QTextBrowser()
        self.read_back.setAccessibleName(_("Read back: who does what"))
        self._read_back_stale = True
        self.read_back.installEventFilter(self)
        right.addWidget(self.read_back, 3)
        right.addWidget(QLabel("<b>" + _("Disagreements (Ctrl+Shift+D records one)") + "</b>"))
        self.disagreements = QListWidget()
        self.disagreements.setAccessibleName(_("Disagreements"))
        self.disagreements.setWordWrap(True)  # a disagreement is a sentence or two: read it whole
        self.disagreements.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        right.addWidget(self.disagreements, 1)
        self.delete_disagreement = QPushButton(_("Delete disagreement"))
        self.delete_disagreement.clicked.connect(self._delete_disagreement)
        right.addWidget(self.delete_disagreement)
        lw, rw = QWidget(), QWidget()
        lw.setLayout(left)
        rw.setLayout(right)
        summary_split = ResponsiveSplitter(700)  # read-back under the summary when narrow
        left_scroll = _scroll(lw)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        summary_split.addWidget(left_scroll)
        summary_split.addWidget(rw)
        cols.addWidget(summary_split)
        self.addTab(page, _("4 Summary"))

        # 5 closing -------------------------------------------------------------------------
        page = QWidget()
        form = QVBoxLayout(page)
        form.addWidget(QLabel(_("Copy to (one per line)")))
        self.copies = b.bind(area(_("Copy to"), 5), lambda: "\n".join(c.meeting.plan.copies_to),
                             lambda case, m, v: ed.set_copies_to(m.plan, v, m), "copies",
                             _("Copy to"), ("field", "copies_to"))
        form.addWidget(self.copies)
        form.addWidget(QLabel(_("Original kept by")))
        self.original = b.bind(line(_("Original kept by")), lambda: c.meeting.plan.original_kept_by,
                               lambda case, m, v: ed.set_plan_text(m.plan, "original_kept_by", v),
                               "original", _("Original kept by"), ("field", "original_kept_by"))
        form.addWidget(self.original)
        self.known_note = QLabel(_(
            "Left empty, these fields get what the plan knows (the greyed text) when the meeting "
            "ends or the plan is printed; what you write is kept."
        ))
        self.known_note.setWordWrap(True)
        form.addWidget(self.known_note)
        self.closing_actions = QHBoxLayout()  # features add theirs (printing: issue 10)
        form.addLayout(self.closing_actions)
        form.addStretch(1)
        self.addTab(_scroll(page), _("5 Closing"))

        # the field each part starts in (Alt+1 … Alt+5, and after Next part)
        self.first_fields = [self.reason, self.situation, self.needs.list, self.appoint, self.copies]
        for first, second in zip(
            [self.needs.list, self.needs.add_button, self.needs.delete_button, self.needs.text,
             self.long_term.list, self.long_term.add_button, self.long_term.delete_button,
             self.long_term.text, self.person_does_self, self.own_view],
            [self.needs.add_button, self.needs.delete_button, self.needs.text,
             self.long_term.list, self.long_term.add_button, self.long_term.delete_button,
             self.long_term.text, self.person_does_self, self.own_view, self.goals.tree],
            strict=True,
        ):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.person_does_self, self.others_measures)
        QWidget.setTabOrder(self.others_measures, self.own_view)
        controller.changed.connect(self.refresh)
        self.currentChanged.connect(self._fill_closing_defaults)
        self.refresh()
        # protected identity: what the masking cannot know, on every page of free text
        from sipdesk.ui.widgets.protected_reminder import add_to_pages

        self.reminders = add_to_pages(self, controller)

    def _fill_closing_defaults(self, index: int) -> None:
        """Part 5 shown with Kopia till or Originalet förvaras av empty: show what the plan knows
        (who speaks for the person, the organisations, the huvudansvarig) greyed in the empty
        fields. Written into the plan when the meeting ends or the plan goes on paper
        (`Controller.fill_known`), not now: the chair may be typing there (Alt+5)."""
        from sipdesk.model import defaults

        c = self.controller
        if index != 4 or c.meeting is None:
            return
        found = defaults.closing_suggestions(c.meeting, c.case)
        orgs = found.get("copies_to")
        self.copies.setPlaceholderText("\n".join(orgs) if orgs else "")  # type: ignore[arg-type]
        self.original.setPlaceholderText(str(found.get("original", "")))

    def focus_part(self, index: int) -> None:
        """Turn to part `index` and put the cursor in its first field."""
        self.setCurrentIndex(index)
        self.first_fields[index].setFocus()

    def sections(self) -> list[RowSection]:
        return [self.needs, self.long_term]

    def show_part(self, key: str) -> None:
        self.setCurrentIndex(PART_KEYS.index(key))

    def refresh(self, _change: Change | None = None) -> None:
        c = self.controller
        meeting = c.meeting
        if meeting is None:
            return
        plan = meeting.plan
        self._fill_closing_defaults(self.currentIndex())  # a new huvudansvarig shows at once
        qs = "".join(f"<li>{_esc(q)}</li>" for q in meeting.questions)
        _set_if_changed(
            self.questions_view,
            "<b>" + _("Questions the meeting must answer") + "</b>"
            + (f"<ol>{qs}</ol>" if qs else "<p><i>" + _("None written in the preparation.") + "</i></p>")
            + preparation_summary(meeting),
        )
        choices = [("", _("Choose a participant…"))] + [
            (p.id, p.name + (f" ({p.title})" if p.title else "")) for p in meeting.participants
        ]
        if [(self.appoint.itemData(i), self.appoint.itemText(i)) for i in range(self.appoint.count())] != choices:
            self.appoint.clear()
            for value, label in choices:
                self.appoint.addItem(label, value)
        index = self.appoint.findData(plan.main_responsible_id) if plan.main_responsible_id else 0
        self.appoint.setCurrentIndex(max(index, 0))
        self.appoint.setEnabled(c.editable)
        self._show_read_back()
        rows = [f"{d.who}: {d.about} ({format_date(d.noted_on)})" for d in plan.disagreements]
        if [self.disagreements.item(i).text() for i in range(self.disagreements.count())] != rows:
            self.disagreements.clear()
            self.disagreements.addItems(rows)
        self.delete_disagreement.setEnabled(c.editable and bool(rows))

    def _show_read_back(self) -> None:
        """Who does what (part 4), made from the plan when it is on screen: a keystroke in
        another part does not rebuild a list of every intervention nobody sees (issue 19);
        it is made afresh when it is shown (`eventFilter`)."""
        meeting = self.controller.meeting
        if meeting is None:
            return
        if not self.read_back.isVisible():
            self._read_back_stale = True
            return
        self._read_back_stale = False
        lines = ed.read_back(meeting.plan, meeting)
        _set_if_changed(
            self.read_back,
            "<ol>" + "".join(f"<li>{_esc(x)}</li>" for x in lines) + "</ol>"
            if lines else "<i>" + _esc(_("Nothing agreed yet.")) + "</i>",
        )

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt name
        if watched is self.read_back and event.type() == QEvent.Show and self._read_back_stale:
            self._show_read_back()
        return super().eventFilter(watched, event)

    def _appoint(self, index: int) -> None:
        pid = self.appoint.itemData(index)
        if pid:
            self.controller.apply(
                _("Appoint main responsible"),
                lambda case, m: ed.appoint_main_responsible(m, pid),
            )

    def _delete_disagreement(self) -> None:
        row = self.disagreements.currentRow()
        plan = self.controller.meeting.plan
        if 0 <= row < len(plan.disagreements):
            did = plan.disagreements[row].id
            self.controller.apply(_("Delete disagreement"), lambda case, m: ed.delete_disagreement(m.plan, did))


def _set_if_changed(widget: QLabel | QTextBrowser, html: str) -> None:
    """Set a label's or browser's rich text only when it differs from what it was last given: a
    keystroke in a goal's text changes neither the questions nor the read-back, and laying out
    a 400-row read-back again costs more than the keystroke (issue 19)."""
    if getattr(widget, "_shown_html", None) == html:
        return
    widget._shown_html = html
    if isinstance(widget, QTextBrowser):
        widget.setHtml(html)
    else:
        widget.setText(html)


def _esc(text: str) -> str:
    return escape(text)
