"""Result queries, scoped: the catalogue is national reference data anyone signed in reads;
a programme's indicators and results are read by its municipality, its county and Innovasjon
Norge; national figures cover the programmes the caller may see, beside the published
national totals (restricted series left out) that everyone may see."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.action_plan.types import Money
from api.graphql.context import Context, Info
from api.graphql.results.types import (
    Indicator,
    IndicatorCatalogue,
    IndicatorTotal,
    NationalResults,
    ProgrammeResults,
    ResultSeries,
    ResultsPerKrone,
)
from domain.results.figures import PROGRAMME_ATTAINMENT_NB, mean_attainment
from domain.shared.errors import ValidationFailed
from projections.funds import MovementFilter
from projections.results import (
    ProgrammeResultSummary,
    national_totals,
    results_per_krone,
)

ProgrammeId = Annotated[UUID, strawberry.argument(description="The programme (omstillingsprogram)")]
AnyYear = Annotated[
    int | None,
    strawberry.argument(description="Only this year's periods (år); every period if left out"),
]
NATIONAL_ATTAINMENT_NB = (
    "Gjennomsnitt av programmenes måloppnåelse (uvektet), for programmer der den kan beregnes."
)


def spent_by_programme(
    context: Context, programme_ids: list[UUID] | None, year: int | None
) -> dict[UUID, int]:
    """Restructuring funds spent (øre), per programme, from the funds read model."""
    spent: dict[UUID, int] = {}
    flows = context.runtime.funds.flow(
        "year", MovementFilter(programme_ids=programme_ids, year=year)
    )
    for row in flows:
        spent[row.programme_id] = spent.get(row.programme_id, 0) + row.figures.spent
    return spent


def programme_results(
    context: Context, summary: ProgrammeResultSummary, spent_ore: int, name: str
) -> ProgrammeResults:
    return ProgrammeResults(
        programme_id=summary.programme_id,
        programme_name=name,
        year=summary.year,
        totals=[IndicatorTotal.of(t) for t in summary.totals],
        attainment=summary.attainment,
        attainment_definition_nb=summary.attainment_definition_nb,
        attained_series=summary.attained_series,
        series_count=summary.series,
        spent=Money.of(spent_ore),
        per_krone=[ResultsPerKrone.of(f) for f in results_per_krone(summary.totals, spent_ore)],
    )


@strawberry.type
class ResultQuery:
    @strawberry.field(
        description="The national indicator catalogue (indikatorkatalog), today or as it stood "
        "at an earlier catalogue version"
    )
    def indicator_catalogue(
        self,
        info: Info,
        as_of_version: Annotated[
            int | None, strawberry.argument(description="Catalogue version (katalogversjon)")
        ] = None,
        include_retired: Annotated[
            bool, strawberry.argument(description="Include retired codes (ta med utgåtte)")
        ] = False,
    ) -> IndicatorCatalogue:
        view = info.context.runtime.results
        current = view.catalogue_version()
        if as_of_version is not None and not 0 <= as_of_version <= current:
            raise ValidationFailed("asOfVersion", f"must be between 0 and {current}")
        at = current if as_of_version is None else as_of_version
        rows = view.catalogue(at, include_retired=include_retired)
        return IndicatorCatalogue(
            version=current, as_of_version=at, indicators=[Indicator.of(r) for r in rows]
        )

    @strawberry.field(description="Every version of a catalogue indicator (versjonshistorikk)")
    def indicator_history(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description="Indicator code (indikatorkode)")],
    ) -> list[Indicator]:
        return [Indicator.of(r) for r in info.context.runtime.results.indicator_history(code)]

    @strawberry.field(description="A programme's local indicators, every version (lokale)")
    def local_indicators(self, info: Info, programme_id: ProgrammeId) -> list[Indicator]:
        context = info.context
        context.readable_programme(programme_id)
        rows = context.runtime.results.local_indicators([programme_id])
        return [Indicator.of(r) for r in rows]

    @strawberry.field(
        description="A programme's result table (resultattabell): every series with the latest "
        "value per period and its history"
    )
    def result_table(self, info: Info, programme_id: ProgrammeId) -> list[ResultSeries]:
        context = info.context
        context.readable_programme(programme_id)
        return [ResultSeries.of(s) for s in context.runtime.results.series([programme_id])]

    @strawberry.field(
        description="A programme's results (programmets resultater): totals, target attainment "
        "and results per krone, with definitions"
    )
    def programme_results(
        self, info: Info, programme_id: ProgrammeId, year: AnyYear = None
    ) -> ProgrammeResults:
        context = info.context
        row = context.readable_programme(programme_id)
        found = context.runtime.results.programme_summaries([programme_id], year)
        summary = (
            found[0]
            if found
            else ProgrammeResultSummary(programme_id, row.tenant_id, year, [], None, 0, 0)
        )
        spent = spent_by_programme(context, [programme_id], year).get(programme_id, 0)
        return programme_results(context, summary, spent, row.name)

    @strawberry.field(
        description="Results across the programmes you may see (nasjonale resultater): "
        "Innovasjon Norge all, a county those it supervises, a municipality its own; beside "
        "them the published national totals"
    )
    def national_results(self, info: Info, year: AnyYear = None) -> NationalResults:
        context = info.context
        visible = {r.programme_id: r for r in context.visible_programmes()}
        scope = None if context.principal.reads_everything else list(visible)
        view = context.runtime.results
        summaries = [s for s in view.programme_summaries(scope, year) if s.programme_id in visible]
        spent = spent_by_programme(context, scope, year)
        programmes = [
            programme_results(
                context, s, spent.get(s.programme_id, 0), visible[s.programme_id].name
            )
            for s in summaries
        ]
        totals = national_totals(summaries)
        spent_total = sum(spent.get(pid, 0) for pid in visible)
        return NationalResults(
            year=year,
            programmes=programmes,
            totals=[IndicatorTotal.of(t) for t in totals],
            attainment=mean_attainment(s.attainment for s in summaries),
            attainment_definition_nb=NATIONAL_ATTAINMENT_NB,
            spent=Money.of(spent_total),
            per_krone=[ResultsPerKrone.of(f) for f in results_per_krone(totals, spent_total)],
            published_totals=[
                IndicatorTotal.of(t)
                for t in national_totals(view.programme_summaries(None, year, published_only=True))
            ],
        )


__all__ = ["PROGRAMME_ATTAINMENT_NB", "ResultQuery"]
