"""The CLI's commands that protect the store: backup, restore, delete, audit, passphrase.

Kept apart from `cli.py` so the protective commands read as one piece; `cli.build_parser` adds
them with `add_commands`. Exit codes as in `cli.py`: 0 done, 1 refused or failed, 2 usage.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from sipdesk.cli_common import EXIT_OK, Failed, _case_id, _check_out, _open, not_written, shown
from sipdesk.i18n import _, ngettext


def _ask_new_secret(env: str, missing: str, ask: str, check: Callable[[str], None]) -> str:
    """A new passphrase from `env`, or asked (`ask`) twice at the terminal; checked by `check`."""
    value = os.environ.get(env)
    if not value:
        if not sys.stdin.isatty():
            raise Failed(missing)
        value = getpass.getpass(ask)
        if getpass.getpass(_("Repeat the passphrase: ")) != value:
            raise Failed(_("The passphrases differ. Nothing was changed."))
    check(value)
    return value


def cmd_backup(args: argparse.Namespace) -> int:
    from sipdesk.model import backup
    from sipdesk.model.store import CaseNotFound

    out = Path(args.out).expanduser()
    _check_out(out)
    case_id = _case_id(args.case) if args.case is not None else None

    def check(value: str) -> None:
        try:
            backup.check_passphrase(value)
        except backup.BackupError as exc:
            raise Failed(str(exc)) from exc

    passphrase = _ask_new_secret(
        "SIPDESK_BACKUP_PASSPHRASE",
        _("Give the backup passphrase in SIPDESK_BACKUP_PASSPHRASE, or run this at a terminal."),
        _("Passphrase for the backup: "),
        check,
    )
    store = _open(args)
    try:
        result = backup.write_backup_checked(
            store, out, passphrase, case_id, with_signing_key=args.with_signing_key
        )
    except (CaseNotFound, backup.BackupError) as exc:
        raise Failed(str(exc)) from exc
    except OSError as exc:
        import errno

        if exc.errno == errno.ENOSPC:  # the backup's own disk is full: say so, and how much
            from sipdesk.model.store import DiskFull

            raise Failed(str(DiskFull(out.parent))) from exc
        raise not_written(out, exc) from exc
    finally:
        store.close()
    written, count = result.path, result.count
    print(
        ngettext(
            "Backup of {n} case written to {path}", "Backup of {n} cases written to {path}", count
        ).format(n=count, path=written.resolve()),
        file=sys.stderr,
    )
    if args.with_signing_key:
        print(
            _("The backup holds the chair's signing key: keep it as safe as the key itself."),
            file=sys.stderr,
        )
    print(written.resolve())
    if result.unreadable:
        raise Failed(
            _(
                "The store is damaged: case(s) {ids} could not be read and are NOT in the "
                "backup. Run 'sipdesk check-store'."
            ).format(ids=", ".join(str(i) for i in result.unreadable))
        )
    return EXIT_OK


def cmd_check_store(args: argparse.Namespace) -> int:
    """Check every page, the structure and every case; exit 1 when anything is damaged."""
    store = _open(args)
    try:
        report = store.check_integrity()
    finally:
        store.close()
    for line in report.page_errors:
        print(_("damaged page: {detail}").format(detail=line))
    for line in report.structure_errors:
        print(_("structure: {detail}").format(detail=shown(line)))
    if not report.cases_listed:
        print(_("The list of cases cannot be read."))
    else:
        print(
            _("{ok} case(s) can be read, {bad} cannot.").format(
                ok=len(report.readable), bad=len(report.unreadable)
            )
        )
        for case_id in report.unreadable:
            print(_("cannot be read: case {id}").format(id=case_id))
    if report.ok:
        print(_("The store is whole."), file=sys.stderr)
        return EXIT_OK
    raise Failed(
        _(
            "The store is damaged. Back up what can still be read ('sipdesk backup', or "
            "'sipdesk backup --case N' case by case), then restore your latest backup into a "
            "new store (--data-dir) and add the cases backed up now."
        )
    )


def cmd_restore(args: argparse.Namespace) -> int:
    from sipdesk.model import backup

    passphrase = os.environ.get("SIPDESK_BACKUP_PASSPHRASE")
    if not passphrase:
        if not sys.stdin.isatty():
            raise Failed(
                _(
                    "Give the backup passphrase in SIPDESK_BACKUP_PASSPHRASE, or run this at a terminal."
                )
            )
        passphrase = getpass.getpass(_("Backup passphrase: "))
    # the header's bounds, the key and the first chunk are checked before the store is opened;
    # the rest is read as it is added, in one transaction that any fault rolls back
    try:
        reader = backup.open_backup(Path(args.file).expanduser(), passphrase)
    except backup.BackupError as exc:
        raise Failed(str(exc)) from exc
    try:
        store = _open(args, create=True, writer=True)
        try:
            result = backup.restore(store, reader)
        except backup.BackupError as exc:
            raise Failed(str(exc)) from exc
        finally:
            store.close()
    finally:
        reader.close()
    print(
        _("Restored {added} case(s); {skipped} already here; {copies} added as copies.").format(
            added=len(result.added), skipped=result.skipped, copies=result.copies
        ),
        file=sys.stderr,
    )
    if result.preferences_added:
        print(
            _("Preferences added: {keys}").format(keys=", ".join(result.preferences_added)),
            file=sys.stderr,
        )
    if result.preferences_left:
        print(
            _(
                "Not restored: the signing identity in the backup ({keys}); it stays on the "
                "computer it was made on."
            ).format(keys=", ".join(result.preferences_left)),
            file=sys.stderr,
        )
    for case_id in result.added:
        print(case_id)
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    from sipdesk.model.store import CaseNotFound

    case_id = _case_id(args.case)
    store = _open(args, writer=True)
    try:
        rows = [r for r in store.list_cases() if r.id == case_id]
        if not rows:
            raise Failed(_("There is no case {id}.").format(id=case_id))
        name = shown(rows[0].display_name)
        if not args.yes:
            if not sys.stdin.isatty():
                raise Failed(
                    _("Deleting case {id} ({name}) cannot be undone. Add --yes to confirm.").format(
                        id=case_id, name=name
                    )
                )
            answer = input(
                _("Delete case {id} ({name}) for good? Type yes to confirm: ").format(
                    id=case_id, name=name
                )
            )
            if answer.strip().casefold() not in ("yes", _("yes").casefold()):
                raise Failed(_("Nothing was deleted."))
        try:
            store.delete_case(case_id)
        except CaseNotFound as exc:
            raise Failed(str(exc)) from exc
    finally:
        store.close()
    print(_("Case {id} ({name}) deleted.").format(id=case_id, name=name), file=sys.stderr)
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    case_id = _case_id(args.case)
    store = _open(args)
    try:
        entries = store.audit_log(case_id)
    finally:
        store.close()
    if not entries:
        raise Failed(_("There is no case {id}.").format(id=case_id))
    for e in entries:
        print(f"{e.at.isoformat(sep=' ')}\t{shown(e.os_user)}\t{e.action}\t{shown(e.label)}")
    return EXIT_OK


def cmd_passphrase(args: argparse.Namespace) -> int:
    from sipdesk.model.store import StoreKeyError
    from sipdesk.model.store.keys import check_new_passphrase
    from sipdesk.model.store.rekey import change_key

    passphrase = None
    if not args.keyring:

        def check(value: str) -> None:
            try:
                check_new_passphrase(value)
            except StoreKeyError as exc:
                raise Failed(str(exc)) from exc

        passphrase = _ask_new_secret(
            "SIPDESK_NEW_PASSPHRASE",
            _("Give the new passphrase in SIPDESK_NEW_PASSPHRASE, or run this at a terminal."),
            _("New passphrase for the store: "),
            check,
        )
    store = _open(args, writer=True)
    try:
        change_key(store, "keyring" if args.keyring else "passphrase", passphrase)
    except StoreKeyError as exc:
        raise Failed(str(exc)) from exc
    finally:
        store.close()
    print(
        _("The store now has a new key in the OS keyring.")
        if args.keyring
        else _("The store's passphrase was changed."),
        file=sys.stderr,
    )
    return EXIT_OK


def add_commands(sub) -> None:
    p = sub.add_parser(
        "backup",
        help=_("write an encrypted backup of the store or one case (SIPDESK_BACKUP_PASSPHRASE)"),
    )
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--case", metavar="CASE", help=_("only this case"))
    p.add_argument(
        "--with-signing-key",
        action="store_true",
        help=_("also put the chair's signing key (and its password) in a whole-store backup"),
    )
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser(
        "check-store",
        help=_("check the store's pages, structure and every case; exit 1 if damaged"),
    )
    p.set_defaults(func=cmd_check_store)

    p = sub.add_parser(
        "restore", help=_("add the cases of a backup to the store; nothing is overwritten")
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("delete", help=_("delete a case for good"))
    p.add_argument("case", metavar="CASE")
    p.add_argument("--yes", action="store_true", help=_("confirm without asking"))
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser("audit", help=_("show a case's audit trail: when, OS user, action"))
    p.add_argument("case", metavar="CASE")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser(
        "passphrase",
        help=_("change the store's passphrase (SIPDESK_NEW_PASSPHRASE) or rotate its key"),
    )
    p.add_argument(
        "--keyring",
        action="store_true",
        help=_("use a new random key kept in the OS keyring instead of a passphrase"),
    )
    p.set_defaults(func=cmd_passphrase)
