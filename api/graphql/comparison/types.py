"""The national comparison and population figures: GraphQL types, inputs and results."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any
from uuid import UUID

import strawberry

from api.graphql.action_plan.types import Money
from api.graphql.assessment.types import AssessmentSeriesPoint
from api.graphql.continuation.types import ContinuationStatusRow
from api.graphql.errors import ConflictError, ForbiddenError, ValidationError
from api.graphql.plan.types import FocusAreaKind
from api.graphql.programme.types import Phase, StatusKind
from api.graphql.reference.types import County, Municipality
from api.graphql.results.types import IndicatorTotal, ResultsPerKrone
from api.graphql.shared import Actor
from projections import comparison as model
from projections.population import PopulationAnswer, PopulationFigureRow, PopulationImportRow
from tenants import load_registry


@strawberry.type(description="What a figure means (definisjon), in English and Norwegian")
class Definition:
    key: str = strawberry.field(description="The figure it defines (nøkkel), e.g. spent")
    en: str = strawberry.field(description="Definition in English (engelsk)")
    nb: str = strawberry.field(description="Definition in Norwegian (norsk bokmål)")

    @classmethod
    def of(cls, d: model.Definition) -> Definition:
        return cls(key=d.key, en=d.en, nb=d.nb)


def definitions() -> list[Definition]:
    return [Definition.of(d) for d in model.DEFINITIONS]


# Population


@strawberry.type(description="One import of population figures (import av folketall)")
class PopulationImport:
    number: int = strawberry.field(description="Import number, 1, 2, 3 … (importnummer)")
    source: str = strawberry.field(description="Source of the figures (kilde)")
    file_name: str = strawberry.field(description="Name of the imported file (filnavn)")
    sha256: str = strawberry.field(description="SHA-256 of the file (sjekksum)")
    imported_on: date = strawberry.field(description="Date of the import (importdato)")
    imported_by: Actor = strawberry.field(description="Who imported it (importert av)")
    figure_count: int = strawberry.field(description="Figures in the file (antall tall)")

    @classmethod
    def of(cls, row: PopulationImportRow) -> PopulationImport:
        by = row.imported_by
        return cls(
            number=row.number,
            source=row.source,
            file_name=row.file_name,
            sha256=row.sha256,
            imported_on=row.imported_on,
            imported_by=Actor.of(by["userId"], by["name"], by["role"]),
            figure_count=row.figure_count,
        )


@strawberry.type(
    description="A municipality's population on 1 January of a year (folkemengde 1. januar)"
)
class PopulationFigure:
    municipality: Municipality = strawberry.field(description="The municipality (kommune)")
    municipality_number: str = strawberry.field(
        description="The municipality number as the file wrote it (kommunenummer)"
    )
    year: int = strawberry.field(description="Year whose 1 January it counts (år)")
    population: int = strawberry.field(description="Population (folkemengde)")
    source: PopulationImport = strawberry.field(
        description="The import the figure comes from (kilde)"
    )

    @classmethod
    def of(cls, row: PopulationFigureRow) -> PopulationFigure:
        return cls(
            municipality=Municipality.of(load_registry().municipality(row.municipality_id)),
            municipality_number=row.municipality_number,
            year=row.year,
            population=row.population,
            source=PopulationImport.of(row.source),
        )


@strawberry.type(
    description="Population of municipalities together in a year (samlet folkemengde), with "
    "the figures and sources behind it"
)
class Population:
    year: int = strawberry.field(description="Year (år), as of 1 January")
    total: int | None = strawberry.field(
        description="The sum (sum); null when a municipality lacks a figure"
    )
    figures: list[PopulationFigure] = strawberry.field(description="Figures found (tall)")
    missing: list[Municipality] = strawberry.field(
        description="Municipalities without a figure for the year (mangler tall)"
    )

    @classmethod
    def of(cls, answer: PopulationAnswer) -> Population:
        registry = load_registry()
        return cls(
            year=answer.year,
            total=answer.total,
            figures=[PopulationFigure.of(f) for f in answer.figures],
            missing=[Municipality.of(registry.municipality(m)) for m in answer.missing],
        )


@strawberry.type(description="The import recorded (import registrert)")
class PopulationImportPayload:
    imported: PopulationImport | None = strawberry.field(
        description="The import as now recorded (import)"
    )
    version: int = strawberry.field(description="New version of the register (versjon)")


ImportPopulationResult = Annotated[
    PopulationImportPayload | ValidationError | ForbiddenError | ConflictError,
    strawberry.union(
        "ImportPopulationResult",
        description="The import, or why nothing was written (resultat)",
    ),
]


# The comparison


@strawberry.enum(description="Column to sort the comparison by (sorteringskolonne)")
class ComparisonColumn(Enum):
    NAME = strawberry.enum_value("name", description="Programme name (navn)")
    GRANTED = strawberry.enum_value("granted", description="Funds granted, total (tilsagn)")
    DISBURSED = strawberry.enum_value("disbursed", description="Disbursed, total (utbetalt)")
    SPENT = strawberry.enum_value("spent", description="Spent, total (forbruk)")
    GRANTED_PER_INHABITANT = strawberry.enum_value(
        "granted_per_inhabitant", description="Granted per inhabitant (tilsagn per innbygger)"
    )
    DISBURSED_PER_INHABITANT = strawberry.enum_value(
        "disbursed_per_inhabitant",
        description="Disbursed per inhabitant (utbetalt per innbygger)",
    )
    SPENT_PER_INHABITANT = strawberry.enum_value(
        "spent_per_inhabitant", description="Spent per inhabitant (forbruk per innbygger)"
    )
    POPULATION = strawberry.enum_value(
        "population", description="Population in the latest year shown (folkemengde)"
    )
    LATE_STEPS = strawberry.enum_value(
        "late_steps", description="Late steps in the year wheel (forsinkede steg)"
    )
    DAYS_LATE = strawberry.enum_value("days_late", description="Days late (dager forsinket)")
    PERIOD_START = strawberry.enum_value("period_start", description="Period start (periodestart)")
    PERIOD_END = strawberry.enum_value("period_end", description="Period end (periodeslutt)")
    ATTAINMENT = strawberry.enum_value(
        "attainment", description="Mean target attainment (gjennomsnittlig måloppnåelse)"
    )
    JOBS_PER_MILLION = strawberry.enum_value(
        "jobs_per_million",
        description="Jobs created and secured per million NOK spent "
        "(arbeidsplasser per million kroner)",
    )
    LATEST_WEIGHTED_SCORE = strawberry.enum_value(
        "latest_weighted_score",
        description="Weighted score of the latest status assessment shown (siste vektede poengsum)",
    )
    CONTINUATION_DAYS_LATE = strawberry.enum_value(
        "continuation_days_late",
        description="Most days late in Videreføring (dager forsinket i videreføringen)",
    )
    CONTINUATION_LATE = strawberry.enum_value(
        "continuation_late", description="Late in Videreføring (forsinket videreføring)"
    )


@strawberry.enum(description="Sort direction (sorteringsretning)")
class SortDirection(Enum):
    ASC = strawberry.enum_value("asc", description="Ascending (stigende)")
    DESC = strawberry.enum_value("desc", description="Descending (synkende)")


@strawberry.input(description="Which programmes and years to compare (filter); all if left out")
class ComparisonFilterInput:
    county_numbers: list[str] | None = strawberry.field(
        default=None,
        description="Counties (fylkesnumre): programmes a county supervises or granted",
    )
    status_kinds: list[StatusKind] | None = strawberry.field(
        default=None, description="Status kinds (grunnlag for status)"
    )
    phases: list[Phase] | None = strawberry.field(default=None, description="Phases (faser)")
    period_from: date | None = strawberry.field(
        default=None, description="Period overlaps from this date (periode fra)"
    )
    period_to: date | None = strawberry.field(
        default=None, description="Period overlaps up to this date (periode til)"
    )
    years: list[int] | None = strawberry.field(
        default=None, description="Programme years shown and summed (år)"
    )


@strawberry.input(description="Sorting (sortering); ties by name, then id")
class ComparisonSortInput:
    column: ComparisonColumn = strawberry.field(
        default=ComparisonColumn.NAME, description="Column (kolonne)"
    )
    direction: SortDirection = strawberry.field(
        default=SortDirection.ASC, description="Direction (retning); unknown values last"
    )


@strawberry.type(description="A figure per inhabitant (per innbygger), or why it is missing")
class PerInhabitant:
    amount: Money | None = strawberry.field(
        description="Amount per inhabitant (beløp per innbygger); null when unknown"
    )
    reason: str | None = strawberry.field(
        description="Why there is no amount (begrunnelse), e.g. a missing population figure"
    )

    @classmethod
    def of(cls, value: model.PerInhabitant) -> PerInhabitant:
        return cls(amount=None if value.ore is None else Money.of(value.ore), reason=value.reason)


@strawberry.type(description="Per inhabitant (per innbygger) for each money figure")
class PerInhabitantFigures:
    granted: PerInhabitant = strawberry.field(description="Granted (tilsagn) per inhabitant")
    disbursed: PerInhabitant = strawberry.field(description="Disbursed (utbetalt) per inhabitant")
    spent: PerInhabitant = strawberry.field(description="Spent (forbruk) per inhabitant")

    @classmethod
    def of(cls, values: dict[str, model.PerInhabitant]) -> PerInhabitantFigures:
        return cls(**{k: PerInhabitant.of(v) for k, v in values.items()})


@strawberry.type(description="Spending of one focus-area type (forbruk per innsatsområdetype)")
class KindSpending:
    kind: FocusAreaKind | None = strawberry.field(
        description="Type (innsatsområdetype); null for focus areas the plan leaves unclassified"
    )
    kind_nb: str = strawberry.field(description="The type in Norwegian (type)")
    spent: Money = strawberry.field(description="Spent (forbruk)")

    @classmethod
    def of(cls, item: model.KindSpending) -> KindSpending:
        return cls(
            kind=None if item.kind == model.UNCLASSIFIED else FocusAreaKind(item.kind),
            kind_nb=item.kind_nb,
            spent=Money.of(item.spent_ore),
        )


@strawberry.type(description="A programme's figures for one year (årets tall)")
class ComparisonYear:
    year: int = strawberry.field(description="Programme year (år)")
    granted: Money = strawberry.field(description="Funds granted, net (netto tilsagn)")
    disbursed: Money = strawberry.field(description="Disbursed (utbetalt)")
    spent: Money = strawberry.field(description="Spent (forbruk)")
    spent_by_kind: list[KindSpending] = strawberry.field(
        description="Spent per focus-area type (forbruk per innsatsområdetype)"
    )
    population: int | None = strawberry.field(
        description="Population of the municipalities on 1 January (folkemengde)"
    )
    population_reason: str | None = strawberry.field(
        description="Why the population is unknown (begrunnelse)"
    )
    population_sources: list[str] = strawberry.field(
        description="Sources of the population figures (kilder)"
    )
    per_inhabitant: PerInhabitantFigures = strawberry.field(
        description="Money figures per inhabitant (per innbygger)"
    )
    late_steps: int = strawberry.field(description="Late steps in the year wheel (forsinkede steg)")
    days_late: int = strawberry.field(description="Days late, most overdue step (dager forsinket)")

    @classmethod
    def of(cls, y: model.YearFigures) -> ComparisonYear:
        return cls(
            year=y.year,
            granted=Money.of(y.granted_ore),
            disbursed=Money.of(y.disbursed_ore),
            spent=Money.of(y.spent_ore),
            spent_by_kind=[KindSpending.of(k) for k in y.spent_by_kind],
            population=y.population,
            population_reason=y.population_reason,
            population_sources=list(y.population_sources),
            per_inhabitant=PerInhabitantFigures.of(y.per_inhabitant),
            late_steps=y.late_steps,
            days_late=y.days_late,
        )


@strawberry.type(description="A programme's totals over the years shown (sum)")
class ComparisonTotals:
    granted: Money = strawberry.field(description="Funds granted, net (netto tilsagn)")
    disbursed: Money = strawberry.field(description="Disbursed (utbetalt)")
    spent: Money = strawberry.field(description="Spent (forbruk)")
    spent_by_kind: list[KindSpending] = strawberry.field(
        description="Spent per focus-area type (forbruk per innsatsområdetype)"
    )
    per_inhabitant: PerInhabitantFigures = strawberry.field(
        description="Sum of each year's figure per inhabitant (sum per innbygger)"
    )
    late_steps: int = strawberry.field(description="Late steps, all years (forsinkede steg)")
    days_late: int = strawberry.field(description="Most days late in a year (dager forsinket)")
    latest_population: int | None = strawberry.field(
        description="Population in the latest year shown (siste folkemengde)"
    )

    @classmethod
    def of(cls, t: model.Totals) -> ComparisonTotals:
        return cls(
            granted=Money.of(t.granted_ore),
            disbursed=Money.of(t.disbursed_ore),
            spent=Money.of(t.spent_ore),
            spent_by_kind=[KindSpending.of(k) for k in t.spent_by_kind],
            per_inhabitant=PerInhabitantFigures.of(t.per_inhabitant),
            late_steps=t.late_steps,
            days_late=t.days_late,
            latest_population=t.latest_population,
        )


@strawberry.type(
    description="A programme's indicator results in the comparison (programmets resultater)"
)
class ComparisonResults:
    year: int | None = strawberry.field(
        description="Only this year's periods, when one year is filtered (år)"
    )
    attainment: Decimal | None = strawberry.field(
        description="Mean target attainment (gjennomsnittlig måloppnåelse); none when no "
        "series has one"
    )
    attainment_definition_nb: str = strawberry.field(description="How it is computed (definisjon)")
    attained_series: int = strawberry.field(
        description="Series with a computable attainment (serier med måloppnåelse)"
    )
    series: int = strawberry.field(description="Series (antall måleserier)")
    totals: list[IndicatorTotal] = strawberry.field(
        description="Totals per catalogue indicator (sum per indikator)"
    )
    per_million: list[ResultsPerKrone] = strawberry.field(
        description="Results per million NOK spent (resultater per million kroner)"
    )
    jobs_per_million: Decimal | None = strawberry.field(
        description="Jobs created and secured per million NOK spent (arbeidsplasser per "
        "million kroner); none when nothing is spent"
    )

    @classmethod
    def of(cls, r: model.ComparisonRow) -> ComparisonResults | None:
        s = r.results
        if s is None:
            return None
        return cls(
            year=s.year,
            attainment=s.attainment,
            attainment_definition_nb=s.attainment_definition_nb,
            attained_series=s.attained_series,
            series=s.series,
            totals=[IndicatorTotal.of(t) for t in s.totals],
            per_million=[ResultsPerKrone.of(p) for p in r.results_per_million],
            jobs_per_million=r.jobs_per_million,
        )


@strawberry.type(description="One programme in the comparison (programrad)")
class ProgrammeComparison:
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    name: str = strawberry.field(description="Name (navn)")
    granting_county: County = strawberry.field(description="County that granted status (fylke)")
    supervising_county: County = strawberry.field(
        description="County that supervises it now (tilsynsfylke)"
    )
    municipalities: list[Municipality] = strawberry.field(
        description="Municipalities, the lead first (kommuner)"
    )
    status_kind: StatusKind = strawberry.field(description="Status kind (grunnlag for status)")
    phase: Phase = strawberry.field(description="Phase (fase)")
    period_start: date = strawberry.field(description="Period start (periodestart)")
    period_end: date = strawberry.field(description="Period end (periodeslutt)")
    years: list[ComparisonYear] = strawberry.field(description="Per year (per år)")
    totals: ComparisonTotals = strawberry.field(description="Over the years shown (sum)")
    results: ComparisonResults | None = strawberry.field(
        description="Indicator results and target attainment (resultater og måloppnåelse); "
        "none without result series"
    )
    assessment_scores: list[AssessmentSeriesPoint] = strawberry.field(
        description="Status-assessment scores of the years shown (programstatusvurdering)"
    )
    latest_weighted_score: Decimal | None = strawberry.field(
        description="Weighted score of the latest assessment shown (siste vektede poengsum)"
    )
    continuation: ContinuationStatusRow | None = strawberry.field(
        description="Videreføring on the date: deadline and lateness (videreføring)"
    )

    @classmethod
    def of(cls, r: model.ComparisonRow, on: date) -> ProgrammeComparison:
        registry = load_registry()
        return cls(
            programme_id=r.programme_id,
            name=r.name,
            granting_county=County.of(registry.county(r.granting_county_number), on),
            supervising_county=County.of(registry.county(r.supervising_county_number), on),
            municipalities=[
                Municipality.of(registry.municipality(m), on) for m in r.municipality_ids
            ],
            status_kind=StatusKind(r.status_kind),
            phase=Phase(r.phase),
            period_start=r.period_start,
            period_end=r.period_end,
            years=[ComparisonYear.of(y) for y in r.years],
            totals=ComparisonTotals.of(r.totals),
            results=ComparisonResults.of(r),
            assessment_scores=[AssessmentSeriesPoint.of(a) for a in r.assessment_scores],
            latest_weighted_score=r.latest_weighted_score,
            continuation=None
            if r.continuation is None
            else ContinuationStatusRow.of(r.continuation),
        )


@strawberry.type(
    description="National figures (nasjonale tall): sums over the programmes covered and per "
    "inhabitant nationally"
)
class NationalFigures:
    programmes: int = strawberry.field(description="Programmes covered (antall programmer)")
    years: list[int] = strawberry.field(description="Years covered (år)")
    granted: Money = strawberry.field(description="Funds granted, net (netto tilsagn)")
    disbursed: Money = strawberry.field(description="Disbursed (utbetalt)")
    spent: Money = strawberry.field(description="Spent (forbruk)")
    spent_by_kind: list[KindSpending] = strawberry.field(
        description="Spent per focus-area type (forbruk per innsatsområdetype)"
    )
    per_inhabitant: PerInhabitantFigures = strawberry.field(
        description="Per inhabitant nationally (per innbygger)"
    )
    programmes_without_population: int = strawberry.field(
        description="Programmes left out of a year's per-inhabitant figure (uten folketall)"
    )
    late_steps: int = strawberry.field(description="Late steps in all (forsinkede steg)")
    covers_every_programme: bool = strawberry.field(
        description="True when filters other than years were not applied (alle programmer)"
    )
    results_totals: list[IndicatorTotal] = strawberry.field(
        description="Results per catalogue indicator, restricted series left out "
        "(publiserte resultater)"
    )
    attainment: Decimal | None = strawberry.field(
        description="Mean target attainment over the programmes that have one "
        "(gjennomsnittlig måloppnåelse)"
    )
    programmes_with_attainment: int = strawberry.field(
        description="Programmes with a target attainment (programmer med måloppnåelse)"
    )
    results_per_million: list[ResultsPerKrone] = strawberry.field(
        description="Results per million NOK spent nationally (resultater per million kroner)"
    )
    mean_latest_weighted_score: Decimal | None = strawberry.field(
        description="Mean of the programmes' latest weighted assessment score (gjennomsnittlig "
        "vektet poengsum)"
    )
    programmes_with_assessment: int = strawberry.field(
        description="Programmes with a status assessment in the years shown (programmer med "
        "vurdering)"
    )
    continuation_late: int = strawberry.field(
        description="Programmes late in Videreføring on the date (forsinket videreføring)"
    )
    definitions: list[Definition] = strawberry.field(description="Definitions (definisjoner)")

    @classmethod
    def of(cls, n: model.NationalFigures) -> NationalFigures:
        return cls(
            programmes=n.programmes,
            years=list(n.years),
            granted=Money.of(n.granted_ore),
            disbursed=Money.of(n.disbursed_ore),
            spent=Money.of(n.spent_ore),
            spent_by_kind=[KindSpending.of(k) for k in n.spent_by_kind],
            per_inhabitant=PerInhabitantFigures.of(n.per_inhabitant),
            programmes_without_population=n.programmes_without_population,
            late_steps=n.late_steps,
            covers_every_programme=n.covers_every_programme,
            results_totals=[IndicatorTotal.of(t) for t in n.results_totals],
            attainment=n.attainment,
            programmes_with_attainment=n.programmes_with_attainment,
            results_per_million=[ResultsPerKrone.of(p) for p in n.results_per_million],
            mean_latest_weighted_score=n.mean_latest_weighted_score,
            programmes_with_assessment=n.programmes_with_assessment,
            continuation_late=n.continuation_late,
            definitions=definitions(),
        )


@strawberry.type(
    description="Programmes side by side (nasjonal sammenligning), with the national figures "
    "and every figure's definition"
)
class NationalComparison:
    on: date = strawberry.field(description="Judged on this date (per dato)")
    rows: list[ProgrammeComparison] = strawberry.field(description="Programmes (programmer)")
    national_figures: NationalFigures = strawberry.field(
        description="National figures (nasjonale tall)"
    )
    definitions: list[Definition] = strawberry.field(description="Definitions (definisjoner)")

    @classmethod
    def of(cls, c: model.Comparison) -> NationalComparison:
        return cls(
            on=c.on,
            rows=[ProgrammeComparison.of(r, c.on) for r in c.rows],
            national_figures=NationalFigures.of(c.national),
            definitions=[Definition.of(d) for d in c.definitions],
        )


def filter_from(value: ComparisonFilterInput | None) -> model.ComparisonFilter:
    if value is None:
        return model.ComparisonFilter()

    def values(items: list[Any] | None) -> tuple[str, ...] | None:
        return None if items is None else tuple(i.value for i in items)

    return model.ComparisonFilter(
        county_numbers=None if value.county_numbers is None else tuple(value.county_numbers),
        status_kinds=values(value.status_kinds),
        phases=values(value.phases),
        period_from=value.period_from,
        period_to=value.period_to,
        years=None if value.years is None else tuple(value.years),
    )


def sort_from(value: ComparisonSortInput | None) -> model.ComparisonSort:
    if value is None:
        return model.ComparisonSort()
    return model.ComparisonSort(value.column.name.lower(), value.direction is SortDirection.DESC)
