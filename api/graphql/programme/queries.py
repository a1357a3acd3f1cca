"""Programme queries, scoped: a municipality sees its own, a county those it supervises."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.context import Info
from api.graphql.programme.types import Phase, Programme
from domain.programme.model import Phase as DomainPhase

CountyNumber = Annotated[
    str | None,
    strawberry.argument(description="Only those this county supervises (fylkesnummer)"),
]
PhaseFilter = Annotated[
    Phase | None, strawberry.argument(description="Only those in this phase (fase)")
]
ProgrammeId = Annotated[UUID, strawberry.argument(description="Programme id (program-id)")]


@strawberry.type
class ProgrammeQuery:
    @strawberry.field(
        description="Programmes (omstillingsprogrammer) you may see: a municipality its own, a "
        "county those it supervises (also those granted before the 2024 reform), Innovasjon "
        "Norge all; optionally only those a county supervises, or in a phase"
    )
    def programmes(
        self, info: Info, county_number: CountyNumber = None, phase: PhaseFilter = None
    ) -> list[Programme]:
        context = info.context
        rows = context.visible_programmes()
        if county_number is not None:
            rows = [r for r in rows if context.supervising_county(r) == county_number]
        if phase is not None:
            rows = [r for r in rows if r.phase == DomainPhase[phase.name]]
        return [Programme.of(r) for r in rows]

    @strawberry.field(description="One programme (omstillingsprogram) by id")
    def programme(self, info: Info, id: ProgrammeId) -> Programme:
        return Programme.of(info.context.readable_programme(id))
