"""The plan check inside the workspace: run live when the edits pause, counted in the header, listed
beside the plan – and the jump from a finding to the field it is about.

`jump_to` is the one jump: the workspace's list and the lifecycle's Plan-check dialog (through
`MainWindow.jump_to_finding`) both use it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFormLayout, QScrollArea, QWidget

from sipdesk.i18n import _
from sipdesk.model import quality
from sipdesk.model.changes import Change
from sipdesk.ui.controller import Controller
from sipdesk.ui.lifecycle.check_list import CheckList, count_text

CHECK_IDLE_MS = 400  # the check runs when the chair stops typing this long …
CHECK_MAX_WAIT_MS = 3000  # … and during a long stretch of steady typing at least this often


class LiveCheck(QObject):
    """Runs the plan check when the edits pause (`CHECK_IDLE_MS` after the last one, at most
    `CHECK_MAX_WAIT_MS` after the first not yet checked) and shows it in `check_list`: off the
    keystroke's path, so a key in a big plan costs no whole-plan check. Another case or
    meeting is checked at once (no stale count, not even for a moment); the check always looks
    at what the controller holds when it runs, so a pending run after the case was switched or
    closed checks that – never the case the edit was made in."""

    updated = Signal(object)  # list[quality.Finding]

    def __init__(self, controller: Controller, check_list: CheckList, parent: QObject | None = None):
        super().__init__(parent)
        self.controller = controller
        self.check_list = check_list
        self.findings: list[quality.Finding] = []
        self.timer = QTimer(self, singleShot=True, interval=CHECK_IDLE_MS)
        self.timer.timeout.connect(self.run_now)
        self._first_pending: float | None = None  # when the oldest unchecked edit was made
        controller.changed.connect(self._changed)

    @property
    def pending(self) -> bool:
        """An edit is waiting for the check (typing has not paused yet)."""
        return self.timer.isActive()

    def _changed(self, change: Change | None = None) -> None:
        if change is not None and change.area in ("case", "meeting"):
            self.run_now()  # another case or version: no stale count, not even for a moment
            return
        now = time.monotonic()
        if self._first_pending is None:
            self._first_pending = now
        waited_ms = (now - self._first_pending) * 1000
        self.timer.start(max(0, min(CHECK_IDLE_MS, int(CHECK_MAX_WAIT_MS - waited_ms))))

    def run_now(self) -> list[quality.Finding]:
        self.timer.stop()
        self._first_pending = None
        c = self.controller
        self.findings = self.check_list.show_case(c.case, c.meeting)
        self.updated.emit(self.findings)
        return self.findings


def summary(findings: list[quality.Finding]) -> str:
    """The header's count: "2 errors · 5 warnings", or that nothing is found."""
    return count_text(findings)


def reveal(widget: QWidget) -> None:
    """Scroll every scroll area around `widget` so that it is in view."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None and parent.widget().isAncestorOf(widget):
            parent.ensureWidgetVisible(widget)
        parent = parent.parentWidget()


def _form_field(form: QFormLayout, row: int) -> QWidget | None:
    item = form.itemAt(row, QFormLayout.FieldRole)
    return item.widget() if item is not None else None


def jump_to(workspace, finding: quality.Finding) -> QWidget | None:
    """Turn to the page and tab holding the finding's field, choose its row and put the cursor
    in it. Returns the widget given the focus, or None when the finding no longer fits the plan
    (then the status line says to check again)."""
    c = workspace.controller
    if c.case is None or c.meeting is None:
        return None
    try:
        quality.resolve(c.case, c.meeting, finding.path)
    except LookupError:
        workspace.status_message.emit(
            _("That finding no longer fits the plan. Look at the updated plan check.")
        )
        return None
    widget = _target(workspace, finding)
    if widget is None:
        return None
    reveal(widget)
    widget.setFocus()
    return widget


def _target(workspace, finding: quality.Finding) -> QWidget | None:
    c = workspace.controller
    steps = finding.path.split(".")
    head = steps[0].split("[")[0]
    last = steps[-1].split("[")[0]
    prep, plan = workspace.preparation, workspace.plan

    if head == "consents":
        workspace.tabs.setCurrentIndex(0)
        section = prep.consents
        invalid = next(
            (x.id for x in c.case.consents if c.meeting.date is None or not x.valid_on(c.meeting.date)),
            None,
        )
        if invalid is not None:
            section.list.select_id(invalid)
        elif section.list.count() and section.current_id is None:
            section.list.setCurrentRow(0)
        return section.first_field if section.current_id else section.add_button
    if head == "participants":
        workspace.tabs.setCurrentIndex(0)
        section = prep.participants
        if finding.item_id:
            section.list.select_id(finding.item_id)
        person = c.meeting.participant(finding.item_id) if finding.item_id else None
        row = 0 if person is None or not person.name.strip() else 1  # name, else title
        return _form_field(section.form, row) or section.first_field
    if head == "discharge":  # SIP at discharge: the ready date, or when it was called
        workspace.tabs.setCurrentIndex(0)
        return prep.discharge.called_on if last == "called_on" else prep.discharge.ready_date
    if head == "agencies":
        workspace.tabs.setCurrentIndex(0)
        if finding.item_id:
            prep.agencies.list.select_id(finding.item_id)
        return prep.agencies.first_field or prep.agencies.add_button
    if head != "plan":
        return None

    workspace._meeting_tab()
    part = steps[1].split("[")[0]
    simple = {
        "reason": (0, plan.reason),
        "care_contact": (0, plan.care_contact),
        "contact_place": (0, plan.contact_place),
        "current_situation": (1, plan.situation),
        "strengths": (1, plan.strengths),
        "person_does_self": (2, plan.person_does_self),
        "others_measures": (2, plan.others_measures),
        "own_view": (2, plan.own_view),
        "relatives_view": (3, plan.relatives_view),
        "follow_up": (3, plan.follow_date),
        "copies_to": (4, plan.copies),
        "original_kept_by": (4, plan.original),
    }
    if part in simple:
        index, widget = simple[part]
        plan.setCurrentIndex(index)
        return widget
    if part in ("main_responsible", "main_responsible_id"):
        plan.setCurrentIndex(3)
        return {"name": plan.main_name, "principal": plan.main_principal}.get(last, plan.appoint)
    if part == "needs":
        plan.setCurrentIndex(2)
        if finding.item_id:
            plan.needs.list.select_id(finding.item_id)
        return plan.needs.text
    if part == "disagreements":
        plan.setCurrentIndex(3)
        index = int(steps[1].split("[")[1].rstrip("]")) if "[" in steps[1] else 0
        plan.disagreements.setCurrentRow(index)
        return plan.disagreements
    if part == "goals":
        plan.setCurrentIndex(2)
        return _goal_target(workspace, finding, steps)
    return None


def _goal_target(workspace, finding: quality.Finding, steps: list[str]) -> QWidget:
    c, goals = workspace.controller, workspace.plan.goals
    last = steps[-1].split("[")[0]
    if len(steps) == 2 and "[" not in steps[1]:
        # the whole table: law point 2 goes to the first intervention lacking its principal
        if finding.code == "law-2-principals":
            item = next(
                (i for i in c.meeting.plan.interventions() if i.principal not in quality.PRINCIPALS),
                None,
            )
            if item is not None and goals.select(("intervention", item.id)):
                return goals.item_principal
        if goals.tree.topLevelItemCount() and goals.tree.currentItem() is None:
            goals.tree.setCurrentItem(goals.tree.topLevelItem(0))
        return goals.tree
    if any(s.startswith("interventions[") for s in steps):
        goals.select(("intervention", finding.item_id))
        return {
            "principal": goals.item_principal,
            "responsible": goals.responsible,
            "time_plan": goals.item_time,
        }.get(last, goals.item_what)
    goals.select(("goal", finding.item_id))
    return {
        "measure": goals.goal_measure,
        "target_date": goals.goal_date,
        "text": goals.goal_text,
    }.get(last, goals.tree)  # a goal without interventions: the row, where Ctrl+Shift+G adds one
