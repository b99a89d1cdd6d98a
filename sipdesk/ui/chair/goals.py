"""The goals table (Mål och planering): short-term goals, each with its interventions.

A tree – goals at the top level, interventions under them – with an editor beside it for the
chosen row: the goal with its SMART support and hints, or the intervention with what, principal,
who is responsible (participants ticked, others typed) and the time plan.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sipdesk.i18n import _
from sipdesk.model import editing as ed
from sipdesk.model.changes import Change
from sipdesk.model.smart import goal_hints
from sipdesk.ui.chair import unit_words
from sipdesk.ui.controller import Controller
from sipdesk.ui.widgets.fields import Binder, DateEdit, _to_data, area, combo, line
from sipdesk.ui.widgets.lists import fit_rows


class _GoalTree(QTreeWidget):
    """The goals table; the goal column keeps at least half the width however narrow it gets."""

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        width = self.viewport().width()
        header = self.header()
        header.resizeSection(1, max(min(int(width * 0.28), 220), 60))
        header.resizeSection(2, max(min(int(width * 0.22), 180), 50))


def _value(member):
    return member.value if member is not None else None


def _row(goal) -> tuple[tuple[str, str], list[str], list]:
    """A goal's row of the tree and its interventions' rows: (key, columns, [(key, columns)])."""
    kids = [
        (
            ("intervention", i.id),
            [i.what or "—", ", ".join([r.name for r in i.responsible]), i.time_plan],
        )
        for i in goal.interventions
    ]
    shown = goal.text or "—"
    if goal.reached_on:
        shown = "✓ " + _("Reached") + ": " + shown
    return ("goal", goal.id), [shown, "", ""], kids


def _named_goal(plan, change: Change | None):
    """The goal a change to one goal or one intervention is about (the edits that name it touch
    that goal alone: its fields, an intervention's fields or who is responsible); None for any
    other change, and when the goal is not in the plan."""
    if change is None or change.id is None:
        return None
    try:
        if change.area == "goal":
            return ed.find_goal(plan, change.id)
        if change.area == "intervention":
            return ed.goal_of(plan, change.id)
    except ed.EditError:
        return None
    return None


class GoalsPanel(QWidget):
    """The goals tree and the editor for its chosen row."""

    def __init__(self, controller: Controller, binder: Binder) -> None:
        super().__init__()
        self.controller = controller
        self.binder = b = binder
        self.tree = _GoalTree()
        self.tree.setAccessibleName(_("Goals and interventions"))
        self.tree.setHeaderLabels([_("Goal / intervention"), _("Responsible"), _("Time plan")])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setSectionResizeMode(1, QHeaderView.Interactive)
        header.setSectionResizeMode(2, QHeaderView.Interactive)
        header.setStretchLastSection(False)
        self.tree.currentItemChanged.connect(self._chosen)

        self.new_goal_button = QPushButton(_("New goal (Ctrl+G)"))
        self.new_goal_button.clicked.connect(self.add_goal)
        self.new_item_button = QPushButton(_("New intervention (Ctrl+Shift+G)"))
        self.new_item_button.clicked.connect(self.add_intervention)
        self.delete_button = QPushButton(_("Delete row (Ctrl+Del)"))
        self.delete_button.clicked.connect(self.delete)
        for button in (self.new_goal_button, self.new_item_button, self.delete_button):
            button.setFocusPolicy(Qt.TabFocus)
        buttons = QGridLayout()  # two rows, so the table fits a narrow window at 150 %
        buttons.addWidget(self.new_goal_button, 0, 0)
        buttons.addWidget(self.new_item_button, 0, 1)
        buttons.addWidget(self.delete_button, 1, 0)

        # goal editor ----------------------------------------------------------------------
        goal_box = QWidget()
        form = QFormLayout(goal_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)

        def goal(attr):
            return lambda: getattr(self._goal(), attr) if self._goal() else None

        def goal_set(attr):
            return lambda case, m, v: ed.set_goal_value(m.plan, self.goal_id, attr, v)

        def goal_key(attr):
            return lambda: f"goal:{self.goal_id}:{attr}"

        goal_focus = lambda: ("goal", self.goal_id)  # noqa: E731
        has_goal = lambda: self._goal() is not None  # noqa: E731
        self.goal_text = b.bind(
            area(_("Short-term goal"), 2, _("A state in the person's life, e.g. “Josef sleeps at night”")),
            goal("text"), goal_set("text"), goal_key("text"), _("Goal"), goal_focus, has_goal,
        )
        form.addRow(_("Goal"), self.goal_text)
        self.goal_measure = b.bind(
            line(_("How success is measured"), _("How will we know the goal is reached?")),
            goal("measure"), goal_set("measure"), goal_key("measure"), _("Measured by"),
            goal_focus, has_goal,
        )
        form.addRow(_("Measured by"), self.goal_measure)
        self.goal_date = b.bind(
            DateEdit(), goal("target_date"), goal_set("target_date"), goal_key("date"),
            _("Reached by"), goal_focus, has_goal,
        )
        form.addRow(_("Reached by"), self.goal_date)
        self.goal_accepted = b.bind(
            combo(
                [(None, _("Not asked yet")), (True, _("Yes, the person accepts it")),
                 (False, _("No – see disagreements"))],
                _("Accepted by the person"),
            ),
            goal("accepted_by_person"), goal_set("accepted_by_person"), goal_key("acc"),
            _("Accepted by the person"), goal_focus, has_goal,
        )
        form.addRow(_("Accepted"), self.goal_accepted)
        self.goal_need = combo([], _("Need the goal answers"))
        b.bind(self.goal_need, goal("need_id"), goal_set("need_id"), goal_key("need"),
               _("Need"), goal_focus, has_goal)
        form.addRow(_("For need"), self.goal_need)
        # Uppnått (issue 18): a reached goal is marked, not deleted
        self.reached_button = QPushButton()
        self.reached_button.setAccessibleName(_("Goal reached"))
        self.reached_button.clicked.connect(self.toggle_reached)
        form.addRow(_("Reached"), self.reached_button)
        self.hints = QLabel()
        self.hints.setWordWrap(True)
        self.hints.setAccessibleName(_("Hints for the goal"))
        self.hints.setStyleSheet("color: #7a4b00; background: #fff6e0; padding: 4px;")
        form.addRow(self.hints)

        # intervention editor --------------------------------------------------------------
        item_box = QWidget()
        form = QFormLayout(item_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)

        def item(attr):
            return lambda: getattr(self._item(), attr) if self._item() else None

        def item_set(attr):
            return lambda case, m, v: ed.set_intervention_value(m.plan, self.item_id, attr, v)

        def item_key(attr):
            return lambda: f"intervention:{self.item_id}:{attr}"

        item_focus = lambda: ("intervention", self.item_id)  # noqa: E731
        has_item = lambda: self._item() is not None  # noqa: E731
        self.item_what = b.bind(
            area(_("Intervention or activity"), 2), item("what"), item_set("what"),
            item_key("what"), _("Intervention"), item_focus, has_item,
        )
        form.addRow(_("Intervention"), self.item_what)
        from sipdesk.ui.chair.preparation import principal_items

        self.item_principal = b.bind(
            combo(principal_items(), _("Principal of the intervention")),
            lambda: _value(self._item().principal) if self._item() else None,
            item_set("principal"), item_key("principal"), _("Principal"), item_focus, has_item,
        )
        form.addRow(_("Principal"), self.item_principal)
        unit_words.follow_meeting(controller, form, self.item_principal)
        from sipdesk.ui.chair.preparation import actor_items

        # who carries it out when not the huvudman itself (law point 3: others' measures)
        self.item_actor = b.bind(
            combo(actor_items(), _("Carried out by, when not the principal itself")),
            lambda: _value(self._item().actor) if self._item() else None,
            item_set("actor"), item_key("actor"), _("Carried out by"), item_focus, has_item,
        )
        form.addRow(_("Carried out by"), self.item_actor)
        self.responsible = QListWidget()
        self.responsible.setAccessibleName(_("Responsible participants – Space ticks"))
        self.responsible.itemChanged.connect(self._responsible_edited)
        form.addRow(_("Responsible"), self.responsible)
        self.others = QLineEdit()
        self.others.setAccessibleName(_("Other responsible, comma-separated"))
        self.others.setPlaceholderText(_("Others, comma-separated (e.g. the parents)"))
        self.others.textEdited.connect(self._responsible_edited)
        self.others.installEventFilter(b)
        form.addRow("", self.others)
        self.item_time = b.bind(
            line(_("Time plan"), _("e.g. Starts at once, once a month, as needed")),
            item("time_plan"), item_set("time_plan"), item_key("time"), _("Time plan"),
            item_focus, has_item,
        )
        form.addRow(_("Time plan"), self.item_time)
        dates = QHBoxLayout()
        self.item_start = b.bind(DateEdit(), item("start"), item_set("start"), item_key("start"),
                                 _("Start date"), item_focus, has_item)
        self.item_end = b.bind(DateEdit(), item("end"), item_set("end"), item_key("end"),
                               _("End date"), item_focus, has_item)
        dates.addWidget(self.item_start)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.item_end)
        dates.addStretch(1)
        form.addRow(_("Start–end"), dates)

        self.empty = QLabel(_("No goal yet. Ctrl+G adds one."))
        self.empty.setWordWrap(True)
        self.editor = QStackedWidget()
        self.editor.addWidget(self.empty)
        self.editor.addWidget(goal_box)
        self.editor.addWidget(item_box)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree)
        left_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(left)
        self.editor_scroll = editor_scroll = QScrollArea()
        editor_scroll.setWidget(self.editor)
        editor_scroll.setWidgetResizable(True)
        editor_scroll.setFrameShape(QScrollArea.NoFrame)
        editor_scroll.setMinimumHeight(120)
        splitter.addWidget(editor_scroll)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        # Tab goes down the table, its buttons, then the editor of the chosen row
        chain = [
            self.tree, self.new_goal_button, self.new_item_button, self.delete_button,
            self.goal_text, self.goal_measure, self.goal_date, self.goal_accepted, self.goal_need,
            self.item_what, self.item_principal, self.responsible, self.others, self.item_time,
            self.item_start, self.item_end,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        QWidget.setTabOrder(self.item_principal, self.item_actor)
        QWidget.setTabOrder(self.item_actor, self.responsible)
        self._shape: list | None = None  # the rows' keys the tree was built for
        self._items: dict[tuple[str, str], QTreeWidgetItem] = {}
        self._texts: dict[tuple[str, str], list[str]] = {}  # each row's columns as last shown
        controller.changed.connect(self.refresh)

    # --- what is chosen ------------------------------------------------------------------

    @property
    def current(self) -> tuple[str, str] | None:
        item = self.tree.currentItem()
        return item.data(0, Qt.UserRole) if item else None

    @property
    def goal_id(self) -> str | None:
        cur = self.current
        if cur is None:
            return None
        if cur[0] == "goal":
            return cur[1]
        try:
            return ed.goal_of(self.controller.meeting.plan, cur[1]).id
        except ed.EditError:
            return None

    @property
    def item_id(self) -> str | None:
        cur = self.current
        return cur[1] if cur and cur[0] == "intervention" else None

    def _goal(self):
        gid = self.goal_id
        plan = self.controller.meeting.plan if self.controller.meeting else None
        return next((g for g in plan.goals if g.id == gid), None) if plan and gid else None

    def _item(self):
        iid = self.item_id
        if iid is None or self.controller.meeting is None:
            return None
        try:
            return ed.find_intervention(self.controller.meeting.plan, iid)
        except ed.EditError:
            return None

    # --- showing -------------------------------------------------------------------------

    def refresh(self, _change: Change | None = None) -> None:
        """Show the open meeting's goals. Redrawn from the model on every change – nothing
        cached outlives the case or meeting it came from. When only texts changed (typing), the
        rows are updated in place: no rebuild, no re-selection, so a typing burst stays one undo
        step. A change that names one goal or intervention (a keystroke) looks at that goal's
        row alone once the rows are the same as shown; any other change at every row."""
        meeting = self.controller.meeting
        if meeting is None:
            self.tree.clear()
            self._shape = None
            self._items = {}
            self._texts = {}
            return
        keep = self.current
        goals = meeting.plan.goals
        shape = [(("goal", g.id), [("intervention", i.id) for i in g.interventions]) for g in goals]
        same = shape == self._shape and self.tree.topLevelItemCount() == len(goals)
        only = _named_goal(meeting.plan, _change) if same else None
        if only is not None:
            self._update_texts([_row(only)])
        elif same:
            self._update_texts([_row(goal) for goal in goals])
        else:
            self._rebuild([_row(goal) for goal in goals], shape)
            if keep is None or not self.select(keep):
                if self.tree.topLevelItemCount():
                    self.tree.setCurrentItem(self.tree.topLevelItem(0))
        # the need choices follow the plan's needs
        needs = [(None, _("(no need chosen)"))] + [(n.id, n.text[:60] or "—") for n in meeting.plan.needs]
        needs = [(_to_data(v), label) for v, label in needs]
        if [(self.goal_need.itemData(i), self.goal_need.itemText(i)) for i in range(self.goal_need.count())] != needs:
            self.goal_need.blockSignals(True)
            self.goal_need.clear()
            for value, label in needs:
                self.goal_need.addItem(label, value)
            self.goal_need.blockSignals(False)
        self._show_editor()

    def _rebuild(self, rows, shape) -> None:
        self._shape = shape
        self._items = {}
        self._texts = {}
        self.tree.blockSignals(True)
        self.tree.clear()
        bold = self.tree.font()
        bold.setBold(True)
        for key, cols, kids in rows:
            top = QTreeWidgetItem(cols)
            top.setData(0, Qt.UserRole, key)
            top.setToolTip(0, cols[0])
            top.setFont(0, bold)
            self.tree.addTopLevelItem(top)
            self._items[key] = top
            self._texts[key] = cols
            for kid_key, kid_cols in kids:
                kid = QTreeWidgetItem(["   " + kid_cols[0], kid_cols[1], kid_cols[2]])
                kid.setData(0, Qt.UserRole, kid_key)
                for col, text in enumerate(kid_cols):
                    kid.setToolTip(col, text)
                top.addChild(kid)
                self._items[kid_key] = kid
                self._texts[kid_key] = kid_cols
        self.tree.expandAll()
        self.tree.blockSignals(False)

    def _update_texts(self, rows) -> None:
        # compared with what was last put in each row (Python lists, not Qt calls): a keystroke
        # touches the one row whose text changed
        shown_before = self._texts
        for key, cols, kids in rows:
            if shown_before.get(key) != cols:
                top = self._items[key]
                if top.text(0) != cols[0]:
                    top.setText(0, cols[0])
                    top.setToolTip(0, cols[0])
                shown_before[key] = cols
            for kid_key, kid_cols in kids:
                if shown_before.get(kid_key) == kid_cols:
                    continue
                kid = self._items[kid_key]
                shown = ["   " + kid_cols[0], kid_cols[1], kid_cols[2]]
                for col, text in enumerate(shown):
                    if kid.text(col) != text:
                        kid.setText(col, text)
                        kid.setToolTip(col, kid_cols[col])
                shown_before[kid_key] = kid_cols

    def shown_rows(self) -> list[tuple[tuple[str, str], str]]:
        """What the tree shows, row by row: (key, first column's text) – for the tests."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for item in [top] + [top.child(j) for j in range(top.childCount())]:
                out.append((tuple(item.data(0, Qt.UserRole)), item.text(0).strip()))
        return out

    def select(self, key: tuple[str, str]) -> bool:
        item = self._items.get(tuple(key))
        if item is None:
            return False
        if self.tree.currentItem() is not item:
            self.tree.setCurrentItem(item)
        return True

    def _chosen(self, *_args) -> None:
        self.controller.end_burst()
        cur = self.current
        if cur is not None:
            self.controller.set_focus(cur[0], cur[1])
        self.binder.refresh()
        self._show_editor()

    def _show_editor(self) -> None:
        cur = self.current
        editable = self.controller.editable
        self.new_goal_button.setEnabled(editable)
        self.new_item_button.setEnabled(editable and cur is not None)
        self.delete_button.setEnabled(editable and cur is not None)
        if cur is None:
            self.editor.setCurrentIndex(0)
            return
        self.editor.setCurrentIndex(1 if cur[0] == "goal" else 2)
        if cur != getattr(self, "_shown", None):  # another row: its form from the top
            self._shown = cur
            self.editor_scroll.verticalScrollBar().setValue(0)
            self.responsible.scrollToTop()
        goal = self._goal()
        if goal is not None:
            hints = goal_hints(goal)
            self.hints.setText("\n".join(f"• {h}" for h in hints))
            self.hints.setVisible(bool(hints))
        self._load_responsible()
        self._show_reached()

    def _load_responsible(self) -> None:
        item = self._item()
        meeting = self.controller.meeting
        if item is None or meeting is None:
            return
        chosen = {r.participant_id for r in item.responsible if r.participant_id}
        rows = [(p.id, p.name + (f" ({p.title})" if p.title else ""), p.id in chosen) for p in meeting.participants]
        current = [
            (self.responsible.item(i).data(Qt.UserRole), self.responsible.item(i).text(),
             self.responsible.item(i).checkState() == Qt.Checked)
            for i in range(self.responsible.count())
        ]
        if current != rows:
            self.responsible.blockSignals(True)
            row = self.responsible.currentRow()
            self.responsible.clear()
            for pid, label, ticked in rows:
                entry = QListWidgetItem(label)
                entry.setData(Qt.UserRole, pid)
                entry.setFlags(entry.flags() | Qt.ItemIsUserCheckable)
                entry.setCheckState(Qt.Checked if ticked else Qt.Unchecked)
                self.responsible.addItem(entry)
            self.responsible.setCurrentRow(max(row, 0) if rows else -1)
            self.responsible.blockSignals(False)
            fit_rows(self.responsible, len(rows))  # every invitee in sight, up to ten
        others = ", ".join(r.name for r in item.responsible if not r.participant_id)
        if not self.others.hasFocus() and self.others.text() != others:
            self.others.setText(others)
        self.responsible.setEnabled(self.controller.editable)
        self.others.setReadOnly(not self.controller.editable)

    def _responsible_edited(self, *_args) -> None:
        iid = self.item_id
        if iid is None:
            return
        ids = [
            self.responsible.item(i).data(Qt.UserRole)
            for i in range(self.responsible.count())
            if self.responsible.item(i).checkState() == Qt.Checked
        ]
        others = self.others.text()
        self.controller.apply(
            _("Edit responsible"),
            lambda case, m: ed.set_responsible(m, iid, ids, others),
            merge_key=f"intervention:{iid}:responsible" if self.others.hasFocus() else None,
        )

    # --- actions -------------------------------------------------------------------------

    def add_goal(self) -> None:
        after = self.goal_id
        change = self.controller.apply(
            _("New goal"), lambda case, m: ed.add_goal(m.plan, after_id=after)
        )
        if change is not None:
            self.select(("goal", change.id))
            self.goal_text.setFocus()

    def add_intervention(self) -> None:
        gid = self.goal_id
        if gid is None:
            self.add_goal()
            gid = self.goal_id
            if gid is None:
                return
        after = self.item_id
        change = self.controller.apply(
            _("New intervention"),
            lambda case, m: ed.add_intervention(m.plan, gid, after_id=after),
        )
        if change is not None:
            self.select(("intervention", change.id))
            self.item_what.setFocus()

    def toggle_reached(self) -> None:
        """Mark the chosen goal reached today (or not reached again): it stays in the plan."""
        import datetime as dt

        goal = self._goal()
        if goal is None:
            return
        value = None if goal.reached_on else dt.date.today()
        gid = goal.id
        self.controller.apply(
            _("Goal reached") if value else _("Goal not reached"),
            lambda case, m: ed.set_goal_value(m.plan, gid, "reached_on", value),
        )
        self._show_reached()

    def _show_reached(self) -> None:
        goal = self._goal()
        reached = goal is not None and goal.reached_on is not None
        self.reached_button.setText(
            _("Reached {date} – undo").format(date=goal.reached_on.isoformat())
            if reached
            else _("Mark the goal as reached")
        )
        self.reached_button.setEnabled(goal is not None and self.controller.editable)

    def delete(self) -> None:
        cur = self.current
        if cur is None:
            return
        kind, item_id = cur
        if kind == "goal" and not self._confirm_delete_goal():
            return
        if kind == "goal":
            op = lambda case, m: ed.delete_goal(m.plan, item_id)  # noqa: E731
        else:
            op = lambda case, m: ed.delete_intervention(m.plan, item_id)  # noqa: E731
        self.controller.apply(_("Delete row"), op)
        self.tree.setFocus()

    def _confirm_delete_goal(self) -> bool:
        answer = QMessageBox.question(
            self,
            _("Delete the goal?"),
            _(
                "Delete the goal and its interventions from the plan? A goal that has been "
                "reached is better marked as reached: it then stays in the plan's history."
            ),
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.No,
        )
        return answer == QMessageBox.Yes

    def move(self, delta: int) -> None:
        cur = self.current
        if cur is None:
            return
        kind, item_id = cur
        if kind == "goal":
            op = lambda case, m: ed.move_goal(m.plan, item_id, delta)  # noqa: E731
        else:
            op = lambda case, m: ed.move_intervention(m.plan, item_id, delta)  # noqa: E731
        self.controller.apply(_("Move row"), op)
        self.select(cur)
