"""The plan's life in the main window: check, follow-up review, compare, close, evaluate, figures.

`install(window)` adds the actions to the Case and View menus. They work on the case open in the
chair's workspace – through its controller, the one writer of an open case – or, with none open,
on the case chosen in the list (`window.current_case_id()`), saved through `window.store`. The widgets in
this package (CheckList, ReviewEditor, CompareView) are self-contained so the chair's workspace
can place them directly.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QMessageBox, QVBoxLayout

from sipdesk.i18n import _
from sipdesk.model import lifecycle
from sipdesk.model.entities import Case
from sipdesk.model.enums import ClosingReason, MeetingKind, MeetingStatus
from sipdesk.model.store import CaseNotFound, VersionLocked

log = logging.getLogger(__name__)


def _dialog(parent, title: str, widget, buttons=QDialogButtonBox.Close) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    layout.addWidget(widget, 1)
    box = QDialogButtonBox(buttons)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    layout.addWidget(box)
    dialog.buttons = box
    return dialog


class Lifecycle:
    """The feature's actions, bound to one main window."""

    def __init__(self, window) -> None:
        self.window = window
        w = window
        self.check_action = QAction(_("Plan &check…"), w, shortcut=QKeySequence("Ctrl+Shift+C"))
        self.review_action = QAction(_("Follow-up &review…"), w)
        self.compare_action = QAction(_("Compare plan &versions…"), w)
        self.withdraw_action = QAction(_("Record consent &withdrawal…"), w)
        self.close_action = QAction(_("C&lose the plan…"), w)
        self.evaluate_action = QAction(_("&Evaluation after the meeting…"), w)
        self.figures_action = QAction(_("&Figures…"), w)
        self.check_action.triggered.connect(self.show_check)
        self.review_action.triggered.connect(self.show_review)
        self.compare_action.triggered.connect(self.show_compare)
        self.withdraw_action.triggered.connect(self.withdraw_consent)
        self.close_action.triggered.connect(self.close_plan)
        self.evaluate_action.triggered.connect(self.evaluate)
        self.figures_action.triggered.connect(self.show_figures)
        self.case_actions = [
            self.check_action,
            self.review_action,
            self.compare_action,
            self.withdraw_action,
            self.close_action,
        ]
        w.case_menu.addSeparator()
        for action in self.case_actions:
            w.case_menu.addAction(action)
        w.case_menu.addSeparator()
        w.case_menu.addAction(self.evaluate_action)
        w.view_menu.addAction(self.figures_action)
        w.current_case_changed.connect(self._case_changed)
        self._case_changed(w.current_case_id())

    # --- helpers -------------------------------------------------------------------------

    def _case_changed(self, case_id) -> None:
        for action in self.case_actions:
            action.setEnabled(case_id is not None or self._controller() is not None)

    def _controller(self):
        """The window's controller when it holds the case these actions are about, else None.

        One writer for the open case: while a case is open in the workspace, every action here
        reads the controller's copy (with the edits not yet saved) and changes it through the
        controller – never the store's rows behind its back.
        """
        controller = getattr(self.window, "controller", None)
        if controller is None or controller.case is None:
            return None
        return controller

    def _target_id(self) -> int | None:
        controller = self._controller()
        return controller.case_id if controller is not None else self.window.current_case_id()

    def _load(self) -> tuple[int, Case] | None:
        controller = self._controller()
        if controller is not None:
            import copy

            return controller.case_id, copy.deepcopy(controller.case)
        case_id = self.window.current_case_id()
        if case_id is None:
            return None
        try:
            return case_id, self.window.store.load_case(case_id)
        except CaseNotFound:
            self.window.refresh()
            return None

    def _save(self, case_id: int, case: Case) -> bool:
        try:
            self.window.store.save_case(case_id, case)
        except VersionLocked as exc:
            QMessageBox.warning(self.window, _("Not saved"), str(exc))
            return False
        self._reload(case_id)
        return True

    def _reload(self, case_id: int) -> None:
        if self._controller() is not None:
            # the workspace redraws from the controller; the list behind it gets the new status
            self.window.refresh()
            return
        self.window.refresh()
        self.window.select_case(case_id)
        self.window.current_case_changed.emit(case_id)
        try:
            self.window.view.show_case(self.window.store.load_case(case_id))
        except CaseNotFound:
            pass

    # --- actions -------------------------------------------------------------------------

    def show_check(self) -> QDialog | None:
        from sipdesk.ui.lifecycle.check_list import CheckList

        workspace = self._open_workspace()
        if workspace is not None:
            # the open case may hold edits not yet saved: its live check is the true one
            workspace.show_check()
            return None
        loaded = self._load()
        if loaded is None:
            return None
        _id, case = loaded
        widget = CheckList()
        widget.show_case(case)
        dialog = _dialog(self.window, _("Plan check"), widget)
        jump = getattr(self.window, "jump_to_finding", None)
        if jump is not None:
            # close the dialog first, so the cursor lands in the field and stays there
            widget.jump_requested.connect(lambda finding: (dialog.accept(), jump(finding)))
        dialog.resize(720, 520)
        dialog.check_list = widget
        dialog.exec()
        return dialog

    def _open_workspace(self):
        """The chair's workspace, when it is on screen with a case open (else None)."""
        workspace = getattr(self.window, "workspace", None)
        return workspace if self._controller() is not None else None

    def show_review(self) -> QDialog | None:
        from sipdesk.ui.chair.review_tab import has_review
        from sipdesk.ui.lifecycle.review_editor import ReviewEditor

        workspace = self._open_workspace()
        if workspace is not None:
            # in the workspace the review is a tab, edited through the controller (undo, autosave)
            if not has_review(workspace.controller) and workspace.controller.editable:
                self.window.new_follow_up()
            if has_review(workspace.controller):
                workspace.plan_review()
            return None
        loaded = self._load()
        if loaded is None:
            return None
        case_id, case = loaded
        meeting = case.current_meeting
        read_only = case.closing is not None
        if meeting is None:
            return None
        if meeting.kind is not MeetingKind.FOLLOW_UP:
            if read_only or meeting.status is not MeetingStatus.HELD:
                QMessageBox.information(
                    self.window,
                    _("Follow-up review"),
                    _(
                        "There is no follow-up of this plan to review. A follow-up can start once "
                        "the meeting is held."
                    ),  # fmt: skip
                )
                return None
            answer = QMessageBox.question(
                self.window,
                _("Start the follow-up?"),
                _(
                    "Start the follow-up meeting of plan version {v} today? The follow-up begins "
                    "as a copy of the plan; the present version stays unchanged."
                ).format(v=meeting.plan.version),  # fmt: skip
            )
            if answer != QMessageBox.Yes:
                return None
            meeting = case.start_follow_up(dt.date.today())
            meeting.status = MeetingStatus.IN_PROGRESS
        if read_only and meeting.review is None:
            QMessageBox.information(
                self.window, _("Follow-up review"), _("This follow-up has no review.")
            )
            return None
        editor = ReviewEditor()
        editor.set_meeting(case, meeting, read_only=read_only)
        buttons = (
            QDialogButtonBox.Close if read_only else QDialogButtonBox.Save | QDialogButtonBox.Cancel
        )
        dialog = _dialog(self.window, _("Follow-up review"), editor, buttons)
        dialog.editor = editor
        dialog.resize(1100, 640)
        if dialog.exec() == QDialog.Accepted and not read_only:
            if self._save(case_id, case):
                self.window.store.audit(case_id, "review_saved")
                from sipdesk.model.review import Decision

                if meeting.review is not None and meeting.review.decision is Decision.CLOSE:
                    self.close_plan(reason=ClosingReason.GOALS_MET)
        return dialog

    def show_compare(self) -> QDialog | None:
        from sipdesk.ui.lifecycle.compare_view import CompareView

        loaded = self._load()
        if loaded is None:
            return None
        _id, case = loaded
        if len(case.meetings) < 2:
            QMessageBox.information(
                self.window,
                _("Compare plan versions"),
                _("This case has only one plan version so far."),
            )
            return None
        view = CompareView(case)
        dialog = _dialog(self.window, _("Compare plan versions"), view)
        dialog.view = view
        dialog.resize(1200, 700)
        dialog.exec()
        return dialog

    def withdraw_consent(self) -> None:
        from sipdesk.ui.lifecycle.closing_dialogs import WithdrawDialog

        loaded = self._load()
        if loaded is None:
            return
        case_id, case = loaded
        if case.closing is not None:
            QMessageBox.information(self.window, _("Closed"), _("The plan is already closed."))
            return
        dialog = WithdrawDialog(case, parent=self.window)
        if dialog.exec() != QDialog.Accepted:
            return
        consent_id, day = dialog.value()
        controller = self._controller()
        try:
            if controller is not None:
                outcome: list[bool] = []

                def withdraw(case, _meeting):
                    from sipdesk.model.changes import Change

                    outcome.append(lifecycle.withdraw_consent(case, consent_id, day))
                    return Change("consent", consent_id)

                if controller.record(_("Record consent withdrawal"), withdraw, "consent_withdrawn") is None:
                    return
                ends = outcome[0]
            else:
                ends = lifecycle.withdraw_in_store(self.window.store, case_id, consent_id, day)
        except (lifecycle.ClosingRefused, VersionLocked) as exc:
            QMessageBox.warning(self.window, _("Not saved"), str(exc))
            return
        self._reload(case_id)
        if ends:
            answer = QMessageBox.question(
                self.window,
                _("Close the plan?"),
                _("No consent is valid any more, so the plan ends. Close it now?"),
            )
            if answer == QMessageBox.Yes:
                self.close_plan(reason=ClosingReason.CONSENT_WITHDRAWN)

    def close_plan(self, _checked: bool = False, reason: ClosingReason | None = None) -> None:
        from sipdesk.ui.lifecycle.closing_dialogs import CloseDialog

        loaded = self._load()
        if loaded is None:
            return
        case_id, case = loaded
        if case.closing is not None:
            QMessageBox.information(self.window, _("Closed"), _("The plan is already closed."))
            return
        dialog = CloseDialog(case, reason, parent=self.window)
        if dialog.exec() != QDialog.Accepted or dialog.closing is None:
            return
        closing = dialog.closing
        controller = self._controller()
        try:
            if controller is not None:

                def close(case, _meeting):
                    from sipdesk.model.changes import Change

                    lifecycle.close(case, closing)
                    return Change("case")

                if controller.record(_("Close the plan"), close) is None:
                    return
                log.info("case %s closed (%s)", case_id, closing.reason.value)
                closed = controller.case
            else:
                closed = lifecycle.close_in_store(self.window.store, case_id, closing)
        except (lifecycle.ClosingRefused, VersionLocked) as exc:
            QMessageBox.warning(self.window, _("Not saved"), str(exc))
            return
        self._reload(case_id)
        self.offer_calendar_cancellation(closed)

    def offer_calendar_cancellation(self, case) -> bool:
        """Issue 15: a closed plan's booked follow-up will not happen – offer the calendar file
        that cancels it (METHOD:CANCEL) in the calendars that have it."""
        meeting = case.current_meeting
        follow = meeting.plan.follow_up if meeting is not None else None
        feature = getattr(self.window, "export_feature", None)
        if follow is None or follow.date is None or feature is None:
            return False
        answer = QMessageBox.question(
            self.window,
            _("Cancel the follow-up in calendars"),
            _(
                "The follow-up on {date} will not take place. Save a calendar file (.ics) that "
                "cancels it in the calendars it was sent to?"
            ).format(date=follow.date.isoformat()),
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.Yes,
        )
        return answer == QMessageBox.Yes and feature.export("ics", cancel=True)

    def evaluate(self) -> None:
        from sipdesk.ui.lifecycle.evaluation_dialog import EvaluationDialog

        loaded = self._load()
        kind = MeetingKind.FIRST
        if loaded is not None and loaded[1].current_meeting is not None:
            kind = loaded[1].current_meeting.kind
        # on the chair's screen only: answers given in front of the room are not anonymous, and
        # the shared screen shows nothing but what the room may see (issue 13)
        dialog = EvaluationDialog(self.window.store, kind, parent=self.window)
        dialog.exec()

    def show_figures(self) -> None:
        from sipdesk.ui.lifecycle.figures import FiguresDialog

        FiguresDialog(self.window.store, parent=self.window).exec()


def install(window) -> None:
    window.lifecycle = Lifecycle(window)
    # the reminder column (CaseTableModel): a fixed share of the list, full text as tooltip
    from sipdesk.ui.models.case_table import CaseTableModel

    column = CaseTableModel.COLUMNS.index("reminder")
    header = window.table.horizontalHeader()
    header.setSectionResizeMode(column, QHeaderView.Interactive)
    header.resizeSection(column, 180)
