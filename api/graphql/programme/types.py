"""The restructuring programme (omstillingsprogram): GraphQL types, inputs and results."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.context import Info
from api.graphql.errors import (
    ConflictError,
    ForbiddenError,
    InvalidTransitionError,
    NotFoundError,
    ValidationError,
)
from api.graphql.plan.types import Plan
from api.graphql.reference.types import County, Municipality
from api.graphql.shared import Decision, DecisionInput
from domain.programme.model import PHASE_NB, STATUS_KIND_NB
from domain.programme.model import Phase as DomainPhase
from domain.programme.model import StatusKind as DomainKind
from projections.programmes import ProgrammeRow


@strawberry.enum(description="Phase of the programme (fase)")
class Phase(Enum):
    DEVELOPMENT_ANALYSIS = strawberry.enum_value(
        "development_analysis", description="Development analysis (Utviklingsanalyse)"
    )
    STRATEGY_AND_ANCHORING = strawberry.enum_value(
        "strategy_and_anchoring",
        description="Strategy and anchoring (Strategi- og forankringsfasen)",
    )
    IMPLEMENTATION = strawberry.enum_value(
        "implementation", description="Implementation (Gjennomføringsfasen)"
    )
    CONTINUATION = strawberry.enum_value("continuation", description="Continuation (Videreføring)")
    ENDED = strawberry.enum_value("ended", description="Ended (Avsluttet)")


@strawberry.enum(
    description="Why restructuring status was granted (grunnlag for omstillingsstatus)"
)
class StatusKind(Enum):
    SUDDEN_EMPLOYMENT_LOSS = strawberry.enum_value(
        "sudden_employment_loss",
        description="Sudden fall in employment (omstilling etter brå nedgang i sysselsettingen)",
    )
    LONG_TERM_DECLINE = strawberry.enum_value(
        "long_term_decline",
        description="Long decline in population and employment (langvarig nedgang)",
    )


@strawberry.type(
    description="Restructuring programme (omstillingsprogram): status granted by a county "
    "authority (fylkeskommune) to a municipality for a period"
)
class Programme:
    id: UUID = strawberry.field(description="Programme id (program-id)")
    name: str = strawberry.field(description="Name (navn)")
    kind: StatusKind = strawberry.field(description="Kind of status (grunnlag)")
    kind_nb: str = strawberry.field(description="Kind of status in Norwegian (grunnlag)")
    phase: Phase = strawberry.field(description="Current phase (fase)")
    phase_nb: str = strawberry.field(description="Current phase in Norwegian (fase)")
    period_start: date = strawberry.field(description="Start of the status period (periodestart)")
    period_end: date = strawberry.field(description="End of the status period (periodeslutt)")
    status_decision: Decision | None = strawberry.field(
        description="The county's decision granting status (vedtak om omstillingsstatus)"
    )
    version: int = strawberry.field(
        description="Version of the record (versjon), for expectedVersion in mutations"
    )
    registered_at: datetime = strawberry.field(description="Registered at (registrert)")
    updated_at: datetime = strawberry.field(description="Last changed at (sist endret)")
    row: strawberry.Private[ProgrammeRow]

    @classmethod
    def of(cls, row: ProgrammeRow) -> Programme:
        kind, phase = DomainKind(row.kind), DomainPhase(row.phase)
        return cls(
            id=row.programme_id,
            name=row.name,
            kind=StatusKind[kind.name],
            kind_nb=STATUS_KIND_NB[kind],
            phase=Phase[phase.name],
            phase_nb=PHASE_NB[phase],
            period_start=row.period_start,
            period_end=row.period_end,
            status_decision=Decision.from_doc(row.status_decision),
            version=row.version,
            registered_at=datetime.fromisoformat(row.registered_at),
            updated_at=datetime.fromisoformat(row.updated_at),
            row=row,
        )

    @strawberry.field(description="The county that granted the status (innvilgende fylkeskommune)")
    def granting_county(self, info: Info) -> County:
        return County.of(info.context.registry.county(self.row.granting_county_number))

    @strawberry.field(
        description="The county supervising today (tilsynsførende fylkeskommune); after a "
        "reform, the successor that holds the lead municipality"
    )
    def supervising_county(self, info: Info) -> County:
        return County.of(info.context.registry.county(info.context.supervising_county(self.row)))

    @strawberry.field(description="The lead municipality (vertskommune), the tenant")
    def lead_municipality(self, info: Info) -> Municipality:
        return Municipality.of(info.context.registry.municipality(self.row.lead_municipality_id))

    @strawberry.field(description="All municipalities in the programme (kommuner i regionen)")
    def municipalities(self, info: Info) -> list[Municipality]:
        registry = info.context.registry
        return [Municipality.of(registry.municipality(m)) for m in self.row.municipality_ids]

    @strawberry.field(description="The restructuring plan (Omstillingsplan), if drafted")
    def plan(self, info: Info) -> Plan | None:
        row = info.context.runtime.plans.plan_for_programme(self.id)
        return Plan.of_row(row) if row else None


@strawberry.input(
    description="Register a programme (registrer omstillingsprogram) on the county's decision"
)
class RegisterProgrammeInput:
    name: str = strawberry.field(description="Name (navn), at most 200 characters")
    kind: StatusKind = strawberry.field(description="Kind of status (grunnlag)")
    lead_municipality_number: str = strawberry.field(
        description="Lead municipality's number (vertskommunens kommunenummer)"
    )
    period_start: date = strawberry.field(description="Start of the status period (periodestart)")
    period_end: date = strawberry.field(description="End of the status period (periodeslutt)")
    decision: DecisionInput | None = strawberry.field(
        default=None,
        description="The county's decision granting status (vedtak om omstillingsstatus); required",
    )
    other_municipality_numbers: list[str] = strawberry.field(
        default_factory=list, description="Other municipalities in the region (andre kommuner)"
    )
    reason: str | None = strawberry.field(default=None, description="Reason (begrunnelse)")
    granting_county_number: str | None = strawberry.field(
        default=None,
        description="The county that granted the status (innvilgende fylke), when your county "
        "records a grant its predecessor made before a reform; default your own county",
    )


@strawberry.input(description="Move the programme to its next phase (ny fase)")
class AdvanceProgrammePhaseInput:
    programme_id: UUID = strawberry.field(description="Programme id (program-id)")
    phase: Phase = strawberry.field(description="The phase to move to (ny fase)")
    decision: DecisionInput | None = strawberry.field(
        default=None, description="The decision behind the move (vedtak); or give a reason"
    )
    reason: str | None = strawberry.field(default=None, description="Reason (begrunnelse)")
    expected_version: int | None = strawberry.field(
        default=None, description="The programme version you read (forventet versjon)"
    )


@strawberry.input(description="Extend the status period (forlenge omstillingsperioden)")
class ExtendProgrammePeriodInput:
    programme_id: UUID = strawberry.field(description="Programme id (program-id)")
    period_end: date = strawberry.field(description="New end of the period (ny periodeslutt)")
    decision: DecisionInput | None = strawberry.field(
        default=None, description="The county's decision (fylkeskommunens vedtak); required"
    )
    reason: str | None = strawberry.field(default=None, description="Reason (begrunnelse)")
    expected_version: int | None = strawberry.field(
        default=None, description="The programme version you read (forventet versjon)"
    )


@strawberry.input(
    description="Add a municipality to the programme's region (ny kommune i regionen)"
)
class AddProgrammeMunicipalityInput:
    programme_id: UUID = strawberry.field(description="Programme id (program-id)")
    municipality_number: str = strawberry.field(description="Municipality number (kommunenummer)")
    decision: DecisionInput | None = strawberry.field(
        default=None, description="The decision (vedtak); required"
    )
    reason: str | None = strawberry.field(default=None, description="Reason (begrunnelse)")
    expected_version: int | None = strawberry.field(
        default=None, description="The programme version you read (forventet versjon)"
    )


@strawberry.type(
    description="The programme after the change (omstillingsprogrammet etter endringen)"
)
class ProgrammePayload:
    programme: Programme | None = strawberry.field(
        description="The programme as now recorded (omstillingsprogrammet)"
    )
    version: int = strawberry.field(description="The programme's new version (versjon)")
    warnings: list[str] = strawberry.field(
        description="Accepted, but unusual (advarsler), e.g. a period longer than six years"
    )


ProgrammeResult = Annotated[
    ProgrammePayload
    | ValidationError
    | NotFoundError
    | ForbiddenError
    | ConflictError
    | InvalidTransitionError,
    strawberry.union(
        "ProgrammeResult",
        description="The changed programme, or why nothing was written (resultat)",
    ),
]
