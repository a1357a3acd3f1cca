"""The README's funds queries answer as it says on the demo: the grants across the reform, the
chain behind a figure, Finnmark's audit finding the one deviation, and the export files."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import openpyxl
from fastapi.testclient import TestClient

from omstilling.demo import seed
from omstilling.runtime import Runtime
from tests.e2e.conftest import People

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_funds_queries() -> list[str]:
    """The GraphQL blocks of the README's restructuring-funds section."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("Restructuring funds: Båtsfjord") :]
    section = section[: section.index("Money is returned as")]
    return re.findall(r"```graphql\n(.*?)```", section, flags=re.S)[0].split("\n\n")


def test_the_readme_funds_queries_answer_on_the_demo(
    runtime: Runtime, people: People, http: TestClient
) -> None:
    ids = seed(runtime)
    batsfjord = next(v for k, v in ids.items() if "tsfjord" in k.lower())
    programme_query, audit_query, national_query = readme_funds_queries()
    auditor = people.county_officer("56")
    analyst = people.national_analyst()

    data = auditor.query(programme_query, id=str(batsfjord))
    assert [(g["year"], g["countyNumber"]) for g in data["grants"]][:3] == [
        (2023, "54"),
        (2024, "56"),
        (2025, "56"),
    ]
    chain = data["fundChain"]
    assert chain["movements"] and chain["total"]["formatted"].startswith("kr ")
    moved = [m for m in chain["movements"] if m["kindNb"] == "Omdisponering"]
    assert len(moved) == 2 and all(m["decision"]["body"] == "OMSTILLINGSSTYRET" for m in moved)

    report = analyst.query(audit_query)["countyAuditReport"]
    assert [d["kind"] for d in report["deviations"]] == ["REALLOCATION_BEFORE_BOARD_DECISION"]
    assert "før styret vedtok det" in report["deviations"][0]["descriptionNb"]

    totals = analyst.query(national_query)["nationalFundTotals"]
    assert {(t["county"]["number"], t["year"]) for t in totals} >= {
        ("54", 2023),
        ("56", 2024),
        ("18", 2024),
    }

    workbook = http.get(
        "/exports/county-audit/56/2024.xlsx", headers={"Authorization": f"Bearer {auditor.token}"}
    )
    assert workbook.status_code == 200
    sheets = openpyxl.load_workbook(BytesIO(workbook.content)).sheetnames
    assert sheets == ["Om rapporten", "Tilsagn", "Prosjekter", "Avvik"]
