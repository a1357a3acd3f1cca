"""Open data: programmes, projects and results as flat tables that a county or Innovasjon Norge
can publish, as JSON and CSV, described by `open_data_schema.json` (see docs/open-data.md).

What is restricted never enters a row: names and user ids of people (actors, project owners and
leaders, participants), free-text comments and reasons, accounting references of spending lines,
projects the board has not approved, and result series marked restricted (skjermet).

One representation for both formats: money as kroner in a decimal string with two decimals
('1234.50'), other decimals as exact decimal strings, dates ISO, no floats anywhere. The CSV is
plain RFC 4180 (UTF-8 without BOM, comma, dot decimals) for programs that read open data; the
Norwegian-Excel CSV of the county audit (api.exports.csv) is a different audience.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

from application.access import COUNTY_ROLES, MUNICIPALITY_ROLES, Principal
from domain.project.model import ProjectStatus
from omstilling.runtime import Runtime
from projections.action_plans import ActionPlanView
from projections.funds import FIGURES, FundFigures, FundView, MovementFilter
from projections.plans import PlanStateView
from projections.programmes import ProgrammeRow
from projections.projects import ProjectRow, ProjectView
from projections.results import CATALOGUE, PeriodRow, ResultView
from tenants import ReferenceDataError, load_registry

SCHEMA_PATH = Path(__file__).with_name("open_data_schema.json")
SCHEMA_VERSION = "1.0"
LICENCE = {
    "name": "Norsk lisens for offentlige data (NLOD) 2.0",
    "identifier": "NLOD-2.0",
    "url": "https://data.norge.no/nlod/no/2.0",
}
JSON_MEDIA_TYPE = "application/json"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8; header=present"
LIST_SEPARATOR = "|"  # between the items of a list in one CSV cell
# Projects the board has approved at some time; candidates are the board's working material.
DECIDED_STATUSES = frozenset(
    {ProjectStatus.APPROVED, ProjectStatus.RUNNING, ProjectStatus.COMPLETED, ProjectStatus.STOPPED}
)


class FieldKind(StrEnum):
    """How a value is written; the schema's `$defs` has one definition per kind."""

    ID = "id"  # a UUID
    TEXT = "text"
    INTEGER = "integer"
    DATE = "date"
    NOK = "nok"  # whole øre in the row; kroner with two decimals when written
    DECIMAL = "decimal"  # an exact Decimal
    BOOLEAN = "boolean"
    TEXT_LIST = "text_list"


@dataclass(frozen=True)
class Field:
    name: str  # stable English snake_case: the JSON key and the CSV heading
    kind: FieldKind
    nullable: bool = False


@dataclass(frozen=True)
class Dataset:
    key: str
    fields: tuple[Field, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


F, K = Field, FieldKind
FUND_FIELDS = tuple(F(f"{figure}_nok", K.NOK) for figure in FIGURES)

PROGRAMMES = Dataset(
    "programmes",
    (
        F("programme_id", K.ID),
        F("programme_name", K.TEXT),
        F("status_kind", K.TEXT),
        F("phase", K.TEXT),
        F("period_start", K.DATE),
        F("period_end", K.DATE),
        F("lead_municipality_number", K.TEXT),
        F("lead_municipality_name", K.TEXT),
        F("other_municipality_numbers", K.TEXT_LIST),
        F("other_municipality_names", K.TEXT_LIST),
        F("granting_county_number", K.TEXT),
        F("granting_county_name", K.TEXT),
        F("supervising_county_number", K.TEXT),
        F("supervising_county_name", K.TEXT),
        F("year", K.INTEGER),
        *FUND_FIELDS,
    ),
)
PROJECTS = Dataset(
    "projects",
    (
        F("project_id", K.ID),
        F("programme_id", K.ID),
        F("programme_name", K.TEXT),
        F("project_code", K.TEXT),
        F("project_name", K.TEXT),
        F("focus_area_code", K.TEXT),
        F("focus_area_name", K.TEXT, nullable=True),
        F("status", K.TEXT),
        F("started_on", K.DATE, nullable=True),
        F("ended_on", K.DATE, nullable=True),
        F("year", K.INTEGER, nullable=True),
        F("approved_budget_nok", K.NOK, nullable=True),
        F("planned_restructuring_funds_nok", K.NOK, nullable=True),
        F("allocated_nok", K.NOK),
        F("spent_nok", K.NOK),
    ),
)
RESULTS = Dataset(
    "results",
    (
        F("series_id", K.ID),
        F("programme_id", K.ID),
        F("programme_name", K.TEXT),
        F("subject_kind", K.TEXT),
        F("subject_code", K.TEXT),
        F("subject_name", K.TEXT, nullable=True),
        F("indicator_code", K.TEXT),
        F("indicator_version", K.INTEGER),
        F("indicator_name", K.TEXT),
        F("indicator_name_en", K.TEXT, nullable=True),
        F("indicator_origin", K.TEXT),
        F("indicator_kind", K.TEXT),
        F("unit", K.TEXT),
        F("baseline_value", K.DECIMAL, nullable=True),
        F("baseline_date", K.DATE, nullable=True),
        F("period", K.TEXT, nullable=True),
        F("year", K.INTEGER, nullable=True),
        F("target_value", K.DECIMAL, nullable=True),
        F("actual_value", K.DECIMAL, nullable=True),
        F("actual_corrected", K.BOOLEAN),
    ),
)
DATASETS = {d.key: d for d in (PROGRAMMES, PROJECTS, RESULTS)}

Value = str | int | bool | date | Decimal | tuple[str, ...] | None
Row = dict[str, Value]
Json = str | int | bool | list[str] | None


class ScopeKind(StrEnum):
    NATIONAL = "national"
    COUNTY = "county"
    MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class Scope:
    """Whose programmes an export covers: the publisher and the programmes it may publish."""

    kind: ScopeKind
    programmes: list[ProgrammeRow]
    county_number: str | None = None
    municipality_id: UUID | None = None

    def publisher(self) -> dict[str, str | None]:
        registry = load_registry()
        doc: dict[str, str | None] = {"scope": self.kind.value}
        if self.county_number is not None:
            doc |= {
                "county_number": self.county_number,
                "county_name": registry.county(self.county_number).name,
            }
        if self.municipality_id is not None:
            number, name = municipality_label(self.municipality_id)
            doc |= {"municipality_number": number, "municipality_name": name}
        return doc


class UnknownCounty(ValueError):
    """A `county` that is not a county number in the register."""


def resolve_scope(runtime: Runtime, principal: Principal, county: str | None) -> Scope:
    """A national analyst publishes all programmes (or one county's), a county the programmes
    it supervises, a municipality its own. Another county's programmes: `Forbidden`."""
    if county is not None:
        try:
            load_registry().county(county)
        except ReferenceDataError:
            raise UnknownCounty(county) from None
    if county is None and principal.role in COUNTY_ROLES:
        county = principal.county_number
    if principal.role in MUNICIPALITY_ROLES:
        programmes = (
            runtime.visible_programmes(principal)
            if county is None
            else runtime.supervised_programmes(principal, county)
        )
        return Scope(
            ScopeKind.MUNICIPALITY, programmes, county, municipality_id=principal.municipality_id
        )
    if county is None:
        return Scope(ScopeKind.NATIONAL, runtime.visible_programmes(principal))
    return Scope(ScopeKind.COUNTY, runtime.supervised_programmes(principal, county), county)


@dataclass(frozen=True)
class OpenDataTable:
    dataset: Dataset
    scope: Scope
    year: int | None
    generated_at: datetime  # Europe/Oslo
    rows: list[Row]


def build_table(
    runtime: Runtime, key: str, scope: Scope, year: int | None, generated_at: datetime
) -> OpenDataTable:
    dataset = DATASETS[key]
    if dataset is PROGRAMMES:
        supervising = {
            p.programme_id: runtime.programme_target(p).supervising_county for p in scope.programmes
        }
        rows = programme_rows(scope.programmes, runtime.funds, supervising, year)
    elif dataset is PROJECTS:
        rows = project_rows(
            scope.programmes,
            runtime.projects,
            runtime.funds,
            runtime.action_plans,
            runtime.plans,
            year,
        )
    else:
        rows = result_rows(scope.programmes, runtime.results, runtime.projects, runtime.plans, year)
    return OpenDataTable(dataset, scope, year, generated_at, rows)


# Programmes: one row per programme and year of its period (and any year it has funds for)


def programme_rows(
    programmes: Sequence[ProgrammeRow],
    funds: FundView,
    supervising: Mapping[UUID, str],
    year: int | None = None,
) -> list[Row]:
    if not programmes:
        return []
    ids = [p.programme_id for p in programmes]
    flows = {
        (f.programme_id, f.year): f.figures
        for f in funds.flow("year", MovementFilter(programme_ids=ids, year=year))
    }
    rows: list[Row] = []
    for p in sorted(programmes, key=lambda p: (p.name, str(p.programme_id))):
        lead_number, lead_name = municipality_label(p.lead_municipality_id)
        others = [municipality_label(m) for m in p.municipality_ids if m != p.lead_municipality_id]
        years = set(range(p.period_start.year, p.period_end.year + 1))
        years |= {y for (pid, y) in flows if pid == p.programme_id}
        for y in sorted(years):
            if year is not None and y != year:
                continue
            figures = flows.get((p.programme_id, y), FundFigures())
            rows.append(
                {
                    "programme_id": str(p.programme_id),
                    "programme_name": p.name,
                    "status_kind": p.kind,
                    "phase": p.phase,
                    "period_start": p.period_start,
                    "period_end": p.period_end,
                    "lead_municipality_number": lead_number,
                    "lead_municipality_name": lead_name,
                    "other_municipality_numbers": tuple(n for n, _ in others),
                    "other_municipality_names": tuple(n for _, n in others),
                    "granting_county_number": p.granting_county_number,
                    "granting_county_name": county_name(p.granting_county_number),
                    "supervising_county_number": supervising[p.programme_id],
                    "supervising_county_name": county_name(supervising[p.programme_id]),
                    "year": y,
                    **{f"{figure}_nok": getattr(figures, figure) for figure in FIGURES},
                }
            )
    return rows


# Projects: one row per approved project and year it has a budget or funds in


def project_rows(
    programmes: Sequence[ProgrammeRow],
    projects: ProjectView,
    funds: FundView,
    action_plans: ActionPlanView,
    plans: PlanStateView,
    year: int | None = None,
) -> list[Row]:
    rows: list[Row] = []
    for p in sorted(programmes, key=lambda p: (p.name, str(p.programme_id))):
        pid = p.programme_id
        decided = [r for r in projects.projects(programme_id=pid) if _decided(r)]
        if not decided:
            continue
        budgets = approved_budgets(action_plans, pid)
        flows: dict[tuple[str, int], FundFigures] = {}
        for f in funds.flow("project", MovementFilter(programme_ids=[pid], year=year)):
            key = (f.project_code or "", f.year)
            flows[key] = flows.get(key, FundFigures()).plus(f.figures)
        areas = focus_area_names(plans, pid)
        for project in decided:
            years = {y for (code, y) in (*budgets, *flows) if code == project.code}
            chosen: list[int | None] = [*sorted(y for y in years if year is None or y == year)]
            if not years and year is None:
                chosen = [None]  # approved, but no budget or funds yet
            for y in chosen:
                budget = None if y is None else budgets.get((project.code, y))
                figures = (
                    FundFigures() if y is None else flows.get((project.code, y), FundFigures())
                )
                rows.append(
                    {
                        "project_id": str(project.project_id),
                        "programme_id": str(pid),
                        "programme_name": p.name,
                        "project_code": project.code,
                        "project_name": project.name,
                        "focus_area_code": project.focus_area_code,
                        "focus_area_name": areas.get(project.focus_area_code),
                        "status": project.status,
                        "started_on": project.started_on,
                        "ended_on": project.ended_on,
                        "year": y,
                        "approved_budget_nok": None if budget is None else budget[0],
                        "planned_restructuring_funds_nok": None if budget is None else budget[1],
                        "allocated_nok": figures.allocated,
                        "spent_nok": figures.spent,
                    }
                )
    return rows


def _decided(project: ProjectRow) -> bool:
    return ProjectStatus(project.status) in DECIDED_STATUSES and (
        project.status != ProjectStatus.STOPPED or project.approved_by is not None
    )


def approved_budgets(
    action_plans: ActionPlanView, programme_id: UUID
) -> dict[tuple[str, int], tuple[int, int]]:
    """(budget, county restructuring funds) in øre per (project code, year), as the revision of
    each year's Handlingsplan in effect has them; years without one in effect are left out."""
    budgets: dict[tuple[str, int], tuple[int, int]] = {}
    for plan in action_plans.action_plans(programme_id=programme_id):
        if plan.in_effect_revision is None:
            continue
        for m in action_plans.measures(plan.action_plan_id, plan.in_effect_revision):
            budgets[m.project_code, plan.year] = (
                m.budget_ore,
                m.financing_ore.get("county_restructuring_funds", 0),
            )
    return budgets


def plan_contents(plans: PlanStateView, programme_id: UUID) -> list[dict[str, Any]]:
    """The Omstillingsplan's working version, then the version in force (which wins)."""
    plan = plans.plan_for_programme(programme_id)
    if plan is None:
        return []
    contents = [plan.get("content") or {}]
    if plan.get("in_force_version") is not None:
        in_force = plans.version(UUID(str(plan["plan_id"])), int(plan["in_force_version"]))
        if in_force is not None:
            contents.append(in_force.get("content") or {})
    return contents


def focus_area_names(plans: PlanStateView, programme_id: UUID) -> dict[str, str]:
    """Focus-area names from the Omstillingsplan in force, else its working version."""
    return {
        area["code"]: area["name"]
        for content in plan_contents(plans, programme_id)
        for area in content.get("focusAreas") or []
    }


# Results


def result_rows(
    programmes: Sequence[ProgrammeRow],
    results: ResultView,
    projects: ProjectView,
    plans: PlanStateView,
    year: int | None = None,
) -> list[Row]:
    """Per published series and period with a target or an actual: the latest of each.
    Restricted (skjermet) series are never read; neither are sources, comments or reasons."""
    if not programmes:
        return []
    by_id = {p.programme_id: p for p in programmes}
    series = [
        s
        for s in results.series(list(by_id), published_only=True)
        if not s.restricted and s.programme_id in by_id
    ]
    names_en = indicator_names_en(results, list(by_id))
    rows: list[Row] = []
    for programme in sorted(programmes, key=lambda p: (p.name, str(p.programme_id))):
        mine = [s for s in series if s.programme_id == programme.programme_id]
        if not mine:
            continue
        subjects = subject_names(plans, projects, programme.programme_id)
        for s in mine:
            if s.subject_kind == "project" and ("project", s.subject_code) not in subjects:
                continue  # a candidate the board has not approved is not published
            periods = [p for p in s.periods if p.target is not None or p.actual is not None]
            chosen: list[PeriodRow | None] = [
                p for p in periods if year is None or p.period.year == year
            ]
            if not periods and year is None:
                chosen = [None]  # a series with a baseline only
            for p in chosen:
                rows.append(
                    {
                        "series_id": str(s.series_id),
                        "programme_id": str(s.programme_id),
                        "programme_name": programme.name,
                        "subject_kind": s.subject_kind,
                        "subject_code": s.subject_code,
                        "subject_name": subjects.get((s.subject_kind, s.subject_code)),
                        "indicator_code": s.indicator_code,
                        "indicator_version": s.indicator_version,
                        "indicator_name": s.indicator_name_nb,
                        "indicator_name_en": names_en.get(
                            indicator_key(
                                s.indicator_source,
                                s.programme_id,
                                s.indicator_code,
                                s.indicator_version,
                            )
                        ),
                        "indicator_origin": s.indicator_source,
                        "indicator_kind": s.kind,
                        "unit": s.unit,
                        "baseline_value": s.baseline_value,
                        "baseline_date": s.baseline_on,
                        "period": None if p is None else p.period.label,
                        "year": None if p is None else p.period.year,
                        "target_value": None if p is None else p.target,
                        "actual_value": None if p is None else p.actual,
                        "actual_corrected": False if p is None else p.corrected,
                    }
                )
    return rows


IndicatorKey = tuple[str, UUID | None, str, int]


def indicator_key(origin: str, programme_id: UUID | None, code: str, version: int) -> IndicatorKey:
    """(origin, programme for a local indicator else None, code, version)."""
    return origin, None if origin == CATALOGUE else programme_id, code, version


def indicator_names_en(results: ResultView, programme_ids: list[UUID]) -> dict[IndicatorKey, str]:
    """English names of every version of the catalogue's and the programmes' own indicators."""
    codes = sorted({i.code for i in results.catalogue(include_retired=True)})
    versions = [i for code in codes for i in results.indicator_history(code)]
    versions += results.local_indicators(programme_ids)
    return {
        indicator_key(i.source, i.programme_id, i.code, i.version): i.name_en
        for i in versions
        if i.name_en
    }


def subject_names(
    plans: PlanStateView, projects: ProjectView, programme_id: UUID
) -> dict[tuple[str, str], str]:
    """Goal texts from the Omstillingsplan (in force last, so it wins) and project names."""
    names: dict[tuple[str, str], str] = {}
    for content in plan_contents(plans, programme_id):
        goals = [content.get("mainGoal")]
        goals += [g for area in content.get("focusAreas") or [] for g in area.get("goals") or []]
        for goal in goals:
            if goal:
                names["goal", goal["code"]] = goal["text"]
    for project in projects.projects(programme_id=programme_id):
        if _decided(project):
            names["project", project.code] = project.name
    return names


# Labels


def municipality_label(municipality_id: UUID) -> tuple[str, str]:
    """The municipality's number valid today and its name."""
    try:
        m = load_registry().municipality(municipality_id)
    except ReferenceDataError:
        return "", ""
    return m.current_number, m.name


def county_name(number: str) -> str:
    try:
        return load_registry().county(number).name
    except ReferenceDataError:
        return ""


# Rendering


def kroner(ore: int) -> str:
    """Øre as kroner with a decimal point: 123456750 → '1234567.50', -5 → '-0.05'."""
    sign = "-" if ore < 0 else ""
    whole, rest = divmod(abs(ore), 100)
    return f"{sign}{whole}.{rest:02d}"


def decimal_text(value: Decimal) -> str:
    """An exact decimal in plain notation, never an exponent: Decimal('1E+2') → '100'."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def json_value(value: Value, field: Field) -> Json:
    """The value as JSON holds it; the CSV cell is written from this same value."""
    if value is None:
        return None
    kind = field.kind
    if kind is FieldKind.NOK:
        assert isinstance(value, int) and not isinstance(value, bool), (field.name, value)
        return kroner(value)
    if kind is FieldKind.DECIMAL:
        return decimal_text(Decimal(str(value)))
    if kind is FieldKind.DATE:
        assert isinstance(value, date), (field.name, value)
        return value.isoformat()
    if kind is FieldKind.TEXT_LIST:
        assert isinstance(value, tuple), (field.name, value)
        return list(value)
    if kind is FieldKind.INTEGER:
        assert isinstance(value, int) and not isinstance(value, bool), (field.name, value)
        return value
    if kind is FieldKind.BOOLEAN:
        assert isinstance(value, bool), (field.name, value)
        return value
    return str(value)


def json_rows(table: OpenDataTable) -> list[dict[str, Json]]:
    fields = table.dataset.fields
    return [{f.name: json_value(row[f.name], f) for f in fields} for row in table.rows]


def document(table: OpenDataTable, schema_url: str) -> dict[str, Any]:
    """The JSON document: what it is, who publishes it, under which licence, and the rows."""
    return {
        "dataset": table.dataset.key,
        "schema_url": schema_url,
        "schema_version": SCHEMA_VERSION,
        "generated_at": table.generated_at.isoformat(timespec="seconds"),
        "publisher": table.scope.publisher(),
        "filters": {"county": table.scope.county_number, "year": table.year},
        "licence": LICENCE,
        "left_out": load_schema()["x-left-out"],
        "row_count": len(table.rows),
        "rows": json_rows(table),
    }


def render_json(table: OpenDataTable, schema_url: str) -> bytes:
    return json.dumps(document(table, schema_url), ensure_ascii=False, indent=1).encode("utf-8")


def csv_cell(value: Json) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return str(value)


def render_csv(table: OpenDataTable) -> bytes:
    """RFC 4180: a header of the schema's field names, then one line per row, CRLF."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(table.dataset.names)
    for row in json_rows(table):
        writer.writerow([csv_cell(v) for v in row.values()])
    return out.getvalue().encode("utf-8")


@cache
def _schema_text() -> str:
    return SCHEMA_PATH.read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """A fresh copy of the schema document (callers may not change the cached one)."""
    schema: dict[str, Any] = json.loads(_schema_text())
    return schema


def schema_bytes() -> bytes:
    return _schema_text().encode("utf-8")


def file_name(key: str, scope: Scope, year: int | None, suffix: str) -> str:
    parts: Iterable[str | None] = (
        "omstilling-apne-data",
        key,
        scope.county_number,
        None if year is None else str(year),
    )
    return "-".join(p for p in parts if p) + suffix
