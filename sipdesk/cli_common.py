"""What every command of the `sipdesk` command line shares: its failure, exit codes, the store
opened (or refused) with a reason for the user, case numbers and paths read, text made safe for
the terminal. `sipdesk.cli` and `sipdesk.cli_security` both build on it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sipdesk import paths
from sipdesk.i18n import _

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class Failed(Exception):
    """A command that stops with a reason for the user (exit 1)."""


def _prompt_passphrase(new: bool) -> str | None:
    """Ask at the terminal; None when there is no terminal to ask at."""
    if not sys.stdin.isatty():
        return None
    import getpass  # (with termios) only where a terminal is asked

    if not new:
        return getpass.getpass(_("Passphrase for the SipDesk store: "))
    print(
        _(
            "No OS keyring is available, so the store will be protected by a passphrase. "
            "Choose one of at least 8 characters; it cannot be recovered if forgotten."
        ),
        file=sys.stderr,
    )
    first = getpass.getpass(_("New passphrase: "))
    second = getpass.getpass(_("Repeat the passphrase: "))
    if first != second:
        print(_("The passphrases differ."), file=sys.stderr)
        return None
    return first


def _open(
    args: argparse.Namespace,
    data_dir: Path | None = None,
    *,
    create: bool = False,
    writer: bool = False,
):
    """Open the store. Only a deliberate act (`create`: import, restore, demo) makes a new one;
    a command that changes the store (`writer`) takes the store's writer lock."""
    from sipdesk.model.store import StoreFault, StoreKeyError, StoreMissing, WrongKey, open_store

    directory = data_dir or paths.data_dir(args.data_dir)
    try:
        store = open_store(directory, _prompt_passphrase, create=create)
    except StoreMissing as exc:
        raise Failed(str(exc) + _demo_hint(directory)) from exc
    except (WrongKey, StoreKeyError, StoreFault) as exc:
        raise Failed(str(exc)) from exc
    except OSError as exc:
        raise Failed(
            _("Cannot open the store in {path}: {detail}").format(
                path=directory, detail=exc.strerror
            )
        ) from exc
    if writer:
        try:
            store.hold_writer()
            _refuse_damaged(store)
        except StoreFault as exc:
            store.close()
            raise Failed(str(exc)) from exc
    return store


def _refuse_damaged(store) -> None:
    """Before a command writes: every page must pass its check (a fraction of a second for
    thousands of cases), so nothing is ever written into a damaged store."""
    from sipdesk.model.store import StoreDamaged
    from sipdesk.model.store.integrity import check

    report = check(store, cases=False)
    if report.page_errors or report.structure_errors:
        detail = (report.page_errors or report.structure_errors)[0]
        raise StoreDamaged(store.data_dir, shown(detail))


def _demo_hint(looked_in: Path) -> str:
    """Where the demo store is, when it is elsewhere (`sipdesk demo` made it)."""
    from sipdesk.model.store import store_exists

    demo = paths.demo_data_dir()
    if demo != looked_in and store_exists(demo):
        return " " + _("(The demo store is in {path}.)").format(path=demo)
    return ""


def not_written(path: Path, exc: OSError) -> Failed:
    """A write that failed (full disk, no permission): atomic writes leave nothing behind."""
    return Failed(
        _("Could not write {path}: {detail}. Nothing was written.").format(
            path=path, detail=exc.strerror
        )
    )


def _case_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise Failed(_("CASE must be a case number as shown by 'sipdesk list'.")) from None
    return value


def shown(text: str) -> str:
    """Text for the terminal: a stored name is printed as it is, except characters that would
    steer the terminal or break the tab-separated columns (escape sequences, tabs, newlines)."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


def _check_out(out: Path) -> None:
    if out.is_dir():
        raise Failed(_("--out must name a file, not a folder: {path}").format(path=out))
    if not out.parent.exists():
        raise Failed(_("The folder {path} does not exist.").format(path=out.parent))
