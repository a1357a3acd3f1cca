"""The national comparison and population figures. Rows are scoped: Innovasjon Norge sees
every programme, a county those it supervises, a municipality its own; everyone sees the
national figures and the population figures (national reference data)."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.comparison.types import (
    ComparisonFilterInput,
    ComparisonSortInput,
    NationalComparison,
    NationalFigures,
    Population,
    PopulationFigure,
    PopulationImport,
    filter_from,
    sort_from,
)
from api.graphql.context import Context, Info
from domain.shared.clock import today_in_norway
from domain.shared.errors import ValidationFailed
from projections.comparison import Comparison, compare
from tenants import ReferenceDataError

MAX_MUNICIPALITIES = 400

Filter = Annotated[
    ComparisonFilterInput | None,
    strawberry.argument(description="Which programmes and years (filter); all if left out"),
]
On = Annotated[
    date | None,
    strawberry.argument(description="Judge lateness on this date (per dato); today in Norway"),
]


def run_comparison(
    context: Context,
    where: ComparisonFilterInput | None,
    sort: ComparisonSortInput | None,
    on: date | None,
) -> Comparison:
    chosen = filter_from(where)
    for i, number in enumerate(chosen.county_numbers or ()):
        try:
            context.registry.county(number)
        except ReferenceDataError:
            raise ValidationFailed(
                f"filter.countyNumbers[{i}]", "must be a county number in the register"
            ) from None
    if chosen.period_from and chosen.period_to and chosen.period_to < chosen.period_from:
        raise ValidationFailed("filter.periodTo", "cannot be before periodFrom")
    principal = context.principal
    return compare(
        context.runtime.comparison_sources(),
        context.visible_programmes(),
        reads_everything=principal.reads_everything,
        where=chosen,
        sort=sort_from(sort),
        on=on or today_in_norway(),
    )


@strawberry.type
class ComparisonQuery:
    @strawberry.field(
        description="Programmes side by side (nasjonal sammenligning): funds per year and "
        "focus-area type, per inhabitant, lateness; the programmes you may see, and the "
        "national figures"
    )
    def national_comparison(
        self,
        info: Info,
        filter: Filter = None,
        sort: Annotated[
            ComparisonSortInput | None,
            strawberry.argument(description="Sorting (sortering); by name if left out"),
        ] = None,
        on: On = None,
    ) -> NationalComparison:
        return NationalComparison.of(run_comparison(info.context, filter, sort, on))

    @strawberry.field(
        description="National figures (nasjonale tall): sums and per inhabitant over the "
        "programmes; for those who do not see every programme, always over all of them"
    )
    def national_figures(self, info: Info, filter: Filter = None, on: On = None) -> NationalFigures:
        return NationalFigures.of(run_comparison(info.context, filter, None, on).national)

    @strawberry.field(
        description="Population (folkemengde) of municipalities on 1 January of a year, with "
        "the source of each figure; every municipality with a figure if none are named"
    )
    def population(
        self,
        info: Info,
        year: Annotated[int, strawberry.argument(description="Year, as of 1 January (år)")],
        municipality_numbers: Annotated[
            list[str] | None,
            strawberry.argument(description="Municipality numbers (kommunenumre)"),
        ] = None,
    ) -> Population:
        context = info.context
        view = context.runtime.population
        if municipality_numbers is None:
            figures = view.figures(year=year)
            return Population.of(view.population([f.municipality_id for f in figures], year))
        if len(municipality_numbers) > MAX_MUNICIPALITIES:
            raise ValidationFailed(
                "municipalityNumbers", f"at most {MAX_MUNICIPALITIES} municipalities"
            )
        ids: list[UUID] = []
        for i, number in enumerate(municipality_numbers):
            try:
                ids.append(context.registry.municipality_by_number(number).id)
            except ReferenceDataError:
                raise ValidationFailed(
                    f"municipalityNumbers[{i}]", "must be a municipality number in the register"
                ) from None
        return Population.of(view.population(ids, year))

    @strawberry.field(
        description="Every figure imported for a municipality and year, the earliest first: "
        "the current one last, the superseded before it (historikk)"
    )
    def population_history(
        self,
        info: Info,
        municipality_number: Annotated[
            str, strawberry.argument(description="Municipality number (kommunenummer)")
        ],
        year: Annotated[int, strawberry.argument(description="Year, as of 1 January (år)")],
    ) -> list[PopulationFigure]:
        context = info.context
        try:
            municipality = context.registry.municipality_by_number(municipality_number)
        except ReferenceDataError:
            raise ValidationFailed(
                "municipalityNumber", "must be a municipality number in the register"
            ) from None
        rows = context.runtime.population.history(municipality.id, year)
        return [PopulationFigure.of(r) for r in rows]

    @strawberry.field(description="Every import of population figures (importer av folketall)")
    def population_imports(self, info: Info) -> list[PopulationImport]:
        return [PopulationImport.of(r) for r in info.context.runtime.population.imports()]
