"""The print set at the meeting's end: the original for signing, a marked copy for each party on
the *Kopia till* list, the person's own easy-read copy and, optionally, the invitation to the
follow-up – as a pure function of the case, so the GUI, the tests and a PDF folder get the same.

Each document is the very PDF the export makes (`pdf.render`), with one difference: a copy carries
"Exemplar för: <party>" on every page (`Document.copy_mark`). The mark is not part of the
fingerprint, so the original and all its copies show the same *Kontroll*. Recipient marks go
through the case's `Redactor`, so a protected person's name never appears in them.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from sipdesk.export.document import Document, slug
from sipdesk.i18n import _
from sipdesk.model.entities import Case, Meeting
from sipdesk.model.enums import MeetingKind
from sipdesk.model.handout import Handout
from sipdesk.model.protection import Redactor

KINDS = ("original", "copy", "own_copy", "about_sip", "about_sip_easy", "leaflet", "invitation")


@dataclass(frozen=True)
class PrintItem:
    """One line of the print dialog: a document, for whom, how many, and whether to print it.

    `recipient` is the party as written on the plan (for the record); `mark` is what is printed
    on every page – redacted for a protected identity.
    """

    kind: str  # one of KINDS
    recipient: str = ""
    mark: str = ""
    copies: int = 1
    enabled: bool = True
    source: str = ""  # a leaflet: the PDF file, printed as it is (leaflets.py)

    @property
    def label(self) -> str:
        """What the dialog lists."""
        if self.kind == "original":
            return _("The original for signing (all signature lines)")
        if self.kind == "copy":
            return _("Copy for: {party}").format(party=self.mark_party)
        if self.kind == "own_copy":
            return _("The person's own copy (My plan, large type)")
        if self.kind == "about_sip":
            return _("'What is a SIP?' for the person (one page)")
        if self.kind == "about_sip_easy":
            return _("'What is a SIP?' in easy Swedish, large type (one page)")
        if self.kind == "leaflet":
            return _("Information sheet – {name}").format(name=self.recipient)
        return _("Invitation to the follow-up")

    @property
    def mark_party(self) -> str:
        return self.mark.split(": ", 1)[-1] if self.mark else ""


@dataclass(frozen=True)
class PrintedDocument:
    """One rendered document of the set, ready for the printer or a file."""

    item: PrintItem
    pdf: bytes
    pages: int
    file_name: str
    fingerprint: str


def copy_mark(recipient: str, redactor: Redactor) -> str:
    return _("Copy for: {party}").format(party=redactor.text(recipient.strip()))


def default_items(
    case: Case, meeting: Meeting, leaflet_folder: Path | str | None = None
) -> list[PrintItem]:
    """The set with the plan's defaults: the original, each party's copy, the own copy, "Vad är
    SIP?", the organisation's information sheets (those in the person's interpreter language
    chosen); the follow-up invitation listed (off) when a follow-up date is booked."""
    from sipdesk.export import leaflets

    red = Redactor.outgoing(case)  # a mark travels on every page: masked for every case
    plan = meeting.plan
    items = [PrintItem("original", mark=_("Original for signing"))]
    seen: set[str] = set()
    for party in plan.copies_to:
        party = party.strip()
        if not party or party.casefold() in seen:
            continue
        seen.add(party.casefold())
        items.append(PrintItem("copy", recipient=party, mark=copy_mark(party, red)))
    own = _("Copy for: {party}").format(party=case.person.display_name)
    items.append(PrintItem("own_copy", recipient=case.person.display_name, mark=own))
    # "Vad är SIP?" goes home with the person from the first meeting; offered (off) later
    items.append(PrintItem("about_sip", enabled=meeting.kind is not MeetingKind.FOLLOW_UP))
    items.append(PrintItem("about_sip_easy", enabled=False))  # the chair chooses it for whom
    language = case.person.interpreter_language if case.person.interpreter_needed else ""
    for sheet in leaflets.leaflets_in(leaflet_folder):
        items.append(PrintItem("leaflet", recipient=sheet.label, source=str(sheet.path),
                               enabled=leaflets.matches(sheet, language)))  # fmt: skip
    if plan.follow_up is not None and plan.follow_up.date is not None and case.closing is None:
        items.append(PrintItem("invitation", enabled=False))
    return items


def follow_up_meeting(meeting: Meeting) -> Meeting:
    """The booked follow-up as a meeting to invite to (not stored): its date, time and place,
    the same participants and plan."""
    follow = meeting.plan.follow_up
    assert follow is not None
    return Meeting(
        kind=MeetingKind.FOLLOW_UP,
        date=follow.date,
        start_time=follow.time,
        place=follow.place,
        planned_minutes=meeting.planned_minutes,
        chair=follow.called_by or meeting.chair,
        participants=copy.deepcopy(meeting.participants),
        plan=meeting.plan,
        id=meeting.id,
    )


def document_for(
    case: Case,
    meeting: Meeting,
    item: PrintItem,
    preferences: dict[str, str] | None = None,
    include_place: bool = False,
) -> Document:
    """The document tree of one item, marked with whose copy it is."""
    if item.kind in ("original", "copy"):
        from sipdesk.export.document import plan_document

        doc = plan_document(
            case,
            meeting,
            preferences=preferences,
            for_copy=item.recipient if item.kind == "copy" else None,
        )
    elif item.kind == "own_copy":
        from sipdesk.export.easyread import easy_read_document

        doc = easy_read_document(case, meeting)
    elif item.kind in ("about_sip", "about_sip_easy"):
        from sipdesk.export.about_sip import about_sip_document

        doc = about_sip_document(case, meeting, easy=item.kind == "about_sip_easy",
                                 preferences=preferences)  # fmt: skip
    elif item.kind == "invitation":
        from sipdesk.export.api import closed_refusal
        from sipdesk.export.invitation import invitation_document

        refusal = closed_refusal(case, "invitation")
        if refusal is not None:
            raise refusal

        doc = invitation_document(
            case,
            follow_up_meeting(meeting),
            preferences=preferences,
            include_place=include_place,
        )
    else:
        raise ValueError(item.kind)
    return replace(doc, copy_mark=item.mark)


def file_name(doc: Document, item: PrintItem, index: int) -> str:
    """"01-sip-josef-berg-2026-10-12-v1-original.pdf": the set's order, and whose copy – the
    party's slug, never the protected person's name (the own copy is just "own-copy")."""
    if item.kind == "original":
        tail = _("original")
    elif item.kind == "copy":
        tail = _("copy") + "-" + slug(item.mark_party)
    elif item.kind == "own_copy":
        tail = _("own-copy")
    else:  # "Vad är SIP?" and the invitation: their stem names them
        tail = ""
    return "-".join(p for p in (f"{index:02d}", doc.file_stem, tail) if p) + ".pdf"


@dataclass
class PrintJob:
    """Everything a print needs, as plain data: safe to hand to a worker thread."""

    case: Case
    meeting: Meeting
    items: list[PrintItem]
    preferences: dict[str, str] = field(default_factory=dict)
    include_place: bool = False  # the follow-up invitation's place, for a protected identity

    @property
    def chosen(self) -> list[PrintItem]:
        return [i for i in self.items if i.enabled and i.copies > 0]

    def build(self) -> list[PrintedDocument]:
        """Render every chosen document once (copies of one item share the PDF), in set order."""
        from sipdesk.export import pdf

        out = []
        for index, item in enumerate(self.chosen, start=1):
            if item.kind == "leaflet":
                out.append(_leaflet(item, index))
                continue
            doc = document_for(self.case, self.meeting, item, self.preferences, self.include_place)
            try:
                rendered = pdf.render(doc)
            except pdf.UnprintableText as exc:
                from sipdesk.export.api import ExportError

                raise ExportError(str(exc)) from exc
            out.append(
                PrintedDocument(
                    item, rendered.pdf, rendered.pages, file_name(doc, item, index),
                    doc.fingerprint(),
                )
            )
        return out

    def file_names(self) -> list[str]:
        """The names `save` will write, without rendering (the document trees only)."""
        return [
            _leaflet_name(item, index)
            if item.kind == "leaflet"
            else file_name(
                document_for(self.case, self.meeting, item, self.preferences, self.include_place),
                item,
                index,
            )
            for index, item in enumerate(self.chosen, start=1)
        ]

    def save(
        self,
        folder: Path,
        documents: list[PrintedDocument] | None = None,
        overwrite: bool = False,
    ) -> list[Path]:
        """Write the set as PDFs into `folder` (atomic, 0600); a copy count above one is one
        file – print it that many times. Returns the paths, in order. An existing file is
        replaced only with `overwrite` (else `FileExists` before anything is written)."""
        from sipdesk.export.api import ExportError, refuse_existing
        from sipdesk.model.files import write_atomic

        folder = Path(folder).expanduser()
        if not folder.is_dir():
            raise ExportError(_("The folder {path} does not exist.").format(path=folder))
        documents = self.build() if documents is None else documents
        refuse_existing([folder / document.file_name for document in documents], overwrite)
        paths = []
        try:
            for document in documents:
                path = folder / document.file_name
                write_atomic(path, document.pdf)
                paths.append(path)
        except OSError as exc:
            raise ExportError(
                _("Could not write {path}: {detail}. Files already written: {n}.").format(
                    path=folder, detail=exc.strerror, n=len(paths)
                )
            ) from exc
        return paths

    def audit_detail(self, how: str) -> str:
        """"original+3 copies+own copy+invitation (printer)": counts only, never a name."""
        return audit_detail(self.chosen, how)

    def handout(self, how: str, on: dt.date | None = None) -> Handout:
        chosen = self.chosen
        return Handout(
            on=on or dt.date.today(),
            original=any(i.kind == "original" for i in chosen),
            recipients=[i.recipient for i in chosen if i.kind == "copy"],
            own_copy=any(i.kind == "own_copy" for i in chosen),
            invitation=any(i.kind == "invitation" for i in chosen),
            how=how,
        )


def _leaflet_name(item: PrintItem, index: int) -> str:
    """"09-arabiska-om-sip.pdf": the set's order, the language and the sheet's own name."""
    return f"{index:02d}-{slug(item.recipient.replace(': ', '-'))}.pdf"


def _leaflet(item: PrintItem, index: int) -> PrintedDocument:
    """An information sheet as the organisation made it (no copy mark, no fingerprint)."""
    from sipdesk.export import leaflets
    from sipdesk.export.api import ExportError

    try:
        data, pages = leaflets.read(item.source)
    except leaflets.LeafletError as exc:
        raise ExportError(str(exc)) from exc
    return PrintedDocument(item, data, pages, _leaflet_name(item, index), "")


def audit_detail(items: list[PrintItem], how: str) -> str:
    parts = []
    for kind, one, many in (
        ("original", "original", "originals"),
        ("copy", "copy", "copies"),
        ("own_copy", "own copy", "own copies"),
        ("about_sip", "what is sip", "what is sip"),
        ("about_sip_easy", "what is sip (easy)", "what is sip (easy)"),
        ("leaflet", "information sheet", "information sheets"),
        ("invitation", "invitation", "invitations"),
    ):
        n = sum(i.copies for i in items if i.kind == kind)
        if n:
            parts.append(one if n == 1 and kind != "copy" else f"{n} {one if n == 1 else many}")
    return "+".join(parts) + f" ({how})"


def record_handout(case: Case, meeting: Meeting, handout: Handout) -> None:
    """A model operation: note on the meeting who received a copy."""
    meeting.handouts.append(handout)


def describe(handout: Handout) -> str:
    """One line for the case view: "12 oktober 2026 (utskrivet): originalet; exemplar till BUP,
    Skolan; egen kopia". Names as written on the plan – the caller redacts for display."""
    what = []
    if handout.original:
        what.append(_("the original"))
    if handout.recipients:
        what.append(_("copies for {parties}").format(parties=", ".join(handout.recipients)))
    if handout.own_copy:
        what.append(_("the own copy"))
    if handout.invitation:
        what.append(_("the follow-up invitation"))
    how = _("sent to the printer") if handout.how == "printer" else _("saved as PDFs")
    from sipdesk import i18n

    return f"{i18n.format_date(handout.on)} ({how}): " + "; ".join(what)


def total_sheets(documents: list[PrintedDocument]) -> int:
    """Pages to print, copies counted."""
    return sum(d.pages * d.item.copies for d in documents)
