"""The command line's own words in the interface language: argparse's strings ("usage:",
"positional arguments", its error messages) through SipDesk's catalog, a one-line description
for every subcommand and an explanation for every CASE, FILE … argument.

argparse looks its strings up with gettext's module functions at call time; `route_argparse`
points those at sipdesk.i18n, and the N_() list below puts them in SipDesk's catalog.
"""

from __future__ import annotations

import argparse

from sipdesk import i18n
from sipdesk.i18n import N_, _

# argparse's user-visible strings (Python 3.11–3.13), extracted into sipdesk.pot from here
ARGPARSE_STRINGS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("subcommands"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("%(prog)s: warning: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
    N_(" (default: %(default)s)"),
    N_("argument '%(argument_name)s' is deprecated"),
    N_("option '%(option)s' is deprecated"),
    N_("command '%(parser_name)s' is deprecated"),
)


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.ngettext(singular, plural, n)


def route_argparse() -> None:
    """argparse's `_` and `ngettext` → SipDesk's catalog (in the language set at that moment)."""
    argparse._ = lambda message: i18n._(message)  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_ngettext  # type: ignore[attr-defined]


# only ngettext's plural pair of argparse, marked for extraction
def _plural_marks() -> None:  # pragma: no cover - never called, read by the extractor
    i18n.ngettext("expected %s argument", "expected %s arguments", 2)


def metavars() -> dict[str, tuple[str, str]]:
    """English metavar → (as shown, what the chair is to give)."""
    return {
        "COMMAND": (_("COMMAND"), ""),
        "CASE": (
            _("CASE"),
            _("the case's number: the first column of 'sipdesk list' (or 'sipdesk list --search NAME')"),
        ),
        "FILE": (_("FILE"), _("the file's path")),
        "FILE.json": (
            _("FILE.json"),
            _("a plan file (JSON) written by SipDesk's export, see docs/plan-format.md"),
        ),
        "FILE.pdf": (_("FILE.pdf"), _("the signed plan PDF to check")),
        "FILE.p12": (_("FILE.p12"), ""),
        "DIR": (_("DIR"), ""),
        "TEXT": (_("TEXT"), ""),
        "DATE": (_("DATE"), ""),
        "PATH": (_("PATH"), ""),
        "NAME": (_("NAME"), ""),
    }


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def explain(parser: argparse.ArgumentParser) -> None:
    """Every subcommand gets its one-line help as description; every argument's metavar is shown in
    the interface language, and a positional argument without help gets its explanation."""
    names = metavars()
    for action in parser._actions:  # noqa: SLF001 - argparse keeps no public list
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            helps = {a.dest: a.help for a in action._choices_actions}  # noqa: SLF001
            for name, sub in action.choices.items():
                if not sub.description and helps.get(name):
                    sub.description = _sentence(helps[name])
                explain(sub)
        metavar = action.metavar
        if isinstance(metavar, str) and metavar in names:
            shown, help_text = names[metavar]
            action.metavar = shown
            if not action.option_strings and not action.help and help_text:
                action.help = help_text
