"""The national comparison and population figures over HTTP with real tokens: the steward
imports, others are refused and nothing is written; the comparison answers by role."""

from __future__ import annotations

from typing import Any

from domain.plan.content import FocusAreaKind
from domain.shared.actor import Role
from omstilling.runtime import Runtime
from tests.e2e.conftest import Caller, People, log_length

IMPORT = """
mutation($csv: String!, $source: String!, $fileName: String!) {
  importPopulation(csv: $csv, source: $source, fileName: $fileName) {
    __typename
    ... on PopulationImportPayload { version imported { number source fileName sha256 figureCount } }
    ... on ValidationError { field rule }
    ... on ForbiddenError { message }
  }
}
"""
POPULATION = """
query($year: Int!, $numbers: [String!]) {
  population(year: $year, municipalityNumbers: $numbers) {
    total figures { municipalityNumber population source { number source } } missing { number }
  }
}
"""
COMPARISON = """
query($filter: ComparisonFilterInput, $sort: ComparisonSortInput) {
  nationalComparison(filter: $filter, sort: $sort) {
    rows { name statusKind phase supervisingCounty { number }
      years { year granted { ore } population populationReason
        perInhabitant { granted { amount { ore } reason } } }
      totals { granted { ore } lateSteps } }
    nationalFigures { programmes granted { ore } coversEveryProgramme }
    definitions { key en nb }
  }
}
"""
FILE = "kommunenummer;år;folkemengde\n1865;2025;9700\n1865;2024;9650\n"
SOURCE = "Statistics Norway (SSB), table 07459, population 1 January"


def steward(people: People) -> Caller:
    return people._caller(
        "national_steward", user_id="forvalter", name="Forvalter IN", role=Role.NATIONAL_STEWARD
    )


def imported(caller: Caller, csv: str) -> dict[str, Any]:
    result: dict[str, Any] = caller.query(IMPORT, csv=csv, source=SOURCE, fileName="f.csv")
    return result["importPopulation"]  # type: ignore[no-any-return]


def test_the_steward_imports_and_anyone_reads_the_figures_with_their_source(
    people: People,
) -> None:
    payload = imported(steward(people), FILE)
    assert payload["__typename"] == "PopulationImportPayload", payload
    assert payload["imported"]["number"] == 1 and payload["imported"]["figureCount"] == 2
    answer = people.reader().query(POPULATION, year=2025, numbers=["1865", "1837"])["population"]
    assert answer["total"] is None
    assert answer["missing"] == [{"number": "1837"}]
    assert answer["figures"] == [
        {
            "municipalityNumber": "1865",
            "population": 9700,
            "source": {"number": 1, "source": SOURCE},
        }
    ]


def test_a_bad_row_is_refused_naming_row_and_column_and_nothing_is_written(
    people: People, runtime: Runtime
) -> None:
    before = log_length(runtime)
    payload = imported(
        steward(people), "kommunenummer;år;folkemengde\n1865;2025;9700\n1865;2025;-3\n"
    )
    assert payload == {
        "__typename": "ValidationError",
        "field": "rows[2].folkemengde",
        "rule": "cannot be negative (got -3)",
    }
    assert log_length(runtime) == before


def test_analysts_counties_and_municipalities_may_not_import(
    people: People, runtime: Runtime
) -> None:
    before = log_length(runtime)
    for caller in (people.national_analyst(), people.county_officer(), people.editor()):
        assert imported(caller, FILE)["__typename"] == "ForbiddenError"
    assert log_length(runtime) == before


def test_the_comparison_by_role_with_definitions(people: People, vagan: str) -> None:
    imported(steward(people), FILE)
    analyst = people.national_analyst().query(COMPARISON)["nationalComparison"]
    (row,) = analyst["rows"]
    assert row["name"] == "Omstilling Vågan" and row["supervisingCounty"]["number"] == "18"
    by_year = {y["year"]: y for y in row["years"]}
    assert by_year[2025]["population"] == 9700
    assert by_year[2025]["perInhabitant"]["granted"]["amount"]["ore"] == "0"
    assert {d["key"] for d in analyst["definitions"]} >= {"granted", "spent", "per_inhabitant"}
    assert all(d["en"] and d["nb"] for d in analyst["definitions"])
    telemark = people.county_officer("40").query(COMPARISON)["nationalComparison"]
    assert telemark["rows"] == [] and telemark["nationalFigures"]["programmes"] == 1
    other = people.reader("1837").query(COMPARISON)["nationalComparison"]
    assert other["rows"] == [] and other["nationalFigures"]["coversEveryProgramme"] is True
    own = people.reader().query(
        COMPARISON, filter={"years": [2025]}, sort={"column": "SPENT", "direction": "DESC"}
    )["nationalComparison"]
    assert [y["year"] for y in own["rows"][0]["years"]] == [2025]


def test_an_unknown_county_in_the_filter_is_refused(people: People) -> None:
    errors = people.national_analyst().errors(COMPARISON, filter={"countyNumbers": ["99"]})
    assert "filter.countyNumbers[0]" in errors[0]["message"]


def test_every_focus_area_kind_the_domain_knows_is_offered(people: People) -> None:
    kinds = people.national_analyst().query(
        '{ __type(name: "FocusAreaKind") { enumValues { name } } }'
    )
    offered = {v["name"] for v in kinds["__type"]["enumValues"]}
    assert offered == {k.name for k in FocusAreaKind}


NEW_FIELDS = """
query($sort: ComparisonSortInput) {
  nationalComparison(sort: $sort, on: "2025-11-01") {
    rows { name latestWeightedScore
      results { attainment attainedSeries series totals { code nameNb unit total }
        perMillion { code nameNb total perMillionNok } jobsPerMillion }
      assessmentScores { year programmeYear processScore effectScore processWeight effectWeight
        weightedScore heldOn }
      continuation { deadline startedOn late daysLate currentStage mostDaysLate
        lateStages { stage daysLate } } }
    nationalFigures { resultsTotals { code total } attainment programmesWithAttainment
      resultsPerMillion { code perMillionNok } meanLatestWeightedScore
      programmesWithAssessment continuationLate }
    definitions { key }
  }
}
"""


def test_results_assessments_and_continuation_in_the_comparison(people: People, vagan: str) -> None:
    for column in (
        "ATTAINMENT",
        "JOBS_PER_MILLION",
        "LATEST_WEIGHTED_SCORE",
        "CONTINUATION_DAYS_LATE",
        "CONTINUATION_LATE",
    ):
        answer = people.national_analyst().query(
            NEW_FIELDS, sort={"column": column, "direction": "DESC"}
        )["nationalComparison"]
        (row,) = answer["rows"]
        assert row["results"] is None and row["assessmentScores"] == []
        assert row["latestWeightedScore"] is None
        # Vågan's period ends 30 June 2029: the forstudie is due by 30 June 2027.
        assert row["continuation"]["deadline"] == "2027-06-30"
        assert row["continuation"]["late"] is False and row["continuation"]["lateStages"] == []
        national = answer["nationalFigures"]
        assert national["resultsTotals"] == [] and national["attainment"] is None
        assert national["programmesWithAssessment"] == 0 and national["continuationLate"] == 0
        assert {d["key"] for d in answer["definitions"]} >= {
            "attainment",
            "results_per_million",
            "weighted_score",
            "continuation_late",
        }
