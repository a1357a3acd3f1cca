"""Indicators and results (indikatorer og resultater): the national catalogue, local
indicators, result series with their history, and the derived figures with definitions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any
from uuid import UUID

import strawberry

from api.graphql.action_plan.types import Money
from api.graphql.errors import (
    ConflictError,
    ForbiddenError,
    InvalidTransitionError,
    NotFoundError,
    ValidationError,
)
from api.graphql.shared import Actor
from domain.results import indicators as domain
from domain.results.figures import Attainment as AttainmentValue
from domain.results.series import SUBJECT_NB
from domain.results.series import Period as DomainPeriod
from domain.results.series import SubjectKind as DomainSubject
from domain.shared.errors import ValidationFailed
from projections.results import ENTRY_NB, IndicatorRow, PerKrone, SeriesRow, ValueRow
from projections.results import IndicatorTotal as TotalRow
from projections.results import PeriodRow as PeriodRowValue

_REASON = "Why (begrunnelse)"
_VERSION = "The version you read (forventet versjon); refused with a conflict if it moved on"


@strawberry.enum(description="What an indicator tells of (indikatortype)")
class IndicatorKind(Enum):
    PROCESS = strawberry.enum_value("process", description="The work itself (prosess)")
    EFFECT = strawberry.enum_value("effect", description="What the work achieves (effekt)")


@strawberry.enum(description="Level of the result (resultatnivå)")
class IndicatorLevel(Enum):
    OUTPUT = strawberry.enum_value(
        "output", description="What the programme produces (resultat, output)"
    )
    OUTCOME = strawberry.enum_value(
        "outcome", description="The change in the community (virkning, outcome)"
    )


@strawberry.enum(description="Unit of an indicator (enhet)")
class IndicatorUnit(Enum):
    COUNT = strawberry.enum_value("count", description="A whole number (antall)")
    PERSON_YEARS = strawberry.enum_value("person_years", description="Person-years (årsverk)")
    PERCENT = strawberry.enum_value("percent", description="Percent, 0–100 (prosent)")
    NOK = strawberry.enum_value("nok", description="Kroner (kroner)")
    INDEX = strawberry.enum_value("index", description="An index (indeks)")


@strawberry.enum(description="What a result series measures (måleobjekt)")
class ResultSubjectKind(Enum):
    GOAL = strawberry.enum_value("goal", description="A goal of the plan (mål i planen)")
    PROJECT = strawberry.enum_value("project", description="A project (prosjekt)")


@strawberry.type(description="One version of an indicator (indikator)")
class Indicator:
    code: str = strawberry.field(description="Code (kode), e.g. jobs_created")
    version: int = strawberry.field(description="Version of the indicator (indikatorversjon)")
    local: bool = strawberry.field(
        description="A programme's own indicator, not the national catalogue's (lokal)"
    )
    programme_id: UUID | None = strawberry.field(
        description="The programme of a local indicator (omstillingsprogram)"
    )
    name_nb: str = strawberry.field(description="Norwegian name (navn)")
    name_en: str = strawberry.field(description="English name (engelsk navn)")
    unit: IndicatorUnit = strawberry.field(description="Unit (enhet)")
    unit_nb: str = strawberry.field(description="Unit in Norwegian (enhet)")
    kind: IndicatorKind = strawberry.field(description="Process or effect (type)")
    kind_nb: str = strawberry.field(description="Kind in Norwegian (type)")
    level: IndicatorLevel = strawberry.field(description="Output or outcome (nivå)")
    level_nb: str = strawberry.field(description="Level in Norwegian (nivå)")
    definition: str = strawberry.field(description="Definition (definisjon)")
    data_source: str = strawberry.field(description="Data source (datakilde)")
    added_in: int = strawberry.field(
        description="Register version that added this version (lagt til i katalogversjon)"
    )
    superseded_in: int | None = strawberry.field(
        description="Register version that revised it (erstattet i katalogversjon)"
    )
    retired_in: int | None = strawberry.field(
        description="Register version that retired the code (utgått i katalogversjon)"
    )
    reason: str | None = strawberry.field(description="Why it was added or revised (begrunnelse)")
    retire_reason: str | None = strawberry.field(description="Why it was retired (begrunnelse)")
    recorded_by: Actor = strawberry.field(description="Who recorded it (registrert av)")
    recorded_at: str = strawberry.field(description="When (tidspunkt)")

    @classmethod
    def of(cls, r: IndicatorRow) -> Indicator:
        unit = domain.Unit(r.unit)
        kind = domain.IndicatorKind(r.kind)
        level = domain.IndicatorLevel(r.level)
        return cls(
            code=r.code,
            version=r.version,
            local=r.source == "local",
            programme_id=r.programme_id,
            name_nb=r.name_nb,
            name_en=r.name_en,
            unit=IndicatorUnit[unit.name],
            unit_nb=domain.UNIT_NB[unit],
            kind=IndicatorKind[kind.name],
            kind_nb=domain.KIND_NB[kind],
            level=IndicatorLevel[level.name],
            level_nb=domain.LEVEL_NB[level],
            definition=r.definition,
            data_source=r.data_source,
            added_in=r.added_in,
            superseded_in=r.superseded_in,
            retired_in=r.retired_in,
            reason=r.reason,
            retire_reason=r.retire_reason,
            recorded_by=_actor(r.actor),
            recorded_at=r.recorded_at,
        )


def _actor(doc: dict[str, Any]) -> Actor:
    return Actor.of(doc["userId"], doc["name"], doc["role"])


@strawberry.type(description="The national indicator catalogue (indikatorkatalog) at a version")
class IndicatorCatalogue:
    version: int = strawberry.field(description="The catalogue's current version (versjon)")
    as_of_version: int = strawberry.field(
        description="The version shown (vist versjon): each code's indicator version then"
    )
    indicators: list[Indicator] = strawberry.field(description="Indicators (indikatorer)")


@strawberry.type(description="A period: a year or a quarter (periode)")
class Period:
    label: str = strawberry.field(description="Label (periode), e.g. 2025 or 2025-Q2")
    year: int = strawberry.field(description="Year (år)")
    quarter: int | None = strawberry.field(description="Quarter 1–4 (kvartal)")

    @classmethod
    def of(cls, p: DomainPeriod) -> Period:
        return cls(label=p.label, year=p.year, quarter=p.quarter)


@strawberry.type(description="One value ever set in a series (verdi med historikk)")
class ResultValue:
    entry: str = strawberry.field(
        description="baseline, target, actual or correction (nullpunkt, mål, faktisk, korrigert)"
    )
    entry_nb: str = strawberry.field(description="The entry in Norwegian (type verdi)")
    period: Period | None = strawberry.field(description="Period; none for a baseline (periode)")
    value: Decimal = strawberry.field(description="Value (verdi)")
    measured_on: date | None = strawberry.field(description="Baseline date (måledato)")
    source: str | None = strawberry.field(description="Source (kilde)")
    comment: str | None = strawberry.field(description="Comment (kommentar)")
    reason: str | None = strawberry.field(description="Reason (begrunnelse)")
    recorded_by: Actor = strawberry.field(description="Who (registrert av)")
    recorded_at: str = strawberry.field(description="When (tidspunkt)")
    superseded: bool = strawberry.field(
        description="A later value replaced it; kept as history (erstattet)"
    )
    version: int = strawberry.field(description="Version of the series it made (versjon)")

    @classmethod
    def of(cls, v: ValueRow) -> ResultValue:
        return cls(
            entry=v.entry,
            entry_nb=ENTRY_NB[v.entry],
            period=None if v.period is None else Period.of(v.period),
            value=v.value,
            measured_on=v.measured_on,
            source=v.source,
            comment=v.comment,
            reason=v.reason,
            recorded_by=_actor(v.actor),
            recorded_at=v.recorded_at,
            superseded=v.superseded,
            version=v.aggregate_version,
        )


@strawberry.type(description="A period of the result table: latest values and history (periode)")
class ResultPeriod:
    period: Period = strawberry.field(description="Period (periode)")
    target: Decimal | None = strawberry.field(description="Latest target (mål)")
    actual: Decimal | None = strawberry.field(
        description="Latest actual, after corrections (faktisk)"
    )
    corrected: bool = strawberry.field(description="The actual was corrected (korrigert)")
    history: list[ResultValue] = strawberry.field(
        description="Every value set for the period, oldest first (historikk)"
    )

    @classmethod
    def of(cls, p: PeriodRowValue) -> ResultPeriod:
        return cls(
            period=Period.of(p.period),
            target=p.target,
            actual=p.actual,
            corrected=p.corrected,
            history=[ResultValue.of(v) for v in p.history],
        )


@strawberry.type(description="Target attainment with its definition (måloppnåelse)")
class Attainment:
    value: Decimal | None = strawberry.field(
        description="Share of the target reached, 1 = reached; none when undefined (andel)"
    )
    period: Period | None = strawberry.field(description="The period it is for (periode)")
    definition_nb: str = strawberry.field(description="How it is computed (definisjon)")

    @classmethod
    def of(cls, a: AttainmentValue) -> Attainment:
        return cls(
            value=a.value,
            period=None if a.period is None else Period.of(a.period),
            definition_nb=a.definition_nb,
        )


@strawberry.type(description="A result series (måleserie): one indicator for a goal or project")
class ResultSeries:
    id: UUID = strawberry.field(description="Series id (serie-id)")
    programme_id: UUID = strawberry.field(description="Programme (omstillingsprogram)")
    subject_kind: ResultSubjectKind = strawberry.field(description="Goal or project (måleobjekt)")
    subject_kind_nb: str = strawberry.field(description="In Norwegian (måleobjekt)")
    subject_code: str = strawberry.field(description="Goal or project code (kode)")
    project_id: UUID | None = strawberry.field(description="The project (prosjekt-id)")
    indicator_code: str = strawberry.field(description="Indicator code (indikatorkode)")
    indicator_local: bool = strawberry.field(description="A local indicator (lokal)")
    indicator_version: int = strawberry.field(
        description="Indicator version it is measured by (indikatorversjon)"
    )
    indicator_name_nb: str = strawberry.field(description="Indicator name (indikator)")
    unit: IndicatorUnit = strawberry.field(description="Unit (enhet)")
    quarterly: bool = strawberry.field(description="Periods are quarters (kvartalsvis)")
    baseline_value: Decimal | None = strawberry.field(description="Baseline (nullpunkt)")
    baseline_on: date | None = strawberry.field(description="Baseline date (måledato)")
    baseline_source: str | None = strawberry.field(description="Baseline source (kilde)")
    baseline_history: list[ResultValue] = strawberry.field(
        description="Every baseline set (historikk for nullpunkt)"
    )
    restricted: bool = strawberry.field(description="Left out of what is published (skjermet)")
    legal_basis: str | None = strawberry.field(
        description="Legal basis of the restriction (hjemmel for skjerming)"
    )
    periods: list[ResultPeriod] = strawberry.field(description="The result table (resultattabell)")
    attainment: Attainment = strawberry.field(description="Target attainment (måloppnåelse)")
    version: int = strawberry.field(description="Version, for expectedVersion (versjon)")

    @classmethod
    def of(cls, s: SeriesRow) -> ResultSeries:
        subject = DomainSubject(s.subject_kind)
        return cls(
            id=s.series_id,
            programme_id=s.programme_id,
            subject_kind=ResultSubjectKind[subject.name],
            subject_kind_nb=SUBJECT_NB[subject],
            subject_code=s.subject_code,
            project_id=s.project_id,
            indicator_code=s.indicator_code,
            indicator_local=s.indicator_source == "local",
            indicator_version=s.indicator_version,
            indicator_name_nb=s.indicator_name_nb,
            unit=IndicatorUnit[domain.Unit(s.unit).name],
            quarterly=s.quarterly,
            baseline_value=s.baseline_value,
            baseline_on=s.baseline_on,
            baseline_source=s.baseline_source,
            baseline_history=[ResultValue.of(v) for v in s.baseline_history],
            restricted=s.restricted,
            legal_basis=s.legal_basis,
            periods=[ResultPeriod.of(p) for p in s.periods],
            attainment=Attainment.of(s.attainment),
            version=s.aggregate_version,
        )


@strawberry.type(description="Total of one catalogue indicator (sum per indikator)")
class IndicatorTotal:
    code: str = strawberry.field(description="Indicator code (indikatorkode)")
    name_nb: str = strawberry.field(description="Indicator name (indikator)")
    unit: IndicatorUnit = strawberry.field(description="Unit (enhet)")
    total: Decimal = strawberry.field(description="Total (sum)")
    series: int = strawberry.field(description="Series counted (antall måleserier)")
    definition_nb: str = strawberry.field(description="How it is computed (definisjon)")

    @classmethod
    def of(cls, t: TotalRow) -> IndicatorTotal:
        return cls(
            code=t.code,
            name_nb=t.name_nb,
            unit=IndicatorUnit[domain.Unit(t.unit).name],
            total=t.total,
            series=t.series,
            definition_nb=t.definition_nb,
        )


@strawberry.type(description="Results per million kroner spent (resultater per krone)")
class ResultsPerKrone:
    code: str = strawberry.field(description="Indicator code (indikatorkode)")
    name_nb: str = strawberry.field(description="Indicator name (indikator)")
    total: Decimal = strawberry.field(description="Results (resultat)")
    spent: Money = strawberry.field(description="Restructuring funds spent (forbruk)")
    per_million_nok: Decimal | None = strawberry.field(
        description="Results per million kroner; none when nothing is spent (per million kr)"
    )
    definition_nb: str = strawberry.field(description="How it is computed (definisjon)")

    @classmethod
    def of(cls, f: PerKrone) -> ResultsPerKrone:
        return cls(
            code=f.code,
            name_nb=f.name_nb,
            total=f.total,
            spent=Money.of(f.spent_ore),
            per_million_nok=f.per_million,
            definition_nb=f.definition_nb,
        )


@strawberry.type(description="A programme's results and derived figures (programmets resultater)")
class ProgrammeResults:
    programme_id: UUID = strawberry.field(description="Programme (omstillingsprogram)")
    programme_name: str = strawberry.field(description="Name (navn)")
    year: int | None = strawberry.field(description="Only this year's periods (år)")
    totals: list[IndicatorTotal] = strawberry.field(description="Totals (summer)")
    attainment: Decimal | None = strawberry.field(
        description="Mean target attainment (gjennomsnittlig måloppnåelse)"
    )
    attainment_definition_nb: str = strawberry.field(description="How it is computed (definisjon)")
    attained_series: int = strawberry.field(
        description="Series with a computable attainment (serier med måloppnåelse)"
    )
    series_count: int = strawberry.field(description="Series (antall måleserier)")
    spent: Money = strawberry.field(description="Restructuring funds spent (forbruk)")
    per_krone: list[ResultsPerKrone] = strawberry.field(
        description="Results per million kroner (resultater per krone)"
    )


@strawberry.type(description="Results across programmes (nasjonale resultater)")
class NationalResults:
    year: int | None = strawberry.field(description="Only this year's periods (år)")
    programmes: list[ProgrammeResults] = strawberry.field(
        description="The programmes you may see (programmer)"
    )
    totals: list[IndicatorTotal] = strawberry.field(
        description="Sums over those programmes (summer)"
    )
    attainment: Decimal | None = strawberry.field(
        description="Mean of the programmes' attainment (gjennomsnittlig måloppnåelse)"
    )
    attainment_definition_nb: str = strawberry.field(description="How (definisjon)")
    spent: Money = strawberry.field(description="Funds spent by those programmes (forbruk)")
    per_krone: list[ResultsPerKrone] = strawberry.field(
        description="Sum of results / sum of funds, per million kroner (resultater per krone)"
    )
    published_totals: list[IndicatorTotal] = strawberry.field(
        description="National totals of all programmes, restricted series left out "
        "(publiserte nasjonale tall)"
    )


# Inputs


@strawberry.input(description="An indicator's definition (indikator)")
class IndicatorInput:
    code: str = strawberry.field(description="Code (kode), lower-case, e.g. cruise_calls")
    name_nb: str = strawberry.field(description="Norwegian name (navn)")
    name_en: str = strawberry.field(description="English name (engelsk navn)")
    unit: IndicatorUnit = strawberry.field(description="Unit (enhet)")
    kind: IndicatorKind = strawberry.field(description="Process or effect (type)")
    level: IndicatorLevel = strawberry.field(description="Output or outcome (nivå)")
    definition: str = strawberry.field(description="Definition (definisjon)")
    data_source: str = strawberry.field(description="Data source (datakilde)")

    def to_domain(self) -> domain.Indicator:
        try:
            return domain.Indicator(
                self.code,
                self.name_nb,
                self.name_en,
                domain.Unit[self.unit.name],
                domain.IndicatorKind[self.kind.name],
                domain.IndicatorLevel[self.level.name],
                self.definition,
                self.data_source,
            )
        except ValidationFailed as error:
            raise error.at("indicator") from None


@strawberry.input(description="A year, optionally a quarter (periode)")
class PeriodInput:
    year: int = strawberry.field(description="Year (år)")
    quarter: int | None = strawberry.field(default=None, description="Quarter 1–4 (kvartal)")

    def to_domain(self) -> DomainPeriod:
        return DomainPeriod(self.year, self.quarter)


@strawberry.input(description="Publish the standard catalogue (publiser standardkatalogen)")
class PublishStandardIndicatorCatalogueInput:
    reason: str | None = strawberry.field(default=None, description=_REASON)


@strawberry.input(description="Add an indicator to the catalogue (ny indikator)")
class AddIndicatorInput:
    indicator: IndicatorInput = strawberry.field(description="The indicator (indikator)")
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="Revise an indicator into a new version (revider indikator)")
class ReviseIndicatorInput:
    indicator: IndicatorInput = strawberry.field(description="The new version (indikator)")
    reason: str = strawberry.field(description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="Retire an indicator (utgå indikator)")
class RetireIndicatorInput:
    code: str = strawberry.field(description="Code (kode)")
    reason: str = strawberry.field(description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="Define a local indicator (ny lokal indikator)")
class DefineLocalIndicatorInput:
    programme_id: UUID = strawberry.field(description="Programme (omstillingsprogram)")
    indicator: IndicatorInput = strawberry.field(description="The indicator (indikator)")
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="Retire a local indicator (utgå lokal indikator)")
class RetireLocalIndicatorInput:
    programme_id: UUID = strawberry.field(description="Programme (omstillingsprogram)")
    code: str = strawberry.field(description="Code (kode)")
    reason: str = strawberry.field(description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="Open a result series (ny måleserie)")
class OpenResultSeriesInput:
    programme_id: UUID = strawberry.field(description="Programme (omstillingsprogram)")
    subject_kind: ResultSubjectKind = strawberry.field(description="Goal or project (måleobjekt)")
    subject_code: str = strawberry.field(
        description="Goal code of the plan or project code (mål- eller prosjektkode)"
    )
    indicator_code: str = strawberry.field(
        description="Catalogue or local indicator code (indikatorkode)"
    )
    quarterly: bool = strawberry.field(
        default=False, description="Periods are quarters, not years (kvartalsvis)"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)


@strawberry.input(description="Set the baseline (sett nullpunkt)")
class SetResultBaselineInput:
    series_id: UUID = strawberry.field(description="Series (måleserie)")
    value: Decimal = strawberry.field(description="Value (verdi)")
    measured_on: date = strawberry.field(description="Date measured (måledato)")
    source: str = strawberry.field(description="Source (kilde)")
    reason: str | None = strawberry.field(
        default=None, description=f"{_REASON}; required to change a baseline"
    )
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="Set the target of a period (sett mål)")
class SetResultTargetInput:
    series_id: UUID = strawberry.field(description="Series (måleserie)")
    period: PeriodInput = strawberry.field(description="Period (periode)")
    value: Decimal = strawberry.field(description="Target (mål)")
    reason: str | None = strawberry.field(
        default=None, description=f"{_REASON}; required to change a target"
    )
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="Report the actual of a period (rapporter faktisk resultat)")
class ReportResultActualInput:
    series_id: UUID = strawberry.field(description="Series (måleserie)")
    period: PeriodInput = strawberry.field(description="Period (periode)")
    value: Decimal = strawberry.field(description="Actual (faktisk verdi)")
    source: str = strawberry.field(description="Source (kilde)")
    comment: str | None = strawberry.field(default=None, description="Comment (kommentar)")
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="Correct a reported actual (korriger faktisk resultat)")
class CorrectResultActualInput:
    series_id: UUID = strawberry.field(description="Series (måleserie)")
    period: PeriodInput = strawberry.field(description="Period (periode)")
    value: Decimal = strawberry.field(description="Corrected value (korrigert verdi)")
    reason: str = strawberry.field(description=f"{_REASON}; required")
    source: str = strawberry.field(description="Source (kilde)")
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="Restrict a series from publication (skjerm måleserie)")
class RestrictResultSeriesInput:
    series_id: UUID = strawberry.field(description="Series (måleserie)")
    legal_basis: str = strawberry.field(
        description="Legal basis (hjemmel), e.g. offl. § 13 jf. fvl. § 13"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


@strawberry.input(description="Lift a restriction (opphev skjerming)")
class UnrestrictResultSeriesInput:
    series_id: UUID = strawberry.field(description="Series (måleserie)")
    reason: str = strawberry.field(description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_VERSION)


# Payloads


@strawberry.type(description="The catalogue after the change (indikatorkatalog)")
class IndicatorCataloguePayload:
    catalogue: IndicatorCatalogue = strawberry.field(description="Catalogue (katalog)")
    version: int = strawberry.field(description="Record version (versjon)")


@strawberry.type(description="The programme's local indicators after the change (lokale)")
class LocalIndicatorsPayload:
    indicators: list[Indicator] = strawberry.field(description="Every version (indikatorer)")
    version: int = strawberry.field(description="Record version (versjon)")


@strawberry.type(description="The series after the change (måleserie)")
class ResultSeriesPayload:
    series: ResultSeries | None = strawberry.field(description="Series (måleserie)")
    version: int = strawberry.field(description="Record version (versjon)")


_ERRORS = ValidationError | NotFoundError | ForbiddenError | ConflictError | InvalidTransitionError
IndicatorCatalogueResult = Annotated[
    IndicatorCataloguePayload | _ERRORS,
    strawberry.union(
        "IndicatorCatalogueResult", description="The catalogue, or why not (resultat)"
    ),
]
LocalIndicatorsResult = Annotated[
    LocalIndicatorsPayload | _ERRORS,
    strawberry.union(
        "LocalIndicatorsResult", description="The local indicators, or why not (resultat)"
    ),
]
ResultSeriesResult = Annotated[
    ResultSeriesPayload | _ERRORS,
    strawberry.union("ResultSeriesResult", description="The series, or why not (resultat)"),
]
