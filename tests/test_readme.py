"""The README points only inside the repository and tells what it promises (issue 18, item 9)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_linked_or_named_file_is_in_the_repository():
    links = re.findall(r"\]\(([^)#]+)\)", README)
    named = re.findall(r"`((?:docs|tests|sipdesk|translations|\.ci|benchmarks|packaging)/[^`\s]+)`", README)
    missing = [p for p in links + named if not p.startswith("http") and not (ROOT / p).exists()]
    assert missing == []
    assert "../" not in README


def test_the_older_python_hint_matches_the_install_script():
    install = (ROOT / ".ci" / "install").read_text(encoding="utf-8")
    assert "PYTHON=python3.11 bash .ci/install" in README
    assert 'PY="${PYTHON:-python3}"' in install and "PYTHON=python3.11" in install


def test_the_readme_tells_how_to_reach_the_demo_and_how_to_uninstall():
    assert "demo --no-gui" in README and "--data-dir" in README
    assert "Uninstall" in README
