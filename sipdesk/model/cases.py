"""Case operations shared by the CLI and the GUI: import and export plan files, seed the demo."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from sipdesk.model import planfile
from sipdesk.model.entities import Case
from sipdesk.model.store import Store

log = logging.getLogger(__name__)


def import_case(store: Store, case: Case) -> int:
    """Add a case read from a plan file; a copy of a case already here gets a new uid."""
    if store.find_uid(case.uid) is not None:
        case.uid = uuid.uuid4().hex
    case_id = store.add_case(case)
    store.audit(case_id, "imported")
    return case_id


def import_file(store: Store, path: Path) -> int:
    """Read, check and add a plan file. Raises PlanFileError before anything is written."""
    return import_case(store, planfile.read(path))


def export_json(store: Store, case_id: int, out: Path) -> Path:
    case = store.load_case(case_id)
    written = planfile.write(case, out)
    store.audit(case_id, "exported", "json")
    log.info("case %s exported as json", case_id)
    return written


PAPER_FORMATS = ("pdf", "easy-read")  # the plan itself on paper: part 5 filled in first


def fill_known(store: Store, case_id: int) -> list[str]:
    """The plan goes on paper with no window holding the case (the CLI, the GUI's list): part 5's
    empty fields get what the plan knows (`defaults.apply_closing_suggestions`) and are saved.
    Never a closed plan or an earlier version; never a field the chair wrote. Returns the
    fields filled."""
    if not store.may_write():  # another SipDesk holds the store: its next save must not fail
        return []
    case = store.load_case(case_id)
    filled = fill_in(case)
    if filled:
        store.save_case(case_id, case)
        log.info("case %s: %s filled in before printing", case_id, ", ".join(filled))
    return filled


def fill_in(case: Case) -> list[str]:
    """Part 5's empty fields of the newest plan filled in `case` itself, nothing saved (what
    goes on paper); never a closed plan or an earlier version. Returns the fields filled."""
    from sipdesk.model import defaults

    meeting = case.current_meeting
    if meeting is None or not case.is_editable(meeting):
        return []
    return defaults.apply_closing_suggestions(meeting, case)


def seed_demo(store: Store, plans_dir: Path) -> list[int]:
    """Import each demo plan not yet in the store (by uid); returns the ids added."""
    added = []
    for path in sorted(plans_dir.glob("*.json")):
        case = planfile.read(path)
        if store.find_uid(case.uid) is None:
            added.append(store.add_case(case))
    return added
