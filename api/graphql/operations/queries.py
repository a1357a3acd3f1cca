"""Whether the read models behind the answers are complete: a read model that set aside an
event of a tenant the principal may see says so, rather than answering as if complete."""

from __future__ import annotations

import strawberry

from api.graphql.context import Info
from api.graphql.scalars import BigInt


@strawberry.type(description="A read model (oversikt) and how current it is")
class ReadModelState:
    name: str = strawberry.field(description="The read model's name (navn)")
    position: BigInt | None = strawberry.field(description="Last log position applied (posisjon)")
    lag_events: int = strawberry.field(description="Events written but not yet applied (etterslep)")
    stale: bool = strawberry.field(
        description="An event the principal may see could not be applied and was set aside "
        "(ufullstendig): answers from this read model may lack it"
    )
    stale_reason: str | None = strawberry.field(description="Why it is stale, in English (årsak)")
    stale_reason_nb: str | None = strawberry.field(
        description="Why it is stale, in Norwegian (årsak: hvorfor oversikten er ufullstendig)"
    )


@strawberry.type
class OperationsQuery:
    @strawberry.field(description="How current each read model is (oversiktenes tilstand)")
    def read_models(self, info: Info) -> list[ReadModelState]:
        context = info.context
        scope = context.tenant_scope()
        visible = None if scope is None else {str(t) for t in scope}
        set_aside: dict[str, int] = {}
        for entry in context.runtime.quarantined():
            if visible is None or entry.tenant_id is None or entry.tenant_id in visible:
                set_aside[entry.projection] = set_aside.get(entry.projection, 0) + 1
        states = []
        for model in context.runtime.read_model_status():
            count = set_aside.get(model.name, 0)
            states.append(
                ReadModelState(
                    name=model.name,
                    position=BigInt(model.position) if model.position is not None else None,
                    lag_events=model.lag_events,
                    stale=count > 0,
                    stale_reason=f"{count} event(s) could not be applied and are quarantined"
                    if count
                    else None,
                    stale_reason_nb=f"{count} hendelse(r) kunne ikke tas inn og er satt til side"
                    if count
                    else None,
                )
            )
        return states
