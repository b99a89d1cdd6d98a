"""Export operations shared by the CLI and the GUI: prepare (reads the store), run (pure, may run
in a worker thread), record (audit). `export_case` does all three.

`prepare` touches the store and the keyring, so the GUI calls it on its own thread; the returned
`ExportJob` is plain data, safe to hand to a worker; `ExportJob.run` renders, signs and writes.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sipdesk.i18n import _
from sipdesk.model.entities import Case, Meeting
from sipdesk.model.enums import MeetingKind
from sipdesk.model.files import remove_stale_parts, write_atomic
from sipdesk.model.store import Store

if TYPE_CHECKING:
    from collections.abc import Callable

    from sipdesk.export.identity import SigningIdentity
    from sipdesk.model.calendar_entry import CalendarEntry

log = logging.getLogger(__name__)

FORMATS = ("json", "pdf", "easy-read", "invitation", "ics", "about-sip", "about-sip-easy", "deviation")
EXTENSIONS = {
    "json": ".json",
    "pdf": ".pdf",
    "easy-read": ".pdf",
    "invitation": ".pdf",
    "about-sip": ".pdf",
    "about-sip-easy": ".pdf",
    "deviation": ".pdf",
    "ics": ".ics",
}
CHAIR_KEYS = ("chair.name", "chair.title", "chair.organisation", "chair.phone", "chair.email")
# what a closed plan refuses: there is no follow-up to invite to. Its calendar file is not
# refused but is always the cancellation of the booked follow-up (calendar.is_cancellation)
FOLLOW_UP_FORMATS = ("invitation",)


class ExportError(Exception):
    """An export that cannot be done; the message says what to do. Nothing was written."""


class FileExists(ExportError):
    """The target file exists: the window asks, the CLI refuses unless told --overwrite."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        names = ", ".join(p.name for p in paths[:5]) + (" …" if len(paths) > 5 else "")
        super().__init__(
            _(
                "{names} already exists in {folder}. Nothing was written. Choose another "
                "name or folder, or replace it (--overwrite)."
            ).format(names=names, folder=paths[0].parent)
        )


def refuse_existing(paths: list[Path], overwrite: bool) -> None:
    """Never silently replace a file (it may hold another case's or version's document)."""
    if overwrite:
        return
    existing = [p for p in paths if p.exists()]
    if existing:
        raise FileExists(existing)


def closed_refusal(case: Case, fmt: str) -> ExportError | None:
    """A closed plan has no follow-up to invite to (its .ics becomes the cancellation)."""
    if case.closing is None or fmt not in FOLLOW_UP_FORMATS:
        return None
    from sipdesk import i18n

    return ExportError(
        _(
            "The plan was closed on {date} ({reason}): there is no follow-up to invite to. "
            "Nothing was written. Export the calendar file to cancel the booked follow-up."
        ).format(date=i18n.format_date(case.closing.date), reason=case.closing.reason.label)
    )


@dataclass(frozen=True)
class ExportOptions:
    sign: bool = False  # pdf only
    include_place: bool = False  # invitation and ics: the place even for a protected identity
    include_name: bool = False  # ics: the (displayed) name in the calendar title
    cancel: bool = False  # ics: a cancellation (METHOD:CANCEL); always so for a closed plan
    # invitation to a first or discharge meeting: the "Vad är SIP?" sheet follows it (issue 17)
    about_sip: bool = True


@dataclass(frozen=True)
class ExportResult:
    path: Path
    fmt: str
    pages: int = 0
    signed: bool = False
    fingerprint: str = ""  # the signing certificate's, when signed
    doc_id: str = ""
    calendar: CalendarEntry | None = None  # ics: the entry written (SEQUENCE), to keep
    meeting_id: str = ""
    cancelled: bool = False  # ics: the file is a cancellation
    leftovers: int = 0  # hidden temporary files of an earlier, killed export removed (issue 20)
    protected: bool = False  # the case has protected identity: no recent-files trace


@dataclass
class ExportJob:
    """Everything an export needs, as plain data: safe to run in a worker thread."""

    fmt: str
    case: Case
    meeting: Meeting
    options: ExportOptions
    preferences: dict[str, str] = field(default_factory=dict)
    identity: SigningIdentity | None = None  # set when signing
    calendar: CalendarEntry | None = None  # ics: SEQUENCE of the file to write (set in prepare)
    cancel: threading.Event | None = None  # set by the window's Cancel: stop, write nothing
    # signs (pdf, stamp, identity, reason=…): `signing.sign_pdf`, or the command line's
    # `sign_worker.SignerProcess.sign`, which signs the same in a process started ahead
    signer: Callable[..., bytes] | None = None

    def suggested_name(self) -> str:
        from sipdesk.export.document import file_stem

        kind = {"pdf": "plan", "json": "plan", "easy-read": "easy_read", "invitation": "invitation",
                "about-sip": "about_sip", "about-sip-easy": "about_sip_easy",
                "deviation": "deviation"}  # fmt: skip
        stem = file_stem(self.case, self.meeting, kind.get(self.fmt, "follow_up"))
        return stem + EXTENSIONS[self.fmt]

    def build(self) -> tuple[bytes, ExportResult]:
        """The file's bytes (and what they are), without writing anything."""
        refusal = closed_refusal(self.case, self.fmt)
        if refusal is not None:
            raise refusal
        if self.fmt == "json":
            from sipdesk.model import planfile

            return planfile.dumps(self.case).encode("utf-8"), ExportResult(Path(), "json")
        if self.fmt == "ics":
            from sipdesk.export.calendar import NoFollowUp, follow_up_ics, is_cancellation

            cancel = self.options.cancel or is_cancellation(self.case)
            try:
                data = follow_up_ics(
                    self.case,
                    self.meeting,
                    include_name=self.options.include_name,
                    include_place=self.options.include_place,
                    entry=self.calendar,
                    cancel=cancel,
                    organizer=(self.preferences.get("chair.name", ""),
                               self.preferences.get("chair.email", "")),  # fmt: skip
                )
            except NoFollowUp as exc:
                raise ExportError(str(exc)) from exc
            return data, ExportResult(
                Path(),
                "ics",
                calendar=self.calendar,
                meeting_id=self.meeting.id,
                cancelled=cancel,
            )
        from sipdesk.export import pdf

        doc = self._document()
        try:
            rendered = pdf.render(doc, self.cancel)
        except pdf.UnprintableText as exc:
            raise ExportError(str(exc)) from exc
        except pdf.Cancelled as exc:
            raise ExportError(_("The export was cancelled. Nothing was written.")) from exc
        data, signed, fp, pages = rendered.pdf, False, "", rendered.pages
        if self._with_about_sip():
            data, pages = self._append_about_sip(data)
        if self.identity is not None and self.fmt == "pdf":
            from sipdesk.export.identity import IdentityError
            from sipdesk.export.signing import sign_pdf

            assert rendered.stamp is not None  # the document reserved room for it
            try:
                data = (self.signer or sign_pdf)(
                    data,
                    rendered.stamp,
                    self.identity,
                    reason=_("Coordinated individual plan (SIP)"),
                )
            except IdentityError as exc:  # expired or not yet valid (checked again at signing)
                raise ExportError(str(exc)) from exc
            except pdf.UnprintableText as exc:  # the signer's name, for the stamp
                raise ExportError(str(exc)) from exc
            signed, fp = True, self.identity.fingerprint
        return data, ExportResult(Path(), self.fmt, pages, signed, fp, doc.doc_id)

    def _with_about_sip(self) -> bool:
        """The person is invited to their first SIP: what a SIP is goes with the invitation."""
        return (
            self.fmt == "invitation"
            and self.options.about_sip
            and self.meeting.kind is not MeetingKind.FOLLOW_UP
        )

    def _append_about_sip(self, invitation: bytes) -> tuple[bytes, int]:
        from sipdesk.export import pdf
        from sipdesk.export.about_sip import about_sip_document
        from sipdesk.export.combine import concatenate

        try:
            sheet = pdf.render(
                about_sip_document(self.case, self.meeting, preferences=self.preferences),
                self.cancel,
            )
            return concatenate(invitation, sheet.pdf)
        except pdf.UnprintableText as exc:
            raise ExportError(str(exc)) from exc
        except pdf.Cancelled as exc:
            raise ExportError(_("The export was cancelled. Nothing was written.")) from exc

    def _document(self):
        if self.fmt == "pdf":
            from sipdesk.export.document import plan_document
            from sipdesk.export.signing import verify_hint

            caption = verify_hint(self.identity.fingerprint) if self.identity is not None else ""
            return plan_document(
                self.case, self.meeting, preferences=self.preferences, stamp_caption=caption
            )
        if self.fmt == "easy-read":
            from sipdesk.export.easyread import easy_read_document

            return easy_read_document(self.case, self.meeting)
        if self.fmt in ("about-sip", "about-sip-easy"):
            from sipdesk.export.about_sip import about_sip_document

            return about_sip_document(self.case, self.meeting, easy=self.fmt == "about-sip-easy",
                                      preferences=self.preferences)  # fmt: skip
        if self.fmt == "deviation":
            from sipdesk.export.deviation import deviation_document

            try:
                return deviation_document(self.case, self.meeting)
            except ValueError as exc:
                raise ExportError(str(exc)) from exc
        from sipdesk.export.invitation import invitation_document

        return invitation_document(
            self.case,
            self.meeting,
            preferences=self.preferences,
            include_place=self.options.include_place,
        )

    def target(self, out: Path) -> Path:
        out = Path(out).expanduser()
        return out / self.suggested_name() if out.is_dir() else out

    def run(self, out: Path, overwrite: bool = False) -> ExportResult:
        """Build and write to `out` (a folder: under the suggested name). Atomic; 0600 on POSIX.
        An existing file is replaced only with `overwrite` (else `FileExists`, nothing built)."""
        out = self.target(out)
        if not out.parent.is_dir():
            raise ExportError(_("The folder {path} does not exist.").format(path=out.parent))
        refuse_existing([out], overwrite)
        data, result = self.build()
        if self.cancel is not None and self.cancel.is_set():
            raise ExportError(_("The export was cancelled. Nothing was written."))
        try:
            leftovers = len(remove_stale_parts(out.parent))
            write_atomic(out, data)
        except OSError as exc:
            raise ExportError(
                _("Could not write {path}: {detail}. Nothing was written.").format(
                    path=out, detail=exc.strerror
                )
            ) from exc
        return dataclasses.replace(
            result, path=out, leftovers=leftovers, protected=self.case.person.protected_identity
        )


def preferences(store: Store) -> dict[str, str]:
    return {key: store.get_preference(key) for key in CHAIR_KEYS}


def prepare(
    store: Store, case_id: int, fmt: str, options: ExportOptions | None = None
) -> ExportJob:
    """Load the case (and, to sign, the chair's identity – made on first use) for an export."""
    from sipdesk.model.store import CaseNotFound

    if fmt not in FORMATS:
        raise ExportError(
            _("Unknown format {fmt}; choose one of {choices}.").format(
                fmt=fmt, choices=", ".join(FORMATS)
            )
        )
    options = options or ExportOptions()
    try:
        case = store.load_case(case_id)
    except CaseNotFound as exc:
        raise ExportError(str(exc)) from exc
    meeting = case.current_meeting
    if meeting is None and fmt != "json":
        raise ExportError(_("The case has no meeting yet, so there is nothing to print."))
    refusal = closed_refusal(case, fmt)
    if refusal is not None:
        raise refusal
    prefs = preferences(store)
    job = ExportJob(fmt, case, meeting, options, prefs)  # type: ignore[arg-type]
    if fmt == "ics":
        from sipdesk.export.calendar import is_cancellation, next_entry

        job.calendar = next_entry(
            meeting,
            cancel=options.cancel or is_cancellation(case),
            include_name=options.include_name,
            include_place=options.include_place,
        )
    if options.sign:
        if fmt != "pdf":
            raise ExportError(_("Only the plan PDF (--format pdf) can be signed."))
        from sipdesk.export import identity
        from sipdesk.export.document import chair_info

        name, title, org = chair_info(case, meeting, prefs)
        try:
            job.identity = identity.ensure(store, name, title, org)
        except identity.IdentityError as exc:
            raise ExportError(str(exc)) from exc
    return job


def record(store: Store, case_id: int, result: ExportResult) -> None:
    """The audit trail: which format, signed or not – never a path or a name."""
    detail = result.fmt + (" signed" if result.signed else "")
    detail += " cancel" if result.cancelled else ""
    store.audit(case_id, "exported", detail)
    if result.calendar is not None:
        from sipdesk.export.calendar import remember_sent

        remember_sent(store, case_id, result.meeting_id, result.calendar)
    log.info("case %s exported as %s", case_id, detail)


def export_case(
    store: Store,
    case_id: int,
    fmt: str,
    out: Path,
    options: ExportOptions | None = None,
    overwrite: bool = False,
) -> ExportResult:
    job = prepare(store, case_id, fmt, options)
    result = job.run(out, overwrite=overwrite)
    record(store, case_id, result)
    return result
