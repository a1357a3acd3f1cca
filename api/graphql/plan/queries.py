"""Plan queries: the plan now, as it stood on a date, its versions and what changed between them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.context import Info
from api.graphql.plan.types import FieldChange, Plan, PlanVersion
from domain.plan.content import diff
from domain.shared.errors import NotFound, ValidationFailed
from projections.documents import content_from_doc

ProgrammeId = Annotated[
    UUID, strawberry.argument(description="The programme (omstillingsprogram) whose plan it is")
]
Moment = Annotated[
    datetime, strawberry.argument(description="The moment (tidspunkt), with its time zone")
]
VersionNumber = Annotated[int, strawberry.argument(description="A version number (versjonsnummer)")]


@strawberry.type
class PlanQuery:
    @strawberry.field(
        description="The restructuring plan (Omstillingsplan) of a programme as it is now; "
        "null if not drafted yet"
    )
    def plan(self, info: Info, programme_id: ProgrammeId) -> Plan | None:
        context = info.context
        context.readable_programme(programme_id)
        row = context.runtime.plans.plan_for_programme(programme_id)
        return Plan.of_row(row) if row else None

    @strawberry.field(
        description="The plan as it stood at a moment (planen slik den var), rebuilt from the "
        "event log; null if it was not drafted yet then"
    )
    def plan_as_of(self, info: Info, programme_id: ProgrammeId, at: Moment) -> Plan | None:
        if at.tzinfo is None:
            raise ValidationFailed("at", "must carry a time zone, e.g. 2024-06-01T12:00:00+02:00")
        context = info.context
        context.readable_programme(programme_id)
        plan_id = context.runtime.app.plan_id_for(programme_id)
        if context.runtime.plans.plan(plan_id) is None:
            return None
        plan = context.runtime.app.plan_as_of(context.principal, plan_id, at)
        return Plan.of_aggregate(plan) if plan else None

    @strawberry.field(
        description="Every version of the plan (planhistorikk), oldest first, with the reasons, "
        "decisions and changes behind each"
    )
    def plan_history(self, info: Info, programme_id: ProgrammeId) -> list[PlanVersion]:
        context = info.context
        context.readable_programme(programme_id)
        plan_id = context.runtime.app.plan_id_for(programme_id)
        return [PlanVersion.of(v) for v in context.runtime.plans.versions(plan_id)]

    @strawberry.field(
        description="Field-level changes (endringer) from one version of the plan to another"
    )
    def plan_diff(
        self,
        info: Info,
        programme_id: ProgrammeId,
        from_version: VersionNumber,
        to_version: VersionNumber,
    ) -> list[FieldChange]:
        context = info.context
        context.readable_programme(programme_id)
        plan_id = context.runtime.app.plan_id_for(programme_id)
        versions = []
        for number in (from_version, to_version):
            version = context.runtime.plans.version(plan_id, number)
            if version is None:
                raise NotFound(f"the plan has no version {number}")
            versions.append(content_from_doc(version["content"]))
        return [FieldChange.of(c) for c in diff(*versions)]
