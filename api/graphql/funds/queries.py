"""Fund queries, scoped: a municipality sees its own programme's funds, a county those of the
programmes it supervises, Innovasjon Norge all."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.action_plan.types import Money
from api.graphql.context import Context, Info
from api.graphql.funds.types import (
    CountyAuditReport,
    CountyFundTotals,
    FundChain,
    FundFigure,
    FundFlowLevel,
    FundFlowRow,
    FundMovement,
    Grant,
    ProjectCoFinancing,
)
from api.graphql.reference.types import County
from domain.shared.clock import today_in_norway
from domain.shared.errors import Forbidden, NotFound, ValidationFailed
from projections.fund_audit import county_audit_report
from projections.funds import MovementFilter
from tenants import ReferenceDataError

MAX_CHAIN = 1000

ProgrammeId = Annotated[UUID, strawberry.argument(description="The programme (omstillingsprogram)")]
AnyProgramme = Annotated[
    UUID | None,
    strawberry.argument(
        description="Only this programme (omstillingsprogram); every one you may see if left out"
    ),
]
AnyYear = Annotated[
    int | None, strawberry.argument(description="Only this programme year (år); all if left out")
]
Year = Annotated[int, strawberry.argument(description="The programme year (år)")]
GrantId = Annotated[UUID, strawberry.argument(description="Grant id (tilsagns-id)")]
CountyNumber = Annotated[str, strawberry.argument(description="County number (fylkesnummer)")]


def programme_scope(context: Context, programme_id: UUID | None) -> list[UUID] | None:
    """The programmes a read covers: the one asked for if the principal may read it (else
    FORBIDDEN or NOT_FOUND), otherwise every programme it may see; None means all of them."""
    if programme_id is not None:
        context.readable_programme(programme_id)
        return [programme_id]
    if context.principal.reads_everything:
        return None
    return [r.programme_id for r in context.visible_programmes()]


def county_of(context: Context, number: str, field: str) -> County:
    try:
        return County.of(context.registry.county(number))
    except ReferenceDataError:
        raise ValidationFailed(field, "must be a county number in the register") from None


@strawberry.type
class FundQuery:
    @strawberry.field(
        description="Grants (tilsagn) you may see, by year, programme and number; optionally of "
        "one programme or year"
    )
    def grants(
        self, info: Info, programme_id: AnyProgramme = None, year: AnyYear = None
    ) -> list[Grant]:
        context = info.context
        scope = programme_scope(context, programme_id)
        rows = context.runtime.funds.grants(MovementFilter(programme_ids=scope, year=year))
        return [Grant.of(r) for r in rows]

    @strawberry.field(description="One grant (tilsagn) by id, with its figures and use")
    def grant(self, info: Info, id: GrantId) -> Grant:
        context = info.context
        row = context.runtime.funds.grant(id)
        if row is None:
            raise NotFound(f"no grant with id {id}")
        context.readable_programme(row.programme_id)
        return Grant.of(row)

    @strawberry.field(
        description="The fund flow (midlenes flyt): figures per grant, project, focus area or "
        "programme year, summed from the movements; of the programmes you may see"
    )
    def fund_flow(
        self,
        info: Info,
        level: Annotated[FundFlowLevel, strawberry.argument(description="Level to sum at (nivå)")],
        programme_id: AnyProgramme = None,
        year: AnyYear = None,
    ) -> list[FundFlowRow]:
        context = info.context
        scope = programme_scope(context, programme_id)
        rows = context.runtime.funds.flow(
            level.name.lower(), MovementFilter(programme_ids=scope, year=year)
        )
        return [FundFlowRow.of(r) for r in rows]

    @strawberry.field(
        description="The chain behind a figure (sporbarhet): every movement that makes it, "
        f"oldest first, with the event, actor, decision and reason; at most {MAX_CHAIN}"
    )
    def fund_chain(
        self,
        info: Info,
        programme_id: ProgrammeId,
        year: AnyYear = None,
        grant_id: Annotated[
            UUID | None, strawberry.argument(description="Only this grant (tilsagn)")
        ] = None,
        project_code: Annotated[
            str | None, strawberry.argument(description="Only this project (prosjektkode)")
        ] = None,
        focus_area_code: Annotated[
            str | None, strawberry.argument(description="Only this focus area (innsatsområde)")
        ] = None,
        figure: Annotated[
            FundFigure | None,
            strawberry.argument(description="Only this figure (beløpsstørrelse); all if left out"),
        ] = None,
    ) -> FundChain:
        context = info.context
        scope = programme_scope(context, programme_id)
        where = MovementFilter(
            programme_ids=scope,
            grant_id=grant_id,
            year=year,
            project_code=project_code,
            focus_area_code=focus_area_code,
            figure=figure.name.lower() if figure else None,
        )
        rows = context.runtime.funds.movements(where, limit=MAX_CHAIN + 1)
        truncated = len(rows) > MAX_CHAIN
        rows = rows[:MAX_CHAIN]
        total = (
            Money.of(sum(r.amount_ore for r in rows))
            if figure is not None and not truncated
            else None
        )
        return FundChain(
            figure=figure,
            total=total,
            movements=[FundMovement.of(r) for r in rows],
            truncated=truncated,
        )

    @strawberry.field(
        description="Co-financing per project and year (medfinansiering): county funds spent "
        "and what other sources paid, with the share"
    )
    def co_financing(
        self, info: Info, programme_id: ProgrammeId, year: AnyYear = None
    ) -> list[ProjectCoFinancing]:
        context = info.context
        scope = programme_scope(context, programme_id)
        rows = context.runtime.funds.co_financing(MovementFilter(programme_ids=scope, year=year))
        return [ProjectCoFinancing.of(r) for r in rows]

    @strawberry.field(
        description="The county's audit of fund use (kontroll av bruk av omstillingsmidler) for "
        "a year: per programme the county supervises that you may see, its grants, projects, "
        "co-financing and findings"
    )
    def county_audit_report(
        self,
        info: Info,
        county_number: CountyNumber,
        year: Year,
        as_of: Annotated[
            date | None,
            strawberry.argument(description="Judge on this date (per dato); today in Norway"),
        ] = None,
    ) -> CountyAuditReport:
        context = info.context
        county = county_of(context, county_number, "countyNumber")
        programmes = context.runtime.supervised_programmes(context.principal, county_number)
        report = county_audit_report(
            context.runtime.funds,
            county_number,
            year,
            [p.programme_id for p in programmes],
            as_of or today_in_norway(),
        )
        return CountyAuditReport.of(report, county)

    @strawberry.field(
        description="National fund totals per granting county and year (nasjonale tall); for "
        "those who read every programme"
    )
    def national_fund_totals(self, info: Info, year: AnyYear = None) -> list[CountyFundTotals]:
        context = info.context
        if not context.principal.reads_everything:
            raise Forbidden()
        return [
            CountyFundTotals.of(r, county_of(context, r.county_number, "countyNumber"))
            for r in context.runtime.funds.county_totals(year)
        ]
