"""Indicators and results over GraphQL with real tokens: the national steward publishes the
catalogue; Vågan's editor defines a local indicator, opens series, reports and corrects; the
result table shows the latest value and its history; the derived figures carry their
definitions; refusals are typed and write nothing; scope keeps other municipalities out."""

from __future__ import annotations

from typing import Any

import pytest

from api.auth import mint_token
from domain.shared.actor import Role
from omstilling.runtime import Runtime
from tests.e2e.conftest import MELOY, NORDLAND, Caller, People, log_length
from tests.e2e.documents import REFUSAL
from tests.factories import vagan_ready_for_funds

CATALOGUE_FIELDS = "catalogue { version asOfVersion indicators { code version nameNb unitNb } }"
SERIES_FIELDS = """
series { id subjectKind subjectCode indicatorCode indicatorVersion baselineValue restricted
  legalBasis version attainment { value definitionNb period { label } }
  periods { period { label } target actual corrected
    history { entry entryNb value reason source comment superseded recordedBy { userId } } } }
"""
PAYLOADS = {
    "IndicatorCataloguePayload": CATALOGUE_FIELDS,
    "LocalIndicatorsPayload": "indicators { code local nameNb }",
    "ResultSeriesPayload": SERIES_FIELDS,
}


def run(caller: Caller, name: str, **input: Any) -> dict[str, Any]:
    input_type = f"{name[0].upper()}{name[1:]}Input"
    payload = (
        "IndicatorCataloguePayload"
        if "Indicator" in name and "Local" not in name
        else "LocalIndicatorsPayload"
        if "Local" in name
        else "ResultSeriesPayload"
    )
    selections = f"... on {payload} {{ {PAYLOADS[payload]} version }}"
    document = (
        f"mutation Run($input: {input_type}!) {{ {name}(input: $input) "
        f"{{ __typename {selections} ...Refusal }} }}" + REFUSAL
    )
    return caller.query(document, input=input)[name]  # type: ignore[no-any-return]


def steward(people: People) -> Caller:
    token = mint_token(
        people.settings, user_id="forvalter.in", name="Forvalter IN", role=Role.NATIONAL_STEWARD
    )
    return Caller(people.http, token, "national_steward")


LOCAL = {
    "code": "cruise_calls",
    "nameNb": "Cruiseanløp",
    "nameEn": "Cruise calls",
    "unit": "COUNT",
    "kind": "EFFECT",
    "level": "OUTPUT",
    "definition": "Anløp i Svolvær havn",
    "dataSource": "Havnekontoret",
}
TABLE = (
    "query($id: UUID!) { resultTable(programmeId: $id) "
    + SERIES_FIELDS.strip().removeprefix("series")
    + " }"
)
RESULTS = """
query($id: UUID!, $year: Int) { programmeResults(programmeId: $id, year: $year) {
  programmeName totals { code total definitionNb } attainment attainmentDefinitionNb
  seriesCount spent { kroner } perKrone { code perMillionNok definitionNb } } }
"""
NATIONAL = """
query($year: Int) { nationalResults(year: $year) {
  programmes { programmeName } totals { code total } publishedTotals { code total }
  attainmentDefinitionNb } }
"""


@pytest.fixture
def vagan(runtime: Runtime) -> str:
    ids = vagan_ready_for_funds(runtime.app)
    assert runtime.wait_for_everything_written(30)
    return str(ids["programme"])


def test_results_from_catalogue_to_figures(people: People, runtime: Runtime, vagan: str) -> None:
    published = run(steward(people), "publishStandardIndicatorCatalogue")
    assert published["__typename"] == "IndicatorCataloguePayload", published
    codes = {i["code"] for i in published["catalogue"]["indicators"]}
    assert {"jobs_created", "jobs_secured", "new_companies"} <= codes
    head = log_length(runtime)
    again = run(steward(people), "publishStandardIndicatorCatalogue")
    assert again["__typename"] == "ValidationError" and again["field"] == "catalogue"
    assert log_length(runtime) == head

    editor = people.editor()
    local = run(editor, "defineLocalIndicator", programmeId=vagan, indicator=LOCAL)
    assert local["indicators"] == [{"code": "cruise_calls", "local": True, "nameNb": "Cruiseanløp"}]
    opened = run(
        editor,
        "openResultSeries",
        programmeId=vagan,
        subjectKind="GOAL",
        subjectCode="H1",
        indicatorCode="jobs_created",
    )
    assert opened["__typename"] == "ResultSeriesPayload", opened
    series = opened["series"]["id"]
    steps: list[tuple[str, dict[str, Any]]] = [
        ("setResultBaseline", {"value": "10", "measuredOn": "2023-12-31", "source": "SSB"}),
        ("setResultTarget", {"period": {"year": 2025}, "value": "40"}),
        ("reportResultActual", {"period": {"year": 2025}, "value": "31", "source": "SSB"}),
    ]
    version = opened["version"]
    for name, input in steps:
        payload = run(editor, name, seriesId=series, expectedVersion=version, **input)
        assert payload["__typename"] == "ResultSeriesPayload", payload
        version = payload["version"]
    stale = run(
        editor,
        "correctResultActual",
        seriesId=series,
        period={"year": 2025},
        value="34",
        reason="Endelige tall",
        source="SSB",
        expectedVersion=version - 1,
    )
    assert stale["__typename"] == "ConflictError"
    corrected = run(
        editor,
        "correctResultActual",
        seriesId=series,
        period={"year": 2025},
        value="34",
        reason="Endelige tall",
        source="SSB, endelige tall",
        expectedVersion=version,
    )
    assert corrected["__typename"] == "ResultSeriesPayload", corrected

    (row,) = editor.query(TABLE, id=vagan)["resultTable"]
    (period,) = row["periods"]
    assert (period["target"], period["actual"], period["corrected"]) == ("40", "34", True)
    actuals = [h for h in period["history"] if h["entry"] in ("actual", "correction")]
    assert [(h["value"], h["superseded"]) for h in actuals] == [("31", True), ("34", False)]
    assert actuals[1]["reason"] == "Endelige tall"
    assert row["attainment"]["value"] == "0.8000"  # (34 − 10) / (40 − 10)
    assert "Måloppnåelse" in row["attainment"]["definitionNb"]

    results = editor.query(RESULTS, id=vagan, year=2025)["programmeResults"]
    assert {t["code"]: t["total"] for t in results["totals"]} == {"jobs_created": "34"}
    assert results["attainment"] == "0.8000"
    # Nothing spent yet: no figure per krone, and the definition says why.
    (per_krone,) = results["perKrone"]
    assert per_krone["perMillionNok"] is None and "null" in per_krone["definitionNb"]

    national = people.national_analyst().query(NATIONAL, year=2025)["nationalResults"]
    assert [p["programmeName"] for p in national["programmes"]] == ["Omstilling Vågan"]
    assert national["publishedTotals"] == [{"code": "jobs_created", "total": "34"}]
    other = people.editor(MELOY).query(NATIONAL, year=2025)["nationalResults"]
    assert other["programmes"] == [] and other["totals"] == []
    assert other["publishedTotals"] == [{"code": "jobs_created", "total": "34"}]


def test_refusals_are_typed_and_write_nothing(people: People, runtime: Runtime, vagan: str) -> None:
    head = log_length(runtime)
    for caller in (people.national_analyst(), people.editor(), people.county_officer(NORDLAND)):
        payload = run(caller, "publishStandardIndicatorCatalogue")
        assert payload["__typename"] == "ForbiddenError", payload
    other = run(people.editor(MELOY), "defineLocalIndicator", programmeId=vagan, indicator=LOCAL)
    assert other["__typename"] == "NotFoundError"
    bad = run(
        people.editor(),
        "defineLocalIndicator",
        programmeId=vagan,
        indicator={**LOCAL, "code": "Cruise Calls"},
    )
    assert (bad["__typename"], bad["field"]) == ("ValidationError", "indicator.code")
    missing = run(
        people.editor(),
        "openResultSeries",
        programmeId=vagan,
        subjectKind="GOAL",
        subjectCode="X9",
        indicatorCode="jobs_created",
    )
    assert (missing["__typename"], missing["field"]) == ("ValidationError", "subjectCode")
    assert log_length(runtime) == head
    errors = people.editor(MELOY).errors(TABLE, id=vagan)
    assert errors[0]["extensions"]["code"] == "NOT_FOUND"
