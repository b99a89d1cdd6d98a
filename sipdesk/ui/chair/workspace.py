"""The chair's workspace for one case: preparation, and the meeting circle beside the plan.

All keyboard actions live in one table (`ACTIONS`): the window's menus, the shortcuts and the
list shown in the window are made from it, so they cannot disagree.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import N_, _, format_date, format_time, ngettext
from sipdesk.model import quality
from sipdesk.model.changes import Change
from sipdesk.model.defaults import offers_samrad
from sipdesk.model.meeting import record_disagreement
from sipdesk.model.meetingdata import NoteKind
from sipdesk.model.store.lazy import plan_version
from sipdesk.ui.chair.case_view import CaseView
from sipdesk.ui.chair.checks import LiveCheck, jump_to, reveal, summary
from sipdesk.ui.chair.circle_panel import CirclePanel
from sipdesk.ui.chair.plan_editor import PlanEditor
from sipdesk.ui.chair.preparation import PreparationPage
from sipdesk.ui.chair.review_tab import ReviewTab, has_review
from sipdesk.ui.controller import Controller
from sipdesk.ui.dialogs.note import DisagreementDialog, NoteDialog
from sipdesk.ui.lifecycle.check_list import CheckList


@dataclass(frozen=True)
class ActionSpec:
    name: str  # attribute on Workspace.actions
    text: str  # N_-marked
    keys: tuple[str, ...]
    method: str  # Workspace method to call


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("preparation", N_("Preparation"), ("Ctrl+1",), "show_preparation"),
    ActionSpec("meeting", N_("Meeting"), ("Ctrl+2",), "show_meeting"),
    ActionSpec("toggle_clock", N_("Start / pause the meeting clock"), ("F5",), "toggle_clock"),
    ActionSpec("pause", N_("Pause (noted with the time)"), ("F6",), "pause_note"),
    ActionSpec("back", N_("Previous part"), ("F7",), "back"),
    ActionSpec("next", N_("Next part"), ("F8",), "forward"),
    ActionSpec("tick_prompt", N_("Tick the next point on the checklist"), ("F4",), "tick_prompt"),
    ActionSpec("tick_speaker", N_("Tick the next speaker"), ("F9",), "tick_speaker"),
    ActionSpec("new_round", N_("Go round the table (new round)"), ("Shift+F9",), "new_round"),
    ActionSpec("disagreement", N_("Record a disagreement"), ("Ctrl+Shift+D",), "disagreement"),
    ActionSpec("radrum", N_("Rådrum: the professionals consult"), ("Ctrl+Shift+R",), "radrum"),
    ActionSpec("samrad", N_("Samråd offered to the parents"), ("Ctrl+Shift+S",), "samrad"),
    ActionSpec("new_goal", N_("New goal"), ("Ctrl+G",), "new_goal"),
    ActionSpec("new_intervention", N_("New intervention for the goal"), ("Ctrl+Shift+G",), "new_intervention"),
    ActionSpec("new_need", N_("New need"), ("Ctrl+Shift+B",), "new_need"),
    ActionSpec("new_long_term", N_("New long-term goal"), ("Ctrl+Shift+L",), "new_long_term"),
    ActionSpec("new_participant", N_("New invitee"), ("Ctrl+Shift+P",), "new_participant"),
    ActionSpec("new_consent", N_("New consent"), ("Ctrl+Shift+K",), "new_consent"),
    ActionSpec("delete_row", N_("Delete the chosen row"), ("Ctrl+Del",), "delete_row"),
    ActionSpec("move_up", N_("Move the chosen row up"), ("Alt+Up",), "move_up"),
    ActionSpec("move_down", N_("Move the chosen row down"), ("Alt+Down",), "move_down"),
    ActionSpec("part1", N_("Plan: opening"), ("Alt+1",), "plan_tab_1"),
    ActionSpec("part2", N_("Plan: current situation"), ("Alt+2",), "plan_tab_2"),
    ActionSpec("part3", N_("Plan: needs and goals"), ("Alt+3",), "plan_tab_3"),
    ActionSpec("part4", N_("Plan: summary"), ("Alt+4",), "plan_tab_4"),
    ActionSpec("part5", N_("Plan: closing"), ("Alt+5",), "plan_tab_5"),
    ActionSpec("part6", N_("Plan: follow-up review (follow-up meetings)"), ("Alt+6",), "plan_review"),
    ActionSpec("save", N_("Save now (it also saves by itself)"), ("Ctrl+S",), "save"),
)
EXTRA_SHORTCUTS = (
    ("Ctrl+Z", N_("Undo")),
    ("Ctrl+Y", N_("Redo")),
    ("Ctrl+W", N_("Close the case")),
    ("Ctrl+Shift+C", N_("Plan check: the list of findings")),
    ("Tab", N_("Next field")),
    ("Space", N_("Tick the chosen line")),
)


class Workspace(QWidget):
    """One open case: header with the meeting chooser, then preparation or meeting."""

    status_message = Signal(str)

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = c = controller
        self._active = True
        self.setAccessibleName(_("Workspace"))
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.meetings = QComboBox()
        self.meetings.setAccessibleName(_("Meeting and plan version"))
        self.meetings.activated.connect(lambda i: c.select_meeting(i))
        self.banner = QLabel()
        self.banner.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 4px;")
        self.banner.setWordWrap(True)
        # the plan check's count, always in view; a click opens the list
        self.check_button = QToolButton()
        self.check_button.setAccessibleName(_("Plan check"))
        self.check_button.setToolTip(_("Show the plan check's findings (Ctrl+Shift+C)"))
        self.check_button.setAutoRaise(True)
        self.check_button.clicked.connect(self.show_check)
        self.saved_label = QLabel()
        self.saved_label.setAccessibleName(_("Save state"))
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.meetings)
        head.addWidget(self.check_button)
        head.addStretch(1)
        head.addWidget(self.saved_label)

        self.actions: dict[str, QAction] = {}
        for spec in ACTIONS:
            action = QAction(_(spec.text), self)
            action.setShortcuts([QKeySequence(k) for k in spec.keys])
            action.setShortcutContext(Qt.WindowShortcut)
            action.triggered.connect(getattr(self, spec.method))
            self.actions[spec.name] = action
        native = QKeySequence.NativeText  # "Ctrl+Skift+D" with Qt's Swedish translation
        shortcuts = [
            (", ".join(QKeySequence(k).toString(native) for k in s.keys), _(s.text)) for s in ACTIONS
        ] + [(QKeySequence(k).toString(native) or k, _(t)) for k, t in EXTRA_SHORTCUTS]

        self.preparation = PreparationPage(c)
        self.plan = PlanEditor(c)
        self.circle = CirclePanel(c, shortcuts)
        self.circle.part_changed.connect(self.plan.show_part)
        self.circle.disagree_button.clicked.connect(self.disagreement)
        self.circle.radrum_button.clicked.connect(self.radrum)
        self.circle.samrad_button.clicked.connect(self.samrad)
        self.circle.pause_button.clicked.connect(self.pause_note)
        self.circle.part_changed.connect(self._part_changed)
        self.check_list = CheckList()
        # room for three findings even at 150 %: the circle's column then scrolls instead
        self.check_list.setMinimumHeight(170)
        self.check_list.jump_requested.connect(self.jump_to)
        # second, beside the speaking round; the tab titles shorten rather than scroll away
        self.check_tab = self.circle.tabs.insertTab(1, self.check_list, _("Check"))
        self.circle.tabs.setUsesScrollButtons(False)
        self.circle.tabs.setElideMode(Qt.ElideRight)
        self.circle.tabs.setStyleSheet("QTabBar::tab { padding: 4px 5px; }")
        self.live_check = LiveCheck(c, self.check_list, self)
        self.live_check.updated.connect(self._show_count)
        # the follow-up review: a tab of the plan editor, only in a follow-up meeting
        self.review = ReviewTab(c)
        self.review_tab = self.plan.addTab(self.review, _("Follow-up review"))
        self.review_prompt = QPushButton()
        self.review_prompt.setStyleSheet("text-align: left; padding: 4px; background: #e8eef5;")
        self.review_prompt.clicked.connect(self.plan_review)
        self.plan.widget(1).widget().layout().insertWidget(0, self.review_prompt)
        # in scroll areas, so the window still fits a 1366×768 screen at 150 % scaling
        circle_scroll = QScrollArea()
        circle_scroll.setWidget(self.circle)
        circle_scroll.setWidgetResizable(True)
        circle_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        circle_scroll.setFrameShape(QScrollArea.NoFrame)
        circle_scroll.setMinimumWidth(270)
        meeting_page = QSplitter()
        meeting_page.addWidget(circle_scroll)
        meeting_page.addWidget(self.plan)
        meeting_page.setStretchFactor(0, 0)
        meeting_page.setStretchFactor(1, 1)
        meeting_page.setSizes([390, 960])
        meeting_page.setChildrenCollapsible(False)
        # never below what its parts need (else the layout cuts them): the column scrolls instead
        self.circle.setMinimumHeight(max(480, self.circle.minimumSizeHint().height()))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.preparation, _("Preparation (Ctrl+1)"))
        self.tabs.addTab(meeting_page, _("Meeting (Ctrl+2)"))
        self.read_only = CaseView()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.tabs)
        self.stack.addWidget(self.read_only)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(head)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        c.changed.connect(self.refresh)
        c.saved.connect(self._saved)
        c.save_refused.connect(lambda _text: self._saved_state())
        c.undo_stack.cleanChanged.connect(lambda _clean: self._saved_state())
        self.refresh()

    # --- showing -------------------------------------------------------------------------

    def refresh(self, change: Change | None = None) -> None:
        c = self.controller
        case, meeting = c.case, c.meeting
        if case is None or meeting is None:
            return
        self.title.setText(case.person.display_name)
        items = [
            _("Plan {v} · {kind} {date}").format(
                v=plan_version(m), kind=m.kind.label, date=format_date(m.date, "short")
            ).strip()
            for m in case.meetings
        ]
        if [self.meetings.itemText(i) for i in range(self.meetings.count())] != items:
            self.meetings.clear()
            self.meetings.addItems(items)
        self.meetings.setCurrentIndex(c.meeting_index)
        if c.editable:
            self.banner.hide()
            self.stack.setCurrentIndex(0)
        else:
            self.banner.setText(read_only_banner(c))
            self.banner.show()
            shown = copy.copy(case)
            shown.meetings = case.meetings[: c.meeting_index + 1]
            self.read_only.show_case(shown)
            self.stack.setCurrentIndex(1)
        self._enable_actions()
        review = has_review(c)
        if self.plan.isTabVisible(self.review_tab) != review:
            # only when it changes: QTabWidget lays itself out again at every call – a
            # whole-window repaint a keystroke (issue 19)
            self.plan.setTabVisible(self.review_tab, review)
        left = self.review.unanswered()
        self.review_prompt.setVisible(bool(left))
        if left:
            self.review_prompt.setText(
                ngettext(
                    "Follow-up: go through the previous plan point by point – {n} point left (Alt+6)",
                    "Follow-up: go through the previous plan point by point – {n} points left (Alt+6)",
                    left,
                ).format(n=left)
            )
        self._saved_state()

    def _show_count(self, findings: list[quality.Finding]) -> None:
        errors = sum(f.is_error for f in findings)
        self.check_button.setText(("⚠ " if errors else "✓ " if not findings else "") + summary(findings))
        self.check_button.setStyleSheet(
            "color: #8a1c1c; font-weight: bold;" if errors else "color: #5c4400;" if findings else "color: #1d5e2a;"
        )
        self.circle.tabs.setTabText(
            self.check_tab,
            _("Check ({n})").format(n=len(findings)) if findings else _("Check"),
        )

    def _saved(self) -> None:
        self.saved_label.setToolTip("")
        self.saved_label.setText(
            _("Saved {time}").format(time=format_time(_now_time()))
        )

    def _saved_state(self) -> None:
        c = self.controller
        if c.save_error:
            # said once, and shown while it lasts – never a "Saving…" that does not end
            self.saved_label.setText(_("Not saved"))
            self.saved_label.setToolTip(c.save_error)
        elif c.dirty:
            self.saved_label.setText(_("Saving…"))
            self.saved_label.setToolTip("")

    def set_active(self, active: bool) -> None:
        """Shortcuts work only while the workspace is on screen."""
        self._active = active
        self._enable_actions()

    def _enable_actions(self) -> None:
        c = self.controller
        for name, action in self.actions.items():
            if name in ("preparation", "meeting"):
                usable = True
            elif name == "part6":  # the follow-up review: only a follow-up has one
                usable = c.editable and has_review(c)
            elif name == "samrad":  # samråd with the parents: a child's case only
                usable = c.editable and c.case is not None and offers_samrad(c.case)
            else:
                usable = c.editable
            action.setEnabled(self._active and usable)
        self.circle.samrad_button.setVisible(c.case is None or offers_samrad(c.case))

    # --- actions -------------------------------------------------------------------------

    def show_preparation(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.preparation.kind.setFocus()

    def show_meeting(self) -> None:
        self.tabs.setCurrentIndex(1)
        self.plan.focus_part(self.plan.currentIndex())

    def _meeting_tab(self) -> None:
        if self.tabs.currentIndex() != 1:
            self.tabs.setCurrentIndex(1)

    def toggle_clock(self) -> None:
        self._meeting_tab()
        self.circle.toggle()

    def pause_note(self) -> None:
        self.circle.pause_note()

    def back(self) -> None:
        self._meeting_tab()
        self.circle.back()
        self._focus_current_part()

    def forward(self) -> None:
        self._meeting_tab()
        self.circle.forward()
        meeting = self.controller.meeting
        if meeting is not None and meeting.circle.finished:
            # the closing part is done: what the chair left empty there, the plan knows
            self.controller.fill_known()
        self._focus_current_part()

    def _focus_current_part(self) -> None:
        c = self.controller
        meeting = c.meeting
        if meeting is None:
            return
        if not meeting.circle.finished:
            self.plan.focus_part(meeting.circle.current)
        # the room's highlight moves with the part too, not with the field last typed in: at
        # the closing part (and when the meeting ends) the room sees the summary
        from sipdesk.model.meetingdata import PART_KEYS

        key = "finished" if meeting.circle.finished else PART_KEYS[meeting.circle.current]
        c.set_focus("part", key)

    def tick_prompt(self) -> None:
        self.circle.tick_next_prompt()

    def tick_speaker(self) -> None:
        self.circle.tick_next_speaker()

    def new_round(self) -> None:
        self.circle.new_round()

    def disagreement(self) -> None:
        c = self.controller
        names = [c.case.person.display_name] + [p.name for p in c.meeting.participants]
        (who, about), ok = DisagreementDialog.get_disagreement(self, names)
        if ok:
            now = c.now()
            c.apply(_("Record a disagreement"), lambda case, m: record_disagreement(m, who, about, now))

    def radrum(self) -> None:
        text, ok = NoteDialog.get_text(
            self, _("Rådrum"), _("The professionals consult. What new time is set for the decision?")
        )
        if ok:
            self.circle.note(NoteKind.RADRUM, text)

    def samrad(self) -> None:
        text, ok = NoteDialog.get_text(
            self, _("Samråd"), _("Samråd offered to the parents: when, and with whom?")
        )
        if ok:
            self.circle.note(NoteKind.SAMRAD, text)

    def _plan_action(self, fn: Callable[[], None]) -> None:
        self._meeting_tab()
        fn()

    def new_goal(self) -> None:
        self._meeting_tab()
        self.plan.setCurrentIndex(2)
        self.plan.goals.add_goal()

    def new_intervention(self) -> None:
        self._meeting_tab()
        self.plan.setCurrentIndex(2)
        self.plan.goals.add_intervention()

    def new_need(self) -> None:
        self._meeting_tab()
        self.plan.setCurrentIndex(2)
        self.plan.needs.add()

    def new_long_term(self) -> None:
        self._meeting_tab()
        self.plan.setCurrentIndex(2)
        self.plan.long_term.add()

    def new_participant(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.preparation.participants.add()

    def new_consent(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.preparation.consents.add()

    def _focused_section(self):
        focus = QApplication.focusWidget()
        if focus is None:
            return None
        if self.plan.goals.isAncestorOf(focus) or focus is self.plan.goals:
            return self.plan.goals
        for section in self.preparation.sections() + self.plan.sections():
            if section.isAncestorOf(focus):
                return section
        return None

    def delete_row(self) -> None:
        section = self._focused_section()
        if section is not None:
            section.delete()

    def move_up(self) -> None:
        section = self._focused_section()
        if section is not None:
            section.move(-1)

    def move_down(self) -> None:
        section = self._focused_section()
        if section is not None:
            section.move(1)

    def _plan_tab(self, index: int) -> None:
        self._meeting_tab()
        self.plan.focus_part(index)

    def plan_tab_1(self) -> None:
        self._plan_tab(0)

    def plan_tab_2(self) -> None:
        self._plan_tab(1)

    def plan_tab_3(self) -> None:
        self._plan_tab(2)

    def plan_tab_4(self) -> None:
        self._plan_tab(3)

    def plan_tab_5(self) -> None:
        self._plan_tab(4)

    def plan_review(self) -> None:
        """Turn to the follow-up review and put the cursor on the first point not yet answered."""
        if not has_review(self.controller):
            return
        self._meeting_tab()
        self.plan.setCurrentIndex(self.review_tab)
        self.review.first_field().setFocus()

    def _part_changed(self, key: str) -> None:
        # SIP.md §2 step 7: a follow-up goes through the previous plan in the situation round
        left = self.review.unanswered()
        if key in ("situation", "needs") and left:
            self.status_message.emit(
                ngettext(
                    "Follow-up: {n} point of the previous plan is not yet reviewed (Alt+6).",
                    "Follow-up: {n} points of the previous plan are not yet reviewed (Alt+6).",
                    left,
                ).format(n=left)
            )

    def show_check(self) -> None:
        """Show the plan check's list beside the plan, with the keyboard in it."""
        self.live_check.run_now()
        self._meeting_tab()
        self.circle.tabs.setCurrentIndex(self.check_tab)
        # at 150 % the list sits below the fold of the circle's column; after the tab's layout
        QTimer.singleShot(0, lambda: reveal(self.check_list))
        self.check_list.list.setFocus()
        if self.check_list.list.currentRow() < 0 and self.check_list.list.count():
            self.check_list.list.setCurrentRow(0)

    def jump_to(self, finding: quality.Finding):
        """Go to the field a plan-check finding is about (see `checks.jump_to`)."""
        if not self.controller.editable:
            self.status_message.emit(
                _("This plan is read-only: it belongs to an earlier meeting or a closed case.")
            )
            return None
        widget = jump_to(self, finding)
        if widget is not None:
            from sipdesk.model.protection import Redactor

            redact = Redactor.for_person(self.controller.case.person).text
            self.status_message.emit(redact(finding.message))
        return widget

    def save(self) -> None:
        if self.controller.save_now():
            self.status_message.emit(_("Saved."))


def read_only_banner(controller: Controller) -> str:
    """Why the workspace is read-only, for the banner over it: a closed plan names its date and
    reason, a refused save what happened, an earlier version how to get to the newest."""
    case = controller.case
    if controller.refused:
        return controller.refused
    if case is not None and case.closing is not None:
        closing = case.closing
        reason = closing.reason.label
        if closing.note.strip():
            reason = f"{reason}: {closing.note.strip()}"
        return _(
            "The plan was closed on {date} ({reason}). It no longer applies and cannot be "
            "changed; it can still be read, printed and exported."
        ).format(date=format_date(closing.date), reason=reason)
    return _("An earlier plan version: read-only. Choose the newest meeting to edit.")


def _now_time():
    import datetime as dt

    now = dt.datetime.now()
    return dt.time(now.hour, now.minute)
