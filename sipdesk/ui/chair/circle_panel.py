"""The meeting circle beside the plan: the clocks, the part in hand and the next, the chair's
prompts, the speaking round, quick actions and the keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _, format_time
from sipdesk.model import meeting as circle
from sipdesk.model.changes import Change
from sipdesk.model.meetingdata import PART_KEYS, NoteKind
from sipdesk.ui.controller import Controller


def clock_text(seconds: int) -> str:
    """Minutes and seconds, with a minus sign on overrun: "12:05", "−1:30"."""
    sign = "−" if seconds < 0 else ""
    seconds = abs(int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


class CirclePanel(QWidget):
    """The chair's view of the meeting circle."""

    part_changed = Signal(str)  # part key

    def __init__(self, controller: Controller, shortcuts: list[tuple[str, str]]) -> None:
        super().__init__()
        self.controller = c = controller
        self.setAccessibleName(_("Meeting circle"))
        self._shown_part: str | None = None

        self.part = QLabel()
        self.part.setAccessibleName(_("Current part"))
        self.part.setStyleSheet("font-size: 14pt; font-weight: bold; color: #1f3a5f;")
        # no word wrap here: a height-for-width label makes the scroll area size the panel by
        # its preferred height rather than the screen's
        self.part.setMinimumWidth(80)
        self.countdown = QLabel()
        self.countdown.setAccessibleName(_("Time left in this part"))
        self.countdown.setAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        self.countdown.setMinimumWidth(110)
        self.next = QLabel()
        self.next.setAccessibleName(_("Next part"))
        self.total = QLabel()
        self.total.setAccessibleName(_("Meeting clock"))
        self.steps = QHBoxLayout()
        self.step_labels = []
        for i, key in enumerate(PART_KEYS):
            label = QLabel(f"{i + 1}")
            label.setAlignment(Qt.AlignCenter)
            label.setToolTip(circle.part_label(key))
            label.setMinimumHeight(label.fontMetrics().height() + 2)  # the number never cut
            self.step_labels.append(label)
            self.steps.addWidget(label)

        self.start_button = QPushButton()
        self.start_button.clicked.connect(self.toggle)
        self.back_button = QPushButton(_("Back (F7)"))
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(_("Next part (F8)"))
        self.next_button.clicked.connect(self.forward)

        self.prompts = QListWidget()
        self.prompts.setAccessibleName(_("The chair's checklist for this part – Space ticks"))
        self.prompts.setWordWrap(True)
        self.prompts.itemChanged.connect(self._prompt_ticked)
        self.prompts.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.prompts.setMinimumHeight(90)

        self.speakers = QListWidget()
        self.speakers.setAccessibleName(_("Speaking round – Space ticks who has spoken"))
        self.speakers.itemChanged.connect(self._speaker_ticked)
        self.speakers.setWordWrap(True)
        self.speakers.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.speakers.setMinimumHeight(80)
        self.round_label = QLabel()
        self.round_button = QPushButton(_("Go round the table (Shift+F9)"))
        self.round_button.clicked.connect(self.new_round)
        speak = QWidget()
        sl = QVBoxLayout(speak)
        sl.setContentsMargins(2, 2, 2, 2)
        sl.addWidget(self.round_label)
        sl.addWidget(self.speakers)
        sl.addWidget(self.round_button)

        self.notes = QListWidget()
        self.notes.setAccessibleName(_("Notes from the meeting"))
        self.notes.setWordWrap(True)
        self.shortcut_list = QLabel(
            "<table>"
            + "".join(f"<tr><td><b>{keys}</b>&nbsp;&nbsp;</td><td>{what}</td></tr>" for keys, what in shortcuts)
            + "</table>"
        )
        self.shortcut_list.setAccessibleName(_("Keyboard shortcuts"))
        self.shortcut_list.setTextInteractionFlags(Qt.TextSelectableByKeyboard)
        from PySide6.QtWidgets import QScrollArea

        keys_scroll = QScrollArea()
        keys_scroll.setWidget(self.shortcut_list)
        keys_scroll.setWidgetResizable(True)

        self.tabs = QTabWidget()
        self.tabs.addTab(speak, _("Speaking round"))
        self.tabs.addTab(self.notes, _("Notes"))
        self.tabs.addTab(keys_scroll, _("Shortcuts"))

        self.disagree_button = QPushButton(_("Disagreement"))
        self.disagree_button.setToolTip("Ctrl+Shift+D")
        self.radrum_button = QPushButton(_("Rådrum"))
        self.radrum_button.setToolTip("Ctrl+Shift+R")
        self.samrad_button = QPushButton(_("Samråd"))
        self.samrad_button.setToolTip("Ctrl+Shift+S")
        self.pause_button = QPushButton(_("Pause (F6)"))
        quick = QGridLayout()
        quick.addWidget(self.disagree_button, 0, 0)
        quick.addWidget(self.radrum_button, 0, 1)
        quick.addWidget(self.samrad_button, 1, 0)
        quick.addWidget(self.pause_button, 1, 1)

        top = QHBoxLayout()
        top.addWidget(self.countdown)
        facts = QVBoxLayout()
        facts.addWidget(self.next)
        facts.addWidget(self.total)
        top.addLayout(facts, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.part)
        layout.addLayout(self.steps)
        layout.addLayout(top)
        layout.addLayout(buttons)
        head = QLabel("<b>" + _("Checklist") + "</b>")
        layout.addWidget(head)
        layout.addWidget(self.prompts, 3)
        layout.addLayout(quick)
        layout.addWidget(self.tabs, 3)

        self.timer = QTimer(self, interval=1000)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        c.changed.connect(self.refresh)
        self.refresh()

    # --- actions -------------------------------------------------------------------------

    def toggle(self) -> None:
        now = self.controller.now()
        self.controller.run_circle(lambda case, m: circle.toggle(m, now), save=True)

    def forward(self) -> None:
        now = self.controller.now()
        self.controller.run_circle(lambda case, m: circle.next_part(m, now), save=True)

    def back(self) -> None:
        now = self.controller.now()
        self.controller.run_circle(lambda case, m: circle.previous_part(m, now), save=True)

    def new_round(self) -> None:
        self.controller.run_circle(lambda case, m: circle.new_round(m))

    def tick_next_speaker(self) -> None:
        self.controller.run_circle(lambda case, m: (circle.tick_next_speaker(case, m), Change("circle"))[1])

    def tick_next_prompt(self) -> None:
        meeting = self.controller.meeting
        if meeting is None:
            return
        key = circle.next_unticked_prompt(meeting)
        part = PART_KEYS[meeting.circle.current]
        if key is not None:
            self.controller.run_circle(lambda case, m: circle.tick_prompt(m, part, key, True))

    def pause_note(self) -> None:
        now = self.controller.now()
        self.controller.run_circle(lambda case, m: circle.add_note(m, NoteKind.PAUSE, "", now), save=True)

    def note(self, kind: NoteKind, text: str) -> None:
        now = self.controller.now()
        self.controller.run_circle(lambda case, m: circle.add_note(m, kind, text, now), save=True)

    # --- showing -------------------------------------------------------------------------

    def tick(self) -> None:
        """Once a second: only the clocks move."""
        meeting = self.controller.meeting
        if meeting is None or not self.isVisible():
            return
        self._show_clock(circle.circle_status(meeting, self.controller.now()))

    def _show_clock(self, status: circle.CircleStatus) -> None:
        self.part.setText(
            _("Part {n} of 5: {label}").format(n=status.index + 1, label=status.label)
        )
        if status.finished:
            colour, note = "#555555", _("finished")
        elif status.overrun:
            colour, note = "#b3261e", _("over time")
        elif status.warning:
            colour, note = "#b26a00", _("left")
        else:
            colour, note = "#1d5e2a", _("left")
        self.countdown.setText(
            f"<span style='font-size: 22pt; font-weight: bold; color: {colour}'>"
            f"{clock_text(status.seconds_left)}</span><br><span style='color:{colour}'>{note}</span>"
        )
        self.countdown.setAccessibleDescription(f"{clock_text(status.seconds_left)} {note}")
        nxt = status.next_label or _("the meeting ends")
        self.next.setText(_("Next: {label}").format(label=nxt))
        state = (
            _("finished") if status.finished
            else _("paused") if status.paused
            else _("not started") if not status.started
            else ""
        )
        self.total.setText(
            _("Meeting {elapsed} of {planned}").format(
                elapsed=clock_text(status.elapsed_seconds), planned=clock_text(status.planned_seconds)
            )
            + (f" · <b>{state}</b>" if state else "")
        )
        self.start_button.setEnabled(self.controller.editable and not status.finished)
        if not status.started:
            self.start_button.setText(_("Start meeting (F5)"))
        elif status.paused:
            self.start_button.setText(_("Resume (F5)"))
        else:
            self.start_button.setText(_("Pause clock (F5)"))
        for i, label in enumerate(self.step_labels):
            if i == status.index:
                style = "background: #1f3a5f; color: white; font-weight: bold;"
            elif i < status.index:
                style = "background: #c9d6e3; color: #1f3a5f;"
            else:
                style = "background: #eef1f4; color: #555;"
            style += " border-radius: 3px; padding: 2px;"
            if label.styleSheet() != style:  # a style sheet set re-polishes and re-lays out
                label.setStyleSheet(style)

    def refresh(self, _change: Change | None = None) -> None:
        c = self.controller
        meeting = c.meeting
        if meeting is None:
            return
        status = circle.circle_status(meeting, c.now())
        self._show_clock(status)
        editable = c.editable
        for w in (self.back_button, self.next_button, self.round_button,
                  self.disagree_button, self.radrum_button, self.samrad_button, self.pause_button):
            w.setEnabled(editable)
        part = meeting.circle.parts[status.index]
        prompts = [(k, t, k in part.ticked) for k, t in circle.prompts(status.key)]
        self._fill(self.prompts, prompts, editable)
        speakers = [
            (s.id, f"{s.name} – {s.role}" if s.role else s.name, s.id in part.spoken)
            for s in circle.speaking_order(c.case, meeting)
        ]
        self._fill(self.speakers, speakers, editable)
        done = sum(1 for *_x, ticked in speakers if ticked)
        self.round_label.setText(
            _("Round {n}: {done} of {total} have spoken").format(
                n=part.rounds + 1, done=done, total=len(speakers)
            )
        )
        notes = [
            f"{format_time(n.at)} {n.kind.label}" + (f": {n.text}" if n.text else "")
            for n in reversed(meeting.circle.notes)
        ]
        if [self.notes.item(i).text() for i in range(self.notes.count())] != notes:
            self.notes.clear()
            self.notes.addItems(notes)
        if status.key != self._shown_part:
            self._shown_part = status.key
            self.part_changed.emit(status.key)

    @staticmethod
    def _fill(widget: QListWidget, rows: list[tuple[str, str, bool]], editable: bool) -> None:
        current = [
            (widget.item(i).data(Qt.UserRole), widget.item(i).text(),
             widget.item(i).checkState() == Qt.Checked)
            for i in range(widget.count())
        ]
        if current == rows:
            return
        row = widget.currentRow()
        widget.blockSignals(True)
        widget.clear()
        for key, text, ticked in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, key)
            flags = item.flags() | Qt.ItemIsUserCheckable
            if not editable:
                flags &= ~Qt.ItemIsUserCheckable
            item.setFlags(flags)
            item.setCheckState(Qt.Checked if ticked else Qt.Unchecked)
            widget.addItem(item)
        widget.setCurrentRow(min(max(row, 0), widget.count() - 1))
        widget.blockSignals(False)

    def _prompt_ticked(self, item: QListWidgetItem) -> None:
        meeting = self.controller.meeting
        part = PART_KEYS[meeting.circle.current]
        key, ticked = item.data(Qt.UserRole), item.checkState() == Qt.Checked
        self.controller.run_circle(lambda case, m: circle.tick_prompt(m, part, key, ticked))

    def _speaker_ticked(self, item: QListWidgetItem) -> None:
        key, ticked = item.data(Qt.UserRole), item.checkState() == Qt.Checked
        self.controller.run_circle(lambda case, m: circle.tick_speaker(m, key, ticked))
