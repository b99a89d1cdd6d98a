"""The everyday finish (issue 9): first start, the chair's details, About, recent cases, window
geometry, the user guide and the log folder from the Help menu."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from sipdesk import app as app_module
from sipdesk.export import identity
from sipdesk.model.store import open_store, store_exists
from sipdesk.model.store.keys import StoreMeta
from sipdesk.settings import Settings
from sipdesk.ui.everyday import about, guide, recent, welcome
from sipdesk.ui.everyday.chair import ChairDialog, read_chair
from sipdesk.ui.main_window import MainWindow


def _window(qtbot, store) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    return window


# --- first start -------------------------------------------------------------------------


def test_welcome_explains_folder_and_keyring(qtbot, data_dir):
    dialog = welcome.WelcomeDialog(data_dir, keyring=True)
    qtbot.addWidget(dialog)
    labels = " ".join(w.text() for w in dialog.findChildren(welcome.QLabel))
    assert str(data_dir) in labels
    assert "nyckelring" in labels.lower()
    assert "lösenfras" not in labels.lower()
    passphrase = welcome.WelcomeDialog(data_dir, keyring=False)
    qtbot.addWidget(passphrase)
    labels = " ".join(w.text() for w in passphrase.findChildren(welcome.QLabel))
    assert "lösenfras" in labels.lower()


def test_keyring_usable_follows_the_backend_and_the_passphrase_env(monkeypatch):
    assert welcome.keyring_usable()  # the tests' in-memory keyring
    monkeypatch.setenv("SIPDESK_PASSPHRASE", "x")
    assert not welcome.keyring_usable()


def test_welcome_needs_a_name_for_the_certificate(qtbot, data_dir, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    dialog = welcome.WelcomeDialog(data_dir, keyring=True)
    qtbot.addWidget(dialog)
    dialog.start_button.click()
    assert told and dialog.result() != QDialog.Accepted
    dialog.fields.name.setText("  Anna Berg ")
    dialog.fields.title.setText("SIP-samordnare")
    dialog.start_button.click()
    assert dialog.result() == QDialog.Accepted
    assert dialog.choice.chair["chair.name"] == "Anna Berg"
    assert dialog.choice.make_identity and not dialog.choice.demo


def test_first_start_saves_the_chair_and_makes_the_identity(qapp, data_dir, monkeypatch):
    def fake_exec(dialog):
        dialog.fields.name.setText("Anna Berg")
        dialog.fields.organisation.setText("Exempelby kommun")
        dialog.start_button.click()
        return dialog.result()

    monkeypatch.setattr(welcome.WelcomeDialog, "exec", fake_exec)
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)
    monkeypatch.setattr(MainWindow, "show", lambda self: None)
    monkeypatch.setattr(app_module.threading, "Thread", _NoThread)
    assert not store_exists(data_dir)
    assert app_module.run_gui(data_dir) == 0
    _close_all()
    store = open_store(data_dir)
    try:
        assert read_chair(store)["chair.name"] == "Anna Berg"
        ident = identity.load(store)
        assert ident is not None and "Anna Berg" in ident.subject
    finally:
        store.close()
    assert StoreMeta.load(data_dir).key_mode == "keyring"


def test_first_start_can_go_straight_to_the_demo(qapp, data_dir, monkeypatch):
    def fake_exec(dialog):
        dialog.demo_button.click()
        return dialog.result()

    rows = []
    monkeypatch.setattr(welcome.WelcomeDialog, "exec", fake_exec)
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)
    monkeypatch.setattr(MainWindow, "show", lambda self: rows.append(self.model.rowCount()))
    monkeypatch.setattr(app_module.threading, "Thread", _NoThread)
    assert app_module.run_gui(data_dir) == 0
    _close_all()
    assert rows == [5]
    assert store_exists(data_dir / "demo")
    assert not store_exists(data_dir)  # the real store is made only when the chair starts it


def test_cancelled_welcome_makes_nothing(qapp, data_dir, monkeypatch):
    monkeypatch.setattr(welcome.WelcomeDialog, "exec", lambda self: QDialog.Rejected)
    assert app_module.run_gui(data_dir) == 1
    assert not store_exists(data_dir)


def test_no_welcome_once_a_store_exists(qapp, store, data_dir, monkeypatch):
    store.close()
    shown = []
    monkeypatch.setattr(welcome.WelcomeDialog, "exec", lambda self: shown.append(1) or 0)
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)
    monkeypatch.setattr(MainWindow, "show", lambda self: None)
    monkeypatch.setattr(app_module.threading, "Thread", _NoThread)
    assert app_module.run_gui(data_dir) == 0
    _close_all()
    assert shown == []


class _NoThread:
    def __init__(self, target, **_kwargs) -> None:
        self.target = target

    def start(self) -> None:
        self.target()


def _close_all() -> None:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, MainWindow):
            w.close()


# --- the chair's details -----------------------------------------------------------------


def test_chair_dialog_stores_in_the_encrypted_store_not_the_settings(qtbot, store, monkeypatch):
    dialog = ChairDialog(store)
    qtbot.addWidget(dialog)
    dialog.fields.name.setText(" Anna Berg ")
    dialog.fields.title.setText("Socialsekreterare")
    dialog.fields.organisation.setText("Exempelby kommun")
    dialog.fields.phone.setText("018-727 00 00 ")  # the convener's contact in invitations
    dialog.make_identity.setChecked(False)
    dialog.accept()
    assert dialog.result() == QDialog.Accepted
    assert read_chair(store) == {
        "chair.name": "Anna Berg",
        "chair.title": "Socialsekreterare",
        "chair.organisation": "Exempelby kommun",
        "chair.phone": "018-727 00 00",
        "chair.email": "",
    }
    assert identity.load(store) is None
    settings = Settings()
    assert not settings.path.exists() or "Anna" not in settings.path.read_text("utf-8")


def test_chair_dialog_makes_the_identity_and_needs_a_name(qtbot, store, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dialog = ChairDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.make_identity.isChecked()
    dialog.accept()
    assert warned and dialog.result() != QDialog.Accepted
    dialog.fields.name.setText("Anna Berg")
    dialog.accept()
    assert "Anna Berg" in identity.load(store).subject
    again = ChairDialog(store)
    qtbot.addWidget(again)
    assert not again.make_identity.isVisibleTo(again)


@pytest.mark.parametrize(
    "name, said",
    [("Maria 𓀀 Ek", "U+13000"), ("Anna " + "Lindqvist-" * 7, "64")],
)
def test_a_chair_name_the_stamp_cannot_print_is_refused_naming_it(qtbot, store, monkeypatch,
                                                                  name, said):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dialog = ChairDialog(store)
    qtbot.addWidget(dialog)
    dialog.fields.name.setText(name)
    dialog.accept()
    assert warned and said in warned[0] and "ordförande" in warned[0].lower()
    assert dialog.result() != QDialog.Accepted and identity.load(store) is None


# --- About -------------------------------------------------------------------------------


def test_about_shows_version_and_licences(qtbot):
    from sipdesk import __version__

    dialog = about.AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    assert __version__ in text
    assert "Bitstream Vera" in text  # the DejaVu licence, read from resources/fonts
    assert "Noto Sans Arabic" in text and "SIL OPEN FONT LICENSE" in text  # the Noto fonts' OFL
    for name, version, _purpose, licence in about.library_rows():
        assert name in text and licence in text
        assert version != "–", f"{name} is listed but not installed"


def test_help_about_opens_the_licence_dialog(qtbot, store, monkeypatch):
    opened = []
    monkeypatch.setattr(about.AboutDialog, "exec", lambda self: opened.append(self) or 0)
    window = _window(qtbot, store)
    window.about_action.trigger()
    assert len(opened) == 1


# --- recent cases ------------------------------------------------------------------------


def test_recent_cases_remember_opened_cases_by_id_only(qtbot, demo_store):
    window = _window(qtbot, demo_store)
    rows = demo_store.list_cases()
    first, second = rows[0].id, rows[1].id
    window.open_case(first)
    window.close_workspace()
    window.select_case(second)  # a selection alone does not count
    assert recent.recent_ids(demo_store) == [first]
    window.open_case(second)
    window.close_workspace()
    assert recent.recent_ids(demo_store) == [second, first]
    assert json.loads(demo_store.get_preference(recent.PREF)) == [second, first]
    menu = window.everyday.recent_menu
    menu.fill()
    names = [a.text() for a in menu.actions()]
    assert names == [rows[1].display_name, rows[0].display_name]
    menu.actions()[1].trigger()
    assert window.pages.currentIndex() == 1 and window.controller.case_id == first


def test_recent_cases_drop_deleted_and_bad_values(qtbot, demo_store):
    window = _window(qtbot, demo_store)
    ids = [r.id for r in demo_store.list_cases()]
    demo_store.set_preference(recent.PREF, json.dumps([ids[0], 99999, "x", True]))
    menu = window.everyday.recent_menu
    assert [i for i, _name in menu.entries()] == [ids[0]]
    demo_store.set_preference(recent.PREF, "not json")
    menu.fill()
    assert [a.isEnabled() for a in menu.actions()] == [False]


def test_recent_list_is_bounded(store):
    for i in range(1, 20):
        recent.remember(store, i)
    assert recent.recent_ids(store) == list(range(19, 19 - recent.LIMIT, -1))


# --- window geometry ---------------------------------------------------------------------


def test_window_geometry_is_remembered(qtbot, store):
    window = _window(qtbot, store)
    window.show()
    window.resize(window.width(), 470)  # the offscreen screen is 800×600, the window ~800 wide at least
    window.close()
    saved = Settings().get("window.geometry")
    assert saved
    from sipdesk.model.store import open_store as reopen

    store2 = reopen(store.data_dir)
    again = _window(qtbot, store2)
    assert again.height() == 470  # not the default 760
    again.close()


def test_bad_saved_geometry_is_ignored(qtbot, store):
    Settings().set("window.geometry", "zz-not-hex")
    window = _window(qtbot, store)
    from sipdesk.ui.widgets.geometry import default_size

    expected = default_size(window.screen().availableGeometry())  # 1300×760 or the screen's less
    assert (window.width(), window.height()) == (expected.width(), expected.height())


# --- Help menu: guide and log ------------------------------------------------------------


def test_user_guide_opens_from_help_with_pictures(qtbot, store):
    window = _window(qtbot, store)
    window.everyday.guide_action.trigger()
    viewer = window.everyday.guide
    qtbot.addWidget(viewer)
    assert viewer.isVisible()
    text = viewer.browser.toPlainText()
    assert "Användarguide" in text and "lösenfras" in text
    assert viewer.browser.document().resource(3, QUrl("screenshots/guide-welcome.png")) is not None


def test_english_guide_for_english_interface():
    assert guide.guide_path("en").name == "user-guide-en.md"
    assert guide.guide_path("sv").name == "anvandarguide.md"
    assert guide.guide_path("de").name == "anvandarguide.md"


def test_guide_pictures_exist():
    import re

    for lang in ("sv", "en"):
        path = guide.guide_path(lang)
        images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", path.read_text("utf-8"))
        assert images, path
        for image in images:
            assert (path.parent / image).exists(), f"{path.name}: {image} missing"


def test_log_folder_opens_and_path_is_copied(qtbot, store, monkeypatch):
    from PySide6.QtGui import QDesktopServices, QGuiApplication

    from sipdesk import logs

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or False)
    window = _window(qtbot, store)
    window.everyday.log_folder_action.trigger()
    assert opened[0].toLocalFile() == str(logs.log_file().parent)
    # the desktop could not open it: the path is on the clipboard instead
    assert QGuiApplication.clipboard().text() == str(logs.log_file())


def test_help_menu_has_the_new_entries(qtbot, store):
    window = _window(qtbot, store)
    texts = [a.text() for a in window.help_menu.actions()]
    assert window.everyday.guide_action.text() in texts
    assert window.everyday.log_folder_action.text() in texts
    assert window.about_action.text() == texts[-1]


def test_guide_contents_links_reach_their_headings(qtbot):
    import re

    viewer = guide.GuideWindow(path=guide.guide_path("sv"))
    qtbot.addWidget(viewer)
    text = guide.guide_path("sv").read_text("utf-8")
    links = re.findall(r"\]\(#([^)]+)\)", text)
    assert len(links) >= 10
    anchors = guide.add_heading_anchors(viewer.browser.document())
    for link in links:
        assert link in anchors, link


def test_guide_scales_wide_pictures_to_the_window(qtbot):
    from PySide6.QtGui import QTextDocument

    viewer = guide.GuideWindow(path=guide.guide_path("sv"))
    qtbot.addWidget(viewer)
    document = viewer.browser.document()
    widths = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                image = fmt.toImageFormat()
                natural = document.resource(QTextDocument.ImageResource, QUrl(image.name())).width()
                widths.append(image.width() or natural)
            it += 1
        block = block.next()
    assert widths and max(widths) <= guide.IMAGE_WIDTH
    assert guide.slug("Kontrollera en PDF du har fått") == "kontrollera-en-pdf-du-har-fått"


def test_empty_list_says_what_to_do(qtbot, store):
    window = _window(qtbot, store)
    window.show()
    assert window.empty.isVisible()
    assert "Ctrl+N" in window.empty.text() and "F1" in window.empty.text()
    assert not window.windowIcon().isNull()


def test_start_is_logged_for_support_without_the_store_path(qtbot, store, caplog):
    import logging

    from sipdesk import __version__

    with caplog.at_level(logging.INFO, logger="sipdesk"):
        _window(qtbot, store)
    lines = [r.getMessage() for r in caplog.records if "started" in r.getMessage()]
    assert lines and __version__ in lines[0]
    assert str(store.data_dir) not in " ".join(r.getMessage() for r in caplog.records)


def test_enter_after_the_name_starts_with_own_cases_not_the_demo(qtbot, data_dir, monkeypatch):
    from PySide6.QtCore import Qt

    dialog = welcome.WelcomeDialog(data_dir, keyring=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields.name.setFocus()
    qtbot.keyClicks(dialog.fields.name, "Anna Berg")
    qtbot.keyClick(dialog.fields.name, Qt.Key_Return)
    assert dialog.result() == QDialog.Accepted
    assert not dialog.choice.demo and dialog.choice.chair["chair.name"] == "Anna Berg"
    assert not dialog.demo_button.autoDefault() and dialog.start_button.isDefault()


def test_help_try_the_demo_starts_sipdesks_own_demo_command(qtbot, store, monkeypatch):
    from PySide6.QtCore import QProcess

    started = []
    monkeypatch.setattr(QProcess, "startDetached", lambda prog, args: started.append([prog, *args]) or (True, 1))
    window = _window(qtbot, store)
    window.everyday.demo_action.trigger()
    assert started and started[0][-1] == "demo"
