"""Videreføring queries, scoped: a municipality sees its own programme, a county the programmes
it supervises, Innovasjon Norge all."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.context import Info
from api.graphql.continuation.types import Continuation, ContinuationStatusRow
from domain.shared.clock import today_in_norway
from domain.shared.errors import NotFound

ProgrammeId = Annotated[UUID, strawberry.argument(description="The programme (omstillingsprogram)")]
On = Annotated[
    date | None,
    strawberry.argument(description="As it stood on this date (per dato); today if left out"),
]
AnyCounty = Annotated[
    str | None,
    strawberry.argument(
        description="Only the programmes this county supervises (fylkesnummer); all you may see "
        "if left out"
    ),
]


@strawberry.type
class ContinuationQuery:
    @strawberry.field(
        description="The programme's Videreføring (videreføring) on a date: stages, owners, "
        "deliverables, outcomes, costs, the cost frame, Innovasjon Norge's share and lateness"
    )
    def continuation(self, info: Info, programme_id: ProgrammeId, on: On = None) -> Continuation:
        context = info.context
        context.readable_programme(programme_id)
        record = context.runtime.continuation.continuation(programme_id, on or today_in_norway())
        if record is None:  # registered, but its read model has not caught up
            raise NotFound(f"no programme with id {programme_id}")
        return Continuation.of(record)

    @strawberry.field(
        description="Videreføring of every programme you may see (status for videreføring), "
        "the latest first: late starts and stages past their time frame by days late"
    )
    def continuation_statuses(
        self, info: Info, on: On = None, county_number: AnyCounty = None
    ) -> list[ContinuationStatusRow]:
        context = info.context
        principal, runtime = context.principal, context.runtime
        day = on or today_in_norway()
        scope: list[UUID] | None
        if county_number is not None:
            scope = [
                r.programme_id for r in runtime.supervised_programmes(principal, county_number)
            ]
        elif principal.reads_everything:
            scope = None
        else:
            scope = [r.programme_id for r in context.visible_programmes()]
        return [ContinuationStatusRow.of(s) for s in runtime.continuation.statuses(scope, day)]
