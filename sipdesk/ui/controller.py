"""The single bridge between the chair's window and the model.

Holds the store, the open case and its current meeting; runs every edit as a model operation
inside an undo command (a typing burst in one field is one step); saves on its own – at most
`AUTOSAVE_MS` of work can be lost, each save one transaction – and says what changed through
`changed` and what the chair is editing through `focus_changed` (the shared screen listens).
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from sipdesk.i18n import _
from sipdesk.model import defaults
from sipdesk.model.changes import Change
from sipdesk.model.editing import EditError
from sipdesk.model.entities import Case, Meeting
from sipdesk.model.meeting import CircleError
from sipdesk.model.store import CaseNotFound, Store, StoreLocked, VersionLocked
from sipdesk.model.store.faults import StoreFault

log = logging.getLogger(__name__)

Operation = Callable[[Case, Meeting], Change]

AUTOSAVE_MS = 1500  # the longest stretch of work a crash can take
BURST_SECONDS = 2.0  # typing with shorter gaps than this, in one field, is one undo step
UNDO_LIMIT = 400
_MERGE_ID = 0x51D


class EditCommand(QUndoCommand):
    """One edit: undo restores the case as it was before, redo as it was after.

    The operation has already run when the command is pushed; `after` is taken lazily at the
    first undo, so a typing burst folded into this command costs no copy per keystroke.
    """

    def __init__(self, controller: Controller, text: str, before: Case, merge_key: str | None):
        super().__init__(text)
        self.controller = controller
        self.before = before
        self.after: Case | None = None
        self.merge_key = merge_key
        self.last_edit = time.monotonic()
        self.change: Change | None = None
        self._pushed = False

    def id(self) -> int:  # noqa: A003 - Qt name
        return _MERGE_ID if self.merge_key else -1

    def redo(self) -> None:
        if not self._pushed:  # the operation already ran in Controller.apply
            self._pushed = True
            return
        assert self.after is not None
        self.controller._restore(self.after, self.change)

    def undo(self) -> None:
        if self.after is None:
            self.after = copy.deepcopy(self.controller.case)
        self.controller._restore(self.before, self.change)

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt name
        return False  # bursts are folded in Controller.apply, before anything is pushed


class Controller(QObject):
    """The chair's open case: edits, undo, autosave, and the signals the windows listen to."""

    changed = Signal(object)  # Change
    focus_changed = Signal(object)  # (area, id), e.g. ("goal", "ab12…") or ("field", "own_view")
    case_opened = Signal(object)  # case id or None
    saved = Signal()
    message = Signal(str)  # a short note for the status bar (errors say what to do)
    store_fault = Signal(object)  # a StoreFault a save met (see sipdesk.model.store.faults)
    save_refused = Signal(str)  # a save that cannot succeed: why (said once, never retried)

    def __init__(
        self, store: Store, clock: Callable[[], float] = time.time, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.undo_stack = QUndoStack(self)
        # each step keeps a copy of the case; a long meeting stays within a few tens of MB
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self._case: Case | None = None
        self._case_id: int | None = None
        self._meeting_index = -1
        self._dirty = False
        self._focus: tuple[str, str | None] | None = None
        self._burst_open = False
        self._save_error = ""  # the last failed save's message, said once until a save works
        self._refused = ""  # the store refuses this case's changes for good (closed elsewhere)
        self.autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.save_now)

    # --- what is open --------------------------------------------------------------------

    @property
    def case(self) -> Case | None:
        return self._case

    @property
    def case_id(self) -> int | None:
        return self._case_id

    @property
    def meeting(self) -> Meeting | None:
        if self._case is None or not 0 <= self._meeting_index < len(self._case.meetings):
            return None
        return self._case.meetings[self._meeting_index]

    @property
    def meeting_index(self) -> int:
        return self._meeting_index

    @property
    def editable(self) -> bool:
        """Only the newest meeting of an open case can change; earlier plans stay as they were."""
        meeting = self.meeting
        return (
            meeting is not None
            and self._case is not None
            and not self._refused
            and self._case.is_editable(meeting)
        )

    @property
    def refused(self) -> str:
        """Why the store refuses this case's changes (empty while saving works)."""
        return self._refused

    @property
    def closed(self) -> bool:
        return self._case is not None and self._case.closing is not None

    @property
    def dirty(self) -> bool:
        return self._dirty

    def now(self) -> float:
        return self.clock()

    def open_case(self, case_id: int) -> Case:
        """Open a case on its newest meeting. Saves whatever was open before."""
        self.close_case()
        case = self.store.load_case(case_id)
        self._case, self._case_id = case, case_id
        self._meeting_index = len(case.meetings) - 1
        self._dirty, self._refused, self._save_error = False, "", ""
        self.undo_stack.clear()
        self.store.audit(case_id, "opened")
        log.info("case %s opened in the workspace", case_id)
        self.case_opened.emit(case_id)
        self.changed.emit(Change("case"))
        return case

    def create_case(self, case: Case) -> int:
        """Add a new case to the store and open it."""
        case_id = self.store.add_case(case)
        self.open_case(case_id)
        return case_id

    def close_case(self, discard: bool = False) -> bool:
        """Save and close; False (and the case stays open) when the save failed for a reason
        that can pass (the store locked, the disk full). A save the store refuses for good (the
        plan was closed, the case deleted) never keeps the case open: it closes, and the
        message said why the last edits were not kept. `discard` closes whatever happens (the
        chair chose to lose the edits that could not be saved)."""
        if self._case is None:
            return True
        if not self.save_now() and not self._refused and not discard:
            return False
        if self._dirty:
            log.warning("case %s closed with edits that could not be saved", self._case_id)
        self._case, self._case_id, self._meeting_index = None, None, -1
        self._dirty, self._refused, self._save_error = False, "", ""
        self._focus = None
        self.autosave_timer.stop()
        self.undo_stack.clear()
        self.case_opened.emit(None)
        self.changed.emit(Change("case"))
        return True

    def select_meeting(self, index: int) -> None:
        """Show another meeting of the case: earlier ones read-only."""
        if self._case is None or not 0 <= index < len(self._case.meetings):
            return
        self.save_now()
        self._meeting_index = index
        self.changed.emit(Change("meeting"))

    def start_follow_up(self) -> bool:
        """Add a follow-up meeting pre-filled from the current plan, which then stays fixed.

        Not undoable: once saved, a plan version is never removed. False when saving failed.
        """
        from sipdesk.model.editing import start_follow_up

        if (
            self._case is None
            or self._case.closing is not None
            or self._refused
            or not self.save_now()
        ):
            return False
        start_follow_up(self._case)
        from sipdesk.model.defaults import chair_for_new_meeting

        chair_for_new_meeting(self._case.current_meeting, self.store.get_preference("chair.name"))
        self._dirty = True
        if not self.save_now():
            return False
        # the same case, now on its new meeting: read back what the store holds, without
        # closing it in between (the shared screen keeps showing it; nothing else is told
        # that the case went away)
        self._case = self.store.load_case(self._case_id)
        self._meeting_index = len(self._case.meetings) - 1
        self._dirty = False
        self.undo_stack.clear()
        self._focus = None
        self.changed.emit(Change("case"))
        return True

    # --- editing -------------------------------------------------------------------------

    def apply(self, text: str, operation: Operation, merge_key: str | None = None) -> Change | None:
        """Run a model operation as one undoable edit; a typing burst in one field folds in.

        Returns the Change, or None when nothing could be done (read-only, or bad input: then
        `message` says what to write and the case is as it was).
        """
        if not self.editable:
            self.message.emit(self.read_only_reason())
            return None
        case = self._case
        top = self._top_command()
        folding = (
            merge_key is not None
            and self._burst_open
            and top is not None
            and top.merge_key == merge_key
            and time.monotonic() - top.last_edit < BURST_SECONDS
        )
        before = None if folding else copy.deepcopy(case)
        known = defaults.known_closing(case, self.meeting)
        try:
            change = operation(case, self.meeting)
        except (EditError, CircleError) as exc:
            # operations check before they change anything; the restore is a second guard
            if before is not None:
                self._restore_silently(before)
            self.message.emit(str(exc))
            return None
        # part 5's fields that still say what was filled in follow the plan (same undo step)
        defaults.follow_known(case, self.meeting, known)
        if folding:
            top.after = None
            top.last_edit = time.monotonic()
            top.change = change
        else:
            command = EditCommand(self, text, before, merge_key)
            command.change = change
            self.undo_stack.push(command)
        self._burst_open = merge_key is not None
        self._edited(change)
        return change

    def fill_known(self) -> bool:
        """Write what the plan knows into part 5's empty fields – *Kopia till* (those who speak
        for the person, each organisation) and *Originalet förvaras av* (the huvudansvarig) – as
        one undoable step. Called when the meeting ends and before the plan goes on paper, never
        while the chair may be typing there; a field the chair wrote is never touched. True
        when something was filled in."""
        if not self.editable or not defaults.closing_suggestions(self.meeting, self._case):
            return False
        self._burst_open = False  # its own step, never folded into the last typing
        filled = self.apply(
            _("Fill in copies and original"),
            lambda case, meeting: (
                defaults.apply_closing_suggestions(meeting, case),
                Change("field", "copies_to"),
            )[1],
        )
        return filled is not None

    def run_circle(self, operation: Operation, save: bool = False) -> Change | None:
        """A meeting-circle step (clock, ticks, notes): recorded, not undone with the plan edits."""
        if not self.editable:
            return None
        try:
            change = operation(self._case, self.meeting)
        except CircleError as exc:
            self.message.emit(str(exc))
            return None
        self._edited(change)
        if save:
            self.save_now()
        return change

    def read_only_reason(self) -> str:
        """Why the open plan cannot be changed now, for a message."""
        if self._refused:
            return self._refused
        if self._case is not None and self._case.closing is not None:
            return _("The plan is closed and can no longer be changed.")
        return _("This plan is read-only: it belongs to an earlier meeting or a closed case.")

    def record(self, text: str, operation: Operation, audit: str = "") -> Change | None:
        """A change to the open case that is a fact, not a draft (a consent withdrawn, the plan
        closed): run at once on the case – whichever meeting is shown –, saved at once, audited,
        and never undone (undoing an earlier edit keeps it; see `_restore_silently`).

        Model errors (`EditError`, `ClosingRefused`, …: ValueError) are raised to the caller,
        which tells the chair; the case is then as it was. None when nothing could be done.
        """
        if self._case is None:
            return None
        if self._refused or self._case.closing is not None:
            self.message.emit(self.read_only_reason())
            return None
        if not self.save_now():  # the drafts first, so a failure cannot mix the two
            return None
        before = copy.deepcopy(self._case)
        meeting = self._case.current_meeting
        try:
            change = operation(self._case, meeting)
        except ValueError:
            self._case = before
            raise
        self._burst_open = False
        self._dirty = True
        if not self.save_now():
            # not written: take it back, so what the chair sees is what the store holds
            self._case = before
            self._dirty = False
            self.changed.emit(Change("case"))
            return None
        if audit:
            self.store.audit(self._case_id, audit)
        log.info("case %s: %s recorded", self._case_id, audit or text)
        if self._case.closing is not None:
            # a closed plan is read-only: nothing is left to undo
            self.undo_stack.clear()
        self.changed.emit(change if change is not None else Change("case"))
        return change if change is not None else Change("case")

    def set_focus(self, area: str, item_id: str | None) -> None:
        """Say what the chair is editing now; a new field ends the typing burst."""
        focus = (area, item_id)
        if focus != self._focus:
            self._focus = focus
            self._burst_open = False
            self.focus_changed.emit(focus)

    @property
    def focus(self) -> tuple[str, str | None] | None:
        return self._focus

    def end_burst(self) -> None:
        self._burst_open = False

    def _top_command(self) -> EditCommand | None:
        stack = self.undo_stack
        if stack.index() == 0 or stack.index() != stack.count():
            return None
        command = stack.command(stack.index() - 1)
        return command if isinstance(command, EditCommand) else None

    def _edited(self, change: Change) -> None:
        self._dirty = True
        if not self.autosave_timer.isActive():  # not restarted: steady typing still saves
            self.autosave_timer.start()
        self.changed.emit(change)

    def _restore_silently(self, snapshot: Case) -> None:
        current = self._case
        circles = [m.circle for m in current.meetings]
        statuses = [m.status for m in current.meetings]
        case = copy.deepcopy(snapshot)
        # the meeting circle's record is not part of undo: the clock and the ticks stay as they are
        for meeting, circle, status in zip(case.meetings, circles, statuses, strict=False):
            meeting.circle, meeting.status = circle, status
        # recorded facts are not drafts: a withdrawn consent stays withdrawn, a closing stays
        keep = {c.id: c for c in current.consents if c.withdrawn_on is not None}
        for consent in case.consents:
            if consent.id in keep:
                consent.withdrawn_on = keep.pop(consent.id).withdrawn_on
        case.consents.extend(copy.deepcopy(c) for c in keep.values())
        if current.closing is not None:
            case.closing = current.closing
        self._case = case

    def _restore(self, snapshot: Case, change: Change | None) -> None:
        self._restore_silently(snapshot)
        self._burst_open = False
        self._edited(change or Change("case"))

    # --- saving --------------------------------------------------------------------------

    def save_now(self) -> bool:
        """Write the case now, in one transaction. False (with a message) when it failed."""
        # here, not at the top: the window must start without SQLAlchemy (see repository.py)
        from sqlalchemy.exc import SQLAlchemyError

        self.autosave_timer.stop()
        if self._case is None or not self._dirty:
            return True
        if self._refused:
            return False
        try:
            self.store.save_case(self._case_id, self._case)
        except (VersionLocked, CaseNotFound) as exc:
            # for good: the case was closed or deleted outside this window. Say so once, make
            # the workspace read-only, and never try again (Ctrl+W then closes it).
            self._refused = _(
                "Not saved: {reason} The latest edits cannot be kept; close the case (Ctrl+W) "
                "and open it again."
            ).format(reason=str(exc))
            log.warning("case %s: the store refused the save (%s)", self._case_id, type(exc).__name__)
            self.undo_stack.clear()
            self.message.emit(self._refused)
            self.save_refused.emit(self._refused)
            self.changed.emit(Change("case"))
            return False
        except StoreLocked as exc:
            # locked: the edits stay in memory (still dirty) and are written after unlocking
            self._say_once(str(exc))
            return False
        except StoreFault as exc:
            # named faults (issue 21): a full disk, a damaged or read-only store, the case or
            # the key changed elsewhere – the edits stay in memory (still dirty), nothing is
            # overwritten; a key changed elsewhere has already closed the store: unlock to go on
            self.message.emit(str(exc))
            self.store_fault.emit(exc)
            return False
        except SQLAlchemyError as exc:
            # the class name only: the driver's message can quote the statement's parameters,
            # which hold the plan's text
            log.error("saving case %s failed: %s", self._case_id, type(exc).__name__)
            self._say_once(
                _(
                    "Could not save: the store did not accept the write. Your work is still on "
                    "screen; check the disk has space and try again (Ctrl+S)."
                )
            )
            return False
        self._dirty = False
        self._save_error = ""
        self.saved.emit()
        return True

    def _say_once(self, text: str) -> None:
        """A failed save is told once; the next edit tries again, quietly, until one works."""
        if text != self._save_error:
            self._save_error = text
            self.message.emit(text)

    @property
    def save_error(self) -> str:
        """The reason the last save failed ('' after a save that worked)."""
        return self._refused or self._save_error
