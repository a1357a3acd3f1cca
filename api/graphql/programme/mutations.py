"""Programme commands: registered by the county, moved through its phases, extended."""

from __future__ import annotations

from typing import Annotated

import strawberry

from api.graphql.context import Context, Info
from api.graphql.programme.types import (
    AddProgrammeMunicipalityInput,
    AdvanceProgrammePhaseInput,
    ExtendProgrammePeriodInput,
    Programme,
    ProgrammePayload,
    ProgrammeResult,
    RegisterProgrammeInput,
)
from api.graphql.shared import COMMAND, decision_from
from application.app import CommandResult
from domain.programme.model import Phase as DomainPhase
from domain.programme.model import StatusKind as DomainKind


def _payload(context: Context, result: CommandResult) -> ProgrammePayload:
    """Read back from the read model, which `runtime.command` has brought up to date."""
    row = context.runtime.programmes.programme(result.aggregate_id)
    return ProgrammePayload(
        programme=Programme.of(row) if row else None,
        version=result.version,
        warnings=list(result.warnings),
    )


@strawberry.type
class ProgrammeMutation:
    @strawberry.mutation(
        description="Register a programme (registrere omstillingsprogram) on the county's "
        "decision granting restructuring status; county officers only"
    )
    def register_programme(
        self, info: Info, input: Annotated[RegisterProgrammeInput, COMMAND]
    ) -> ProgrammeResult:
        context, decision = info.context, decision_from(input.decision)
        result = context.runtime.command(
            lambda app: app.register_programme(
                context.principal,
                name=input.name,
                kind=DomainKind[input.kind.name],
                lead_municipality_number=input.lead_municipality_number,
                other_municipality_numbers=tuple(input.other_municipality_numbers),
                period_start=input.period_start,
                period_end=input.period_end,
                decision=decision,
                reason=input.reason,
                granting_county_number=input.granting_county_number,
            )
        )
        return _payload(context, result)

    @strawberry.mutation(description="Move the programme to its next phase (ny fase)")
    def advance_programme_phase(
        self, info: Info, input: Annotated[AdvanceProgrammePhaseInput, COMMAND]
    ) -> ProgrammeResult:
        context, decision = info.context, decision_from(input.decision)
        result = context.runtime.command(
            lambda app: app.advance_programme_phase(
                context.principal,
                input.programme_id,
                DomainPhase[input.phase.name],
                expected_version=input.expected_version,
                decision=decision,
                reason=input.reason,
            )
        )
        return _payload(context, result)

    @strawberry.mutation(description="Extend the status period (forlenge perioden)")
    def extend_programme_period(
        self, info: Info, input: Annotated[ExtendProgrammePeriodInput, COMMAND]
    ) -> ProgrammeResult:
        context, decision = info.context, decision_from(input.decision)
        result = context.runtime.command(
            lambda app: app.extend_programme_period(
                context.principal,
                input.programme_id,
                input.period_end,
                expected_version=input.expected_version,
                decision=decision,
                reason=input.reason,
            )
        )
        return _payload(context, result)

    @strawberry.mutation(
        description="Add a municipality to the programme's region (ny kommune i regionen)"
    )
    def add_programme_municipality(
        self, info: Info, input: Annotated[AddProgrammeMunicipalityInput, COMMAND]
    ) -> ProgrammeResult:
        context, decision = info.context, decision_from(input.decision)
        result = context.runtime.command(
            lambda app: app.add_programme_municipality(
                context.principal,
                input.programme_id,
                input.municipality_number,
                expected_version=input.expected_version,
                decision=decision,
                reason=input.reason,
            )
        )
        return _payload(context, result)
