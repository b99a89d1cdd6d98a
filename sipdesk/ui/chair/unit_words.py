"""The word over the kommun/region field follows the meeting: *Enhet* in a discharge plan (lag
(2017:612) speaks of units), *Huvudman* otherwise – in the chair's forms as on the paper
(`variants.principal_heading` decides for both)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QWidget

from sipdesk.model.variants import principal_heading
from sipdesk.ui.controller import Controller


def follow_meeting(controller: Controller, form: QFormLayout, field: QWidget) -> None:
    """Keep the label of `field`'s row in `form` as the open meeting's word, on every change and
    case opened (the field's own accessible name, which says which principal, stays)."""

    def update(_arg=None) -> None:
        word = principal_heading(controller.meeting if controller.case is not None else None)
        label = form.labelForField(field)
        if label is not None and hasattr(label, "setText"):
            label.setText(word)

    controller.changed.connect(update)
    controller.case_opened.connect(update)
    update()
