"""Runs the shared screen: which display, open/close, curtain, zoom, contrast, and keeping it fed.

The chair's workspace tells it what changed and what is being edited; it turns that into a
`LiveSnapshot` (pure, `sipdesk.model.live`) and hands it to the read-only window. Wiring:

    live = LiveScreenController(parent=workspace_window)
    live.set_case(case, meeting)                       # the objects the workspace edits
    controller.changed.connect(lambda _c: live.refresh())
    controller.focus_changed.connect(live.set_focus)
    live.set_circle_source(lambda now: LivePart(...))  # from circle_status(meeting, now)
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from sipdesk.i18n import _
from sipdesk.model.entities import Case, Meeting
from sipdesk.model.live import LivePart, LiveSnapshot, SnapshotCache, snapshot
from sipdesk.settings import Settings
from sipdesk.ui.live.screens import pick_screen
from sipdesk.ui.live.window import LiveWindow

log = logging.getLogger(__name__)

ZOOM_STEP = 1.15


class LiveScreenController(QObject):
    """Owns the participants' window and the chair's actions for it."""

    notice = Signal(str)  # something the chair should be told (one screen, display unplugged)
    opened_changed = Signal(bool)
    display_back = Signal()  # the display it waited for is back: an unplug notice is stale

    def __init__(
        self,
        parent: QObject | None = None,
        settings: Settings | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self.clock = clock or dt.datetime.now
        self.case: Case | None = None
        self.meeting: Meeting | None = None
        self.focus: object = None
        self.circle_source: Callable[[dt.datetime], LivePart | None] | None = None
        self.window: LiveWindow | None = None
        self.separate = False  # on a screen of its own (full screen) rather than in a window
        self.screen_name = ""  # the screen it is on now
        self._waiting_for = ""  # a lost display it goes back to when it returns
        self._pending = False
        self._cache = SnapshotCache()  # a keystroke re-makes the one goal it changed
        self._chair_focus: QWidget | None = None  # the chair's field when the screen last moved
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._on_tick)
        self._build_actions()
        app = QGuiApplication.instance()
        if app is not None:
            app.screenAdded.connect(self._screen_added_later)
            app.screenRemoved.connect(self.on_screen_removed)
            app.focusWindowChanged.connect(self._focus_window_changed)

    # Indirections for the tests' simulated screens.
    def screens(self) -> list:
        return list(QGuiApplication.screens())

    def primary(self):
        return QGuiApplication.primaryScreen()

    # --- actions -------------------------------------------------------------------------

    def _build_actions(self) -> None:
        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        self.open_action = QAction(_("&Shared screen"), parent or self, checkable=True)
        self.open_action.setShortcut(QKeySequence("F11"))
        self.open_action.setStatusTip(_("Show the plan on the room's screen for everyone"))
        self.open_action.toggled.connect(self._open_toggled)
        self.curtain_action = QAction(_("&Curtain (blank the shared screen)"), self, checkable=True)
        self.curtain_action.setShortcut(QKeySequence("Ctrl+B"))
        self.curtain_action.toggled.connect(self.set_curtain)
        self.zoom_in_action = QAction(_("Larger text on the shared screen"), self)
        self.zoom_in_action.setShortcut(QKeySequence("Ctrl++"))
        self.zoom_in_action.triggered.connect(lambda: self.set_zoom(self.zoom() * ZOOM_STEP))
        self.zoom_out_action = QAction(_("Smaller text on the shared screen"), self)
        self.zoom_out_action.setShortcut(QKeySequence("Ctrl+-"))
        self.zoom_out_action.triggered.connect(lambda: self.set_zoom(self.zoom() / ZOOM_STEP))
        self.zoom_reset_action = QAction(_("Normal text size on the shared screen"), self)
        self.zoom_reset_action.setShortcut(QKeySequence("Ctrl+0"))
        self.zoom_reset_action.triggered.connect(lambda: self.set_zoom(1.0))
        self.contrast_action = QAction(
            _("High contrast on the shared screen"), self, checkable=True
        )
        self.contrast_action.setChecked(bool(self.settings.get("live.high_contrast")))
        self.contrast_action.toggled.connect(self.set_high_contrast)
        for action in self.actions():
            action.setShortcutContext(Qt.ApplicationShortcut)

    def actions(self) -> list[QAction]:
        return [
            self.open_action,
            self.curtain_action,
            self.zoom_in_action,
            self.zoom_out_action,
            self.zoom_reset_action,
            self.contrast_action,
        ]

    def build_menu(self, parent: QWidget | None = None) -> QMenu:
        """A menu with every shared-screen action and a 'Display' submenu to pick the screen."""
        menu = QMenu(_("Shared &screen"), parent)
        menu.addAction(self.open_action)
        menu.addAction(self.curtain_action)
        menu.addSeparator()
        self.screen_menu = menu.addMenu(_("&Display"))
        self.screen_menu.aboutToShow.connect(self._fill_screen_menu)
        menu.addSeparator()
        for action in self.actions()[2:]:
            menu.addAction(action)
        return menu

    def _fill_screen_menu(self) -> None:
        menu = self.screen_menu
        menu.clear()
        group = QActionGroup(menu)
        preferred = self.settings.get("live.screen")
        primary = self.primary()
        auto = menu.addAction(_("Automatic (first screen other than this one)"))
        auto.setCheckable(True)
        auto.setChecked(not preferred)
        auto.triggered.connect(lambda: self.choose_screen(""))
        group.addAction(auto)
        for number, screen in enumerate(self.screens(), start=1):
            name = screen.name()
            size = screen.geometry()
            shown = name or _("Screen {n}").format(n=number)
            label = f"{shown} ({size.width()}×{size.height()})"
            if screen is primary:
                label += " – " + _("this computer's own screen")
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(bool(name) and name == preferred)
            action.setEnabled(bool(name))  # a display without a name cannot be remembered
            action.triggered.connect(lambda _c=False, n=name: self.choose_screen(n))
            group.addAction(action)

    # --- what the workspace calls ----------------------------------------------------------

    def set_case(self, case: Case | None, meeting: Meeting | None = None) -> None:
        """The case (and meeting, default its current one) to show; the objects the chair edits."""
        self.case = case
        self.meeting = meeting
        self.focus = None
        self._cache = SnapshotCache()
        if self.window is not None:
            self.window.view.reset_scroll()
        self.refresh()

    def set_focus(self, focus: object) -> None:
        """What is being edited, e.g. ("intervention", id); highlighted and kept in view."""
        self.focus = focus
        self.refresh()

    def set_circle_source(self, source: Callable[[dt.datetime], LivePart | None] | None) -> None:
        """A function giving the meeting-circle part at a moment; asked every second while open."""
        self.circle_source = source
        self.refresh()

    def refresh(self) -> None:
        """Redraw soon – before the next frame; several edits in one event-loop turn draw once."""
        if not self.is_open() or self._pending:
            return
        self._pending = True
        QTimer.singleShot(0, self.refresh_now)

    def refresh_now(self) -> LiveSnapshot | None:
        self._pending = False
        if self.window is None:
            return None
        snap = self.build_snapshot()
        if snap is not None:
            self.window.view.show_snapshot(snap)
        return snap

    def build_snapshot(self) -> LiveSnapshot | None:
        if self.case is None:
            return None
        now = self.clock()
        circle = self.circle_source(now) if self.circle_source else None
        return snapshot(self.case, self.meeting, now, self.focus, circle, self._cache)

    def _on_tick(self) -> None:
        if self.circle_source is not None:
            self.refresh()

    # --- open, close, curtain, zoom, contrast ---------------------------------------------

    def is_open(self) -> bool:
        return self.window is not None and self.window.isVisible()

    def _ensure_window(self) -> LiveWindow:
        if self.window is None:
            self.window = LiveWindow()
            self.window.addActions(self.actions())
            self.window.closed.connect(self._window_closed)
            view = self.window.view
            view.set_zoom(float(self.settings.get("live.zoom")))
            view.set_high_contrast(self.contrast_action.isChecked())
        return self.window

    def open(self) -> None:
        """Show the window on the chosen display, or in a window (and say why) with one screen."""
        window = self._ensure_window()
        screen, separate = pick_screen(self.screens(), self.primary(), self._preferred())
        self._place(screen, separate)
        self.refresh_now()
        self._tick.start()
        self.open_action.setChecked(True)
        if not separate:
            self.notice.emit(
                _(
                    "Only one screen is connected, so the shared screen opens as a window here. "
                    "Connect the projector or TV as an extended display – if the computer mirrors "
                    "its display, the room sees your own view, with everything you look up."
                )
            )
        self.opened_changed.emit(True)
        log.info("shared screen opened (separate display: %s)", separate)
        window.view.setFocusPolicy(Qt.NoFocus)

    def close(self) -> None:
        if self.window is not None and self.window.isVisible():
            self.window.hide()
        self._window_closed()

    def _window_closed(self) -> None:
        self._tick.stop()
        self._waiting_for = ""
        if self.open_action.isChecked():
            self.open_action.setChecked(False)
        self.opened_changed.emit(False)

    def _open_toggled(self, on: bool) -> None:
        if on and not self.is_open():
            self.open()
        elif not on and self.is_open():
            self.close()

    def set_curtain(self, on: bool) -> None:
        """Blank the room's screen at once (or show the plan again)."""
        if self.curtain_action.isChecked() != on:
            self.curtain_action.setChecked(on)  # re-enters through toggled
            return
        window = self._ensure_window()
        window.view.set_curtain(on)

    def curtain(self) -> bool:
        return self.curtain_action.isChecked()

    def zoom(self) -> float:
        return self.window.view.zoom if self.window else float(self.settings.get("live.zoom"))

    def set_zoom(self, zoom: float) -> None:
        view = self._ensure_window().view
        view.set_zoom(zoom)
        self.settings.set("live.zoom", round(view.zoom, 3))

    def set_high_contrast(self, on: bool) -> None:
        if self.contrast_action.isChecked() != on:
            self.contrast_action.setChecked(on)
            return
        self._ensure_window().view.set_high_contrast(on)
        self.settings.set("live.high_contrast", on)

    # --- screens ---------------------------------------------------------------------------

    def _preferred(self) -> str:
        return self._waiting_for or self.settings.get("live.screen")

    def choose_screen(self, name: str) -> None:
        """Remember this display (by its name, per machine) and move there if open."""
        self.settings.set("live.screen", name)
        self._waiting_for = ""
        if self.is_open():
            screen, separate = pick_screen(self.screens(), self.primary(), name)
            self._place(screen, separate)

    def chair_window(self) -> QWidget | None:
        """The chair's window (the parent), which keeps the keyboard whatever happens here."""
        parent = self.parent()
        return parent.window() if isinstance(parent, QWidget) else None

    def _hand_focus_back(self, focus: QWidget | None) -> None:
        """Give the keyboard back to the chair's window and the field it was in.

        `showFullScreen()` activates the window whatever `WA_ShowWithoutActivating` says
        (STACK-NOTES), and a window manager may activate it a moment later: hand the focus back
        now and once more after the window system has settled.
        """
        chair = self.chair_window()
        if chair is None or not chair.isVisible():
            return

        def back() -> None:
            if not chair.isVisible() or (self.window is not None and chair is self.window):
                return
            if QApplication.activeWindow() is not chair:
                chair.activateWindow()
            widget = focus if focus is not None and shiboken6.isValid(focus) else None
            if widget is not None and widget.isVisible() and widget.window() is chair:
                if QApplication.focusWidget() is not widget:
                    widget.setFocus(Qt.OtherFocusReason)

        back()
        QTimer.singleShot(0, back)
        QTimer.singleShot(250, back)

    def _focus_window_changed(self, focus_window) -> None:
        """Whenever the window system gives the shared screen the keyboard (full screen, a
        display plugged in, a click on it), give it straight back to the chair."""
        if self.window is None or focus_window is None or not shiboken6.isValid(self.window):
            return
        if focus_window is self.window.windowHandle():
            self._hand_focus_back(self._chair_focus)

    def _place(self, screen, separate: bool) -> None:
        focus = QApplication.focusWidget()
        chair = self.chair_window()
        if focus is not None and focus.window() is not chair:
            focus = None
        if focus is not None:
            self._chair_focus = focus
        try:
            self._place_window(screen, separate)
        finally:
            self._hand_focus_back(focus)

    def _place_window(self, screen, separate: bool) -> None:
        window = self._ensure_window()
        self.separate = separate
        self.screen_name = screen.name() if screen is not None else ""
        if window.isFullScreen():
            window.showNormal()
        if screen is None:
            window.show()
            return
        if separate:
            # setScreen alone leaves a full-screen window on the first screen (STACK-NOTES):
            # move to the target's corner first, then full screen there.
            window.move(screen.geometry().topLeft())
            window.setScreen(screen)
            # the whole display even where no window manager sizes full-screen windows (a bare
            # X session, a kiosk): a window manager that does, does the same
            window.setGeometry(screen.geometry())
            window.showFullScreen()
        else:
            window.setScreen(screen)
            area = screen.availableGeometry()
            width, height = int(area.width() * 0.6), int(area.height() * 0.6)
            window.setGeometry(
                area.x() + (area.width() - width) // 2,
                area.y() + (area.height() - height) // 2,
                width,
                height,
            )
            window.show()

    def on_screen_removed(self, screen) -> None:
        """The display went away: bring the window to a screen still there, as a window."""
        if not self.is_open() or screen.name() != self.screen_name:
            return
        left = [s for s in self.screens() if s is not screen]
        primary = self.primary()
        if primary is screen:
            primary = left[0] if left else None
        target, separate = pick_screen(left, primary, self.settings.get("live.screen"))
        if self.separate:
            self._waiting_for = screen.name()
        self._place(target, separate)
        log.info("shared screen's display removed; moved (separate display: %s)", separate)
        self.notice.emit(
            _(
                "The display for the shared screen was disconnected. The shared screen is shown "
                "in a window here until the display comes back."
            )
            if not separate
            else _("The display for the shared screen was disconnected; it moved to another one.")
        )

    def _screen_added_later(self, screen) -> None:
        # A display just plugged in may not have its final geometry yet; look again shortly,
        # by name, so a screen that vanished again in between is never touched.
        name = screen.name()

        def settle() -> None:
            found = next((s for s in self.screens() if s.name() == name), None)
            if found is not None:
                self.on_screen_added(found)

        QTimer.singleShot(400, settle)

    def on_screen_added(self, screen) -> None:
        """A display came (back): go there if it is the one wanted, or if we had none."""
        if not self.is_open():
            return
        wanted = self._preferred()
        if not self.separate or (wanted and screen.name() == wanted != self.screen_name):
            target, separate = pick_screen(self.screens(), self.primary(), wanted)
            if separate:
                self._waiting_for = ""
                self._place(target, separate)
                log.info("shared screen back on a display of its own")
                self.display_back.emit()
