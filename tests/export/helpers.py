"""Shared helpers for the export tests: demo cases, PDF text per page, a 200-row plan."""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

from sipdesk.model import planfile
from sipdesk.model.entities import Case, Goal, Intervention, Responsible
from sipdesk.model.enums import Principal

# not imported from conftest: benchmarks/export_bench.py uses big_case() without pytest
DEMO = Path(__file__).resolve().parent.parent.parent / "resources" / "demo"


def demo_case(stem: str) -> Case:
    return planfile.read(next(DEMO.glob(f"{stem}*.json")))


def pdf_pages_text(data: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, as poppler's pdftotext reads it (what a reader would copy)."""
    path = tmp_path / "probe.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )
    out = []
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        out.append(text)
    return out


def pdf_text(data: bytes, tmp_path: Path) -> str:
    """The whole text with runs of spaces folded, so wrapped table cells can be searched."""
    path = tmp_path / "probe.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def squash(text: str) -> str:
    return " ".join(text.split())


def big_case(rows: int = 200) -> Case:
    """Josef's case with a plan of `rows` intervention rows (two per goal)."""
    case = demo_case("1-josef")
    plan = case.current_meeting.plan
    template = plan.goals[0]
    plan.goals = []
    for i in range(rows // 2):
        goal = copy.deepcopy(template)
        goal.id = f"g{i:04d}"
        goal.text = f"Delmål nummer {i:03d}: föräldrarna vet vad som gäller i vardagen"
        goal.interventions = [
            Intervention(
                what=f"Insats R{i:03d}{k} med en beskrivning som tar en rad eller två END-R{i:03d}{k}",
                principal=Principal.REGION if k == "a" else Principal.KOMMUN,
                responsible=[Responsible("Karin Holm")],
                time_plan="1 gång per månad, omprövas om tre månader",
                id=f"i{i:04d}{k}",
            )
            for k in "ab"
        ]
        plan.goals.append(goal)
    assert sum(len(g.interventions) for g in plan.goals) == rows
    return case


def goal_of(case: Case, index: int) -> Goal:
    return case.current_meeting.plan.goals[index]


class MemoryPreferences:
    """Just enough of a Store for `identity` (making and reading the chair's signing identity):
    preferences in memory, no keyring, no database."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.values: dict[str, str] = {}

    def get_preference(self, key: str, default: str = "") -> str:
        return self.values.get(key, default)

    def set_preference(self, key: str, value: str) -> None:
        self.values[key] = value
