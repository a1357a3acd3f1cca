"""GET /exports/county-audit/{county_number}/{year}.xlsx and .csv: the county audit report
for download, behind the same bearer tokens as /graphql and scoped like it. And
GET /exports/open-data/{dataset}.json and .csv: open data to publish (docs/open-data.md).

A county officer or auditor fetches its own county (another county: 403); a national analyst
any county; a municipality user any county, but sees only its own programme in it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response, status

from api.auth import CurrentPrincipal
from api.exports import open_data
from api.exports.csv import MEDIA_TYPE as CSV_MEDIA_TYPE
from api.exports.csv import render_csv
from api.exports.tables import AuditExport, build_export, names_for
from api.exports.xlsx import MEDIA_TYPE as XLSX_MEDIA_TYPE
from api.exports.xlsx import render_xlsx
from application.access import Principal
from domain.plan.content import FIRST_YEAR, LAST_YEAR
from domain.shared.actor import ROLE_TITLES_NB
from domain.shared.clock import OSLO, now, today_in_norway
from domain.shared.errors import Forbidden
from omstilling.runtime import Runtime
from projections.fund_audit import county_audit_report
from tenants import ReferenceDataError, load_registry

router = APIRouter(prefix="/exports", tags=["exports"])

FILE_STEM = "kontroll-omstillingsmidler"


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
CountyNumber = Annotated[
    str,
    Path(
        description="County number (fylkesnummer), two digits, e.g. 18 for Nordland",
        pattern=r"^\d{2}$",
    ),
]
Year = Annotated[
    int,
    Path(description="Programme year (år)", ge=FIRST_YEAR, le=LAST_YEAR),
]
AsOf = Annotated[
    str | None,
    Query(
        alias="asOf",
        description="The report as of this date (per dato), YYYY-MM-DD; today in Norway if left out",
        pattern=r"^\d{4}-\d{2}-\d{2}$",
    ),
]
TableKey = Literal["tilsagn", "prosjekter", "avvik"]

REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid bearer token"},
    403: {"description": "A county principal asking for another county's report"},
    422: {"description": "A county number, year, asOf or table that is not valid"},
}


def invalid(location: str, name: str, message: str) -> HTTPException:
    """A 422 shaped like FastAPI's own, naming the parameter."""
    return HTTPException(
        422,
        detail=[{"type": "value_error", "loc": [location, name], "msg": f"{name}: {message}"}],
    )


def _as_of(text: str | None) -> date:
    if text is None:
        return today_in_norway()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise invalid("query", "asOf", "must be a calendar date as YYYY-MM-DD") from None


def _check_county(principal: Principal, county_number: str) -> None:
    try:
        load_registry().county(county_number)
    except ReferenceDataError:
        raise invalid(
            "path", "county_number", f"{county_number} is not a county number in the register"
        ) from None


def county_audit_export(
    runtime: Runtime, principal: Principal, county_number: str, year: int, as_of: date
) -> AuditExport:
    """The report over the programmes the county supervises, as far as the principal sees them."""
    _check_county(principal, county_number)
    try:
        programmes = runtime.supervised_programmes(principal, county_number)
    except Forbidden as refused:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=str(refused)) from None
    report = county_audit_report(
        runtime.funds, county_number, year, [p.programme_id for p in programmes], as_of
    )
    return build_export(
        report,
        generated_at=now().astimezone(OSLO),
        generated_by=f"{principal.name} ({ROLE_TITLES_NB[principal.role]})",
        names=names_for(report, runtime.projects, runtime.plans),
    )


def _download(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get(
    "/county-audit/{county_number}/{year}.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX_MEDIA_TYPE: {}}}, **REFUSALS},
    summary="The county audit report as an Excel workbook (kontroll av omstillingsmidler)",
)
def county_audit_xlsx(
    county_number: CountyNumber,
    year: Year,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    as_of: AsOf = None,
) -> Response:
    export = county_audit_export(runtime, principal, county_number, year, _as_of(as_of))
    return _download(
        render_xlsx(export), XLSX_MEDIA_TYPE, f"{FILE_STEM}-{county_number}-{year}.xlsx"
    )


@router.get(
    "/county-audit/{county_number}/{year}.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **REFUSALS},
    summary="One table of the county audit report as CSV for a Norwegian Excel",
)
def county_audit_csv(
    county_number: CountyNumber,
    year: Year,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    as_of: AsOf = None,
    table: Annotated[
        TableKey, Query(description="Which table: tilsagn, prosjekter or avvik")
    ] = "tilsagn",
) -> Response:
    export = county_audit_export(runtime, principal, county_number, year, _as_of(as_of))
    return _download(
        render_csv(export.table(table)),
        CSV_MEDIA_TYPE,
        f"{FILE_STEM}-{county_number}-{year}-{table}.csv",
    )


# Open data (åpne data): programmes, projects and results to publish; see docs/open-data.md

OpenDataset = Literal["programmes", "projects", "results"]
OpenDataCounty = Annotated[
    str | None,
    Query(
        description="Only the programmes this county supervises (fylkesnummer), e.g. 18",
        pattern=r"^\d{2}$",
    ),
]
OpenDataYear = Annotated[
    int | None, Query(description="Only this year (år)", ge=FIRST_YEAR, le=LAST_YEAR)
]


def open_data_table(
    runtime: Runtime, principal: Principal, dataset: str, county: str | None, year: int | None
) -> open_data.OpenDataTable:
    try:
        scope = open_data.resolve_scope(runtime, principal, county)
    except open_data.UnknownCounty:
        raise invalid(
            "query", "county", f"{county} is not a county number in the register"
        ) from None
    except Forbidden as refused:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=str(refused)) from None
    return open_data.build_table(runtime, dataset, scope, year, now().astimezone(OSLO))


@router.get(
    "/open-data/schema.json",
    response_class=Response,
    responses={200: {"content": {open_data.JSON_MEDIA_TYPE: {}}}},
    summary="The JSON Schema of the open-data datasets (skjema for åpne data); no token needed",
)
def open_data_schema() -> Response:
    return Response(open_data.schema_bytes(), media_type=open_data.JSON_MEDIA_TYPE)


@router.get(
    "/open-data/{dataset}.json",
    response_class=Response,
    responses={200: {"content": {open_data.JSON_MEDIA_TYPE: {}}}, **REFUSALS},
    summary="An open-data dataset as a JSON document with its metadata (åpne data)",
)
def open_data_json(
    dataset: OpenDataset,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    request: Request,
    county: OpenDataCounty = None,
    year: OpenDataYear = None,
) -> Response:
    table = open_data_table(runtime, principal, dataset, county, year)
    schema_url = str(request.url_for("open_data_schema"))
    return _download(
        open_data.render_json(table, schema_url),
        open_data.JSON_MEDIA_TYPE,
        open_data.file_name(dataset, table.scope, year, ".json"),
    )


@router.get(
    "/open-data/{dataset}.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **REFUSALS},
    summary="An open-data dataset as RFC 4180 CSV: comma, dot decimals, UTF-8 (åpne data)",
)
def open_data_csv(
    dataset: OpenDataset,
    principal: CurrentPrincipal,
    runtime: RuntimeDep,
    county: OpenDataCounty = None,
    year: OpenDataYear = None,
) -> Response:
    table = open_data_table(runtime, principal, dataset, county, year)
    return _download(
        open_data.render_csv(table),
        open_data.CSV_MEDIA_TYPE,
        open_data.file_name(dataset, table.scope, year, ".csv"),
    )
