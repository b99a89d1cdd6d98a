"""Build the one-folder bundle (dist/SipDesk/) with PyInstaller, then check that it starts.

    .venv/bin/pip install -e '.[bundle]'        # PyInstaller: a build-time tool only
    .venv/bin/python packaging/build.py           # build + check
    .venv/bin/python packaging/build.py --check   # only check an existing dist/SipDesk

Steps: compile the translations (.po → .mo), render the icons if missing, write the Windows
version resource, run packaging/sipdesk.spec, and start the result from another folder with an
empty environment (no Python packages reachable): `--version`, the demo, which exits once
its window is shown (SIPDESK_EXIT_WHEN_SHOWN=1, offscreen), `list`, a signed plan PDF and the
person's own copy, and `verify` of the signed PDF.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist" / "SipDesk"


def compile_translations() -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted((ROOT / "translations").glob("*/LC_MESSAGES/sipdesk.po")):
        lang = po.parts[-3]
        with po.open("rb") as fp:
            catalog = read_po(fp, locale=lang, domain="sipdesk")
        with po.with_suffix(".mo").open("wb") as fp:
            write_mo(fp, catalog, use_fuzzy=False)
        print(f"compiled {po.relative_to(ROOT)}")


def ensure_icons() -> None:
    icons = ROOT / "resources" / "icons"
    if not (icons / "sipdesk.ico").exists() or not (icons / "sipdesk.png").exists():
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        subprocess.run([sys.executable, str(icons / "make_icons.py")], check=True, env=env)


def write_windows_version() -> None:
    """The version resource Windows shows in the file's properties (and signing tools read)."""
    sys.path.insert(0, str(ROOT))
    from sipdesk import __version__

    parts = [int(p) for p in __version__.split(".")[:3] if p.isdigit()] + [0, 0, 0]
    nums = ", ".join(str(n) for n in parts[:4])
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers=({nums}), prodvers=({nums})),
  kids=[
    StringFileInfo([StringTable('041D04B0', [
      StringStruct('CompanyName', 'SipDesk'),
      StringStruct('FileDescription', 'SipDesk – verktyg för SIP-möten'),
      StringStruct('FileVersion', '{__version__}'),
      StringStruct('ProductName', 'SipDesk'),
      StringStruct('ProductVersion', '{__version__}'),
      StringStruct('LegalCopyright', 'GPL-3.0-or-later')])]),
    VarFileInfo([VarStruct('Translation', [1053, 1200])])
  ]
)
"""
    (ROOT / "packaging" / "windows-version.txt").write_text(text, "utf-8")


def build() -> None:
    compile_translations()
    ensure_icons()
    if sys.platform == "win32":
        write_windows_version()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
         "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"),
         str(ROOT / "packaging" / "sipdesk.spec")],
        check=True,
        cwd=ROOT,
    )


def clean_env(home: Path) -> dict[str, str]:
    """Nothing from this machine's Python: no PYTHONPATH, no venv, a fresh HOME."""
    env = {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin" if os.name == "posix" else os.environ.get("SystemRoot", ""),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
        "SIPDESK_HOME": str(home / "data"),
        "SIPDESK_CONFIG": str(home / "settings.json"),
        "SIPDESK_PASSPHRASE": "bundle check only",  # no keyring in a bare environment
    }
    if os.name == "nt":
        env["SystemRoot"] = os.environ.get("SystemRoot", r"C:\Windows")
    return env


NEEDED = [  # files the running bundle reads; each missing one is a broken feature
    "translations/sv/LC_MESSAGES/sipdesk.mo",
    "resources/fonts/DejaVuSans.ttf",
    "resources/fonts/LICENSE-DejaVu.txt",
    "resources/demo/1-josef.json",
    "resources/icons/sipdesk.svg",
    "sipdesk/model/plan.schema.json",
    "sipdesk/model/store/migrations/env.py",
    "docs/anvandarguide.md",
    "docs/screenshots/guide-welcome.png",
]


def check() -> int:
    if not DIST.exists():
        print(f"no bundle at {DIST}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="sipdesk-bundle-") as tmp:
        # a copy far from the checkout: nothing can come from the source tree or the venv
        bundle = Path(tmp) / "SipDesk"
        shutil.copytree(DIST, bundle, symlinks=True)
        inside = bundle / "_internal"
        missing = [name for name in NEEDED if not (inside / name).exists()]
        if missing:
            print(f"missing in the bundle: {missing}", file=sys.stderr)
            return 1
        exe = bundle / ("sipdesk-cli.exe" if sys.platform == "win32" else "SipDesk")
        home = Path(tmp) / "home"
        home.mkdir()
        env = clean_env(home)
        out = subprocess.run(
            [str(exe), "--version"], cwd=home, env=env, capture_output=True, text=True, timeout=60
        )
        print(f"--version: rc={out.returncode} {out.stdout.strip()} {out.stderr.strip()}")
        if out.returncode != 0 or "SipDesk" not in out.stdout:
            return 1
        t0 = time.perf_counter()
        demo = subprocess.run(
            [str(exe), "demo"], cwd=home, env={**env, "SIPDESK_EXIT_WHEN_SHOWN": "1"},
            capture_output=True, text=True, timeout=120,
        )
        took = time.perf_counter() - t0
        print(f"demo start: rc={demo.returncode} in {took:.1f} s {demo.stderr.strip()[-400:]}")
        if demo.returncode != 0:
            return 1
        listed = subprocess.run(
            [str(exe), "list"], cwd=home, env=env, capture_output=True, text=True, timeout=60
        )
        rows = [line for line in listed.stdout.splitlines() if line.strip()]
        print(f"list: rc={listed.returncode}, {len(rows)} cases in the demo store")
        if listed.returncode != 0 or len(rows) != 5:
            return 1
        # the PDF stack: ReportLab with the bundled fonts, Babel's Swedish dates, pyHanko
        case_id = rows[0].split()[0]
        pdf = home / "plan.pdf"
        steps = [
            ["export", case_id, "--format", "pdf", "--sign", "--out", str(pdf)],
            ["export", case_id, "--format", "easy-read", "--out", str(home / "my-plan.pdf")],
            ["verify", str(pdf)],
        ]
        for step in steps:
            done = subprocess.run(
                [str(exe), *step], cwd=home, env=env, capture_output=True, text=True, timeout=120
            )
            print(f"{' '.join(step[:1] + step[2:4])}: rc={done.returncode}")
            if done.returncode != 0:
                print(done.stdout + done.stderr, file=sys.stderr)
                return 1
    size = sum(p.stat().st_size for p in DIST.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"bundle_size {size / 1e6:.0f} MB")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="only check dist/SipDesk")
    args = parser.parse_args()
    if not args.check:
        build()
    return check()


if __name__ == "__main__":
    raise SystemExit(main())
