"""Render the user guide's own pictures (guide-*.png) into docs/screenshots/:

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/guide_screenshots.py

The first-run welcome, the chair's name dialog, the File, Case and Help menus, a signed plan's
last page with the stamp (pdftoppm) and its check, About, and the guide itself – from the demo cases in a
throw-away store in a temporary folder; nothing is written anywhere else. `make_all.py` runs
this together with the other screenshot scripts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
CHAIR = {
    "chair.name": "Anna Berg",
    "chair.title": "SIP-samordnare",
    "chair.organisation": "Exempelby kommun, socialtjänsten",
}


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    tmp = tempfile.TemporaryDirectory(prefix="sipdesk-guide-")
    base = Path(tmp.name)
    os.environ["SIPDESK_PASSPHRASE"] = "screenshots only"
    os.environ["SIPDESK_CONFIG"] = str(base / "settings.json")
    os.environ.setdefault("SIPDESK_LANG", "sv")

    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication, QMessageBox

    from sipdesk import i18n
    from sipdesk.app import install_translators
    from sipdesk.export import api
    from sipdesk.export.verify import report, verify_file
    from sipdesk.model import cases
    from sipdesk.model.store import open_store
    from sipdesk.ui.everyday import about, recent
    from sipdesk.ui.everyday.chair import ChairDialog, save_chair
    from sipdesk.ui.everyday.guide import GuideWindow
    from sipdesk.ui.everyday.welcome import WelcomeDialog
    from sipdesk.ui.main_window import MainWindow

    i18n.set_language(os.environ["SIPDESK_LANG"])
    app = QApplication.instance() or QApplication([])
    install_translators(app)

    def save(widget, name: str) -> None:
        for _ in range(3):
            app.processEvents()
        path = OUT / f"{name}.png"
        widget.grab().save(str(path), "PNG", 0)
        print(path.relative_to(ROOT))

    # the data folder as it is on Windows, so the guide shows what most chairs see
    welcome = WelcomeDialog(Path(r"C:\Users\anna\AppData\Local\SipDesk"), keyring=True)
    welcome.resize(640, welcome.sizeHint().height())
    welcome.show()
    save(welcome, "guide-welcome")
    welcome.close()
    without = WelcomeDialog(Path(r"C:\Users\anna\AppData\Local\SipDesk"), keyring=False)
    without.resize(640, without.sizeHint().height())
    without.show()
    save(without, "guide-welcome-passphrase")
    without.close()

    store = open_store(base / "data")
    cases.seed_demo(store, ROOT / "resources" / "demo")
    save_chair(store, CHAIR)
    chair = ChairDialog(store)
    chair.resize(560, chair.sizeHint().height())
    chair.show()
    save(chair, "guide-chair")
    chair.close()

    window = MainWindow(store)
    window.resize(1366, 768)
    window.show()
    josef = next(r.id for r in store.list_cases("Josef"))
    for row in store.list_cases()[:3]:
        recent.remember(store, row.id)
    recent.remember(store, josef)
    window.select_case(josef)

    def menu_shot(menu, name: str, submenu=None) -> None:
        menu.popup(window.mapToGlobal(QPoint(10, 30)))
        if submenu is not None:
            submenu.popup(window.mapToGlobal(QPoint(10 + menu.width(), 30)))
        for _ in range(3):
            app.processEvents()
        save(menu, name)
        if submenu is not None:
            save(submenu, name + "-recent")
            submenu.hide()
        menu.hide()

    menu_shot(window.file_menu, "guide-file-menu", window.everyday.recent_menu)
    menu_shot(window.case_menu, "guide-case-menu")
    menu_shot(window.help_menu, "guide-help-menu")

    # a signed plan, its last page as the receiver sees it, and the check of it
    # signed by the demo meeting's own chair, so the plan's header and its participants agree
    save_chair(store, {key: "" for key in CHAIR})
    pdf = base / "plan-josef.pdf"
    result = api.export_case(store, josef, "pdf", pdf, api.ExportOptions(sign=True))
    last = str(result.pages or 1)  # the page with the signature stamp
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", last, "-l", last, "-singlefile", str(pdf),
             str(OUT / "guide-signed-plan")],
            check=True,
        )
        print((OUT / "guide-signed-plan.png").relative_to(ROOT))
    box = QMessageBox(
        QMessageBox.Information, i18n._("Verify a signed PDF"), report(verify_file(pdf)),
        parent=window,
    )
    box.show()
    save(box, "guide-verify")
    box.close()

    dialog = about.AboutDialog(window)
    dialog.show()
    save(dialog, "guide-about")
    dialog.close()

    viewer = GuideWindow(window)
    viewer.show()
    save(viewer, "guide-viewer")
    viewer.close()

    window.close()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
