"""A reminder beside the free-text fields of a protected case: what the masking cannot know.

SipDesk masks the person's name, contact details, address, school, relatives and the chair's
protected words wherever they are typed, but it cannot know every name (the children's, a new
partner's) – so in a protected case each page of free text says so, with what the consent
excludes. Hidden for every other case.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel

from sipdesk.i18n import _

STYLE = "QLabel { background: #fff4e5; border: 1px solid #d98e04; padding: 4px; }"


def reminder_text(case, day=None) -> str:
    """The reminder for `case` as rich text, or "" when the person has no protected identity."""
    import datetime as dt

    if case is None or not case.person.protected_identity:
        return ""
    text = "<b>" + escape(_("Protected personal data.")) + "</b> " + escape(
        _(
            "Write no names, places, schools or contact details of the person or anyone close "
            "in the free text. SipDesk masks what is stored (name, address, phone, school, "
            "relatives, protected words) however it is typed, but it cannot know every name."
        )
    )
    day = day or dt.date.today()
    excluded = [c.excluded_info.strip() for c in case.valid_consents(day) if c.excluded_info.strip()]
    if excluded:
        text += "<br>" + escape(_("The consent excludes: {what}").format(what="; ".join(excluded)))
    return text


class ProtectedReminder(QLabel):
    """Shown above a page of free-text fields while the open case has protected identity."""

    def __init__(self, controller) -> None:
        super().__init__()
        self.controller = controller
        self.setWordWrap(True)
        self.setStyleSheet(STYLE)
        self.setAccessibleName(_("Reminder: protected personal data"))
        controller.changed.connect(self.refresh)
        controller.case_opened.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args) -> None:
        text = reminder_text(self.controller.case)
        self.setText(text)
        self.setVisible(bool(text))


def _first_column(widget):
    """The vertical layout a page's content starts with (through scroll areas and splitters)."""
    from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QSplitter, QVBoxLayout

    for _depth in range(6):
        if isinstance(widget, QScrollArea):
            widget = widget.widget()
        elif isinstance(widget, QSplitter):
            widget = widget.widget(0)
        elif widget is not None and isinstance(widget.layout(), QVBoxLayout):
            return widget.layout()
        elif widget is not None and isinstance(widget.layout(), QHBoxLayout):
            item = widget.layout().itemAt(0)
            widget = item.widget() if item is not None else None
        else:
            return None
    return None


def add_to_pages(tabs, controller) -> list[ProtectedReminder]:
    """Put a reminder at the top of each page of `tabs` (its first column)."""
    added = []
    for i in range(tabs.count()):
        layout = _first_column(tabs.widget(i))
        if layout is not None:
            reminder = ProtectedReminder(controller)
            layout.insertWidget(0, reminder)
            added.append(reminder)
    return added
