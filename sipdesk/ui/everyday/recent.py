"""File → Recent cases: the cases the chair last opened, newest first.

The list holds case ids only and lives in the encrypted store (preference "recent.cases"), so
no name is ever written to the settings file; the menu looks the names up when it opens and
shows the pseudonym for a person with protected identity, as the case list does.
"""

from __future__ import annotations

import json

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from sipdesk.i18n import _
from sipdesk.model.store import Store

PREF = "recent.cases"
LIMIT = 8


def recent_ids(store: Store) -> list[int]:
    try:
        raw = json.loads(store.get_preference(PREF, "[]"))
    except ValueError:
        return []
    return [i for i in raw if isinstance(i, int) and not isinstance(i, bool)][:LIMIT]


def remember(store: Store, case_id: int) -> list[int]:
    ids = [case_id] + [i for i in recent_ids(store) if i != case_id]
    ids = ids[:LIMIT]
    store.set_preference(PREF, json.dumps(ids))
    return ids


class RecentMenu(QMenu):
    """Filled each time it opens: deleted cases drop out of the list."""

    def __init__(self, window) -> None:
        super().__init__(_("Recent cases"), window)
        self.window = window
        self.aboutToShow.connect(self.fill)
        window.current_case_changed.connect(self._opened)

    def _opened(self, case_id) -> None:
        # the signal also fires on selection in the list; only a case opened for work counts
        if case_id is not None and self.window.controller.case_id == case_id:
            remember(self.window.store, case_id)

    def entries(self) -> list[tuple[int, str]]:
        ids = recent_ids(self.window.store)
        if not ids:
            return []
        names = {row.id: row.display_name for row in self.window.store.list_cases()}
        return [(i, names[i]) for i in ids if i in names]

    def fill(self) -> None:
        self.clear()
        entries = self.entries()
        if not entries:
            empty = QAction(_("No recent cases"), self)
            empty.setEnabled(False)
            self.addAction(empty)
            return
        for case_id, name in entries:
            action = QAction(name.replace("&", "&&"), self)  # a name is no mnemonic
            action.triggered.connect(lambda _checked=False, i=case_id: self.open(i))
            self.addAction(action)

    def open(self, case_id: int) -> None:
        window = self.window
        if window.pages.currentIndex() == 1:
            if window.controller.case_id == case_id:
                return
            window.close_workspace()
            if window.pages.currentIndex() == 1:
                return  # the open case could not be saved; it stays open
        window.search.clear()
        window.status_filter.setCurrentIndex(0)
        window.refresh()
        window.select_case(case_id)
        window.open_case(case_id)
