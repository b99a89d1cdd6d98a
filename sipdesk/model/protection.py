"""Protected identity (skyddade personuppgifter): one masking for everything that leaves the
chair's own eyes – the shared screen, every document, the print marks, file names, the calendar
file and the audit trail.

Masking is by meaning, not by spelling. Every text is first *folded* – compatibility-decomposed
(NFKD, so full-width digits and ligatures meet their plain forms), combining marks dropped (a name
pasted as base letters plus combining rings meets its composed form, and "Asa" meets "Åsa"),
case-folded, every Unicode dash made "-", every space " ", every decimal digit ASCII, invisible
format characters (soft hyphen, zero-width space) dropped – and matched on that folded copy; an
index map gives each match back its span in the text as typed, so everything unmasked stays
exactly as it was written.

What a `Redactor` recognises:
- the person's name, whole and every part of a double or hyphenated name, in any case and with
  a genitive s – shown as the pseudonym;
- protected words and phrases (address as street, street and number, postcode, town and any of
  them together; school; relatives' names, towns and contacts; the chair's own list of protected
  words) with any separators between their words – masked as "[—]";
- stored numbers (personnummer, phones) in any grouping, with or without +46/0046 and the
  leading zero, with or without the century;
- personnummer-, phone- and e-mail-shaped text even when nothing is stored.

See SECURITY.md ("What is masked, and its limits") for what it cannot do.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sipdesk.model.entities import Person

if TYPE_CHECKING:
    from sipdesk.model.entities import Case

MASK = "[—]"

# --- folding ------------------------------------------------------------------------------------

_EXTRA_DASHES = frozenset("\u2212\u2043\u02d7\u2796\ufe63\uff0d\u00ad")
_ASCII_SPACE = str.maketrans("\t\n\r\x0b\x0c", "     ")


@functools.lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    cat = unicodedata.category(ch)
    if cat == "Cf" or cat in ("Mn", "Me"):
        return ""  # soft hyphen, zero-width space, joiners, combining marks
    if cat in ("Zs", "Zl", "Zp") or ch in "\t\n\r\x0b\x0c\x85":
        return " "
    if cat == "Pd" or ch in _EXTRA_DASHES:
        return "-"
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return str(digit)
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", ch).casefold())
    out = []
    for c in decomposed:
        if unicodedata.combining(c) or unicodedata.category(c) == "Cf":
            continue
        if c.isspace():
            out.append(" ")
        elif unicodedata.category(c) == "Pd" or c in _EXTRA_DASHES:
            out.append("-")
        else:
            d = unicodedata.decimal(c, None)
            out.append(str(d) if d is not None else c)
    return "".join(out)


def fold(text: str) -> tuple[str, list[int], list[int]]:
    """`text` folded for matching, with each folded character's span (start, end) in `text`."""
    if text.isascii():
        folded = text.lower().translate(_ASCII_SPACE)
        return folded, list(range(len(text))), list(range(1, len(text) + 1))
    pieces = [_fold_char(ch) for ch in text]
    joined = "".join(pieces)
    if len(joined) == len(text) and "" not in pieces:  # one character for one: the usual case
        return joined, list(range(len(text))), list(range(1, len(text) + 1))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        out = _fold_char(ch)
        if not out:
            if ends:
                ends[-1] = i + 1  # a combining mark belongs to the letter before it
            continue
        for c in out:
            chars.append(c)
            starts.append(i)
            ends.append(i + 1)
    return "".join(chars), starts, ends


def folded(text: str) -> str:
    """Only the folded text (for comparisons)."""
    return fold(text)[0]


# --- patterns -----------------------------------------------------------------------------------

_NEEDLES: dict[str, tuple[str, str]] = {}  # pattern -> ("t", word) or ("d", digits) it needs
_DIGIT = re.compile(r"\d")
_NON_DIGIT = re.compile(r"\D+")
_SEP = r"[\s\-+./()]*"  # what may stand between the digits of a number as people write it
_WORD_SEP = r"[^\w]{0,3}"  # what may stand between the words of a name or an address
_POSTCODE = re.compile(r"(?<!\d)(?:se-?\s*)?(\d{3})\s?(\d{2})(?!\d)")
_GENERIC = frozenset(
    "skola skolan skolor förskola förskolan forskola forskolan grundskola grundskolan "
    "gymnasium gymnasiet gymnasieskola gymnasieskolan särskola sarskola school the och and "
    "lgh c/o co gatan vägen vagen gata väg vag".split()
)


def _numbered(pattern: str, digits: str) -> str:
    """Register that `pattern` cannot match unless `digits` stand together once every non-digit
    is taken out of the text (a cheap test before the regex)."""
    _NEEDLES[pattern] = ("d", digits)
    return pattern


def _digits_pattern(digits: str) -> str:
    return _SEP.join(digits)


def _phrase_pattern(value: str) -> str | None:
    """A word or phrase, folded, with any short run of separators between its words."""
    words = re.findall(r"\w+", folded(value))
    if not words or sum(len(w) for w in words) < 2:
        return None
    first = re.escape(words[0])
    rest = "".join(_WORD_SEP + re.escape(w) for w in words[1:])
    # the literal first, the boundary after it: Python's re then scans for the literal quickly
    pattern = rf"{first}(?<!\w{first}){rest}(s)?(?!\w)"
    _NEEDLES[pattern] = ("t", words[0])  # no match without it: a cheap test before the regex
    return pattern


def _phone_pattern(value: str) -> str | None:
    """A stored phone number in every way it is written: grouping, +46/0046, leading zero."""
    text = folded(value).strip()
    digits = re.sub(r"\D", "", text)
    if text.startswith(("+", "00")):
        if text.startswith("00"):
            digits = digits[2:]
        if digits.startswith("46"):
            national = digits[2:].removeprefix("0")
        else:  # a foreign number: its digits, with or without + or 00
            if len(digits) < 6:
                return None
            return _numbered(rf"(?<!\d)(?:(?:\+|00){_SEP})?{_digits_pattern(digits)}(?!\d)", digits)
    else:
        national = digits.removeprefix("0")
    if len(national) < 5:
        return None  # a stub like "12" is no number to hunt for (it would blank dates)
    prefix = rf"(?:(?:(?:\+|00){_SEP})?46{_SEP}(?:0{_SEP})?|0{_SEP})?"
    return _numbered(rf"(?<!\d){prefix}{_digits_pattern(national)}(?!\d)", national)


def _pnr_patterns(canonical: str, birth_date_too: bool) -> list[str]:
    digits = re.sub(r"\D", "", folded(canonical))
    if len(digits) != 12:
        return []
    century, rest = digits[:2], digits[2:]
    out = [_numbered(rf"(?<!\d)(?:{century}{_SEP})?{_digits_pattern(rest)}(?!\d)", rest)]
    if birth_date_too:
        yy, mm, dd = rest[:2], rest[2:4], int(rest[4:6])
        day = f"{dd - 60 if dd > 60 else dd:02d}"
        born = yy + mm + day
        out.append(_numbered(rf"(?<!\d)(?:{century}{_SEP})?{_digits_pattern(born)}(?!\d)", born))
        if 1 <= int(mm) <= 12 and 1 <= int(day) <= 31:
            out.append(_birth_date_in_words(century, yy, int(mm), int(day)))
    return out


# month names as people write them (folded: lower case, no diacritics), Swedish and English
_MONTHS = (
    ("januari", "january", "jan"), ("februari", "february", "feb"), ("mars", "march", "mar"),
    ("april", "apr"), ("maj", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
    ("augusti", "august", "aug"), ("september", "sept", "sep"), ("oktober", "october", "okt",
    "oct"), ("november", "nov"), ("december", "dec"),
)  # fmt: skip


def _birth_date_in_words(century: str, yy: str, month: int, day: int) -> str:
    """The birth date however else it is written – the month in words ("10 juni 1985",
    "10:e juni -85", "June 10th, 1985", "1985, 10 juni", "10-juni-1985", "10 juni år 1985") or
    in digits without leading zeros or in another order ("10.6.1985", "10/6-85", "6/10/1985",
    "1985-6-10") – as a protected person's birth date must be masked however it is typed.

    The year is required, and a two-digit year only after a mark ("-85", "'85") or inside a
    date of digits: a day and month alone are also every year's meeting dates, and "10 juni
    15.00" is a time, not a child born 2015."""
    names = "|".join(sorted(_MONTHS[month - 1], key=len, reverse=True))
    mon = rf"(?:{names})\.?"
    d = rf"0?{day}(?:\s?(?::?[ae]|st|nd|rd|th))?\.?"
    year = rf"(?:(?:år|ar|year)\s+)?(?:{century}{yy}|['’-]\s?{yy})(?!\d|[.:]\d)"
    gap = r"[\s,\-]*"
    words = (
        rf"{d}{gap}(?:de\s+|of\s+)?{mon}{gap}{year}"  # 10 juni 1985, 10th of June 1985
        rf"|{mon}{gap}{d}{gap}{year}"  # June 10th, 1985
        rf"|{century}{yy}{gap}{d}{gap}{mon}(?!\w)"  # 1985, 10 juni
    )
    sep = r"(?:\s*[./\-]\s*|\s+)"  # between the numbers of a date
    mark = r"\s*[./\-]\s*"  # a two-digit year needs a real separator
    dd, mm = rf"0?{day}", rf"0?{month}"
    digits = (
        rf"{dd}{sep}{mm}(?:{sep}{century}{yy}|{mark}{yy})"  # 10.6.1985, 10/6-85
        rf"|{mm}/{dd}/(?:{century})?{yy}"  # 6/10/1985
        rf"|(?:{century}{yy}{sep}|{yy}{mark}){mm}{sep}{dd}"  # 1985-6-10, 85-6-10
    )
    return _numbered(rf"(?<![\d.])(?:{words}|{digits})(?![\d])", yy)


# Shapes recognised even when nothing is stored.
_PNR_SHAPE = r"(?<![\d])(?:\d{2}\s?)?\d{6}\s*[-+]?\s*\d{4}(?![\d])"
_EMAIL_SHAPE = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# a phone starts after a word's end too ("Tel.070…", "tel./070…"), never inside a decimal or
# a time's minutes ("00:00 01.01.2026" is no +0 number)
_PHONE_SHAPE = re.compile(r"(?<![\w+\-:])(?<!\d[.,])(?:\+|00|\(?0)[\d \-/().]{5,24}\d(?![\d])")


# what a phone shape must not take: a date ("05.11.2026", "5/11-26") or a time or time range
# ("08.30-10.00", "08:30 – 10:00") – the plan is full of them
_DATE_SHAPE = re.compile(
    r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"
    r"|\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?"
)
# a time (08.30) or a day and month (05.11) written with a dot: where one stands in a run of
# numbers the dots are a date's or a time's, not a phone's grouping ("10.00 12.00 18.00")
_DOTTED_TIME = re.compile(r"(?<![\d.])(?:[01]?\d|2[0-3])\.[0-5]\d(?![\d])")


def _joinable(text: str, last: list[int], start: int, kind: int) -> bool:
    """Overlapping spans join; so do neighbours of one kind with only spaces or dashes between
    ("Anna-Karin" is one pseudonym, not two)."""
    if start < last[1]:
        return True
    return (kind == 0) == (last[2] == 0) and not text[last[1] : start].strip(" -")


def _phone_length(candidate: str) -> int:
    """How much of `candidate` (from its start) is one phone number: the longest run of its digit
    groups with a phone's count of digits; 0 when none is. Numbers typed side by side ("070-123
    45 67 121212 1212") are taken apart this way instead of being refused as one."""
    intl = candidate.startswith(("+", "00"))
    low, high = (8, 15) if intl else (8, 11)
    ends = [m.end() for m in re.finditer(r"\d+\)?", candidate)]
    for end in reversed(ends):
        part = candidate[:end]
        count = sum(c.isdigit() for c in part)
        if low <= count <= high and not _DATE_SHAPE.fullmatch(part.strip()):
            return end
    return 0


def _phone_shapes(text: str) -> Iterable[tuple[int, int]]:
    pos = 0
    while (m := _PHONE_SHAPE.search(text, pos)) is not None:
        candidate = m.group()
        if "." in candidate and (dotted := _DOTTED_TIME.search(candidate)):
            # a date's or a time's dots, unless what stands before is a phone's first groups
            before = candidate[: dotted.start()]
            if not _DIGIT.search(before) or _phone_length(before):
                candidate = before
        length = _phone_length(candidate)
        if length:
            yield m.start(), m.start() + length
            pos = m.start() + length
        else:
            pos = m.start() + 1  # a number may start inside what did not fit ("02 22 (070-…")


@functools.lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# --- the redactor -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Redactor:
    """Replaces protected values in text; passes text through unchanged when not `active`.

    `names`: patterns (over folded text) of the person's own name, shown as the pseudonym;
    `masks`: patterns of every other protected value, shown as "[—]"; `shapes`: also mask
    personnummer-, phone- and e-mail-shaped text that matches nothing stored.
    """

    active: bool
    pseudonym: str = ""
    names: tuple[str, ...] = ()
    masks: tuple[str, ...] = ()
    shapes: bool = True

    @classmethod
    def for_person(cls, person: Person) -> Redactor:
        """The chair's and the documents' redactor: active for a protected identity only."""
        if not person.protected_identity:
            return cls(False, "")
        rules = _Rules()
        rules.person(person, protected=True)
        return rules.redactor(person.pseudonym or "—")

    @classmethod
    def for_case(cls, case: Case) -> Redactor:
        """`for_person` plus what the case adds: for a protected identity every meeting and
        follow-up place, relatives among the participants, and everyone's contact details."""
        person = case.person
        if not person.protected_identity:
            return cls(False, "")
        rules = _Rules()
        rules.person(person, protected=True)
        rules.case(case, protected=True)
        return rules.redactor(person.pseudonym or "—")

    @classmethod
    def outgoing(cls, case: Case) -> Redactor:
        """For what travels or is shown to the room – the shared screen, print marks, the
        calendar file: `for_case` for a protected identity; for every other case the rules for
        all cases – personnummer, the person's address and phone, everyone's phone and e-mail,
        and any personnummer-, phone- or e-mail-shaped text."""
        person = case.person
        if person.protected_identity:
            return cls.for_case(case)
        rules = _Rules()
        rules.person(person, protected=False)
        rules.case(case, protected=False)
        return rules.redactor("", names=False)

    def spans(self, value: str) -> list[tuple[int, int, int]]:
        """The spans of `value` to replace, merged and in order, as (start, end, kind): kind 0 is
        masked, 1 is the person's name, 2 the name with a genitive s."""
        text, starts, ends = fold(value)
        digits = _DIGIT.search(text) is not None
        only_digits = _NON_DIGIT.sub("", text) if digits else ""
        found: list[tuple[int, int, int]] = []

        def wanted(pattern: str) -> bool:
            kind, needle = _NEEDLES.get(pattern, ("", ""))  # unregistered: always tried
            if kind == "t":
                return needle in text
            return kind == "" or (digits and needle in only_digits)

        for pattern in self.names:
            if wanted(pattern):
                for m in _compiled(pattern).finditer(text):
                    if m.end() > m.start():
                        found.append((m.start(), m.end(), 2 if m.group(1) else 1))
        for pattern in self.masks:
            if wanted(pattern):
                found += [(*m.span(), 0) for m in _compiled(pattern).finditer(text) if m.group()]
        if self.shapes:
            if digits:
                found += [(*m.span(), 0) for m in _compiled(_PNR_SHAPE).finditer(text)]
                found += [(a, b, 0) for a, b in _phone_shapes(text)]
            if "@" in text:
                found += [(*m.span(), 0) for m in _compiled(_EMAIL_SHAPE).finditer(text)]
        if not found:
            return []
        found.sort(key=lambda f: (f[0], -f[1]))  # at one start, the longest match first
        merged: list[list[int]] = []
        for a, b, kind in found:
            if merged and a <= merged[-1][1] + 3 and _joinable(text, merged[-1], a, kind):
                last = merged[-1]
                if b <= last[1]:
                    continue  # inside a longer match, which decides ("Anna Haddad" is the name)
                if kind == 0 or last[2] == 0:
                    last[2] = 0
                elif b >= last[1]:
                    last[2] = kind  # the genitive s belongs to the match that ends last
                last[1] = max(last[1], b)
            else:
                merged.append([a, b, kind])
        return [(starts[a], ends[b - 1], kind) for a, b, kind in merged]

    def text(self, value: str) -> str:
        """`value` with every protected value replaced, the rest exactly as typed."""
        if not self.active or not value:
            return value
        spans = self.spans(value)
        if not spans:
            return value
        out: list[str] = []
        pos = 0
        for a, b, kind in spans:
            out.append(value[pos:a])
            out.append(MASK if kind == 0 else self.pseudonym + (":s" if kind == 2 else ""))
            pos = b
        out.append(value[pos:])
        return "".join(out)


class _Rules:
    """Collects the patterns of one case's protected values."""

    def __init__(self) -> None:
        self.names: dict[str, int] = {}
        self.masks: dict[str, int] = {}

    def redactor(self, pseudonym: str, names: bool = True) -> Redactor:
        def ordered(d: dict[str, int]) -> tuple[str, ...]:
            return tuple(p for p, _n in sorted(d.items(), key=lambda kv: (-kv[1], kv[0])))

        return Redactor(True, pseudonym, ordered(self.names) if names else (), ordered(self.masks))

    def name(self, value: str) -> None:
        """A person's name: whole, and each part of a double or hyphenated name."""
        if not value or not value.strip():
            return
        self._add(self.names, _phrase_pattern(value), value)
        for part in re.split(r"[\s\-]+", folded(value)):
            if len(part.strip()) >= 2:
                self._add(self.names, _phrase_pattern(part), part)

    def mask_name(self, value: str) -> None:
        """Someone else's name (a relative's): whole and by parts, masked."""
        if not value or not value.strip():
            return
        self.phrase(value)
        for part in re.split(r"[\s\-]+", folded(value)):
            if len(part.strip()) >= 2:
                self.phrase(part)

    def phrase(self, value: str) -> None:
        self._add(self.masks, _phrase_pattern(value), value)

    def phone(self, value: str) -> None:
        for one in re.split(r"[,;\n]|\beller\b|\bor\b", value or ""):
            self._add(self.masks, _phone_pattern(one), one)

    def contact(self, value: str) -> None:
        """A phone number or an e-mail address (or both, comma-separated)."""
        for one in re.split(r"[,;\n]", value or ""):
            if "@" in folded(one):
                self.phrase(one.strip())
            else:
                self.phone(one)

    def address(self, value: str, protected: bool) -> None:
        """Street, street and number, postcode, town – separately and together. The town alone
        only for a protected identity: for others it is too common a word to blank out."""
        text = (value or "").strip()
        if not text:
            return
        self.phrase(text)
        segments = [s.strip() for s in re.split(r"[,;\n]", text) if s.strip()]
        for i, segment in enumerate(segments):
            self._address_segment(segment, protected, first=i == 0)

    def _address_segment(self, segment: str, protected: bool, first: bool) -> None:
        fold_seg = folded(segment)
        m = _POSTCODE.search(fold_seg)
        if m:
            code = m.group(1) + m.group(2)
            pattern = _numbered(rf"(?<!\d)(?:se-?\s*)?{_digits_pattern(code)}(?!\d)", code)
            self._add(self.masks, pattern, code)
            before, after = fold_seg[: m.start()].strip(" ,"), fold_seg[m.end() :].strip(" ,")
            if after:
                self._add(
                    self.masks, _phrase_pattern(code[:3] + " " + code[3:] + " " + after), after
                )
                if protected:
                    self.phrase(after)
            if before:
                self._street(before)
            return
        if first or re.search(r"\d", fold_seg):
            self._street(fold_seg)
        elif protected:
            self.phrase(fold_seg)  # a town or a district on a line of its own

    def _street(self, street: str) -> None:
        self.phrase(street)
        name = re.split(r"\s*\d", street, maxsplit=1)[0].strip()
        if len(name) >= 3 and name not in _GENERIC:
            self.phrase(name)

    def place(self, value: str) -> None:
        """A meeting place: whole, by its comma-separated parts, and as an address."""
        text = (value or "").strip()
        if not text:
            return
        self.phrase(text)
        for part in re.split(r"[,:;()\n]", text):
            if len(part.strip()) >= 4:
                self.phrase(part.strip())
        self.address(text, protected=True)

    def school(self, value: str) -> None:
        if not value or not value.strip():
            return
        self.phrase(value)
        for word in re.findall(r"\w+", folded(value)):
            if len(word) >= 4 and word not in _GENERIC:
                self.phrase(word)

    def person(self, person: Person, protected: bool) -> None:
        if person.personnummer:
            for p in _pnr_patterns(person.personnummer, birth_date_too=protected):
                self._add(self.masks, p, "x" * 12)
        self.phone(person.phone)
        self.address(person.address, protected)
        for relative in getattr(person, "relatives", []):
            self.contact(relative.contact)
            if protected:
                self.mask_name(relative.name)
                self.phrase(relative.town)
        if protected:
            self.name(person.name)
            self.school(person.school)
            for word in getattr(person, "protected_words", []):
                self.mask_name(word)

    def case(self, case: Case, protected: bool) -> None:
        from sipdesk.model import participation

        for meeting in case.meetings:
            for p in meeting.participants:
                self.contact(p.phone)
                if p.email.strip():
                    self.phrase(p.email.strip())
                # anyone who is not staff: a relative, a representative, a support person
                if protected and participation.role_of(p) not in (
                    participation.ParticipantRole.PROFESSIONAL,
                    participation.ParticipantRole.PERSON,
                ):
                    self.mask_name(p.name)
            if protected:
                self.place(meeting.place)
                self.place(meeting.plan.contact_place)
                if meeting.plan.follow_up is not None:
                    self.place(meeting.plan.follow_up.place)

    def _add(self, table: dict[str, int], pattern: str | None, value: str) -> None:
        if pattern is not None:
            table[pattern] = max(table.get(pattern, 0), len(value))


def mask_shapes(value: str) -> str:
    """Personnummer-, phone- and e-mail-shaped text masked, with no stored values (for logs and
    the audit trail)."""
    return _SHAPES.text(value)


_SHAPES = Redactor(True)
