"""No plaintext left behind (issue 20): a write killed between writing its temporary file and
renaming it into place leaves a hidden `.sipdesk-*.part` holding the whole plan; the next write
to that folder removes it, and the export says so."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sipdesk.export import api
from sipdesk.model import files, planfile
from tests.export.helpers import demo_case

ROOT = Path(__file__).resolve().parents[2]


def _killed_export(folder: Path) -> Path:
    """Run a real plan export in a child process and SIGKILL it just before the rename."""
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from sipdesk.model import planfile
        from tests.export.helpers import demo_case
        os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
        planfile.write(demo_case("5-skyddad"), Path({str(folder)!r}) / "plan.json")
        """
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, check=False)
    assert done.returncode == -9  # killed, as by the OS or a power button held down
    (part,) = folder.glob(".sipdesk-*.part")
    return part


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_killed_export_leaves_the_whole_plan_hidden(tmp_path):
    part = _killed_export(tmp_path)
    assert b"19850610-9811" in part.read_bytes()  # why it matters: personnummer in plain text
    assert not (tmp_path / "plan.json").exists()


def test_the_next_export_removes_the_leftover_and_says_so(tmp_path):
    part = _killed_export(tmp_path)
    _age(part, 60)
    case = demo_case("5-skyddad")
    job = api.ExportJob("json", case, case.current_meeting, api.ExportOptions())
    result = job.run(tmp_path / "again.json")
    assert not part.exists() and result.leftovers == 1
    assert list(tmp_path.glob(".sipdesk-*")) == []
    assert planfile.read(tmp_path / "again.json").person.personnummer == "19850610-9811"


def test_any_atomic_write_removes_leftovers_but_never_a_write_under_way(tmp_path):
    old = tmp_path / ".sipdesk-old1234.part"
    old.write_bytes(b"19850610-9811")
    _age(old, files.STALE_AFTER_SECONDS + 1)
    fresh = tmp_path / ".sipdesk-new5678.part"  # another window's export, still being written
    fresh.write_bytes(b"...")
    other = tmp_path / ".sipdesk-notes.txt"  # not ours
    other.write_bytes(b"x")
    target = tmp_path / "elsewhere"
    target.mkdir()
    link = tmp_path / ".sipdesk-link.part"
    link.symlink_to(target)
    _age(link, 60)
    files.write_atomic(tmp_path / "plan.pdf", b"%PDF")
    assert not old.exists() and fresh.exists() and other.exists() and link.is_symlink()
    assert target.is_dir()


def test_cli_tells_the_chair(tmp_path, capsys, data_dir):
    from sipdesk import cli
    from tests.conftest import DEMO

    assert cli.main(["import", str(DEMO / "1-josef.json")]) == 0
    leftover = tmp_path / ".sipdesk-abcd.part"
    leftover.write_bytes(b"plan")
    _age(leftover, 60)
    capsys.readouterr()
    code = cli.main(["export", "1", "--format", "invitation", "--out", str(tmp_path)])
    assert code == 0 and not leftover.exists()
    assert "tillfällig" in capsys.readouterr().err
