"""Open data over HTTP with real tokens: programmes, projects and results as JSON documents
that validate against the published schema and as RFC 4180 CSV with the same rows; figures
equal the read models'; what is restricted (people, free text, accounting references,
candidate projects, restricted result series) never appears; scoped per role like the other
exports."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from domain.results.series import Period
from omstilling.runtime import Runtime
from projections.funds import MovementFilter
from tests.e2e.conftest import NORDLAND, TELEMARK, People
from tests.factories import (
    BATSFJORD,
    TINN,
    clerk,
    county_officer,
    decision,
    editor,
    grant_decision,
    kr,
    national_steward,
    propose_project,
    register_batsfjord,
    register_meloy,
    spending,
    vagan_ready_for_funds,
)

YEAR = 2025
DATASETS = ("programmes", "projects", "results")
SCHEMA = "/exports/open-data/schema.json"
STATS = "SSB tabell 07984"
LEGAL_BASIS = "offl. § 13 jf. fvl. § 13 første ledd nr. 2"
# Text that is recorded in the story and must never reach open data.
RESTRICTED_TEXT = (
    "Kari Nordmann",  # the editor, and P1's project leader in the mandate
    "Per Hansen",  # the board's chair
    "Anne Olsen",  # the council's clerk
    "Saksbehandler",  # the county officer
    "kommunedirektør",  # the project owner in the mandate
    "Bilag 2025-0412",  # the accounting reference of a spending line
    "Ringte leverandøren",  # a spending line's comment
    "Foreløpig tall",  # an actual's comment
    "sjømatklyngen",  # a correction's reason
    "Hovedsatsing",  # a reason for a Handlingsplan measure
    "Brønnøysundregistrene",  # the source of the restricted series' actual
    "offl. §",  # the restricted series' legal basis
    "Prosjekt P4",  # a candidate the board has not approved
)


@dataclass(frozen=True)
class Story:
    vagan: UUID
    meloy: UUID
    batsfjord: UUID
    tinn: UUID
    projects: dict[str, UUID]
    jobs_goal: UUID
    jobs_p1: UUID
    restricted: UUID


def tell(runtime: Runtime) -> Story:
    """Vågan 2025: P1–P3 approved (P3 outside the Handlingsplan), P4 a candidate; the
    Handlingsplan in effect (P1 budget 1 000 000, P2 400 000,50); kr 600 000 granted, 200 000
    paid, P1 300 000,25 and P2 100 000 allocated, P1 spent 120 000,75; results on H1 (jobs,
    2025 actual 31 corrected to 34, target 40), P1 (jobs) and D1 (new companies, restricted).
    Meløy (Nordland), Båtsfjord (Finnmark) and Tinn with Notodden and Hjartdal (Telemark) have
    no funds."""
    app, ed = runtime.app, editor()
    ids = vagan_ready_for_funds(app)
    vagan = ids["programme"]
    ids["P4"] = propose_project(app, vagan, "P4", "I1")
    app.put_action_plan_into_effect(clerk(), ids["plan"], date(2025, 1, 15))
    meloy, batsfjord = register_meloy(app), register_batsfjord(app)
    tinn = app.register_programme(
        county_officer(TELEMARK),
        name="Omstilling Tinn",
        kind="long_term_decline",
        lead_municipality_number=TINN,
        other_municipality_numbers=("4005", "4024"),
        period_start=date(2024, 2, 1),
        period_end=date(2029, 12, 31),
        decision=decision("fylkesutvalget", date(2024, 1, 10), "2024/900-1", "Status for Tinn"),
    ).aggregate_id
    officer = county_officer(NORDLAND)
    grant = app.grant_funds(officer, vagan, YEAR, kr("600000"), decision=grant_decision())
    app.disburse_grant(officer, grant.aggregate_id, kr("200000"), date(2025, 2, 1))
    app.allocate_funds(ed, grant.aggregate_id, "P1", kr("300000,25"))
    app.allocate_funds(ed, grant.aggregate_id, "P2", kr("100000"))
    line = replace(spending("P1", "120000,75"), comment="Ringte leverandøren om faktura")
    app.report_spending(ed, grant.aggregate_id, line)

    runtime.command(lambda a: a.publish_standard_catalogue(national_steward()))
    h1 = app.open_result_series(ed, vagan, "goal", "H1", "jobs_created").aggregate_id
    app.set_result_baseline(ed, h1, Decimal("10"), date(2023, 12, 31), STATS)
    for year, target in ((2024, "20"), (2025, "40")):
        app.set_result_target(ed, h1, Period(year), Decimal(target))
    app.report_result_actual(ed, h1, Period(2024), Decimal("15"), STATS, comment="Foreløpig tall")
    app.report_result_actual(ed, h1, Period(2025), Decimal("31"), STATS)
    app.correct_result_actual(
        ed,
        h1,
        Period(2025),
        Decimal("34"),
        reason="Tre arbeidsplasser i sjømatklyngen kom med",
        source=STATS,
    )
    p1 = app.open_result_series(ed, vagan, "project", "P1", "jobs_created").aggregate_id
    app.set_result_target(ed, p1, Period(2025), Decimal("12"))
    d1 = app.open_result_series(ed, vagan, "goal", "D1", "new_companies").aggregate_id
    app.report_result_actual(ed, d1, Period(2025), Decimal("3"), "Brønnøysundregistrene")
    app.restrict_result_series(ed, d1, LEGAL_BASIS)
    assert runtime.wait_for_everything_written(30)
    return Story(vagan, meloy, batsfjord, tinn, ids, h1, p1, d1)


@pytest.fixture
def story(runtime: Runtime) -> Story:
    return tell(runtime)


def fetch(http: TestClient, path: str, token: str | None = None, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return http.get(path, params=params, headers=headers)


def document(http: TestClient, token: str, dataset: str, **params: Any) -> dict[str, Any]:
    response = fetch(http, f"/exports/open-data/{dataset}.json", token, **params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    return body


def csv_rows(http: TestClient, token: str, dataset: str, **params: Any) -> list[list[str]]:
    response = fetch(http, f"/exports/open-data/{dataset}.csv", token, **params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8; header=present"
    assert not response.content.startswith(b"\xef\xbb\xbf"), "RFC 4180: no BOM"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))


def as_csv_cell(value: Any) -> str:
    """How the CSV writes a JSON value: null empty, booleans as words, lists joined by '|'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "|".join(value)
    return str(value)


def kroner(ore: int) -> str:
    return f"{Decimal(ore) / 100:.2f}"


def schema(http: TestClient) -> dict[str, Any]:
    response = fetch(http, SCHEMA)  # no token: the schema holds no data
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


# The documents and the schema


def test_each_dataset_is_a_json_document_that_validates_against_the_published_schema(
    people: People, story: Story
) -> None:
    published = schema(people.http)
    Draft202012Validator.check_schema(published)
    validator = Draft202012Validator(published, format_checker=Draft202012Validator.FORMAT_CHECKER)
    analyst = people.national_analyst()
    for dataset in DATASETS:
        doc = document(people.http, analyst.token, dataset)
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(doc)]
        assert not errors, errors
        assert doc["dataset"] == dataset
        assert doc["rows"], dataset
        assert doc["row_count"] == len(doc["rows"])
        assert doc["schema_url"].endswith(SCHEMA)
        assert doc["schema_version"] == published["x-version"] == "1.0"
        assert doc["publisher"] == {"scope": "national"}
        assert doc["filters"] == {"county": None, "year": None}
        assert doc["licence"]["identifier"] == "NLOD-2.0"
        assert doc["left_out"] == published["x-left-out"]
        generated = datetime.fromisoformat(doc["generated_at"])
        assert str(generated.tzinfo) in ("UTC+01:00", "UTC+02:00")  # Europe/Oslo's offsets
        row_schema = published["$defs"][f"{dataset}_row"]
        assert list(doc["rows"][0]) == list(row_schema["properties"])
        for field in row_schema["properties"].values():
            assert field["description"] and field["x-nb"] and field["x-nb-description"]


def test_the_csv_carries_the_json_rows_under_the_schemas_field_names(
    people: People, story: Story
) -> None:
    analyst = people.national_analyst()
    published = schema(people.http)
    for dataset in DATASETS:
        for params in ({}, {"year": YEAR}, {"county": NORDLAND}):
            doc = document(people.http, analyst.token, dataset, **params)
            header, *lines = csv_rows(people.http, analyst.token, dataset, **params)
            assert header == list(published["$defs"][f"{dataset}_row"]["properties"])
            assert lines == [[as_csv_cell(v) for v in row.values()] for row in doc["rows"]]


# Figures equal the read models'


def test_programme_rows_hold_the_fund_read_models_figures_per_year(
    people: People, runtime: Runtime, story: Story
) -> None:
    rows = document(people.http, people.national_analyst().token, "programmes")["rows"]
    vagan = [r for r in rows if r["programme_id"] == str(story.vagan)]
    assert [r["year"] for r in vagan] == list(range(2023, 2030))  # 1.7.2023–30.6.2029
    flows = {
        f.year: f.figures
        for f in runtime.funds.flow("year", MovementFilter(programme_ids=[story.vagan]))
    }
    for row in vagan:
        figures = flows.get(row["year"])
        for figure in ("granted", "withdrawn", "clawed_back", "disbursed", "allocated"):
            assert row[f"{figure}_nok"] == kroner(getattr(figures, figure) if figures else 0)
        assert row["spent_nok"] == kroner(figures.spent if figures else 0)
        assert row["returned_nok"] == kroner(figures.returned if figures else 0)
    row = next(r for r in vagan if r["year"] == YEAR)
    assert {k: row[k] for k in ("granted_nok", "disbursed_nok", "allocated_nok", "spent_nok")} == {
        "granted_nok": "600000.00",
        "disbursed_nok": "200000.00",
        "allocated_nok": "400000.25",
        "spent_nok": "120000.75",
    }
    assert {
        k: row[k]
        for k in (
            "programme_name",
            "status_kind",
            "phase",
            "period_start",
            "period_end",
            "lead_municipality_number",
            "lead_municipality_name",
            "other_municipality_numbers",
            "granting_county_number",
            "supervising_county_number",
            "supervising_county_name",
        )
    } == {
        "programme_name": "Omstilling Vågan",
        "status_kind": "sudden_employment_loss",
        "phase": "development_analysis",
        "period_start": "2023-07-01",
        "period_end": "2029-06-30",
        "lead_municipality_number": "1865",
        "lead_municipality_name": "Vågan",
        "other_municipality_numbers": [],
        "granting_county_number": "18",
        "supervising_county_number": "18",
        "supervising_county_name": "Nordland",
    }
    tinn = next(r for r in rows if r["programme_id"] == str(story.tinn))
    assert tinn["other_municipality_numbers"] == ["4005", "4024"]
    assert tinn["other_municipality_names"] == ["Notodden", "Hjartdal"]
    assert tinn["granted_nok"] == "0.00"
    header, *lines = csv_rows(people.http, people.national_analyst().token, "programmes")
    tinn_line = next(
        dict(zip(header, line, strict=True)) for line in lines if line[0] == str(story.tinn)
    )
    assert tinn_line["other_municipality_names"] == "Notodden|Hjartdal"


def test_project_rows_hold_the_approved_budget_and_the_funds_per_year(
    people: People, runtime: Runtime, story: Story
) -> None:
    rows = document(people.http, people.national_analyst().token, "projects")["rows"]
    by_code = {(r["project_code"], r["year"]): r for r in rows}
    assert sorted(by_code, key=str) == [("P1", 2025), ("P2", 2025), ("P3", None)]
    p1 = by_code["P1", YEAR]
    assert {k: p1[k] for k in p1 if k not in ("project_id", "programme_id")} == {
        "programme_name": "Omstilling Vågan",
        "project_code": "P1",
        "project_name": "Prosjekt P1",
        "focus_area_code": "I1",
        "focus_area_name": "Innsatsområde 1",
        "status": "running",
        "started_on": "2025-01-06",
        "ended_on": None,
        "year": 2025,
        "approved_budget_nok": "1000000.00",
        "planned_restructuring_funds_nok": "600000.00",
        "allocated_nok": "300000.25",
        "spent_nok": "120000.75",
    }
    assert (p1["project_id"], p1["programme_id"]) == (str(story.projects["P1"]), str(story.vagan))
    assert by_code["P2", YEAR]["approved_budget_nok"] == "400000.50"
    assert by_code["P3", None]["approved_budget_nok"] is None
    flows = runtime.funds.flow("project", MovementFilter(programme_ids=[story.vagan]))
    for flow in flows:
        row = by_code[flow.project_code, flow.year]
        assert row["allocated_nok"] == kroner(flow.figures.allocated)
        assert row["spent_nok"] == kroner(flow.figures.spent)
    plan = runtime.action_plans.action_plan(story.projects["plan"])
    assert plan is not None and plan.in_effect_revision is not None
    for measure in runtime.action_plans.measures(plan.action_plan_id, plan.in_effect_revision):
        assert by_code[measure.project_code, YEAR]["approved_budget_nok"] == kroner(
            measure.budget_ore
        )


def test_result_rows_hold_the_latest_target_and_actual_of_each_published_series(
    people: People, runtime: Runtime, story: Story
) -> None:
    rows = document(people.http, people.national_analyst().token, "results")["rows"]
    assert {r["series_id"] for r in rows} == {str(story.jobs_goal), str(story.jobs_p1)}
    h1 = {r["period"]: r for r in rows if r["series_id"] == str(story.jobs_goal)}
    assert sorted(h1) == ["2024", "2025"]
    assert {k: h1["2025"][k] for k in h1["2025"] if k not in ("series_id", "programme_id")} == {
        "programme_name": "Omstilling Vågan",
        "subject_kind": "goal",
        "subject_code": "H1",
        "subject_name": "Skape arbeidsplasser",
        "indicator_code": "jobs_created",
        "indicator_version": 1,
        "indicator_name": "Nye arbeidsplasser",
        "indicator_name_en": "Jobs created",
        "indicator_origin": "catalogue",
        "indicator_kind": "effect",
        "unit": "count",
        "baseline_value": "10",
        "baseline_date": "2023-12-31",
        "period": "2025",
        "year": 2025,
        "target_value": "40",
        "actual_value": "34",
        "actual_corrected": True,
    }
    assert (h1["2024"]["actual_value"], h1["2024"]["actual_corrected"]) == ("15", False)
    (p1,) = [r for r in rows if r["series_id"] == str(story.jobs_p1)]
    assert (p1["subject_name"], p1["target_value"], p1["actual_value"]) == (
        "Prosjekt P1",
        "12",
        None,
    )
    for series in runtime.results.series([story.vagan], published_only=True):
        for period in series.periods:
            row = next(
                r
                for r in rows
                if r["series_id"] == str(series.series_id) and r["period"] == period.period.label
            )
            assert row["target_value"] == (None if period.target is None else str(period.target))
            assert row["actual_value"] == (None if period.actual is None else str(period.actual))
    only_2024 = document(people.http, people.national_analyst().token, "results", year=2024)
    assert [(r["subject_code"], r["period"]) for r in only_2024["rows"]] == [("H1", "2024")]


# What is restricted


def test_nothing_restricted_appears_in_any_dataset_or_format(
    people: People, runtime: Runtime, story: Story
) -> None:
    assert runtime.results.one_series(story.restricted) is not None  # it is recorded
    for caller in (people.national_analyst(), people.county_officer(NORDLAND), people.editor()):
        for dataset in DATASETS:
            for suffix in ("json", "csv"):
                response = fetch(
                    people.http, f"/exports/open-data/{dataset}.{suffix}", caller.token
                )
                assert response.status_code == 200, response.text
                text = response.content.decode("utf-8")
                for restricted in (*RESTRICTED_TEXT, str(story.restricted)):
                    assert restricted not in text, (caller.label, dataset, suffix, restricted)
                for user_id in ("kari", "styreleder", "sekretariat", "steward"):
                    assert f'"{user_id}' not in text and f",{user_id}" not in text
    published = schema(people.http)
    assert any("skjermet" in item for item in published["x-left-out"])
    assert any("Accounting" in item for item in published["x-left-out"])


# Access


def test_without_a_token_every_open_data_download_is_refused_with_401(
    people: People, story: Story
) -> None:
    for dataset in DATASETS:
        for suffix in ("json", "csv"):
            response = fetch(people.http, f"/exports/open-data/{dataset}.{suffix}")
            assert response.status_code == 401, response.text
            assert response.headers["www-authenticate"].startswith("Bearer")


def programme_ids(doc: dict[str, Any]) -> set[str]:
    return {r["programme_id"] for r in doc["rows"]}


def test_each_role_exports_the_programmes_it_may_publish(people: People, story: Story) -> None:
    http = people.http
    nationally = document(http, people.national_analyst().token, "programmes")
    assert programme_ids(nationally) == {
        str(p) for p in (story.vagan, story.meloy, story.batsfjord, story.tinn)
    }
    nordland = document(http, people.national_analyst().token, "programmes", county=NORDLAND)
    assert programme_ids(nordland) == {str(story.vagan), str(story.meloy)}
    assert nordland["publisher"] == {
        "scope": "county",
        "county_number": "18",
        "county_name": "Nordland",
    }

    officer = people.county_officer(NORDLAND)
    own = document(http, officer.token, "programmes")
    assert programme_ids(own) == programme_ids(nordland)
    assert own["publisher"]["scope"] == "county"
    assert own["filters"] == {"county": "18", "year": None}
    assert programme_ids(document(http, officer.token, "programmes", county=NORDLAND)) == (
        programme_ids(nordland)
    )
    for dataset in DATASETS:
        for suffix in ("json", "csv"):
            path = f"/exports/open-data/{dataset}.{suffix}"
            refused = fetch(http, path, people.county_officer(TELEMARK).token, county=NORDLAND)
            assert refused.status_code == 403, refused.text

    editor_doc = document(http, people.editor().token, "programmes")
    assert programme_ids(editor_doc) == {str(story.vagan)}
    assert editor_doc["publisher"] == {
        "scope": "municipality",
        "municipality_number": "1865",
        "municipality_name": "Vågan",
    }
    assert programme_ids(document(http, people.editor().token, "projects")) == {str(story.vagan)}
    assert not document(http, people.editor().token, "programmes", county=TELEMARK)["rows"]
    assert not document(http, people.editor(BATSFJORD).token, "projects")["rows"]


def test_the_year_filter_keeps_that_years_rows(people: People, story: Story) -> None:
    analyst = people.national_analyst()
    doc = document(people.http, analyst.token, "programmes", year=YEAR)
    assert {r["year"] for r in doc["rows"]} == {YEAR}
    assert doc["filters"] == {"county": None, "year": YEAR}
    assert programme_ids(doc) == {
        str(p) for p in (story.vagan, story.meloy, story.batsfjord, story.tinn)
    }
    projects = document(people.http, analyst.token, "projects", year=YEAR)["rows"]
    assert sorted(r["project_code"] for r in projects) == ["P1", "P2"]  # P3 has no year
    response = fetch(
        people.http, "/exports/open-data/projects.csv", analyst.token, year=YEAR, county=NORDLAND
    )
    assert response.headers["content-disposition"] == (
        'attachment; filename="omstilling-apne-data-projects-18-2025.csv"'
    )


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/exports/open-data/programmes.json", {"county": "99"}),
        ("/exports/open-data/programmes.json", {"county": "1"}),
        ("/exports/open-data/programmes.csv", {"year": "1900"}),
        ("/exports/open-data/budgets.json", {}),
    ],
)
def test_an_unknown_county_year_or_dataset_is_refused_with_422(
    people: People, path: str, params: dict[str, str]
) -> None:
    response = fetch(people.http, path, people.national_analyst().token, **params)
    assert response.status_code == 422, response.text
