"""The national comparison (nasjonal sammenligning): programmes side by side, composed at read
time from the read models that already hold each figure. It keeps nothing of its own.

- programme, counties, municipalities, status kind, phase and period: the programme directory;
- funds granted, disbursed and spent per programme year: the fund movements (FundView);
- spending per focus-area type: the movements' focus-area code, classified by the kind the
  programme's Omstillingsplan gives that focus area (PlanStateView);
- per inhabitant: the population of the programme's municipalities on 1 January of the year
  (PopulationView), None with a reason where a figure is missing;
- lateness: the year wheel's late steps and days late (YearWheelView);
- indicator results and target attainment: the result series (ResultView);
- status-assessment scores: the score series (AssessmentView);
- lateness in Videreføring: the continuation statuses on the date (ContinuationView).

Who sees what: Innovasjon Norge's analysts every programme; a county the programmes it
supervises; a municipality its own. The national figures (nationalFigures) are published
aggregates: everyone sees them; for those who do not read everything they always cover every
programme (only the year filter applies), so no filter can narrow them down to one programme.
Being published, their results leave out restricted (skjermet) series; a row's results, shown
only to those who may see that programme, include them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any
from uuid import UUID

from domain.assessment.template import round_half_up
from domain.plan.content import FOCUS_AREA_KIND_NB, FocusAreaKind
from domain.results.figures import (
    PER_MILLION_NB,
    PROGRAMME_ATTAINMENT_NB,
    mean_attainment,
    per_million_nok,
)
from projections.assessments import AssessmentScoreRow, AssessmentView
from projections.continuation import ContinuationStatus, ContinuationView
from projections.funds import FundView, MovementFilter
from projections.plans import PlanStateView
from projections.population import PopulationAnswer, PopulationView
from projections.programmes import ProgrammeDirectoryView, ProgrammeRow
from projections.results import (
    IndicatorTotal,
    PerKrone,
    ProgrammeResultSummary,
    ResultView,
    national_totals,
    results_per_krone,
)
from projections.year_wheel import YearWheelView
from tenants import load_registry

UNCLASSIFIED = "unclassified"
UNCLASSIFIED_NB = "Ikke klassifisert"
MONEY_FIGURES = ("granted", "disbursed", "spent")
SORT_COLUMNS = (
    "name",
    "granted",
    "disbursed",
    "spent",
    "granted_per_inhabitant",
    "disbursed_per_inhabitant",
    "spent_per_inhabitant",
    "population",
    "late_steps",
    "days_late",
    "period_start",
    "period_end",
    "attainment",
    "jobs_per_million",
    "latest_weighted_score",
    "continuation_days_late",
    "continuation_late",
)
JOBS = ("jobs_created", "jobs_secured")


@dataclass(frozen=True)
class Definition:
    """What a figure means, beside the figure, in English and Norwegian."""

    key: str
    en: str
    nb: str


DEFINITIONS: tuple[Definition, ...] = (
    Definition(
        "granted",
        "Funds granted for the programme year: the county's grants after amendments, less what "
        "the county withdrew or clawed back (net grant), in NOK.",
        "Netto tilsagn for programåret: fylkeskommunens tilsagn etter endringer, fratrukket "
        "tilbaketrukne og tilbakekrevde midler, i kroner.",
    ),
    Definition(
        "disbursed",
        "Funds the county paid out on the year's grants (disbursements), in NOK.",
        "Utbetalt: det fylkeskommunen har betalt ut på årets tilsagn, i kroner.",
    ),
    Definition(
        "spent",
        "Restructuring funds spent on the year's grants as reported from the accounts, net of "
        "reversed lines; co-financing from other sources not included, in NOK.",
        "Forbruk av omstillingsmidler på årets tilsagn slik regnskapet er rapportert, etter "
        "krediterte linjer; medfinansiering fra andre kilder er ikke med, i kroner.",
    ),
    Definition(
        "spent_by_kind",
        "Spending by focus-area type: each spending line counts for the type the programme's "
        "Omstillingsplan gives the project's focus area; 'unclassified' where the plan gives "
        "none.",
        "Forbruk per innsatsområdetype: hver forbrukslinje telles på typen omstillingsplanen "
        "gir prosjektets innsatsområde; «ikke klassifisert» der planen ikke angir type.",
    ),
    Definition(
        "population",
        "Population of the programme's municipalities together on 1 January of the year, from "
        "the latest imported population file (the source is named); unknown if any "
        "municipality lacks a figure.",
        "Folkemengde i programmets kommuner samlet per 1. januar i året, fra siste importerte "
        "befolkningsfil (kilden er oppgitt); ukjent om en kommune mangler tall.",
    ),
    Definition(
        "per_inhabitant",
        "Per inhabitant: the year's figure divided by the year's population, rounded to whole "
        "øre; empty with a reason where the population is unknown.",
        "Per innbygger: årets tall delt på årets folkemengde, avrundet til hele øre; tomt med "
        "begrunnelse der folkemengden er ukjent.",
    ),
    Definition(
        "total_per_inhabitant",
        "Total per inhabitant: the sum over the years shown of each year's figure per "
        "inhabitant; empty if a year with money lacks its population.",
        "Sum per innbygger: summen over årene som vises av hvert års tall per innbygger; tomt "
        "om et år med midler mangler folkemengde.",
    ),
    Definition(
        "late_steps",
        "Late steps in the year wheel: steps of the programme year the platform records whose "
        "window has closed without them being done, as of the date asked about.",
        "Forsinkede steg i årshjulet: steg i programåret plattformen registrerer der fristen "
        "er passert uten at steget er gjort, per datoen det spørres om.",
    ),
    Definition(
        "days_late",
        "Days late: for the most overdue late step, the days since its window closed; the "
        "total is the largest over the years.",
        "Dager forsinket: for det mest forsinkede steget, dager siden fristen gikk ut; "
        "totalen er den største over årene.",
    ),
    Definition(
        "national_per_inhabitant",
        "National per inhabitant: per year, the programmes' figures divided by their "
        "municipalities' population (each municipality counted once), summed over the years; "
        "programmes without a population figure for a year are left out of that year.",
        "Nasjonalt per innbygger: per år, programmenes tall delt på folkemengden i kommunene "
        "deres (hver kommune telt én gang), summert over årene; programmer uten folketall for "
        "et år holdes utenfor det året.",
    ),
    Definition(
        "attainment",
        "Target attainment: the unweighted mean of the attainment of the programme's result "
        "series where it can be computed; a series' attainment is (latest actual − baseline) / "
        "(target − baseline) for its latest period with both, 1 meaning the target is reached. "
        "Nationally: the mean over the programmes that have one, restricted series left out.",
        PROGRAMME_ATTAINMENT_NB,
    ),
    Definition(
        "results_per_million",
        "Results per million NOK: the sum of actual results of an indicator divided by the "
        "restructuring funds spent (in NOK / 1 000 000) by the same programmes in the same "
        "years; not computed when nothing is spent. Jobs per million counts jobs created and "
        "jobs secured together.",
        PER_MILLION_NB,
    ),
    Definition(
        "weighted_score",
        "Weighted assessment score: process weight × mean of the six process scores + effect "
        "weight × mean of the six effect scores, with the weights recorded when the status "
        "assessment was held, rounded half up to two decimals; the latest is that of the latest "
        "year shown. Nationally: the mean of the programmes' latest, rounded the same way.",
        "Vektet poengsum i programstatusvurderingen: vekt prosess × snittet av de seks "
        "prosesspoengene + vekt effekt × snittet av de seks effektpoengene, med vektene som "
        "gjaldt da vurderingen ble holdt, avrundet til to desimaler; den siste er den for det "
        "siste året som vises. Nasjonalt: snittet av programmenes siste, avrundet likt.",
    ),
    Definition(
        "continuation_late",
        "Late in Videreføring: the forstudie did not start by the deadline, two years before "
        "the period ends, or a stage runs past its time frame, on the date asked about; days "
        "late is the most days past the deadline or a stage's time frame.",
        "Forsinket videreføring: forstudien var ikke startet innen fristen, to år før "
        "periodens slutt, eller en fase går utover tidsrammen sin, per datoen det spørres om; "
        "dager forsinket er flest dager over fristen eller en fases tidsramme.",
    ),
)


# Figures


@dataclass(frozen=True)
class PerInhabitant:
    """A money figure per inhabitant in øre, or None and why."""

    ore: int | None
    reason: str | None = None


@dataclass(frozen=True)
class KindSpending:
    kind: str  # a FocusAreaKind value, or UNCLASSIFIED
    spent_ore: int

    @property
    def kind_nb(self) -> str:
        if self.kind == UNCLASSIFIED:
            return UNCLASSIFIED_NB
        return FOCUS_AREA_KIND_NB[FocusAreaKind(self.kind)]


@dataclass(frozen=True)
class YearFigures:
    year: int
    granted_ore: int
    disbursed_ore: int
    spent_ore: int
    spent_by_kind: tuple[KindSpending, ...]
    population: int | None
    population_reason: str | None
    population_sources: tuple[str, ...]  # the imports' sources behind the figure
    per_inhabitant: dict[str, PerInhabitant]  # by MONEY_FIGURES
    late_steps: int
    days_late: int


@dataclass(frozen=True)
class Totals:
    granted_ore: int
    disbursed_ore: int
    spent_ore: int
    spent_by_kind: tuple[KindSpending, ...]
    per_inhabitant: dict[str, PerInhabitant]
    late_steps: int
    days_late: int
    latest_population: int | None  # of the latest year shown


@dataclass(frozen=True)
class ComparisonRow:
    """One programme. `results` is None when the programme has no result series,
    `continuation` when the continuation read model does not know the programme."""

    programme_id: UUID
    name: str
    granting_county_number: str
    supervising_county_number: str
    lead_municipality_id: UUID
    municipality_ids: tuple[UUID, ...]
    municipality_numbers: tuple[str, ...]
    status_kind: str
    phase: str
    period_start: date
    period_end: date
    years: tuple[YearFigures, ...]
    totals: Totals
    results: ProgrammeResultSummary | None = None
    results_per_million: list[PerKrone] = field(default_factory=list)
    assessment_scores: tuple[AssessmentScoreRow, ...] = ()
    continuation: ContinuationStatus | None = None

    @property
    def jobs_per_million(self) -> Decimal | None:
        """Jobs created and secured per million NOK spent; None when nothing is spent or
        nothing is reported."""
        if self.results is None:
            return None
        return per_million_nok(
            sum((self.results.total(c) for c in JOBS), Decimal(0)), self.totals.spent_ore
        )

    @property
    def latest_weighted_score(self) -> Decimal | None:
        return self.assessment_scores[-1].weighted_score if self.assessment_scores else None

    def sort_value(self, column: str) -> Any:
        if column == "attainment":
            return self.results.attainment if self.results else None
        if column in ("jobs_per_million", "latest_weighted_score"):
            return getattr(self, column)
        if column == "continuation_days_late":
            return self.continuation.most_days_late if self.continuation else None
        if column == "continuation_late":
            return self.continuation.is_late if self.continuation else None
        if column == "name":
            return self.name.casefold()
        if column in ("period_start", "period_end"):
            return getattr(self, column)
        if column in MONEY_FIGURES:
            return getattr(self.totals, f"{column}_ore")
        if column.endswith("_per_inhabitant"):
            return self.totals.per_inhabitant[column.removesuffix("_per_inhabitant")].ore
        if column == "population":
            return self.totals.latest_population
        return getattr(self.totals, column)


@dataclass(frozen=True)
class NationalFigures:
    """Sums over the programmes covered, and per inhabitant nationally."""

    programmes: int
    years: tuple[int, ...]
    granted_ore: int
    disbursed_ore: int
    spent_ore: int
    spent_by_kind: tuple[KindSpending, ...]
    per_inhabitant: dict[str, PerInhabitant]
    programmes_without_population: int
    late_steps: int
    covers_every_programme: bool  # True: the filters other than years did not apply
    # Published figures: restricted (skjermet) result series left out.
    results_totals: tuple[IndicatorTotal, ...] = ()
    attainment: Decimal | None = None  # mean over the programmes that have one
    programmes_with_attainment: int = 0
    results_per_million: tuple[PerKrone, ...] = ()
    mean_latest_weighted_score: Decimal | None = None
    programmes_with_assessment: int = 0
    continuation_late: int = 0  # programmes late in Videreføring on the date


@dataclass(frozen=True)
class ComparisonFilter:
    """Every field narrows; None leaves it open."""

    county_numbers: tuple[str, ...] | None = None  # supervising or granting county
    status_kinds: tuple[str, ...] | None = None
    phases: tuple[str, ...] | None = None
    period_from: date | None = None  # the period overlaps [period_from, period_to]
    period_to: date | None = None
    years: tuple[int, ...] | None = None

    def matches(self, row: ProgrammeRow, supervising: str) -> bool:
        if self.county_numbers is not None and not (
            {row.granting_county_number, supervising} & set(self.county_numbers)
        ):
            return False
        if self.status_kinds is not None and row.kind not in self.status_kinds:
            return False
        if self.phases is not None and row.phase not in self.phases:
            return False
        if self.period_from is not None and row.period_end < self.period_from:
            return False
        return not (self.period_to is not None and row.period_start > self.period_to)


@dataclass(frozen=True)
class ComparisonSort:
    column: str = "name"
    descending: bool = False

    def __post_init__(self) -> None:
        if self.column not in SORT_COLUMNS:
            raise ValueError(f"cannot sort by {self.column!r}; one of {', '.join(SORT_COLUMNS)}")


@dataclass(frozen=True)
class Comparison:
    on: date
    rows: tuple[ComparisonRow, ...]
    national: NationalFigures
    definitions: tuple[Definition, ...] = DEFINITIONS


@dataclass
class ComparisonSources:
    """The read models the comparison composes."""

    programmes: ProgrammeDirectoryView
    plans: PlanStateView
    funds: FundView
    population: PopulationView
    year_wheel: YearWheelView
    results: ResultView
    assessments: AssessmentView
    continuation: ContinuationView


# The composition


def compare(
    sources: ComparisonSources,
    visible: Sequence[ProgrammeRow],
    *,
    reads_everything: bool,
    where: ComparisonFilter = ComparisonFilter(),
    sort: ComparisonSort = ComparisonSort(),
    on: date,
) -> Comparison:
    """The rows of the `visible` programmes that pass the filter, sorted (None values last,
    ties by name and id), and the national figures."""
    registry = load_registry()
    every = sources.programmes.programmes()
    supervising = {
        r.programme_id: registry.supervising_county(
            r.granting_county_number, r.lead_municipality_id, on
        ).number
        for r in every
    }
    visible_ids = {r.programme_id for r in visible}
    shown = [
        r
        for r in every
        if r.programme_id in visible_ids and where.matches(r, supervising[r.programme_id])
    ]
    if reads_everything:
        covered = [r for r in every if where.matches(r, supervising[r.programme_id])]
    else:
        covered = list(every)
    needed = {r.programme_id: r for r in [*shown, *covered]}
    built = _build(sources, list(needed.values()), supervising, where.years, on)
    rows = _sorted([built[r.programme_id] for r in shown], sort)
    national = _national(
        sources,
        [built[r.programme_id] for r in covered],
        covers_every=not reads_everything,
        year=_one_year(where.years),
    )
    return Comparison(on=on, rows=tuple(rows), national=national)


def _one_year(years: tuple[int, ...] | None) -> int | None:
    """Results are summed over one year when exactly one is filtered, else over all."""
    return years[0] if years is not None and len(set(years)) == 1 else None


def _sorted(rows: list[ComparisonRow], sort: ComparisonSort) -> list[ComparisonRow]:
    rows = sorted(rows, key=lambda r: (r.name.casefold(), str(r.programme_id)))
    known = [r for r in rows if r.sort_value(sort.column) is not None]
    unknown = [r for r in rows if r.sort_value(sort.column) is None]
    # Python's sort is stable, also reversed: ties keep the name-and-id order.
    known.sort(key=lambda r: r.sort_value(sort.column), reverse=sort.descending)
    return known + unknown


def _years(
    row: ProgrammeRow, with_money: set[int], only: tuple[int, ...] | None, on: date
) -> list[int]:
    period = set(range(row.period_start.year, min(row.period_end.year, on.year) + 1))
    years = period | with_money
    if only is not None:
        years &= set(only)
    return sorted(years)


def _kinds(plans: PlanStateView, programme_id: UUID) -> dict[str, str]:
    """Focus-area code → kind, as the plan's versions give it (the latest version wins, so a
    code removed in a revision keeps the kind it had)."""
    plan = plans.plan_for_programme(programme_id)
    if plan is None:
        return {}
    kinds: dict[str, str] = {}
    contents = [v["content"] for v in plans.versions(UUID(plan["plan_id"]))] + [plan["content"]]
    for content in contents:
        for area in content.get("focusAreas", []):
            if area.get("kind"):
                kinds[area["code"]] = area["kind"]
            else:
                kinds.setdefault(area["code"], UNCLASSIFIED)
    return kinds


def _build(
    sources: ComparisonSources,
    programmes: list[ProgrammeRow],
    supervising: dict[UUID, str],
    only_years: tuple[int, ...] | None,
    on: date,
) -> dict[UUID, ComparisonRow]:
    if not programmes:
        return {}
    registry = load_registry()
    ids = [r.programme_id for r in programmes]
    selection = MovementFilter(programme_ids=ids)
    by_year = {(f.programme_id, f.year): f.figures for f in sources.funds.flow("year", selection)}
    by_area: dict[tuple[UUID, int], dict[str, int]] = {}
    for f in sources.funds.flow("focus_area", selection):
        if f.figures.spent:
            areas = by_area.setdefault((f.programme_id, f.year), {})
            areas[f.focus_area_code or ""] = areas.get(f.focus_area_code or "", 0) + f.figures.spent
    years_of = {
        r.programme_id: _years(r, {y for (p, y) in by_year if p == r.programme_id}, only_years, on)
        for r in programmes
    }
    lateness: dict[tuple[UUID, int], tuple[int, int]] = {}
    for year in sorted({y for ys in years_of.values() for y in ys}):
        for wheel in sources.year_wheel.wheels(on, year=year, programme_ids=ids):
            lateness[(wheel.programme_id, year)] = (len(wheel.late), wheel.days_late)
    summaries = {
        s.programme_id: s
        for s in sources.results.programme_summaries(ids, year=_one_year(only_years))
    }
    scores: dict[UUID, list[AssessmentScoreRow]] = {}
    for score in sources.assessments.score_series(ids):
        if only_years is None or score.year in only_years:
            scores.setdefault(score.programme_id, []).append(score)
    continuation = {s.programme_id: s for s in sources.continuation.statuses(ids, on)}
    built: dict[UUID, ComparisonRow] = {}
    for r in programmes:
        kinds = _kinds(sources.plans, r.programme_id)
        populations = sources.population.populations(r.municipality_ids, years_of[r.programme_id])
        years = []
        for year in years_of[r.programme_id]:
            figures = by_year.get((r.programme_id, year))
            money = {
                "granted": figures.available if figures else 0,
                "disbursed": figures.disbursed if figures else 0,
                "spent": figures.spent if figures else 0,
            }
            spent_by_kind: dict[str, int] = {}
            for code, spent in by_area.get((r.programme_id, year), {}).items():
                kind = kinds.get(code, UNCLASSIFIED)
                spent_by_kind[kind] = spent_by_kind.get(kind, 0) + spent
            answer = populations[year]
            reason = _missing(answer, registry, year)
            late, days = lateness.get((r.programme_id, year), (0, 0))
            years.append(
                YearFigures(
                    year=year,
                    granted_ore=money["granted"],
                    disbursed_ore=money["disbursed"],
                    spent_ore=money["spent"],
                    spent_by_kind=_by_kind(spent_by_kind),
                    population=answer.total,
                    population_reason=reason,
                    population_sources=tuple(s.source for s in answer.sources),
                    per_inhabitant={
                        f: _per_inhabitant(Fraction(ore), answer.total, reason)
                        for f, ore in money.items()
                    },
                    late_steps=late,
                    days_late=days,
                )
            )
        totals = _totals(years)
        summary = summaries.get(r.programme_id)
        built[r.programme_id] = ComparisonRow(
            programme_id=r.programme_id,
            name=r.name,
            granting_county_number=r.granting_county_number,
            supervising_county_number=supervising[r.programme_id],
            lead_municipality_id=r.lead_municipality_id,
            municipality_ids=r.municipality_ids,
            municipality_numbers=tuple(
                registry.municipality(m).number_on(on) or registry.municipality(m).current_number
                for m in r.municipality_ids
            ),
            status_kind=r.kind,
            phase=r.phase,
            period_start=r.period_start,
            period_end=r.period_end,
            years=tuple(years),
            totals=totals,
            results=summary,
            results_per_million=(
                results_per_krone(summary.totals, totals.spent_ore) if summary else []
            ),
            assessment_scores=tuple(sorted(scores.get(r.programme_id, []), key=lambda s: s.year)),
            continuation=continuation.get(r.programme_id),
        )
    return built


def _missing(answer: PopulationAnswer, registry: Any, year: int) -> str | None:
    if not answer.missing:
        return None
    names = ", ".join(
        f"{registry.municipality(m).current_number} {registry.municipality(m).name}"
        for m in answer.missing
    )
    return f"no population figure for 1 January {year} for {names}"


def _per_inhabitant(amount: Fraction, population: int | None, reason: str | None) -> PerInhabitant:
    if population is None:
        return PerInhabitant(None, reason or "population unknown")
    if population == 0:
        return PerInhabitant(None, "the population is 0")
    return PerInhabitant(round(amount / population))


def _by_kind(spent: dict[str, int]) -> tuple[KindSpending, ...]:
    order = [k.value for k in FocusAreaKind] + [UNCLASSIFIED]
    return tuple(KindSpending(k, spent[k]) for k in order if spent.get(k))


def _sum_by_kind(parts: Iterable[tuple[KindSpending, ...]]) -> tuple[KindSpending, ...]:
    total: dict[str, int] = {}
    for part in parts:
        for item in part:
            total[item.kind] = total.get(item.kind, 0) + item.spent_ore
    return _by_kind(total)


def _totals(years: list[YearFigures]) -> Totals:
    per_inhabitant: dict[str, PerInhabitant] = {}
    for figure in MONEY_FIGURES:
        share, lacking = Fraction(0), []
        for y in years:
            ore = getattr(y, f"{figure}_ore")
            if y.population:
                share += Fraction(ore, y.population)
            elif ore:
                lacking.append(y.year)
        per_inhabitant[figure] = (
            PerInhabitant(
                None,
                "population unknown for " + ", ".join(str(y) for y in lacking),
            )
            if lacking
            else PerInhabitant(round(share))
        )
    latest = years[-1] if years else None
    return Totals(
        granted_ore=sum(y.granted_ore for y in years),
        disbursed_ore=sum(y.disbursed_ore for y in years),
        spent_ore=sum(y.spent_ore for y in years),
        spent_by_kind=_sum_by_kind(y.spent_by_kind for y in years),
        per_inhabitant=per_inhabitant,
        late_steps=sum(y.late_steps for y in years),
        days_late=max((y.days_late for y in years), default=0),
        latest_population=latest.population if latest else None,
    )


def _national(
    sources: ComparisonSources,
    rows: list[ComparisonRow],
    *,
    covers_every: bool,
    year: int | None,
) -> NationalFigures:
    years = sorted({y.year for r in rows for y in r.years})
    per_inhabitant: dict[str, PerInhabitant] = {}
    without: set[UUID] = set()
    shares = {f: Fraction(0) for f in MONEY_FIGURES}
    for year in years:
        in_year = [(r, y) for r in rows for y in r.years if y.year == year]
        known = [(r, y) for r, y in in_year if y.population is not None]
        without |= {r.programme_id for r, y in in_year if y.population is None}
        municipalities = {m for r, _ in known for m in r.municipality_ids}
        population = sources.population.population(municipalities, year).total or 0
        if not population:
            continue
        for f in MONEY_FIGURES:
            shares[f] += Fraction(sum(getattr(y, f"{f}_ore") for _, y in known), population)
    for f in MONEY_FIGURES:
        per_inhabitant[f] = (
            PerInhabitant(round(shares[f])) if years else PerInhabitant(None, "no programme years")
        )
    ids = [r.programme_id for r in rows]
    published = (
        sources.results.programme_summaries(ids, year=year, published_only=True) if ids else []
    )
    totals = national_totals(published)
    attainments = [s.attainment for s in published if s.attainment is not None]
    spent = sum(r.totals.spent_ore for r in rows)
    latest = [r.latest_weighted_score for r in rows if r.latest_weighted_score is not None]
    return NationalFigures(
        programmes=len(rows),
        years=tuple(years),
        granted_ore=sum(r.totals.granted_ore for r in rows),
        disbursed_ore=sum(r.totals.disbursed_ore for r in rows),
        spent_ore=sum(r.totals.spent_ore for r in rows),
        spent_by_kind=_sum_by_kind(r.totals.spent_by_kind for r in rows),
        per_inhabitant=per_inhabitant,
        programmes_without_population=len(without),
        late_steps=sum(r.totals.late_steps for r in rows),
        covers_every_programme=covers_every,
        results_totals=tuple(totals),
        attainment=mean_attainment(attainments),
        programmes_with_attainment=len(attainments),
        results_per_million=tuple(results_per_krone(totals, spent)),
        mean_latest_weighted_score=(
            round_half_up(sum((Fraction(s) for s in latest), Fraction(0)) / len(latest))
            if latest
            else None
        ),
        programmes_with_assessment=len(latest),
        continuation_late=sum(1 for r in rows if r.continuation and r.continuation.is_late),
    )
