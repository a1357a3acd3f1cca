"""Handlingsplan commands: drafted by the programme leader, decided by the board, approved by the
council (recorded by its clerk), put into effect, revised during the year, and funds applied for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

import strawberry

from api.graphql.action_plan.types import (
    AbandonActionPlanRevisionInput,
    ActionPlan,
    ActionPlanPayload,
    ActionPlanResult,
    ApplyForFundsInput,
    ApproveActionPlanInput,
    DecideActionPlanInput,
    DecideActionPlanRevisionInput,
    DraftActionPlanInput,
    LinkActionPlanToPlanInForceInput,
    PutActionPlanIntoEffectInput,
    PutActionPlanMeasureInput,
    PutActionPlanStrategyInput,
    RemoveActionPlanMeasureInput,
    ReturnActionPlanToDraftInput,
    ReviseActionPlanSectionInput,
    SetActionPlanCommunicationPlanInput,
    StartActionPlanRevisionInput,
)
from api.graphql.context import Context, Info
from api.graphql.shared import COMMAND, decision_from
from application.app import CommandResult, OmstillingApp
from domain.action_plan.content import Section
from domain.shared.text import LONG_TEXT, optional_text


def _run(context: Context, command: Callable[[OmstillingApp], CommandResult]) -> ActionPlanPayload:
    """Run the command, then read the Handlingsplan back from the read model it has caught up."""
    result = context.runtime.command(command)
    view = context.runtime.action_plans
    row = view.action_plan(result.aggregate_id)
    return ActionPlanPayload(
        action_plan=ActionPlan.of_row(row, view) if row else None,
        version=result.version,
        warnings=list(result.warnings),
    )


def _id(programme_id: UUID, year: int) -> UUID:
    return OmstillingApp.action_plan_id_for(programme_id, year)


@strawberry.type
class ActionPlanMutation:
    @strawberry.mutation(
        description="Draft the year's Handlingsplan (utkast til handlingsplan), linked to the "
        "Omstillingsplan version in force"
    )
    def draft_action_plan(
        self, info: Info, input: Annotated[DraftActionPlanInput, COMMAND]
    ) -> ActionPlanResult:
        context = info.context
        return _run(
            context,
            lambda app: app.draft_action_plan(
                context.principal, input.programme_id, input.year, reason=input.reason
            ),
        )

    @strawberry.mutation(
        description="Link the Omstillingsplan version now in force (koble til gjeldende plan)"
    )
    def link_action_plan_to_plan_in_force(
        self, info: Info, input: Annotated[LinkActionPlanToPlanInForceInput, COMMAND]
    ) -> ActionPlanResult:
        context = info.context
        return _run(
            context,
            lambda app: app.link_action_plan_to_plan_in_force(
                context.principal,
                _id(input.programme_id, input.year),
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Revise a text part of the draft (revidere kapittel)")
    def revise_action_plan_section(
        self, info: Info, input: Annotated[ReviseActionPlanSectionInput, COMMAND]
    ) -> ActionPlanResult:
        context = info.context
        text = optional_text("text", input.text, LONG_TEXT) or ""
        return _run(
            context,
            lambda app: app.revise_action_plan_section(
                context.principal,
                _id(input.programme_id, input.year),
                Section[input.section.name],
                text,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Add or replace the strategy (strategi) on a focus area")
    def put_action_plan_strategy(
        self, info: Info, input: Annotated[PutActionPlanStrategyInput, COMMAND]
    ) -> ActionPlanResult:
        context, strategy = info.context, input.strategy.to_domain("strategy")
        return _run(
            context,
            lambda app: app.put_action_plan_strategy(
                context.principal,
                _id(input.programme_id, input.year),
                strategy,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Add or replace a project (tiltak) with the year's budget and financing"
    )
    def put_action_plan_measure(
        self, info: Info, input: Annotated[PutActionPlanMeasureInput, COMMAND]
    ) -> ActionPlanResult:
        context, measure = info.context, input.measure.to_domain("measure")
        return _run(
            context,
            lambda app: app.put_action_plan_measure(
                context.principal,
                _id(input.programme_id, input.year),
                measure,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Remove a project (fjerne tiltak) from the year's plan")
    def remove_action_plan_measure(
        self, info: Info, input: Annotated[RemoveActionPlanMeasureInput, COMMAND]
    ) -> ActionPlanResult:
        context = info.context
        return _run(
            context,
            lambda app: app.remove_action_plan_measure(
                context.principal,
                _id(input.programme_id, input.year),
                input.project_code,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Set the communication plan (kommunikasjonsplan)")
    def set_action_plan_communication_plan(
        self, info: Info, input: Annotated[SetActionPlanCommunicationPlanInput, COMMAND]
    ) -> ActionPlanResult:
        context = info.context
        activities = [a.to_domain(f"activities[{i}]") for i, a in enumerate(input.activities)]
        return _run(
            context,
            lambda app: app.set_action_plan_communication_plan(
                context.principal,
                _id(input.programme_id, input.year),
                activities,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Record the board's decision (styrebeslutning i omstillingsstyret)"
    )
    def decide_action_plan(
        self, info: Info, input: Annotated[DecideActionPlanInput, COMMAND]
    ) -> ActionPlanResult:
        context, decision = info.context, decision_from(input.decision)
        return _run(
            context,
            lambda app: app.decide_action_plan(
                context.principal,
                _id(input.programme_id, input.year),
                decision=decision,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Record that the council sent the plan back to draft (tilbake til utkast)"
    )
    def return_action_plan_to_draft(
        self, info: Info, input: Annotated[ReturnActionPlanToDraftInput, COMMAND]
    ) -> ActionPlanResult:
        context, decision = info.context, decision_from(input.decision)
        return _run(
            context,
            lambda app: app.return_action_plan_to_draft(
                context.principal,
                _id(input.programme_id, input.year),
                reason=input.reason,
                decision=decision,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Record the council's approval (godkjenning i kommunestyret)")
    def approve_action_plan(
        self, info: Info, input: Annotated[ApproveActionPlanInput, COMMAND]
    ) -> ActionPlanResult:
        context, decision = info.context, decision_from(input.decision)
        return _run(
            context,
            lambda app: app.approve_action_plan(
                context.principal,
                _id(input.programme_id, input.year),
                decision=decision,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Put the approved plan into effect (iverksette)")
    def put_action_plan_into_effect(
        self, info: Info, input: Annotated[PutActionPlanIntoEffectInput, COMMAND]
    ) -> ActionPlanResult:
        context = info.context
        return _run(
            context,
            lambda app: app.put_action_plan_into_effect(
                context.principal,
                _id(input.programme_id, input.year),
                input.effective_from,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Start a revision (revisjon) of the plan in effect")
    def start_action_plan_revision(
        self, info: Info, input: Annotated[StartActionPlanRevisionInput, COMMAND]
    ) -> ActionPlanResult:
        context = info.context
        return _run(
            context,
            lambda app: app.start_action_plan_revision(
                context.principal,
                _id(input.programme_id, input.year),
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Record the board's decision on a revision (styrevedtak)")
    def decide_action_plan_revision(
        self, info: Info, input: Annotated[DecideActionPlanRevisionInput, COMMAND]
    ) -> ActionPlanResult:
        context, decision = info.context, decision_from(input.decision)
        return _run(
            context,
            lambda app: app.decide_action_plan_revision(
                context.principal,
                _id(input.programme_id, input.year),
                decision=decision,
                reason=input.reason,
                effective_from=input.effective_from,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(description="Abandon the revision in progress (forkaste revisjon)")
    def abandon_action_plan_revision(
        self, info: Info, input: Annotated[AbandonActionPlanRevisionInput, COMMAND]
    ) -> ActionPlanResult:
        context = info.context
        return _run(
            context,
            lambda app: app.abandon_action_plan_revision(
                context.principal,
                _id(input.programme_id, input.year),
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )

    @strawberry.mutation(
        description="Apply to the county for the year's funds (søke om omstillingsmidler)"
    )
    def apply_for_funds(
        self, info: Info, input: Annotated[ApplyForFundsInput, COMMAND]
    ) -> ActionPlanResult:
        context, decision = info.context, decision_from(input.decision)
        lines = (
            None
            if input.lines is None
            else [line.to_domain(f"lines[{i}]") for i, line in enumerate(input.lines)]
        )
        return _run(
            context,
            lambda app: app.apply_for_funds(
                context.principal,
                _id(input.programme_id, input.year),
                input.applied_on,
                lines,
                decision=decision,
                reason=input.reason,
                expected_version=input.expected_version,
            ),
        )
