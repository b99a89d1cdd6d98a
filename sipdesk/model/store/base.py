"""What every part of the store shares: its errors, the ORM imported on first use, the fingerprint
of a case as stored (compare-and-swap), the guard that names a driver's error as its fault, and
the time and OS user an audit row records."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import Any

from sipdesk.model.store import faults

log = logging.getLogger("sipdesk.model.store.repository")


def _orm() -> tuple[Any, Any, Any]:
    """SQLAlchemy, its Session and the tables – imported when first needed, not at start-up."""
    import sqlalchemy
    from sqlalchemy.orm import Session

    from sipdesk.model.store import schema

    return sqlalchemy, Session, schema


class CaseNotFound(LookupError):
    pass


class VersionLocked(ValueError):
    """An attempt to change a plan version that an earlier meeting already fixed."""


class StoreLocked(RuntimeError):
    """The store is locked: no key is held until it is unlocked again."""


def _fingerprint(case_doc: str, meeting_docs: list[str]) -> str:
    """What a case is as stored: compared before a save overwrites it (compare-and-swap)."""
    import hashlib  # here, not at start-up: loading OpenSSL's digests costs ≈4 ms before the list

    h = hashlib.sha256(case_doc.encode("utf-8"))
    for doc in meeting_docs:
        h.update(b"\x00")
        h.update(doc.encode("utf-8"))
    return h.hexdigest()


def guarded(method):
    """Raise a driver's or the OS's error as the named fault it is (full disk, damaged, read-only,
    another writer, key changed elsewhere); anything else unchanged."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (faults.StoreFault, StoreLocked, LookupError, VersionLocked):
            raise
        except Exception as exc:
            fault = self._fault(exc)
            if fault is None:
                raise
            log.info("store fault: %s (%s)", type(fault).__name__, type(exc).__name__)
            raise fault from exc

    return wrapper


def _seq(record: Any) -> int:
    return record.seq


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _os_user() -> str:
    import getpass  # with termios: not needed to draw the list

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"
