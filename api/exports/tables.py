"""The county audit report as tables with Norwegian headings, built once from a
`CountyAuditReport` and rendered by `api.exports.csv` and `api.exports.xlsx`.

Cells hold typed values: amounts as whole øre (`int`, a renderer turns them into kroner),
dates as `date`, shares as an exact `Decimal` fraction. Every figure is read from the report
object; names (municipality, county, project, focus area, deciding body) only label rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from api.graphql.shared import BODY_NB
from domain.action_plan.content import FUNDING_SOURCE_NB, FundingSource
from domain.shared.decisions import DecidingBody
from projections.fund_audit import CountyAuditReport, Deviation, ProgrammeAudit
from projections.funds import (
    CO_FINANCING_SOURCES,
    FIGURE_NB,
    CoFinancingRow,
    FlowRow,
    FundFigures,
    GrantRow,
)
from projections.plans import PlanStateView
from projections.projects import ProjectView
from tenants import ReferenceDataError, load_registry

REPORT_TITLE = "Kontroll av bruk av omstillingsmidler"
SHARE_QUANTUM = Decimal("0.0001")  # a fraction to 0.01 percentage points


class Kind(StrEnum):
    """How a column's cells are written: the renderers format each kind their own way."""

    TEXT = "text"
    INTEGER = "integer"  # year, grant number
    AMOUNT = "amount"  # whole øre; shown in kroner with two decimals
    DATE = "date"
    SHARE = "share"  # a fraction (0.5 is 50 %)


Cell = str | int | date | Decimal | None


@dataclass(frozen=True)
class Column:
    heading: str
    kind: Kind
    width: int  # in characters, for the spreadsheet


@dataclass(frozen=True)
class Table:
    """One sheet of the workbook, one CSV file."""

    key: str  # the CSV's ?table=
    sheet: str
    columns: tuple[Column, ...]
    rows: list[tuple[Cell, ...]]
    totals: tuple[Cell, ...] | None = None  # the spreadsheet's "Sum" row; not in the CSV

    def column(self, heading: str) -> int:
        """The index of the column with this heading."""
        return _index(self.columns, heading)


@dataclass(frozen=True)
class Names:
    """Labels the fund read model does not carry, per (programme id, code)."""

    projects: Mapping[tuple[UUID, str], str] = field(default_factory=dict)
    focus_areas: Mapping[tuple[UUID, str], str] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditExport:
    """Everything a download holds: what the report is, and its three tables."""

    report: CountyAuditReport
    county_name: str
    generated_at: datetime  # Europe/Oslo
    generated_by: str | None
    about: list[tuple[str, Cell]]
    definitions: list[tuple[str, str]]
    tables: tuple[Table, ...]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


TABLE_KEYS = ("tilsagn", "prosjekter", "avvik")

# The figures, named as FIGURE_NB names them, plus the derived ones.
GRANTED, WITHDRAWN, CLAWED_BACK = (
    FIGURE_NB["granted"],
    FIGURE_NB["withdrawn"],
    FIGURE_NB["clawed_back"],
)
DISBURSED, ALLOCATED, SPENT, RETURNED = (
    FIGURE_NB["disbursed"],
    FIGURE_NB["allocated"],
    FIGURE_NB["spent"],
    FIGURE_NB["returned"],
)
AVAILABLE, REMAINING = "Tilgjengelig", "Gjenstående"
MOVED_IN, MOVED_OUT = "Omdisponert inn", "Omdisponert ut"
COUNTY_FUNDS = FUNDING_SOURCE_NB[FundingSource.COUNTY_RESTRUCTURING_FUNDS]
CO_FINANCED, TOTAL_COST, SHARE = (
    "Sum medfinansiering",
    "Totale kostnader",
    "Andel medfinansiering (%)",
)

DEFINITIONS: list[tuple[str, str]] = [
    (GRANTED, "Beløpet fylkeskommunen har gitt tilsagn om, etter eventuelle endringsvedtak."),
    (WITHDRAWN, "Midler fylkeskommunen har trukket tilbake før de ble utbetalt."),
    (CLAWED_BACK, "Utbetalte midler fylkeskommunen har krevd tilbake."),
    (AVAILABLE, "Tilgjengelig (netto tilsagn) = Tilsagn − Trukket tilbake − Tilbakekrevd."),
    (DISBURSED, "Det fylkeskommunen har utbetalt av tilsagnet."),
    (
        ALLOCATED,
        "Det kommunen har fordelt til prosjekter, netto etter frigjorte midler og omdisponeringer.",
    ),
    (
        f"{MOVED_IN} / {MOVED_OUT}",
        "Midler flyttet til / fra et prosjekt ved styrevedtak (omdisponering). På "
        "tilsagnsnivå er de like store, fordi midlene blir innenfor tilsagnet.",
    ),
    (SPENT, "Rapportert forbruk av omstillingsmidlene; kreditert forbruk er trukket fra."),
    (RETURNED, "Ubrukte midler kommunen har ført tilbake til fylkeskommunen."),
    (
        f"{REMAINING} (tilsagn)",
        "Gjenstående = Tilgjengelig − Tilbakeført − Forbruk.",
    ),
    (f"{REMAINING} (prosjekt)", "Gjenstående = Fordelt − Forbruk."),
    (
        "Medfinansiering",
        f"Det andre kilder har betalt av prosjektets kostnader i perioden forbruket gjelder, "
        f"ved siden av {COUNTY_FUNDS.lower()} (forbruk som ikke er kreditert).",
    ),
    (
        SHARE,
        f"{CO_FINANCED} / ({COUNTY_FUNDS} + {CO_FINANCED}), avrundet til to desimaler.",
    ),
    (
        "Fylke (i Tilsagn)",
        "Fylkeskommunen som fattet tilsagnsvedtaket; for tilsagn før regionreformen i 2024 kan "
        "det være forgjengeren til fylket som fører tilsyn i dag.",
    ),
    (
        "Beløp",
        "Norske kroner med øre. Alle tall er hentet fra fondsregnskapet (summer av "
        "registrerte bevegelser), de samme som i rapporten i GraphQL.",
    ),
]


def build_export(
    report: CountyAuditReport,
    *,
    generated_at: datetime,
    generated_by: str | None = None,
    names: Names | None = None,
) -> AuditExport:
    """The report's three tables and the text about them, built once for every format."""
    names = names or Names()
    county_name = _county_name(report.county_number)
    tables = (
        grant_table(report),
        project_table(report, names),
        deviation_table(report),
    )
    about: list[tuple[str, Cell]] = [
        ("Rapport", REPORT_TITLE),
        ("Fylke", f"{report.county_number} {county_name}"),
        ("År", report.year),
        ("Per dato", report.as_of),
        ("Generert", generated_at.strftime("%d.%m.%Y %H:%M") + " (Europe/Oslo)"),
        ("Hentet av", generated_by),
        ("Antall program", len(report.programmes)),
        ("Program", ", ".join(a.programme.name for a in report.programmes) or "ingen"),
        (
            "Innhold",
            "Tilsagn: årets tilsagn per program med vedtak og tall. Prosjekter: fordeling, "
            "forbruk og medfinansiering per prosjekt. Avvik: forhold kontrollen bør se på.",
        ),
    ]
    return AuditExport(
        report=report,
        county_name=county_name,
        generated_at=generated_at,
        generated_by=generated_by,
        about=about,
        definitions=DEFINITIONS,
        tables=tables,
    )


# Tilsagn


GRANT_COLUMNS = (
    Column("Program", Kind.TEXT, 26),
    Column("Kommunenr.", Kind.TEXT, 11),
    Column("Kommune", Kind.TEXT, 16),
    Column("Fylkesnr.", Kind.TEXT, 9),
    Column("Fylke", Kind.TEXT, 16),
    Column("År", Kind.INTEGER, 6),
    Column("Tilsagnsnr.", Kind.INTEGER, 11),
    Column("Vedtaksorgan", Kind.TEXT, 16),
    Column("Vedtaksdato", Kind.DATE, 12),
    Column("Politisk saksnr.", Kind.TEXT, 14),
    Column("Arkivsaksnr.", Kind.TEXT, 14),
    Column("Frist for bruk", Kind.DATE, 13),
    Column(GRANTED, Kind.AMOUNT, 15),
    Column(WITHDRAWN, Kind.AMOUNT, 15),
    Column(CLAWED_BACK, Kind.AMOUNT, 15),
    Column(AVAILABLE, Kind.AMOUNT, 15),
    Column(DISBURSED, Kind.AMOUNT, 15),
    Column(ALLOCATED, Kind.AMOUNT, 15),
    Column(MOVED_IN, Kind.AMOUNT, 15),
    Column(MOVED_OUT, Kind.AMOUNT, 15),
    Column(SPENT, Kind.AMOUNT, 15),
    Column(RETURNED, Kind.AMOUNT, 15),
    Column(REMAINING, Kind.AMOUNT, 15),
)


def grant_figures(f: FundFigures) -> tuple[int, ...]:
    """A grant's figures in the order of the Tilsagn sheet's amount columns."""
    return (
        f.granted,
        f.withdrawn,
        f.clawed_back,
        f.available,
        f.disbursed,
        f.allocated,
        f.reallocated_in,
        f.reallocated_out,
        f.spent,
        f.returned,
        f.remaining,
    )


def grant_table(report: CountyAuditReport) -> Table:
    """One row per grant of the year, in the report's order; a sum row under them."""
    rows: list[tuple[Cell, ...]] = []
    for audit in report.programmes:
        for grant in audit.grants:
            number, name = _municipality(grant.tenant_id, audit)
            decision = grant.decision or {}
            rows.append(
                (
                    audit.programme.name,
                    number,
                    name,
                    grant.county_number,
                    _county_name(grant.county_number),
                    grant.year,
                    grant.number,
                    _body_nb(decision.get("body")),
                    _iso_date(decision.get("meetingDate")),
                    decision.get("politicalCaseNumber"),
                    decision.get("archiveCaseNumber"),
                    grant.use_by,
                    *grant_figures(grant.figures),
                )
            )
    return Table("tilsagn", "Tilsagn", GRANT_COLUMNS, rows, _totals(GRANT_COLUMNS, rows))


# Prosjekter


PROJECT_COLUMNS = (
    Column("Program", Kind.TEXT, 26),
    Column("Kommunenr.", Kind.TEXT, 11),
    Column("Kommune", Kind.TEXT, 16),
    Column("År", Kind.INTEGER, 6),
    Column("Prosjekt", Kind.TEXT, 10),
    Column("Prosjektnavn", Kind.TEXT, 26),
    Column("Innsatsområde", Kind.TEXT, 13),
    Column("Innsatsområdets navn", Kind.TEXT, 20),
    Column(ALLOCATED, Kind.AMOUNT, 15),
    Column(MOVED_IN, Kind.AMOUNT, 15),
    Column(MOVED_OUT, Kind.AMOUNT, 15),
    Column(SPENT, Kind.AMOUNT, 15),
    Column(REMAINING, Kind.AMOUNT, 15),
    Column(COUNTY_FUNDS, Kind.AMOUNT, 18),
    *(Column(FUNDING_SOURCE_NB[s], Kind.AMOUNT, 16) for s in CO_FINANCING_SOURCES),
    Column(CO_FINANCED, Kind.AMOUNT, 16),
    Column(TOTAL_COST, Kind.AMOUNT, 16),
    Column(SHARE, Kind.SHARE, 14),
)


def co_financing_share(co_financed_ore: int, total_ore: int) -> Decimal | None:
    """The co-financed part of the total cost, as a fraction to four decimals; None if no cost."""
    if total_ore == 0:
        return None
    return (Decimal(co_financed_ore) / Decimal(total_ore)).quantize(
        SHARE_QUANTUM, rounding=ROUND_HALF_UP
    )


def project_figures(f: FundFigures, co: CoFinancingRow | None) -> tuple[int | Decimal | None, ...]:
    """A project's cells from Fordelt on: its flow, then the co-financing beside county funds."""
    county = co.county_ore if co else 0
    sources = [co.by_source_ore.get(s.value, 0) if co else 0 for s in CO_FINANCING_SOURCES]
    co_financed = sum(sources)
    total = co.total_ore if co else 0
    return (
        f.allocated,
        f.reallocated_in,
        f.reallocated_out,
        f.spent,
        f.remaining,
        county,
        *sources,
        co_financed,
        total,
        co_financing_share(co_financed, total),
    )


def project_table(report: CountyAuditReport, names: Names | None = None) -> Table:
    """Per programme and project: the flow and, beside the county funds, the co-financing."""
    names = names or Names()
    rows: list[tuple[Cell, ...]] = []
    for audit in report.programmes:
        pid = audit.programme.programme_id
        number, name = _municipality(audit.programme.tenant_id, audit)
        flows: dict[tuple[int, str, str], FlowRow] = {
            (r.year, r.project_code or "", r.focus_area_code or ""): r for r in audit.projects
        }
        co_financing = {(c.year, c.project_code, c.focus_area_code): c for c in audit.co_financing}
        for key in sorted(flows.keys() | co_financing.keys()):
            year, code, area = key
            flow = flows.get(key)
            rows.append(
                (
                    audit.programme.name,
                    number,
                    name,
                    year,
                    code,
                    names.projects.get((pid, code)),
                    area,
                    names.focus_areas.get((pid, area)),
                    *project_figures(
                        flow.figures if flow else FundFigures(), co_financing.get(key)
                    ),
                )
            )
    totals = _totals(PROJECT_COLUMNS, rows)
    if totals is not None:  # the share of the sums, not a sum of shares
        co_financed = totals[_index(PROJECT_COLUMNS, CO_FINANCED)]
        total = totals[_index(PROJECT_COLUMNS, TOTAL_COST)]
        assert isinstance(co_financed, int) and isinstance(total, int)
        totals = (*totals[:-1], co_financing_share(co_financed, total))
    return Table("prosjekter", "Prosjekter", PROJECT_COLUMNS, rows, totals)


# Avvik


DEVIATION_COLUMNS = (
    Column("Avvikstype", Kind.TEXT, 40),
    Column("Program", Kind.TEXT, 26),
    Column("Kommunenr.", Kind.TEXT, 11),
    Column("Kommune", Kind.TEXT, 16),
    Column("År", Kind.INTEGER, 6),
    Column("Tilsagnsnr.", Kind.INTEGER, 11),
    Column("Prosjekt", Kind.TEXT, 10),
    Column("Beløp", Kind.AMOUNT, 15),
    Column("Dato", Kind.DATE, 12),
    Column("Beskrivelse", Kind.TEXT, 60),
    Column("Dokumentasjon", Kind.TEXT, 50),
    Column("Avvikskode", Kind.TEXT, 24),
)


def deviation_table(report: CountyAuditReport) -> Table:
    """Every finding of every programme, in the report's order."""
    rows: list[tuple[Cell, ...]] = []
    for audit in report.programmes:
        grants = {g.grant_id: g for g in audit.grants}
        number, name = _municipality(audit.programme.tenant_id, audit)
        for d in audit.deviations:
            grant: GrantRow | None = grants.get(d.grant_id)
            rows.append(
                (
                    d.kind_nb,
                    audit.programme.name,
                    number,
                    name,
                    d.year,
                    None if grant is None else grant.number,
                    d.project_code,
                    d.amount_ore,
                    d.on,
                    d.description_nb,
                    evidence_text(d),
                    d.kind.value,
                )
            )
    return Table("avvik", "Avvik", DEVIATION_COLUMNS, rows)


EVIDENCE_NB = {
    "line": "Forbrukslinje",
    "accountsReference": "Bilag",
    "periodStart": "Periode fra",
    "periodEnd": "Periode til",
    "decision": "Vedtak",
    "reason": "Begrunnelse",
    "useBy": "Frist for bruk",
}


def evidence_text(deviation: Deviation) -> str:
    """The record a finding rests on, as one line: 'Forbrukslinje 4; Bilag 2025-0412; …'."""
    parts = []
    for key, value in deviation.evidence.items():
        if value is None or value == "":
            continue
        label = EVIDENCE_NB.get(key, key)
        if key == "decision" and isinstance(value, dict):
            value = decision_text(value)
        parts.append(f"{label}: {value}")
    return "; ".join(parts)


def decision_text(doc: Mapping[str, Any]) -> str:
    """'omstillingsstyret 2025-06-10, arkivsak 2025/77-9: Omdisponering mellom prosjekter'."""
    head = " ".join(
        str(p) for p in (_body_nb(doc.get("body")), doc.get("meetingDate")) if p is not None
    )
    cases = ", ".join(
        p
        for p in (
            doc.get("politicalCaseNumber"),
            None if not doc.get("archiveCaseNumber") else f"arkivsak {doc['archiveCaseNumber']}",
        )
        if p
    )
    text = f"{head}, {cases}" if cases else head
    return f"{text}: {doc['title']}" if doc.get("title") else text


# Helpers


def _index(columns: Sequence[Column], heading: str) -> int:
    return next(i for i, c in enumerate(columns) if c.heading == heading)


def _totals(columns: Sequence[Column], rows: Iterable[tuple[Cell, ...]]) -> tuple[Cell, ...] | None:
    """'Sum' in the first column, every amount column summed, the rest empty."""
    rows = list(rows)
    if not rows:
        return None
    totals: list[Cell] = ["Sum", *([None] * (len(columns) - 1))]
    for i, column in enumerate(columns):
        if column.kind is Kind.AMOUNT:
            amounts = [r[i] for r in rows]
            totals[i] = sum(a for a in amounts if isinstance(a, int))
    return tuple(totals)


def _county_name(number: str) -> str:
    try:
        return load_registry().county(number).name
    except ReferenceDataError:
        return ""


def _municipality(tenant_id: UUID, audit: ProgrammeAudit) -> tuple[str, str]:
    """The municipality's number valid today and its name (the tenant, else the lead)."""
    registry = load_registry()
    for candidate in (tenant_id, audit.programme.lead_municipality_id):
        try:
            municipality = registry.municipality(candidate)
        except ReferenceDataError:
            continue
        return municipality.current_number, municipality.name
    return "", ""


def _body_nb(body: Any) -> str | None:
    if body is None:
        return None
    try:
        return BODY_NB[DecidingBody(body)]
    except ValueError:
        return str(body)


def _iso_date(value: Any) -> date | None:
    return None if not value else date.fromisoformat(str(value))


def names_for(report: CountyAuditReport, projects: ProjectView, plans: PlanStateView) -> Names:
    """Project names from the project read model; focus-area names from the plan in force
    (else the working version) of each programme in the report."""
    project_names: dict[tuple[UUID, str], str] = {}
    area_names: dict[tuple[UUID, str], str] = {}
    for audit in report.programmes:
        pid = audit.programme.programme_id
        codes = {r.project_code for r in audit.projects if r.project_code} | {
            c.project_code for c in audit.co_financing
        }
        for code in sorted(codes):
            row = projects.project_by_code(pid, code)
            if row is not None:
                project_names[pid, code] = row.name
        plan = plans.plan_for_programme(pid)
        if plan is None:
            continue
        contents = [plan.get("content") or {}]
        if plan.get("in_force_version") is not None:
            in_force = plans.version(UUID(str(plan["plan_id"])), int(plan["in_force_version"]))
            if in_force is not None:
                contents.insert(0, in_force.get("content") or {})
        for content in reversed(contents):  # the plan in force wins
            for area in content.get("focusAreas") or []:
                area_names[pid, area["code"]] = area["name"]
    return Names(project_names, area_names)
