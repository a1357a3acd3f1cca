"""The README's national comparison answers on the demo: every programme, sorted as asked, with
funds, results, assessments and continuation, and national figures with their definitions."""

from __future__ import annotations

import re
from pathlib import Path

from omstilling.demo import seed
from omstilling.runtime import Runtime
from tests.e2e.conftest import People

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_comparison_query() -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### National comparison: every demo programme") :]
    return re.findall(r"```graphql\n(.*?)```", section, flags=re.S)[0]


def test_the_readme_comparison_shows_differences_between_the_demo_programmes(
    runtime: Runtime, people: People
) -> None:
    seed(runtime)
    data = people.national_analyst().query(readme_comparison_query())["nationalComparison"]
    rows = data["rows"]
    assert len(rows) == 8
    assert len({r["supervisingCounty"]["number"] for r in rows}) == 8
    per_inhabitant = [r["totals"]["perInhabitant"]["spent"]["amount"] for r in rows]
    known = [p["formatted"] for p in per_inhabitant if p is not None]
    assert len(set(known)) >= 5  # programmes differ, and the sort put the largest first
    assert per_inhabitant[0] is not None
    assert sum(1 for r in rows if r["results"] and r["results"]["attainment"] is not None) >= 2
    assert sum(1 for r in rows if r["assessmentScores"]) >= 2
    assert sum(1 for r in rows if r["continuation"] and r["continuation"]["startedOn"]) >= 1
    assert data["nationalFigures"]["programmes"] == 8
    assert {d["key"] for d in data["definitions"]} >= {"spent", "per_inhabitant", "attainment"}
