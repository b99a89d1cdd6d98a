"""Fonts registered when first needed (issue 19), by two exports at once (a worker thread of the
export or the printing and the window): a fallback font is offered only once its whole family
(regular, bold, the family's mapping) is there – else a bold paragraph's Arabic or Thai came out
in the regular weight – and each font file is parsed once (a second chain parsed them again)."""

from __future__ import annotations

import threading
import time

import pytest
from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase import pdfmetrics

from sipdesk.export import fontchain as tl


@pytest.fixture
def fresh_chain(monkeypatch):
    """No font registered yet, as in a new process (the registrations are counted by name)."""
    monkeypatch.setattr(tl, "_chain", None)
    tl.font_for.cache_clear()
    registered: list[str] = []
    real = pdfmetrics.registerFont

    def counting(font):
        registered.append(font.fontName)
        return real(font)

    monkeypatch.setattr(pdfmetrics, "registerFont", counting)
    yield registered
    tl.font_for.cache_clear()


def _together(*jobs):
    errors: list[BaseException] = []

    def run(job):
        try:
            job()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not any(t.is_alive() for t in threads)
    return errors


def test_two_first_exports_at_once_register_each_font_once(fresh_chain, monkeypatch):
    second_started = threading.Event()
    real = pdfmetrics.registerFont

    def slow_first(font):
        if threading.current_thread().name == "first" and font.fontName == tl.FONT:
            second_started.wait(5)
            time.sleep(0.3)  # the second export comes in while the main font is registered
        return real(font)

    monkeypatch.setattr(pdfmetrics, "registerFont", slow_first)

    def first():
        tl.font_for("ش")

    def second():
        second_started.set()
        tl.font_for("ش", bold=True)

    t = threading.Thread(target=first, name="first")
    t.start()
    assert _together(second) == []
    t.join(30)
    names = fresh_chain
    assert sorted(set(names)) == sorted(names), names  # none twice
    assert tl.font_for("ش") == "SipDeskArabic" and tl.font_for("ش", bold=True) == "SipDeskArabic-Bold"


@pytest.mark.parametrize(
    ("text", "family"),
    [("شكرا", "SipDeskArabic"), ("ไทย", "SipDeskThai"), ("😀😃", "SipDeskEmoji")],
    ids=["arabic", "thai", "emoji"],
)
def test_a_fallback_font_is_offered_only_with_its_whole_family(
    fresh_chain, monkeypatch, text, family
):
    """A second export asking for a script's font while the first is registering it waits until
    its bold weight and the family mapping (a bold paragraph's <font face>) are there."""
    tl.register_fonts()
    inside, asked = threading.Event(), threading.Event()
    real = pdfmetrics.registerFontFamily

    def slow_family(name, *args, **kwargs):
        # (not the call registerFont makes itself, with the name alone)
        if threading.current_thread().name == "first" and name == family and kwargs:
            inside.set()
            asked.wait(1)  # the second export asks now (it must wait for this family)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(pdfmetrics, "registerFontFamily", slow_family)
    seen: list[object] = []

    def first():
        tl.font_for(text[0])

    def second():
        inside.wait(5)
        found = tl.font_for(text[-1])
        asked.set()
        seen.append(found)
        # the face a paragraph's <font face="…"> names works in a bold paragraph at once
        seen.append(tt2ps(found.removesuffix("-Bold"), 1, 0))

    t = threading.Thread(target=first, name="first")
    t.start()
    errors = _together(second)
    t.join(30)
    assert errors == []
    assert seen[0] == family
    # a bold paragraph's run in this script in the bold weight (not the regular one, which
    # ReportLab maps the family's bold to until the family is registered)
    assert seen[1] == (family if family in tl._SINGLE_WEIGHT else family + "-Bold")
