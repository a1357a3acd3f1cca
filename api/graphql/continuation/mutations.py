"""Videreføring commands: the municipality's programme leader starts and completes the stages,
records their reports, the hovedprosjekt's outcomes and the costs, and reverses a cost line."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.action_plan.types import kroner
from api.graphql.context import Context, Info
from api.graphql.continuation.types import (
    CompleteContinuationStageInput,
    Continuation,
    ContinuationPayload,
    ContinuationResult,
    RecordContinuationCostInput,
    RecordContinuationOutcomeInput,
    RecordForprosjektReportInput,
    RecordForstudieReportInput,
    ReverseContinuationCostInput,
    StartContinuationStageInput,
)
from api.graphql.shared import COMMAND, decision_from
from application.app import CommandResult, OmstillingApp
from domain.continuation import stages as domain
from domain.shared.clock import today_in_norway
from domain.shared.errors import ValidationFailed


def _run(
    context: Context, programme_id: UUID, command: Callable[[OmstillingApp], CommandResult]
) -> ContinuationPayload:
    """Run the command, then read the Videreføring back from its caught-up read model."""
    result = context.runtime.command(command)
    record = context.runtime.continuation.continuation(programme_id, today_in_norway())
    return ContinuationPayload(
        continuation=Continuation.of(record) if record else None, version=result.version
    )


def _person_days(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value.strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationFailed("personDays", "must be a number of person-days, like 2.5") from None


@strawberry.type
class ContinuationMutation:
    @strawberry.mutation(
        description="Start a stage of Videreføring (starte fase): the forstudie first, each "
        "later one after the one before it is completed; the municipality's programme leader"
    )
    def start_continuation_stage(
        self, info: Info, input: Annotated[StartContinuationStageInput, COMMAND]
    ) -> ContinuationResult:
        context, decision = info.context, decision_from(input.decision)
        owners = tuple(o.to_domain() for o in input.owners)
        return _run(
            context,
            input.programme_id,
            lambda app: app.start_continuation_stage(
                context.principal,
                input.programme_id,
                domain.Stage[input.stage.name],
                input.started_on,
                input.planned_end,
                owners,
                expected_version=input.expected_version,
                decision=decision,
                reason=input.reason,
            ),
        )

    @strawberry.mutation(
        description="Record the forstudie's report (forstudierapport) with its alternatives"
    )
    def record_forstudie_report(
        self, info: Info, input: Annotated[RecordForstudieReportInput, COMMAND]
    ) -> ContinuationResult:
        context = info.context
        report = domain.ForstudieReport(
            title=input.title,
            delivered_on=input.delivered_on,
            alternatives=tuple(
                domain.Alternative(a.name, a.financing, a.organisation, a.geographic_scope)
                for a in input.alternatives
            ),
        )
        return _run(
            context,
            input.programme_id,
            lambda app: app.record_continuation_deliverable(
                context.principal,
                input.programme_id,
                report,
                expected_version=input.expected_version,
                reason=input.reason,
            ),
        )

    @strawberry.mutation(
        description="Record the forprosjekt's report (forprosjektrapport): organisation, "
        "ownership, staffing, financing and realisation"
    )
    def record_forprosjekt_report(
        self, info: Info, input: Annotated[RecordForprosjektReportInput, COMMAND]
    ) -> ContinuationResult:
        context = info.context
        report = domain.ForprosjektReport(
            title=input.title,
            delivered_on=input.delivered_on,
            organisation=input.organisation,
            ownership=input.ownership,
            staffing=input.staffing,
            financing=input.financing,
            realisation=input.realisation,
        )
        return _run(
            context,
            input.programme_id,
            lambda app: app.record_continuation_deliverable(
                context.principal,
                input.programme_id,
                report,
                expected_version=input.expected_version,
                reason=input.reason,
            ),
        )

    @strawberry.mutation(
        description="Record an outcome of the hovedprosjekt (registrere resultat): company "
        "founded, board elected, hiring of the managing director started"
    )
    def record_continuation_outcome(
        self, info: Info, input: Annotated[RecordContinuationOutcomeInput, COMMAND]
    ) -> ContinuationResult:
        context, decision = info.context, decision_from(input.decision)
        outcome = domain.Outcome(
            domain.OutcomeKind[input.kind.name],
            input.occurred_on,
            input.company_name,
            input.organisation_number,
        )
        return _run(
            context,
            input.programme_id,
            lambda app: app.record_continuation_outcome(
                context.principal,
                input.programme_id,
                outcome,
                expected_version=input.expected_version,
                decision=decision,
                reason=input.reason,
            ),
        )

    @strawberry.mutation(
        description="Complete a stage (fullføre fase) once its report or outcomes are recorded"
    )
    def complete_continuation_stage(
        self, info: Info, input: Annotated[CompleteContinuationStageInput, COMMAND]
    ) -> ContinuationResult:
        context, decision = info.context, decision_from(input.decision)
        return _run(
            context,
            input.programme_id,
            lambda app: app.complete_continuation_stage(
                context.principal,
                input.programme_id,
                domain.Stage[input.stage.name],
                input.completed_on,
                expected_version=input.expected_version,
                decision=decision,
                reason=input.reason,
            ),
        )

    @strawberry.mutation(
        description="Record a cost of a stage (registrere kostnad) with its financing split; "
        "the forstudie's cost frame and Innovasjon Norge's share are checked"
    )
    def record_continuation_cost(
        self, info: Info, input: Annotated[RecordContinuationCostInput, COMMAND]
    ) -> ContinuationResult:
        context = info.context
        entry = domain.CostEntry(
            stage=domain.Stage[input.stage.name],
            category=domain.CostCategory[input.category.name],
            amount=kroner(input.amount, "amount"),
            incurred_on=input.incurred_on,
            financing=tuple(
                domain.CostShare(
                    domain.CostSource[f.source.name], kroner(f.amount, f"financing[{i}].amount")
                )
                for i, f in enumerate(input.financing)
            ),
            description=input.description,
            person_days=_person_days(input.person_days),
        )
        return _run(
            context,
            input.programme_id,
            lambda app: app.record_continuation_cost(
                context.principal,
                input.programme_id,
                entry,
                expected_version=input.expected_version,
                reason=input.reason,
            ),
        )

    @strawberry.mutation(
        description="Reverse a cost line recorded in error (kreditere kostnad), with a reason"
    )
    def reverse_continuation_cost(
        self, info: Info, input: Annotated[ReverseContinuationCostInput, COMMAND]
    ) -> ContinuationResult:
        context = info.context
        return _run(
            context,
            input.programme_id,
            lambda app: app.reverse_continuation_cost(
                context.principal,
                input.programme_id,
                input.number,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )
