"""The kill test's victim: a scripted editing session that prints each edit once it is saved.

Run as `python benchmarks/kill_worker.py DATA_DIR FIRST_EDIT` with SIPDESK_PASSPHRASE set. It
opens the store, then edits one case in a loop (and adds a case every fifth edit), printing
`edit N` / `case UID` only after the store acknowledged the write – what the chair would have
seen as saved. The parent kills it with SIGKILL at a random moment.
"""

from __future__ import annotations

import sys
from pathlib import Path

from sipdesk.model import planfile
from sipdesk.model.store import open_store

DEMO = Path(__file__).resolve().parent.parent / "resources" / "demo" / "1-josef.json"
CASE_UID = "kill-test-case"
MAX_EDITS = 20_000


def main() -> None:
    data_dir, first = Path(sys.argv[1]), int(sys.argv[2])
    store = open_store(data_dir)
    template = planfile.read(DEMO)
    case_id = store.find_uid(CASE_UID)
    if case_id is None:
        template.uid = CASE_UID
        case_id = store.add_case(template)
    case = store.load_case(case_id)
    print("ready", flush=True)
    for n in range(first, first + MAX_EDITS):
        case.meetings[-1].plan.strengths = f"edit {n}"
        store.save_case(case_id, case)
        print(f"edit {n}", flush=True)
        if n % 5 == 0:
            extra = planfile.read(DEMO)
            extra.uid = f"kill-{n}"
            store.add_case(extra)
            print(f"case {extra.uid}", flush=True)


if __name__ == "__main__":
    main()
