"""The `sipdesk` command: the GUI by default, and subcommands that do what the GUI does.

Exit codes: 0 done, 1 refused or failed with a stated reason, 2 usage.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sipdesk import __version__, i18n, logs, paths, startup
from sipdesk.cli_common import (  # noqa: F401 - the command line's shared pieces, as before
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    Failed,
    _case_id,
    _check_out,
    _open,
    _prompt_passphrase,
    not_written,
    shown,
)
from sipdesk.i18n import _, ngettext

log = logging.getLogger("sipdesk")


def cmd_list(args: argparse.Namespace) -> int:
    store = _open(args)
    try:
        for row in store.list_cases(args.search or ""):
            follow = row.next_follow_up.isoformat() if row.next_follow_up else ""
            # the status as the window shows it ("Aktivt"), not the stored code
            print(f"{row.id}\t{shown(row.display_name)}\t{row.status.label}\t{follow}")
    finally:
        store.close()
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from sipdesk.model import cases, planfile

    try:
        case = planfile.read(Path(args.file))
    except planfile.PlanFileError as exc:
        raise Failed(str(exc)) from exc
    store = _open(args, create=True, writer=True)
    try:
        case_id = cases.import_case(store, case)
    finally:
        store.close()
    print(case_id)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    startup.short_process()  # collector paused, HarfBuzz and pyphen on use (sipdesk.startup)
    with contextlib.ExitStack() as stack:
        signer = None
        if args.sign and args.format == "pdf":  # pyHanko's import on another core meanwhile
            from sipdesk.export.sign_worker import SignerProcess

            signer = stack.enter_context(SignerProcess())
        return _export(args, signer)


def _export(args: argparse.Namespace, signer) -> int:
    from sipdesk.model import cases
    from sipdesk.model.store import CaseNotFound

    out = Path(args.out).expanduser()
    if args.out.endswith(("/", os.sep)) and not out.is_dir():
        # "--out plans/" means a folder; Path drops the slash and would write a file named plans
        raise Failed(_("The folder {path} does not exist.").format(path=out))
    # an option that means nothing for the format is refused, never silently ignored
    if args.cancel and args.format != "ics":
        raise Failed(_("--cancel is for the calendar file (--format ics) only."))
    if args.without_about_sip and args.format != "invitation":
        raise Failed(_("--without-about-sip is for the invitation (--format invitation) only."))
    if args.format != "json":
        return _export_document(args, out, signer)
    if args.sign:
        raise Failed(_("Only the plan PDF (--format pdf) can be signed."))
    _check_out(out)
    if out.exists() and not args.overwrite:
        from sipdesk.export.api import FileExists

        raise Failed(str(FileExists([out])))
    case_id = _case_id(args.case)
    store = _open(args)
    try:
        try:
            written = cases.export_json(store, case_id, out)
        except CaseNotFound as exc:
            raise Failed(str(exc)) from exc
        except OSError as exc:
            raise not_written(out, exc) from exc
    finally:
        store.close()
    print(_("Written to {path}").format(path=written.resolve()), file=sys.stderr)
    print(_("The file is not encrypted: keep it safe."), file=sys.stderr)  # the whole plan
    print(written.resolve())
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Print the plan check's findings; exit 1 while an error remains."""
    from sipdesk.model import quality
    from sipdesk.model.protection import Redactor
    from sipdesk.model.store import CaseNotFound

    case_id = _case_id(args.case)
    store = _open(args)
    try:
        try:
            case = store.load_case(case_id)
        except CaseNotFound as exc:
            raise Failed(str(exc)) from exc
    finally:
        store.close()
    findings = quality.check(case)
    redact = Redactor.for_person(case.person).text
    labels = {
        quality.Severity.ERROR: _("ERROR"),
        quality.Severity.WARNING: _("warning"),
        quality.Severity.HINT: _("hint"),
    }
    for f in findings:
        print(f"{labels[f.severity]}\t{f.code}\t{f.path}\t{redact(f.message)}")
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    print(
        ngettext("{n} error", "{n} errors", errors).format(n=errors)
        + ", "
        + ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        file=sys.stderr,
    )
    return EXIT_FAILED if errors else EXIT_OK


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{value}' is not a date; write it as YYYY-MM-DD.").format(value=text)
        ) from None


def cmd_stats(args: argparse.Namespace) -> int:
    """Print the coordinator's figures for a period; no personal data, no free text."""
    from sipdesk.model import stats, stats_store

    if args.start and args.end and args.start > args.end:
        raise Failed(_("--from must not be after --to."))
    store = _open(args)
    try:
        figures = stats_store.from_store(store, args.start, args.end)
    finally:
        store.close()
    if args.csv:
        sys.stdout.write(stats.to_csv(figures))
        return EXIT_OK
    width = max(len(label) for _c, label, *_rest in stats.rows(figures))
    for _code, label, value, count, total in stats.rows(figures):
        detail = f"  ({count}/{total})" if total is not None else ""
        print(f"{label:<{width}}  {value:>6}{detail}")
    return EXIT_OK
def _export_document(args: argparse.Namespace, out: Path, signer=None) -> int:
    """The printed documents and the calendar file; `--out` may name a folder."""
    from sipdesk.export import api
    from sipdesk.model import cases
    from sipdesk.model.store import CaseNotFound, StoreFault, VersionLocked

    if not out.is_dir() and not out.parent.exists():
        raise Failed(_("The folder {path} does not exist.").format(path=out.parent))
    options = api.ExportOptions(
        sign=args.sign,
        include_place=args.include_place,
        include_name=args.include_name,
        cancel=args.cancel,
        about_sip=not args.without_about_sip,
    )
    case_id = _case_id(args.case)
    store = _open(args)
    try:
        try:
            job = api.prepare(store, case_id, args.format, options)
            job.signer = signer.sign if signer is not None else None
            paper = args.format in cases.PAPER_FORMATS
            if paper:  # what the window does too: on paper first, kept once it is written
                cases.fill_in(job.case)
            result = job.run(out, overwrite=args.overwrite)
            api.record(store, case_id, result)
        except api.ExportError as exc:
            raise Failed(str(exc)) from exc
        if paper:
            try:
                cases.fill_known(store, case_id)
            except (CaseNotFound, VersionLocked, StoreFault) as exc:  # the file is written
                log.info("part 5 not kept after the export: %s", type(exc).__name__)
    finally:
        store.close()
    path = result.path.resolve()
    print(_("Written to {path}").format(path=path), file=sys.stderr)
    if result.leftovers:
        print(
            _("Removed {n} hidden temporary file(s) an interrupted export had left there.").format(
                n=result.leftovers
            ),
            file=sys.stderr,
        )
    if result.fmt != "ics":
        print(_("The file is not encrypted: keep it safe."), file=sys.stderr)
    elif result.cancelled:
        print(
            _("The file cancels the follow-up in calendars that have it (METHOD:CANCEL)."),
            file=sys.stderr,
        )
    if result.signed:
        print(
            _("Signed; certificate SHA-256 fingerprint: {fp}").format(fp=result.fingerprint),
            file=sys.stderr,
        )
    print(path)
    return EXIT_OK


def cmd_signing(args: argparse.Namespace) -> int:
    """Show the signing identity (its fingerprint above all), import the chair's own, or make one."""
    from sipdesk.export import identity

    deliberate = bool(args.import_file or args.create)
    store = _open(args, create=deliberate, writer=deliberate)
    try:
        try:
            if args.import_file:
                try:
                    data = Path(args.import_file).expanduser().read_bytes()
                except OSError as exc:
                    raise Failed(
                        _("Cannot read {path}: {detail}").format(
                            path=args.import_file, detail=exc.strerror
                        )
                    ) from exc
                password = os.environ.get("SIPDESK_P12_PASSWORD")
                if password is None:
                    if not sys.stdin.isatty():
                        raise Failed(
                            _(
                                "The certificate's password is needed: run this at a terminal, "
                                "or set SIPDESK_P12_PASSWORD for scripted use."
                            )
                        )
                    import getpass

                    password = getpass.getpass(_("Password for the certificate file: "))
                ident = identity.import_pkcs12(store, data, password)
                if ident.chain:
                    print(
                        _(
                            "The certificate came with {n} issuer certificate(s); every signature "
                            "carries them."
                        ).format(n=ident.chain),
                        file=sys.stderr,
                    )
            elif args.create:
                name = args.create
                ident = identity.create_self_signed(
                    store,
                    name,
                    store.get_preference("chair.title"),
                    store.get_preference("chair.organisation"),
                )
            else:
                ident = identity.load(store)
        except identity.IdentityError as exc:
            raise Failed(str(exc)) from exc
    finally:
        store.close()
    if ident is None:
        print(_("No signing identity yet: the first signed export makes one for the chair."))
        return EXIT_OK
    kind = _("own certificate") if ident.kind == "own" else _("self-signed by SipDesk")
    print(_("Signer: {name} ({kind})").format(name=shown(ident.subject), kind=kind))
    print(_("Valid until: {date}").format(date=ident.not_after.date().isoformat()))
    print(_("Certificate SHA-256: {fp}").format(fp=ident.fingerprint))
    warning = identity.validity_warning(ident)
    if warning:
        print(_("Warning: {message}").format(message=warning), file=sys.stderr)
    return EXIT_OK


def _known_fingerprints(args: argparse.Namespace) -> tuple[set[str] | None, str]:
    """The fingerprints this store has signed with, or None and why not. Never creates a store
    and asks for a passphrase only at a terminal: verify works on a receiver's machine without one."""
    from sipdesk.export import identity
    from sipdesk.model.store import open_store, store_exists

    directory = paths.data_dir(args.data_dir)
    if not store_exists(directory):
        return None, _("there is no SipDesk store on this computer")
    try:
        store = open_store(directory, _prompt_passphrase)
    except Exception as exc:  # noqa: BLE001 - verify must still give its verdict
        log.info("verify: store not opened (%s)", type(exc).__name__)
        return None, _("the store could not be opened")
    try:
        return set(identity.known_certificates(store)), ""
    finally:
        store.close()


def cmd_verify(args: argparse.Namespace) -> int:
    """Exit codes: 0 intact and signed by a certificate this store signs with (or --expect's);
    1 not intact, not signed or unreadable; 3 intact, signer not known here (or not compared)."""
    from sipdesk.export import verify

    expect = args.expect
    if expect is not None and len(verify.normal_fingerprint(expect).replace(" ", "")) != 64:
        raise Failed(
            _("--expect takes a SHA-256 fingerprint: 64 hexadecimal digits, spaces allowed.")
        )
    result = verify.verify_file(Path(args.file).expanduser())
    known, reason = (None, "") if expect else _known_fingerprints(args)
    verify.compare(result, known, expect, reason)
    print(verify.report(result))
    return verify.exit_code(result)


def cmd_demo(args: argparse.Namespace) -> int:
    directory = paths.demo_data_dir(args.data_dir)
    if args.no_gui:
        from sipdesk.model import cases

        store = _open(args, directory, create=True, writer=True)
        try:
            added = cases.seed_demo(store, paths.demo_plans_dir())
        finally:
            store.close()
        print(
            _("Demo store ready with {n} new case(s).").format(n=len(added)),
            file=sys.stderr,
        )
        print(directory)
        return EXIT_OK
    from sipdesk.app import run_gui

    return run_gui(directory, seed_demo=True, from_terminal=True)


def cmd_gui(args: argparse.Namespace) -> int:
    from sipdesk.app import run_gui

    return run_gui(paths.data_dir(args.data_dir), from_terminal=True)


def build_parser() -> argparse.ArgumentParser:
    from sipdesk import cli_text

    cli_text.route_argparse()  # "usage:", "options", argparse's errors in the interface language
    parser = argparse.ArgumentParser(
        prog="sipdesk",
        description=_("SipDesk – chair a SIP meeting and write the plan, offline and encrypted."),
        epilog=_(
            "Without a command the window opens. The store's folder: --data-dir, else SIPDESK_HOME, "
            "else the user's data folder; the demo prints its own with 'sipdesk demo --no-gui'."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"SipDesk {__version__}",
        help=_("show program's version number and exit"),
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("the store's folder (default: SIPDESK_HOME or the user's data folder)"),
    )
    parser.add_argument(
        "--lang", choices=i18n.LANGUAGES, help=_("interface language (default: sv)")
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title=_("commands"))

    p = sub.add_parser("gui", help=_("start the window (the default)"))
    p.set_defaults(func=cmd_gui)

    p = sub.add_parser("demo", help=_("create a demo store with example plans and open it"))
    p.add_argument("--no-gui", action="store_true", help=_("only create it; print its folder"))
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("list", help=_("list the cases: id, name, status, next follow-up"))
    p.add_argument("--search", metavar="TEXT", help=_("only cases whose displayed name holds TEXT"))
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("check", help=_("check a case's newest plan; exit 1 while an error remains"))
    p.add_argument("case", metavar="CASE")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("stats", help=_("figures for coordinators for a period (no personal data)"))
    p.add_argument(
        "--from", dest="start", type=_date, metavar="DATE", help=_("first day, YYYY-MM-DD")
    )
    p.add_argument("--to", dest="end", type=_date, metavar="DATE", help=_("last day, YYYY-MM-DD"))
    p.add_argument("--csv", action="store_true", help=_("print CSV instead of a table"))
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("import", help=_("import a plan file; prints the new case id"))
    p.add_argument("file", metavar="FILE.json")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help=_("export a case: plan file, plan PDF, own copy, invitation"))
    p.add_argument("case", metavar="CASE")
    p.add_argument(
        "--format",
        choices=["json", "pdf", "easy-read", "invitation", "ics", "about-sip", "about-sip-easy",
                 "deviation"],  # fmt: skip
        default="json",
        help=_(
            "json: plan file; pdf: the plan to print and sign; easy-read: the person's own copy; "
            "invitation: the invitation; ics: the follow-up booking; about-sip, about-sip-easy: "
            "the 'What is a SIP?' sheet, in ordinary or easy Swedish; deviation: invited parties "
            "who did not take part, for the deviation routine (default: json)"
        ),
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help=_("the file to write; for the PDF and ics formats also a folder"),
    )
    p.add_argument(
        "--sign", action="store_true", help=_("sign the plan PDF with the chair's certificate")
    )
    p.add_argument(
        "--include-place",
        action="store_true",
        help=_(
            "put the place in the invitation even for protected identity (in a calendar file "
            "never for protected identity)"
        ),
    )
    p.add_argument(
        "--include-name",
        action="store_true",
        help=_("put the person's name in the calendar entry (never for protected identity)"),
    )
    p.add_argument(
        "--cancel",
        action="store_true",
        help=_(
            "ics: write a cancellation of the booked follow-up for calendars (always so for a "
            "closed plan)"
        ),
    )
    p.add_argument(
        "--without-about-sip",
        action="store_true",
        help=_(
            "invitation: leave out the 'What is a SIP?' page that follows the invitation to a "
            "first or discharge meeting"
        ),
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        help=_("replace the file if it exists (without it, an existing file is never replaced)"),
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "signing", help=_("show the chair's signing certificate and its fingerprint")
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--import",
        dest="import_file",
        metavar="FILE.p12",
        help=_("use the chair's own certificate (PKCS#12); its password is asked for once"),
    )
    group.add_argument(
        "--create",
        metavar="NAME",
        help=_("make a new self-signed identity for NAME, replacing the present one"),
    )
    p.set_defaults(func=cmd_signing)

    p = sub.add_parser(
        "verify",
        help=_(
            "check a signed plan PDF; exit 0 intact and signed with a certificate this store "
            "signs with, 3 intact but signed by a certificate not known here, 1 not intact"
        ),
    )
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument(
        "--expect",
        metavar="FINGERPRINT",
        help=_(
            "the SHA-256 fingerprint the chair's certificate must have (for scripts): exit 0 "
            "only when it matches"
        ),
    )
    p.set_defaults(func=cmd_verify)

    from sipdesk import cli_security

    cli_security.add_commands(sub)
    cli_text.explain(parser)  # every subcommand described, CASE and FILE explained
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:  # a process of its own (the `sipdesk` command, `python -m sipdesk`)
        from sipdesk import dataclass_code

        dataclass_code.install()
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language(_peek_lang(argv) or os.environ.get("SIPDESK_LANG"))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        # the terminal gets warnings and errors; the ids-only INFO lines go to the log file only
        handler.setLevel(logging.WARNING)
        handler.addFilter(_one_line)
    logs.setup()
    logs.install_excepthook()
    args = startup.window_start(argv, cmd_gui)
    if args is None:
        startup.thaw()  # the collector is paused for the window's start only (sipdesk.startup)
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # argparse: 0 for --help/--version, 2 for usage errors
            return int(exc.code or 0)
    else:
        startup.pause()
    func: Callable[[argparse.Namespace], int] = getattr(args, "func", cmd_gui)
    from sipdesk.model.store import StoreFault, StoreLocked

    try:
        return func(args)
    except Failed as exc:
        print(_("sipdesk: {message}").format(message=exc), file=sys.stderr)
        return EXIT_FAILED
    except (StoreFault, StoreLocked) as exc:  # a fault of the store's files, named for what it is
        print(_("sipdesk: {message}").format(message=exc), file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        # the reader went away (`sipdesk list | head -1`): end quietly, and keep Python's own
        # flush at exit from complaining about the closed pipe
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - the last line of defence: report, scrubbed
        logs.report_unexpected(exc)
        print(
            _("sipdesk: unexpected error ({kind}); nothing more was changed. See {path}").format(
                kind=type(exc).__name__, path=logs.log_file()
            ),
            file=sys.stderr,
        )
        return EXIT_FAILED
    finally:
        startup.thaw()


def _one_line(record: logging.LogRecord) -> bool:
    """The terminal gets one line per failure: a traceback (an unexpected error's report) goes
    to the log file only."""
    try:
        return "\n" not in record.getMessage()
    except (TypeError, ValueError):
        return True


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture)
        pass


def _peek_lang(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None
