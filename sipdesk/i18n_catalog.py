"""A compiled catalog (.mo) whose messages are decoded when first asked for.

Python's GNUTranslations decodes all ≈1,600 messages of SipDesk's catalog when it is loaded –
≈4 ms of the window's start-up, which shows a few dozen of them. `LazyTranslations` is a
GNUTranslations all the same: the catalog's header (its charset, plural rule and metadata) is read
by GNUTranslations' own parser (`_parse` is its documented extension point), and `gettext`,
`ngettext` and the rest are its own. Only its `_catalog` differs: a dict that decodes a message
from the file's bytes the first time it is looked up, and keeps it. A file that is not an ordinary
little-endian catalog with its header first is read by the standard parser, whole.
"""

from __future__ import annotations

import gettext
import io
import struct
from operator import add


class _Messages(dict):
    """The catalog's messages: each decoded (and kept) the first time it is looked up, keyed as
    GNUTranslations keys them – the message, or (message, plural form) for a plural one."""

    def __init__(self, buf: bytes, index: dict, plurals: dict, charset: str) -> None:
        super().__init__()
        self._buf, self._index, self._plurals, self._charset = buf, index, plurals, charset

    def _decode(self, key):
        try:
            if isinstance(key, tuple):
                message, form = key
                span = self._plurals.get(message.encode(self._charset))
                if span is None:
                    raise KeyError(key)
                forms = self._buf[span[0] : span[0] + span[1]].split(b"\x00")
                if not 0 <= form < len(forms):
                    raise KeyError(key)
                value = str(forms[form], self._charset)
            else:
                span = self._index.get(key.encode(self._charset))
                if span is None:
                    raise KeyError(key)
                value = str(self._buf[span[0] : span[0] + span[1]], self._charset)
        except (AttributeError, TypeError, ValueError):  # not a message's key, or undecodable
            raise KeyError(key) from None
        dict.__setitem__(self, key, value)
        return value

    def __getitem__(self, key):
        try:
            return dict.__getitem__(self, key)
        except KeyError:
            return self._decode(key)

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key) -> bool:
        return self.get(key, self) is not self


class LazyTranslations(gettext.GNUTranslations):
    def _parse(self, fp) -> None:
        buf = fp.read()
        name = getattr(fp, "name", "")
        index = _index(buf, self.LE_MAGIC, self.VERSIONS)
        if index is None:  # another byte order, the header elsewhere, or damaged: the standard way
            whole = io.BytesIO(buf)
            whole.name = name
            super()._parse(whole)
            return
        spans, header, version = index
        # the header alone, read by GNUTranslations: charset, plural rule, metadata
        super()._parse(io.BytesIO(_header_only(header, version)))
        charset = self._charset or "ascii"
        plurals = {key.split(b"\x00", 1)[0]: span for key, span in spans.items() if b"\x00" in key}
        messages = _Messages(buf, spans, plurals, charset)
        for key, value in self._catalog.items():
            dict.__setitem__(messages, key, value)
        self._catalog = messages


def _index(buf: bytes, magic: int, versions: tuple) -> tuple[dict, bytes, int] | None:
    """{message's bytes: (offset, length) of its translation}, the header's text and the file's
    version – or None where the standard parser is to read the file."""
    if len(buf) < 20 or struct.unpack_from("<I", buf)[0] != magic:
        return None
    version, count, originals, translations = struct.unpack_from("<4I", buf, 4)
    if version >> 16 not in versions or count == 0:
        return None
    try:
        o = struct.unpack_from(f"<{2 * count}I", buf, originals)
        t = struct.unpack_from(f"<{2 * count}I", buf, translations)
    except struct.error:
        return None
    lengths, offsets = o[0::2], o[1::2]
    t_lengths, t_offsets = t[0::2], t[1::2]
    if lengths[0] != 0:  # the header (the empty message) is not first
        return None
    end = len(buf)
    if max(map(add, lengths, offsets)) >= end or max(map(add, t_lengths, t_offsets)) >= end:
        return None  # damaged: the standard parser says so
    keys = [buf[at : at + n] for n, at in zip(lengths, offsets, strict=True)]
    spans = dict(zip(keys, zip(t_offsets, t_lengths, strict=True), strict=True))
    header = buf[t_offsets[0] : t_offsets[0] + t_lengths[0]]
    return spans, header, version


def _header_only(header: bytes, version: int) -> bytes:
    """A catalog of the header alone (the empty message and its text)."""
    return (
        struct.pack(
            "<9I", gettext.GNUTranslations.LE_MAGIC, version, 1, 20, 28, 0, 36, len(header), 37
        )
        + b"\x00"
        + header
        + b"\x00"
    )
