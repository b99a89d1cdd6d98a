"""The follow-up review as a tab of the plan editor (SIP.md §2 step 7), shown only in a
follow-up meeting: each goal and intervention of the previous plan, then the decision.

Edits run through the controller like every other edit – undoable, autosaved – as the model
operations in `sipdesk.model.review`.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from sipdesk.i18n import _
from sipdesk.model import review
from sipdesk.model.changes import Change
from sipdesk.model.enums import MeetingKind
from sipdesk.ui.controller import Controller
from sipdesk.ui.lifecycle.review_editor import ReviewEditor


def has_review(controller: Controller) -> bool:
    """The open meeting is a follow-up with an earlier plan to go through."""
    case, meeting = controller.case, controller.meeting
    return (
        case is not None
        and meeting is not None
        and meeting.kind is MeetingKind.FOLLOW_UP
        and review.previous_meeting(case, meeting) is not None
    )


class ReviewTab(QWidget):
    """The review editor bound to the controller's open meeting."""

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.controller = controller
        self.setAccessibleName(_("Follow-up review"))
        self.editor = ReviewEditor(apply=self._apply)
        # the room sees the point being reviewed and its outcome (issue 13)
        self.editor.point_focused.connect(
            lambda kind, item_id: controller.set_focus("review", f"{kind}:{item_id}")
        )
        self.empty = QLabel(_("Only a follow-up meeting reviews an earlier plan."))
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty)
        layout.addWidget(self.editor, 1)
        controller.changed.connect(self.refresh)
        self.refresh()

    def _apply(self, text, operation, merge_key) -> None:
        self.controller.apply(text, operation, merge_key=merge_key)

    def unanswered(self) -> int | None:
        """Points still to review in the open follow-up; None when it is not a follow-up."""
        if not has_review(self.controller):
            return None
        c = self.controller
        return review.unanswered(c.meeting.review or review.review_view(c.case, c.meeting))

    def refresh(self, _change: Change | None = None) -> None:
        c = self.controller
        active = has_review(c)
        self.empty.setVisible(not active)
        self.editor.setVisible(active)
        if not active:
            return
        read_only = not c.editable
        if self.editor.shows(c.case, c.meeting) and self.editor.read_only == read_only:
            self.editor.update_values(c.case, c.meeting, read_only)
        elif read_only and c.meeting.review is None:
            self.editor.setVisible(False)
            self.empty.setText(_("This follow-up has no review."))
            self.empty.setVisible(True)
        else:
            self.editor.set_meeting(c.case, c.meeting, read_only=read_only)

    def first_field(self) -> QWidget:
        """The first answer still missing (else the first), for the keyboard."""
        ed = self.editor
        for combo in ed._outcomes.values():
            if combo.currentData() is None:
                return combo
        return next(iter(ed._outcomes.values()), ed.decision)
