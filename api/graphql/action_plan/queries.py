"""Handlingsplan and year-wheel queries, scoped to what the principal may read."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.action_plan.types import ActionPlan, YearWheel
from api.graphql.context import Info
from domain.shared.clock import today_in_norway
from domain.shared.errors import Forbidden

ProgrammeId = Annotated[UUID, strawberry.argument(description="The programme (omstillingsprogram)")]
Year = Annotated[int, strawberry.argument(description="The year (år)")]
On = Annotated[
    date | None,
    strawberry.argument(description="As it stands on this date (per dato); today in Norway"),
]
CountyNumber = Annotated[str, strawberry.argument(description="County number (fylkesnummer)")]


@strawberry.type
class ActionPlanQuery:
    @strawberry.field(description="The programme's Handlingsplans (handlingsplaner), by year")
    def action_plans(self, info: Info, programme_id: ProgrammeId) -> list[ActionPlan]:
        context = info.context
        context.readable_programme(programme_id)
        view = context.runtime.action_plans
        return [ActionPlan.of_row(r, view) for r in view.action_plans(programme_id=programme_id)]

    @strawberry.field(
        description="The programme's Handlingsplan (handlingsplan) for a year; null if none"
    )
    def action_plan(self, info: Info, programme_id: ProgrammeId, year: Year) -> ActionPlan | None:
        context = info.context
        context.readable_programme(programme_id)
        view = context.runtime.action_plans
        row = view.action_plan_for(programme_id, year)
        return ActionPlan.of_row(row, view) if row else None

    @strawberry.field(
        description="The programme's year wheel (årshjul) for a year as it stood on a date"
    )
    def year_wheel(
        self, info: Info, programme_id: ProgrammeId, year: Year, on: On = None
    ) -> YearWheel | None:
        context = info.context
        context.readable_programme(programme_id)
        wheel = context.runtime.year_wheel.wheel(programme_id, on or today_in_norway(), year)
        return YearWheel.of(wheel) if wheel else None

    @strawberry.field(
        description="The year wheels (årshjul) of the programmes a county supervises, the "
        "latest first"
    )
    def county_year_wheel(
        self, info: Info, county_number: CountyNumber, year: Year, on: On = None
    ) -> list[YearWheel]:
        context = info.context
        tenants = set(context.county_tenants_in_scope(county_number, "countyNumber"))
        wheels = context.runtime.year_wheel.for_county(
            county_number, on or today_in_norway(), year=year
        )
        return [YearWheel.of(w) for w in wheels if w.tenant_id in tenants]

    @strawberry.field(
        description="Every programme's year wheel (nasjonalt årshjul), the latest first; for "
        "those who read every programme"
    )
    def national_year_wheel(self, info: Info, year: Year, on: On = None) -> list[YearWheel]:
        context = info.context
        if not context.principal.reads_everything:
            raise Forbidden()
        wheels = context.runtime.year_wheel.national(on or today_in_norway(), year=year)
        return [YearWheel.of(w) for w in wheels]
