"""Restructuring funds (omstillingsmidler): the county's grant (tilsagn), the municipality's use
of it, the fund flow and the chain behind each figure, co-financing and the county's audit;
types, inputs and results."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry.scalars import JSON

from api.graphql.action_plan.types import FinancingInput, Money, SourceAmount
from api.graphql.context import Info
from api.graphql.errors import (
    ConflictError,
    ForbiddenError,
    InvalidTransitionError,
    NotFoundError,
    ValidationError,
)
from api.graphql.reference.types import County
from api.graphql.shared import Actor, Decision, DecisionInput
from domain.funds.grant import RECLAIM_GROUND_NB
from domain.funds.grant import ReclaimGround as DomainGround
from domain.funds.use import SPENDING_CATEGORY_NB
from domain.funds.use import SpendingCategory as DomainCategory
from projections.fund_audit import DEVIATION_NB, ProgrammeAudit
from projections.fund_audit import CountyAuditReport as AuditReportRow
from projections.fund_audit import Deviation as DeviationRow
from projections.fund_audit import DeviationKind as DomainDeviationKind
from projections.funds import (
    FIGURE_NB,
    KIND_NB,
    CoFinancingRow,
    CountyTotals,
    FlowRow,
    GrantRow,
    Movement,
    MovementFilter,
    ReallocationRow,
    SpendingRow,
)
from projections.funds import FundFigures as FiguresRow

SHARE = Decimal("0.0001")


# Enums


@strawberry.enum(description="Why the county takes funds back (grunnlag for tilbakekreving)")
class ReclaimGround(Enum):
    UNUSED = strawberry.enum_value("unused", description="Unused funds (ubrukte midler)")
    MISUSED = strawberry.enum_value(
        "misused",
        description="Funds used against the grant's conditions (midler brukt i strid med "
        "vilkårene)",
    )


@strawberry.enum(description="Kind of cost in a spending line (kostnadsart)")
class SpendingCategory(Enum):
    PERSONNEL = strawberry.enum_value(
        "personnel", description="Salaries and personnel costs (lønn og personalkostnader)"
    )
    EXTERNAL_CONSULTANTS = strawberry.enum_value(
        "external_consultants", description="External consultants (eksterne konsulenter)"
    )
    PURCHASES = strawberry.enum_value(
        "purchases", description="Purchases of goods and services (kjøp av varer og tjenester)"
    )
    TRAVEL_AND_MEETINGS = strawberry.enum_value(
        "travel_and_meetings", description="Travel and meetings (reiser og møter)"
    )
    BUSINESS_GRANTS = strawberry.enum_value(
        "business_grants", description="Grants to businesses (tilskudd til bedrifter)"
    )
    OTHER = strawberry.enum_value("other", description="Other costs (andre kostnader)")


@strawberry.enum(description="Level the fund flow is summed at (nivå)")
class FundFlowLevel(Enum):
    GRANT = strawberry.enum_value("grant", description="Per grant (per tilsagn)")
    PROJECT = strawberry.enum_value("project", description="Per project (per tiltak)")
    FOCUS_AREA = strawberry.enum_value(
        "focus_area", description="Per focus area (per innsatsområde)"
    )
    YEAR = strawberry.enum_value("year", description="Per programme year (per programår)")


@strawberry.enum(description="A money figure of the fund flow (beløpsstørrelse)")
class FundFigure(Enum):
    GRANTED = strawberry.enum_value(
        "granted", description="Granted by the county, after amendments (tilsagn)"
    )
    WITHDRAWN = strawberry.enum_value(
        "withdrawn", description="Undisbursed funds the county withdrew (trukket tilbake)"
    )
    CLAWED_BACK = strawberry.enum_value(
        "clawed_back", description="Disbursed funds the county demanded back (tilbakekrevd)"
    )
    DISBURSED = strawberry.enum_value("disbursed", description="Paid out (utbetalt)")
    ALLOCATED = strawberry.enum_value(
        "allocated", description="Put on projects by the municipality (fordelt)"
    )
    SPENT = strawberry.enum_value("spent", description="Spent, from the accounts (forbruk)")
    RETURNED = strawberry.enum_value(
        "returned", description="Unused funds given back (tilbakeført)"
    )


@strawberry.enum(description="What moved a figure (bevegelse)")
class MovementKind(Enum):
    GRANT = strawberry.enum_value("grant", description="The county's grant (tilsagn)")
    AMENDMENT = strawberry.enum_value(
        "amendment", description="The grant amended by a new decision (endret tilsagn)"
    )
    DISBURSEMENT = strawberry.enum_value("disbursement", description="A payment (utbetaling)")
    WITHDRAWAL = strawberry.enum_value(
        "withdrawal", description="Undisbursed funds withdrawn (tilbaketrekking)"
    )
    CLAW_BACK = strawberry.enum_value(
        "claw_back", description="Disbursed funds demanded back (tilbakekreving)"
    )
    ALLOCATION = strawberry.enum_value(
        "allocation", description="Funds put on a project (fordeling)"
    )
    RELEASE = strawberry.enum_value(
        "release", description="Funds taken off a project (frigjort fra prosjekt)"
    )
    REALLOCATION = strawberry.enum_value(
        "reallocation",
        description="Funds moved between projects by the board (omdisponering); one leg out, "
        "one leg in",
    )
    SPENDING = strawberry.enum_value("spending", description="Costs reported (forbruk)")
    SPENDING_REVERSAL = strawberry.enum_value(
        "spending_reversal", description="A spending line reversed (kreditering av forbruk)"
    )
    RETURN = strawberry.enum_value(
        "return", description="Unused funds given back (tilbakeføring av ubrukte midler)"
    )


@strawberry.enum(description="Kind of finding in the county's audit (avvikstype)")
class DeviationKind(Enum):
    NOT_IN_APPROVED_PLAN = strawberry.enum_value(
        "not_in_approved_plan",
        description="Spent on a project outside the approved Handlingsplan (forbruk utenfor "
        "vedtatt handlingsplan)",
    )
    REALLOCATION_BEFORE_BOARD_DECISION = strawberry.enum_value(
        "reallocation_before_board_decision",
        description="Reallocation in effect before the board decided it (omdisponering uten "
        "forutgående styrevedtak)",
    )
    SPENT_AFTER_PROGRAMME_PERIOD = strawberry.enum_value(
        "spent_after_programme_period",
        description="Spent after the programme period ended (forbruk etter omstillingsperioden)",
    )
    SPENT_AFTER_DEADLINE = strawberry.enum_value(
        "spent_after_deadline",
        description="Spent after the grant's deadline for use (forbruk etter fristen)",
    )
    UNSPENT_AT_YEAR_END = strawberry.enum_value(
        "unspent_at_year_end",
        description="Neither spent nor returned by the end of the year (ubrukte midler ved "
        "årets slutt)",
    )
    ALLOCATED_ABOVE_GRANT = strawberry.enum_value(
        "allocated_above_grant",
        description="More allocated than the reduced grant makes available (fordelt mer enn "
        "tilsagnet)",
    )


# Output


def _money(ore: int) -> Money:
    return Money.of(ore)


def _actor(doc: dict[str, Any]) -> Actor:
    return Actor.of(doc["userId"], doc["name"], doc["role"])


@strawberry.type(
    description="The figures of one slice of the fund flow (nøkkeltall); at project and focus "
    "area level only allocation, reallocation and spending apply: the county's figures and "
    "those derived from them (available, unallocated, undisbursed) are zero"
)
class FundFigures:
    granted: Money = strawberry.field(description="Granted, after amendments (tilsagn)")
    withdrawn: Money = strawberry.field(
        description="Undisbursed funds the county withdrew (trukket tilbake)"
    )
    clawed_back: Money = strawberry.field(
        description="Disbursed funds the county demanded back (tilbakekrevd)"
    )
    disbursed: Money = strawberry.field(description="Paid out (utbetalt)")
    allocated: Money = strawberry.field(
        description="Allocated to projects, reallocations included (fordelt)"
    )
    reallocated_in: Money = strawberry.field(
        description="Moved in by reallocation (omdisponert inn)"
    )
    reallocated_out: Money = strawberry.field(
        description="Moved out by reallocation (omdisponert ut)"
    )
    spent: Money = strawberry.field(description="Spent, reversed lines excluded (forbruk)")
    returned: Money = strawberry.field(description="Unused funds given back (tilbakeført)")
    available: Money = strawberry.field(
        description="Granted − withdrawn − clawed back (netto tilsagn)"
    )
    unallocated: Money = strawberry.field(
        description="Available − returned − allocated (ikke fordelt)"
    )
    remaining: Money = strawberry.field(
        description="Left to use (gjenstående): available − returned − spent of a grant; "
        "allocated − spent of a project or focus area"
    )
    undisbursed: Money = strawberry.field(
        description="Granted − withdrawn − disbursed (ikke utbetalt)"
    )

    @classmethod
    def of(cls, f: FiguresRow) -> FundFigures:
        return cls(
            granted=_money(f.granted),
            withdrawn=_money(f.withdrawn),
            clawed_back=_money(f.clawed_back),
            disbursed=_money(f.disbursed),
            allocated=_money(f.allocated),
            reallocated_in=_money(f.reallocated_in),
            reallocated_out=_money(f.reallocated_out),
            spent=_money(f.spent),
            returned=_money(f.returned),
            available=_money(f.available),
            unallocated=_money(f.unallocated),
            remaining=_money(f.remaining),
            undisbursed=_money(f.undisbursed),
        )


@strawberry.type(description="The municipality's application the grant answers (søknad)")
class GrantApplication:
    action_plan_id: UUID = strawberry.field(
        description="The Handlingsplan the application was sent with (handlingsplan)"
    )
    application_number: int = strawberry.field(description="Application number (søknadsnummer)")
    applied_for: Money = strawberry.field(description="Amount applied for (søknadsbeløp)")


@strawberry.type(
    description="Costs of one project for a period (forbrukslinje), from the accounts: the "
    "county's funds spent and what other sources paid beside them (medfinansiering)"
)
class SpendingLine:
    grant_id: UUID = strawberry.field(description="The grant (tilsagn)")
    number: int = strawberry.field(description="Line number (linjenummer)")
    project_code: str = strawberry.field(description="Project code (prosjektkode)")
    focus_area_code: str = strawberry.field(description="Focus area (innsatsområde)")
    amount: Money = strawberry.field(description="County funds spent (forbruk av tilsagn)")
    co_financing: list[SourceAmount] = strawberry.field(
        description="Paid by other sources, per source (medfinansiering)"
    )
    co_financed: Money = strawberry.field(
        description="Paid by other sources in all (medfinansiert)"
    )
    total_cost: Money = strawberry.field(
        description="County funds and other sources (samlet kostnad)"
    )
    period_start: date = strawberry.field(description="Period from (periode fra)")
    period_end: date = strawberry.field(description="Period to (periode til)")
    category: SpendingCategory = strawberry.field(description="Kind of cost (kostnadsart)")
    category_nb: str = strawberry.field(description="Kind of cost in Norwegian (kostnadsart)")
    accounts_reference: str = strawberry.field(
        description="Voucher or account reference (bilagsreferanse)"
    )
    continuation_work: bool = strawberry.field(
        description="Continuation work (videreføringsarbeid): Innovasjon Norge pays at most "
        "half of the external consultant's fees"
    )
    plan_revision: int | None = strawberry.field(
        description="Handlingsplan revision that included the project (revisjon); null if none"
    )
    comment: str | None = strawberry.field(description="Comment (kommentar)")
    reported_by: Actor = strawberry.field(description="Who reported it (rapportert av)")
    recorded_at: datetime = strawberry.field(description="Recorded at (registrert)")
    reversed: bool = strawberry.field(description="Reversed, no longer counted (kreditert)")
    reversed_at: datetime | None = strawberry.field(description="Reversed at (kreditert)")
    reversal_reason: str | None = strawberry.field(description="Why it was reversed (begrunnelse)")

    @classmethod
    def of(cls, row: SpendingRow) -> SpendingLine:
        category = DomainCategory(row.category)
        return cls(
            grant_id=row.grant_id,
            number=row.number,
            project_code=row.project_code,
            focus_area_code=row.focus_area_code,
            amount=_money(row.amount_ore),
            co_financing=SourceAmount.list_of(row.co_financing_ore),
            co_financed=_money(row.co_financed_ore),
            total_cost=_money(row.amount_ore + row.co_financed_ore),
            period_start=row.period_start,
            period_end=row.period_end,
            category=SpendingCategory[category.name],
            category_nb=SPENDING_CATEGORY_NB[category],
            accounts_reference=row.accounts_reference,
            continuation_work=row.continuation_work,
            plan_revision=row.plan_revision,
            comment=row.comment,
            reported_by=_actor(row.reported_by),
            recorded_at=datetime.fromisoformat(row.recorded_at),
            reversed=row.reversed_at is not None,
            reversed_at=datetime.fromisoformat(row.reversed_at) if row.reversed_at else None,
            reversal_reason=row.reversal_reason,
        )


@strawberry.type(description="Funds moved between projects by the board (omdisponering)")
class Reallocation:
    grant_id: UUID = strawberry.field(description="The grant (tilsagn)")
    from_project_code: str = strawberry.field(description="Moved from project (fra tiltak)")
    to_project_code: str = strawberry.field(description="Moved to project (til tiltak)")
    amount: Money = strawberry.field(description="Amount moved (beløp)")
    effective_on: date = strawberry.field(description="In effect from (virkningsdato)")
    decision: Decision = strawberry.field(description="The board's decision (styrevedtak)")
    decided_on: date = strawberry.field(description="Decided on (vedtaksdato)")
    reason: str = strawberry.field(description="Reason (begrunnelse)")
    actor: Actor = strawberry.field(description="Who recorded it (registrert av)")
    recorded_at: datetime = strawberry.field(description="Recorded at (registrert)")
    version: int = strawberry.field(description="Version of the use of the grant it made (versjon)")

    @classmethod
    def of(cls, row: ReallocationRow) -> Reallocation:
        decision = Decision.from_doc(row.decision)
        assert decision is not None  # the domain refuses a reallocation without one
        return cls(
            grant_id=row.grant_id,
            from_project_code=row.from_project_code,
            to_project_code=row.to_project_code,
            amount=_money(row.amount_ore),
            effective_on=row.effective_on,
            decision=decision,
            decided_on=row.decided_on,
            reason=row.reason,
            actor=_actor(row.actor),
            recorded_at=datetime.fromisoformat(row.recorded_at),
            version=row.aggregate_version,
        )


@strawberry.type(
    description="The county's grant of restructuring funds (tilsagn om omstillingsmidler) "
    "for a programme year, with its figures and the municipality's use of it"
)
class Grant:
    id: UUID = strawberry.field(description="Grant id (tilsagns-id)")
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    county_number: str = strawberry.field(
        description="The county that granted it (fylkesnummer), as it was on the decision date"
    )
    year: int = strawberry.field(description="Programme year (år)")
    number: int = strawberry.field(description="Number within the year (tilsagnsnummer)")
    application: GrantApplication = strawberry.field(
        description="The application it answers (søknad)"
    )
    amount: Money = strawberry.field(description="Amount granted, as amended (tilsagnsbeløp)")
    conditions: list[str] = strawberry.field(description="Conditions (vilkår)")
    use_by: date | None = strawberry.field(description="Deadline for use (frist for bruk)")
    granted_on: date = strawberry.field(description="Granted on (tilsagnsdato)")
    decision: Decision | None = strawberry.field(description="The county's decision (vedtak)")
    figures: FundFigures = strawberry.field(description="The grant's figures (nøkkeltall)")
    version: int = strawberry.field(
        description="Version of the grant (versjon), for expectedVersion in the county's mutations"
    )
    use_version: int | None = strawberry.field(
        description="Version of the municipality's use of it (versjon for bruk), for "
        "expectedVersion in the municipality's mutations; null before its first use"
    )

    @classmethod
    def of(cls, row: GrantRow) -> Grant:
        return cls(
            id=row.grant_id,
            programme_id=row.programme_id,
            county_number=row.county_number,
            year=row.year,
            number=row.number,
            application=GrantApplication(
                action_plan_id=row.action_plan_id,
                application_number=row.application_number,
                applied_for=_money(row.applied_for_ore),
            ),
            amount=_money(row.amount_ore),
            conditions=list(row.conditions),
            use_by=row.use_by,
            granted_on=row.granted_on,
            decision=Decision.from_doc(row.decision),
            figures=FundFigures.of(row.figures),
            version=row.aggregate_version,
            use_version=row.use_version,
        )

    @strawberry.field(description="The granting county (fylkeskommune)")
    def county(self, info: Info) -> County:
        return County.of(info.context.registry.county(self.county_number))

    @strawberry.field(
        description="Spending lines (forbruk), reversed ones included and marked, in order"
    )
    def spending(self, info: Info) -> list[SpendingLine]:
        rows = info.context.runtime.funds.spending(MovementFilter(grant_id=self.id))
        return [SpendingLine.of(r) for r in rows]

    @strawberry.field(description="Reallocations between projects (omdisponeringer), in order")
    def reallocations(self, info: Info) -> list[Reallocation]:
        rows = info.context.runtime.funds.reallocations(MovementFilter(grant_id=self.id))
        return [Reallocation.of(r) for r in rows]


@strawberry.type(
    description="A slice of the fund flow (midlenes flyt): a programme year, and per level its "
    "grant, project or focus area, with the figures summed from the movements"
)
class FundFlowRow:
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    year: int = strawberry.field(description="Programme year (år)")
    grant_id: UUID | None = strawberry.field(description="The grant, at grant level (tilsagn)")
    project_code: str | None = strawberry.field(
        description="Project code, at project level (prosjektkode)"
    )
    focus_area_code: str | None = strawberry.field(
        description="Focus area, at project and focus area level (innsatsområde)"
    )
    figures: FundFigures = strawberry.field(description="Figures (nøkkeltall)")

    @classmethod
    def of(cls, row: FlowRow) -> FundFlowRow:
        return cls(
            programme_id=row.programme_id,
            year=row.year,
            grant_id=row.grant_id,
            project_code=row.project_code,
            focus_area_code=row.focus_area_code,
            figures=FundFigures.of(row.figures),
        )


@strawberry.type(
    description="One change of one figure (bevegelse) and why: the event that made it, who "
    "acted, and the decision and reason behind it"
)
class FundMovement:
    aggregate_id: UUID = strawberry.field(
        description="The record the event belongs to (post-id): the grant or its use; with "
        "aggregateVersion it finds the event in the audit trail (revisjonsspor)"
    )
    aggregate_version: int = strawberry.field(
        description="The record's version the event made (versjon)"
    )
    leg: int = strawberry.field(
        description="Leg within the event (ben): a reallocation has one out and one in"
    )
    grant_id: UUID = strawberry.field(description="The grant (tilsagn)")
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    county_number: str = strawberry.field(description="The granting county (fylkesnummer)")
    year: int = strawberry.field(description="Programme year (år)")
    figure: FundFigure = strawberry.field(description="The figure it moves (beløpsstørrelse)")
    figure_nb: str = strawberry.field(description="The figure in Norwegian (beløpsstørrelse)")
    kind: MovementKind = strawberry.field(description="What moved it (bevegelse)")
    kind_nb: str = strawberry.field(description="The kind in Norwegian (bevegelse)")
    project_code: str | None = strawberry.field(description="Project code (prosjektkode)")
    focus_area_code: str | None = strawberry.field(description="Focus area (innsatsområde)")
    amount: Money = strawberry.field(
        description="Change of the figure (beløp); negative where it goes down"
    )
    occurred_on: date = strawberry.field(
        description="Date it counts from (dato): decision, payment, effect or period end"
    )
    recorded_at: datetime = strawberry.field(description="Recorded at (registrert)")
    actor: Actor = strawberry.field(description="Who acted (utført av)")
    decision: Decision | None = strawberry.field(description="Decision behind it (vedtak)")
    reason: str | None = strawberry.field(description="Reason (begrunnelse)")
    ground: ReclaimGround | None = strawberry.field(
        description="Why the county took funds back (grunnlag), for a withdrawal or claw-back"
    )
    ground_nb: str | None = strawberry.field(description="The ground in Norwegian (grunnlag)")
    details: dict[str, Any] = strawberry.field(
        graphql_type=JSON,
        description="Details of the event (detaljer), e.g. line, period, ground, "
        "fromProjectCode and toProjectCode, planRevision",
    )

    @classmethod
    def of(cls, row: Movement) -> FundMovement:
        ground = DomainGround(row.details["ground"]) if row.details.get("ground") else None
        return cls(
            aggregate_id=row.aggregate_id,
            aggregate_version=row.aggregate_version,
            leg=row.leg,
            grant_id=row.grant_id,
            programme_id=row.programme_id,
            county_number=row.county_number,
            year=row.year,
            figure=FundFigure[row.figure.upper()],
            figure_nb=FIGURE_NB.get(row.figure, row.figure),
            kind=MovementKind[row.kind.upper()],
            kind_nb=KIND_NB.get(row.kind, row.kind),
            project_code=row.project_code,
            focus_area_code=row.focus_area_code,
            amount=_money(row.amount_ore),
            occurred_on=row.occurred_on,
            recorded_at=datetime.fromisoformat(row.recorded_at),
            actor=_actor(row.actor),
            decision=Decision.from_doc(row.decision),
            reason=row.reason,
            ground=ReclaimGround[ground.name] if ground else None,
            ground_nb=RECLAIM_GROUND_NB[ground] if ground else None,
            details=dict(row.details),
        )


@strawberry.type(
    description="The chain behind a figure (sporbarhet): every movement that makes it, oldest "
    "first, each with its event and decision"
)
class FundChain:
    figure: FundFigure | None = strawberry.field(
        description="The figure asked for (beløpsstørrelse); null means every figure"
    )
    total: Money | None = strawberry.field(
        description="The figure as the movements sum it (sum); null when no figure was asked "
        "for or the chain is truncated"
    )
    movements: list[FundMovement] = strawberry.field(description="The movements (bevegelser)")
    truncated: bool = strawberry.field(
        description="More movements than returned (avkortet): narrow the question"
    )


@strawberry.type(
    description="County funds spent on a project in a year and, beside them, what other "
    "sources paid (medfinansiering)"
)
class ProjectCoFinancing:
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    year: int = strawberry.field(description="Programme year (år)")
    project_code: str = strawberry.field(description="Project code (prosjektkode)")
    focus_area_code: str = strawberry.field(description="Focus area (innsatsområde)")
    county_funds: Money = strawberry.field(
        description="County restructuring funds spent (omstillingsmidler fra fylkeskommunen)"
    )
    other_sources: list[SourceAmount] = strawberry.field(
        description="Paid by other sources, per source (andre finansieringskilder)"
    )
    co_financed: Money = strawberry.field(
        description="Paid by other sources in all (medfinansiert)"
    )
    total_cost: Money = strawberry.field(
        description="County funds and other sources (samlet kostnad)"
    )
    co_financing_share: Decimal | None = strawberry.field(
        description="Co-financing share (medfinansieringsandel): other sources ÷ total cost "
        "(county funds spent + other sources), a fraction from 0 to 1 with four decimals, "
        'e.g. "0.3846" for 38.46 %; null when nothing is spent. Reversed lines are excluded'
    )

    @classmethod
    def of(cls, row: CoFinancingRow) -> ProjectCoFinancing:
        co_financed = row.total_ore - row.county_ore
        share = (
            (Decimal(co_financed) / Decimal(row.total_ore)).quantize(SHARE, ROUND_HALF_UP)
            if row.total_ore
            else None
        )
        return cls(
            programme_id=row.programme_id,
            year=row.year,
            project_code=row.project_code,
            focus_area_code=row.focus_area_code,
            county_funds=_money(row.county_ore),
            other_sources=SourceAmount.list_of(row.by_source_ore),
            co_financed=_money(co_financed),
            total_cost=_money(row.total_ore),
            co_financing_share=share,
        )


@strawberry.type(
    description="A finding of the county's audit (avvik): what, how much, when, and the "
    "record it rests on"
)
class Deviation:
    kind: DeviationKind = strawberry.field(description="Kind of finding (avvikstype)")
    kind_nb: str = strawberry.field(description="The kind in Norwegian (avvikstype)")
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    grant_id: UUID = strawberry.field(description="The grant (tilsagn)")
    year: int = strawberry.field(description="Programme year (år)")
    project_code: str | None = strawberry.field(description="Project code (prosjektkode)")
    amount: Money = strawberry.field(description="Amount concerned (beløp)")
    on: date | None = strawberry.field(description="Date of the finding (dato)")
    description: str = strawberry.field(description="What was found, in English (beskrivelse)")
    description_nb: str = strawberry.field(description="What was found, in Norwegian (beskrivelse)")
    decision: Decision | None = strawberry.field(
        description="The decision the finding concerns, if any (vedtak)"
    )
    evidence: dict[str, Any] = strawberry.field(
        graphql_type=JSON,
        description="The record it rests on (dokumentasjon), e.g. line, accountsReference, "
        "period, decision, reason",
    )

    @classmethod
    def of(cls, row: DeviationRow) -> Deviation:
        kind = DomainDeviationKind(row.kind)
        return cls(
            kind=DeviationKind[kind.name],
            kind_nb=DEVIATION_NB[kind],
            programme_id=row.programme_id,
            grant_id=row.grant_id,
            year=row.year,
            project_code=row.project_code,
            amount=_money(row.amount_ore),
            on=row.on,
            description=row.description,
            description_nb=row.description_nb,
            decision=Decision.from_doc(row.evidence.get("decision")),
            evidence=dict(row.evidence),
        )


@strawberry.type(
    description="One programme in the county's audit (kontroll av ett program): the year's "
    "grants, projects, co-financing and findings"
)
class ProgrammeFundAudit:
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    programme_name: str = strawberry.field(description="Programme name (navn)")
    granting_county_number: str = strawberry.field(
        description="County that granted the status (fylkesnummer)"
    )
    period_start: date = strawberry.field(description="Period from (periode fra)")
    period_end: date = strawberry.field(description="Period to (periode til)")
    grants: list[Grant] = strawberry.field(description="The year's grants (tilsagn)")
    projects: list[FundFlowRow] = strawberry.field(description="Figures per project (per tiltak)")
    co_financing: list[ProjectCoFinancing] = strawberry.field(
        description="Co-financing per project (medfinansiering)"
    )
    deviations: list[Deviation] = strawberry.field(description="Findings (avvik)")
    totals: FundFigures = strawberry.field(description="The year's figures (sum)")

    @classmethod
    def of(cls, audit: ProgrammeAudit) -> ProgrammeFundAudit:
        programme = audit.programme
        return cls(
            programme_id=programme.programme_id,
            programme_name=programme.name,
            granting_county_number=programme.granting_county_number,
            period_start=programme.period_start,
            period_end=programme.period_end,
            grants=[Grant.of(g) for g in audit.grants],
            projects=[FundFlowRow.of(p) for p in audit.projects],
            co_financing=[ProjectCoFinancing.of(c) for c in audit.co_financing],
            deviations=[Deviation.of(d) for d in audit.deviations],
            totals=FundFigures.of(audit.totals),
        )


@strawberry.type(
    description="The county's audit of how the funds it granted were used (kontroll av bruk "
    "av omstillingsmidler): per programme it supervises, and the findings"
)
class CountyAuditReport:
    county: County = strawberry.field(description="The auditing county (fylkeskommune)")
    year: int = strawberry.field(description="Programme year audited (år)")
    as_of: date = strawberry.field(
        description="The date it is judged on (per dato): unspent funds are a finding once "
        "the year has ended by then"
    )
    programmes: list[ProgrammeFundAudit] = strawberry.field(
        description="The programmes you may see that the county supervises (programmer), by name"
    )
    deviations: list[Deviation] = strawberry.field(description="Every finding (alle avvik)")
    totals: FundFigures = strawberry.field(description="The county's figures (sum)")

    @classmethod
    def of(cls, report: AuditReportRow, county: County) -> CountyAuditReport:
        return cls(
            county=county,
            year=report.year,
            as_of=report.as_of,
            programmes=[ProgrammeFundAudit.of(p) for p in report.programmes],
            deviations=[Deviation.of(d) for d in report.deviations],
            totals=FundFigures.of(report.totals),
        )


@strawberry.type(
    description="National totals per granting county and year (nasjonale tall per fylke)"
)
class CountyFundTotals:
    county: County = strawberry.field(description="The granting county (fylkeskommune)")
    year: int = strawberry.field(description="Programme year (år)")
    programmes: int = strawberry.field(description="Programmes with grants (programmer)")
    grants: int = strawberry.field(description="Number of grants (antall tilsagn)")
    figures: FundFigures = strawberry.field(description="Figures (nøkkeltall)")

    @classmethod
    def of(cls, row: CountyTotals, county: County) -> CountyFundTotals:
        return cls(
            county=county,
            year=row.year,
            programmes=row.programmes,
            grants=row.grants,
            figures=FundFigures.of(row.figures),
        )


# Input

_GRANT = "The grant (tilsagn), by its id"
_REASON = "Reason (begrunnelse)"
_GRANT_VERSION = (
    "The grant's version you read (forventet versjon): Grant.version; a stale one is refused"
)
_USE_VERSION = (
    "The version of the grant's use you read (forventet versjon): Grant.useVersion; leave "
    "out before the first use; a stale one is refused"
)
_KRONER = 'in kroner as a string, e.g. "250000" or "250000.50"'
_AMOUNT = f"Amount (beløp) {_KRONER}"


def ground_of(ground: ReclaimGround) -> DomainGround:
    return DomainGround[ground.name]


def category_of(category: SpendingCategory) -> DomainCategory:
    return DomainCategory[category.name]


@strawberry.input(
    description="Grant funds for the programme year (gi tilsagn), answering the municipality's "
    "application"
)
class GrantFundsInput:
    programme_id: UUID = strawberry.field(description="The programme (omstillingsprogram)")
    year: int = strawberry.field(description="Programme year (år)")
    amount: str = strawberry.field(
        description=f"Amount granted (tilsagnsbeløp) {_KRONER}; at most what is applied "
        "for and not yet granted"
    )
    application_number: int | None = strawberry.field(
        default=None,
        description="The application it answers (søknadsnummer); the year's latest by default",
    )
    conditions: list[str] = strawberry.field(
        default_factory=list, description="Conditions (vilkår)"
    )
    use_by: date | None = strawberry.field(
        default=None, description="Deadline for use (frist for bruk)"
    )
    decision: DecisionInput | None = strawberry.field(
        default=None, description="The county's decision (vedtak); required"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)


@strawberry.input(description="Amend the grant by a new decision (endre tilsagn)")
class AmendGrantInput:
    grant_id: UUID = strawberry.field(description=_GRANT)
    amount: str | None = strawberry.field(
        default=None, description=f"New amount (nytt beløp) {_KRONER}; unchanged if left out"
    )
    conditions: list[str] | None = strawberry.field(
        default=None, description="New conditions (vilkår); unchanged if left out"
    )
    use_by: date | None = strawberry.field(
        default=None, description="New deadline for use (frist for bruk); unchanged if left out"
    )
    decision: DecisionInput | None = strawberry.field(
        default=None, description="The county's decision (vedtak); required"
    )
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_GRANT_VERSION)


@strawberry.input(description="Pay out part of the grant (utbetale)")
class DisburseGrantInput:
    grant_id: UUID = strawberry.field(description=_GRANT)
    amount: str = strawberry.field(description=_AMOUNT)
    paid_on: date = strawberry.field(description="Paid on (utbetalingsdato)")
    decision: DecisionInput | None = strawberry.field(
        default=None, description="Decision behind it, if any (vedtak)"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_GRANT_VERSION)


@strawberry.input(description="Withdraw undisbursed funds (trekke tilbake tilsagn)")
class WithdrawGrantFundsInput:
    grant_id: UUID = strawberry.field(description=_GRANT)
    amount: str = strawberry.field(description=_AMOUNT)
    ground: ReclaimGround = strawberry.field(description="Ground (grunnlag)")
    withdrawn_on: date = strawberry.field(description="Withdrawn on (dato)")
    decision: DecisionInput | None = strawberry.field(
        default=None, description="The county's decision (vedtak); required"
    )
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_GRANT_VERSION)


@strawberry.input(description="Demand disbursed funds back (tilbakekreve)")
class ClawBackGrantFundsInput:
    grant_id: UUID = strawberry.field(description=_GRANT)
    amount: str = strawberry.field(description=_AMOUNT)
    ground: ReclaimGround = strawberry.field(description="Ground (grunnlag)")
    demanded_on: date = strawberry.field(description="Demanded on (kravdato)")
    decision: DecisionInput | None = strawberry.field(
        default=None, description="The county's decision (vedtak); required"
    )
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_GRANT_VERSION)


@strawberry.input(description="Allocate granted funds to a project (fordele midler)")
class AllocateFundsInput:
    grant_id: UUID = strawberry.field(description=_GRANT)
    project_code: str = strawberry.field(
        description="A project of the year's approved Handlingsplan (prosjektkode)"
    )
    amount: str = strawberry.field(description=_AMOUNT)
    decision: DecisionInput | None = strawberry.field(
        default=None, description="Decision behind it, if any (vedtak)"
    )
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_USE_VERSION)


@strawberry.input(description="Take unspent funds off a project (frigjøre fordeling)")
class ReleaseAllocationInput:
    grant_id: UUID = strawberry.field(description=_GRANT)
    project_code: str = strawberry.field(description="Project code (prosjektkode)")
    amount: str = strawberry.field(description=_AMOUNT)
    decision: DecisionInput | None = strawberry.field(
        default=None, description="Decision behind it, if any (vedtak)"
    )
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_USE_VERSION)


@strawberry.input(description="Move funds between projects by the board's decision (omdisponere)")
class ReallocateFundsInput:
    grant_id: UUID = strawberry.field(description=_GRANT)
    from_project_code: str = strawberry.field(description="Move from project (fra tiltak)")
    to_project_code: str = strawberry.field(description="Move to project (til tiltak)")
    amount: str = strawberry.field(description=_AMOUNT)
    effective_on: date = strawberry.field(description="In effect from (virkningsdato)")
    decision: DecisionInput | None = strawberry.field(
        default=None, description="The board's decision (styrevedtak); required"
    )
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_USE_VERSION)


@strawberry.input(
    description="Report costs of a project from the accounts (rapportere forbruk), with what "
    "other sources paid beside the county's funds"
)
class ReportSpendingInput:
    grant_id: UUID = strawberry.field(description=_GRANT)
    project_code: str = strawberry.field(description="Project code (prosjektkode)")
    amount: str = strawberry.field(
        description=f"County funds spent (forbruk av tilsagn) {_KRONER}; may be 0 if other "
        "sources paid"
    )
    period_start: date = strawberry.field(description="Period from (periode fra)")
    period_end: date = strawberry.field(description="Period to (periode til)")
    category: SpendingCategory = strawberry.field(description="Kind of cost (kostnadsart)")
    accounts_reference: str = strawberry.field(
        description="Voucher or account reference (bilagsreferanse)"
    )
    co_financing: list[FinancingInput] = strawberry.field(
        default_factory=list,
        description="Paid by other sources, each source once (medfinansiering); not the "
        "county's restructuring funds",
    )
    continuation_work: bool = strawberry.field(
        default=False,
        description="Continuation work (videreføringsarbeid): Innovasjon Norge pays at most "
        "half of the external consultant's fees",
    )
    comment: str | None = strawberry.field(default=None, description="Comment (kommentar)")
    reason: str | None = strawberry.field(default=None, description=_REASON)
    expected_version: int | None = strawberry.field(default=None, description=_USE_VERSION)


@strawberry.input(description="Reverse a spending line reported in error (kreditere forbruk)")
class ReverseSpendingInput:
    grant_id: UUID = strawberry.field(description=_GRANT)
    number: int = strawberry.field(description="Line number (linjenummer)")
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_USE_VERSION)


@strawberry.input(description="Give unallocated funds back to the county (tilbakeføre midler)")
class ReturnFundsInput:
    grant_id: UUID = strawberry.field(description=_GRANT)
    amount: str = strawberry.field(description=_AMOUNT)
    returned_on: date = strawberry.field(description="Returned on (dato)")
    decision: DecisionInput | None = strawberry.field(
        default=None, description="Decision behind it, if any (vedtak)"
    )
    reason: str | None = strawberry.field(default=None, description=f"{_REASON}; required")
    expected_version: int | None = strawberry.field(default=None, description=_USE_VERSION)


@strawberry.type(description="The grant after the change (tilsagnet etter endringen)")
class GrantPayload:
    grant: Grant | None = strawberry.field(
        description="The grant and its use as now recorded (tilsagn)"
    )
    version: int = strawberry.field(
        description="New version of what changed (versjon): the grant's (Grant.version) for the "
        "county's mutations, its use's (Grant.useVersion) for the municipality's"
    )
    warnings: list[str] = strawberry.field(description="Accepted, but unusual (advarsler)")


GrantResult = Annotated[
    GrantPayload
    | ValidationError
    | NotFoundError
    | ForbiddenError
    | ConflictError
    | InvalidTransitionError,
    strawberry.union(
        "GrantResult",
        description="The changed grant, or why nothing was written (resultat)",
    ),
]
