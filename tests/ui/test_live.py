"""The participants' window: what it draws, the curtain, highlight, zoom, contrast, one screen."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor

from benchmarks.live_bench import big_case
from sipdesk.model import planfile
from sipdesk.model.entities import Intervention, Responsible
from sipdesk.model.live import LivePart, snapshot
from sipdesk.settings import Settings
from sipdesk.ui.live.controller import LiveScreenController
from sipdesk.ui.live.screens import pick_screen
from sipdesk.ui.main_window import MainWindow
from tests import strategies
from tests.conftest import DEMO, also_suppress

NOW = dt.datetime(2026, 10, 20, 13, 30)


def load(name: str):
    return planfile.read(DEMO / f"{name}.json")


@pytest.fixture
def live(qtbot):
    controller = LiveScreenController(clock=lambda: NOW)
    notices: list[str] = []
    controller.notice.connect(notices.append)
    controller.notices = notices
    yield controller
    if controller.window is not None:
        controller.window.close()
        controller.window.deleteLater()


def colours(image, step: int = 23) -> set[int]:
    return {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


def test_view_draws_the_plan(view):
    case = load("3-kasim")
    view.show_snapshot(snapshot(case, None, NOW, circle=LivePart("Behov", 600, "Sammanfattning")))
    text = view.rendered_text()
    for expected in (
        "Behov",
        "10 minuter kvar",
        "Nästa: Sammanfattning",
        "Mål 1",
        "Psykiatrisk bedömning",
    ):
        assert expected in text
    assert len(colours(view.grab().toImage())) > 3  # really painted, not a blank


def test_protected_case_renders_no_protected_value(view):
    case = load("5-skyddad")
    plan = case.current_plan
    plan.goals[0].text = "Amira Haddad sover bättre"
    plan.goals[0].interventions.append(
        Intervention("Hembesök på Storgatan 12", responsible=[Responsible("Amira")])
    )
    for focus in (None, ("field", "own_view"), ("field", "follow_up")):
        view.show_snapshot(snapshot(case, None, NOW, focus=focus, circle=LivePart("Behov", 5)))
        text = view.rendered_text()
        assert "Klient K-17" in text
        for secret in ("Amira", "Haddad", "19850610", "Storgatan", "073-900", "018-", "Åsgatan"):
            assert secret not in text
        for consent in case.consents:
            assert consent.scope not in text and consent.excluded_info not in text
        assert "Skyddad mötesplats" not in text


def test_edited_row_is_highlighted_and_brought_into_view(view):
    case = big_case()
    last = case.current_plan.goals[-1].interventions[-1]
    view.show_snapshot(snapshot(case, None, NOW, focus=("intervention", last.id)))
    rect = view.visible_rect_of(f"intervention:{last.id}")
    assert rect is not None and view.scroll > 0
    assert rect.top() >= view._band_h and rect.bottom() <= view.height()
    # the highlight colour is drawn where the row is
    image = view.grab().toImage()
    y = int(rect.center().y())
    assert QColor(image.pixel(view.width() // 2, y)) == QColor("#fff1a8")
    first = case.current_plan.goals[0].interventions[0]
    view.show_snapshot(snapshot(case, None, NOW, focus=("intervention", first.id)))
    rect = view.visible_rect_of(f"intervention:{first.id}")
    assert rect.top() >= view._band_h and rect.bottom() <= view.height()


def test_type_scales_with_the_screen_and_the_zoom(view):
    unit_small = view.unit()
    view.resize(1920, 1080)
    assert view.unit() == pytest.approx(45.0)  # 1080 / 24: large type on a full-HD screen
    assert view.unit() > unit_small
    view.set_zoom(1.5)
    assert view.unit() == pytest.approx(67.5)
    view.set_zoom(10)
    assert view.zoom == 2.5


def test_curtain_blanks_everything_at_once_and_lifts_again(live, qtbot):
    live.set_case(load("5-skyddad"))
    live.open()
    view = live.window.view
    assert "Klient K-17" in view.rendered_text()
    live.curtain_action.trigger()  # the chair's one action
    assert view.curtain and live.curtain()
    assert view.rendered_text() == "Skärmen är pausad"
    image = view.grab().toImage()
    calm = QColor("#dfe5e8").rgb()
    # away from the small centred word, every sampled pixel is the calm colour
    sampled = {
        image.pixel(x, y)
        for x in range(0, image.width(), 17)
        for y in range(0, image.height(), 17)
        if abs(y - image.height() / 2) > 60
    }
    assert sampled == {calm}
    # edits while the curtain is down stay hidden
    live.case.current_plan.own_view = "Ny text"
    live.refresh_now()
    assert view.rendered_text() == "Skärmen är pausad"
    live.curtain_action.trigger()
    assert not view.curtain and "Ny text" in view.rendered_text()


def test_high_contrast_is_remembered(live):
    live.set_case(load("3-kasim"))
    live.open()
    live.contrast_action.trigger()
    image = live.window.view.grab().toImage()
    assert QColor(image.pixel(5, image.height() - 5)) == QColor("#000000")
    assert Settings().get("live.high_contrast") is True
    live.zoom_in_action.trigger()
    assert Settings().get("live.zoom") == pytest.approx(1.15)
    other = LiveScreenController()
    assert other.contrast_action.isChecked() and other.zoom() == pytest.approx(1.15)


def test_one_screen_opens_a_window_and_tells_the_chair_about_mirroring(live):
    live.set_case(load("3-kasim"))
    live.open_action.trigger()
    window = live.window
    assert window.isVisible() and not window.isFullScreen() and not live.separate
    assert window.testAttribute(Qt.WA_ShowWithoutActivating)  # the chair keeps the keyboard
    assert live.notices and "speglar" in live.notices[0]
    live.open_action.trigger()
    assert not window.isVisible()


def test_edits_follow_through_refresh_and_focus(live, qtbot):
    case = load("3-kasim")
    live.set_case(case)
    live.open()
    view = live.window.view
    item = case.current_plan.goals[0].interventions[0]
    item.what = "Psykiatrisk bedömning och uppföljning"
    live.set_focus(("intervention", item.id))
    live.refresh()  # several signals in one turn of the event loop: drawn once, soon
    qtbot.waitUntil(lambda: "och uppföljning" in view.rendered_text())
    assert view.snapshot().focus_key == f"intervention:{item.id}"


def test_time_left_ticks_from_the_circle_source(live, qtbot):
    clock = [NOW]
    live.clock = lambda: clock[0]
    start = NOW + dt.timedelta(minutes=20)
    live.set_circle_source(
        lambda now: LivePart("Behov", int((start - now).total_seconds()), "Sammanfattning")
    )
    live.set_case(load("3-kasim"))
    live.open()
    assert "20 minuter kvar" in live.window.view.rendered_text()
    clock[0] = NOW + dt.timedelta(minutes=25)
    live._on_tick()
    qtbot.waitUntil(lambda: "5 minuter över tiden" in live.window.view.rendered_text())


class FakeScreen:
    def __init__(self, name: str, at: tuple[int, int] | None = None) -> None:
        self._name = name
        self._at = at or (hash(name) % 10_000, 0)

    def name(self) -> str:
        return self._name

    def geometry(self) -> tuple[int, int]:
        return self._at


def test_pick_screen_rules():
    laptop, beamer, tv = FakeScreen("eDP-1"), FakeScreen("HDMI-1"), FakeScreen("DP-2")
    assert pick_screen([laptop], laptop) == (laptop, False)
    assert pick_screen([laptop, beamer, tv], laptop) == (beamer, True)
    assert pick_screen([laptop, beamer, tv], laptop, "DP-2") == (tv, True)
    assert pick_screen([laptop, beamer], laptop, "gone") == (beamer, True)
    assert pick_screen([laptop, beamer], laptop, "eDP-1") == (laptop, False)
    assert pick_screen([], None) == (None, False)
    # a mirrored output covers the same area as the chair's screen: not a screen of its own
    mirror = FakeScreen("HDMI-2", laptop.geometry())
    assert pick_screen([laptop, mirror], laptop) == (laptop, False)
    assert pick_screen([laptop, mirror], laptop, "HDMI-2") == (mirror, False)


def test_main_window_shared_screen_shows_only_the_open_case(qtbot, demo_store, monkeypatch):
    window = MainWindow(demo_store)
    qtbot.addWidget(window)
    window.show()
    live = window.live_screen
    titles = [a.text() for a in window.view_menu.actions()]
    assert "Delad &skärm" in titles
    case_id = next(r.id for r in demo_store.list_cases("K-17"))
    window.select_case(case_id)
    live.open_action.trigger()
    try:
        # a case chosen in the list is not open: no plan on the wall
        text = live.window.view.rendered_text()
        assert "K-17" not in text and "Amira" not in text
        assert "Bara en skärm" in window.statusBar().currentMessage()
        # opening it brings it up under the curtain; the chair lifts it
        window.open_case(case_id)
        assert live.curtain() and "RIDÅ" in window.room_indicator.text()
        live.set_curtain(False)
        text = live.refresh_now() and live.window.view.rendered_text()
        assert "Klient K-17" in text and "Amira" not in text
        assert "shown on shared screen" in [e.action for e in demo_store.audit_log(case_id)]
        # closing the case takes its plan off the wall
        window.close_workspace()
        assert "K-17" not in live.window.view.rendered_text()
    finally:
        live.close()
        live.window.deleteLater()


@settings(
    max_examples=15, suppress_health_check=also_suppress(HealthCheck.function_scoped_fixture)
)
@given(case=strategies.cases(), zoom=st.floats(0.5, 2.5), contrast=st.booleans())
def test_any_case_draws_without_error(view, case, zoom, contrast):
    view.set_zoom(zoom)
    view.set_high_contrast(contrast)
    view.show_snapshot(snapshot(case, None, NOW, circle=LivePart("Behov", -3600, "")))
    view.repaint()
    assert snapshot(case, None, NOW).title in view.rendered_text()


class FakeQtScreen(FakeScreen):
    def geometry(self) -> QRect:
        return QRect(self._at[0], 0, 1920, 1080)


def test_the_chair_picks_the_display_from_the_menu(live):
    laptop, beamer = FakeQtScreen("eDP-1", (0, 0)), FakeQtScreen("HDMI-1", (1920, 0))
    live.screens = lambda: [laptop, beamer]
    live.primary = lambda: laptop
    menu = live.build_menu()
    live._fill_screen_menu()
    entries = [a for a in live.screen_menu.actions() if a.isCheckable()]
    assert [a.text() for a in entries] == [
        "Automatiskt (första skärmen utöver datorns egen)",
        "eDP-1 (1920×1080) – datorns egen skärm",
        "HDMI-1 (1920×1080)",
    ]
    assert [a.isChecked() for a in entries] == [True, False, False]
    entries[2].trigger()
    assert Settings().get("live.screen") == "HDMI-1"
    live._fill_screen_menu()
    assert [a.isChecked() for a in live.screen_menu.actions() if a.isCheckable()] == [
        False,
        False,
        True,
    ]
    menu.deleteLater()
